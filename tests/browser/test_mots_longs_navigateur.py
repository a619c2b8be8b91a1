"""On a phone (375 px wide), a long URL or an unbroken string typed by a person wraps: no page that shows
what people typed becomes wider than the screen (the space once measured up to 46,981 px)."""

import re

import pytest
from django.core import mail

from accompagnement.models import Demande
from accompagnement.services.demandes import demande_ajouter_complement, message_demandeur_envoyer
from accompagnement.services.suivi import message_hotline_envoyer
from tests.accompagnement.factories import AgentFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

LARGEUR = 375
URL_LONGUE = "https://www.exemple.test/" + "chemin-tres-long/" * 40 + "?parametre=" + "x" * 300
CHAINE = "Installation" * 80  # 960 characters without a space
NOM_LONG = "Dupont-" + "d" * 90


def _largeur_de_la_page(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def telephone(page, settings, live_server):
    settings.SITE_URL = live_server.url
    page.set_viewport_size({"width": LARGEUR, "height": 800})
    return page


def test_les_mots_longs_passent_a_la_ligne_sur_un_telephone(live_server, telephone):
    page = telephone
    page.goto(live_server.url + "/demande/")
    page.fill("#id_prenom", "Zoé")
    page.fill("#id_nom", NOM_LONG)
    page.fill("#id_email", "zoe.dupont@exemple.test")
    page.select_option("#id_profil", "medecin_generaliste")
    page.fill("#id_specialite", "Médecine" * 18)
    page.select_option("#id_type_projet", "installation")
    page.check("input[name=besoins][value=logement]")
    page.fill("#id_precision_logement", "T3" * 400)
    page.fill("#id_message", f"Mon site : {URL_LONGUE}\n{CHAINE}")
    page.check("#id_consentement")
    page.click("main button[type=submit]")
    page.wait_for_url("**/demande/envoyee/")
    assert _largeur_de_la_page(page) <= LARGEUR, "page de confirmation plus large que l’écran"

    demande = Demande.objects.get()
    demande_ajouter_complement(demande=demande, texte=CHAINE)
    message_demandeur_envoyer(demande=demande, corps=URL_LONGUE)
    agent = AgentFactory(first_name="Claire", last_name="Dupuis")
    message_hotline_envoyer(demande=demande, auteur=agent, corps=f"Voyez {URL_LONGUE}")

    accuse = next(m for m in mail.outbox if m.to == ["zoe.dupont@exemple.test"])
    page.goto(re.search(r"http\S+/espace/\S+/", accuse.body).group(0))
    assert CHAINE in page.inner_text("main")
    assert URL_LONGUE in page.inner_text("#messagerie")
    assert _largeur_de_la_page(page) <= LARGEUR, "espace du demandeur plus large que l’écran"
    # the user's text is still readable: the message's block is as wide as the screen allows, no wider
    largeur_message = page.evaluate("document.querySelector('.fil-messages li').getBoundingClientRect().width")
    assert 200 < largeur_message <= LARGEUR


def test_les_pages_publiques_ajoutees_tiennent_sur_un_telephone(live_server, telephone):
    """Offers, observatory, territory, search and editorial pages at 375 px: nothing wider than the screen, long
    text included."""
    from tests.contenus.factories import EvenementFactory, PageFactory
    from tests.observatoire.factories import CommuneFactory
    from tests.remplacements.factories import OffreFactory

    agen = CommuneFactory(agen=True)
    offre = OffreFactory(
        commune=agen, latitude=agen.latitude, longitude=agen.longitude, description=f"{URL_LONGUE} {CHAINE}"
    )
    evenement = EvenementFactory(description=f"Programme : {URL_LONGUE}")
    page_contenu = PageFactory(corps=f"Voir [le site]({URL_LONGUE}) et {CHAINE}")
    for url in [
        "/",
        "/offres/",
        f"/offres/{offre.uuid}/",
        "/offres/deposer/",
        "/observatoire/",
        "/evenements/",
        evenement.get_absolute_url(),
        page_contenu.get_absolute_url(),
        "/territoire/",
        f"/territoire/{agen.epci.siren}/",
        f"/observatoire/epci/{agen.epci.siren}/",
        "/observatoire/rapports/",
        "/recherche/?q=Agen",
        "/accessibilite/signaler/",
    ]:
        assert telephone.goto(live_server.url + url).ok, url
        assert _largeur_de_la_page(telephone) <= LARGEUR, f"{url} plus large que l’écran"
