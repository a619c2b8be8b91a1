"""Reads for the requester's private space: a fixed number of queries whatever the number of needs,
steps, messages and documents (tests/accompagnement/test_espace_requetes.py)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone

from bienvenuedoc.models import configuration_courante
from bienvenuedoc.utils.calendrier import ajouter_jours_ouvres
from observatoire.models import EPCI, Commune
from partenaires.enums import CategorieBesoin, TypeBesoin

from ..enums import ProfilDemandeur, StatutBesoin, StatutDemande, StatutEtape, StructureExercice, TypeEvenement
from ..models import Besoin, Demande, Document, Etape, Evenement, Message, ProfilAgent


def date_cible_premiere_reponse(recue_le: datetime, jours_ouvres: int) -> date:
    """The last working day on which the first answer is on time (the back office marks the case late the
    working day after: see selectors.backoffice.demande_en_retard)."""
    return ajouter_jours_ouvres(timezone.localdate(recue_le), jours_ouvres)


@dataclass(frozen=True)
class Referent:
    nom: str
    fonction: str
    telephone_direct: str
    email: str
    a_photo: bool


@dataclass(frozen=True)
class GroupeBesoins:
    libelle: str
    besoins: list[Besoin]


@dataclass(frozen=True)
class Espace:
    demande: Demande
    referent: Referent | None
    date_cible_reponse: date
    reponse_en_attente: bool
    groupes_besoins: list[GroupeBesoins]
    etapes: list[Etape]
    messages: list[Message]
    documents: list[Document]
    communes: list
    epcis: list
    complements: list[Evenement]  # what the requester added with « Compléter ma demande », oldest first

    @property
    def structures(self) -> list[str]:
        """The desired practice structures, as labels."""
        libelles = dict(StructureExercice.choices)
        return [libelles.get(code, code) for code in self.demande.structures or []]

    @property
    def montre_universite(self) -> bool:
        """The faculty is asked of students only; shown to them (even empty) and to anyone who gave one."""
        return bool(self.demande.universite) or self.demande.profil in ProfilDemandeur.etudiants()

    @property
    def ouverte(self) -> bool:
        return self.demande.statut in StatutDemande.ouverts()

    @property
    def peut_ecrire(self) -> bool:
        return self.demande.statut != StatutDemande.RETIREE

    @property
    def peut_retirer(self) -> bool:
        return self.ouverte

    @property
    def etapes_faites(self) -> int:
        return sum(1 for etape in self.etapes if etape.statut in (StatutEtape.FAIT, StatutEtape.NON_CONCERNE))

    @property
    def besoins_resolus(self) -> int:
        return sum(1 for groupe in self.groupes_besoins for b in groupe.besoins if b.statut == StatutBesoin.RESOLU)


def _referent(demande: Demande) -> Referent | None:
    user = demande.referent
    if user is None:
        return None
    try:
        profil = user.profil_agent
    except ProfilAgent.DoesNotExist:
        profil = None
    return Referent(
        nom=user.get_full_name() or user.get_username(),
        fonction=profil.fonction if profil else "",
        telephone_direct=profil.telephone_direct if profil else "",
        email=user.email,
        a_photo=bool(profil and profil.photo),
    )


def espace_demande(*, demande_pk: int) -> Espace:
    """Everything the requester's space shows — all the hotline holds about the person (their right of
    access) — in 8 queries: the request with its referent and their profile, needs with their partner or
    offer, steps, messages with their author, documents, communes, EPCIs, the complements the person added."""
    demande = (
        Demande.objects.select_related("referent", "referent__profil_agent")
        .prefetch_related(
            Prefetch("besoins", queryset=Besoin.objects.select_related("partenaire", "offre").order_by("pk")),
            Prefetch("etapes", queryset=Etape.objects.order_by("ordre", "pk")),
            Prefetch("messages", queryset=Message.objects.select_related("auteur").order_by("cree_le", "pk")),
            Prefetch("documents", queryset=Document.objects.order_by("-cree_le", "-pk")),
            Prefetch("communes", queryset=Commune.objects.sans_contour().order_by("nom")),
            Prefetch("epcis", queryset=EPCI.objects.sans_contour().order_by("nom")),
            Prefetch(
                "evenements",
                queryset=Evenement.objects.filter(type=TypeEvenement.COMPLEMENT).order_by("cree_le", "pk"),
                to_attr="complements",
            ),
        )
        .get(pk=demande_pk)
    )
    besoins = list(demande.besoins.all())
    groupes = []
    for categorie in CategorieBesoin:
        du_groupe = [b for b in besoins if TypeBesoin.categorie(b.type) == categorie]
        if du_groupe:
            groupes.append(GroupeBesoins(libelle=categorie.label, besoins=du_groupe))
    date_cible = date_cible_premiere_reponse(demande.recue_le, configuration_courante().delai_premiere_reponse_jours)
    return Espace(
        demande=demande,
        referent=_referent(demande),
        date_cible_reponse=date_cible,
        reponse_en_attente=demande.premiere_reponse_le is None and demande.statut == StatutDemande.NOUVELLE,
        groupes_besoins=groupes,
        etapes=list(demande.etapes.all()),
        messages=list(demande.messages.all()),
        documents=list(demande.documents.all()),
        communes=list(demande.communes.all()),
        epcis=list(demande.epcis.all()),
        complements=demande.complements,
    )


def document_de_demande(*, demande: Demande, document_uuid) -> Document | None:
    return Document.objects.filter(demande=demande, uuid=document_uuid).first()


def photo_referent(*, demande: Demande):
    """The referent's photo file for this request, or None."""
    if not demande.referent_id:
        return None
    profil = ProfilAgent.objects.filter(user_id=demande.referent_id).exclude(photo="").first()
    return profil.photo if profil else None
