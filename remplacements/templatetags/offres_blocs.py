"""Blocks of offers shown on the pages of the lower layers (the home page, a territory page), which may not import
this app: `{% load offres_blocs %}{% offres_recentes 3 %}`, `{% offres_du_territoire epci.pk %}`. One query each
(the total comes with the rows)."""

from django import template
from django.db.models import Count, Window

from ..selectors import offres_publiques

register = template.Library()


def _avec_total(offres, limite: int) -> dict:
    lignes = list(offres.annotate(total=Window(Count("pk"))).order_by("-publiee_le", "-pk")[:limite])
    return {"offres": lignes, "total": lignes[0].total if lignes else 0}


@register.inclusion_tag("remplacements/_offres_bloc.html")
def offres_recentes(limite: int = 3, niveau_titre: int = 3):
    return {**_avec_total(offres_publiques(), limite), "niveau_titre": niveau_titre, "epci_id": None}


@register.inclusion_tag("remplacements/_offres_bloc.html")
def offres_du_territoire(epci_id: int, limite: int = 6, niveau_titre: int = 3):
    return {
        **_avec_total(offres_publiques().filter(commune__epci_id=epci_id), limite),
        "niveau_titre": niveau_titre,
        "epci_id": epci_id,
    }
