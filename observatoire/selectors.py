"""Reads of the territory reference and the observatory, each with a fixed number of queries."""

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Max, Q, Sum, Value, When

from .models import EPCI, Commune, Departement
from .texte import normaliser_nom


def synthese_territoire(code_departement: str) -> dict:
    """Key figures of a département and its EPCI table, in three queries whatever the number of rows.

    An EPCI can span two départements: its row gives the communes and the population *in this département*
    and, separately, its total number of communes."""
    departement = Departement.objects.sans_contour().filter(code=code_departement).first()
    communes = Commune.objects.filter(departement__code=code_departement)
    totaux = communes.aggregate(
        nombre_communes=Count("id"),
        population=Sum("population"),
        annee_population=Max("population_annee"),
        communes_sans_epci=Count("id", filter=Q(epci__isnull=True)),
    )
    dans_departement = Q(communes__departement__code=code_departement)
    epcis = list(
        EPCI.objects.sans_contour()
        .filter(pk__in=communes.filter(epci__isnull=False).values("epci"))
        .annotate(
            communes_dans_departement=Count("communes", filter=dans_departement),
            communes_total=Count("communes"),
            population_dans_departement=Sum("communes__population", filter=dans_departement),
        )
        .order_by(F("population_dans_departement").desc(nulls_last=True), "nom")
    )
    return {
        "departement": departement,
        "nombre_communes": totaux["nombre_communes"],
        "population": totaux["population"] or 0,
        "annee_population": totaux["annee_population"],
        "communes_sans_epci": totaux["communes_sans_epci"],
        "nombre_epci": len(epcis),
        "epcis": epcis,
    }


def departement_courant() -> Departement | None:
    """The Departement of this deployment (settings.DEPARTEMENT), without its contour; None before the import."""
    return Departement.objects.sans_contour().filter(code=settings.DEPARTEMENT).first()


def communes_du_departement(code: str):
    """The communes of a département, by name, without contours, with their EPCI (one query)."""
    return (
        Commune.objects.sans_contour()
        .filter(departement__code=code)
        .select_related("epci")
        .defer("epci__contour")
        .order_by("nom_normalise", "code_insee")
    )


def epcis_du_departement(code: str):
    """EPCI with at least one commune in the département (an EPCI may span two), by name, without contours."""
    return (
        EPCI.objects.sans_contour()
        .filter(pk__in=Commune.objects.filter(departement__code=code, epci__isnull=False).values("epci"))
        .order_by("nom")
    )


def commune_recherche(texte: str, departement: str | None = None, limite: int = 20):
    """Communes matching a name (case and accents ignored), an INSEE code or a postal code; exact matches
    and names starting with the text first. `departement`: a COG code to restrict to. One query."""
    texte = (texte or "").strip()
    communes = Commune.objects.sans_contour().select_related("departement").defer("departement__contour")
    if departement:
        communes = communes.filter(departement__code=departement)
    if not texte:
        return communes.none()
    nom = normaliser_nom(texte)
    if texte.isdigit() or (texte[:2].upper() in ("2A", "2B") and texte[2:].isdigit()):
        filtre = Q(code_insee__istartswith=texte) | Q(codes_postaux__contains=texte)
        rang = Case(
            When(code_insee__iexact=texte, then=Value(0)),
            When(codes_postaux__contains=texte, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    else:
        filtre = Q(nom_normalise__contains=nom)
        rang = Case(
            When(nom_normalise=nom, then=Value(0)),
            When(nom_normalise__startswith=nom, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    return (
        communes.filter(filtre)
        .annotate(rang=rang)
        .order_by("rang", F("population").desc(nulls_last=True), "nom")[:limite]
    )
