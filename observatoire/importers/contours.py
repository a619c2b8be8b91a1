"""GeoJSON outlines (WGS84 FeatureCollections of Polygon/MultiPolygon):

- `contours/communes-2026/communes-DD-nom-2026.geojson`: current communes, property `code`;
- `contours/communes-par-departement/communes-DD-nom.geojson`: communes as of 2018, property `code`;
- `contours/epci-2026/epci-DD-nom-2026.geojson`: EPCI with members in DD, property `siren`;
- `contours/departements-version-simplifiee.geojson`: metropolitan départements, property `code`."""

from pathlib import Path

from .fichiers import verifier_present
from .geometrie import GeometrieBrute, arrondir, charger_json, valider_geometrie
from .modele import ErreurImport

DOSSIER_COMMUNES_2026 = Path("contours") / "communes-2026"
DOSSIER_COMMUNES_2018 = Path("contours") / "communes-par-departement"
DOSSIER_EPCI_2026 = Path("contours") / "epci-2026"
FICHIER_DEPARTEMENTS = Path("contours") / "departements-version-simplifiee.geojson"


def lire_contours(
    chemin: Path, propriete: str = "code", decimales: int | None = None
) -> dict[str, GeometrieBrute | None]:
    """property value -> geometry (None for a feature without geometry)."""
    verifier_present(chemin)
    try:
        donnees, tableaux = charger_json(chemin.read_bytes())
    except (UnicodeDecodeError, ValueError) as erreur:
        raise ErreurImport(f"{chemin.name} : GeoJSON illisible ({erreur}).") from erreur
    if not isinstance(donnees, dict) or donnees.get("type") != "FeatureCollection":
        raise ErreurImport(f"{chemin.name} : une FeatureCollection GeoJSON est attendue.")
    features = donnees.get("features")
    if not isinstance(features, list):
        raise ErreurImport(f"{chemin.name} : « features » doit être une liste.")
    resultat = {}
    for rang, feature in enumerate(features, start=1):
        proprietes = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(proprietes, dict) or not proprietes.get(propriete):
            raise ErreurImport(f"{chemin.name} : l’entité n° {rang} n’a pas de propriété « {propriete} ».")
        cle = str(proprietes[propriete])
        geometrie = valider_geometrie(feature.get("geometry"), f"{chemin.name} : {cle}", tableaux)
        resultat[cle] = arrondir(geometrie, decimales) if decimales is not None else geometrie
    return resultat


def fichier_du_departement(source: Path, dossier: Path, prefixe: str, code: str, suffixe: str = "") -> Path | None:
    """The file `<prefixe>-<code>-<nom><suffixe>.geojson` of a folder, or None."""
    candidats = sorted((source / dossier).glob(f"{prefixe}-{code}-*{suffixe}.geojson"))
    if suffixe == "":
        candidats = [c for c in candidats if not c.name.endswith("-2026.geojson")]
    return candidats[0] if candidats else None
