"""`communes-france-2026.csv` (derived from the COG and the 2018 outlines): one row per current commune with
its centre, EPCI and population. The importer takes the centres from it (the COG has no coordinates)."""

from dataclasses import dataclass
from pathlib import Path

from .fichiers import decimal, entier, lire_csv

COLONNES = {
    "code_insee",
    "nom",
    "dep_code",
    "epci_siren",
    "epci_type",
    "population_municipale",
    "codes_postaux",
    "latitude",
    "longitude",
}


@dataclass
class LigneCommune:
    code_insee: str
    nom: str
    departement: str
    epci_siren: str | None
    population: int | None
    codes_postaux: list[str]
    latitude: float | None
    longitude: float | None


def lire_communes_csv(chemin: Path, codes: set[str] | None = None) -> dict[str, LigneCommune]:
    resultat = {}
    fichier = chemin.name
    for ligne in lire_csv(chemin, COLONNES):
        code = ligne["code_insee"]
        if codes is not None and code not in codes:
            continue
        contexte = f"{fichier} : commune {code}"
        resultat[code] = LigneCommune(
            code_insee=code,
            nom=ligne["nom"],
            departement=ligne["dep_code"],
            epci_siren=ligne["epci_siren"] or None,
            population=entier(ligne["population_municipale"], contexte),
            codes_postaux=[cp for cp in ligne["codes_postaux"].split("|") if cp],
            latitude=decimal(ligne["latitude"], contexte),
            longitude=decimal(ligne["longitude"], contexte),
        )
    return resultat
