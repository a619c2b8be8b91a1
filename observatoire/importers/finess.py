"""FINESS establishments, legacy stock format (« etalab-cs1100507-stock-*.csv », the one with coordinates):
`;`-separated, header-less, a first metadata line, lines `structureet` (32 fields) and `geolocalisation`
(`nofinesset, coordxet, coordyet, sourcecoordet, datemaj`, Lambert-93 in metropolitan France); UTF-8 or Latin-1.

Kept: categories 603 (maison de santé, MSP) and 124 (centre de santé) of the départements asked. Coordinates are
converted to WGS84 with pyproj (EPSG:2154 → EPSG:4326). Validated whole before writing (French error naming the
line and the field), then ONE transaction upserts the `Structure` rows by FINESS number and records a dated
snapshot (`ImportDonnees`, jeu « finess »); the same file twice changes nothing (SHA-256)."""

import datetime
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from bienvenuedoc.pages_en_cache import invalider_pages_publiques
from observatoire.enums import CategorieStructure, JeuDonnees, SourcePraticien
from observatoire.models import Commune, ImportDonnees, Structure

from .modele import ErreurImport
from .rpps import empreinte_fichier
from .texte_officiel import lignes_texte, nom_du_fichier

CHAMPS_STRUCTURE = [
    "structureet",
    "nofinesset",
    "nofinessej",
    "rs",
    "rslongue",
    "complrs",
    "compldistrib",
    "numvoie",
    "typvoie",
    "voie",
    "compvoie",
    "lieuditbp",
    "commune",
    "departement",
    "libdepartement",
    "ligneacheminement",
    "telephone",
    "telecopie",
    "categetab",
    "libcategetab",
    "categagretab",
    "libcategagretab",
    "siret",
    "codeape",
    "codemft",
    "libmft",
    "codesph",
    "libsph",
    "dateouv",
    "dateautor",
    "datemaj",
    "numuai",
]
CHAMPS_GEOLOCALISATION = ["geolocalisation", "nofinesset", "coordxet", "coordyet", "sourcecoordet", "datemaj"]
CATEGORIES = {"603": CategorieStructure.MSP, "124": CategorieStructure.CENTRE_SANTE}
# FINESS codes the overseas départements 9A…9F (971…976)
DEPARTEMENTS_OUTRE_MER = {"9A": "971", "9B": "972", "9C": "973", "9D": "974", "9E": "975", "9F": "976"}
SOURCE = "DREES, FINESS — extraction du fichier des établissements (stock géolocalisé), data.gouv.fr"
LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"


@cache
def _transformateur():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


def lambert93_vers_wgs84(x: float, y: float) -> tuple[float, float]:
    """(latitude, longitude) in degrees of a Lambert-93 point (metres)."""
    longitude, latitude = _transformateur().transform(x, y)
    return round(latitude, 6), round(longitude, 6)


@dataclass
class StructureLue:
    numero_finess: str
    categorie: str
    nom: str
    commune: str
    adresse: str
    date_ouverture: datetime.date | None
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class BilanFINESS:
    fichier: str
    nb_structures: int
    nb_msp: int
    nb_cds: int
    nb_sans_coordonnees: int
    nouveau: bool
    instantane: ImportDonnees | None = None


def _code_insee(departement: str, commune: str) -> str:
    if departement in DEPARTEMENTS_OUTRE_MER:
        return DEPARTEMENTS_OUTRE_MER[departement] + commune[-2:]
    return departement + commune


def lire_finess(chemin: Path, *, departements: set[str], progression=None) -> tuple[str, list[StructureLue]]:
    fichier = nom_du_fichier(chemin)
    communes = set(Commune.objects.filter(departement__code__in=departements).values_list("code_insee", flat=True))
    structures: dict[str, StructureLue] = {}
    coordonnees: dict[str, tuple[int, float, float]] = {}
    premiere = True
    for numero, texte in lignes_texte(chemin, progression=progression):
        cellules = texte.split(";")
        genre = cellules[0].strip()
        if premiere:
            premiere = False
            if genre not in ("structureet", "geolocalisation"):
                continue  # the metadata line (« finess;etalab;… »)
        if genre == "structureet":
            champs = CHAMPS_STRUCTURE
        elif genre == "geolocalisation":
            champs = CHAMPS_GEOLOCALISATION
        else:
            raise ErreurImport(
                f"{fichier}, ligne {numero} : type de ligne « {genre[:30]} » inattendu "
                "(structureet ou geolocalisation). Est-ce bien le stock FINESS géolocalisé ?"
            )
        if len(cellules) != len(champs):
            raise ErreurImport(
                f"{fichier}, ligne {numero} : {len(cellules)} champs au lieu de {len(champs)} "
                f"pour une ligne « {genre} » (séparateur « ; »)."
            )
        valeur = dict(zip(champs, (c.strip() for c in cellules), strict=True))

        def erreur(champ, attendu, numero=numero, valeur=valeur):
            return ErreurImport(f"{fichier}, ligne {numero}, champ « {champ} » : {attendu}, lu « {valeur[champ]} ».")

        if not re.fullmatch(r"[0-9A-Z]{9}", valeur["nofinesset"]):
            raise erreur("nofinesset", "numéro FINESS de 9 caractères attendu")
        if genre == "geolocalisation":
            if valeur["coordxet"] or valeur["coordyet"]:
                try:
                    coordonnees[valeur["nofinesset"]] = (numero, float(valeur["coordxet"]), float(valeur["coordyet"]))
                except ValueError:
                    raise erreur("coordxet", "coordonnées Lambert-93 en mètres attendues") from None
            continue
        categorie = CATEGORIES.get(valeur["categetab"])
        if categorie is None:
            continue
        departement = valeur["departement"]
        code = _code_insee(departement, valeur["commune"])
        if DEPARTEMENTS_OUTRE_MER.get(departement, departement) not in departements:
            continue
        if not re.fullmatch(r"[0-9]{3}", valeur["commune"]):
            raise erreur("commune", "code commune de 3 chiffres attendu")
        if code not in communes:
            raise erreur("commune", f"commune {code} inconnue du référentiel territorial importé")
        date_ouverture = None
        if valeur["dateouv"]:
            try:
                date_ouverture = datetime.date.fromisoformat(valeur["dateouv"])
            except ValueError:
                raise erreur("dateouv", "date AAAA-MM-JJ attendue") from None
        if not (valeur["rslongue"] or valeur["rs"]):
            raise erreur("rs", "raison sociale attendue")
        adresse = " ".join(v for v in (valeur["numvoie"], valeur["compvoie"], valeur["typvoie"], valeur["voie"]) if v)
        structures[valeur["nofinesset"]] = StructureLue(
            numero_finess=valeur["nofinesset"],
            categorie=categorie,
            nom=(valeur["rslongue"] or valeur["rs"])[:200],
            commune=code,
            adresse=adresse[:300],
            date_ouverture=date_ouverture,
        )
    for numero_finess, structure in structures.items():
        if numero_finess in coordonnees and not structure.commune.startswith("97"):
            numero, x, y = coordonnees[numero_finess]
            if not (0 < x < 1_300_000 and 6_000_000 < y < 7_200_000):
                raise ErreurImport(
                    f"{fichier}, ligne {numero}, champs « coordxet, coordyet » : coordonnées hors de la France "
                    f"métropolitaine en Lambert-93, lu « {x} ; {y} »."
                )
            structure.latitude, structure.longitude = lambert93_vers_wgs84(x, y)
    return fichier, list(structures.values())


