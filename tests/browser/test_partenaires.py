"""The partner directory and the aid simulator in chromium: an intern's journey, axe-core on each page."""

from urllib.parse import parse_qs, urlsplit

import pytest

from partenaires.enums import ProfilAide, TypeZone
from tests.partenaires.factories import (
    AideFinanciereFactory,
    CommuneFactory,
    PartenaireFactory,
    ZonageCommuneFactory,
)

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def donnees():
    agen = CommuneFactory(agen=True)
    ZonageCommuneFactory(commune=agen, type_zone=TypeZone.ZIP, est_demo=True)
    ars = PartenaireFactory(nom="ARS — délégation départementale", slug="ars", services=["aides_financieres"])
    PartenaireFactory(nom="Résidence des internes", slug="residence", logement=True, services=["logement"])
    AideFinanciereFactory(cesp=True, slug="cesp", financeur=ars)
    AideFinanciereFactory(primo_zip=True, slug="primo-zip", financeur=ars)
    AideFinanciereFactory(
        locale=True,
        nom="Aide du Département",
        slug="aide-departement",
        financeur=ars,
        zones=[TypeZone.ZIP],
        profils=[ProfilAide.PRIMO_INSTALLANT],
    )
    return agen


def test_un_interne_simule_puis_demande_a_etre_accompagne(live_server, page, axe, donnees):
    page.goto(live_server.url + "/aides/")
    axe(page, "simulateur")
    page.get_by_label("Interne (3e cycle)").check()
    page.get_by_label("Votre projet").select_option("stage")
    page.get_by_label("Mode d’exercice envisagé").select_option("liberal")
    page.get_by_label("Commune envisagée").fill("agen")
    page.get_by_label("Secteur de conventionnement").select_option("non_concerne")
    page.get_by_label("Combien d’années").fill("3")
    page.locator("#id_premiere_installation_1").check()
    page.locator("#id_aide_installation_recue_1").check()
    page.get_by_role("button", name="Voir les aides").click()

    page.wait_for_selector("#titre-resultats")
    assert page.locator("h1").count() == 1
    eligibles = page.locator("article.resultat-eligible")
    assert eligibles.count() == 1
    cesp = page.locator("#aide-cesp")
    assert "Contrat d’engagement de service public (CESP)" in cesp.inner_text()
    assert "Profil : Interne" in cesp.inner_text()
    assert "Engagement envisagé de 3 an(s), au moins 2 demandé(s)" in cesp.inner_text()
    non_eligibles = page.locator("li.resultat-non-eligible").all_inner_texts()
    assert any("primo-installation" in t and "Critère non rempli" in t for t in non_eligibles)
    axe(page, "résultats du simulateur")

    cesp.get_by_role("link", name="Être accompagné·e pour « Contrat d’engagement de service public (CESP) »").click()
    page.wait_for_url("**/demande/**")
    adresse = urlsplit(page.url)
    assert adresse.path == "/demande/"
    assert parse_qs(adresse.query) == {
        "profil": ["interne"],
        "type_projet": ["stage"],
        "commune": ["47001"],
        "mode_exercice": ["liberal"],
        "besoins": ["aides_financieres"],
        "aide": ["cesp"],
    }


def test_simulateur_erreur_annoncee_sur_le_champ(live_server, page, axe, donnees):
    page.goto(
        live_server.url + "/aides/?profil=interne&type_projet=stage&commune=Nullepart&mode_exercice=liberal"
        "&secteur=non_concerne&engagement_annees=2&premiere_installation=non&aide_installation_recue=non"
    )
    champ = page.locator("#id_commune")
    assert champ.get_attribute("aria-invalid") == "true"
    assert "id_commune_error" in champ.get_attribute("aria-describedby")
    assert "Commune inconnue : « Nullepart »" in page.locator("#id_commune_error").inner_text()
    axe(page, "simulateur avec erreur")


def test_annuaire_et_fiche_partenaire(live_server, page, axe, donnees):
    page.goto(live_server.url + "/partenaires/")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() == page.locator("#liste-partenaires > li").count() == 2
    axe(page, "annuaire")
    page.get_by_label("Besoin").select_option("logement")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**besoin=logement**")
    assert page.locator("#liste-partenaires > li").all_inner_texts()[0].startswith("Résidence des internes")
    assert page.locator("#liste-partenaires > li").count() == 1
    page.get_by_role("link", name="Résidence des internes").click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Résidence des internes"
    axe(page, "fiche partenaire")


def test_catalogue_sans_violation(live_server, page, axe, donnees):
    page.goto(live_server.url + "/aides/catalogue/")
    assert "Contrat d’engagement de service public (CESP)" in page.content()
    axe(page, "catalogue des aides")
