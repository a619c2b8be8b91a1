"""The project's compact extract of the territory reference (gzip JSON), shipped in `observatoire/data/` so
that `make run` works offline. Written by `exporter_extrait_territoire`, read back by `importer_territoire`
(fallback or `--extrait`). Format (version 1), documented in `observatoire/data/README.md`:

    {"format": "bienvenuedoc-territoire", "version": 1, "millesime": 2026, "sources": "…", "licence": "…",
     "departements": [{"code", "nom", "region_code", "region_nom", "contour"}],
     "epcis": [{"siren", "nom", "type", "population", "contour"}],
     "communes": [{"code_insee", "nom", "departement", "epci", "codes_postaux": [...], "population",
                   "population_annee", "latitude", "longitude", "contour", "populations": {"2021": n, ...}}]}

Contours are GeoJSON geometries (Polygon/MultiPolygon), rounded and simplified at export."""

import gzip
import json
from pathlib import Path

from observatoire.enums import TypeEPCI

from .fichiers import decimal, entier, verifier_present
from .geometrie import GeometrieBrute, arrondir, charger_json, simplifier, valider_geometrie
from .modele import CommuneLue, DepartementLu, EPCILu, ErreurImport, Territoire

FORMAT = "bienvenuedoc-territoire"
VERSION = 1
EXTRAIT_LIVRE = Path(__file__).resolve().parent.parent / "data" / "territoire-extrait.json.gz"
SOURCES = (
    "INSEE (Code officiel géographique 2026, populations légales), DGCL (EPCI à fiscalité propre) via le "
    "paquet npm @etalab/decoupage-administratif 6.0.0 ; contours IGN ADMIN EXPRESS COG 2018 via "
    "gregoiredavid/france-geojson (commit 5d34ee6), recomposés pour le COG 2026"
)
LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"


def _contour(geometrie: GeometrieBrute | None, decimales: int, tolerance: float) -> dict | None:
    return arrondir(simplifier(geometrie, tolerance), decimales).en_dict() if geometrie else None


