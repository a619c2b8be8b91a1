"""The e-mail outbox. A Notification row is written in the same transaction as what causes it; the Celery
task is queued only after commit; if the broker is unreachable the row simply stays unsent and the periodic
task sends it later. E-mails are rendered at send time (a link e-mail gets a fresh token then).

Progress e-mails are grouped: what the hotline changes on a case within settings.REGROUPEMENT_AVANCEMENT_SECONDES
(the case's status, the status of a need, a referral) goes to the requester as ONE e-mail naming each need and
its status (`avancement_signaler`), instead of one identical e-mail per click. The hotline's messages stay
immediate.

The e-mail to an offer's owner when a need is referred to their offer is not the requester's: it goes through
the generic outbox (bienvenuedoc/courriels.py, builder `_orientation_offre` below)."""

import logging
import re
from datetime import datetime, timedelta
from functools import partial
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from bienvenuedoc.courriels import constructeur
from bienvenuedoc.models import configuration_courante

from ..enums import TypeEvenement, TypeNotification
from ..models import Besoin, Demande, Evenement, Message, Notification
from .acces import jeton_creer, url_espace

logger = logging.getLogger(__name__)

TENTATIVES_MAX = 8
# Notifications to the requester; the others go to the hotline.
POUR_DEMANDEUR = {
    TypeNotification.ACCUSE_RECEPTION,
    TypeNotification.LIEN_ACCES,
    TypeNotification.MESSAGE_HOTLINE,
    TypeNotification.STATUT,
}
AVEC_LIEN = POUR_DEMANDEUR
# The generic outbox's type of the e-mail to an offer's owner (objet_id: the referral's timeline row).
COURRIEL_ORIENTATION_OFFRE = "accompagnement.orientation_offre"


class EnvoiEchoue(Exception):
    """The e-mail could not be handed to the mail server; the notification stays to be sent. Its message never
    holds an address (Celery logs it with each retry)."""


_ADRESSE = re.compile(r"[^\s<>()'\"{},;:]+@[^\s<>()'\"{},;:]+")


def _sans_adresse(texte: str) -> str:
    """A mail server's error without the e-mail addresses it quotes (« 550 5.1.1 <x@y>: user unknown »)."""
    return _ADRESSE.sub("<adresse>", texte)


def notification_programmer(
    *, demande: Demande, type: TypeNotification, message: Message | None = None
) -> Notification:
    """Records an e-mail to send and queues its sending once the current transaction commits."""
    notification = Notification.objects.create(demande=demande, type=type, message=message)
    transaction.on_commit(partial(mettre_en_file, notification.pk))
    return notification


def notifications_programmer(*, demande: Demande, types: list[TypeNotification]) -> list[Notification]:
    """Several e-mails of one case at once (a new request: the acknowledgement and the hotline's alert): one
    insert, each queued after commit as notification_programmer does."""
    notifications = Notification.objects.bulk_create([Notification(demande=demande, type=type) for type in types])
    for notification in notifications:
        transaction.on_commit(partial(mettre_en_file, notification.pk))
    return notifications


def avancement_signaler(*, demande: Demande, besoin: Besoin | None = None) -> Notification:
    """A change on the case the requester should hear about (status of the case; status or referral of
    `besoin`). Joins the case's progress e-mail still waiting to leave (one per case, locked here), or plans a
    new one to leave REGROUPEMENT_AVANCEMENT_SECONDES from now: a task queued after commit with that delay, and
    the periodic task as a safety net. The e-mail is rendered when it leaves: the case's status then, and each
    need named here with its status then."""
    notification = (
        Notification.objects.a_envoyer()
        .select_for_update()
        .filter(demande=demande, type=TypeNotification.STATUT, prevue_le__isnull=False)
        .order_by("pk")
        .first()
    )
    if notification is None:
        prevue_le = timezone.now() + timedelta(seconds=settings.REGROUPEMENT_AVANCEMENT_SECONDES)
        notification = Notification.objects.create(demande=demande, type=TypeNotification.STATUT, prevue_le=prevue_le)
        transaction.on_commit(partial(mettre_en_file, notification.pk, prevue_le=prevue_le))
    if besoin is not None:
        notification.besoins.add(besoin)
    return notification


def mettre_en_file(notification_pk: int, prevue_le: datetime | None = None) -> None:
    from ..tasks import envoyer_notification_task

    try:
        if prevue_le is None:
            envoyer_notification_task.delay(notification_pk)
        else:
            envoyer_notification_task.apply_async((notification_pk,), eta=prevue_le)
    except Exception:  # broker down or unreachable: nothing is lost, the periodic task will send it
        logger.warning("Notification %s gardée en attente : file de tâches injoignable", notification_pk)


def _destinataires(notification: Notification) -> list[str]:
    demande = notification.demande
    if notification.type in POUR_DEMANDEUR:
        return [demande.email] if demande.email and not demande.anonymisee_le else []
    if demande.referent_id and demande.referent.email:
        return [demande.referent.email]
    config = configuration_courante()
    return [config.hotline_email] if config.hotline_email else list(settings.HOTLINE_EMAILS)


