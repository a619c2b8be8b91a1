"""`manage.py importer_rpps FICHIER --date AAAA-MM-JJ [--departement 47 63]`: GPs of an Annuaire Santé extract."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from observatoire.importers import ErreurImport
from observatoire.importers.rpps import importer_rpps


def date_iso(texte: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(texte)
    except ValueError:
        raise CommandError(f"Date invalide « {texte} » : AAAA-MM-JJ attendu.") from None


class Command(BaseCommand):
    help = (
        "Importe les médecins généralistes d’une extraction de l’Annuaire Santé (RPPS, "
        "PS_LibreAccess_Personne_activite_*.txt ou son .zip) : un instantané daté, arrivées et départs "
        "calculés par rapport à l’extrait précédent."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument("--date", type=date_iso, help="date de l’extrait (défaut : lue dans le nom du fichier)")
        parser.add_argument("--departement", nargs="+", metavar="CODE", help="code(s) : 47 63… (défaut : réglage)")

    def handle(self, *args, fichier, date, departement, **options):
        try:
            bilan = importer_rpps(fichier, date=date, departements=departement or [settings.DEPARTEMENT])
        except ErreurImport as erreur:
            raise CommandError(f"Import RPPS annulé, base inchangée. {erreur}") from erreur
        if not bilan.nouveau:
            self.stdout.write(f"{bilan.fichier} : déjà importé (même fichier, même périmètre), rien n’a changé.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{bilan.fichier} (extrait du {bilan.date:%d/%m/%Y}) : {bilan.nb_praticiens} médecin(s) "
                f"généraliste(s), {bilan.nb_lieux} lieu(x) d’exercice."
            )
        )
        if bilan.premier_extrait:
            self.stdout.write("  premier extrait de ce périmètre : pas encore d’arrivées ni de départs.")
        else:
            self.stdout.write(f"  depuis l’extrait précédent : {bilan.arrivees} arrivée(s), {bilan.departs} départ(s).")
        if bilan.nb_sans_commune:
            self.stdout.write(f"  {bilan.nb_sans_commune} ligne(s) sans commune reconnue, ignorée(s).")
