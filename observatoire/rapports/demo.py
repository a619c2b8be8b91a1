"""Demo (`manage.py generer_demo`, called by observatoire/demo.py): the standard public report of the
département, really rendered from the data present (real open data and the demo practitioners, labelled as
such in the PDF). Rendered here rather than queued, so that `make run` shows a ready report even without a
worker; if it cannot be rendered (WeasyPrint's libraries missing), no row and no file are left: the reports'
page then says how to ask for one."""

import time

from django.utils import timezone

from .models import Edition, Perimetre, Rapport
from .services import rapport_demander, rapport_generer, rapports_supprimer


def generer(*, departement: str, stdout) -> None:
    debut = time.perf_counter()
    rapport, _ = rapport_demander(
        departement_code=departement,
        perimetre=Perimetre.DEPARTEMENT,
        date=timezone.localdate(),
        edition=Edition.PUBLIQUE,
        standard=True,
    )
    try:
        rapport_generer(rapport.pk)
    except Exception as exc:
        rapports_supprimer(Rapport.objects.filter(pk=rapport.pk))
        stdout.write(f"  rapport PDF non produit ({type(exc).__name__}) : à demander sur /observatoire/rapports/")
        return
    rapport.refresh_from_db()
    stdout.write(
        f"  rapport PDF public du département prêt : {rapport.pages} pages en {time.perf_counter() - debut:.1f} s"
    )


def effacer(*, stdout) -> None:
    nombre = rapports_supprimer(Rapport.objects.filter(standard=True))
    stdout.write(f"  rapports PDF standard effacés ({nombre})")
