"""The partners of a territory, for the territory pages (observatoire, a lower layer that may not import this
app): `{% load partenaires_blocs %}{% partenaires_du_territoire epci.pk epci.siren %}`. One query (the total
comes with the rows)."""

from django import template
from django.db.models import Count, Window

from ..models import Partenaire

register = template.Library()


@register.inclusion_tag("partenaires/_partenaires_bloc.html")
def partenaires_du_territoire(epci_id: int, epci_siren: str, limite: int = 8):
    lignes = list(
        Partenaire.objects.publies()
        .couvrant_epci(epci_id)
        .only("nom", "slug", "type", "ville", "est_demo")
        .annotate(total=Window(Count("pk")))
        .order_by("couvre_tout_departement", "nom", "pk")[:limite]
    )
    return {"partenaires": lignes, "total": lignes[0].total if lignes else 0, "epci_siren": epci_siren}
