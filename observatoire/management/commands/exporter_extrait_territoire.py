"""`manage.py exporter_extrait_territoire --departements 47 63 --sortie observatoire/data/territoire-extrait.json.gz`:
the compact extract shipped with the project, built from the official open-data files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from observatoire.importers import ErreurImport
from observatoire.importers.extrait import EXTRAIT_LIVRE, ecrire_extrait
from observatoire.importers.officiel import lire_donnees_officielles, normaliser_code_departement

TAILLE_MAX = 2 * 1024 * 1024


class Command(BaseCommand):
    help = "Écrit l’extrait compact du référentiel territorial (gzip JSON, format du projet) pour des départements."

    def add_arguments(self, parser):
        parser.add_argument("--departements", nargs="+", required=True, metavar="CODE")
        parser.add_argument("--sortie", type=Path, default=EXTRAIT_LIVRE)
        parser.add_argument("--source", type=Path, help="dossier des données ouvertes (défaut : DONNEES_OUVERTES_DIR)")
        parser.add_argument("--decimales", type=int, default=5, help="arrondi des coordonnées des contours")
        parser.add_argument(
            "--tolerance", type=float, default=0.0, help="simplification des contours (degrés, Douglas-Peucker)"
        )

    def handle(self, *args, departements, sortie, source, decimales, tolerance, **options):
        dossier = source or Path(settings.DONNEES_OUVERTES_DIR)
        try:
            territoire = lire_donnees_officielles(dossier, [normaliser_code_departement(c) for c in departements])
        except ErreurImport as erreur:
            raise CommandError(f"Extrait non écrit. {erreur}") from erreur
        taille = ecrire_extrait(territoire, sortie, decimales=decimales, tolerance=tolerance)
        if taille > TAILLE_MAX:
            raise CommandError(
                f"Extrait trop gros : {taille / 1e6:.2f} Mo (maximum 2 Mo) ; augmentez --tolerance ou "
                f"réduisez --decimales."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Extrait écrit : {sortie} ({taille / 1e6:.2f} Mo) — {len(territoire.communes)} communes, "
                f"{len(territoire.epcis)} EPCI, {len(territoire.departements)} département(s)."
            )
        )
