"""axe-core on the observatory page with the real indicators of Lot-et-Garonne (its largest tables)."""

import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_observatoire_sans_violation_axe(live_server, page, axe, settings):
    settings.DEPARTEMENT = "47"
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=io.StringIO())
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=io.StringIO())

    page.goto(live_server.url + "/observatoire/")

    assert page.locator("h1").count() == 1
    assert page.get_by_role("table", name="Indicateurs par commune, par ordre alphabétique").is_visible()
    axe(page, "observatoire")
