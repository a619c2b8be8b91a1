"""GeoJSON geometries without shapely, kept as text where possible.

Outlines are read with their coordinate arrays left as raw JSON text (`charger_json`): parsing and re-encoding
millions of floats would cost more than the rest of a full-France import. A `GeometrieBrute` is a type plus
that text; it goes to the database as is (cast to JSON there). The union of several outlines is represented
as a MultiPolygon concatenating their polygons (shared borders are kept): good enough for Leaflet and for a
centroid. Rounding, simplification and centroids parse the text (done for the small extract only)."""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .modele import ErreurImport

TYPES_SURFACE = ("Polygon", "MultiPolygon")
# A "coordinates" member whose value is a nested array of numbers only (no quote, no brace: cannot overrun).
TABLEAU_COORDONNEES = re.compile(r'"coordinates"\s*:\s*(\[[\[\]0-9eE+\-.,\s]*\])')
PROFONDEUR = {
    "Polygon": re.compile(r"\[\s*\[\s*\[\s*-?[0-9]"),
    "MultiPolygon": re.compile(r"\[\s*\[\s*\[\s*\[\s*-?[0-9]"),
}


@dataclass(frozen=True)
class GeometrieBrute:
    type: str
    coordonnees: str
    """The JSON text of the "coordinates" array."""
    est_geojson_brut = True  # written as is by observatoire.geojson.EncodeurGeoJSON

    @property
    def json(self) -> str:
        return f'{{"type":"{self.type}","coordinates":{self.coordonnees}}}'

    def en_dict(self) -> dict:
        try:
            return {"type": self.type, "coordinates": json.loads(self.coordonnees)}
        except json.JSONDecodeError as erreur:
            raise ErreurImport(f"coordonnées illisibles ({erreur}).") from erreur

    def polygones_texte(self) -> str:
        """The polygons as the inside of a MultiPolygon's coordinates array (without the outer brackets)."""
        texte = self.coordonnees.strip()
        return texte if self.type == "Polygon" else texte[1:-1].strip()


class _Tableaux(list):
    """Index standing for a "coordinates" array in the parsed JSON -> raw text of that array."""


def charger_json(texte: str | bytes) -> tuple[object, _Tableaux]:
    """json.loads, except that every "coordinates" array of numbers is replaced by its index in the returned
    list of raw texts (the structure around it is fully parsed and validated by the json module)."""
    if isinstance(texte, bytes):
        texte = texte.decode("utf-8")
    tableaux = _Tableaux()

    def remplacer(correspondance):
        tableaux.append(correspondance.group(1))
        return f'"coordinates":{len(tableaux) - 1}'

    return json.loads(TABLEAU_COORDONNEES.sub(remplacer, texte)), tableaux


def valider_geometrie(geometrie, contexte: str, tableaux: list[str] | None = None):
    """A Polygon or MultiPolygon (GeometrieBrute or dict); None stays None; anything else raises."""
    if geometrie is None or isinstance(geometrie, GeometrieBrute):
        return geometrie
    if not isinstance(geometrie, dict) or geometrie.get("type") not in TYPES_SURFACE:
        raise ErreurImport(f"{contexte} : géométrie attendue de type Polygon ou MultiPolygon.")
    coordonnees = geometrie.get("coordinates")
    if isinstance(coordonnees, int) and tableaux is not None and 0 <= coordonnees < len(tableaux):
        texte = tableaux[coordonnees]
    elif isinstance(coordonnees, list):
        texte = json.dumps(coordonnees, separators=(",", ":"))
    else:
        raise ErreurImport(f"{contexte} : « coordinates » doit être un tableau de coordonnées.")
    if not PROFONDEUR[geometrie["type"]].match(texte):
        raise ErreurImport(f"{contexte} : coordonnées d’un {geometrie['type']} mal imbriquées.")
    return GeometrieBrute(geometrie["type"], texte)


