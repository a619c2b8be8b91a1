"""SVG drawn on the server for the PDF reports (no browser, no charting library): a choropleth map projected
from the simplified GeoJSON outlines, a line chart and a grouped bar chart. Everything is escaped text; the
colours are the 5-class viridis scale (readable by colour-blind readers and in grey), « no data » is a light
grey with a hatch, and every figure drawn is also printed in a table of the report."""

import math
from dataclasses import dataclass
from html import escape

# viridis, 5 classes (light to dark: the darkest is the highest value); text on it is never needed
PALETTE = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]
SANS_DONNEE = "#e0e0e0"
POLICE = "DejaVu Sans, sans-serif"


def _n(valeur: float) -> str:
    """A coordinate with one decimal (a tenth of a point is invisible in print), without a trailing .0."""
    texte = f"{valeur:.1f}"
    return texte[:-2] if texte.endswith(".0") else texte


def nombre_fr(valeur: float | int | None, decimales: int = 0) -> str:
    if valeur is None:
        return "—"
    texte = f"{valeur:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")
    return texte


# --- choropleth map ------------------------------------------------------------------------------------------
@dataclass
class Classe:
    couleur: str
    bas: float | None
    haut: float | None
    libelle: str
    nombre: int = 0


def classes_quantiles(valeurs: list[float], nombre: int = 5, decimales: int = 1) -> list[Classe]:
    """Up to `nombre` classes of (about) equal counts; fewer when the values are few or repeated."""
    tries = sorted(v for v in valeurs if v is not None)
    if not tries:
        return []
    bornes = sorted({tries[min(len(tries) - 1, (len(tries) * i) // nombre)] for i in range(1, nombre)})
    bornes = [b for b in bornes if b > tries[0]]
    limites = [tries[0], *bornes, tries[-1]]
    classes = []
    palette = PALETTE if len(limites) - 1 >= len(PALETTE) else _sous_palette(len(limites) - 1)
    for i in range(len(limites) - 1):
        bas, haut = limites[i], limites[i + 1]
        dernier = i == len(limites) - 2
        libelle = f"de {nombre_fr(bas, decimales)} à {'' if dernier else 'moins de '}{nombre_fr(haut, decimales)}"
        classes.append(Classe(palette[i], bas, haut, libelle))
    if len(classes) == 1 or tries[0] == tries[-1]:
        classes = [Classe(palette[-1], tries[0], tries[-1], f"{nombre_fr(tries[0], decimales)}")]
    return classes


def _sous_palette(n: int) -> list[str]:
    if n <= 1:
        return [PALETTE[2]]
    return [PALETTE[round(i * (len(PALETTE) - 1) / (n - 1))] for i in range(n)]


def classe_de(valeur: float | None, classes: list[Classe]) -> Classe | None:
    if valeur is None or not classes:
        return None
    for classe in classes:
        if valeur < classe.haut:
            return classe
    return classes[-1]


def _anneaux(geometrie: dict) -> list[list]:
    if not geometrie:
        return []
    if geometrie.get("type") == "Polygon":
        return list(geometrie["coordinates"])
    if geometrie.get("type") == "MultiPolygon":
        return [anneau for polygone in geometrie["coordinates"] for anneau in polygone]
    if geometrie.get("type") == "GeometryCollection":
        return [a for g in geometrie.get("geometries", []) for a in _anneaux(g)]
    return []


@dataclass
class Zone:
    code: str
    nom: str
    geometrie: dict


def _chemin(anneaux: list[list], projeter) -> str:
    morceaux = []
    for anneau in anneaux:
        points = []
        for lon, lat, *_ in anneau:
            point = projeter(lon, lat)
            if not points or point != points[-1]:
                points.append(point)
        if len(points) >= 3:
            morceaux.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
    return "".join(morceaux)


def carte_choroplethe(
    zones: list[Zone],
    valeurs: dict[str, float | None],
    *,
    titre: str,
    unite: str = "",
    decimales: int = 1,
    largeur: int = 480,
    hauteur: int = 420,
    ident: str = "carte",
) -> tuple[str, list[Classe]]:
    """(the SVG, its classes with their counts). Equirectangular projection scaled by cos(latitude): at the
    scale of a département the distortion is invisible. Zones without a value are grey and hatched."""
    classes = classes_quantiles([v for v in valeurs.values() if v is not None], decimales=decimales)
    tous = [pt for z in zones for anneau in _anneaux(z.geometrie) for pt in anneau]
    if not tous:
        return "", classes
    lons = [p[0] for p in tous]
    lats = [p[1] for p in tous]
    lat0 = math.radians((min(lats) + max(lats)) / 2)
    etendue_x = max((max(lons) - min(lons)) * math.cos(lat0), 1e-9)
    etendue_y = max(max(lats) - min(lats), 1e-9)
    marge = 6
    echelle = min((largeur - 2 * marge) / etendue_x, (hauteur - 2 * marge) / etendue_y)
    decalage_x = (largeur - etendue_x * echelle) / 2
    decalage_y = (hauteur - etendue_y * echelle) / 2
    lon_min, lat_max = min(lons), max(lats)

    def projeter(lon, lat):
        return (
            _n(decalage_x + (lon - lon_min) * math.cos(lat0) * echelle),
            _n(decalage_y + (lat_max - lat) * echelle),
        )

    chemins = []
    for zone in zones:
        valeur = valeurs.get(zone.code)
        classe = classe_de(valeur, classes)
        if classe is not None:
            classe.nombre += 1
        remplissage = classe.couleur if classe else f"url(#{ident}-hachures)"
        d = _chemin(_anneaux(zone.geometrie), projeter)
        if not d:
            continue
        texte = f"{zone.nom} : {nombre_fr(valeur, decimales) if valeur is not None else 'non disponible'}"
        chemins.append(
            f'<path d="{d}" fill="{remplissage}" fill-rule="evenodd" stroke="#ffffff" stroke-width="0.6">'
            f"<title>{escape(texte)}</title></path>"
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {largeur} {hauteur}" width="{largeur}" '
        f'height="{hauteur}" role="img" aria-label="{escape(titre)}">'
        f"<title>{escape(titre)}</title>"
        f'<defs><pattern id="{ident}-hachures" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{SANS_DONNEE}"/>'
        '<path d="M0,6L6,0" stroke="#9e9e9e" stroke-width="1"/></pattern></defs>' + "".join(chemins) + "</svg>"
    )
    return svg, classes


# --- charts --------------------------------------------------------------------------------------------------
def _graduations(maximum: float, nombre: int = 4) -> list[float]:
    if maximum <= 0:
        return [0.0, 1.0]
    brut = maximum / nombre
    puissance = 10 ** math.floor(math.log10(brut))
    pas = next(p * puissance for p in (1, 2, 2.5, 5, 10) if p * puissance >= brut)
    return [pas * i for i in range(nombre + 2) if pas * (i - 1) < maximum]


def courbes(
    series: list[tuple[str, list[tuple[str, float | None]]]],
    *,
    titre: str,
    decimales: int = 0,
    largeur: int = 480,
    hauteur: int = 240,
) -> str:
    """A line chart: `series` = [(name, [(x label, value)…])…], the same x labels for each series. Each point
    carries its value, written above it."""
    etiquettes = [x for x, _ in series[0][1]] if series else []
    valeurs = [v for _, points in series for _, v in points if v is not None]
    if not etiquettes or not valeurs:
        return ""
    graduations = _graduations(max(valeurs))
    haut = graduations[-1]
    gauche, droite, dessus, dessous = 48, 12, 16, 36
    l_utile, h_utile = largeur - gauche - droite, hauteur - dessus - dessous
    pas_x = l_utile / max(len(etiquettes) - 1, 1)

    def x(i):
        return gauche + (i * pas_x if len(etiquettes) > 1 else l_utile / 2)

    def y(v):
        return dessus + h_utile * (1 - v / haut)

    elements = []
    for g in graduations:
        elements.append(
            f'<line x1="{gauche}" x2="{largeur - droite}" y1="{_n(y(g))}" y2="{_n(y(g))}" stroke="#d0d0d0" '
            'stroke-width="0.5"/>'
            f'<text x="{gauche - 4}" y="{_n(y(g) + 3)}" text-anchor="end" font-size="8">'
            f"{nombre_fr(g, decimales)}</text>"
        )
    for i, etiquette in enumerate(etiquettes):
        elements.append(
            f'<text x="{_n(x(i))}" y="{hauteur - dessous + 14}" text-anchor="middle" font-size="8">'
            f"{escape(etiquette)}</text>"
        )
    couleurs = [PALETTE[4], PALETTE[2], "#b8860b"]
    tirets = ["", ' stroke-dasharray="5,3"', ' stroke-dasharray="1,2"']
    for n, (nom, points) in enumerate(series):
        couleur, tiret = couleurs[n % 3], tirets[n % 3]
        coords = [(x(i), y(v)) for i, (_, v) in enumerate(points) if v is not None]
        if len(coords) > 1:
            d = "M" + "L".join(f"{_n(a)},{_n(b)}" for a, b in coords)
            elements.append(f'<path d="{d}" fill="none" stroke="{couleur}" stroke-width="2"{tiret}/>')
        for i, (_, v) in enumerate(points):
            if v is None:
                continue
            elements.append(
                f'<circle cx="{_n(x(i))}" cy="{_n(y(v))}" r="2.5" fill="{couleur}"/>'
                f'<text x="{_n(x(i))}" y="{_n(y(v) - 5)}" text-anchor="middle" font-size="7">'
                f"{nombre_fr(v, decimales)}</text>"
            )
        elements.append(
            f'<line x1="{gauche + n * 150}" x2="{gauche + n * 150 + 18}" y1="{hauteur - 8}" y2="{hauteur - 8}" '
            f'stroke="{couleur}" stroke-width="2"{tiret}/>'
            f'<text x="{gauche + n * 150 + 22}" y="{hauteur - 5}" font-size="8">{escape(nom)}</text>'
        )
    return _svg(largeur, hauteur, titre, elements)


def barres(
    lignes: list[tuple[str, list[float | None]]],
    *,
    series: list[str],
    titre: str,
    decimales: int = 2,
    largeur: int = 480,
) -> str:
    """Grouped horizontal bars: one group per line (a territory), one bar per series (a year), value at the end."""
    valeurs = [v for _, vs in lignes for v in vs if v is not None]
    if not lignes or not valeurs:
        return ""
    gauche, droite, dessus = 170, 40, 10
    h_barre, ecart = 7, 6
    h_groupe = h_barre * len(series) + ecart
    hauteur = dessus + h_groupe * len(lignes) + 24
    maximum = max(valeurs) or 1
    l_utile = largeur - gauche - droite
    couleurs = [PALETTE[2], PALETTE[4], PALETTE[1]]
    elements = []
    for n, (nom, vs) in enumerate(lignes):
        y0 = dessus + n * h_groupe
        libelle = nom if len(nom) <= 34 else nom[:33] + "…"
        elements.append(
            f'<text x="{gauche - 4}" y="{_n(y0 + h_groupe / 2)}" text-anchor="end" font-size="7">'
            f"{escape(libelle)}</text>"
        )
        for k, v in enumerate(vs):
            if v is None:
                continue
            w = l_utile * v / maximum
            yb = y0 + k * h_barre
            elements.append(
                f'<rect x="{gauche}" y="{_n(yb)}" width="{_n(w)}" height="{h_barre - 1}" fill="{couleurs[k % 3]}"/>'
                f'<text x="{_n(gauche + w + 3)}" y="{_n(yb + h_barre - 1.5)}" font-size="6.5">'
                f"{nombre_fr(v, decimales)}</text>"
            )
    for k, serie in enumerate(series):
        xl = gauche + k * 90
        elements.append(
            f'<rect x="{xl}" y="{hauteur - 14}" width="10" height="8" fill="{couleurs[k % 3]}"/>'
            f'<text x="{xl + 14}" y="{hauteur - 7}" font-size="8">{escape(serie)}</text>'
        )
    return _svg(largeur, hauteur, titre, elements)


def _svg(largeur: int, hauteur: int, titre: str, elements: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {largeur} {hauteur}" width="{largeur}" '
        f'height="{hauteur}" role="img" aria-label="{escape(titre)}" font-family="{POLICE}">'
        f"<title>{escape(titre)}</title>" + "".join(elements) + "</svg>"
    )