CHAMPS_MODIFIABLES = ["categorie", "nom", "commune_id", "adresse", "latitude", "longitude", "date_ouverture"]


@transaction.atomic
def enregistrer_finess(fichier: str, empreinte: str, lues: list[StructureLue], departements: set[str]) -> BilanFINESS:
    transaction.on_commit(invalider_pages_publiques)  # the observatory's cached pages and downloads
    perimetre = " ".join(sorted(departements))
    bilan = BilanFINESS(
        fichier=fichier,
        nb_structures=len(lues),
        nb_msp=sum(s.categorie == CategorieStructure.MSP for s in lues),
        nb_cds=sum(s.categorie == CategorieStructure.CENTRE_SANTE for s in lues),
        nb_sans_coordonnees=sum(s.latitude is None for s in lues),
        nouveau=False,
    )
    bilan.instantane = ImportDonnees.objects.filter(
        jeu=JeuDonnees.FINESS, empreinte=empreinte, perimetre=perimetre
    ).first()
    if bilan.instantane is not None:
        return bilan
    bilan.instantane = instantane = ImportDonnees.objects.create(
        jeu=JeuDonnees.FINESS,
        source=SOURCE,
        licence=LICENCE,
        millesime=timezone.localdate().isoformat(),
        fichier=fichier,
        empreinte=empreinte,
        perimetre=perimetre,
        nb_lignes=len(lues),
        importe_le=timezone.now(),
    )
    communes = dict(Commune.objects.filter(departement__code__in=departements).values_list("code_insee", "pk"))
    existantes = {
        s.numero_finess: s for s in Structure.objects.filter(numero_finess__in=[s.numero_finess for s in lues])
    }
    nouvelles, modifiees = [], []
    for lue in lues:
        valeurs = {
            "categorie": lue.categorie,
            "nom": lue.nom,
            "commune_id": communes[lue.commune],
            "adresse": lue.adresse,
            "latitude": lue.latitude,
            "longitude": lue.longitude,
            "date_ouverture": lue.date_ouverture,
        }
        structure = existantes.get(lue.numero_finess)
        if structure is None:
            nouvelles.append(
                Structure(
                    numero_finess=lue.numero_finess, source=SourcePraticien.FINESS, instantane=instantane, **valeurs
                )
            )
        elif any(getattr(structure, champ) != v for champ, v in valeurs.items()):
            for champ, v in valeurs.items():
                setattr(structure, champ, v)
            structure.instantane = instantane
            modifiees.append(structure)
    if nouvelles:
        bulk_create_with_history(nouvelles, Structure, batch_size=2000)
    if modifiees:
        bulk_update_with_history(modifiees, Structure, [*CHAMPS_MODIFIABLES, "instantane"])
    bilan.nouveau = True
    return bilan


def importer_finess(chemin, *, progression=None, departements=None, **options) -> BilanFINESS:
    """Reads, validates, then writes a FINESS stock file (the registry's entry point: admin upload, command).
    Départements: those asked, else every département of the imported territory."""
    from observatoire.models import Departement

    codes = set(departements or Departement.objects.filter(communes__isnull=False).values_list("code", flat=True))
    chemin = Path(chemin)
    fichier, lues = lire_finess(chemin, departements=codes, progression=progression)
    return enregistrer_finess(fichier, empreinte_fichier(chemin), lues, codes)


def importer_fichier(chemin, *, progression=None, **options) -> ImportDonnees | None:
    """The registry's contract (observatoire/importers/registre.py): the snapshot recorded (or already there)."""
    return importer_finess(chemin, progression=progression, **options).instantane
