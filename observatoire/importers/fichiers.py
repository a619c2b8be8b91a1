"""Opening source files with French errors: missing file, invalid JSON, CSV without the expected columns."""

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from .modele import ErreurImport


def verifier_present(chemin: Path) -> Path:
    if not chemin.is_file():
        raise ErreurImport(f"Fichier introuvable : {chemin}")
    return chemin


def lire_json(chemin: Path):
    verifier_present(chemin)
    try:
        with chemin.open("rb") as flux:
            return json.load(flux)
    except (UnicodeDecodeError, json.JSONDecodeError) as erreur:
        raise ErreurImport(f"{chemin.name} : JSON illisible ({erreur}).") from erreur


PAS_PROGRESSION = 2000  # rows between two calls of a `progression(fait, total)` callback


def compter_lignes(chemin: Path) -> int:
    """Lines of a text file (header included), counted on the bytes without decoding."""
    with chemin.open("rb") as flux:
        return sum(bloc.count(b"\n") for bloc in iter(lambda: flux.read(1 << 20), b""))


def lire_csv(chemin: Path, colonnes: set[str], progression=None) -> Iterator[dict[str, str]]:
    """Rows of a UTF-8 CSV (comma), after checking its header has `colonnes`. `progression(fait, total)`, when
    given, is called every PAS_PROGRESSION rows with the rows read and the file's line count."""
    verifier_present(chemin)
    total = max(compter_lignes(chemin) - 1, 1) if progression else 0
    try:
        with chemin.open(encoding="utf-8-sig", newline="") as flux:
            lecteur = csv.DictReader(flux)
            manquantes = colonnes - set(lecteur.fieldnames or [])
            if manquantes:
                raise ErreurImport(
                    f"{chemin.name} : colonne(s) manquante(s) : {', '.join(sorted(manquantes))} "
                    f"(en-tête lu : {', '.join(lecteur.fieldnames or []) or 'vide'})."
                )
            entete = lecteur.fieldnames
            largeur = len(entete)
            # The csv.reader rows zipped with the header: DictReader's dicts (a short row gets None for its
            # missing columns, extra cells are dropped) at half the cost.
            for rang, ligne in enumerate(lecteur.reader, start=1):
                if progression and rang % PAS_PROGRESSION == 0:
                    progression(min(rang, total), total)
                if ligne:
                    if len(ligne) < largeur:
                        ligne = ligne + [None] * (largeur - len(ligne))
                    yield dict(zip(entete, ligne))
    except UnicodeDecodeError as erreur:
        raise ErreurImport(f"{chemin.name} : le fichier n’est pas en UTF-8 ({erreur}).") from erreur
    except csv.Error as erreur:
        raise ErreurImport(f"{chemin.name} : CSV illisible ({erreur}).") from erreur


def liste_d_objets(donnees, chemin: Path, champs: set[str]) -> list[dict]:
    """Checks that a JSON document is a non-empty list of objects, each having `champs`."""
    if not isinstance(donnees, list) or not donnees:
        raise ErreurImport(f"{chemin.name} : une liste JSON d’objets est attendue.")
    for rang, objet in enumerate(donnees, start=1):
        if not isinstance(objet, dict):
            raise ErreurImport(f"{chemin.name} : l’élément n° {rang} n’est pas un objet JSON.")
        manquants = champs - objet.keys()
        if manquants:
            raise ErreurImport(
                f"{chemin.name} : l’élément n° {rang} n’a pas le(s) champ(s) {', '.join(sorted(manquants))}."
            )
    return donnees


def entier(valeur, contexte: str) -> int | None:
    if valeur is None or valeur == "":
        return None
    if type(valeur) is int and valeur >= 0:
        return valeur
    try:
        nombre = int(valeur)
    except (TypeError, ValueError) as erreur:
        raise ErreurImport(f"{contexte} : nombre entier attendu, lu « {valeur} ».") from erreur
    if nombre < 0:
        raise ErreurImport(f"{contexte} : nombre positif attendu, lu « {valeur} ».")
    return nombre


def decimal(valeur, contexte: str) -> float | None:
    if valeur is None or valeur == "":
        return None
    try:
        return float(valeur)
    except (TypeError, ValueError) as erreur:
        raise ErreurImport(f"{contexte} : nombre décimal attendu, lu « {valeur} ».") from erreur
