"""The observatory in chromium with the real indicators of Lot-et-Garonne (its largest tables): axe-core with
the map and charts drawn, a visitor switching the map from communes to EPCI and to the APL, sorting the table
and downloading it, the EPCI and commune pages; no Content-Security-Policy violation."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from observatoire.indicateurs import tableau_de_bord
from tests.browser.test_csp import Violations

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lot_et_garonne(settings):
    settings.DEPARTEMENT = "47"
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=io.StringIO())
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=io.StringIO())


def carte_dessinee(page) -> int:
    page.wait_for_selector('#carte-observatoire[data-pret="oui"]')
    return page.locator("#carte-observatoire path.leaflet-interactive").count()


def test_observatoire_sans_violation_axe(live_server, page, axe, lot_et_garonne):
    violations = Violations(page)
    violations.visiter(live_server.url + "/observatoire/")

    assert page.locator("h1").count() == 1
    assert page.get_by_role("table", name="Indicateurs par commune, cliquer sur un en-tête pour trier").is_visible()
    assert carte_dessinee(page) == 319
    assert page.locator("canvas.graphique-observatoire").count() >= 1  # MSP and centres de santé over time
    violations.verifier("carte et graphiques dessinés")
    axe(page, "observatoire, carte et graphiques dessinés")


def test_un_visiteur_change_la_carte_trie_et_telecharge(live_server, page, axe, lot_et_garonne):
    violations = Violations(page)
    violations.visiter(live_server.url + "/observatoire/")
    carte_dessinee(page)

    page.get_by_label("Niveau", exact=True).select_option(label="Intercommunalités (EPCI)")
    page.get_by_label("Indicateur", exact=True).select_option(label="APL 2023")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_load_state("load")

    assert carte_dessinee(page) == 12
    assert page.get_by_role(
        "region", name="APL 2023, par intercommunalité (le tableau qui suit donne les mêmes chiffres)"
    ).is_visible()
    tableau = page.locator("#tableau-territoires")
    tableau.get_by_role("link", name="APL 2023").click()
    page.wait_for_load_state("load")
    entete = page.locator("#tableau-territoires th[aria-sort]")
    assert entete.get_attribute("aria-sort") == "ascending" and "APL 2023" in entete.inner_text()
    epcis = sorted(tableau_de_bord("47").epcis, key=lambda e: e.apl)
    premiere = page.locator("#tableau-territoires tbody tr").first.get_by_role("rowheader")
    assert premiere.get_by_role("link").inner_text() == epcis[0].nom
    violations.verifier("après le tri")
    axe(page, "observatoire, EPCI par APL croissante")

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="tableur (CSV)", exact=True).click()
    fichier = telechargement.value
    assert fichier.suggested_filename.startswith("observatoire-47-epci-") and fichier.suggested_filename.endswith(
        ".csv"
    )
    texte = Path(fichier.path()).read_text(encoding="utf-8-sig")
    assert "# Licence : Licence Ouverte / Open Licence 2.0" in texte
    lignes = list(csv.reader((ligne for ligne in texte.splitlines() if not ligne.startswith("#")), delimiter=";"))
    assert lignes[0][:2] == ["Code", "Nom"] and len(lignes) == 13
    assert [ligne[1] for ligne in lignes[1:]] == [e.nom for e in epcis]  # the order of the table


def test_pages_d_un_epci_et_d_une_commune(live_server, page, axe, lot_et_garonne):
    violations = Violations(page)
    violations.visiter(live_server.url + "/observatoire/epci/200096956/")
    assert carte_dessinee(page) == 44
    assert page.locator("canvas.graphique-observatoire").count() == 2  # APL, population
    axe(page, "page d'un EPCI")

    page.locator("#tableau-communes").get_by_role("link", name="Agen", exact=True).click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Agen"
    assert carte_dessinee(page) == 44
    violations.verifier("page d'une commune")
    axe(page, "page d'une commune")


def test_sur_un_telephone_rien_ne_deborde(live_server, page, lot_et_garonne):
    """At 375 px the wide tables scroll inside their region (their hidden sort hints included): the page
    itself never gets wider than the screen."""
    page.set_viewport_size({"width": 375, "height": 800})
    for url in (
        "/observatoire/",
        "/observatoire/?niveau=epci",
        "/observatoire/epci/200096956/",
        "/observatoire/commune/47001/",
    ):
        page.goto(live_server.url + url)
        carte_dessinee(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
