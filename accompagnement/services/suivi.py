"""What the hotline does on a case: statuses of the case and of each need, assignment, referral to a partner,
referral to a published offer, internal notes, messages to the requester, shared documents, checklist steps.

Every function follows the status-change pattern of ARCHITECTURE.md: keyword-only arguments,
`@transaction.atomic`, the row locked with `select_for_update`, an `Evenement` row saying who did what, the
case's `derniere_action_le` brought up to date, and e-mails queued through the outbox (sent after commit):
changes of status and referrals are grouped into one progress e-mail (`avancement_signaler`), messages leave
at once."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bienvenuedoc.courriels import courriel_programmer
from bienvenuedoc.utils.fichiers import valider_document
from partenaires.models import Partenaire
from remplacements.models import Offre

from ..enums import (
    TRANSITIONS_BESOIN,
    TRANSITIONS_DEMANDE,
    TYPES_OFFRE_PAR_BESOIN,
    StatutBesoin,
    StatutDemande,
    StatutEtape,
    TypeEvenement,
    TypeNotification,
)
from ..models import Besoin, Demande, Document, Etape, Evenement, Message, NoteInterne
from .notifications import COURRIEL_ORIENTATION_OFFRE, avancement_signaler, notification_programmer


class TransitionInterdite(Exception):
    """A status change the transition table does not allow; the message is French and shown to staff."""

    def __init__(self, de: str, vers: str, libelles: dict[str, str] | None = None):
        self.de, self.vers = de, vers
        libelles = libelles or {}
        super().__init__(
            f"Passage impossible du statut « {libelles.get(de, de)} » au statut « {libelles.get(vers, vers)} »."
        )


class ActionImpossible(Exception):
    """A staff action refused for a business reason (French message shown to staff)."""


def _toucher(demande_id: int) -> None:
    """Every staff action counts as activity on the case (the « sans action depuis » filter reads it)."""
    Demande.objects.filter(pk=demande_id).update(derniere_action_le=timezone.now())


def _verifier_non_anonymisee(demande: Demande) -> None:
    if demande.anonymisee_le:
        raise ActionImpossible("Cette demande a été anonymisée : elle ne peut plus être modifiée.")


def _nom(user: AbstractBaseUser | None) -> str:
    """How a staff member appears in a timeline row (`de`/`vers` hold 100 characters); "" for nobody."""
    return (user.get_full_name() or user.get_username())[:100] if user is not None else ""


def _besoin_verrouille(besoin: Besoin) -> Besoin:
    """The need, locked (not its case), with its case loaded; refused if the case is anonymised. Other
    relations are read after the lock, never joined to it (they would come from before the wait)."""
    besoin = Besoin.objects.select_for_update(of=("self",)).select_related("demande").get(pk=besoin.pk)
    _verifier_non_anonymisee(besoin.demande)
    return besoin


def _premiere_reponse(demande: Demande, quand) -> None:
    if demande.premiere_reponse_le is None:
        Demande.objects.filter(pk=demande.pk, premiere_reponse_le__isnull=True).update(premiere_reponse_le=quand)
        demande.premiere_reponse_le = quand


# --- the case -------------------------------------------------------------------------------------------
@transaction.atomic
def demande_changer_statut(
    *, demande: Demande, vers: StatutDemande | str, auteur: AbstractBaseUser, commentaire: str = ""
) -> Demande:
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    _verifier_non_anonymisee(demande)
    vers = StatutDemande(vers)
    if vers not in TRANSITIONS_DEMANDE[demande.statut]:
        raise TransitionInterdite(demande.statut, vers, dict(StatutDemande.choices))
    maintenant = timezone.now()
    Evenement.objects.create(
        demande=demande,
        type=TypeEvenement.STATUT_DEMANDE,
        de=demande.statut,
        vers=vers,
        auteur=auteur,
        commentaire=commentaire,
        cree_le=maintenant,
    )
    demande.statut = vers
    demande.cloturee_le = maintenant if vers in StatutDemande.clos() else None
    demande.derniere_action_le = maintenant
    champs = ["statut", "cloturee_le", "derniere_action_le", "modifiee_le"]
    if vers == StatutDemande.EN_COURS and demande.premiere_reponse_le is None:
        demande.premiere_reponse_le = maintenant
        champs.append("premiere_reponse_le")
    demande.save(update_fields=champs)
    if vers != StatutDemande.RETIREE:
        avancement_signaler(demande=demande)
    return demande


@transaction.atomic
def demande_attribuer(
    *, demande: Demande, referent: AbstractBaseUser | None, auteur: AbstractBaseUser, commentaire: str = ""
) -> Demande:
    """Names (or removes, with None) the staff member in charge of the case."""
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    _verifier_non_anonymisee(demande)
    if referent is not None and not referent.is_active:
        raise ActionImpossible("Ce compte est désactivé : choisissez une personne en activité.")
    if demande.referent_id == (referent.pk if referent else None):
        return demande
    Evenement.objects.create(
        demande=demande,
        type=TypeEvenement.ASSIGNATION,
        de=_nom(demande.referent if demande.referent_id else None),
        vers=_nom(referent),
        auteur=auteur,
        commentaire=commentaire,
    )
    demande.referent = referent
    demande.derniere_action_le = timezone.now()
    demande.save(update_fields=["referent", "derniere_action_le", "modifiee_le"])
    return demande


# --- needs ----------------------------------------------------------------------------------------------
@transaction.atomic
def besoin_changer_statut(
    *, besoin: Besoin, vers: StatutBesoin | str, auteur: AbstractBaseUser, commentaire: str = ""
) -> Besoin:
    besoin = _besoin_verrouille(besoin)
    vers = StatutBesoin(vers)
    if vers not in TRANSITIONS_BESOIN[besoin.statut]:
        raise TransitionInterdite(besoin.statut, vers, dict(StatutBesoin.choices))
    if vers == StatutBesoin.ORIENTE:
        raise ActionImpossible(
            "Pour orienter un besoin, choisissez le partenaire dans « Orienter vers un partenaire »."
        )
    Evenement.objects.create(
        demande_id=besoin.demande_id,
        besoin=besoin,
        type=TypeEvenement.STATUT_BESOIN,
        de=besoin.statut,
        vers=vers,
        auteur=auteur,
        commentaire=commentaire,
    )
    besoin.statut = vers
    besoin.resolu_le = timezone.now() if vers == StatutBesoin.RESOLU else None
    besoin.save(update_fields=["statut", "resolu_le", "modifie_le"])
    _toucher(besoin.demande_id)
    avancement_signaler(demande=besoin.demande, besoin=besoin)
    return besoin


def _cible(besoin: Besoin) -> str:
    """Whom a need is referred to, as a timeline row names it: the partner, or the offer."""
    if besoin.partenaire_id:
        return besoin.partenaire.nom[:100]
    if besoin.offre_id:
        return f"offre « {besoin.offre.titre} »"[:100]
    return ""


def _orienter(
    besoin: Besoin,
    *,
    type_evenement: TypeEvenement,
    partenaire: Partenaire | None = None,
    offre: Offre | None = None,
    auteur: AbstractBaseUser,
    commentaire: str,
    verifier=None,
) -> tuple[Besoin, Evenement]:
    """What every referral does (to a partner of the directory or to an offer): the need locked, the transition
    to « orienté » checked, a timeline row from the previous target to the new one, the target, the date, the
    case touched, the grouped progress e-mail. `verifier(besoin)` runs under the lock (rules of one kind)."""
    # the current target read after the lock, not joined to it: PostgreSQL re-reads a row another transaction
    # changed meanwhile, but not the rows joined to it (a partner set meanwhile would come back empty)
    besoin = _besoin_verrouille(besoin)
    if besoin.statut != StatutBesoin.ORIENTE and StatutBesoin.ORIENTE not in TRANSITIONS_BESOIN[besoin.statut]:
        raise TransitionInterdite(besoin.statut, StatutBesoin.ORIENTE, dict(StatutBesoin.choices))
    if verifier is not None:
        verifier(besoin)
    maintenant = timezone.now()
    de = _cible(besoin)
    besoin.partenaire, besoin.offre = partenaire, offre
    evenement = Evenement.objects.create(
        demande_id=besoin.demande_id,
        besoin=besoin,
        type=type_evenement,
        de=de,
        vers=_cible(besoin),
        auteur=auteur,
        commentaire=commentaire,
        cree_le=maintenant,
    )
    besoin.statut = StatutBesoin.ORIENTE
    besoin.oriente_le = maintenant
    besoin.resolu_le = None
    besoin.save(update_fields=["statut", "partenaire", "offre", "oriente_le", "resolu_le", "modifie_le"])
    _toucher(besoin.demande_id)
    avancement_signaler(demande=besoin.demande, besoin=besoin)
    return besoin, evenement


@transaction.atomic
def besoin_orienter(
    *, besoin: Besoin, partenaire: Partenaire, auteur: AbstractBaseUser, commentaire: str = ""
) -> Besoin:
    """Refers a need to a partner of the directory: status « orienté », date, timeline row, e-mail."""
    besoin, _ = _orienter(
        besoin, type_evenement=TypeEvenement.ORIENTATION, partenaire=partenaire, auteur=auteur, commentaire=commentaire
    )
    return besoin


@transaction.atomic
def besoin_orienter_offre(*, besoin: Besoin, offre: Offre, auteur: AbstractBaseUser, commentaire: str = "") -> Besoin:
    """Refers a housing or internship need to a published offer of that kind, « like to a partner »: the same
    status, date, timeline row and progress e-mail to the requester (which names the offer), and an e-mail to
    the offer's owner through the generic outbox saying that the hotline will put them in touch — with the
    agent's name and the hotline's contact, nothing about the person (notifications.py)."""

    def verifier(besoin: Besoin) -> None:
        if offre.type not in TYPES_OFFRE_PAR_BESOIN.get(besoin.type, []):
            raise ActionImpossible(
                f"L’offre « {offre.titre} » ({offre.get_type_display().lower()}) ne répond pas à un besoin "
                f"« {besoin.get_type_display()} »."
            )
        if not Offre.objects.publiees().filter(pk=offre.pk).exists():
            raise ActionImpossible(f"L’offre « {offre.titre} » n’est plus publiée : choisissez-en une autre.")

    besoin, evenement = _orienter(
        besoin,
        type_evenement=TypeEvenement.ORIENTATION_OFFRE,
        offre=offre,
        auteur=auteur,
        commentaire=commentaire,
        verifier=verifier,
    )
    courriel_programmer(type=COURRIEL_ORIENTATION_OFFRE, objet_id=evenement.pk)
    return besoin


@transaction.atomic
def besoin_modifier(
    *,
    besoin: Besoin,
    auteur: AbstractBaseUser,
    agent: AbstractBaseUser | None,
    echeance: date | None,
) -> Besoin:
    """Assignee and due date of a need (the inline of the case page); a timeline row for each change."""
    # the previous agent is read after the lock (a join in the locking query could return a stale agent when a
    # colleague changed it meanwhile: PostgreSQL re-reads only the locked row)
    besoin = _besoin_verrouille(besoin)
    champs = []
    if besoin.agent_id != (agent.pk if agent else None):
        Evenement.objects.create(
            demande_id=besoin.demande_id,
            besoin=besoin,
            type=TypeEvenement.ASSIGNATION,
            de=_nom(besoin.agent if besoin.agent_id else None),
            vers=_nom(agent),
            auteur=auteur,
        )
        besoin.agent = agent
        champs.append("agent")
    if besoin.echeance != echeance:
        Evenement.objects.create(
            demande_id=besoin.demande_id,
            besoin=besoin,
            type=TypeEvenement.ETAPE,
            de=f"échéance {besoin.echeance:%d/%m/%Y}" if besoin.echeance else "",
            vers=f"échéance {echeance:%d/%m/%Y}" if echeance else "sans échéance",
            auteur=auteur,
        )
        besoin.echeance = echeance
        champs.append("echeance")
    if champs:
        besoin.save(update_fields=[*champs, "modifie_le"])
        _toucher(besoin.demande_id)
    return besoin


# --- messages, notes, documents ---------------------------------------------------------------------------
@transaction.atomic
def message_hotline_envoyer(*, demande: Demande, auteur: AbstractBaseUser, corps: str) -> Message:
    """A message to the requester: shown in their space and e-mailed (after commit). The first one sets the
    first-answer date the back office measures delays against."""
    corps = corps.strip()
    if not corps:
        raise ActionImpossible("Le message est vide.")
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    _verifier_non_anonymisee(demande)
    maintenant = timezone.now()
    message = Message.objects.create(
        demande=demande, auteur=auteur, de_demandeur=False, corps=corps, cree_le=maintenant
    )
    Evenement.objects.create(demande=demande, type=TypeEvenement.MESSAGE_HOTLINE, auteur=auteur, cree_le=maintenant)
    _premiere_reponse(demande, maintenant)
    _toucher(demande.pk)
    notification_programmer(demande=demande, type=TypeNotification.MESSAGE_HOTLINE, message=message)
    return message


@transaction.atomic
def note_ajouter(
    *, demande: Demande, auteur: AbstractBaseUser, corps: str, besoin: Besoin | None = None
) -> NoteInterne:
    """A note between staff members, never shown to the requester (the timeline row carries no text)."""
    corps = corps.strip()
    if not corps:
        raise ActionImpossible("La note est vide.")
    _verifier_non_anonymisee(demande)
    note = NoteInterne.objects.create(demande=demande, besoin=besoin, auteur=auteur, corps=corps)
    Evenement.objects.create(demande=demande, besoin=besoin, type=TypeEvenement.NOTE, auteur=auteur)
    _toucher(demande.pk)
    return note


@transaction.atomic
def document_partager(*, demande: Demande, auteur: AbstractBaseUser, titre: str, fichier) -> Document:
    """A file shared with the requester (downloadable from their space): a type allowed by its content and a
    size limit (bienvenuedoc/utils/fichiers.py), checked here too for callers that are not the admin's form."""
    _verifier_non_anonymisee(demande)
    try:
        valider_document(fichier)
    except ValidationError as exc:
        raise ActionImpossible(" ".join(exc.messages)) from exc
    document = Document(demande=demande, auteur=auteur, titre=titre.strip())
    document.fichier.save(fichier.name, fichier, save=False)
    document.save()
    Evenement.objects.create(demande=demande, type=TypeEvenement.DOCUMENT, vers=document.titre[:100], auteur=auteur)
    _toucher(demande.pk)
    return document


@transaction.atomic
def etape_modifier(
    *, etape: Etape, auteur: AbstractBaseUser, statut: StatutEtape | str, echeance: date | None
) -> Etape:
    """Status and due date of a checklist step (visible to the requester)."""
    etape = Etape.objects.select_for_update(of=("self",)).select_related("demande").get(pk=etape.pk)
    _verifier_non_anonymisee(etape.demande)
    statut = StatutEtape(statut)
    if etape.statut == statut and etape.echeance == echeance:
        return etape
    Evenement.objects.create(
        demande_id=etape.demande_id,
        type=TypeEvenement.ETAPE,
        de=f"{etape.titre[:60]} : {etape.get_statut_display()}",
        vers=f"{etape.titre[:60]} : {statut.label}",
        auteur=auteur,
        commentaire=f"Échéance : {echeance:%d/%m/%Y}" if echeance and echeance != etape.echeance else "",
    )
    etape.statut = statut
    etape.echeance = echeance
    etape.faite_le = (etape.faite_le or timezone.now()) if statut == StatutEtape.FAIT else None
    etape.save(update_fields=["statut", "echeance", "faite_le"])
    _toucher(etape.demande_id)
    return etape
