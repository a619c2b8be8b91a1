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
    assert "Nous ne trouvons pas « Nullepart »" in page.locator("#id_commune_error").inner_text()
    axe(page, "simulateur avec erreur")


def _remplir_simulateur(page):
    page.get_by_label("Médecin remplaçant·e").check()
    page.get_by_label("Votre projet").select_option("installation")
    page.get_by_label("Mode d’exercice envisagé").select_option("liberal")
    page.get_by_label("Secteur de conventionnement").select_option("secteur_1_optam")
    page.locator("#id_premiere_installation_1").check()
    page.locator("#id_aide_installation_recue_1").check()


def test_simulateur_commune_reelle_puis_intercommunalite_jusqu_au_formulaire(live_server, page, axe, territoire_47):
    """The real 47: a postal code of several communes is asked about on the field; « Nom (code postal) » is
    that commune, never the one whose INSEE code is the same number; the EPCI mode carries the EPCI chosen
    into the request form."""
    page.goto(live_server.url + "/aides/")
    _remplir_simulateur(page)
    page.get_by_label("Commune envisagée").fill("47200")
    page.get_by_role("button", name="Voir les aides").click()
    erreur = page.locator("#id_commune_error").inner_text()
    assert "Le code postal 47200 correspond à plusieurs communes : Marmande, " in erreur
    assert "47200 est aussi le code INSEE de Parranquet" in erreur
    assert page.locator("#id_commune").get_attribute("aria-invalid") == "true"
    assert page.locator("#titre-resultats").count() == 0
    axe(page, "simulateur, code postal de plusieurs communes")

    page.get_by_label("Commune envisagée").fill("Villeneuve-sur-Lot (47300)")
    page.get_by_role("button", name="Voir les aides").click()
    assert page.locator("#titre-resultats").inner_text() == "Résultats pour Villeneuve-sur-Lot (47323)"

    page.get_by_label("Commune envisagée").fill("")
    page.get_by_label("l’intercommunalité").select_option(label="CA du Grand Villeneuvois")
    page.get_by_role("button", name="Voir les aides").click()
    assert page.locator("#titre-resultats").inner_text() == "Résultats pour CA du Grand Villeneuvois"
    page.get_by_role("link", name="Être accompagné·e pour mon projet").click()
    page.wait_for_url("**/demande/**")
    assert parse_qs(urlsplit(page.url).query)["epci"] == ["200023307"]
    assert page.get_by_label("CA du Grand Villeneuvois").is_checked()
    cochees = page.locator("input[name=epcis]:checked")
    assert cochees.count() == 1
    assert page.locator("#id_profil").input_value() == "remplacant"
    assert page.locator("#id_type_projet").input_value() == "installation"
    axe(page, "formulaire pré-rempli depuis le simulateur")


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


def test_les_partenaires_d_un_meme_lieu_partagent_un_marqueur(live_server, page, axe):
    """Stacked markers would hide one another (and fail WCAG 2.5.8's target size): one marker per place lists
    every partner there; a partner elsewhere keeps its own."""
    for nom in ("Mairie d’Agen", "Office de tourisme d’Agen", "Maison de santé d’Agen"):
        PartenaireFactory(nom=nom, ville="Agen", latitude=44.2033, longitude=0.6163)
    PartenaireFactory(nom="Mairie de Nérac", ville="Nérac", latitude=44.1361, longitude=0.3392)
    page.goto(live_server.url + "/partenaires/")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() == 2
    page.locator('.leaflet-marker-icon[title="3 partenaires à Agen"]').click()
    bulle = page.locator(".leaflet-popup-content")
    for nom in ("Mairie d’Agen", "Office de tourisme d’Agen", "Maison de santé d’Agen"):
        assert bulle.get_by_role("link", name=nom).is_visible()
    axe(page, "annuaire, partenaires groupés par lieu")