def fusionner(geometries: Iterable[GeometrieBrute | None]) -> GeometrieBrute | None:
    presentes = list(dict.fromkeys(g for g in geometries if g))
    if not presentes:
        return None
    if len(presentes) == 1:
        return presentes[0]
    return GeometrieBrute("MultiPolygon", "[" + ",".join(g.polygones_texte() for g in presentes) + "]")


def _polygones(geometrie: dict) -> list:
    return [geometrie["coordinates"]] if geometrie["type"] == "Polygon" else list(geometrie["coordinates"])


def _transformer(geometrie: GeometrieBrute, anneau) -> GeometrieBrute:
    d = geometrie.en_dict()
    if d["type"] == "Polygon":
        coordonnees = [anneau(a) for a in d["coordinates"]]
    else:
        coordonnees = [[anneau(a) for a in p] for p in d["coordinates"]]
    return GeometrieBrute(d["type"], json.dumps(coordonnees, separators=(",", ":")))


def arrondir(geometrie: GeometrieBrute | None, decimales: int) -> GeometrieBrute | None:
    if geometrie is None:
        return None
    return _transformer(geometrie, lambda points: [[round(x, decimales), round(y, decimales)] for x, y, *_ in points])


def centre(geometrie: GeometrieBrute | None) -> tuple[float, float] | None:
    """(latitude, longitude) of the area-weighted centroid of the outer rings (5 decimals)."""
    if not geometrie:
        return None
    aire_totale = cx_total = cy_total = 0.0
    points_vus = []
    for polygone in _polygones(geometrie.en_dict()):
        if not polygone:
            continue
        exterieur = polygone[0]
        points_vus.extend(exterieur)
        aire = cx = cy = 0.0
        for (x0, y0, *_), (x1, y1, *_) in zip(exterieur, exterieur[1:] + exterieur[:1]):
            produit = x0 * y1 - x1 * y0
            aire += produit
            cx += (x0 + x1) * produit
            cy += (y0 + y1) * produit
        if aire:
            aire_totale += aire
            cx_total += cx
            cy_total += cy
    if aire_totale:
        return round(cy_total / (3 * aire_totale), 5), round(cx_total / (3 * aire_totale), 5)
    if points_vus:
        return (
            round(sum(p[1] for p in points_vus) / len(points_vus), 5),
            round(sum(p[0] for p in points_vus) / len(points_vus), 5),
        )
    return None


def _douglas_peucker(points: list, tolerance: float) -> list:
    if len(points) < 3:
        return points
    garder = [False] * len(points)
    garder[0] = garder[-1] = True
    pile = [(0, len(points) - 1)]
    while pile:
        debut, fin = pile.pop()
        (xa, ya), (xb, yb) = points[debut][:2], points[fin][:2]
        dx, dy = xb - xa, yb - ya
        longueur2 = dx * dx + dy * dy
        distance_max, indice = 0.0, None
        for i in range(debut + 1, fin):
            x, y = points[i][:2]
            if longueur2:
                t = max(0.0, min(1.0, ((x - xa) * dx + (y - ya) * dy) / longueur2))
                ex, ey = xa + t * dx - x, ya + t * dy - y
            else:
                ex, ey = xa - x, ya - y
            distance = ex * ex + ey * ey
            if distance > distance_max:
                distance_max, indice = distance, i
        if indice is not None and distance_max > tolerance * tolerance:
            garder[indice] = True
            pile.extend([(debut, indice), (indice, fin)])
    return [p for p, g in zip(points, garder) if g]


def simplifier(geometrie: GeometrieBrute | None, tolerance: float) -> GeometrieBrute | None:
    """Douglas-Peucker on every ring (tolerance in degrees); a ring keeps at least 4 points (closed)."""
    if geometrie is None or tolerance <= 0:
        return geometrie

    def anneau(points):
        simplifie = _douglas_peucker(points, tolerance)
        return simplifie if len(simplifie) >= 4 else points

    return _transformer(geometrie, anneau)
