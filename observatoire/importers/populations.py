"""`populations-historiques.csv`: `code_commune`, then one `population_cogAAAA` column per COG edition."""

import re
from pathlib import Path

from .fichiers import entier, lire_csv
from .modele import ErreurImport

COLONNE = re.compile(r"^population_cog(\d{4})$")


def lire_populations_historiques(chemin: Path, codes: set[str] | None = None) -> dict[str, dict[int, int]]:
    """code INSEE -> {COG edition year: municipal population}; only for `codes` when given."""
    resultat: dict[str, dict[int, int]] = {}
    annees: dict[str, int] | None = None
    fichier = chemin.name
    for ligne in lire_csv(chemin, {"code_commune"}):
        if annees is None:
            annees = {col: int(m.group(1)) for col in ligne if (m := COLONNE.match(col or ""))}
            if not annees:
                raise ErreurImport(f"{chemin.name} : aucune colonne « population_cogAAAA ».")
        code = ligne["code_commune"]
        if codes is not None and code not in codes:
            continue
        valeurs = {}
        for colonne, annee in annees.items():
            texte = ligne[colonne]
            if texte.isdigit():
                valeurs[annee] = int(texte)
            elif texte:
                valeurs[annee] = entier(texte, f"{fichier} : commune {code}, {colonne}")
        resultat[code] = valeurs
    return resultat
