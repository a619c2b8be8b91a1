"""`manage.py importer_observatoire --departement 47 [--jeu apl medecins_commune …]`: the health open data."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from observatoire.enums import JeuDonnees
from observatoire.importers import ErreurImport
from observatoire.importers.sante import EXTRAIT_SANTE, FICHIERS, importer_sante


class Command(BaseCommand):
    help = (
        "Importe les données ouvertes de santé de l’observatoire (APL DREES, médecins BPE et Assurance Maladie, "
        "MSP et centres de santé, FRR, QPV) depuis les fichiers officiels ou, à défaut, l’extrait livré."
    )

    def add_arguments(self, parser):
        parser.add_argument("--departement", nargs="+", required=True, metavar="CODE", help="code(s) : 47 63…")
        parser.add_argument(
            "--jeu", nargs="+", choices=list(FICHIERS), default=list(FICHIERS), help="jeu(x) : tous par défaut"
        )
        parser.add_argument("--source", type=Path, help="dossier des données ouvertes (défaut : DONNEES_OUVERTES_DIR)")
        parser.add_argument("--extrait", action="store_true", help="utiliser l’extrait livré (ou --fichier-extrait)")
        parser.add_argument("--fichier-extrait", type=Path, help="autre extrait au format du projet (.json.gz)")

    def handle(self, *args, departement, jeu, source, extrait, fichier_extrait, **options):
        dossier = source or Path(settings.DONNEES_OUVERTES_DIR)
        officiel = source is not None or all((dossier / FICHIERS[j]).is_file() for j in jeu)
        if extrait or fichier_extrait is not None or not officiel:
            fichier = fichier_extrait or EXTRAIT_SANTE
            dossier = None
        try:
            origine, bilans = importer_sante(
                jeux=jeu, departements=departement, source=dossier, extrait=None if dossier else fichier
            )
        except ErreurImport as erreur:
            raise CommandError(f"Import des données de santé annulé, base inchangée. {erreur}") from erreur
        self.stdout.write(self.style.SUCCESS(f"Données de santé importées depuis {origine} :"))
        for bilan in bilans:
            etat = "nouvel instantané" if bilan.nouveau else "même fichier, instantané mis à jour"
            self.stdout.write(
                f"  {JeuDonnees(bilan.jeu).label} : {bilan.nb_lignes} ligne(s) de {bilan.fichier} ({etat})"
            )
