"""Editorial content in a real browser: a lycéen goes from the home page to the studies pages and the FAQ; a
doctor registers for an event and a second registration past its capacity lands on the waiting list; axe-core
finds no violation on any new page type (page, news list and item, events list, event, confirmation, cancel)."""

import io
import random

import pytest

from bienvenuedoc.contenus import demo
from bienvenuedoc.contenus.models import Inscription
from tests.contenus.factories import EvenementFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contenus_demo():
    demo.generer(rng=random.Random(1), departement="47", stdout=io.StringIO())


def test_un_lyceen_va_de_l_accueil_aux_etudes_puis_a_la_faq(live_server, page, axe, contenus_demo):
    page.goto(live_server.url + "/")
    axe(page, "accueil avec événements et actualités")
    page.get_by_role("heading", name="Lycéen").get_by_role("link").click()
    page.get_by_role("navigation", name="Pour aller plus loin").get_by_role(
        "link", name="Devenir médecin : le parcours, du lycée au docteur junior"
    ).click()
    assert page.locator("h1").inner_text() == "Devenir médecin : le parcours, du lycée au docteur junior"
    assert (
        page.get_by_role("link", name="parcoursup.gouv.fr")
        .first.get_attribute("href")
        .startswith("https://www.parcoursup.gouv.fr")
    )
    axe(page, "page de contenu")
    page.get_by_role("navigation", name="Dans la même rubrique").get_by_role(
        "link", name="Questions fréquentes des lycéens"
    ).click()
    assert page.locator("h1").inner_text() == "Questions fréquentes des lycéens"
    assert page.get_by_role("heading", name="Peut-on redoubler la première année ?").is_visible()
    axe(page, "FAQ")
    page.goto(live_server.url + "/actualites/")
    axe(page, "liste des actualités")
    page.get_by_role("link", name="Parcoursup : pensez aux études de santé près de chez vous").click()
    axe(page, "actualité")


def _inscrire(page, nom, email):
    page.get_by_label("Prénom et nom").fill(nom)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Vous êtes").select_option(label="Médecin")
    page.get_by_label("J’accepte que mes nom").check()
    page.get_by_role("button", name="M’inscrire").click()


def test_un_medecin_s_inscrit_et_le_suivant_va_en_liste_d_attente(live_server, page, axe):
    EvenementFactory(titre="Journée découverte de l’Albret", capacite=1)
    page.goto(live_server.url + "/evenements/")
    axe(page, "liste des événements")
    page.get_by_role("link", name="Journée découverte de l’Albret").click()
    assert page.get_by_text("1 place disponible sur 1.").is_visible()
    axe(page, "page d’un événement")

    # an error first: said on the field, the typing kept
    page.get_by_label("Prénom et nom").fill("Dr Léa Martin")
    page.get_by_role("button", name="M’inscrire").click()
    assert page.get_by_label("Prénom et nom").input_value() == "Dr Léa Martin"
    assert page.get_by_text("Indiquez votre adresse électronique.").first.is_visible()
    axe(page, "formulaire d’inscription en erreur")

    _inscrire(page, "Dr Léa Martin", "lea@exemple.test")
    assert page.get_by_role("heading", name="Votre inscription est confirmée").is_visible()
    axe(page, "inscription confirmée")

    page.goto(page.url.rsplit("inscription-enregistree/", 1)[0])
    assert page.get_by_role("heading", name="S’inscrire sur la liste d’attente").is_visible()
    _inscrire(page, "Dr Hugo Bernard", "hugo@exemple.test")
    assert page.get_by_role("heading", name="Vous êtes sur la liste d’attente").is_visible()

    premiere = Inscription.objects.get(email="lea@exemple.test")
    page.goto(f"{live_server.url}/evenements/inscription/{premiere.jeton}/annuler/")
    axe(page, "annuler une inscription")
    page.get_by_role("button", name="Annuler mon inscription").click()
    assert page.get_by_role("heading", name="Inscription annulée").is_visible()
    assert Inscription.objects.get(email="hugo@exemple.test").statut == "confirmee"


# --- territory pages, site search, keyboard ------------------------------------------------------------------
@pytest.fixture
def agen_avec_evenement(settings):
    from tests.contenus.factories import PresentationTerritoireFactory
    from tests.observatoire.factories import CommuneFactory

    settings.DEPARTEMENT = "47"
    agen = CommuneFactory(agen=True)
    CommuneFactory(departement=agen.departement, epci=agen.epci, nom="Boé")
    PresentationTerritoireFactory(
        epci_siren=agen.epci.siren,
        accroche="Une agglomération au bord de la Garonne (texte de test).",
        emploi_conjoint="Voir l’[annuaire des partenaires](/partenaires/).",
    )
    EvenementFactory(titre="Journée découverte de l’Agenais", capacite=1, commune_insee="47001", commune_nom="Agen")
    return agen


