"""Health open data of the observatory: one reader per official format (parse → validate, French errors), then
ONE transaction that upserts the rows and records a dated snapshot (`ImportDonnees`). Re-importing the same file
changes nothing but the snapshot's import time; any bad row leaves the database unchanged.

Formats (see ../shared/data/README.md): DREES APL 2022–2023 (`apl/`), INSEE BPE 2020 GPs per commune and
Assurance Maladie 2024 GPs per département (`medecins/`), DITP baromètre MSP / centres de santé (`structures-sante/`),
FRR July 2025 (`frr/`), QPV 2024 (`qpv/`). Commune codes of a source's own geography are mapped to today's communes
through the COG's former codes (`cog/communes.json`: `anciensCodes`, `chefLieu` of delegated and associated
communes, `commune` of Paris/Lyon/Marseille arrondissements); several codes merged into one commune are summed
(APL: weighted by the standardised population, as the DREES averages it)."""

import datetime
import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bienvenuedoc.pages_en_cache import invalider_pages_publiques
from observatoire.enums import CategorieGeneralistes, ClassementFRR, JeuDonnees, TypeStructure
from observatoire.models import (
    APLCommune,
    ClassementFRRCommune,
    Commune,
    ImportDonnees,
    MedecinsCommune,
    MedecinsDepartement,
    QuartierPrioritaire,
    StructuresDepartement,
)

from .fichiers import decimal, entier, lire_csv, lire_json, verifier_present
from .modele import ErreurImport

EXTRAIT_SANTE = Path(__file__).resolve().parent.parent / "data" / "sante-extrait.json.gz"
FORMAT_EXTRAIT = "bienvenuedoc-sante"
LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"

FICHIERS = {
    JeuDonnees.APL: "apl/apl-medecins-generalistes-2022-2023.csv",
    JeuDonnees.MEDECINS_COMMUNE: "medecins/bpe2020-medecins-generalistes-liberaux-par-commune.csv",
    JeuDonnees.MEDECINS_DEPARTEMENT: "medecins/ameli-2024-medecins-generalistes-departement.csv",
    JeuDonnees.STRUCTURES: "structures-sante/barometre-ditp-sante-departements.csv",
    JeuDonnees.FRR: "frr/communes-frr-2025-07-10.csv",
    JeuDonnees.QPV: "qpv/qpv-2024-47-63-23.csv",
}

# what each snapshot says of its source (publisher, official page) and date
METADONNEES = {
    JeuDonnees.APL: {
        "source": "DREES, accessibilité potentielle localisée (APL) aux médecins généralistes, "
        "https://data.drees.solidarites-sante.gouv.fr",
        "millesime": "2022 et 2023",
        "date_publication": None,
        "licence": LICENCE,
    },
    JeuDonnees.MEDECINS_COMMUNE: {
        "source": "INSEE, Base permanente des équipements 2020, via l’Observatoire des territoires (ANCT)",
        "millesime": "2020",
        "date_publication": None,
        "licence": LICENCE,
    },
    JeuDonnees.MEDECINS_DEPARTEMENT: {
        "source": "Assurance Maladie (Cnam), data.ameli.fr, démographie : effectifs et densités (libéraux actifs)",
        "millesime": "2024",
        "date_publication": None,
        "licence": LICENCE,
    },
    JeuDonnees.STRUCTURES: {
        "source": "Baromètre des résultats de l’action publique (DITP), indicateurs IND-311 et IND-318",
        "millesime": "2017-2024",
        "date_publication": None,
        "licence": "Données publiques du Gouvernement (licence non précisée par le dépôt)",
    },
    JeuDonnees.FRR: {
        "source": "ANCT / DGCL, classement FRR et FRR+ au 10 juillet 2025 (plan France Ruralités)",
        "millesime": "juillet 2025",
        "date_publication": "2025-07-10",
        "licence": "Liste administrative publique",
    },
    JeuDonnees.QPV: {
        "source": "ANCT, quartiers prioritaires de la politique de la ville 2024 (décret n° 2023-1314)",
        "millesime": "2024",
        "date_publication": "2023-12-28",
        "licence": LICENCE,
    },
}

ANNEES_APL = {2022, 2023}
CLASSEMENTS_FRR = {libelle: valeur for valeur, libelle in ClassementFRR.choices}
CATEGORIES_AMELI = {
    "Ensemble des médecins généralistes": CategorieGeneralistes.ENSEMBLE,
    "Médecins généralistes (hors médecins à expertise particulière - MEP)": CategorieGeneralistes.HORS_MEP,
    "Médecins généralistes à expertise particulière (MEP)": CategorieGeneralistes.MEP,
}
INDICATEURS_DITP = {"IND-311": TypeStructure.MSP, "IND-318": TypeStructure.CENTRE_SANTE}


