"""E-mails of the accompaniment: acknowledgement with the private link and hotline alert; the request is
saved and confirmed even when the broker is unreachable, and the periodic task sends what was left; a real
Celery worker on Redis sends the acknowledgement; idempotency and failure recording."""

import re
import time
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from accompagnement.enums import TypeNotification
from accompagnement.models import Demande, Notification
from accompagnement.services.notifications import EnvoiEchoue, notification_envoyer, notifications_renvoyer_en_attente
from accompagnement.tasks import envoyer_notification_task
from bienvenuedoc.celery import app as celery_app
from tests.accompagnement.factories import AgentFactory, NotificationFactory
from tests.accompagnement.test_public_demande import donnees
from tests.observatoire.factories import CommuneFactory

BROKER_INJOIGNABLE = "redis://127.0.0.1:6390/0"
ENVOI_LOCMEM = "django.core.mail.backends.locmem.EmailBackend.send_messages"


def _lien_espace(corps: str) -> str:
    lien = re.search(r"https?://[^/\s]+(/espace/[^/\s]+/)", corps)
    assert lien, corps
    return lien.group(1)


def _oublier_connexions_celery():
    """The app caches its connection pool for the broker URL of its first use: forget it."""
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_injoignable(settings):
    ancien = {"broker_url": celery_app.conf.broker_url, "task_always_eager": celery_app.conf.task_always_eager}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.update(broker_url=BROKER_INJOIGNABLE, task_always_eager=False)
    _oublier_connexions_celery()
    yield
    celery_app.conf.update(**ancien)
    _oublier_connexions_celery()


@pytest.mark.django_db
def test_accuse_de_reception_et_alerte_hotline_avec_lien_prive(client, django_capture_on_commit_callbacks):
    CommuneFactory(agen=True)
    referente = AgentFactory(email="hotline-test@cd47.test")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/demande/", donnees())
    demande = Demande.objects.get()
    accuse, alerte = sorted(mail.outbox, key=lambda m: m.to != [demande.email])
    assert accuse.to == ["ines.moreau@exemple.test"]
    assert demande.reference in accuse.subject and demande.reference in accuse.body
    assert "Bonjour Inès Moreau" in accuse.body
    assert demande.reference in alerte.subject and alerte.to != accuse.to
    assert "Logement" in alerte.body and "Moreau" not in alerte.subject
    assert Notification.objects.a_envoyer().count() == 0

    espace = client.get(_lien_espace(accuse.body))
    assert espace.status_code == 200 and f"Ma demande {demande.reference}" in espace.content.decode()
    assert referente.email not in alerte.to  # no referent yet: the hotline's address


@pytest.mark.django_db
def test_broker_injoignable_la_demande_est_enregistree_et_envoyee_plus_tard(
    client, broker_injoignable, django_capture_on_commit_callbacks
):
    CommuneFactory(agen=True)
    debut = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        reponse = client.post("/demande/", donnees())
    assert len(rappels) == 2
    assert time.monotonic() - debut < 20  # publishing gives up quickly
    assert reponse.status_code == 302
    confirmation = client.get(reponse["Location"])
    demande = Demande.objects.get()
    assert demande.reference in confirmation.content.decode()
    assert Notification.objects.a_envoyer().count() == 2
    assert mail.outbox == []

    # later, the broker is back: the periodic task sends what was left
    assert notifications_renvoyer_en_attente(delai_minutes=0) == 2
    assert Notification.objects.a_envoyer().count() == 0
    assert len(mail.outbox) == 2
    accuse = next(m for m in mail.outbox if m.to == ["ines.moreau@exemple.test"])
    assert client.get(_lien_espace(accuse.body)).status_code == 200


@pytest.mark.django_db
def test_une_notification_envoyee_n_est_jamais_renvoyee():
    notification = NotificationFactory(ancienne=True)
    assert notification_envoyer(notification_pk=notification.pk) is True
    assert notification_envoyer(notification_pk=notification.pk) is False
    assert notifications_renvoyer_en_attente(delai_minutes=0) == 0
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.tentatives == 1 and notification.envoyee_le


@pytest.mark.django_db
def test_echec_smtp_enregistre_puis_la_tache_reessaie():
    notification = NotificationFactory()
    with mock.patch(ENVOI_LOCMEM, side_effect=SMTPException("serveur indisponible")), pytest.raises(EnvoiEchoue):
        notification_envoyer(notification_pk=notification.pk)
    notification.refresh_from_db()
    assert notification.tentatives == 1 and notification.envoyee_le is None
    assert "SMTPException: serveur indisponible" in notification.derniere_erreur

    # the task retries on failure (run eagerly here, the retry runs at once): the second attempt goes through
    envois = [SMTPException("encore indisponible"), 1]
    with mock.patch(ENVOI_LOCMEM, side_effect=envois) as envoi:
        envoyer_notification_task.apply(args=[notification.pk], throw=False)
    assert envoi.call_count == 2
    notification.refresh_from_db()
    assert notification.tentatives == 3 and notification.envoyee_le and notification.derniere_erreur == ""


@pytest.mark.celery_reel
@pytest.mark.django_db(transaction=True)
def test_un_vrai_worker_envoie_l_accuse_de_reception_par_redis(celery_worker_reel):
    CommuneFactory(agen=True)
    _oublier_connexions_celery()
    assert celery_app.conf.task_always_eager is False  # the e-mail goes through Redis and the worker
    client = Client()
    reponse = client.post("/demande/", donnees())
    assert reponse.status_code == 302
    accuse = Notification.objects.get(type=TypeNotification.ACCUSE_RECEPTION)
    limite = time.monotonic() + 15
    while time.monotonic() < limite:
        accuse.refresh_from_db()
        if accuse.envoyee_le:
            break
        time.sleep(0.2)
    assert accuse.envoyee_le is not None, accuse.derniere_erreur
    assert any(m.to == ["ines.moreau@exemple.test"] for m in mail.outbox)
    connection.close()
