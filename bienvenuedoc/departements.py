"""The départements of the COG (shipped in bienvenuedoc/data, Licence Ouverte, INSEE) and the presets of
the programmes the project knows. Any other département gets a neutral preset, editable in the admin."""

import json
from functools import cache
from pathlib import Path

# INSEE "type de nom en clair" → the article used after "de" ("Conseil départemental du Puy-de-Dôme").
_CHARNIERES = {0: "de ", 1: "d’", 2: "du ", 3: "de la ", 4: "des ", 5: "de l’"}

PRESETS = {
    "47": {
        "nom_programme": "Bienvenue Docteur !",
        "organisme": "Conseil départemental de Lot-et-Garonne",
        "accroche": "Le guichet unique du Lot-et-Garonne pour les médecins, internes et étudiants en santé",
        "couleur_principale": "#00607a",
        "hotline_adresse": "Hôtel du Département, 1633 avenue du Général Leclerc, 47922 Agen Cedex 9",
        "site_organisme": "https://www.lotetgaronne.fr",
    },
    "63": {
        "nom_programme": "Trajectoires Puy-de-Dôme",
        "accroche": "Le guichet unique du Puy-de-Dôme pour s’installer, remplacer ou se former",
        "couleur_principale": "#6b2c5f",
        "hotline_adresse": "Hôtel du Département, 24 rue Saint-Esprit, 63033 Clermont-Ferrand Cedex 1",
        "site_organisme": "https://www.puy-de-dome.fr",
    },
}


@cache
def departements() -> dict[str, dict]:
    path = Path(__file__).parent / "data" / "departements.json"
    return {d["code"]: d for d in json.loads(path.read_text(encoding="utf-8"))}


def departement(code: str) -> dict:
    try:
        return departements()[code]
    except KeyError:
        raise KeyError(f"Département inconnu du Code officiel géographique : « {code} »") from None


def avec_charniere(code: str) -> str:
    """« de Lot-et-Garonne », « du Puy-de-Dôme », « des Landes »…"""
    d = departement(code)
    nom = d["nom"]
    type_liaison = d.get("typeLiaison") or 0
    return f"{_CHARNIERES.get(type_liaison, 'de ')}{nom}"


def preset(code: str) -> dict:
    d = departement(code)
    defaults = {
        "departement_nom": d["nom"],
        "organisme": f"Conseil départemental {avec_charniere(code)}",
        "nom_programme": "Bienvenue Docteur !",
        "accroche": f"Le guichet unique {avec_charniere(code)} pour les médecins, internes et étudiants en santé",
        "couleur_principale": "#1d4f91",
    }
    return {**defaults, **PRESETS.get(code, {})}