@dataclass
class Lot:
    """One data set read and validated, ready to write: rows keyed by today's commune code or by zone."""

    jeu: str
    fichier: str
    empreinte: str
    lignes: list[dict] = field(default_factory=list)


@dataclass
class BilanSante:
    jeu: str
    nb_lignes: int
    fichier: str
    nouveau: bool


def departement_du_code(code: str) -> str:
    return code[:3] if code.startswith("97") else code[:2]


def empreinte(chemin: Path) -> str:
    return hashlib.sha256(verifier_present(chemin).read_bytes()).hexdigest()


def correspondance_cog(dossier: Path) -> dict[str, str]:
    """Any code a source may use (current, former, delegated, associated, arrondissement) → today's commune."""
    communes = lire_json(dossier / "cog" / "communes.json")
    if not isinstance(communes, list):
        raise ErreurImport("communes.json : une liste JSON d’objets est attendue.")
    actuelles = {c["code"] for c in communes if c.get("type") == "commune-actuelle"}
    table = {}
    for c in communes:
        cible = c.get("chefLieu") or c.get("commune")
        if c.get("type") != "commune-actuelle" and cible in actuelles:
            table.setdefault(c["code"], cible)
    for c in communes:
        if c.get("type") == "commune-actuelle":
            for ancien in c.get("anciensCodes") or []:
                table[ancien] = c["code"]
    table.update({code: code for code in actuelles})
    return table


# --- readers (one per official format) ------------------------------------------------------------------------
def lire_apl(chemin: Path, correspondance: dict[str, str], departements: set[str], progression=None) -> list[dict]:
    colonnes = {"annee", "code_insee", "apl_mg", "apl_mg_moins_65_ans", "population_standardisee_mg"}
    colonnes |= {"population_totale", "annee_population"}
    cumuls: dict[tuple[str, int], dict] = {}
    for ligne in lire_csv(chemin, colonnes, progression):
        code = ligne["code_insee"]
        if departement_du_code(code) not in departements:
            continue
        contexte = f"{chemin.name} : commune {code}, APL {ligne['annee']}"
        annee = entier(ligne["annee"], contexte)
        if annee not in ANNEES_APL:
            raise ErreurImport(f"{contexte} : millésime inattendu « {ligne['annee']} » (2022 ou 2023 attendu).")
        actuelle = _commune_actuelle(code, correspondance, contexte)
        apl = decimal(ligne["apl_mg"], contexte)
        poids = decimal(ligne["population_standardisee_mg"], contexte) or 0.0
        if apl is None:
            raise ErreurImport(f"{contexte} : valeur d’APL manquante.")
        apl65 = decimal(ligne["apl_mg_moins_65_ans"], contexte)
        cumul = cumuls.setdefault(
            (actuelle, annee),
            {"codes": [], "apl": 0.0, "apl65": 0.0, "poids": 0.0, "population": 0, "annee_population": None},
        )
        cumul["codes"].append(code)
        cumul["apl"] += apl * poids
        cumul["apl65"] += (apl65 or 0.0) * poids
        cumul["poids"] += poids
        cumul["population"] += entier(ligne["population_totale"], contexte) or 0
        cumul["annee_population"] = entier(ligne["annee_population"], contexte)
        cumul["apl_seule"] = apl
        cumul["apl65_seule"] = apl65
    lignes = []
    for (code, annee), c in sorted(cumuls.items()):
        seul = len(c["codes"]) == 1 or not c["poids"]
        lignes.append(
            {
                "commune": code,
                "annee": annee,
                "apl": c["apl_seule"] if seul else round(c["apl"] / c["poids"], 3),
                "apl_moins_65_ans": c["apl65_seule"] if seul else round(c["apl65"] / c["poids"], 3),
                "population": c["population"],
                "population_standardisee": round(c["poids"], 3),
                "annee_population": c["annee_population"],
                "codes_source": " ".join(sorted(c["codes"])),
            }
        )
    return lignes


