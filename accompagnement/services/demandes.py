"""Intake of a request and what the requester does from their private space.

Every write is atomic and leaves a timeline row (Evenement, `par_demandeur=True`); e-mails go through the
outbox (`notification_programmer`), so they leave only once the transaction has committed.

`Demande.derniere_action_le` tracks the *hotline's* actions (the back office filters cases with "no action
for N days"): what the requester does here (message, complement, withdrawal) never bumps it, otherwise a
requester writing to an unanswered case would hide it from that filter.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from observatoire.models import EPCI, Commune

from ..enums import (
    TRANSITIONS_DEMANDE,
    ProfilDemandeur,
    StatutBesoin,
    StatutDemande,
    TypeEvenement,
    TypeNotification,
)
from ..models import Besoin, Demande, Etape, Evenement, Message, ModeleEtape, Notification
from .notifications import notification_programmer, notifications_programmer

# A person asking again and again for a new link gets at most one e-mail per request in this interval.
INTERVALLE_LIEN_ACCES = timedelta(minutes=10)


class ActionImpossible(Exception):
    """The requester's action is not possible in the request's current state (message shown to them)."""


@dataclass(frozen=True)
class BesoinSaisi:
    type: str
    precision: str = ""
    domaine_conjoint: str = ""
    ages_enfants: str = ""


@dataclass(frozen=True)
class DonneesDemande:
    """What the public form collects, validated (see forms.DemandeForm.donnees())."""

    profil: str
    prenom: str
    nom: str
    email: str
    type_projet: str
    telephone: str = ""
    rpps: str = ""
    specialite: str = ""
    universite: str = ""
    periode_debut: date | None = None
    periode_fin: date | None = None
    communes: list[Commune] = field(default_factory=list)
    epcis: list[EPCI] = field(default_factory=list)
    mode_exercice: str = ""
    structures: list[str] = field(default_factory=list)
    besoins: list[BesoinSaisi] = field(default_factory=list)
    message: str = ""


def etapes_instancier(*, demande: Demande) -> list[Etape]:
    """Copies the active checklist templates of the request's project type (the students' ones for a
    student profile) onto the request; due dates count from the reception date."""
    modeles = ModeleEtape.objects.filter(
        actif=True,
        type_projet=demande.type_projet,
        pour_etudiants=demande.profil in ProfilDemandeur.etudiants(),
    ).order_by("ordre", "pk")
    debut = timezone.localdate(demande.recue_le)
    etapes = [
        Etape(
            demande=demande,
            modele=modele,
            ordre=modele.ordre,
            titre=modele.titre,
            organisme=modele.organisme,
            description=modele.description,
            lien=modele.lien,
            echeance=debut + timedelta(days=modele.delai_jours) if modele.delai_jours is not None else None,
        )
        for modele in modeles
    ]
    return Etape.objects.bulk_create(etapes)


def demande_de_l_envoi(cle_envoi: str | None) -> Demande | None:
    """The request created by the form display that carried this key (None: no key, or nothing created yet)."""
    if not cle_envoi:
        return None
    return Demande.objects.filter(cle_envoi=cle_envoi).only("pk", "uuid").first()


def demande_creer(*, donnees: DonneesDemande, cle_envoi: str | None = None) -> Demande:
    """Saves a request with its needs, its checklist and a creation event, then queues the acknowledgement
    (with the private link) to the requester and the alert to the hotline. Nothing is sent before commit.

    Idempotent per form display: `cle_envoi` is the random key of the form the person filled in. When a request
    already carries it (the same form sent again after Back, or a double click), that request is returned and
    nothing is created, acknowledged or alerted twice. The unique constraint on the key decides, without a
    lookup beforehand (the public view has already looked, before its rate limit): the insert of a known key
    fails at once, and so does the second of two submissions racing each other (it waits for the first to
    commit); what it had written is rolled back (its whole transaction, or its savepoint when the caller holds
    one) and the request that carries the key is returned."""
    try:
        return _demande_enregistrer(donnees=donnees, cle_envoi=cle_envoi or None)
    except IntegrityError:
        existante = demande_de_l_envoi(cle_envoi)
        if existante is None:
            raise
        return existante


@transaction.atomic  # outermost: one transaction; inside the caller's: a savepoint that an IntegrityError undoes
def _demande_enregistrer(*, donnees: DonneesDemande, cle_envoi: str | None) -> Demande:
    maintenant = timezone.now()
    demande = Demande.objects.create(
        cle_envoi=cle_envoi,
        profil=donnees.profil,
        prenom=donnees.prenom,
        nom=donnees.nom,
        email=donnees.email,
        telephone=donnees.telephone,
        rpps=donnees.rpps,
        specialite=donnees.specialite,
        universite=donnees.universite if donnees.profil in ProfilDemandeur.etudiants() else "",
        type_projet=donnees.type_projet,
        periode_debut=donnees.periode_debut,
        periode_fin=donnees.periode_fin,
        mode_exercice=donnees.mode_exercice,
        structures=list(donnees.structures),
        message=donnees.message,
        consentement_le=maintenant,
        recue_le=maintenant,
        derniere_action_le=maintenant,
    )
    # a new request has no link yet: the rows are inserted directly (`.set()` would first read the links)
    Demande.communes.through.objects.bulk_create(
        [Demande.communes.through(demande=demande, commune=commune) for commune in dict.fromkeys(donnees.communes)]
    )
    Demande.epcis.through.objects.bulk_create(
        [Demande.epcis.through(demande=demande, epci=epci) for epci in dict.fromkeys(donnees.epcis)]
    )
    Besoin.objects.bulk_create(
        [
            Besoin(
                demande=demande,
                type=besoin.type,
                precision=besoin.precision,
                domaine_conjoint=besoin.domaine_conjoint,
                ages_enfants=besoin.ages_enfants,
                cree_le=maintenant,
            )
            for besoin in donnees.besoins
        ]
    )
    etapes_instancier(demande=demande)
    Evenement.objects.create(demande=demande, type=TypeEvenement.CREATION, par_demandeur=True, cree_le=maintenant)
    notifications_programmer(
        demande=demande, types=[TypeNotification.ACCUSE_RECEPTION, TypeNotification.NOUVELLE_DEMANDE]
    )
    return demande


def _verrouiller_ouverte(demande: Demande) -> Demande:
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    if demande.anonymisee_le:
        raise ActionImpossible("Les données de cette demande ont été supprimées.")
    if demande.statut == StatutDemande.RETIREE:
        raise ActionImpossible("Cette demande a été retirée : vous pouvez en déposer une nouvelle.")
    return demande


@transaction.atomic
def demande_ajouter_complement(*, demande: Demande, texte: str) -> Evenement:
    """The requester adds information to their request: a timeline entry the hotline reads, and an alert."""
    demande = _verrouiller_ouverte(demande)
    evenement = Evenement.objects.create(
        demande=demande, type=TypeEvenement.COMPLEMENT, par_demandeur=True, commentaire=texte.strip()
    )
    notification_programmer(demande=demande, type=TypeNotification.MESSAGE_DEMANDEUR)
    return evenement


@transaction.atomic
def message_demandeur_envoyer(*, demande: Demande, corps: str) -> Message:
    """A message from the requester in the thread; the referent (or the hotline) is e-mailed.
    Does not bump `derniere_action_le` (see the module docstring)."""
    demande = _verrouiller_ouverte(demande)
    message = Message.objects.create(demande=demande, de_demandeur=True, corps=corps.strip())
    Evenement.objects.create(demande=demande, type=TypeEvenement.MESSAGE_DEMANDEUR, par_demandeur=True)
    notification_programmer(demande=demande, type=TypeNotification.MESSAGE_DEMANDEUR, message=message)
    return message


@transaction.atomic
def demande_retirer(*, demande: Demande, motif: str = "") -> Demande:
    """The requester withdraws the request: status « retirée » (per TRANSITIONS_DEMANDE), open needs closed
    « sans suite », closing date set, hotline alerted."""
    demande = _verrouiller_ouverte(demande)
    if StatutDemande.RETIREE not in TRANSITIONS_DEMANDE[StatutDemande(demande.statut)]:
        raise ActionImpossible("Cette demande est close : elle ne peut plus être retirée.")
    maintenant = timezone.now()
    evenements = [
        Evenement(
            demande=demande,
            type=TypeEvenement.RETRAIT,
            de=demande.statut,
            vers=StatutDemande.RETIREE,
            par_demandeur=True,
            commentaire=motif.strip(),
            cree_le=maintenant,
        )
    ]
    besoins_ouverts = list(demande.besoins.filter(statut__in=StatutBesoin.ouverts()))
    for besoin in besoins_ouverts:
        evenements.append(
            Evenement(
                demande=demande,
                besoin=besoin,
                type=TypeEvenement.STATUT_BESOIN,
                de=besoin.statut,
                vers=StatutBesoin.SANS_SUITE,
                par_demandeur=True,
                commentaire="Demande retirée par le demandeur.",
                cree_le=maintenant,
            )
        )
    Besoin.objects.filter(pk__in=[b.pk for b in besoins_ouverts]).update(
        statut=StatutBesoin.SANS_SUITE, modifie_le=maintenant
    )
    Evenement.objects.bulk_create(evenements)
    demande.statut = StatutDemande.RETIREE
    demande.cloturee_le = maintenant
    demande.save(update_fields=["statut", "cloturee_le", "modifiee_le"])
    notification_programmer(demande=demande, type=TypeNotification.MESSAGE_DEMANDEUR)
    return demande


@transaction.atomic
def demande_suppression_demander(*, demande: Demande) -> Demande:
    """The requester asks for the deletion of their data (right to erasure). Recorded and the hotline is
    alerted; the back office anonymises the case (statistics are kept). Asking twice changes nothing."""
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    if demande.anonymisee_le:
        raise ActionImpossible("Les données de cette demande ont déjà été supprimées.")
    if demande.suppression_demandee_le:
        return demande
    demande.suppression_demandee_le = timezone.now()
    demande.save(update_fields=["suppression_demandee_le", "modifiee_le"])
    Evenement.objects.create(demande=demande, type=TypeEvenement.SUPPRESSION_DEMANDEE, par_demandeur=True)
    notification_programmer(demande=demande, type=TypeNotification.MESSAGE_DEMANDEUR)
    return demande


@transaction.atomic
def lien_acces_renvoyer(*, email: str) -> int:
    """Queues a new private link for every request (not anonymised) made with this address. The caller
    always shows the same neutral answer, whatever the address, so it cannot be used to probe who asked for
    help. A request that got a link less than INTERVALLE_LIEN_ACCES ago gets none (no mail-bombing).
    Returns how many links were queued (for tests and logs; never shown to the user)."""
    email = (email or "").strip()
    if not email:
        return 0
    recemment = Notification.objects.filter(
        type=TypeNotification.LIEN_ACCES, creee_le__gte=timezone.now() - INTERVALLE_LIEN_ACCES
    )
    demandes = (
        Demande.objects.non_anonymisees()
        .filter(email__iexact=email)
        .exclude(Q(pk__in=recemment.values("demande_id")))
        .select_for_update(of=("self",))
    )
    nombre = 0
    for demande in demandes:
        notification_programmer(demande=demande, type=TypeNotification.LIEN_ACCES)
        nombre += 1
    return nombre


def messages_hotline_marquer_lus(*, demande: Demande) -> int:
    """The requester has opened their space: the hotline's messages shown there are marked as read."""
    return Message.objects.filter(demande=demande, de_demandeur=False, lu_le__isnull=True).update(lu_le=timezone.now())
