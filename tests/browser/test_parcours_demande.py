"""The requester's journey in a real browser: the form with a mistake first (the error shows on the field and
nothing typed is lost), the confirmation, the acknowledgement e-mail and its private link, the space, the
new-link page; axe-core on every page; the form completed with the keyboard only."""

import re

import pytest
from django.core import mail

from accompagnement.enums import TypeNotification
from accompagnement.models import Demande, Notification
from tests.accompagnement.factories import ModeleEtapeFactory
from tests.observatoire.factories import CommuneFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def territoire(settings, live_server):
    settings.SITE_URL = live_server.url  # links in e-mails point to the test server
    ModeleEtapeFactory(titre="Inscription au tableau de l’Ordre des médecins")
    return CommuneFactory(agen=True)


def _id_actif(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def _tabuler_jusqua(page, identifiant: str, maximum: int = 120):
    for _ in range(maximum):
        if _id_actif(page) == identifiant:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{identifiant} n’est pas atteignable au clavier (focus sur #{_id_actif(page)})")


def test_un_medecin_depose_sa_demande_et_ouvre_son_espace(live_server, page, axe, territoire):
    page.goto(live_server.url + "/demande/")
    assert page.locator("h1").count() == 1
    axe(page, "formulaire de demande")

    page.fill("#id_prenom", "Inès")
    page.fill("#id_nom", "Moreau")
    page.fill("#id_email", "ines.moreau@exemple.test")
    page.select_option("#id_profil", "medecin_generaliste")
    page.fill("#id_rpps", "1010101010")  # 10 digits: wrong
    page.select_option("#id_type_projet", "installation")
    page.fill("#id_commune_1", "Agen (47000)")
    for besoin in ("logement", "aides_financieres", "lieu_exercice"):
        page.check(f"input[name=besoins][value={besoin}]")
    page.fill("#id_precision_logement", "Maison avec jardin")
    page.fill("#id_message", "Installation en MSP à la rentrée.")
    page.check("#id_consentement")
    page.click("main button[type=submit]")

    erreur = page.locator("#id_rpps-erreurs")
    assert "11 chiffres" in erreur.inner_text()
    assert page.get_attribute("#id_rpps", "aria-invalid") == "true"
    assert "id_rpps-erreurs" in page.get_attribute("#id_rpps", "aria-describedby")
    assert _id_actif(page) == "erreurs-resume"
    assert page.title().startswith("Erreur")
    # nothing typed is lost
    assert page.input_value("#id_rpps") == "1010101010"
    assert page.input_value("#id_prenom") == "Inès"
    assert page.input_value("#id_email") == "ines.moreau@exemple.test"
    assert page.input_value("#id_commune_1") == "Agen (47000)"
    assert page.input_value("#id_precision_logement") == "Maison avec jardin"
    assert page.input_value("#id_message") == "Installation en MSP à la rentrée."
    assert page.is_checked("input[name=besoins][value=lieu_exercice]")
    assert page.is_checked("#id_consentement")
    axe(page, "formulaire avec erreurs")
    # the summary's link leads to the field
    page.click("#erreurs-resume a[href='#id_rpps']")
    assert page.evaluate("location.hash") == "#id_rpps"

    page.fill("#id_rpps", "10101010105")
    page.click("main button[type=submit]")
    page.wait_for_url("**/demande/envoyee/")
    demande = Demande.objects.get()
    assert demande.reference in page.inner_text("main")
    assert "Moreau" not in page.content()
    assert demande.besoins.count() == 3
    axe(page, "confirmation")

    accuse = next(m for m in mail.outbox if m.to == ["ines.moreau@exemple.test"])
    lien = re.search(r"http\S+/espace/\S+/", accuse.body).group(0)
    assert lien.startswith(live_server.url)
    assert Notification.objects.get(type=TypeNotification.ACCUSE_RECEPTION).envoyee_le
    page.goto(lien)
    assert page.locator("h1").inner_text() == f"Ma demande {demande.reference}"
    texte = page.inner_text("main")
    assert "Logement" in texte and "Aides financières" in texte and "Trouver un lieu d’exercice" in texte
    assert "Inscription au tableau de l’Ordre des médecins" in texte
    axe(page, "espace du demandeur")

    page.fill("#id_message-corps", "Bonjour, une question sur le logement.")
    page.click("#messagerie button[type=submit]")
    assert "Bonjour, une question sur le logement." in page.inner_text("#messagerie")
    assert "Votre message a été envoyé" in page.inner_text("main")
    axe(page, "espace après un message")

    page.goto(live_server.url + "/espace/")
    axe(page, "demande d’un nouveau lien")
    page.fill("#id_email", "ines.moreau@exemple.test")
    page.click("main button[type=submit]")
    page.wait_for_url("**/espace/lien-envoye/")
    axe(page, "nouveau lien envoyé")

    page.goto(live_server.url + "/espace/lien-perime-ou-faux/")
    assert "Ce lien a expiré" in page.inner_text("h1")
    axe(page, "lien expiré")


def test_le_formulaire_se_remplit_au_clavier_seul(live_server, page, territoire):
    page.goto(live_server.url + "/demande/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "lien-evitement"

    _tabuler_jusqua(page, "id_prenom")
    page.keyboard.type("Paul")
    page.keyboard.press("Tab")
    page.keyboard.type("Lefèvre")
    _tabuler_jusqua(page, "id_email")
    page.keyboard.type("paul.lefevre@exemple.test")
    _tabuler_jusqua(page, "id_profil")
    page.keyboard.press("ArrowDown")  # « Médecin généraliste »
    _tabuler_jusqua(page, "id_rpps")
    page.keyboard.type("10101010105")
    _tabuler_jusqua(page, "id_type_projet")
    page.keyboard.press("ArrowDown")  # « Installation »
    _tabuler_jusqua(page, "id_commune_1")
    page.keyboard.type("Agen (47000)")
    for numero in (0, 5):  # « Démarches administratives », « Logement »
        _tabuler_jusqua(page, f"id_besoins_{numero}")
        page.keyboard.press("Space")
    _tabuler_jusqua(page, "id_precision_logement")  # revealed once the need is ticked
    page.keyboard.type("Un T3")
    _tabuler_jusqua(page, "id_consentement")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**/demande/envoyee/")

    demande = Demande.objects.get()
    assert (demande.prenom, demande.nom, demande.profil, demande.type_projet) == (
        "Paul",
        "Lefèvre",
        "medecin_generaliste",
        "installation",
    )
    assert demande.rpps == "10101010105"
    assert sorted(demande.besoins.values_list("type", flat=True)) == ["demarches_administratives", "logement"]
    assert demande.besoins.get(type="logement").precision == "Un T3"
    assert [c.code_insee for c in demande.communes.all()] == ["47001"]
