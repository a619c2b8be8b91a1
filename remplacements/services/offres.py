"""Every write on an offer: deposit, moderation, the author's changes, expiry, visitors' messages.

The status-change pattern of ARCHITECTURE.md (as accompagnement/services/suivi.py): keyword-only arguments,
`@transaction.atomic`, the row locked with `select_for_update`, the transition table of enums.py, an
`EvenementOffre` row saying who did what, e-mails through the generic outbox (sent after commit)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from bienvenuedoc.courriels import courriel_programmer
from bienvenuedoc.pages_en_cache import invalider_pages_publiques

from ..enums import TRANSITIONS_OFFRE, SourceCoordonnees, StatutOffre, TypeCourrielOffre, TypeEvenementOffre
from ..geocodage import centre_commune, geocoder
from ..models import EvenementOffre, MessageOffre, Offre

logger = logging.getLogger(__name__)

JOURS_AVANT_EXPIRATION = 7

# What the author types (public form and space); status, owner and dates of the workflow are not among them.
CHAMPS_SAISIS = (
    "type",
    "titre",
    "description",
    "commune",
    "adresse",
    "date_debut",
    "date_fin",
    "debut_publication",
    "fin_publication",
    "contact_nom",
    "structure",
    "jours_recurrents",
    "logiciel",
    "retrocession",
    "logement_propose",
    "type_poste",
    "conditions",
    "maitre_de_stage",
    "specialite",
    "semestre",
    "pour_externes",
    "pour_internes",
    "pour_docteurs_juniors",
    "capacite",
    "loyer_mensuel",
    "meuble",
    "distance_lieu_km",
)


class TransitionInterdite(Exception):
    """A status change the transition table does not allow; French message shown to staff or to the author."""

    def __init__(self, de: str, vers: str):
        self.de, self.vers = de, vers
        libelles = dict(StatutOffre.choices)
        super().__init__(
            f"Passage impossible du statut « {libelles.get(de, de)} » au statut « {libelles.get(vers, vers)} »."
        )


def _placer(offre: Offre) -> None:
    """The commune's centre at once (no network in a web request); with the BAN on and an address, the address
    is geocoded by a task after commit (`offre_geocoder`)."""
    centre = centre_commune(offre.commune)
    offre.latitude = centre.latitude if centre else None
    offre.longitude = centre.longitude if centre else None
    offre.source_coordonnees = SourceCoordonnees.COMMUNE
    if settings.GEOCODAGE_BAN and offre.adresse.strip():
        transaction.on_commit(lambda: _geocoder_plus_tard(offre.pk))


def _geocoder_plus_tard(offre_pk: int) -> None:
    from ..tasks import geocoder_offre_task

    try:
        geocoder_offre_task.delay(offre_pk)
    except Exception:  # broker down: the offer keeps its commune's centre
        logger.warning("Géocodage de l'offre %s non programmé : file de tâches injoignable", offre_pk)


def offre_geocoder(*, offre_pk: int) -> bool:
    """Places an offer at its address (BAN) if found in its commune; True when the coordinates changed."""
    offre = Offre.objects.select_related("commune").filter(pk=offre_pk).first()
    if offre is None:
        return False
    coordonnees = geocoder(offre.adresse, offre.commune)
    if coordonnees is None or coordonnees.source != SourceCoordonnees.BAN:
        return False
    place = Offre.objects.filter(pk=offre_pk, commune_id=offre.commune_id, adresse=offre.adresse).update(
        latitude=coordonnees.latitude, longitude=coordonnees.longitude, source_coordonnees=coordonnees.source
    )
    if place:
        transaction.on_commit(invalider_pages_publiques)  # the map of the offers (kept rendered) shows it
    return bool(place)


def _evenement(offre: Offre, type: str, *, de="", vers="", auteur=None, par_auteur_offre=False, commentaire=""):
    EvenementOffre.objects.create(
        offre=offre,
        type=type,
        de=de,
        vers=vers,
        auteur=auteur,
        par_auteur_offre=par_auteur_offre,
        commentaire=commentaire,
    )


def _verrouiller(offre: Offre) -> Offre:
    return Offre.objects.select_for_update(of=("self",)).select_related("commune").get(pk=offre.pk)


@transaction.atomic
def offre_deposer(*, donnees: dict, email_proprietaire: str) -> Offre:
    """An offer typed in the public form: saved waiting for moderation, its author sent the link to its space."""
    offre = Offre(**{champ: valeur for champ, valeur in donnees.items() if champ in CHAMPS_SAISIS})
    offre.email_proprietaire = email_proprietaire
    offre.statut = StatutOffre.EN_ATTENTE
    if not offre.fin_publication:
        offre.fin_publication = offre.debut_publication + timedelta(days=settings.OFFRE_DUREE_PUBLICATION_JOURS)
    _placer(offre)
    offre.full_clean()
    offre.save()
    _evenement(offre, TypeEvenementOffre.CREATION, vers=offre.statut, par_auteur_offre=True)
    courriel_programmer(type=TypeCourrielOffre.ACCUSE_RECEPTION, objet_id=offre.pk)
    return offre


@transaction.atomic
def offre_changer_statut(
    *,
    offre: Offre,
    vers: StatutOffre | str,
    auteur: AbstractBaseUser | None = None,
    par_auteur_offre: bool = False,
    commentaire: str = "",
) -> Offre:
    offre = _verrouiller(offre)
    vers = StatutOffre(vers)
    if vers not in TRANSITIONS_OFFRE[offre.statut]:
        raise TransitionInterdite(offre.statut, vers)
    _evenement(
        offre,
        TypeEvenementOffre.STATUT,
        de=offre.statut,
        vers=vers,
        auteur=auteur,
        par_auteur_offre=par_auteur_offre,
        commentaire=commentaire,
    )
    maintenant = timezone.now()
    offre.statut = vers
    champs = ["statut", "modifiee_le"]
    if vers == StatutOffre.PUBLIEE:
        offre.publiee_le = maintenant
        champs.append("publiee_le")
        if offre.debut_publication > timezone.localdate() or offre.fin_publication < timezone.localdate():
            # published now: the period starts today, keeping its length
            duree = offre.fin_publication - offre.debut_publication
            offre.debut_publication = timezone.localdate()
            offre.fin_publication = offre.debut_publication + max(duree, timedelta(days=7))
            champs += ["debut_publication", "fin_publication"]
    elif vers == StatutOffre.POURVUE:
        offre.pourvue_le = maintenant
        champs.append("pourvue_le")
    offre.save(update_fields=champs)
    # the public pages kept in cache (home page's latest offers…) are renewed once the change is committed,
    # whoever makes it: moderation, the author in their space, the expiry task
    transaction.on_commit(invalider_pages_publiques)
    return offre


def offre_publier(*, offre: Offre, auteur: AbstractBaseUser) -> Offre:
    with transaction.atomic():
        offre = offre_changer_statut(offre=offre, vers=StatutOffre.PUBLIEE, auteur=auteur)
        courriel_programmer(type=TypeCourrielOffre.PUBLIEE, objet_id=offre.pk)
    return offre


def offre_refuser(*, offre: Offre, auteur: AbstractBaseUser, motif: str) -> Offre:
    """Moderation sends the offer back to its author's draft, with the reason (sent to the author)."""
    with transaction.atomic():
        offre = offre_changer_statut(offre=offre, vers=StatutOffre.BROUILLON, auteur=auteur, commentaire=motif)
        courriel_programmer(type=TypeCourrielOffre.REFUSEE, objet_id=offre.pk)
    return offre


