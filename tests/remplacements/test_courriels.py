"""The generic outbox (bienvenuedoc/courriels.py) through the offers' e-mails: nothing lost when the broker is
unreachable (the periodic task sends later), never sent twice, a mail server failure recorded without any
address and retried, and a real Celery worker on Redis sending the publication e-mail."""

import time
from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.db import connection

from bienvenuedoc.celery import app as celery_app
from bienvenuedoc.courriels import EnvoiEchoue, courriel_envoyer, courriels_renvoyer_en_attente
from bienvenuedoc.models import Courriel
from remplacements.enums import StatutOffre, TypeCourrielOffre
from remplacements.services.offres import offre_publier
from tests.accompagnement.factories import AgentFactory
from tests.accompagnement.test_notifications import _oublier_connexions_celery, broker_injoignable  # noqa: F401

from .factories import OffreFactory

ENVOI_LOCMEM = "django.core.mail.backends.locmem.EmailBackend.send_messages"


@pytest.mark.django_db
def test_broker_injoignable_rien_n_est_perdu(broker_injoignable, django_capture_on_commit_callbacks):  # noqa: F811
    offre = OffreFactory(en_attente=True, email_proprietaire="auteur@exemple.test")
    with django_capture_on_commit_callbacks(execute=True):
        offre_publier(offre=offre, auteur=AgentFactory())
    offre.refresh_from_db()
    assert offre.statut == StatutOffre.PUBLIEE and mail.outbox == []
    courriel = Courriel.objects.get(type=TypeCourrielOffre.PUBLIEE)
    assert courriel.envoye_le is None
    Courriel.objects.update(cree_le=courriel.cree_le - timedelta(minutes=10))
    assert courriels_renvoyer_en_attente() == 1
    assert mail.outbox[0].to == ["auteur@exemple.test"]
    assert courriels_renvoyer_en_attente() == 0  # never twice


@pytest.mark.django_db
def test_echec_smtp_enregistre_sans_adresse(django_capture_on_commit_callbacks):
    offre = OffreFactory(en_attente=True, email_proprietaire="auteur@exemple.test")
    with django_capture_on_commit_callbacks(execute=False):
        offre_publier(offre=offre, auteur=AgentFactory())
    courriel = Courriel.objects.get()
    erreur = SMTPException("550 <auteur@exemple.test>: user unknown")
    with mock.patch(ENVOI_LOCMEM, side_effect=erreur), pytest.raises(EnvoiEchoue):
        courriel_envoyer(courriel_pk=courriel.pk)
    courriel.refresh_from_db()
    assert courriel.tentatives == 1 and courriel.envoye_le is None
    assert "auteur@exemple.test" not in courriel.derniere_erreur and "<adresse>" in courriel.derniere_erreur
    assert courriel_envoyer(courriel_pk=courriel.pk) is True
    assert courriel_envoyer(courriel_pk=courriel.pk) is False


@pytest.mark.celery_reel
@pytest.mark.django_db(transaction=True)
def test_un_vrai_worker_envoie_le_courriel_de_publication_par_redis(celery_worker_reel):
    _oublier_connexions_celery()
    assert celery_app.conf.task_always_eager is False
    offre = OffreFactory(en_attente=True, email_proprietaire="auteur@exemple.test")
    offre_publier(offre=offre, auteur=AgentFactory())
    courriel = Courriel.objects.get(type=TypeCourrielOffre.PUBLIEE)
    limite = time.monotonic() + 15
    while time.monotonic() < limite:
        courriel.refresh_from_db()
        if courriel.envoye_le:
            break
        time.sleep(0.2)
    assert courriel.envoye_le is not None, courriel.derniere_erreur
    assert any(m.to == ["auteur@exemple.test"] and "est publiée" in m.subject for m in mail.outbox)
    connection.close()
