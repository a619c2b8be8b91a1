"""The COG JSON of @etalab/decoupage-administratif (same shape as https://geo.api.gouv.fr):
`communes.json`, `epci.json`, `departements.json`, `regions.json`."""

from dataclasses import dataclass, field
from pathlib import Path

from observatoire.enums import TypeEPCI

from .fichiers import entier, lire_json, liste_d_objets
from .modele import ErreurImport

COMMUNE_ACTUELLE = "commune-actuelle"
RATTACHEES = ("commune-deleguee", "commune-associee")
# The Métropole de Lyon (a collectivity with the powers of a métropole) is typed MET69 in the COG.
TYPES_EPCI = {"CA": TypeEPCI.CA, "CC": TypeEPCI.CC, "CU": TypeEPCI.CU, "METRO": TypeEPCI.METRO, "MET69": TypeEPCI.METRO}


@dataclass
class CommuneCOG:
    code: str
    nom: str
    departement: str
    codes_postaux: list[str]
    population: int | None
    codes_absorbes: set[str] = field(default_factory=set)
    """2018-or-older codes whose outline belongs to this commune: its own, `anciensCodes`, delegated/associated."""


@dataclass
class EPCICOG:
    siren: str
    nom: str
    type: str
    population: int | None
    membres: list[str]


def lire_regions(chemin: Path) -> dict[str, str]:
    regions = liste_d_objets(lire_json(chemin), chemin, {"code", "nom"})
    return {str(r["code"]): str(r["nom"]) for r in regions}


def lire_departements(chemin: Path) -> dict[str, dict]:
    """code -> {"nom", "region"}."""
    departements = liste_d_objets(lire_json(chemin), chemin, {"code", "nom", "region"})
    return {str(d["code"]): {"nom": str(d["nom"]), "region": str(d["region"])} for d in departements}


def lire_communes(chemin: Path) -> list[CommuneCOG]:
    """Current communes (type "commune-actuelle"), with the codes of the communes they absorbed."""
    objets = liste_d_objets(lire_json(chemin), chemin, {"code", "nom", "type", "departement"})
    fichier = chemin.name
    courantes: dict[str, CommuneCOG] = {}
    rattachements: list[tuple[str, str]] = []
    for objet in objets:
        code = str(objet["code"])
        if objet["type"] == COMMUNE_ACTUELLE:
            codes_postaux = objet.get("codesPostaux") or []
            if not isinstance(codes_postaux, list):
                raise ErreurImport(f"{fichier} : commune {code} : « codesPostaux » doit être une liste.")
            anciens = objet.get("anciensCodes") or []
            courantes[code] = CommuneCOG(
                code=code,
                nom=str(objet["nom"]),
                departement=str(objet["departement"]),
                codes_postaux=[str(cp) for cp in codes_postaux],
                population=entier(objet.get("population"), f"{fichier} : commune {code}"),
                codes_absorbes={code, *map(str, anciens)},
            )
        elif objet["type"] in RATTACHEES and objet.get("chefLieu"):
            rattachements.append((code, str(objet["chefLieu"])))
    if not courantes:
        raise ErreurImport(f"{chemin.name} : aucune commune de type « {COMMUNE_ACTUELLE} ».")
    for code, chef_lieu in rattachements:
        if chef_lieu in courantes:
            courantes[chef_lieu].codes_absorbes.add(code)
    return list(courantes.values())


def lire_epcis(chemin: Path) -> list[EPCICOG]:
    objets = liste_d_objets(lire_json(chemin), chemin, {"code", "nom", "type", "membres"})
    epcis = []
    for objet in objets:
        siren = str(objet["code"])
        if objet["type"] not in TYPES_EPCI:
            raise ErreurImport(f"{chemin.name} : EPCI {siren} : type inconnu « {objet['type']} ».")
        membres = objet["membres"]
        if not isinstance(membres, list) or not all(isinstance(m, dict) and "code" in m for m in membres):
            raise ErreurImport(
                f"{chemin.name} : EPCI {siren} : « membres » doit être une liste d’objets avec « code »."
            )
        epcis.append(
            EPCICOG(
                siren=siren,
                nom=str(objet["nom"]),
                type=TYPES_EPCI[objet["type"]],
                population=entier(objet.get("populationMunicipale"), f"{chemin.name} : EPCI {siren}"),
                membres=[str(m["code"]) for m in membres],
            )
        )
    return epcis
