"""Entry point of the territory import: chooses the source (official files, or the shipped extract when the
open-data folder does not exist or on request), reads and validates it, then writes it in one transaction."""

from pathlib import Path

from django.conf import settings

from .enregistrement import Bilan, enregistrer_territoire
from .extrait import EXTRAIT_LIVRE, lire_extrait
from .modele import ErreurImport, Territoire
from .officiel import lire_donnees_officielles, normaliser_code_departement


def charger_territoire(
    *,
    departements: list[str] | None,
    source: Path | None = None,
    extrait: Path | None = None,
    forcer_extrait: bool = False,
) -> Territoire:
    """`departements` None means all of France (official files only)."""
    codes = [normaliser_code_departement(code) for code in departements] if departements is not None else None
    dossier = Path(source) if source is not None else Path(settings.DONNEES_OUVERTES_DIR)
    fichier_extrait = Path(extrait) if extrait is not None else EXTRAIT_LIVRE
    if not forcer_extrait and dossier.is_dir():
        return lire_donnees_officielles(dossier, codes)
    if codes is None:
        raise ErreurImport(
            f"L’import de toute la France demande les données ouvertes officielles : dossier introuvable ({dossier})."
        )
    if not forcer_extrait and source is not None:
        raise ErreurImport(f"Dossier des données ouvertes introuvable : {dossier}.")
    try:
        return lire_extrait(fichier_extrait, codes)
    except ErreurImport as erreur:
        if forcer_extrait:
            raise
        raise ErreurImport(
            f"Données ouvertes introuvables ({dossier}) et extrait livré inutilisable : {erreur}"
        ) from erreur


def importer_territoire(
    *,
    departements: list[str] | None,
    source: Path | None = None,
    extrait: Path | None = None,
    forcer_extrait: bool = False,
) -> Bilan:
    territoire = charger_territoire(
        departements=departements, source=source, extrait=extrait, forcer_extrait=forcer_extrait
    )
    return enregistrer_territoire(territoire)