def _construire(notification: Notification, destinataires: list[str]) -> EmailMessage:
    contexte = {
        "demande": notification.demande,
        "message": notification.message,
        "config": configuration_courante(),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    if notification.type in AVEC_LIEN:
        contexte["lien_espace"] = url_espace(jeton_creer(demande=notification.demande))
    if notification.type == TypeNotification.STATUT:
        contexte["besoins"] = list(notification.besoins.select_related("partenaire", "offre").order_by("pk"))
    gabarit = f"accompagnement/emails/{notification.type}"
    sujet = " ".join(render_to_string(f"{gabarit}_sujet.txt", contexte).split())
    corps = render_to_string(f"{gabarit}.txt", contexte)
    return EmailMessage(subject=sujet, body=corps, to=destinataires)


def notification_envoyer(*, notification_pk: int) -> bool:
    """Sends one notification if still due. True when sent now; raises EnvoiEchoue when the mail server
    refused (the attempt is recorded, the task retries). Idempotent: a sent notification is never re-sent."""
    erreur = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("demande", "demande__referent", "message")
            .filter(pk=notification_pk)
            .first()
        )
        if notification is None or notification.envoyee_le or notification.abandonnee:
            return False
        if notification.prevue_le and notification.prevue_le > timezone.now():
            return False  # grouped e-mail not due yet (a task that ran early, or eager mode): it leaves when due
        destinataires = _destinataires(notification)
        notification.tentatives += 1
        if not destinataires:
            notification.abandonnee = True
            notification.derniere_erreur = "Aucun destinataire (adresse absente ou données anonymisées)."
        else:
            try:
                _construire(notification, destinataires).send()
            except (SMTPException, OSError) as exc:
                erreur = exc
                notification.derniere_erreur = _sans_adresse(f"{type(exc).__name__}: {exc}")[:500]
                notification.abandonnee = notification.tentatives >= TENTATIVES_MAX
            else:
                notification.envoyee_le = timezone.now()
                notification.derniere_erreur = ""
        notification.save(update_fields=["tentatives", "envoyee_le", "abandonnee", "derniere_erreur"])
    if erreur is not None:
        # no chained cause: the worker would log the original exception, addresses included
        raise EnvoiEchoue(notification.derniere_erreur) from None
    return notification.envoyee_le is not None


def notifications_renvoyer_en_attente(*, delai_minutes: int = 5, limite: int = 500) -> int:
    """Sends the notifications left unsent (broker outage, worker down, mail server error) for more than
    `delai_minutes`. Returns how many were sent."""
    seuil = timezone.now() - timezone.timedelta(minutes=delai_minutes)
    envoyees = 0
    pks = list(Notification.objects.dues(avant=seuil).values_list("pk", flat=True)[:limite])
    for pk in pks:
        try:
            envoyees += notification_envoyer(notification_pk=pk)
        except EnvoiEchoue:
            logger.warning("Notification %s : nouvel échec d'envoi", pk)
    return envoyees


@constructeur(COURRIEL_ORIENTATION_OFFRE)
def _orientation_offre(evenement_id: int) -> EmailMessage | None:
    """To the owner of the offer a need was referred to (`evenement_id`: the referral's timeline row): an agent
    of the hotline refers a person to them, the hotline will put them in touch. Only the offer, the agent's
    name and the hotline's contact — nothing about the person, who has not agreed to be named to the owner;
    answers go to the hotline (Reply-To). None (nothing sent) when this referral is no longer the need's
    latest one (the agent changed it before the e-mail left) or the owner has no address."""
    evenement = (
        Evenement.objects.select_related("auteur", "besoin__offre__commune")
        .filter(pk=evenement_id, type=TypeEvenement.ORIENTATION_OFFRE)
        .first()
    )
    if evenement is None or evenement.besoin is None or evenement.besoin.offre is None:
        return None
    derniere = (
        Evenement.objects.filter(
            besoin_id=evenement.besoin_id, type__in=[TypeEvenement.ORIENTATION, TypeEvenement.ORIENTATION_OFFRE]
        )
        .order_by("-cree_le", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    offre = evenement.besoin.offre
    if derniere != evenement.pk or not offre.email_proprietaire:
        return None
    config = configuration_courante()
    agent = evenement.auteur
    contexte = {
        "offre": offre,
        "agent": (agent.get_full_name() or "Un·e chargé·e d’accompagnement") if agent else "La hotline",
        "config": config,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    gabarit = "accompagnement/emails/orientation_offre"
    sujet = " ".join(render_to_string(f"{gabarit}_sujet.txt", contexte).split())
    return EmailMessage(
        subject=sujet,
        body=render_to_string(f"{gabarit}.txt", contexte),
        to=[offre.email_proprietaire],
        reply_to=[config.hotline_email] if config.hotline_email else None,
    )
