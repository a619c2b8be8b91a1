"""Reading the large official text extracts (RPPS pipe-separated, FINESS semicolon-separated) as a stream of
decoded lines: a plain file or the first matching member of a zip, UTF-8 or, failing that, Windows-1252 (older
extractions), with a progress callback `progression(lines read, total lines)` every PAS_PROGRESSION lines."""

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .fichiers import verifier_present
from .modele import ErreurImport

PAS_PROGRESSION = 1000


@contextmanager
def ouvrir_binaire(chemin: Path, motif_membre: str | None = None):
    """The file's bytes; a zip gives its first member whose name matches `motif_membre` (regex)."""
    verifier_present(chemin)
    if zipfile.is_zipfile(chemin):
        with zipfile.ZipFile(chemin) as archive:
            membres = [m for m in archive.namelist() if not motif_membre or re.search(motif_membre, m)]
            if not membres:
                raise ErreurImport(f"{chemin.name} : l’archive ne contient pas le fichier attendu.")
            with archive.open(membres[0]) as flux:
                yield flux, membres[0]
    else:
        with chemin.open("rb") as flux:
            yield flux, chemin.name


def nom_du_fichier(chemin: Path, motif_membre: str | None = None) -> str:
    with ouvrir_binaire(chemin, motif_membre) as (_flux, nom):
        return Path(nom).name


def compter_lignes(chemin: Path, motif_membre: str | None = None) -> int:
    with ouvrir_binaire(chemin, motif_membre) as (flux, _nom):
        return sum(bloc.count(b"\n") for bloc in iter(lambda: flux.read(1 << 20), b""))


def decoder(octets: bytes) -> str:
    try:
        texte = octets.decode("utf-8")
    except UnicodeDecodeError:
        texte = octets.decode("cp1252", errors="replace")
    return texte.removeprefix("\ufeff").rstrip("\r\n")


def lignes_texte(chemin: Path, *, motif_membre: str | None = None, progression=None) -> Iterator[tuple[int, str]]:
    """(line number from 1, decoded line) of the file, empty lines skipped."""
    total = max(compter_lignes(chemin, motif_membre), 1) if progression else 0
    with ouvrir_binaire(chemin, motif_membre) as (flux, _nom):
        for numero, octets in enumerate(flux, start=1):
            if progression and numero % PAS_PROGRESSION == 0:
                progression(min(numero, total), total)
            texte = decoder(octets)
            if texte.strip():
                yield numero, texte
    if progression:
        progression(total, total)
