"""The official national zoning of general practitioners (`manage.py importer_zonage_ars FICHIER`, or an upload
in the admin: registered in the observatory's registry of importers when the app is ready): ZIP / ZAC / zone de
vigilance / hors zonage of every commune, decided by each ARS.

Source: data.gouv.fr dataset « Zonages des professionnels de santé libéraux » published by the ARS through
AtlaSanté (https://www.data.gouv.fr/fr/datasets/zonages-des-professionnels-de-sante-liberaux/, Licence Ouverte),
one CSV for every commune and every profession. Its published columns (see ../shared/data/README.md,
zonage-medecins/ section): `niveau` (`COM` for a commune; other levels such as arrondissements are skipped),
`com_code` (INSEE code), `zmed_niveau` (GPs' level: `1_ZIP`, `2_ZAC`, `3_HZ`, `4_ZAR`…; earlier AtlaSanté
exports also use `3_QPV_ZIP`, `4_QPV_ZAC`, `5_ZV`, `6_HZ`, `7_GQ_ZAC`, `8_GQ_ZIP`; `NC…` = not classified),
`zmed_date_arrete` (date of the ARS decree, JJ/MM/AAAA), `tvs_lib` (the territoire de vie-santé zoned); the
other professions' columns (`zdent_`, `zide_`, `zmk_`, `zsf_`, `zortho_`, `bvcv_lib`) are ignored. Comma (or
semicolon) separated, fields usually quoted.

Only this importer writes zoning labelled « officiel » (source « Zonage officiel des médecins généralistes… »,
`est_demo` false). The NON-official ZIP/ZAC copy of the data folder (`zonage_mg` column) is refused here: it has
no declared source, so it is never presented as the official zoning.

Writing goes through the partners' zoning service (`partenaires.importers.zonage.remplacer_zonages`: the ARS
family of each commune in the file is replaced, QPV/FRR untouched) in one transaction with a dated snapshot
(`ImportDonnees`, jeu `zonage_ars`); the aid simulator's cached version is bumped after commit."""

import csv
import datetime
import hashlib
import re
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from observatoire.enums import JeuDonnees
from observatoire.importers import ErreurImport
from observatoire.importers.fichiers import PAS_PROGRESSION, compter_lignes, verifier_present
from observatoire.importers.registre import Importeur, enregistrer
from observatoire.importers.sante import correspondance_disponible, departement_du_code, departements_importes
from observatoire.models import Commune, ImportDonnees

from ..models import ZonageCommune
from ..services import aides_en_vigueur_invalider
from .zonage import remplacer_zonages

SOURCE = (
    "ARS via AtlaSanté, « Zonages des professionnels de santé libéraux » (data.gouv.fr), "
    "zonage des médecins généralistes (article L1434-4 du code de la santé publique)"
)
LIBELLE_SOURCE = "Zonage officiel des médecins généralistes (ARS, AtlaSanté)"
LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
COLONNES = ("niveau", "com_code", "zmed_niveau")
MAX_ERREURS = 20

# published level (without its rank prefix « 1_ ») → the simulator's zone type; « ZAR » (zone d'action régionale,
# not a ZIP/ZAC) gives no conventional aid: it is written « hors zone » with the published level in the source.
NIVEAUX = {
    "ZIP": "zip",
    "QPV_ZIP": "zip",
    "GQ_ZIP": "zip",
    "ZAC": "zac",
    "QPV_ZAC": "zac",
    "GQ_ZAC": "zac",
    "ZV": "zv",
    "HZ": "hors_zone",
    "ZAR": "hors_zone",
}
ORDRE = {"zip": 0, "zac": 1, "zv": 2, "hors_zone": 3}  # a commune made of several codes keeps its most under-served
_RANG = re.compile(r"^\d+_")


def _separateur(entete: str) -> str:
    return ";" if entete.count(";") > entete.count(",") else ","


def _date(texte: str, contexte: str) -> datetime.date | None:
    texte = (texte or "").strip()
    if not texte:
        return None
    for format_ in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(texte, format_).date()
        except ValueError:
            continue
    raise ErreurImport(f"{contexte} : date d’arrêté « {texte} » illisible (JJ/MM/AAAA attendu).")


def _millesime(dates: list[datetime.date]) -> str:
    if not dates:
        return ""
    if dates[0] == dates[-1]:
        return f"arrêté du {dates[0]:%d/%m/%Y}"
    return f"arrêtés {dates[0]:%m/%Y} à {dates[-1]:%m/%Y}"