def lire_medecins_commune(
    chemin: Path, correspondance: dict[str, str], departements: set[str], progression=None
) -> list[dict]:
    totaux: dict[tuple[str, int], int] = {}
    for ligne in lire_csv(chemin, {"code_insee", "annee_bpe", "nb_medecins_generalistes_liberaux"}, progression):
        code = ligne["code_insee"]
        if departement_du_code(code) not in departements:
            continue
        contexte = f"{chemin.name} : commune {code}"
        cle = (
            _commune_actuelle(code, correspondance, contexte),
            _requis(entier(ligne["annee_bpe"], contexte), contexte),
        )
        totaux[cle] = totaux.get(cle, 0) + _requis(
            entier(ligne["nb_medecins_generalistes_liberaux"], contexte), contexte
        )
    return [{"commune": c, "annee": a, "nombre": n} for (c, a), n in sorted(totaux.items())]


def lire_medecins_departement(chemin: Path, progression=None) -> list[dict]:
    colonnes = {"annee", "profession_sante", "region", "departement", "libelle_departement", "classe_age"}
    colonnes |= {"effectif", "densite"}
    lignes = []
    for ligne in lire_csv(chemin, colonnes, progression):
        contexte = f"{chemin.name} : département {ligne['departement']}, « {ligne['profession_sante']} »"
        categorie = CATEGORIES_AMELI.get(ligne["profession_sante"])
        if categorie is None:
            raise ErreurImport(f"{contexte} : profession inattendue.")
        if ligne["classe_age"] != "tout_age":
            continue
        if ligne["departement"] == "999":
            if ligne["region"] != "99":
                continue  # a region's total
            zone, libelle = "FR", "France"
        else:
            zone, libelle = ligne["departement"], ligne["libelle_departement"]
        lignes.append(
            {
                "zone": zone,
                "libelle": libelle,
                "annee": _requis(entier(ligne["annee"], contexte), contexte),
                "categorie": categorie,
                "effectif": _requis(entier(ligne["effectif"], contexte), contexte),
                "densite": decimal(ligne["densite"], contexte),
            }
        )
    return lignes


def lire_structures(chemin: Path, progression=None) -> list[dict]:
    lignes = []
    for ligne in lire_csv(
        chemin, {"indic_id", "maille", "zone", "date", "valeur_actuelle", "valeur_cible"}, progression
    ):
        type_ = INDICATEURS_DITP.get(ligne["indic_id"])
        if type_ is None or ligne["maille"] not in ("DEPT", "NAT"):
            continue
        contexte = f"{chemin.name} : {ligne['indic_id']} {ligne['zone']} {ligne['date']}"
        zone = "FR" if ligne["maille"] == "NAT" else ligne["zone"].removeprefix("D")
        try:
            date = datetime.date.fromisoformat(ligne["date"])
        except ValueError as erreur:
            raise ErreurImport(f"{contexte} : date attendue au format AAAA-MM-JJ.") from erreur
        valeur = decimal(ligne["valeur_actuelle"], contexte)
        cible = decimal(ligne["valeur_cible"], contexte)
        if valeur is None and cible is None:
            continue  # nothing at that date
        lignes.append(
            {
                "zone": zone,
                "type": type_,
                "date": date.isoformat(),
                "nombre": None if valeur is None else _entier_exact(valeur, contexte),
                "cible": None if cible is None else _entier_exact(cible, contexte),
            }
        )
    return lignes


def lire_frr(chemin: Path, correspondance: dict[str, str], departements: set[str], progression=None) -> list[dict]:
    lignes = {}
    for ligne in lire_csv(chemin, {"code_insee", "classement_frr"}, progression):
        code = ligne["code_insee"]
        if departement_du_code(code) not in departements:
            continue
        contexte = f"{chemin.name} : commune {code}"
        classement = CLASSEMENTS_FRR.get(ligne["classement_frr"])
        if classement is None:
            raise ErreurImport(f"{contexte} : classement FRR inconnu « {ligne['classement_frr']} ».")
        lignes[_commune_actuelle(code, correspondance, contexte)] = classement
    return [{"commune": c, "classement": v} for c, v in sorted(lignes.items())]


def lire_qpv(chemin: Path, correspondance: dict[str, str], departements: set[str], progression=None) -> list[dict]:
    lignes = []
    for ligne in lire_csv(chemin, {"code_qp", "lib_qp", "insee_com"}, progression):
        code = ligne["insee_com"]
        if departement_du_code(code) not in departements:
            continue
        contexte = f"{chemin.name} : quartier {ligne['code_qp']}"
        if not ligne["code_qp"].startswith("QN") or not ligne["lib_qp"]:
            raise ErreurImport(f"{contexte} : code (QN…) et nom du quartier attendus.")
        lignes.append(
            {
                "code": ligne["code_qp"],
                "nom": ligne["lib_qp"],
                "commune": _commune_actuelle(code, correspondance, contexte),
            }
        )
    return lignes


