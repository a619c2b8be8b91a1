import shutil
from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def donnees_ouvertes() -> Path:
    """The real open data (../shared/data, beside the repository in CI)."""
    dossier = Path(settings.DONNEES_OUVERTES_DIR)
    if not (dossier / "cog" / "communes.json").is_file():
        pytest.fail(f"Données ouvertes introuvables dans {dossier} (DONNEES_OUVERTES_DIR)")
    return dossier


@pytest.fixture
def source_modifiable(tmp_path, donnees_ouvertes):
    """source_modifiable(remplacements) -> a folder laid out like the open data, made of links to the real
    files, where each {relative path: text or None} replaces a file (None removes it)."""

    def construire(remplacements: dict[str, str | bytes | None] | None = None, sans: tuple[str, ...] = ()) -> Path:
        racine = tmp_path / "source"
        if racine.exists():
            shutil.rmtree(racine)
        for fichier in donnees_ouvertes.rglob("*"):
            relatif = fichier.relative_to(donnees_ouvertes)
            if fichier.is_dir() or any(str(relatif).startswith(prefixe) for prefixe in sans):
                continue
            cible = racine / relatif
            cible.parent.mkdir(parents=True, exist_ok=True)
            cible.symlink_to(fichier)
        for relatif, contenu in (remplacements or {}).items():
            cible = racine / relatif
            cible.unlink(missing_ok=True)
            if contenu is not None:
                cible.parent.mkdir(parents=True, exist_ok=True)
                (cible.write_bytes if isinstance(contenu, bytes) else cible.write_text)(contenu)
        return racine

    return construire
