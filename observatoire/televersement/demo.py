"""Demo of the uploads (called by observatoire/demo.py): one finished import, so that the list of imports in the
back office is not empty. Nothing invented: the file is the département's QPV 2024 already imported from the
real open data, written back in the ANCT table layout (code_qp, lib_qp, insee_com), then uploaded and run
through the same service as a real upload (synchronously: no worker needed); its name says it is the demo's."""

import csv
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from observatoire.enums import JeuDonnees
from observatoire.models import QuartierPrioritaire

from .models import TacheImport
from .services import tache_executer

NOM_FICHIER = "qpv-2024-{departement}-demonstration.csv"


def generer_import_demo(*, departement: str, stdout) -> None:
    nom = NOM_FICHIER.format(departement=departement)
    quartiers = list(
        QuartierPrioritaire.objects.filter(commune__departement__code=departement)
        .order_by("code")
        .values_list("code", "nom", "commune__code_insee")
    )
    if not quartiers or TacheImport.objects.filter(nom_fichier=nom).exists():
        return
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, lineterminator="\n")
    ecrivain.writerow(["code_qp", "lib_qp", "insee_com"])
    ecrivain.writerows(quartiers)
    tache = TacheImport(
        jeu=JeuDonnees.QPV,
        nom_fichier=nom,
        options={"departements": [departement], "date": None},
        demande_par=get_user_model().objects.filter(is_superuser=True).order_by("pk").first(),
    )
    tache.fichier.save(nom, ContentFile(tampon.getvalue().encode()), save=True)
    statut = tache_executer(tache.pk)
    stdout.write(f"  import téléversé de démonstration : {nom} ({len(quartiers)} QPV réels), {statut}")


def effacer_import_demo(*, stdout) -> None:
    for tache in TacheImport.objects.filter(nom_fichier__endswith="-demonstration.csv"):
        tache.fichier.delete(save=False)
        tache.delete()