def _commune_actuelle(code: str, correspondance: dict[str, str], contexte: str) -> str:
    actuelle = correspondance.get(code)
    if actuelle is None:
        raise ErreurImport(f"{contexte} : code commune inconnu du COG.")
    return actuelle


def _requis(valeur, contexte: str):
    if valeur is None:
        raise ErreurImport(f"{contexte} : valeur manquante.")
    return valeur


def _entier_exact(valeur: float, contexte: str) -> int:
    if valeur < 0 or valeur != int(valeur):
        raise ErreurImport(f"{contexte} : nombre entier positif attendu, lu « {valeur} ».")
    return int(valeur)


# --- sources: the official files, or the shipped extract ------------------------------------------------------
def lire_officiel(jeu: str, dossier: Path, departements: set[str], correspondance=None) -> Lot:
    if jeu not in (JeuDonnees.MEDECINS_DEPARTEMENT, JeuDonnees.STRUCTURES) and correspondance is None:
        correspondance = correspondance_cog(dossier)
    return lire_fichier(jeu, dossier / FICHIERS[jeu], departements, correspondance)


def lire_fichier(jeu: str, chemin: Path, departements: set[str], correspondance=None, progression=None) -> Lot:
    """One official file of `jeu`, wherever it is (an upload, say); `correspondance` is required for the sets
    keyed by commune."""
    lot = Lot(jeu=jeu, fichier=chemin.name, empreinte=empreinte(chemin))
    if jeu == JeuDonnees.MEDECINS_DEPARTEMENT:
        lot.lignes = lire_medecins_departement(chemin, progression)
    elif jeu == JeuDonnees.STRUCTURES:
        lot.lignes = lire_structures(chemin, progression)
    else:
        lecteur = {
            JeuDonnees.APL: lire_apl,
            JeuDonnees.MEDECINS_COMMUNE: lire_medecins_commune,
            JeuDonnees.FRR: lire_frr,
            JeuDonnees.QPV: lire_qpv,
        }[jeu]
        lot.lignes = lecteur(chemin, correspondance, departements, progression)
    return lot


def lire_extrait(jeu: str, chemin: Path, departements: set[str]) -> Lot:
    verifier_present(chemin)
    try:
        with gzip.open(chemin, "rb") as flux:
            document = json.load(flux)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as erreur:
        raise ErreurImport(f"{chemin.name} : extrait illisible ({erreur}).") from erreur
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT_EXTRAIT
        or jeu not in document.get("jeux", {})
    ):
        raise ErreurImport(f"{chemin.name} : ce n’est pas un extrait « {FORMAT_EXTRAIT} » contenant le jeu {jeu}.")
    manquants = departements - set(document.get("departements", []))
    if manquants:
        raise ErreurImport(
            f"{chemin.name} : l’extrait ne couvre pas le(s) département(s) {', '.join(sorted(manquants))}."
        )
    contenu = document["jeux"][jeu]
    lignes = [
        ligne
        for ligne in contenu["lignes"]
        if "commune" not in ligne or departement_du_code(ligne["commune"]) in departements
    ]
    return Lot(jeu=jeu, fichier=contenu["fichier"], empreinte=contenu["empreinte"], lignes=lignes)


def exporter_extrait(dossier: Path, departements: list[str], sortie: Path) -> None:
    """Writes the compact extract (every data set, rows of `departements` only, already mapped to today's
    communes; département figures for all of France, the national reference included). Deterministic."""
    correspondance = correspondance_cog(dossier)
    jeux = {}
    for jeu in FICHIERS:  # the sets of the open-data folder (RPPS, FINESS, zoning: imported on their own)
        lot = lire_officiel(jeu, dossier, set(departements), correspondance)
        jeux[jeu] = {"fichier": lot.fichier, "empreinte": lot.empreinte, "lignes": lot.lignes}
    document = {"format": FORMAT_EXTRAIT, "version": 1, "departements": sorted(departements), "jeux": jeux}
    texte = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    sortie.write_bytes(gzip.compress(texte, mtime=0))


# --- writing: one transaction per call, snapshot included ----------------------------------------------------
def enregistrer(lots: list[Lot], departements: set[str]) -> list[BilanSante]:
    perimetre = " ".join(sorted(departements))
    bilans = []
    with transaction.atomic():
        transaction.on_commit(invalider_pages_publiques)  # the observatory's cached pages and downloads
        communes = dict(Commune.objects.filter(departement__code__in=departements).values_list("code_insee", "pk"))
        for lot in lots:
            bilans.append(_enregistrer_lot(lot, perimetre, communes))
    return bilans


