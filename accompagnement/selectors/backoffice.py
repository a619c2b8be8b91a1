"""Reads of the hotline's back office: the first-answer deadline, the annotated case list,
the case page's timeline and thread, the team's workload. Each with a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from bienvenuedoc.models import configuration_courante
from bienvenuedoc.utils.calendrier import est_ouvre, jours_ouvres_entre

from ..enums import TYPES_OFFRE_PAR_BESOIN, StatutBesoin, StatutDemande
from ..models import Besoin, Demande, Evenement, Message


# --- the first-answer deadline (working days from bienvenuedoc.utils.calendrier) ---------------------------
def limite_reception_en_retard(delai_jours: int, aujourdhui: date | None = None) -> datetime:
    """A case still waiting for its first answer is late when more than `delai_jours` working days have passed
    since the day it was received: this returns the instant before which such a case was received."""
    jour = aujourdhui or timezone.localdate()
    comptes = 0
    while True:
        if est_ouvre(jour):
            comptes += 1
            if comptes == delai_jours + 1:
                break
        jour -= timedelta(days=1)
    # received on a day strictly before `jour` → late
    return timezone.make_aware(datetime.combine(jour, time.min))


def filtre_en_retard(delai_jours: int | None = None) -> Q:
    """Q() of the open cases still waiting for a first answer beyond the target delay."""
    if delai_jours is None:
        delai_jours = configuration_courante().delai_premiere_reponse_jours
    return Q(
        statut__in=StatutDemande.ouverts(),
        premiere_reponse_le__isnull=True,
        recue_le__lt=limite_reception_en_retard(delai_jours),
    )


def demande_en_retard(demande: Demande, delai_jours: int, aujourdhui: date | None = None) -> bool:
    if demande.premiere_reponse_le or demande.statut not in StatutDemande.ouverts():
        return False
    aujourdhui = aujourdhui or timezone.localdate()
    return jours_ouvres_entre(timezone.localtime(demande.recue_le).date(), aujourdhui) > delai_jours


# --- the case list --------------------------------------------------------------------------------------
def besoins_ouverts_compte():
    """Subquery: number of open needs of the outer case (no join: filters on needs don't skew it)."""
    return Coalesce(
        Subquery(
            Besoin.objects.filter(demande=OuterRef("pk"), statut__in=StatutBesoin.ouverts())
            .order_by()
            .values("demande")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def demandes_annotees(queryset: QuerySet, delai_jours: int | None = None) -> QuerySet:
    """The case list's queryset: open needs count, late first answer, open-before-closed rank, referent."""
    return queryset.select_related("referent").annotate(
        nb_besoins_ouverts=besoins_ouverts_compte(),
        en_retard=Case(When(filtre_en_retard(delai_jours), then=Value(True)), default=Value(False)),
        rang_statut=Case(When(statut__in=StatutDemande.ouverts(), then=Value(0)), default=Value(1)),
    )


# --- the case page --------------------------------------------------------------------------------------
def demande_chronologie(demande: Demande) -> list[Evenement]:
    return list(
        Evenement.objects.filter(demande=demande).select_related("auteur", "besoin").order_by("-cree_le", "-pk")
    )


def demande_fil_messages(demande: Demande) -> list[Message]:
    return list(Message.objects.filter(demande=demande).select_related("auteur").order_by("cree_le", "pk"))


# --- the team -------------------------------------------------------------------------------------------
def agents_possibles(aussi: Q | None = None) -> QuerySet:
    """Active staff members who may handle cases (superusers, or the view_demande permission through a group
    or directly): the choices of « référent·e » and « chargé·e », the rows of the workload view. `aussi` adds
    users (e.g. whoever still has open work)."""
    peut_suivre = (
        Q(is_superuser=True)
        | Q(groups__permissions__codename="view_demande", groups__permissions__content_type__app_label="accompagnement")
        | Q(user_permissions__codename="view_demande", user_permissions__content_type__app_label="accompagnement")
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(peut_suivre | aussi if aussi is not None else peut_suivre)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# --- workload -------------------------------------------------------------------------------------------
@dataclass
class ChargeAgent:
    agent: object
    demandes_ouvertes: int
    besoins_ouverts: int
    besoins_en_retard: int
    premieres_reponses_en_retard: int


@dataclass
class ChargeEquipe:
    agents: list[ChargeAgent]
    demandes_non_attribuees: int
    demandes_non_attribuees_en_retard: int
    besoins_non_attribues: int
    delai_jours: int


def charge_de_travail() -> ChargeEquipe:
    """Open cases and needs per agent, overdue needs (due date passed), late first answers; what nobody has.
    Three grouped queries (open cases by referent, open needs by agent, the team) whatever the volume."""
    delai = configuration_courante().delai_premiere_reponse_jours
    aujourdhui = timezone.localdate()
    en_retard = filtre_en_retard(delai)
    par_referent = {
        ligne["referent"]: ligne
        for ligne in Demande.objects.ouvertes()
        .non_anonymisees()
        .order_by()
        .values("referent")
        .annotate(n=Count("pk"), retard=Count("pk", filter=en_retard))
    }
    par_agent = {
        ligne["agent"]: ligne
        for ligne in Besoin.objects.ouverts()
        .filter(demande__statut__in=StatutDemande.ouverts())
        .order_by()
        .values("agent")
        .annotate(n=Count("pk"), retard=Count("pk", filter=Q(echeance__lt=aujourdhui)))
    }
    charges = (set(par_referent) | set(par_agent)) - {None}
    agents = agents_possibles(Q(pk__in=charges))
    vide = {"n": 0, "retard": 0}
    lignes = [
        ChargeAgent(
            agent=a,
            demandes_ouvertes=par_referent.get(a.pk, vide)["n"],
            besoins_ouverts=par_agent.get(a.pk, vide)["n"],
            besoins_en_retard=par_agent.get(a.pk, vide)["retard"],
            premieres_reponses_en_retard=par_referent.get(a.pk, vide)["retard"],
        )
        for a in agents
    ]
    return ChargeEquipe(
        agents=lignes,
        demandes_non_attribuees=par_referent.get(None, vide)["n"],
        demandes_non_attribuees_en_retard=par_referent.get(None, vide)["retard"],
        besoins_non_attribues=par_agent.get(None, vide)["n"],
        delai_jours=delai,
    )


# --- offers near the requester's desired communes (remplacements) ------------------------------------------
def offres_pour_besoins(demande: Demande, besoins: list[Besoin]) -> list[dict]:
    """For each housing or internship need of the case, the published offers nearest the desired communes
    ([{besoin, offres}]). One query for the communes, then at most one per commune and kind of need."""
    from remplacements.selectors import offres_proches_des_communes

    utiles = [b for b in besoins if b.type in TYPES_OFFRE_PAR_BESOIN]
    if not utiles:
        return []
    communes = list(demande.communes.sans_contour().only("nom", "latitude", "longitude")[:3])
    if not communes:
        return [{"besoin": besoin, "offres": []} for besoin in utiles]
    return [
        {
            "besoin": besoin,
            "offres": offres_proches_des_communes(types=TYPES_OFFRE_PAR_BESOIN[besoin.type], communes=communes),
        }
        for besoin in utiles
    ]