def lire_zonage_ars(chemin: Path, departements: set[str], correspondance: dict[str, str], progression=None):
    """{commune code → (zone type, published level, decree date, territoire de vie-santé)} for `departements`;
    every error of the file is listed (up to MAX_ERREURS) and nothing is returned when there is one."""
    verifier_present(chemin)
    total = max(compter_lignes(chemin) - 1, 1)
    lignes: dict[str, tuple] = {}
    erreurs: list[str] = []
    try:
        with chemin.open(encoding="utf-8-sig", newline="") as flux:
            entete = flux.readline()
            flux.seek(0)
            lecteur = csv.DictReader(flux, delimiter=_separateur(entete))
            colonnes = [(c or "").strip() for c in lecteur.fieldnames or []]
            lecteur.fieldnames = colonnes
            if "zonage_mg" in colonnes and "zmed_niveau" not in colonnes:
                raise ErreurImport(
                    f"{chemin.name} : c’est le fichier de zonage NON officiel (colonne « zonage_mg ») ; seul le "
                    "fichier national publié par les ARS sur AtlaSanté (colonnes niveau, com_code, zmed_niveau) "
                    "est importé comme zonage officiel."
                )
            manquantes = [c for c in COLONNES if c not in colonnes]
            if manquantes:
                raise ErreurImport(
                    f"{chemin.name} : colonne(s) manquante(s) : {', '.join(manquantes)} "
                    f"(en-tête lu : {', '.join(colonnes) or 'vide'})."
                )
            for numero, ligne in enumerate(lecteur, start=2):
                if progression and numero % PAS_PROGRESSION == 0:
                    progression(min(numero, total), total)
                if (ligne.get("niveau") or "").strip().upper() != "COM":
                    continue
                code = (ligne.get("com_code") or "").strip().upper()
                if code.isdigit() and len(code) == 4:
                    code = code.zfill(5)
                if departement_du_code(code) not in departements:
                    continue
                contexte = f"{chemin.name}, ligne {numero} (commune {code})"
                publie = (ligne.get("zmed_niveau") or "").strip()
                if not publie or publie.upper().startswith("NC"):
                    continue  # not classified: the commune keeps its zoning
                type_zone = NIVEAUX.get(_RANG.sub("", publie).upper())
                actuelle = correspondance.get(code)
                if type_zone is None:
                    erreurs.append(f"{contexte} : niveau de zonage « {publie} » inconnu (ZIP, ZAC, ZV, HZ attendus).")
                elif actuelle is None:
                    erreurs.append(f"{contexte} : code commune inconnu du référentiel territorial.")
                else:
                    try:
                        date = _date(ligne.get("zmed_date_arrete"), contexte)
                    except ErreurImport as erreur:
                        erreurs.append(str(erreur))
                        continue
                    valeur = (type_zone, publie, date, (ligne.get("tvs_lib") or "").strip())
                    deja = lignes.get(actuelle)
                    if deja is None or ORDRE[type_zone] < ORDRE[deja[0]]:
                        lignes[actuelle] = valeur
                if len(erreurs) >= MAX_ERREURS:
                    break
    except UnicodeDecodeError as erreur:
        raise ErreurImport(f"{chemin.name} : le fichier n’est pas en UTF-8 ({erreur}).") from erreur
    except csv.Error as erreur:
        raise ErreurImport(f"{chemin.name} : CSV illisible ({erreur}).") from erreur
    if erreurs:
        raise ErreurImport(" ".join(erreurs))
    if not lignes:
        raise ErreurImport(
            f"{chemin.name} : aucune commune classée des départements {', '.join(sorted(departements))} "
            "dans ce fichier."
        )
    return lignes


def importer_zonage_ars(
    chemin: Path, *, departements: list[str] | None = None, progression=None, **options
) -> ImportDonnees:
    """Reads, validates then writes the official zoning of `departements` (by default every département of the
    territory reference) in one transaction; returns its snapshot."""
    chemin = Path(chemin)
    codes = set(departements or departements_importes())
    if not codes:
        raise ErreurImport("Aucun département dans le référentiel territorial : lancez d’abord importer_territoire.")
    lignes = lire_zonage_ars(chemin, codes, correspondance_disponible(), progression)
    empreinte = hashlib.sha256(chemin.read_bytes()).hexdigest()
    dates = sorted({d for _, _, d, _ in lignes.values() if d})
    with transaction.atomic():
        ids = dict(Commune.objects.filter(code_insee__in=list(lignes)).values_list("code_insee", "pk"))
        absentes = sorted(set(lignes) - set(ids))
        if absentes:
            raise ErreurImport(
                f"{chemin.name} : commune(s) {', '.join(absentes[:10])} absente(s) du référentiel territorial "
                "(lancez d’abord importer_territoire pour leur département)."
            )
        valides = {}
        for code, (type_zone, publie, date, territoire) in lignes.items():
            detail = f"niveau publié « {publie} »" + (f", arrêté du {date:%d/%m/%Y}" if date else "")
            if territoire:
                detail += f", territoire de vie-santé {territoire}"
            valides[(ids[code], type_zone)] = ZonageCommune(
                commune_id=ids[code],
                type_zone=type_zone,
                source=f"{LIBELLE_SOURCE} : {detail}"[:300],
                date_zonage=date,
                est_demo=False,
            )
        remplacer_zonages(valides)
        instantane, _ = ImportDonnees.objects.update_or_create(
            jeu=JeuDonnees.ZONAGE_ARS,
            empreinte=empreinte,
            perimetre=" ".join(sorted(codes)),
            defaults={
                "source": SOURCE,
                "licence": LICENCE,
                "millesime": _millesime(dates),
                "date_publication": dates[-1] if dates else None,
                "fichier": chemin.name[:255],
                "nb_lignes": len(valides),
                "importe_le": timezone.now(),
            },
        )
        aides_en_vigueur_invalider()  # after commit: the simulator's cached aids are rebuilt on the new zoning
    if progression:
        progression(1, 1)
    return instantane


enregistrer(
    Importeur(
        jeu=JeuDonnees.ZONAGE_ARS,
        libelle=JeuDonnees.ZONAGE_ARS.label,
        fonction=importer_zonage_ars,
        aide="CSV national publié par les ARS sur AtlaSanté (colonnes niveau, com_code, zmed_niveau, "
        "zmed_date_arrete) ; le fichier non officiel (colonne zonage_mg) est refusé.",
    )
)
