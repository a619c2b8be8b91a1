"""Registry of the observatory's importers that take ONE file (an upload in the admin, run by the Celery task
`observatoire.tasks.executer_import`): data set code → `Importeur`.

Contract of an importer callable: `fonction(chemin: Path, *, progression=None, **options)`
- reads and validates the whole file first, raises `ErreurImport` (French message, shown as is to staff) on bad
  input, then writes in ONE transaction (a refused file leaves the database unchanged);
- calls `progression(fait, total)` from time to time (rows read / rows of the file), if given;
- `options` holds what the upload form asked (`departements`: list of codes, `date`: date of the extract…);
  an importer ignores the options it does not use;
- returns the dated snapshot it recorded (`ImportDonnees`), or None.

Another importer is added with `enregistrer(Importeur(...))`: here for the observatory's own sets; an app above
the observatory registers its own when it is ready (partenaires: the official zoning, partenaires/apps.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from observatoire.enums import JeuDonnees

from . import finess, rpps, sante


@dataclass(frozen=True)
class Importeur:
    jeu: str  # code stored in TacheImport.jeu (a JeuDonnees value)
    libelle: str
    fonction: Callable
    extensions: tuple[str, ...] = ("csv",)  # accepted file extensions (the content is checked as text)
    options: tuple[str, ...] = ("departements",)  # the upload form's options this importer reads
    aide: str = ""  # the format expected, shown under the file field


REGISTRE: dict[str, Importeur] = {}


def enregistrer(importeur: Importeur) -> Importeur:
    REGISTRE[importeur.jeu] = importeur
    return importeur


def importeur(jeu: str) -> Importeur:
    try:
        return REGISTRE[jeu]
    except KeyError:
        raise LookupError(f"Aucun importeur pour le jeu « {jeu} ».") from None


def choix() -> list[tuple[str, str]]:
    return [(i.jeu, i.libelle) for i in REGISTRE.values()]


_AIDES_SANTE = {
    JeuDonnees.APL: "CSV de la DREES (colonnes annee, code_insee, apl_mg, apl_mg_moins_65_ans, "
    "population_standardisee_mg, population_totale, annee_population).",
    JeuDonnees.MEDECINS_COMMUNE: "CSV de l’INSEE BPE (colonnes code_insee, annee_bpe, "
    "nb_medecins_generalistes_liberaux).",
    JeuDonnees.MEDECINS_DEPARTEMENT: "CSV de data.ameli.fr (colonnes annee, profession_sante, region, departement, "
    "libelle_departement, classe_age, effectif, densite).",
    JeuDonnees.STRUCTURES: "CSV du baromètre DITP (colonnes indic_id, maille, zone, date, valeur_actuelle, "
    "valeur_cible).",
    JeuDonnees.FRR: "CSV du classement FRR (colonnes code_insee, classement_frr).",
    JeuDonnees.QPV: "CSV de l’ANCT (colonnes code_qp, lib_qp, insee_com).",
}
for _jeu, _aide in _AIDES_SANTE.items():
    enregistrer(Importeur(jeu=_jeu, libelle=_jeu.label, fonction=partial(sante.importer_fichier, _jeu), aide=_aide))

enregistrer(
    Importeur(
        jeu=JeuDonnees.RPPS,
        libelle=JeuDonnees.RPPS.label,
        fonction=rpps.importer_fichier,
        extensions=("txt",),
        options=("departements", "date"),
        aide="Extraction « Personne activité » de l’Annuaire Santé (PS_LibreAccess_Personne_activite_*.txt, sorti du "
        ".zip téléchargé), séparateur « | » ; donnez la date de l’extrait : les médecins absents par rapport à "
        "l’extrait précédent sont comptés comme départs.",
    )
)
enregistrer(
    Importeur(
        jeu=JeuDonnees.FINESS,
        libelle=JeuDonnees.FINESS.label,
        fonction=finess.importer_fichier,
        aide="Stock FINESS géolocalisé (etalab-cs1100507-stock-*.csv), séparateur « ; », lignes structureet et "
        "geolocalisation : MSP (catégorie 603) et centres de santé (124).",
    )
)
