"""The generic e-mail outbox (model bienvenuedoc.models.Courriel), the same pattern as the hotline's
notifications (accompagnement/services/notifications.py) for the apps below it: a row written in the
transaction that causes the e-mail, the Celery task queued only after commit, a periodic task that sends what a
broker outage left unsent, the e-mail built at send time.

An app registers one builder per type:

    @constructeur("remplacements.publiee")
    def _publiee(objet_id: int) -> EmailMessage | None:   # None: nobody to write to any more (abandoned)
        ...

and calls `courriel_programmer(type=..., objet_id=...)` inside its service's transaction. The app imports its
builders' module in AppConfig.ready() so that a worker knows them."""

import logging
import re
from collections.abc import Callable
from functools import partial
from smtplib import SMTPException

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import Courriel

logger = logging.getLogger(__name__)

TENTATIVES_MAX = 8
_CONSTRUCTEURS: dict[str, Callable[[int], EmailMessage | None]] = {}
_ADRESSE = re.compile(r"[^\s<>()'\"{},;:]+@[^\s<>()'\"{},;:]+")


class EnvoiEchoue(Exception):
    """The mail server refused; the row stays to be sent. The message never holds an address."""


def constructeur(type: str):
    def enregistrer(fonction):
        _CONSTRUCTEURS[type] = fonction
        return fonction

    return enregistrer


def courriel_programmer(*, type: str, objet_id: int) -> Courriel:
    """Records an e-mail to send and queues its sending once the current transaction commits."""
    if type not in _CONSTRUCTEURS:
        raise ValueError(f"Type de courriel inconnu : {type}")
    courriel = Courriel.objects.create(type=type, objet_id=objet_id)
    transaction.on_commit(partial(mettre_en_file, courriel.pk))
    return courriel


def mettre_en_file(courriel_pk: int) -> None:
    from .tasks import envoyer_courriel_task

    try:
        envoyer_courriel_task.delay(courriel_pk)
    except Exception:  # broker down: nothing is lost, the periodic task will send it
        logger.warning("Courriel %s gardé en attente : file de tâches injoignable", courriel_pk)


def courriel_envoyer(*, courriel_pk: int) -> bool:
    """Sends one e-mail if still due; True when sent now. Raises EnvoiEchoue when the mail server refused (the
    attempt is recorded, the task retries). Idempotent: a sent e-mail is never sent again."""
    erreur = None
    with transaction.atomic():
        courriel = Courriel.objects.select_for_update().filter(pk=courriel_pk).first()
        if courriel is None or courriel.envoye_le or courriel.abandonne:
            return False
        courriel.tentatives += 1
        constructeur_ = _CONSTRUCTEURS.get(courriel.type)
        message = constructeur_(courriel.objet_id) if constructeur_ else None
        if message is None or not message.to:
            courriel.abandonne = True
            courriel.derniere_erreur = "Aucun destinataire, ou type de courriel inconnu."
        else:
            try:
                message.send()
            except (SMTPException, OSError) as exc:
                erreur = exc
                courriel.derniere_erreur = _ADRESSE.sub("<adresse>", f"{type(exc).__name__}: {exc}")[:500]
                courriel.abandonne = courriel.tentatives >= TENTATIVES_MAX
            else:
                courriel.envoye_le = timezone.now()
                courriel.derniere_erreur = ""
        courriel.save(update_fields=["tentatives", "envoye_le", "abandonne", "derniere_erreur"])
    if erreur is not None:
        raise EnvoiEchoue(courriel.derniere_erreur) from None
    return courriel.envoye_le is not None


def courriels_renvoyer_en_attente(*, delai_minutes: int = 5, limite: int = 500) -> int:
    """Sends the e-mails left unsent for more than `delai_minutes`. Returns how many were sent."""
    seuil = timezone.now() - timezone.timedelta(minutes=delai_minutes)
    envoyes = 0
    for pk in list(Courriel.objects.a_envoyer().filter(cree_le__lte=seuil).values_list("pk", flat=True)[:limite]):
        try:
            envoyes += courriel_envoyer(courriel_pk=pk)
        except EnvoiEchoue:
            logger.warning("Courriel %s : nouvel échec d'envoi", pk)
    return envoyes