def test_un_medecin_lit_la_page_d_un_territoire_et_s_inscrit_a_un_evenement(
    live_server, page, axe, agen_avec_evenement
):
    erreurs_js = []
    page.on("pageerror", lambda erreur: erreurs_js.append(str(erreur)))
    page.goto(live_server.url + "/territoire/")
    axe(page, "index des territoires")
    page.get_by_role("link", name=agen_avec_evenement.epci.nom).click()
    assert page.locator("h1").inner_text() == agen_avec_evenement.epci.nom
    assert page.get_by_text("Une agglomération au bord de la Garonne (texte de test).").is_visible()
    assert page.get_by_role("heading", name="Emploi du conjoint").is_visible()
    # the map and its equivalent, the table of the communes
    page.wait_for_load_state("load")  # the map is drawn by the script at the end of the page
    assert page.locator("#carte-territoire.leaflet-container").count() == 1
    assert erreurs_js == []  # the view is set before the outline and markers are drawn
    assert page.get_by_role("table").get_by_role("rowheader", name="Boé").is_visible()
    axe(page, "page d’un territoire")
    page.get_by_role("link", name="Journée découverte de l’Agenais").click()
    _inscrire(page, "Dr Léa Martin", "lea@exemple.test")
    assert page.get_by_role("heading", name="Votre inscription est confirmée").is_visible()
    page.goto(page.url.rsplit("inscription-enregistree/", 1)[0])
    _inscrire(page, "Dr Hugo Bernard", "hugo@exemple.test")
    assert page.get_by_role("heading", name="Vous êtes sur la liste d’attente").is_visible()
    assert Inscription.objects.get(email="hugo@exemple.test").statut == "attente"


def test_la_recherche_logement_interne_trouve_les_logements_et_la_page(live_server, page, axe, contenus_demo):
    from tests.remplacements.factories import OffreFactory

    OffreFactory(logement=True, titre="Studio meublé pour internes à Nérac", pour_internes=True)
    OffreFactory(titre="Remplacement en cabinet à Marmande")
    page.goto(live_server.url + "/")
    champ = page.get_by_role("search").get_by_label("Rechercher sur le site")
    champ.fill("logement interne")
    champ.press("Enter")
    assert page.locator("h1").inner_text() == "Rechercher sur le site"
    offres = page.get_by_role("region", name="Offres")
    assert offres.get_by_role("link", name="Studio meublé pour internes à Nérac").is_visible()
    assert offres.get_by_role("link", name="Remplacement en cabinet à Marmande").count() == 0
    pages = page.get_by_role("region", name="Pages")
    lien = pages.get_by_role("link", name="Se loger pendant son stage : le logement des internes et des externes")
    assert lien.is_visible()
    axe(page, "résultats de recherche")
    lien.click()
    assert "logement des internes" in page.locator("h1").inner_text()


def _tab_jusqua(page, selecteur: str, maximum: int = 80):
    """Tab until `selecteur` has the focus, which must be visible (outline or shadow)."""
    for _ in range(maximum):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selecteur!r})"):
            contour = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement); "
                "return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }"
            )
            assert contour[0] != "none" and contour[1] > 0 or contour[2] != "none", (selecteur, contour)
            return
    raise AssertionError(f"{selecteur} jamais atteint au clavier")


def test_s_inscrire_au_clavier_seul_avec_un_focus_visible(live_server, page):
    evenement = EvenementFactory(titre="Rencontre des internes", capacite=5)
    page.goto(f"{live_server.url}/evenements/{evenement.slug}/")

    def tab_jusqua(selecteur: str):
        _tab_jusqua(page, selecteur)

    tab_jusqua("#id_nom")
    page.keyboard.type("Dr Léa Martin")
    tab_jusqua("#id_email")
    page.keyboard.type("lea@exemple.test")
    tab_jusqua("#id_profil")
    page.keyboard.press("ArrowDown")  # « Médecin », first choice after the prompt
    tab_jusqua("#id_consentement")
    page.keyboard.press("Space")
    tab_jusqua("#formulaire button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Votre inscription est confirmée").wait_for()
    assert Inscription.objects.get(email="lea@exemple.test").nom == "Dr Léa Martin"


def test_chercher_puis_signaler_un_probleme_au_clavier_seul(live_server, page):
    """The header's search and the accessibility report form, keyboard only, focus visible at each step."""
    from bienvenuedoc.contenus.models import SignalementAccessibilite

    page.goto(live_server.url + "/")
    _tab_jusqua(page, "#bandeau-recherche-q")
    page.keyboard.type("Agen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=Agen*")
    assert page.locator("h1").inner_text() == "Rechercher sur le site"

    page.goto(live_server.url + "/accessibilite/signaler/")
    _tab_jusqua(page, "#id_description")
    page.keyboard.type("La carte de l’annuaire ne se lit pas avec mon lecteur d’écran.")
    _tab_jusqua(page, "#id_nom")
    page.keyboard.type("Camille Roux")
    _tab_jusqua(page, "#id_email")
    page.keyboard.type("camille@exemple.test")
    _tab_jusqua(page, "#id_consentement")
    page.keyboard.press("Space")
    _tab_jusqua(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Merci, votre signalement est envoyé").wait_for()
    assert SignalementAccessibilite.objects.get().email == "camille@exemple.test"