def ecrire_extrait(territoire: Territoire, chemin: Path, *, decimales: int = 4, tolerance: float = 0.0) -> int:
    """Writes the extract (deterministic: sorted, gzip without timestamp); returns its size in bytes."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "millesime": territoire.millesime,
        "sources": SOURCES,
        "licence": LICENCE,
        "departements": [
            {
                "code": d.code,
                "nom": d.nom,
                "region_code": d.region_code,
                "region_nom": d.region_nom,
                "contour": _contour(d.contour, decimales, tolerance),
            }
            for d in sorted(territoire.departements, key=lambda d: d.code)
        ],
        "epcis": [
            {
                "siren": e.siren,
                "nom": e.nom,
                "type": e.type,
                "population": e.population,
                "contour": _contour(e.contour, decimales, tolerance),
            }
            for e in sorted(territoire.epcis, key=lambda e: e.siren)
        ],
        "communes": [
            {
                "code_insee": c.code_insee,
                "nom": c.nom,
                "departement": c.departement_code,
                "epci": c.epci_siren,
                "codes_postaux": c.codes_postaux,
                "population": c.population,
                "population_annee": c.population_annee,
                "latitude": c.latitude,
                "longitude": c.longitude,
                "contour": _contour(c.contour, decimales, tolerance),
                "populations": {str(annee): n for annee, n in sorted(c.populations_historiques.items())},
            }
            for c in sorted(territoire.communes, key=lambda c: c.code_insee)
        ],
    }
    contenu = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    with chemin.open("wb") as brut, gzip.GzipFile(filename="", mode="wb", fileobj=brut, mtime=0, compresslevel=9) as gz:
        gz.write(contenu)
    return chemin.stat().st_size


def departements_de_l_extrait(chemin: Path = EXTRAIT_LIVRE) -> list[str]:
    return [d["code"] for d in _charger(chemin)[0]["departements"]]


def _charger(chemin: Path) -> tuple[dict, list[str]]:
    verifier_present(Path(chemin))
    try:
        with gzip.open(chemin, "rb") as flux:
            document, tableaux = charger_json(flux.read())
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as erreur:
        raise ErreurImport(f"{Path(chemin).name} : extrait illisible (gzip JSON attendu : {erreur}).") from erreur
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ErreurImport(f"{Path(chemin).name} : ce n’est pas un extrait du territoire (format « {FORMAT} »).")
    if document.get("version") != VERSION:
        raise ErreurImport(
            f"{Path(chemin).name} : version d’extrait {document.get('version')} non prise en charge "
            f"(version attendue : {VERSION})."
        )
    for cle in ("departements", "epcis", "communes"):
        if not isinstance(document.get(cle), list) or not all(isinstance(o, dict) for o in document[cle]):
            raise ErreurImport(f"{Path(chemin).name} : « {cle} » doit être une liste d’objets.")
    return document, tableaux


def _champ(objet: dict, cle: str, contexte: str):
    if cle not in objet:
        raise ErreurImport(f"{contexte} : champ « {cle} » manquant.")
    return objet[cle]


def lire_extrait(chemin: Path, departements: list[str] | None) -> Territoire:
    """The extract's territory, restricted to `departements` (all of the extract when None)."""
    document, tableaux = _charger(chemin)
    nom = Path(chemin).name
    presents = {d.get("code") for d in document["departements"]}
    if departements is not None:
        absents = [code for code in departements if code not in presents]
        if absents:
            raise ErreurImport(
                f"Département absent de l’extrait {nom} : {', '.join(absents)} "
                f"(l’extrait contient : {', '.join(sorted(presents))})."
            )
    selection = set(departements) if departements is not None else presents
    communes = []
    for objet in document["communes"]:
        contexte = f"{nom} : commune {objet.get('code_insee', '?')}"
        if _champ(objet, "departement", contexte) not in selection:
            continue
        populations = _champ(objet, "populations", contexte)
        if not isinstance(populations, dict):
            raise ErreurImport(f"{contexte} : « populations » doit être un objet.")
        codes_postaux = _champ(objet, "codes_postaux", contexte)
        if not isinstance(codes_postaux, list):
            raise ErreurImport(f"{contexte} : « codes_postaux » doit être une liste.")
        communes.append(
            CommuneLue(
                code_insee=str(_champ(objet, "code_insee", contexte)),
                nom=str(_champ(objet, "nom", contexte)),
                departement_code=objet["departement"],
                epci_siren=_champ(objet, "epci", contexte),
                codes_postaux=[str(cp) for cp in codes_postaux],
                population=entier(_champ(objet, "population", contexte), contexte),
                population_annee=entier(_champ(objet, "population_annee", contexte), contexte),
                latitude=decimal(_champ(objet, "latitude", contexte), contexte),
                longitude=decimal(_champ(objet, "longitude", contexte), contexte),
                contour=valider_geometrie(_champ(objet, "contour", contexte), contexte, tableaux),
                populations_historiques={
                    entier(annee, contexte): entier(n, contexte) for annee, n in populations.items()
                },
            )
        )
    sirens = {c.epci_siren for c in communes if c.epci_siren}
    epcis = []
    for objet in document["epcis"]:
        contexte = f"{nom} : EPCI {objet.get('siren', '?')}"
        if _champ(objet, "siren", contexte) not in sirens:
            continue
        if _champ(objet, "type", contexte) not in TypeEPCI.values:
            raise ErreurImport(f"{contexte} : type inconnu « {objet['type']} ».")
        epcis.append(
            EPCILu(
                siren=objet["siren"],
                nom=str(_champ(objet, "nom", contexte)),
                type=objet["type"],
                population=entier(_champ(objet, "population", contexte), contexte),
                contour=valider_geometrie(_champ(objet, "contour", contexte), contexte, tableaux),
            )
        )
    manquants = sirens - {e.siren for e in epcis}
    if manquants:
        raise ErreurImport(
            f"{nom} : EPCI référencé(s) par des communes mais absent(s) : {', '.join(sorted(manquants))}."
        )
    departements_lus = [
        DepartementLu(
            code=d["code"],
            nom=str(_champ(d, "nom", f"{nom} : département {d['code']}")),
            region_code=str(d.get("region_code", "")),
            region_nom=str(d.get("region_nom", "")),
            contour=valider_geometrie(d.get("contour"), f"{nom} : département {d['code']}", tableaux),
        )
        for d in document["departements"]
        if d.get("code") in selection
    ]
    return Territoire(
        departements=departements_lus,
        epcis=epcis,
        communes=communes,
        millesime=entier(document.get("millesime"), nom) or 0,
        source=f"extrait livré ({nom})",
    )
