"""Architecture rules of ARCHITECTURE.md that can be checked mechanically."""

import ast
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
# lowest layer first: an app may import only the apps before it in this list
COUCHES = ["bienvenuedoc", "observatoire", "partenaires", "remplacements", "accompagnement"]
AUTORISES = {
    "bienvenuedoc": set(),
    "observatoire": {"bienvenuedoc"},
    "partenaires": {"bienvenuedoc", "observatoire"},
    "remplacements": {"bienvenuedoc", "observatoire"},
    "accompagnement": {"bienvenuedoc", "observatoire", "partenaires", "remplacements"},
}
# The root URLconf and the settings name every app by design.
EXEMPTES = {RACINE / "bienvenuedoc" / "urls.py", RACINE / "bienvenuedoc" / "settings.py"}


def _imports(fichier: Path) -> set[str]:
    arbre = ast.parse(fichier.read_text(encoding="utf-8"))
    noms = set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            noms.update(alias.name.split(".")[0] for alias in noeud.names)
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
            noms.add(noeud.module.split(".")[0])
    return noms


def _fichiers(app: str):
    for fichier in (RACINE / app).rglob("*.py"):
        if "migrations" not in fichier.parts and fichier not in EXEMPTES:
            yield fichier


@pytest.mark.parametrize("app", COUCHES)
def test_les_imports_ne_remontent_jamais_les_couches(app):
    interdits = set(COUCHES) - AUTORISES[app] - {app}
    fautes = [
        f"{fichier.relative_to(RACINE)} importe {', '.join(sorted(_imports(fichier) & interdits))}"
        for fichier in _fichiers(app)
        if _imports(fichier) & interdits
    ]
    assert not fautes, "Import vers une couche supérieure :\n" + "\n".join(fautes)


def test_la_regle_detecte_un_import_montant(tmp_path):
    fichier = tmp_path / "exemple.py"
    fichier.write_text("from accompagnement.models import Demande\nimport partenaires.enums\n", encoding="utf-8")
    assert _imports(fichier) == {"accompagnement", "partenaires"}


def test_pas_de_signal_pour_la_logique_metier():
    """Business logic goes through services, never signals (ARCHITECTURE.md)."""
    fautes = [
        str(fichier.relative_to(RACINE))
        for app in COUCHES
        for fichier in _fichiers(app)
        if "receiver(" in fichier.read_text(encoding="utf-8") or ".connect(" in fichier.read_text(encoding="utf-8")
    ]
    assert not fautes, f"Signaux trouvés : {fautes}"
