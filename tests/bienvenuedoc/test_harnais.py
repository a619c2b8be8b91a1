"""The test harness speaks to the real thing: PostgreSQL, Redis + a Celery worker, WeasyPrint + pdftotext."""

import pytest
from django.db import connection
from weasyprint import HTML

from bienvenuedoc.tasks import sonde_task


@pytest.mark.django_db
def test_la_base_de_test_est_postgresql():
    assert connection.vendor == "postgresql", "make test doit tourner sur PostgreSQL (DATABASE_URL)"


@pytest.mark.celery_reel
@pytest.mark.django_db(transaction=True)
def test_un_worker_celery_execute_une_tache_via_redis(celery_worker_reel):
    resultat = sonde_task.delay()
    assert resultat.get(timeout=30)["base"] is True
    assert resultat.status == "SUCCESS"


def test_pdftotext_relit_un_pdf_weasyprint(pdftotext):
    pdf = HTML(
        string='<html lang="fr"><meta charset="utf-8"><body style="font-family: DejaVu Sans">'
        "<h1>Médecins généralistes — « densité »</h1><p>9,3 pour 10 000 habitants, 150 €, cœur</p></body></html>"
    ).write_pdf()
    texte = " ".join(pdftotext(pdf).split())
    assert "Médecins généralistes — « densité »" in texte
    assert "9,3 pour 10 000 habitants, 150 €, cœur" in texte
