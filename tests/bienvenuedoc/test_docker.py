"""The production shape (Docker can't run here): the compose file parses and describes the five services,
the Dockerfile builds the image the way production needs it."""

from pathlib import Path

import pytest
import yaml

RACINE = Path(__file__).resolve().parents[2]
VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "DEPARTEMENT",
}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((RACINE / "docker-compose.yml").read_text(encoding="utf-8"))


def _commande(service) -> str:
    commande = service.get("command", "")
    return " ".join(commande) if isinstance(commande, list) else " ".join(commande.split())


def test_les_cinq_services(compose):
    services = compose["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    assert "gunicorn bienvenuedoc.wsgi" in _commande(services["web"])
    assert _commande(services["worker"]).startswith("celery -A bienvenuedoc worker")
    assert _commande(services["beat"]).startswith("celery -A bienvenuedoc beat")
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"


@pytest.mark.parametrize("nom", ["web", "worker", "beat"])
def test_les_services_de_l_application_sont_configures_par_l_environnement(compose, nom):
    service = compose["services"][nom]
    assert service["build"] == "."
    assert set(service["environment"]) >= VARIABLES
    assert service["environment"]["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in service["environment"]["DATABASE_URL"]
    assert service["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert service["depends_on"]["redis"]["condition"] == "service_healthy"


def test_le_secret_n_est_pas_dans_le_fichier(compose):
    assert compose["services"]["web"]["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_dockerfile():
    lignes = [ligne.strip() for ligne in (RACINE / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    texte = "\n".join(lignes)
    assert lignes[next(i for i, ligne in enumerate(lignes) if ligne.startswith("FROM"))] == (
        "FROM python:3.11-slim-bookworm"
    )
    for paquet in ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"]:
        assert paquet in texte
    copie = lignes.index("COPY requirements.txt .")
    installation = lignes.index("RUN pip install -r requirements.txt")
    assert copie < installation < lignes.index("COPY . .")
    assert "manage.py collectstatic --noinput" in texte
    assert 'CMD ["gunicorn", "bienvenuedoc.wsgi"' in texte


def test_dockerignore_exclut_les_secrets_et_les_fichiers_locaux():
    ignores = (RACINE / ".dockerignore").read_text(encoding="utf-8").split()
    for motif in [".env", ".venv", ".git", "*.sqlite3", "media"]:
        assert motif in ignores
