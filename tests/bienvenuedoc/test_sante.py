"""/sante/ for the orchestrator: 200 « ok » when the database, the broker, the cache and the worker's heartbeat
are fine, 200 « degrade » when the heartbeat is missing or old, 503 when the database or the broker is down;
one word to the public, never a detail (host, port, exception text); details to a staff member with the
permission. The heartbeat is a beat task run by a real worker."""

import os
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.utils import timezone

from bienvenuedoc.celery import app as celery_app
from bienvenuedoc.models import Battement
from bienvenuedoc.sante import NOM_BATTEMENT_WORKER, battement_enregistrer
from bienvenuedoc.tasks import battement_worker_task
from tests.accompagnement.factories import AgentFactory

URL = "/sante/"
PORT_FERME = 6391
BROKER_INJOIGNABLE = f"redis://127.0.0.1:{PORT_FERME}/0"
INDISCRETIONS = ["127.0.0.1", str(PORT_FERME), "redis://", "postgres", "Error", "Traceback", "5432"]


def _oublier_connexions_celery():
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None


@pytest.fixture
def avec_broker(settings):
    """Turns eager mode off and points the Celery app at the given broker URL (restored afterwards)."""
    ancien = {"broker_url": celery_app.conf.broker_url, "task_always_eager": celery_app.conf.task_always_eager}
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def pointer(url):
        celery_app.conf.update(broker_url=url, task_always_eager=False)
        _oublier_connexions_celery()

    yield pointer
    celery_app.conf.update(**ancien)
    _oublier_connexions_celery()


def _redis_reel() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("REDIS_URL n'est pas défini : `make test` le fixe (Redis réel requis pour ce test)")
    return url


def _sans_indiscretion(reponse):
    contenu = reponse.content.decode()
    assert reponse["Content-Type"].startswith("text/plain")
    assert len(contenu) <= 15, contenu
    for mot in INDISCRETIONS:
        assert mot not in contenu
    assert "no-cache" in reponse["Cache-Control"] or "max-age=0" in reponse["Cache-Control"]


@pytest.mark.django_db
def test_tout_va_bien_200_ok(client, avec_broker):
    avec_broker(_redis_reel())
    battement_enregistrer()
    reponse = client.get(URL)
    assert (reponse.status_code, reponse.content.decode()) == (200, "ok")
    _sans_indiscretion(reponse)


@pytest.mark.django_db
def test_sans_broker_configuration_embarquee_le_worker_n_est_pas_attendu(client):
    assert celery_app.conf.task_always_eager
    reponse = client.get(URL)
    assert (reponse.status_code, reponse.content.decode()) == (200, "ok")


@pytest.mark.django_db
@pytest.mark.parametrize("age", [None, timedelta(minutes=6)], ids=["absent", "ancien"])
def test_battement_absent_ou_ancien_degrade(client, avec_broker, age):
    avec_broker(_redis_reel())
    if age:
        Battement.objects.create(nom=NOM_BATTEMENT_WORKER, le=timezone.now() - age)
    reponse = client.get(URL)
    assert (reponse.status_code, reponse.content.decode()) == (200, "degrade")
    _sans_indiscretion(reponse)


@pytest.mark.django_db
def test_broker_injoignable_503_sans_detail(client, avec_broker):
    battement_enregistrer()
    avec_broker(BROKER_INJOIGNABLE)
    reponse = client.get(URL)
    assert (reponse.status_code, reponse.content.decode()) == (503, "indisponible")
    _sans_indiscretion(reponse)


@pytest.mark.django_db(transaction=True)
def test_base_injoignable_503_sans_detail():
    reglages = connection.settings_dict
    port = reglages["PORT"]
    connection.close()
    reglages["PORT"] = str(PORT_FERME)  # nothing listens there: every connection attempt is refused
    try:
        reponse = Client().get(URL)
    finally:
        connection.close()
        reglages["PORT"] = port
    assert (reponse.status_code, reponse.content.decode()) == (503, "indisponible")
    _sans_indiscretion(reponse)
    assert Client().get(URL).status_code == 200  # and back when the database is


@pytest.mark.django_db
def test_le_detail_seulement_pour_le_personnel_autorise(avec_broker):
    avec_broker(BROKER_INJOIGNABLE)
    battement_enregistrer()
    sans_droit = AgentFactory()
    client = Client()
    client.force_login(sans_droit)
    reponse = client.get(URL)
    assert (reponse.status_code, reponse.content.decode()) == (503, "indisponible")

    sans_droit.user_permissions.add(Permission.objects.get(codename="voir_sante"))
    autorise = type(sans_droit).objects.get(pk=sans_droit.pk)  # permissions are cached on the instance
    client.force_login(autorise)
    reponse = client.get(URL)
    assert reponse.status_code == 503 and reponse["Content-Type"] == "application/json"
    detail = reponse.json()
    assert detail["statut"] == "indisponible"
    controles = {c["nom"]: c for c in detail["controles"]}
    assert set(controles) == {"base", "broker", "cache", "worker"}
    assert controles["broker"]["ok"] is False and controles["broker"]["critique"] is True
    assert controles["base"]["ok"] and controles["cache"]["ok"] and controles["worker"]["ok"]
    assert str(PORT_FERME) not in reponse.content.decode()  # the exception's class, not its text


@pytest.mark.django_db
def test_battement_dans_le_calendrier_beat(settings):
    taches = {e["task"]: e for e in settings.CELERY_BEAT_SCHEDULE.values()}
    entree = taches["bienvenuedoc.tasks.battement_worker_task"]
    assert entree["schedule"] <= 60 and timedelta(seconds=entree["options"]["expires"]) < timedelta(minutes=5)


@pytest.mark.celery_reel
@pytest.mark.django_db(transaction=True)
def test_un_vrai_worker_enregistre_son_battement(celery_worker_reel):
    assert not Battement.objects.exists()
    _oublier_connexions_celery()
    battement_worker_task.apply_async(ignore_result=False).get(timeout=30)
    battement = Battement.objects.get(nom=NOM_BATTEMENT_WORKER)
    assert timezone.now() - battement.le < timedelta(seconds=30)
    reponse = Client().get(URL)
    assert (reponse.status_code, reponse.content.decode()) == (200, "ok")
    connection.close()


@pytest.mark.django_db
def test_le_responsable_voit_le_detail(client, avec_broker):
    from tests.accompagnement.factories_backoffice import RESPONSABLE, client_de, membre

    battement_enregistrer()
    reponse = client_de(client, membre(RESPONSABLE)).get(URL)
    assert reponse["Content-Type"] == "application/json"
    assert {c["nom"] for c in reponse.json()["controles"]} == {"base", "broker", "cache", "worker"}
