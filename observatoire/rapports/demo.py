"""Demo (`manage.py generer_demo`, called last by observatoire/demo.py): the standard public report of the
département, requested like any other and really rendered from the data present (real open data and the demo
practitioners, labelled as such in the PDF). Its rendering is queued when the demo's transaction commits: in
`make run` (no broker, tasks in-process) the report is ready when the command ends; with a broker it is ready
once a worker has taken it (`make worker`). No file is ever made up: a failed rendering leaves the report
« Échoué » with its reason, and the reports' page invites the visitor to ask for one."""

from django.utils import timezone

from .models import Edition, Perimetre, Rapport
from .services import rapport_demander, rapports_supprimer


def generer(*, departement: str, stdout) -> None:
    rapport, nouveau = rapport_demander(
        departement_code=departement,
        perimetre=Perimetre.DEPARTEMENT,
        date=timezone.localdate(),
        edition=Edition.PUBLIQUE,
        standard=True,
    )
    etat = "demandé : produit à la fin de la génération (ou par le worker)" if nouveau else "déjà prêt ou en cours"
    stdout.write(f"  rapport PDF public du département {etat} — {rapport.get_absolute_url()}")


def effacer(*, stdout) -> None:
    nombre = rapports_supprimer(Rapport.objects.filter(standard=True))
    stdout.write(f"  rapports PDF standard effacés ({nombre})")