@transaction.atomic
def offre_modifier(*, offre: Offre, donnees: dict) -> Offre:
    """The author's changes from the space: the offer goes (back) to moderation, whatever its status allows."""
    offre = _verrouiller(offre)
    if offre.statut in (StatutOffre.POURVUE, StatutOffre.RETIREE):
        raise TransitionInterdite(offre.statut, StatutOffre.EN_ATTENTE)
    ancienne_adresse = (offre.commune_id, offre.adresse)
    for champ, valeur in donnees.items():
        if champ in CHAMPS_SAISIS and champ != "type":
            setattr(offre, champ, valeur)
    if (offre.commune_id, offre.adresse) != ancienne_adresse:
        _placer(offre)
    offre.rappel_expiration_le = None  # a new period: a new reminder
    offre.full_clean()
    offre.save()
    _evenement(offre, TypeEvenementOffre.MODIFICATION, par_auteur_offre=True)
    if offre.statut != StatutOffre.EN_ATTENTE:
        offre = offre_changer_statut(offre=offre, vers=StatutOffre.EN_ATTENTE, par_auteur_offre=True)
    return offre


def offre_marquer_pourvue(*, offre: Offre) -> Offre:
    return offre_changer_statut(offre=offre, vers=StatutOffre.POURVUE, par_auteur_offre=True)


