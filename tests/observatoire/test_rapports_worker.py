"""A real Celery worker on Redis renders a report (celery_worker_reel): the request returns at once, the row
goes « en cours » then « prêt » with its PDF, read back by pdftotext. Redis stopped: the request is saved
« en attente » and rendered once Redis is back (periodic task, real worker)."""

import datetime
import io
import time

import pytest
from django.core.management import call_command

from observatoire.models import EPCI
from observatoire.rapports.models import Perimetre, Rapport, StatutRapport
from observatoire.rapports.services import rapport_demander
from tests.securite.test_panne_redis import redis_jetable  # noqa: F401 (fixture)


@pytest.mark.django_db(transaction=True)
def test_un_vrai_worker_produit_le_rapport(celery_worker_reel, settings, tmp_path, pdftotext):
    settings.MEDIA_ROOT = tmp_path / "media"
    sortie = io.StringIO()
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=sortie)
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=sortie)
    epci = EPCI.objects.get(siren="200096956")

    debut = time.monotonic()
    rapport, nouveau = rapport_demander(
        departement_code="47", perimetre=Perimetre.EPCI, epci=epci, date=datetime.date(2026, 6, 1)
    )
    assert nouveau and time.monotonic() - debut < 2  # the request does not wait for the rendering

    limite = time.monotonic() + 90
    while time.monotonic() < limite:
        rapport.refresh_from_db()
        if rapport.statut in (StatutRapport.PRET, StatutRapport.ECHOUE):
            break
        time.sleep(0.3)
    assert rapport.statut == StatutRapport.PRET, rapport.raison_echec
    assert rapport.tache_id and rapport.mis_en_file_le and rapport.tentatives == 1
    with rapport.fichier.open("rb") as f:
        texte = pdftotext(f.read())
    assert "CA Agglomération d'Agen" in texte and "Agen (47001)" in texte
    assert Rapport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_redis_arrete_la_demande_attend_puis_est_produite(redis_jetable, settings, tmp_path):  # noqa: F811
    """Redis stopped: the public form still answers and saves the request « en attente » (nothing lost);
    Redis back, the periodic task queues it and a real worker renders it."""
    from celery.contrib.testing.worker import start_worker
    from django.test import Client
    from django.urls import reverse

    from bienvenuedoc.celery import app
    from observatoire.rapports.tasks import relancer_rapports_task
    from tests.securite.test_panne_redis import _oublier_connexions_celery

    settings.MEDIA_ROOT = tmp_path / "media"
    sortie = io.StringIO()
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=sortie)
    client = Client()
    assert client.get(reverse("rapports:liste")).status_code == 200
    redis_jetable.arreter()

    debut = time.monotonic()
    reponse = client.post(
        reverse("rapports:liste"),
        {"perimetre": "epci", "epci": EPCI.objects.get(siren="200096956").pk, "date": "2026-06-01"},
    )
    assert time.monotonic() - debut < 20 and reponse.status_code == 302
    rapport = Rapport.objects.get()
    assert rapport.statut == StatutRapport.EN_ATTENTE and rapport.mis_en_file_le is None
    assert client.get(reponse["Location"]).status_code == 200

    redis_jetable.demarrer()
    _oublier_connexions_celery()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"):
        relancer_rapports_task.delay()
        limite = time.monotonic() + 60
        while time.monotonic() < limite:
            rapport.refresh_from_db()
            if rapport.statut in (StatutRapport.PRET, StatutRapport.ECHOUE):
                break
            time.sleep(0.3)
    assert rapport.statut == StatutRapport.PRET, rapport.raison_echec
