"""Production shape of the static files: collectstatic with CompressedManifestStaticFilesStorage succeeds and
every page then renders (a template referring to a missing static file would fail with the manifest)."""

import os

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.bienvenuedoc.test_pages import PAGES


@pytest.fixture
def stockage_manifeste(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Django's setting_changed handlers rebuild the storages when STORAGES changes.
    return settings.STATIC_ROOT


@pytest.mark.django_db
def test_collectstatic_et_pages_en_production(stockage_manifeste, client):
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (stockage_manifeste / "staticfiles.json").exists()
    assert list(stockage_manifeste.glob("css/site.*.css.gz"))
    for nom in PAGES:
        contenu = client.get(reverse(nom)).content.decode()
        assert "/static/css/site." in contenu and "/static/css/site.css" not in contenu, nom
    contenu = client.get("/page-inexistante/").content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min." in contenu


def test_le_point_d_entree_wsgi_fige_le_tas_du_worker():
    """gunicorn imports bienvenuedoc.wsgi in each worker: what it loaded must be frozen out of the garbage
    collector (full collections otherwise walk it on random requests: see benchmarks/partenaires.py)."""
    import subprocess
    import sys

    from django.conf import settings

    sortie = subprocess.run(
        [sys.executable, "-c", "import gc, bienvenuedoc.wsgi; print(gc.get_freeze_count())"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bienvenuedoc.settings_test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(sortie.stdout.strip()) > 50_000
