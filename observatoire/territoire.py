"""Reads of the territory pages (/territoire/ and /territoire/<siren>/): an EPCI of the département as a place to
live and practise, generated from the reference data (its communes and their population, its general-practice
indicators, its outline) and enriched with the text written by the staff (bienvenuedoc.contenus
PresentationTerritoire). The offers and partners of the territory are the blocks of their own apps (template
tags of remplacements and partenaires: this app may not import them). Fixed number of queries."""

from dataclasses import dataclass

from django.core.cache import cache

from bienvenuedoc.contenus.models import Evenement, PresentationTerritoire

from . import carte
from .indicateurs import Indicateurs, tableau_de_bord
from .models import EPCI, Commune
from .selectors import synthese_territoire

EVENEMENTS_TERRITOIRE = 3
DUREE_CACHE_INDICATEURS = 3600


@dataclass
class Territoire:
    epci: EPCI
    communes: list[dict]
    population: int
    annee_population: int | None
    indicateurs: Indicateurs | None
    presentation: PresentationTerritoire | None
    contour: dict | None
    evenements: list[Evenement]

    @property
    def points_carte(self) -> dict:
        """What the Leaflet map draws: the outline (if any) and the communes' centres; the table of the communes
        on the page is its equivalent."""
        return {
            "contour": self.contour,
            "communes": [
                {"nom": c["nom"], "lat": c["latitude"], "lon": c["longitude"], "population": c["population"]}
                for c in self.communes
                if c["latitude"] is not None and c["longitude"] is not None
            ],
        }


def territoires_du_departement(code_departement: str) -> dict:
    """The EPCI of the département (synthese_territoire: 3 queries) with the published presentations' taglines
    (1 query)."""
    synthese = synthese_territoire(code_departement)
    accroches = dict(
        PresentationTerritoire.objects.filter(
            publie=True, epci_siren__in=[e.siren for e in synthese["epcis"]]
        ).values_list("epci_siren", "accroche")
    )
    for epci in synthese["epcis"]:
        epci.accroche = accroches.get(epci.siren, "")
    return synthese


def indicateurs_epci(siren: str, code_departement: str, *, public: bool = True) -> Indicateurs | None:
    """The line of the EPCI in `tableau_de_bord` (8 queries). The public figures of every EPCI are kept in the
    cache under the version that territory imports bump (observatoire/carte.py), an hour at most (a health-data
    import shows within the hour): no query on a hit. Staff figures (small counts not hidden) are never cached."""
    if not public:
        return next((e for e in tableau_de_bord(code_departement, public=False).epcis if e.code == siren), None)
    cle = f"observatoire:territoire:indicateurs:{carte.version()}:{code_departement}"
    par_siren = cache.get(cle)
    if par_siren is None:
        par_siren = {e.code: e for e in tableau_de_bord(code_departement, public=True).epcis}
        cache.set(cle, par_siren, DUREE_CACHE_INDICATEURS)
    return par_siren.get(siren)


def territoire_epci(siren: str, code_departement: str, *, public: bool = True) -> Territoire | None:
    """An EPCI having communes in the département, None otherwise. 4 queries, plus on a cache miss 8 for the
    indicators and 1 for the outlines, whatever the number of communes, offers or partners."""
    epci = EPCI.objects.sans_contour().filter(siren=siren, communes__departement__code=code_departement).first()
    if epci is None:
        return None
    communes = list(
        Commune.objects.filter(epci=epci, departement__code=code_departement)
        .order_by("-population", "nom")
        .values("code_insee", "nom", "population", "population_annee", "latitude", "longitude")
    )
    indicateurs = indicateurs_epci(siren, code_departement, public=public)
    presentation = PresentationTerritoire.objects.filter(epci_siren=siren, publie=True).first()
    evenements = list(
        Evenement.objects.a_venir().filter(commune_insee__in=[c["code_insee"] for c in communes])[
            :EVENEMENTS_TERRITOIRE
        ]
    )
    contour = next(
        (f["geometry"] for f in carte.geometries(code_departement, "epci")["features"] if f["id"] == siren), None
    )
    return Territoire(
        epci=epci,
        communes=communes,
        population=sum(c["population"] or 0 for c in communes),
        annee_population=max((c["population_annee"] for c in communes if c["population_annee"]), default=None),
        indicateurs=indicateurs,
        presentation=presentation,
        contour=contour,
        evenements=evenements,
    )