def offre_retirer(*, offre: Offre) -> Offre:
    return offre_changer_statut(offre=offre, vers=StatutOffre.RETIREE, par_auteur_offre=True)


def offres_expirer(*, le=None) -> int:
    """Published offers past their publication period become « expirée » (their author is told). Idempotent."""
    jour = le or timezone.localdate()
    nombre = 0
    for pk in list(
        Offre.objects.filter(statut=StatutOffre.PUBLIEE, fin_publication__lt=jour).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            offre = Offre.objects.select_for_update().filter(pk=pk, statut=StatutOffre.PUBLIEE).first()
            if offre is None:
                continue
            offre_changer_statut(offre=offre, vers=StatutOffre.EXPIREE, commentaire="Fin de la période de publication.")
            courriel_programmer(type=TypeCourrielOffre.EXPIREE, objet_id=pk)
            nombre += 1
    return nombre


def offres_prevenir_expiration(*, le=None) -> int:
    """Authors of published offers ending within a week are warned once (to extend it from their space)."""
    jour = le or timezone.localdate()
    nombre = 0
    a_prevenir = Offre.objects.filter(
        statut=StatutOffre.PUBLIEE,
        fin_publication__gte=jour,
        fin_publication__lte=jour + timedelta(days=JOURS_AVANT_EXPIRATION),
        rappel_expiration_le__isnull=True,
    )
    for pk in list(a_prevenir.values_list("pk", flat=True)):
        with transaction.atomic():
            if not Offre.objects.filter(pk=pk, rappel_expiration_le__isnull=True).update(
                rappel_expiration_le=timezone.now()
            ):
                continue
            offre = Offre.objects.get(pk=pk)
            _evenement(offre, TypeEvenementOffre.RAPPEL)
            courriel_programmer(type=TypeCourrielOffre.EXPIRATION_PROCHE, objet_id=pk)
            nombre += 1
    return nombre


@transaction.atomic
def message_offre_envoyer(*, offre: Offre, nom: str, email: str, texte: str) -> MessageOffre:
    """A visitor writes to a published offer's author: the author gets it by e-mail, with the visitor's address
    to answer to; the visitor never sees the author's address."""
    message = MessageOffre.objects.create(offre=offre, nom=nom, email=email, texte=texte)
    courriel_programmer(type=TypeCourrielOffre.CONTACT, objet_id=message.pk)
    return message


def messages_offre_purger(*, le=None) -> int:
    seuil = (le or timezone.now()) - timedelta(days=settings.OFFRE_JOURS_CONSERVATION_MESSAGES)
    return MessageOffre.objects.filter(cree_le__lt=seuil).delete()[0]


LIENS_RENVOYES_MAX = 10


@transaction.atomic
def liens_espace_renvoyer(*, email: str) -> int:
    """A new link to the space of each current offer posted with this address (at most LIENS_RENVOYES_MAX), one
    e-mail per offer. The caller answers the same whether the address is known or not."""
    offres = (
        Offre.objects.filter(email_proprietaire__iexact=email.strip())
        .exclude(statut__in=[StatutOffre.POURVUE, StatutOffre.RETIREE])
        .order_by("-cree_le")
        .values_list("pk", flat=True)[:LIENS_RENVOYES_MAX]
    )
    pks = list(offres)
    for pk in pks:
        courriel_programmer(type=TypeCourrielOffre.LIEN_ESPACE, objet_id=pk)
    return len(pks)
