"""Import of the zoning of communes from a CSV file (format: partenaires/README-zonage.md).

Parse → validate every line (French errors with the line number) → in one transaction, for each commune and
zoning family present in the file (ARS: ZIP/ZAC/ZV/hors zone; QPV; ZFRR), replace the rows of that family
with the file's. Nothing is written when a line is wrong."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from observatoire.models import Commune

from ..enums import FAMILLES_ZONAGE, TypeZone
from ..models import ZonageCommune

COLONNES_OBLIGATOIRES = ("code_insee", "type_zone")
COLONNES = ("code_insee", "type_zone", "source", "date_zonage", "nom_commune")
TAILLE_LOT = 1000

# Accepted spellings of the zone types (case and accents ignored): the enum values and the usual acronyms.
_ALIAS = {
    **{v: v for v in TypeZone.values},
    "zip": TypeZone.ZIP,
    "zac": TypeZone.ZAC,
    "zv": TypeZone.ZV,
    "zone de vigilance": TypeZone.ZV,
    "hors zone": TypeZone.HORS_ZONE,
    "hors_zone": TypeZone.HORS_ZONE,
    "hz": TypeZone.HORS_ZONE,
    "qpv": TypeZone.QPV,
    "zfrr": TypeZone.ZFRR,
    "zfrr+": TypeZone.ZFRR_PLUS,
    "zfrr plus": TypeZone.ZFRR_PLUS,
    "zfrr_plus": TypeZone.ZFRR_PLUS,
}


class ZonageInvalide(Exception):
    def __init__(self, erreurs: list[str]):
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


@dataclass
class RapportZonage:
    lignes: int = 0
    crees: int = 0
    supprimes: int = 0
    communes: int = 0
    par_type: dict[str, int] = field(default_factory=dict)


def _date(texte: str) -> datetime.date | None:
    texte = texte.strip()
    if not texte:
        return None
    for format_ in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(texte, format_).date()
        except ValueError:
            continue
    raise ValueError(texte)


def lire_csv(contenu: str) -> list[dict]:
    """Rows of the file; the separator (`;` or `,`) is detected from the header line."""
    contenu = contenu.lstrip("\ufeff")
    premiere_ligne = contenu.split("\n", 1)[0]
    separateur = ";" if premiere_ligne.count(";") >= premiere_ligne.count(",") else ","
    lecteur = csv.DictReader(io.StringIO(contenu), delimiter=separateur)
    entetes = [(e or "").strip().lower() for e in (lecteur.fieldnames or [])]
    manquantes = [c for c in COLONNES_OBLIGATOIRES if c not in entetes]
    if manquantes:
        raise ZonageInvalide(
            [
                f"ligne 1 : colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)} "
                f"(en-tête lu : {', '.join(entetes)})"
            ]
        )
    lecteur.fieldnames = entetes
    return list(lecteur)


@transaction.atomic
def importer_zonage(contenu: str, *, source_par_defaut: str = "", est_demo: bool = False) -> RapportZonage:
    lignes = lire_csv(contenu)
    codes_communes = dict(Commune.objects.values_list("code_insee", "id"))
    erreurs: list[str] = []
    valides: dict[tuple[int, str], ZonageCommune] = {}
    for numero, ligne in enumerate(lignes, start=2):
        code = (ligne.get("code_insee") or "").strip().upper()
        brut = (ligne.get("type_zone") or "").strip()
        if not code and not brut:
            continue  # blank line
        commune_id = codes_communes.get(code.zfill(5) if code.isdigit() else code)
        if not code:
            erreurs.append(f"ligne {numero} : code INSEE manquant")
        elif commune_id is None:
            erreurs.append(f"ligne {numero} : commune inconnue (code INSEE « {code} »)")
        type_zone = _ALIAS.get(brut.lower())
        if type_zone is None:
            erreurs.append(f"ligne {numero} : type de zone « {brut} » inconnu (attendu : {', '.join(TypeZone.values)})")
        try:
            date_zonage = _date(ligne.get("date_zonage") or "")
        except ValueError as erreur:
            erreurs.append(f"ligne {numero} : date « {erreur} » illisible (attendu AAAA-MM-JJ ou JJ/MM/AAAA)")
            date_zonage = None
        if commune_id is None or type_zone is None:
            continue
        cle = (commune_id, type_zone)
        if cle in valides:
            erreurs.append(f"ligne {numero} : la commune {code} a déjà le type de zone « {brut} » plus haut")
            continue
        valides[cle] = ZonageCommune(
            commune_id=commune_id,
            type_zone=type_zone,
            source=((ligne.get("source") or "").strip() or source_par_defaut)[:300],
            date_zonage=date_zonage,
            est_demo=est_demo,
        )
    familles: dict[tuple[int, str], set[str]] = {}
    for commune_id, type_zone in valides:
        famille = FAMILLES_ZONAGE[type_zone]
        familles.setdefault((commune_id, famille), set()).add(type_zone)
        if famille == "ars" and len(familles[(commune_id, famille)]) > 1:
            erreurs.append(
                f"commune d’identifiant {commune_id} : plusieurs zonages ARS "
                f"({', '.join(sorted(familles[(commune_id, famille)]))}) alors qu’une commune n’en a qu’un"
            )
    if erreurs:
        raise ZonageInvalide(erreurs)
    return remplacer_zonages(valides)


def remplacer_zonages(valides: dict[tuple[int, str], ZonageCommune]) -> RapportZonage:
    """Writes validated rows keyed by (commune id, zone type): for each commune and zoning family present, the
    rows of that family are replaced (also used by the official AtlaSanté importer of the observatory)."""
    rapport = RapportZonage(lignes=len(valides), communes=len({c for c, _ in valides}))
    maintenant = timezone.now()
    par_famille: dict[str, list[int]] = {}
    for commune_id, famille in sorted({(c, FAMILLES_ZONAGE[t]) for c, t in valides}):
        par_famille.setdefault(famille, []).append(commune_id)
    for famille, communes in par_famille.items():
        types = [t for t, f in FAMILLES_ZONAGE.items() if f == famille]
        for debut in range(0, len(communes), TAILLE_LOT):
            supprimes, _ = ZonageCommune.objects.filter(
                commune_id__in=communes[debut : debut + TAILLE_LOT], type_zone__in=types
            ).delete()
            rapport.supprimes += supprimes
    for objet in valides.values():
        objet.importe_le = maintenant
        rapport.par_type[objet.type_zone] = rapport.par_type.get(objet.type_zone, 0) + 1
    rapport.crees = len(ZonageCommune.objects.bulk_create(valides.values(), batch_size=TAILLE_LOT))
    return rapport