def _enregistrer_lot(lot: Lot, perimetre: str, communes: dict[str, int]) -> BilanSante:
    meta = METADONNEES[lot.jeu]
    instantane, nouveau = ImportDonnees.objects.update_or_create(
        jeu=lot.jeu,
        empreinte=lot.empreinte,
        perimetre=perimetre,
        defaults={
            "source": meta["source"],
            "licence": meta["licence"],
            "millesime": meta["millesime"],
            "date_publication": meta["date_publication"],
            "fichier": lot.fichier,
            "nb_lignes": len(lot.lignes),
            "importe_le": timezone.now(),
        },
    )
    modele, cles = {
        JeuDonnees.APL: (APLCommune, ["commune", "annee"]),
        JeuDonnees.MEDECINS_COMMUNE: (MedecinsCommune, ["commune", "annee"]),
        JeuDonnees.MEDECINS_DEPARTEMENT: (MedecinsDepartement, ["zone", "annee", "categorie"]),
        JeuDonnees.STRUCTURES: (StructuresDepartement, ["zone", "type", "date"]),
        JeuDonnees.FRR: (ClassementFRRCommune, ["commune"]),
        JeuDonnees.QPV: (QuartierPrioritaire, ["code"]),
    }[lot.jeu]
    objets = []
    for ligne in lot.lignes:
        valeurs = dict(ligne)
        if "commune" in valeurs:
            code = valeurs.pop("commune")
            if code not in communes:
                raise ErreurImport(
                    f"{lot.fichier} : la commune {code} n’est pas dans le référentiel territorial importé "
                    "(lancez d’abord importer_territoire pour son département)."
                )
            valeurs["commune_id"] = communes[code]
        objets.append(modele(instantane=instantane, **valeurs))
    champs = [f.name for f in modele._meta.concrete_fields if not f.primary_key and f.name not in cles]
    modele.objects.bulk_create(objets, batch_size=2000, update_conflicts=True, unique_fields=cles, update_fields=champs)
    return BilanSante(jeu=lot.jeu, nb_lignes=len(lot.lignes), fichier=lot.fichier, nouveau=nouveau)


def importer_sante(
    *, jeux: list[str], departements: list[str], source: Path | None = None, extrait: Path | None = None
) -> tuple[str, list[BilanSante]]:
    """Reads and validates every requested set first, then writes them all in one transaction."""
    codes = set(departements)
    if extrait is not None:
        lots = [lire_extrait(jeu, extrait, codes) for jeu in jeux]
        origine = f"l’extrait {extrait.name}"
    else:
        correspondance = None
        if any(j not in (JeuDonnees.MEDECINS_DEPARTEMENT, JeuDonnees.STRUCTURES) for j in jeux):
            correspondance = correspondance_cog(source)
        lots = [lire_officiel(jeu, source, codes, correspondance) for jeu in jeux]
        origine = f"les données ouvertes de {source}"
    return origine, enregistrer(lots, codes)


def departements_importes() -> list[str]:
    """The départements whose communes are in the territory reference (the default scope of an upload)."""
    return sorted(set(Commune.objects.values_list("departement__code", flat=True).distinct()))


def correspondance_disponible() -> dict[str, str]:
    """Code mapping for a single uploaded file: the COG's former codes when the open-data folder is there,
    otherwise today's codes of the imported territory only (a former code is then refused by name)."""
    dossier = Path(settings.DONNEES_OUVERTES_DIR)
    if (dossier / "cog" / "communes.json").is_file():
        return correspondance_cog(dossier)
    return {code: code for code in Commune.objects.values_list("code_insee", flat=True)}


def importer_fichier(
    jeu: str, chemin: Path, *, departements: list[str] | None = None, progression=None, **options
) -> ImportDonnees:
    """One official file of `jeu` (an upload through the admin, say), for `departements` (by default every
    département of the territory reference): read and validated, then written in one transaction; returns its
    snapshot. `progression(fait, total)` is called while reading."""
    codes = set(departements or departements_importes())
    if not codes:
        raise ErreurImport("Aucun département dans le référentiel territorial : lancez d’abord importer_territoire.")
    correspondance = None
    if jeu not in (JeuDonnees.MEDECINS_DEPARTEMENT, JeuDonnees.STRUCTURES):
        correspondance = correspondance_disponible()
    lot = lire_fichier(jeu, Path(chemin), codes, correspondance, progression)
    enregistrer([lot], codes)
    return ImportDonnees.objects.get(jeu=jeu, empreinte=lot.empreinte, perimetre=" ".join(sorted(codes)))
