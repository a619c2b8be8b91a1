"""Shared fixtures: the real PostgreSQL (pytest-django), a real Celery worker on Redis, Playwright on
Debian's chromium with axe-core, and pdftotext for PDFs."""

import os
import subprocess
from pathlib import Path

import pytest

# pytest-playwright's sync API runs an event loop in the main thread: allow the ORM there (STACK.md, gotcha 4).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(__file__).parent / "browser" / "vendor" / "axe.min.js"


def pytest_report_header(config):
    """Says what the suite really talks to (make test: PostgreSQL, Redis, a Celery worker, chromium)."""
    from django.conf import settings

    base = settings.DATABASES["default"]
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    try:
        version = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
    except OSError:
        version = "introuvable"
    return [
        f"base de données : {base['ENGINE'].rsplit('.', 1)[-1]} {base.get('HOST') or ''}:{base.get('PORT') or ''}",
        f"Redis (cache, broker Celery) : {os.environ.get('REDIS_URL', 'non défini')}",
        f"navigateur : {chromium} ({version})",
    ]


@pytest.fixture(autouse=True)
def _cache_vide():
    """Each test starts with an empty cache (site configuration, rate limits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fenetre_de_limitation_fixe(monkeypatch):
    """django-ratelimit counts in fixed time windows: a test sending N requests could straddle two windows
    and never be limited. Freeze the window so rate-limit tests are deterministic."""
    monkeypatch.setattr("django_ratelimit.core._get_window", lambda value, period: 1_800_000_000)


@pytest.fixture
def territoire_47(db):
    """The real Lot-et-Garonne (319 communes, 12 EPCI, their postal codes) from the extract shipped in the
    repository (observatoire/data/), imported by the project's own command (0.2 s)."""
    from io import StringIO

    from django.core.management import call_command

    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=StringIO())


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's superuser client, logged in WITH a verified second factor: a superuser must give one
    (accompagnement/securite/), like a Responsable (one helper: factories_backoffice.client_de)."""
    from tests.accompagnement.factories_backoffice import client_de

    return client_de(client, admin_user)


# --- Playwright on Debian's chromium -------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def axe():
    """axe(page) runs axe-core (pinned copy from the npm package, see `make vendor`) on the page and fails
    the test on any WCAG 2.1 A/AA violation, listing them."""

    def verifier(page, contexte: str = ""):
        # Evaluated through the DevTools protocol, not added as an inline <script> that the site's
        # Content-Security-Policy (script-src 'self') rightly blocks; the policy stays on for the page.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;void 0")
        resultat = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
        )
        violations = resultat["violations"]
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:5]}" for v in violations
        )
        assert not violations, f"axe-core : {len(violations)} violation(s) sur {contexte or page.url}\n{details}"
        return resultat

    return verifier


# --- PDF -------------------------------------------------------------------------------------------------
@pytest.fixture
def pdftotext(tmp_path):
    """pdftotext(bytes) -> the text of a PDF, read back by poppler's pdftotext (layout kept)."""

    def lire(contenu: bytes) -> str:
        chemin = tmp_path / "document.pdf"
        chemin.write_bytes(contenu)
        return subprocess.run(
            ["pdftotext", "-layout", str(chemin), "-"], check=True, capture_output=True, text=True
        ).stdout

    return lire


# --- Celery: a real worker consuming from Redis ----------------------------------------------------------
@pytest.fixture
def celery_worker_reel(settings, transactional_db):
    """Starts a Celery worker thread on the Redis broker (REDIS_URL) and turns eager mode off.
    Use with @pytest.mark.django_db(transaction=True): the worker runs in another thread and connection."""
    from celery.contrib.testing.worker import start_worker

    from bienvenuedoc.celery import app

    broker = os.environ.get("REDIS_URL")
    if not broker:
        pytest.fail("REDIS_URL n'est pas défini : `make test` le fixe (Redis réel requis pour ce test)")
    app.conf.update(
        broker_url=broker,
        result_backend=broker,
        task_always_eager=False,
        broker_connection_retry_on_startup=True,
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app._local.__dict__.pop("backend", None)  # the backend is cached per thread: rebuild it from the new conf
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING") as w:
            yield w
    finally:
        app.conf.update(task_always_eager=True, result_backend=None)
        app._local.__dict__.pop("backend", None)


# --- Fuzz: how many cases each fuzz test tried ------------------------------------------------------------
# tests/securite/test_fuzz.py records them with `record_property("cas_essayes", (form, n))`; the property travels
# with the report, so the controller of pytest-xdist prints them too. The hook lives here, in the conftest the
# controller loads at start-up (a conftest of a sub-folder is only loaded where tests are collected).
def pytest_terminal_summary(terminalreporter):
    lignes = [
        valeur
        for rapport in terminalreporter.getreports("passed") + terminalreporter.getreports("failed")
        if rapport.when == "call"
        for nom, valeur in rapport.user_properties
        if nom == "cas_essayes"
    ]
    if lignes:
        terminalreporter.section("fuzz : cas essayés par formulaire")
        for formulaire, nombre in sorted(lignes):
            terminalreporter.write_line(f"{formulaire} : {nombre} cas")
