"""`manage.py importer_zonage_ars FICHIER [--departement 47 63]`: the official national zoning of GPs (AtlaSanté)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatoire.importers import ErreurImport
from partenaires.importers.zonage_ars import importer_zonage_ars


class Command(BaseCommand):
    help = (
        "Importe le zonage officiel des médecins généralistes (ZIP, ZAC, ZV, hors zonage) depuis le fichier national "
        "des ARS publié sur AtlaSanté (data.gouv.fr, « Zonages des professionnels de santé libéraux »)."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument(
            "--departement", nargs="+", metavar="CODE", help="département(s) : ceux du référentiel par défaut"
        )

    def handle(self, *args, fichier: Path, departement, **options):
        try:
            instantane = importer_zonage_ars(fichier, departements=departement)
        except ErreurImport as erreur:
            raise CommandError(f"Import du zonage annulé, base inchangée. {erreur}") from erreur
        self.stdout.write(
            self.style.SUCCESS(
                f"Zonage officiel importé : {instantane.nb_lignes} commune(s) ({instantane.perimetre}), "
                f"{instantane.millesime or 'date d’arrêté non publiée'}."
            )
        )
