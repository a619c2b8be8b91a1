"""`manage.py exporter_extrait_sante --departements 47 63`: rebuilds the shipped extract of the health open data."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from observatoire.importers import ErreurImport
from observatoire.importers.sante import EXTRAIT_SANTE, exporter_extrait


class Command(BaseCommand):
    help = "Écrit l’extrait compact des données de santé (départements choisis) à partir des fichiers officiels."

    def add_arguments(self, parser):
        parser.add_argument("--departements", nargs="+", required=True, metavar="CODE")
        parser.add_argument("--source", type=Path, help="dossier des données ouvertes (défaut : DONNEES_OUVERTES_DIR)")
        parser.add_argument("--sortie", type=Path, default=EXTRAIT_SANTE)

    def handle(self, *args, departements, source, sortie, **options):
        try:
            exporter_extrait(source or Path(settings.DONNEES_OUVERTES_DIR), departements, sortie)
        except ErreurImport as erreur:
            raise CommandError(f"Extrait non écrit. {erreur}") from erreur
        self.stdout.write(self.style.SUCCESS(f"Extrait écrit : {sortie} ({sortie.stat().st_size // 1024} Kio)."))
