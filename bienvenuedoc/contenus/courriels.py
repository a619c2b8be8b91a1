"""The e-mails of the events' registrations, built at send time by the generic outbox (bienvenuedoc/courriels.py).
Each carries the link to cancel (the registration's private token)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from bienvenuedoc.courriels import constructeur
from bienvenuedoc.models import configuration_courante

from .enums import StatutInscription, TypeCourrielContenus
from .models import Inscription

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
