"""`manage.py importer_territoire --departement 47` (any COG code: 63, 2A, 974…) or `--france`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatoire.importers import ErreurImport
from observatoire.importers.territoire import importer_territoire


def nombre(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


class Command(BaseCommand):
    help = (
        "Importe le référentiel territorial (départements, EPCI, communes, populations, contours) depuis les "
        "données ouvertes officielles (COG, contours GeoJSON) ou, à défaut, depuis l’extrait livré avec le projet."
    )

    def add_arguments(self, parser):
        cible = parser.add_mutually_exclusive_group(required=True)
        cible.add_argument("--departement", nargs="+", metavar="CODE", help="code(s) COG : 47, 63, 2A, 974…")
        cible.add_argument("--france", action="store_true", help="toute la France (données ouvertes seulement)")
        parser.add_argument(
            "--source", type=Path, help="dossier des données ouvertes (par défaut : réglage DONNEES_OUVERTES_DIR)"
        )
        parser.add_argument("--extrait", action="store_true", help="utiliser l’extrait livré (ou --fichier-extrait)")
        parser.add_argument("--fichier-extrait", type=Path, help="autre extrait au format du projet (.json.gz)")

    def handle(self, *args, departement, france, source, extrait, fichier_extrait, **options):
        try:
            bilan = importer_territoire(
                departements=None if france else departement,
                source=source,
                extrait=fichier_extrait,
                forcer_extrait=extrait or fichier_extrait is not None,
            )
        except ErreurImport as erreur:
            raise CommandError(f"Import du territoire annulé, base inchangée. {erreur}") from erreur
        portee = "toute la France" if france else "département(s) " + ", ".join(bilan.departements)
        self.stdout.write(
            self.style.SUCCESS(
                f"Territoire importé ({portee}) depuis {bilan.source} en {bilan.duree_s:.1f} s : "
                f"{nombre(bilan.nb_communes)} communes, {nombre(bilan.nb_epci)} EPCI, "
                f"{nombre(bilan.nb_departements)} département(s), population municipale "
                f"{nombre(bilan.population)} habitants (en vigueur en {bilan.millesime}), "
                f"{nombre(bilan.nb_populations_historiques)} populations historiques."
            )
        )
        if bilan.nb_communes_sans_contour or bilan.nb_communes_sans_centre:
            self.stdout.write(
                f"{nombre(bilan.nb_communes_sans_contour)} commune(s) sans contour et "
                f"{nombre(bilan.nb_communes_sans_centre)} sans centre (importées quand même)."
            )
