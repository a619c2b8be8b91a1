"""E-mail flood: an agent's few minutes on a case (case status, two need statuses, a referral, a message) sent the
requester 5 e-mails in 4 seconds, four identical « votre demande avance ». The changes made within
REGROUPEMENT_AVANCEMENT_SECONDES now leave as ONE e-mail naming each need and its status, through the outbox:
a task queued after commit for the planned time, the periodic task as a safety net (nothing lost when the broker
is down). The agent's messages still leave at once."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accompagnement.enums import StatutBesoin, StatutDemande, TypeNotification
from accompagnement.models import Notification
from accompagnement.services.notifications import notification_envoyer, notifications_renvoyer_en_attente
from accompagnement.services.suivi import (
    besoin_changer_statut,
    besoin_orienter,
    demande_changer_statut,
    message_hotline_envoyer,
)
from bienvenuedoc.celery import app as celery_app
from tests.accompagnement.factories import (
    AgentFactory,
    BesoinFactory,
    DemandeFactory,
    PartenaireOrientationFactory,
)
from tests.accompagnement.test_notifications import _oublier_connexions_celery, broker_injoignable  # noqa: F401

EMAIL = "ines@exemple.test"


def _cas():
    demande = DemandeFactory(prenom="Inès", email=EMAIL)
    logement = BesoinFactory(demande=demande, logement=True)
    conjoint = BesoinFactory(demande=demande, emploi_conjoint=True)
    partenaire = PartenaireOrientationFactory(nom="Agence départementale d’information sur le logement")
    return demande, logement, conjoint, partenaire, AgentFactory(first_name="Mehdi", last_name="Benali")


def _rafale(demande, logement, conjoint, partenaire, agent, executer):
    """What the agent did in four seconds, each action its own transaction (as in the back office)."""
    with executer(execute=True):
        demande_changer_statut(demande=demande, vers=StatutDemande.EN_COURS, auteur=agent)
    with executer(execute=True):
        besoin_changer_statut(besoin=logement, vers=StatutBesoin.EN_COURS, auteur=agent)
    with executer(execute=True):
        besoin_changer_statut(besoin=conjoint, vers=StatutBesoin.RESOLU, auteur=agent)
    with executer(execute=True):
        besoin_orienter(besoin=logement, partenaire=partenaire, auteur=agent)
    with executer(execute=True):
        message_hotline_envoyer(demande=demande, auteur=agent, corps="Un partenaire va vous appeler.")


def _avancements():
    return [m for m in mail.outbox if "avance" in m.subject]


def _verifier_courriel_groupe(courriel, demande):
    assert courriel.to == [EMAIL]
    corps = courriel.body
    assert demande.reference in corps
    assert "Statut de la demande : En cours d’accompagnement" in corps
    assert "Logement : orienté vers un partenaire (Agence départementale d’information sur le logement)" in corps
    assert "Emploi du conjoint ou de la conjointe : résolu" in corps
    for code in ("en_cours", "resolu", "oriente", "emploi_conjoint", "logement :"):
        assert code not in corps


@pytest.mark.django_db
def test_une_rafale_de_l_agent_donne_un_seul_courriel_qui_nomme_chaque_besoin(django_capture_on_commit_callbacks):
    demande, logement, conjoint, partenaire, agent = _cas()
    _rafale(demande, logement, conjoint, partenaire, agent, django_capture_on_commit_callbacks)

    # the message left at once; the progress waits for the end of the window (its task ran and found it not due)
    assert len(mail.outbox) == 1 and "Un partenaire va vous appeler." in mail.outbox[0].body
    assert _avancements() == []
    avancement = Notification.objects.get(type=TypeNotification.STATUT)
    assert avancement.envoyee_le is None and avancement.tentatives == 0
    assert timedelta(minutes=9) < avancement.prevue_le - timezone.now() <= timedelta(minutes=10)
    assert set(avancement.besoins.all()) == {logement, conjoint}
    assert notification_envoyer(notification_pk=avancement.pk) is False  # a task that runs early sends nothing

    # the window is over: the planned task sends ONE e-mail that names each need and its status
    Notification.objects.filter(pk=avancement.pk).update(prevue_le=timezone.now())
    assert notification_envoyer(notification_pk=avancement.pk) is True
    assert len(_avancements()) == 1
    _verifier_courriel_groupe(_avancements()[0], demande)


@pytest.mark.django_db
def test_apres_l_envoi_un_nouveau_changement_ouvre_un_nouveau_regroupement(django_capture_on_commit_callbacks):
    demande, logement, conjoint, partenaire, agent = _cas()
    with django_capture_on_commit_callbacks(execute=True):
        besoin_changer_statut(besoin=logement, vers=StatutBesoin.EN_COURS, auteur=agent)
    premier = Notification.objects.get(type=TypeNotification.STATUT)
    Notification.objects.filter(pk=premier.pk).update(prevue_le=timezone.now())
    assert notification_envoyer(notification_pk=premier.pk)

    with django_capture_on_commit_callbacks(execute=True):
        besoin_changer_statut(besoin=conjoint, vers=StatutBesoin.SANS_SUITE, auteur=agent)
    second = Notification.objects.exclude(pk=premier.pk).get(type=TypeNotification.STATUT)
    assert second.envoyee_le is None
    assert list(second.besoins.all()) == [conjoint]


@pytest.mark.django_db
def test_la_tache_periodique_envoie_le_courriel_groupe_une_fois_du(django_capture_on_commit_callbacks):
    demande, logement, conjoint, partenaire, agent = _cas()
    _rafale(demande, logement, conjoint, partenaire, agent, django_capture_on_commit_callbacks)
    assert notifications_renvoyer_en_attente(delai_minutes=0) == 0  # not due yet: the periodic task leaves it
    Notification.objects.filter(type=TypeNotification.STATUT).update(prevue_le=timezone.now() - timedelta(minutes=6))
    assert notifications_renvoyer_en_attente() == 1
    assert len(_avancements()) == 1
    _verifier_courriel_groupe(_avancements()[0], demande)


@pytest.mark.django_db
def test_broker_injoignable_le_courriel_groupe_part_plus_tard(
    broker_injoignable,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    demande, logement, conjoint, partenaire, agent = _cas()
    _rafale(demande, logement, conjoint, partenaire, agent, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # nothing could be queued, not even the message
    assert Notification.objects.a_envoyer().count() == 2
    Notification.objects.filter(type=TypeNotification.STATUT).update(prevue_le=timezone.now() - timedelta(minutes=1))
    assert notifications_renvoyer_en_attente(delai_minutes=0) == 2
    assert len(_avancements()) == 1
    _verifier_courriel_groupe(_avancements()[0], demande)


@pytest.mark.django_db(transaction=True)
def test_un_vrai_worker_envoie_un_seul_courriel_a_l_heure_prevue(celery_worker_reel, settings):
    settings.REGROUPEMENT_AVANCEMENT_SECONDES = 3
    _oublier_connexions_celery()
    assert celery_app.conf.task_always_eager is False
    demande, logement, conjoint, partenaire, agent = _cas()
    debut = time.monotonic()
    demande_changer_statut(demande=demande, vers=StatutDemande.EN_COURS, auteur=agent)
    besoin_changer_statut(besoin=logement, vers=StatutBesoin.EN_COURS, auteur=agent)
    besoin_changer_statut(besoin=conjoint, vers=StatutBesoin.RESOLU, auteur=agent)
    besoin_orienter(besoin=logement, partenaire=partenaire, auteur=agent)
    avancement = Notification.objects.get(type=TypeNotification.STATUT)
    limite = time.monotonic() + 20
    while time.monotonic() < limite:
        avancement.refresh_from_db()
        if avancement.envoyee_le:
            break
        time.sleep(0.2)
    assert avancement.envoyee_le is not None, avancement.derniere_erreur
    assert time.monotonic() - debut >= 2.5  # sent at the planned time, by the task queued with that eta
    assert len(_avancements()) == 1
    _verifier_courriel_groupe(_avancements()[0], demande)
    connection.close()
