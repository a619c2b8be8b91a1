"""The production shape (Docker can't run here): the compose file parses and describes the services, only
the reverse proxy is published and it overwrites the client's X-Forwarded-For, the Dockerfile builds the
image the way production needs it. The proxy's configuration itself runs in test_proxy_nginx.py."""

import re
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
    assert {"proxy", "web", "worker", "beat", "postgres", "redis"} <= set(services)
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
    for motif in [".env", ".venv", ".git", "*.sqlite3", "media", "deploy/certs"]:
        assert motif in ignores


def _proxies(compose) -> list[str]:
    return [nom for nom, service in compose["services"].items() if str(service.get("image", "")).startswith("nginx")]


def test_seul_le_proxy_publie_un_port(compose):
    publies = {nom for nom, service in compose["services"].items() if service.get("ports")}
    assert publies == {"proxy"}
    assert (
        compose["services"]["proxy"]["image"].startswith("nginx:")
        and "bookworm" in compose["services"]["proxy"]["image"]
    )
    assert {p.split(":")[-1] for p in compose["services"]["proxy"]["ports"]} == {"80", "443"}
    assert compose["services"]["web"]["expose"] == ["8000"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in compose["services"]["proxy"]["volumes"]
    assert compose["services"]["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


@pytest.mark.parametrize("nom", ["web", "worker", "beat"])
def test_nombre_de_proxies_egal_au_nombre_de_proxies(compose, nom):
    assert _proxies(compose) == ["proxy"]
    assert int(compose["services"][nom]["environment"]["NOMBRE_PROXIES"]) == len(_proxies(compose))


def test_le_proxy_ecrase_x_forwarded_for():
    conf = (RACINE / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    directives = [ligne.split("#")[0].strip() for ligne in conf.splitlines()]
    directives = [d for d in directives if d]
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in directives
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in directives
    assert "proxy_set_header Host $host;" in directives
    assert not any("$proxy_add_x_forwarded_for" in d or "$http_x_forwarded" in d for d in directives)
    assert "server web:8000;" in directives
    # nothing but the proxy: one location per server, no root/alias/static files
    assert not any(re.match(r"(root|alias|try_files|autoindex)\b", d) for d in directives)
    assert sum(d.startswith("proxy_pass ") for d in directives) == 1


def test_verification_de_sante_du_web(compose):
    commande = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/sante/" in commande
    assert "urlopen" in commande  # raises, so the command fails, on anything but a 2xx answer
