"""A database restart must not fail the requests that follow (issue 9, item 8: CONN_HEALTH_CHECKS).

A real gunicorn serves the site on the test database with persistent connections (CONN_MAX_AGE=60, as a
production deployment may set it); every connection of that database is then terminated from another one
(pg_terminate_backend, what a PostgreSQL restart does to them): the next requests must all succeed."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

RACINE = Path(__file__).resolve().parents[2]


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _statut(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as reponse:
            return reponse.status
    except urllib.error.HTTPError as erreur:
        return erreur.code


@pytest.fixture
def gunicorn_persistant(transactional_db, tmp_path):
    """gunicorn (one sync worker) on the test database with CONN_MAX_AGE=60; yields its base URL."""
    base = connection.settings_dict
    port = _port_libre()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "DATABASE_URL": f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{base['NAME']}",
        "CONN_MAX_AGE": "60",
        "REDIS_URL": "",  # local-memory cache, in-process tasks: only the database matters here
        "CELERY_BROKER_URL": "",
    }
    journal = (tmp_path / "gunicorn.log").open("w")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    serveur = subprocess.Popen(
        [str(gunicorn), "bienvenuedoc.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"],
        cwd=RACINE,
        env=env,
        stdout=journal,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        limite = time.monotonic() + 60
        while True:
            try:
                _statut(f"{url}/sante/")
                break
            except OSError:
                assert serveur.poll() is None, (tmp_path / "gunicorn.log").read_text()
                assert time.monotonic() < limite, "gunicorn n'a pas démarré"
                time.sleep(0.2)
        yield url
    finally:
        serveur.terminate()
        try:
            serveur.wait(timeout=10)
        except subprocess.TimeoutExpired:
            serveur.kill()
            serveur.wait()
        journal.close()


def _terminer_les_connexions_du_serveur() -> int:
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return curseur.fetchone()[0]


def test_connexions_coupees_les_requetes_suivantes_reussissent(gunicorn_persistant):
    pages = ["/partenaires/", "/plan-du-site/", "/sante/"]
    for page in pages:
        assert _statut(gunicorn_persistant + page) == 200, page
    assert _terminer_les_connexions_du_serveur() >= 1  # the server kept its connection open between requests

    statuts = [(page, _statut(gunicorn_persistant + page)) for page in pages * 2]
    assert statuts == [(page, 200) for page in pages * 2]
