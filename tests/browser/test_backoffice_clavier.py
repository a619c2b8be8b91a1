"""Issue 15, in a real browser: an agent triages a case with the KEYBOARD ONLY — finds it from the list (search
box, then its link), takes it (« Je m’en occupe »), changes a need's status, refers a need to a partner, writes
to the requester and sees the event in the timeline. The focus is visible on every control reached, and after
each action the focus is on the message saying what happened (static/js/gestion.js). And the back office at
320 px wide: the page never scrolls sideways (only the inline tables, in their own box)."""

import pytest
from django.conf import settings
from django.test import Client

from accompagnement.enums import StatutBesoin
from partenaires.enums import TypeBesoin
from tests.accompagnement.factories import BesoinFactory, DemandeFactory, EtapeFactory, PartenaireOrientationFactory
from tests.accompagnement.factories_backoffice import CHARGE, client_de, membre

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

MESSAGE = "Bonjour Docteur, nous vous proposons un rendez-vous mardi."
FOCUS_VISIBLE = """el => {
  const s = getComputedStyle(el);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
}"""


def _connecte(page, live_server, user):
    client = client_de(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def _tab_jusqu_a(page, selecteur: str, max_tabs: int = 400):
    """Presses Tab until the focus is on `selecteur`; the focus must be visible there."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selecteur):
            assert page.evaluate(f"({FOCUS_VISIBLE})(document.activeElement)"), f"focus invisible sur {selecteur}"
            return
    raise AssertionError(f"{selecteur} jamais atteint au clavier")


def _choisir_au_clavier(page, selecteur: str, valeur: str):
    """Reaches the <select> with Tab and moves its choice with the arrow keys until `valeur`."""
    _tab_jusqu_a(page, selecteur)
    page.keyboard.press("Home")
    for _ in range(200):
        if page.evaluate("s => document.querySelector(s).value", selecteur) == valeur:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{valeur} introuvable dans {selecteur}")


def _entree(page):
    """Enter on the focused link or button, and the next page loaded."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _message_recu(page, texte: str):
    """After an action: the page came back with the message, and the focus is on it (visibly)."""
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'messages'")
    assert texte in page.inner_text("#messages")
    assert page.evaluate(f"({FOCUS_VISIBLE})(document.activeElement)")


def test_un_agent_traite_une_demande_au_clavier_seul(live_server, page):
    agent = membre(CHARGE, first_name="Inès", last_name="Martin")
    demande = DemandeFactory(nom="Vasseur", prenom="Claire")
    logement = BesoinFactory(demande=demande, logement=True)
    conjoint = BesoinFactory(demande=demande, emploi_conjoint=True)
    partenaire = PartenaireOrientationFactory(nom="Office départemental de l’habitat")
    _connecte(page, live_server, agent)

    # finds the case from the list: the search box, then the case's link
    page.goto(live_server.url + "/gestion/accompagnement/demande/")
    _tab_jusqu_a(page, "#searchbar")
    page.keyboard.type("Vasseur")
    _entree(page)
    _tab_jusqu_a(page, f"#result_list a[href*='/{demande.pk}/change/']")
    _entree(page)
    assert f"/gestion/accompagnement/demande/{demande.pk}/change/" in page.url

    # takes it
    _tab_jusqu_a(page, "form[action$='/action/prendre/'] button")
    _entree(page)
    _message_recu(page, "Vous êtes désormais référent·e de cette demande.")
    demande.refresh_from_db()
    assert demande.referent == agent

    # changes a need's status
    _choisir_au_clavier(page, "#id_sb-besoin", str(conjoint.pk))
    _choisir_au_clavier(page, "#id_sb-vers", StatutBesoin.EN_COURS)
    _tab_jusqu_a(page, "form[action$='/action/statut-besoin/'] button")
    _entree(page)
    _message_recu(page, "Le statut du besoin a été modifié.")
    conjoint.refresh_from_db()
    assert conjoint.statut == StatutBesoin.EN_COURS

    # refers the housing need to a partner
    _choisir_au_clavier(page, "#id_or-besoin", str(logement.pk))
    _choisir_au_clavier(page, "#id_or-partenaire", str(partenaire.pk))
    _tab_jusqu_a(page, "form[action$='/action/orienter/'] button")
    _entree(page)
    _message_recu(page, "Le besoin a été orienté vers le partenaire.")
    logement.refresh_from_db()
    assert (logement.statut, logement.partenaire) == (StatutBesoin.ORIENTE, partenaire)

    # writes to the requester
    _tab_jusqu_a(page, "#id_message-corps")
    page.keyboard.type(MESSAGE)
    _tab_jusqu_a(page, "form[action$='/action/message/'] button")
    _entree(page)
    _message_recu(page, "Le message a été envoyé au demandeur.")

    # sees the events in the timeline, the newest first
    chronologie = page.inner_text("section[aria-labelledby=titre-chronologie]")
    assert chronologie.index("Message de la hotline") < chronologie.index("Orientation vers un partenaire")
    assert chronologie.index("Orientation vers un partenaire") < chronologie.index("Statut d’un besoin modifié")
    assert MESSAGE in page.inner_text("section[aria-labelledby=titre-messages]")
    assert TypeBesoin.LOGEMENT.label in chronologie


@pytest.mark.parametrize("largeur", [320, 640])  # 640: a 1280 px screen at 200 % zoom
def test_le_back_office_tient_en_320_pixels(live_server, browser, browser_context_args, largeur):
    agent = membre(CHARGE, first_name="Inès", last_name="Martin")
    demande = DemandeFactory(referent=agent)
    for trait in ("logement", "emploi_conjoint", "scolarite"):
        BesoinFactory(demande=demande, **{trait: True})
    EtapeFactory(demande=demande)
    contexte = browser.new_context(**{**browser_context_args, "viewport": {"width": largeur, "height": 800}})
    page = contexte.new_page()
    _connecte(page, live_server, agent)
    for url in (
        "/gestion/",
        "/gestion/accompagnement/demande/",
        f"/gestion/accompagnement/demande/{demande.pk}/change/",
        "/gestion/accompagnement/demande/charge/",
        "/gestion/securite/",
    ):
        page.goto(live_server.url + url)
        largeurs = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert largeurs[0] <= largeurs[1], f"{url} déborde en {largeur} px : {largeurs}"
    contexte.close()
