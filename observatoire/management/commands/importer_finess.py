"""`manage.py importer_finess FICHIER [--departement 47 63]`: MSP and centres de santé of the FINESS stock."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatoire.importers import ErreurImport
from observatoire.importers.finess import importer_finess


class Command(BaseCommand):
    help = (
        "Importe les maisons de santé (catégorie 603) et centres de santé (124) du fichier FINESS "
        "(stock géolocalisé etalab-cs1100507-stock-*.csv), coordonnées Lambert-93 converties en WGS84."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument(
            "--departement", nargs="+", metavar="CODE", help="code(s) : 47 63… (défaut : ceux du territoire importé)"
        )

    def handle(self, *args, fichier, departement, **options):
        try:
            bilan = importer_finess(fichier, departements=departement)
        except ErreurImport as erreur:
            raise CommandError(f"Import FINESS annulé, base inchangée. {erreur}") from erreur
        etat = "nouvel instantané" if bilan.nouveau else "déjà importé, rien n’a changé"
        self.stdout.write(
            self.style.SUCCESS(f"{bilan.fichier} : {bilan.nb_msp} MSP, {bilan.nb_cds} centre(s) de santé ({etat}).")
        )
        if bilan.nb_sans_coordonnees:
            self.stdout.write(f"  {bilan.nb_sans_coordonnees} structure(s) sans coordonnées.")
