"""The observatory's key figures for the pages of the lower layer (the home page, which may not import this app):
`{% load observatoire_blocs %}{% chiffres_cles %}`.

Computed from `synthese_territoire` (3 queries) and the département's line of `tableau_de_bord` (8 queries), then
kept in the cache under the outlines' version that every territory import bumps (observatoire/carte.py) and for
an hour at most (a health-data import shows within the hour): no query on a hit, one cache read."""

from django import template
from django.conf import settings
from django.core.cache import cache

from .. import carte
from ..indicateurs import tableau_de_bord
from ..selectors import synthese_territoire

register = template.Library()
DUREE_CACHE = 3600


def chiffres_cles_du_departement(code_departement: str) -> dict:
    cle = f"observatoire:chiffres-cles:{carte.version()}:{code_departement}"
    chiffres = cache.get(cle)
    if chiffres is None:
        synthese = synthese_territoire(code_departement)
        departement = tableau_de_bord(code_departement, public=True).departement
        chiffres = {
            "nombre_communes": synthese["nombre_communes"],
            "nombre_epci": synthese["nombre_epci"],
            "population": synthese["population"],
            "annee_population": synthese["annee_population"],
            "medecins": departement.medecins,
            "densite": departement.densite,
            "apl": departement.apl,
            "communes_sans_medecin": departement.communes_sans_medecin,
        }
        cache.set(cle, chiffres, DUREE_CACHE)
    return chiffres


@register.inclusion_tag("observatoire/_chiffres_accueil.html")
def chiffres_cles():
    return {"chiffres": chiffres_cles_du_departement(settings.DEPARTEMENT)}
