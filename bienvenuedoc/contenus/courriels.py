"""The e-mails of the events' registrations, built at send time by the generic outbox (bienvenuedoc/courriels.py).
Each carries the link to cancel (the registration's private token)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bienvenuedoc.courriels import constructeur
from bienvenuedoc.models import configuration_courante

from .enums import COURRIEL_SIGNALEMENT, StatutInscription, TypeCourrielContenus
from .models import Inscription, SignalementAccessibilite

STATUTS_ATTENDUS = {
    TypeCourrielContenus.CONFIRMEE: StatutInscription.CONFIRMEE,
    TypeCourrielContenus.ATTENTE: StatutInscription.ATTENTE,
    TypeCourrielContenus.PROMUE: StatutInscription.CONFIRMEE,
    TypeCourrielContenus.RAPPEL: StatutInscription.CONFIRMEE,
}


def lien_annulation(inscription: Inscription) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("contenus:inscription_annuler", args=[inscription.jeton])


def _constructeur(type: str):
    def construire(inscription_id: int) -> EmailMessage | None:
        inscription = Inscription.objects.select_related("evenement").filter(pk=inscription_id).first()
        # deleted, cancelled or no longer in the state the e-mail speaks of: nothing to send
        if inscription is None or inscription.statut != STATUTS_ATTENDUS[type]:
            return None
        contexte = {
            "inscription": inscription,
            "evenement": inscription.evenement,
            "lien_annulation": lien_annulation(inscription),
            "lien_evenement": settings.SITE_URL.rstrip("/") + inscription.evenement.get_absolute_url(),
            "config": configuration_courante(),
        }
        gabarit = "contenus/emails/" + type.split(".", 1)[1]
        sujet = " ".join(render_to_string(f"{gabarit}_sujet.txt", contexte).split())
        return EmailMessage(subject=sujet, body=render_to_string(f"{gabarit}.txt", contexte), to=[inscription.email])

    return construire


for _type in TypeCourrielContenus:
    constructeur(_type.value)(_constructeur(_type.value))


@constructeur(COURRIEL_SIGNALEMENT)
def _signalement(signalement_id: int) -> EmailMessage | None:
    """To the team (the hotline's address, else HOTLINE_EMAILS): a new accessibility report, with the link to it in
    the back office; the visitor's address as Reply-To."""
    signalement = SignalementAccessibilite.objects.filter(pk=signalement_id).first()
    if signalement is None:
        return None
    config = configuration_courante()
    destinataires = [config.hotline_email] if config.hotline_email else list(settings.HOTLINE_EMAILS)
    contexte = {
        "signalement": signalement,
        "lien_gestion": settings.SITE_URL.rstrip("/")
        + reverse("admin:contenus_signalementaccessibilite_change", args=[signalement.pk]),
        "config": config,
    }
    return EmailMessage(
        subject=f"Signalement d’accessibilité reçu le {timezone.localtime(signalement.recu_le):%d/%m/%Y}",
        body=render_to_string("contenus/emails/signalement_accessibilite.txt", contexte),
        to=destinataires,
        reply_to=[signalement.email],
    )
