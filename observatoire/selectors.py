"""Reads of the territory reference and the observatory, each with a fixed number of queries."""

from django.db.models import Count, F, Max, Q, Sum

from .models import EPCI, Commune, Departement


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
