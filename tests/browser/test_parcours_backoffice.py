"""The whole journey of issue 4 in a real browser, back-office half included: a doctor submits a request with
three needs on the public form; an agent of the « Chargé·e d’accompagnement » group logs into /gestion/ with
the login form, opens the case from the list, takes it (« Je m’en occupe »), refers the housing need to a
partner of the directory and writes to the requester; the requester opens their private link (from the
e-mail) and sees their referent, the housing need's new status, the partner's name and the message.
axe-core on every public page of the journey (the Django admin is not checked)."""

import re

import pytest
from django.core import mail

from accompagnement.enums import StatutBesoin
from accompagnement.models import Demande
from partenaires.enums import TypeBesoin
from tests.accompagnement.factories import PartenaireOrientationFactory
from tests.accompagnement.factories_backoffice import CHARGE, membre
from tests.observatoire.factories import CommuneFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

MOT_DE_PASSE = "motdepasse-agent"  # AgentFactory's
MESSAGE_HOTLINE = "Bonjour Docteur, l’Office départemental de l’habitat vous proposera deux logements à Agen."


@pytest.fixture
def territoire(settings, live_server):
    settings.SITE_URL = live_server.url  # links in e-mails point to the test server
    return CommuneFactory(agen=True)


def _lien_prive(email: str) -> str:
    accuse = next(m for m in mail.outbox if m.to == [email])
    return re.search(r"http\S+/espace/\S+/", accuse.body).group(0)


def _deposer_la_demande(page, live_server, axe) -> Demande:
    page.goto(live_server.url + "/demande/")
    axe(page, "formulaire de demande")
    page.fill("#id_prenom", "Claire")
    page.fill("#id_nom", "Vasseur")
    page.fill("#id_email", "claire.vasseur@exemple.test")
    page.select_option("#id_profil", "medecin_generaliste")
    page.select_option("#id_type_projet", "installation")
    page.fill("#id_commune_1", "Agen (47000)")
    for besoin in ("logement", "aides_financieres", "emploi_conjoint"):
        page.check(f"input[name=besoins][value={besoin}]")
    page.fill("#id_precision_logement", "Un T4 près d’une école")
    page.check("#id_consentement")
    page.click("main button[type=submit]")
    page.wait_for_url("**/demande/envoyee/")
    axe(page, "confirmation")
    return Demande.objects.get(email="claire.vasseur@exemple.test")


def test_l_equipe_traite_la_demande_et_le_demandeur_le_voit(live_server, page, axe, territoire):
    demande = _deposer_la_demande(page, live_server, axe)
    assert demande.besoins.count() == 3
    lien = _lien_prive("claire.vasseur@exemple.test")
    page.goto(lien)
    assert "Votre demande va être attribuée à une personne de l’équipe" in page.inner_text("#titre-referent ~ p")
    avant = page.inner_text("main")
    assert "Orienté vers" not in avant and MESSAGE_HOTLINE not in avant
    axe(page, "espace du demandeur avant traitement")

    agent = membre(CHARGE, username="ines.martin", first_name="Inès", last_name="Martin")
    partenaire = PartenaireOrientationFactory(nom="Office départemental de l’habitat de Lot-et-Garonne")

    # the agent logs in with the admin's login form
    page.goto(live_server.url + "/gestion/")
    page.wait_for_url("**/gestion/login/**")
    page.fill("#id_username", "ines.martin")
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(re.compile(r".*/gestion/$"))

    # opens the case from the list
    page.goto(live_server.url + "/gestion/accompagnement/demande/")
    ligne = page.locator("#result_list tbody tr", has_text=demande.reference)
    assert "Vasseur" in ligne.inner_text()
    ligne.locator(f"a:text-is('{demande.reference}')").click()
    page.wait_for_url(f"**/gestion/accompagnement/demande/{demande.pk}/change/")

    # takes it
    page.click("button:text-is('Je m’en occupe')")
    page.wait_for_url(f"**/gestion/accompagnement/demande/{demande.pk}/change/")
    demande.refresh_from_db()
    assert demande.referent == agent
    assert "Vous êtes désormais référent·e de cette demande." in page.inner_text(".messagelist")

    # refers the housing need to the partner
    logement = demande.besoins.get(type=TypeBesoin.LOGEMENT)
    page.select_option("#id_or-besoin", str(logement.pk))
    page.select_option("#id_or-partenaire", str(partenaire.pk))
    page.click("button:text-is('Orienter')")
    page.wait_for_url(f"**/gestion/accompagnement/demande/{demande.pk}/change/")
    logement.refresh_from_db()
    assert (logement.statut, logement.partenaire) == (StatutBesoin.ORIENTE, partenaire)

    # writes to the requester
    page.fill("#id_message-corps", MESSAGE_HOTLINE)
    page.click("button:text-is('Envoyer au demandeur')")
    page.wait_for_url(f"**/gestion/accompagnement/demande/{demande.pk}/change/")
    assert "Le message a été envoyé au demandeur." in page.inner_text(".messagelist")
    assert MESSAGE_HOTLINE in page.inner_text("section[aria-labelledby=titre-messages]")

    # the requester is e-mailed and sees everything in their space
    assert any(m.to == ["claire.vasseur@exemple.test"] and MESSAGE_HOTLINE in m.body for m in mail.outbox)
    page.context.clear_cookies()  # the requester is not the agent
    page.goto(lien)
    apres = page.inner_text("main")
    assert "Inès Martin" in apres
    ligne_logement = page.locator("tr", has_text="Logement")
    assert "Orienté vers un partenaire" in ligne_logement.inner_text()
    assert "Office départemental de l’habitat de Lot-et-Garonne" in ligne_logement.inner_text()
    assert MESSAGE_HOTLINE in page.inner_text("#messagerie")
    axe(page, "espace du demandeur après traitement")
