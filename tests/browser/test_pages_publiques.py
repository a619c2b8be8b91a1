"""Every public page of the site passes axe-core (WCAG 2.1 A/AA) with zero violations, on a desktop and a
mobile width, and the skip link works with the keyboard alone."""

import pytest

from tests.observatoire.factories import CommuneFactory, DepartementFactory, EPCIFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

PAGES_PUBLIQUES = [
    "/",
    "/medecins/",
    "/internes-et-etudiants/",
    "/lyceens/",
    "/observatoire/",
    "/observatoire/?niveau=epci&indicateur=apl&tri=-apl",
    "/observatoire/epci/200096956/",
    "/observatoire/commune/47001/",
    "/observatoire/rapports/",
    "/mentions-legales/",
    "/accessibilite/",
    "/donnees-personnelles/",
    "/plan-du-site/",
    "/territoire/",
    "/territoire/200096956/",
    "/recherche/?q=Agen",
    "/recherche/?q=introuvable",
    "/accessibilite/signaler/",
    "/page-inexistante/",
]


@pytest.fixture
def territoire():
    dep = DepartementFactory()
    epci = EPCIFactory(agen=True, nom="Agglomération d’Agen")
    for _ in range(3):
        CommuneFactory(departement=dep, epci=epci)
    CommuneFactory(departement=dep, epci=epci, code_insee="47001", nom="Agen")
    CommuneFactory(departement=dep, epci=None)


@pytest.fixture
def coordonnees_hotline():
    from bienvenuedoc.models import configuration_courante

    config = configuration_courante()
    config.hotline_telephone = "05 53 00 00 00"
    config.hotline_email = "hotline@exemple.fr"
    config.save()


def test_toutes_les_pages_publiques_passent_axe(live_server, page, axe, territoire, coordonnees_hotline):
    for chemin in PAGES_PUBLIQUES:
        page.goto(live_server.url + chemin)
        assert page.locator("h1").count() == 1, chemin
        assert page.locator("footer").get_by_role("link", name="Accessibilité : non conforme").is_visible()
        axe(page, chemin)
    # The observatory page shows the real table.
    page.goto(live_server.url + "/observatoire/")
    assert page.get_by_role("table").get_by_role("rowheader", name="Agglomération d’Agen").is_visible()


def test_navigation_mobile_repliee_puis_depliee_et_sans_violation(live_server, page, axe):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/medecins/")
    lien = page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Lycéens")
    assert not lien.is_visible()
    bouton = page.get_by_role("button", name="Menu")
    assert bouton.get_attribute("aria-expanded") == "false"
    bouton.click()
    lien.wait_for(state="visible")
    assert bouton.get_attribute("aria-expanded") == "true"
    courant = page.locator('#navigation-principale a[aria-current="page"]')
    assert courant.inner_text() == "Médecins"
    axe(page, "navigation mobile dépliée")


def test_lien_d_evitement_au_clavier(live_server, page):
    page.goto(live_server.url + "/medecins/")
    page.keyboard.press("Tab")
    focus = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.className]")
    assert focus == ["Aller au contenu", "lien-evitement"]
    # Visible when focused (it is off-screen otherwise).
    boite = page.locator(".lien-evitement").bounding_box()
    assert boite["x"] >= 0 and boite["y"] >= 0
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'contenu'")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
    # The next Tab goes to the first link inside the content (the breadcrumb), not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


def test_le_focus_clavier_est_visible(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the home link in the header
    contour = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert contour == ["solid", "3px"]
