"""The e-mails of the offers, built at send time by the generic outbox (bienvenuedoc/courriels.py). Those to an
offer's author carry a fresh link to its space; the contact e-mail carries the visitor's address as Reply-To,
so the author answers by e-mail without the visitor ever seeing the author's address."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from bienvenuedoc.courriels import constructeur
from bienvenuedoc.models import configuration_courante

from ..enums import TypeCourrielOffre
from ..models import AlerteOffre, EvenementOffre, MessageOffre, Offre
from .acces import jeton_creer, url_espace


def _courriel(type: str, contexte: dict, destinataires: list[str], **options) -> EmailMessage:
    contexte = {**contexte, "config": configuration_courante(), "site_url": settings.SITE_URL.rstrip("/")}
    gabarit = "remplacements/emails/" + type.split(".", 1)[1]
    sujet = " ".join(render_to_string(f"{gabarit}_sujet.txt", contexte).split())
    return EmailMessage(subject=sujet, body=render_to_string(f"{gabarit}.txt", contexte), to=destinataires, **options)


def _pour_auteur(type: str):
    def construire(offre_id: int) -> EmailMessage | None:
        offre = Offre.objects.select_related("commune").filter(pk=offre_id).first()
        if offre is None or not offre.email_proprietaire:
            return None
        contexte = {"offre": offre, "lien_espace": url_espace(jeton_creer(offre=offre))}
        if type == TypeCourrielOffre.REFUSEE:
            dernier = EvenementOffre.objects.filter(offre=offre, vers="brouillon").order_by("-cree_le", "-pk").first()
            contexte["motif"] = dernier.commentaire if dernier else ""
        return _courriel(type, contexte, [offre.email_proprietaire])

    return construire


for _type in (
    TypeCourrielOffre.ACCUSE_RECEPTION,
    TypeCourrielOffre.PUBLIEE,
    TypeCourrielOffre.REFUSEE,
    TypeCourrielOffre.EXPIRATION_PROCHE,
    TypeCourrielOffre.EXPIREE,
    TypeCourrielOffre.LIEN_ESPACE,
):
    constructeur(_type)(_pour_auteur(_type))


@constructeur(TypeCourrielOffre.CONTACT)
def _contact(message_id: int) -> EmailMessage | None:
    message = MessageOffre.objects.select_related("offre", "offre__commune").filter(pk=message_id).first()
    if message is None or not message.offre.email_proprietaire:
        return None
    return _courriel(
        TypeCourrielOffre.CONTACT,
        {"message": message, "offre": message.offre},
        [message.offre.email_proprietaire],
        reply_to=[message.email],
    )


def _alerte(type: str):
    def construire(alerte_id: int) -> EmailMessage | None:
        from ..selectors import criteres_en_mots, offres_nouvelles_pour_alerte
        from .alertes import lien_confirmation, lien_desabonnement

        alerte = AlerteOffre.objects.filter(pk=alerte_id).first()
        if alerte is None:  # unsubscribed meanwhile
            return None
        contexte = {"alerte": alerte, "recherche": criteres_en_mots(alerte.criteres)}
        if type == TypeCourrielOffre.ALERTE_CONFIRMATION:
            contexte["lien_confirmation"] = lien_confirmation(alerte)
            return _courriel(type, contexte, [alerte.email])
        contexte["offres"] = offres_nouvelles_pour_alerte(alerte)
        if not contexte["offres"]:
            return None
        desabonnement = lien_desabonnement(alerte)
        contexte["lien_desabonnement"] = desabonnement
        entetes = {"List-Unsubscribe": f"<{desabonnement}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        return _courriel(type, contexte, [alerte.email], headers=entetes)

    return construire


for _type in (TypeCourrielOffre.ALERTE_CONFIRMATION, TypeCourrielOffre.ALERTE_RESUME):
    constructeur(_type)(_alerte(_type))
