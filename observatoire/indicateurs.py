"""Selectors of the observatory's health open data (imported by `importer_observatoire`): the FRR and QPV
lists other apps read, and the indicators per département, EPCI and commune."""

from observatoire.enums import JeuDonnees
from observatoire.models import ClassementFRRCommune, ImportDonnees, QuartierPrioritaire


def instantane_courant(jeu: str) -> ImportDonnees | None:
    """The latest snapshot of a data set (its source, publication date and import date)."""
    return ImportDonnees.objects.filter(jeu=jeu).order_by("-importe_le").first()


def classements_frr(departement: str) -> list[tuple[int, str]]:
    """(commune id, FRR classification) of the département's communes, official list of July 2025."""
    return list(
        ClassementFRRCommune.objects.filter(commune__departement__code=departement).values_list(
            "commune_id", "classement"
        )
    )


def quartiers_prioritaires(departement: str) -> dict[int, list[str]]:
    """commune id → names (and codes) of its QPV 2024."""
    resultat: dict[int, list[str]] = {}
    lignes = QuartierPrioritaire.objects.filter(commune__departement__code=departement).order_by("code")
    for commune_id, code, nom in lignes.values_list("commune_id", "code", "nom"):
        resultat.setdefault(commune_id, []).append(f"{nom} ({code})")
    return resultat


def jeu_importe(jeu: JeuDonnees, departement: str) -> bool:
    """Whether a snapshot of `jeu` covers the département (an empty list of QPV is then a real « none »)."""
    return any(
        departement in p.split() for p in ImportDonnees.objects.filter(jeu=jeu).values_list("perimetre", flat=True)
    )
