"""Reads of the public pages (directory, partner page, aid catalogue, simulator), each with a fixed number
of queries whatever the number of partners or aids."""

from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch

from observatoire.models import EPCI
from observatoire.selectors import communes_libelles

from .eligibilite import Reponses
from .enums import ProfilSimulateur, TypeAide, TypeBesoin, TypeProjet
from .models import AideFinanciere, Partenaire, ServicePartenaire

PARTENAIRES_PAR_PAGE = 20
URL_DEMANDE = "/demande/"  # the request form of the accompagnement app (a higher layer: no import)

# Simulator answers → the values the request form reads (GET parameters of /demande/).
PROFIL_DEMANDE = {
    ProfilSimulateur.ETUDIANT: "externe",
    ProfilSimulateur.INTERNE: "interne",
    ProfilSimulateur.DOCTEUR_JUNIOR: "docteur_junior",
    ProfilSimulateur.REMPLACANT: "remplacant",
    ProfilSimulateur.MEDECIN_INSTALLE: "medecin_generaliste",
}
PROJET_DEMANDE = {
    TypeProjet.INSTALLATION: "installation",
    TypeProjet.CABINET_SECONDAIRE: "installation",
    TypeProjet.REMPLACEMENT: "remplacement",
    TypeProjet.STAGE: "stage",
    TypeProjet.POSTE_SALARIE: "poste_salarie",
    TypeProjet.DECOUVERTE: "decouverte",
}


# --- Directory ------------------------------------------------------------------------------------------
def partenaires_annuaire(
    *, texte: str = "", type: str = "", besoin: str = "", epci: EPCI | None = None, page: int | str = 1
) -> Page:
    """Published partners matching the filters, one page of them, with their services: 3 queries
    (count, rows, services)."""
    qs = Partenaire.objects.publies()
    if texte:
        qs = qs.recherche(texte)
    if type:
        qs = qs.filter(type=type)
    if besoin:
        qs = qs.avec_service(besoin)
    if epci is not None:
        qs = qs.couvrant_epci(epci.pk)
    qs = qs.only(
        "nom", "slug", "type", "description", "ville", "code_postal", "latitude", "longitude", "est_demo", "logo"
    ).prefetch_related(Prefetch("services", queryset=ServicePartenaire.objects.order_by("type_besoin")))
    return Paginator(qs.order_by("nom", "pk"), PARTENAIRES_PAR_PAGE).get_page(page)


def partenaires_carte(partenaires) -> list[dict]:
    """The map's data for the partners listed (the list on the page is its equivalent)."""
    return [
        {
            "nom": p.nom,
            "type": p.get_type_display(),
            "ville": p.ville,
            "url": p.get_absolute_url(),
            "lat": p.latitude,
            "lon": p.longitude,
        }
        for p in partenaires
        if p.a_coordonnees
    ]


def epcis_du_departement(code_departement: str):
    return EPCI.objects.sans_contour().filter(communes__departement__code=code_departement).distinct().order_by("nom")


def partenaire_public(slug: str) -> Partenaire:
    """A published partner with what its public page shows (internal contact deferred, never shown)."""
    aides = AideFinanciere.objects.publiees().valides().only("nom", "slug", "resume", "financeur_id")
    return (
        Partenaire.objects.publies()
        .defer("contact_interne_nom", "contact_interne_email", "contact_interne_telephone", "notes_internes")
        .prefetch_related(
            Prefetch("services", queryset=ServicePartenaire.objects.order_by("type_besoin")),
            Prefetch("epcis_couverts", queryset=EPCI.objects.sans_contour().only("nom").order_by("nom")),
            Prefetch("aides_financees", queryset=aides.order_by("ordre", "nom")),
        )
        .annotate(nb_communes_couvertes=Count("communes_couvertes", distinct=True))
        .get(slug=slug)
    )


# --- Aids -----------------------------------------------------------------------------------------------
def aides_catalogue() -> dict:
    """Aids in force grouped by nature, and closed schemes kept for memory. 2 queries."""
    en_vigueur = list(AideFinanciere.objects.publiees().valides().select_related("financeur"))
    fermees = list(AideFinanciere.objects.publiees().fermees().select_related("financeur"))
    groupes = []
    for valeur, libelle in TypeAide.choices:
        aides = [a for a in en_vigueur if a.type == valeur]
        if aides:
            groupes.append({"type": valeur, "libelle": libelle, "aides": aides})
    return {"groupes": groupes, "nombre": len(en_vigueur), "fermees": fermees}


def lien_accompagnement(reponses: Reponses, aide: AideFinanciere | None = None) -> str:
    """/demande/ with the simulator's answers as GET parameters the request form reads."""
    params = [
        ("profil", PROFIL_DEMANDE[reponses.profil]),
        ("type_projet", PROJET_DEMANDE[reponses.type_projet]),
    ]
    if reponses.commune is not None:
        params.append(("commune", reponses.commune.code_insee))
    elif reponses.epci is not None:
        params.append(("epci", reponses.epci.siren))
    params.append(("mode_exercice", reponses.mode_exercice))
    params.append(("besoins", TypeBesoin.AIDES_FINANCIERES.value))
    if aide is not None:
        if aide.type == TypeAide.LOGEMENT:
            params.append(("besoins", TypeBesoin.LOGEMENT.value))
        params.append(("aide", aide.slug))
    return f"{URL_DEMANDE}?{urlencode(params)}"


def lien_demande_partenaire(partenaire: Partenaire) -> str:
    """/demande/ pre-filled with the needs this partner handles."""
    besoins = [s.type_besoin for s in partenaire.services.all()] or [TypeBesoin.DEMARCHES_ADMINISTRATIVES.value]
    return f"{URL_DEMANDE}?{urlencode([('besoins', b) for b in besoins])}"


# --- Communes ----------------------------------------------------------------------------------------------
def communes_suggestions(code_departement: str) -> list[str]:
    """The département's communes as « Nom (code postal) » for the field's datalist (works without JS); what
    is typed is resolved by observatoire.selectors.commune_resoudre, like every commune field."""
    return communes_libelles(code_departement)
