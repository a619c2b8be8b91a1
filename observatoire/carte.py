"""Outlines of the observatory's maps (the choropleth of /observatoire/, the small maps of the territory pages,
the PDF reports): the communes or the EPCI of a département as a GeoJSON FeatureCollection, simplified on the
server (Douglas-Peucker of the territory importer, coordinates rounded to 5 decimals, ≈ 1 m) so that a
département's map stays light (≤ 300 KB compressed for the 319 communes of the 47: tested).

The collection is computed once and kept in the cache under a version that every territory import bumps
(`invalider()`, called by `enregistrer_territoire` after its commit): one query on a cache miss, none after.

Also here: the quantile classes of a choropleth and its colour-blind-safe sequential palette (cividis)."""

import json

from django.core.cache import cache

from .importers.geometrie import GeometrieBrute, arrondir, simplifier
from .models import EPCI, Commune

NIVEAUX = ("communes", "epci")
DECIMALES = 5
# Douglas-Peucker tolerance in degrees (≈ 80 m for a commune, ≈ 150 m for an EPCI): invisible at the scale of
# a département's map, divides the number of points by about three.
TOLERANCES = {"communes": 0.0007, "epci": 0.0014}
CLE_VERSION = "observatoire:carte:version"
FORMAT = 1  # bump when the shape of the collection changes
DUREE_CACHE = 7 * 24 * 3600

# Cividis (Nuñez, Anderton & Renslow 2018), 5 classes, light to dark: readable with every colour-vision
# deficiency and in greyscale; « non disponible » and « secret » are drawn grey and hatched, outside the scale.
PALETTE = ["#fde737", "#c3b369", "#8b8a79", "#5a6b8e", "#00306f"]
COULEUR_SANS_VALEUR = "#d9d9d9"


def version() -> int:
    return cache.get_or_set(CLE_VERSION, 1, timeout=None)


def invalider() -> None:
    """A territory import changed the outlines: the next map recomputes its collection."""
    try:
        cache.incr(CLE_VERSION)
    except ValueError:  # no version yet (or evicted): any new value invalidates
        cache.set(CLE_VERSION, 2, timeout=None)


def _simplifiee(contour: dict | None, tolerance: float) -> dict | None:
    if not contour or contour.get("type") not in ("Polygon", "MultiPolygon"):
        return None
    brute = GeometrieBrute(contour["type"], json.dumps(contour["coordinates"], separators=(",", ":")))
    return arrondir(simplifier(brute, tolerance), DECIMALES).en_dict()


def _calculer(code_departement: str, niveau: str) -> dict:
    if niveau == "communes":
        lignes = (
            Commune.objects.filter(departement__code=code_departement)
            .order_by("code_insee")
            .values_list("code_insee", "nom", "contour")
        )
    else:
        lignes = (
            EPCI.objects.filter(
                pk__in=Commune.objects.filter(departement__code=code_departement, epci__isnull=False).values("epci")
            )
            .order_by("siren")
            .values_list("siren", "nom", "contour")
        )
    features = []
    for code, nom, contour in lignes:
        geometrie = _simplifiee(contour, TOLERANCES[niveau])
        if geometrie is not None:
            features.append(
                {"type": "Feature", "id": code, "properties": {"code": code, "nom": nom}, "geometry": geometrie}
            )
    return {"type": "FeatureCollection", "features": features}


def geometries(code_departement: str, niveau: str) -> dict:
    """The simplified outlines of the département's communes (`niveau` "communes", feature id = INSEE code)
    or of its EPCI (`"epci"`, id = SIREN; an EPCI spanning two départements keeps its whole outline), as a
    GeoJSON FeatureCollection whose features carry `code` and `nom`. Territories without an outline are left
    out. Cached until the next territory import; callers must not mutate the result."""
    if niveau not in NIVEAUX:
        raise ValueError(f"niveau inconnu : {niveau!r} (attendu : {', '.join(NIVEAUX)})")
    cle = f"observatoire:carte:{FORMAT}:{version()}:{code_departement}:{niveau}"
    collection = cache.get(cle)
    if collection is None:
        collection = _calculer(code_departement, niveau)
        cache.set(cle, collection, timeout=DUREE_CACHE)
    return collection


def classes_quantiles(valeurs: list[float], nombre: int = len(PALETTE)) -> list[float]:
    """The upper bounds of at most `nombre` quantile classes of `valeurs` (the last one is the maximum). A value
    shared by many territories (0 GP in most rural communes) makes one class, and the other classes split
    the values above it. Empty for no value."""
    restantes = sorted(v for v in valeurs if v is not None)
    bornes: list[float] = []
    while restantes and len(bornes) < nombre:
        par_classe = len(restantes) / (nombre - len(bornes))
        borne = restantes[min(len(restantes) - 1, max(0, round(par_classe) - 1))]
        bornes.append(borne)
        restantes = [v for v in restantes if v > borne]
    if restantes:  # rounding left values above the last bound
        bornes[-1] = restantes[-1]
    return bornes


def classe_de(valeur: float | None, bornes: list[float]) -> int | None:
    """The index of the class of `valeur` among `bornes` (classes_quantiles), None without a value."""
    if valeur is None or not bornes:
        return None
    for rang, borne in enumerate(bornes):
        if valeur <= borne:
            return rang
    return len(bornes) - 1


def couleurs(bornes: list[float]) -> list[str]:
    """One palette colour per class, spread over the whole scale when there are fewer classes."""
    if len(bornes) <= 1:
        return PALETTE[-1:] * len(bornes)
    pas = (len(PALETTE) - 1) / (len(bornes) - 1)
    return [PALETTE[round(rang * pas)] for rang in range(len(bornes))]
