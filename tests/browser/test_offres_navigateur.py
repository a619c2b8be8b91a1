"""The offers in a real browser: a GP posts a replacement (a mistake first: said on its field, nothing lost),
staff publish it, it appears on the list and on the map, its author marks it « pourvue » from the link of the
e-mail and it leaves the site; a docteur junior finds an internship place within 30 km of Agen for the November
semester and housing near it, on the list and on the map, with the keyboard only. axe-core on every page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from remplacements.enums import SemestreStage, StatutOffre
from remplacements.models import Offre
from remplacements.services.offres import offre_publier
from tests.accompagnement.factories import AgentFactory
from tests.observatoire.factories import CommuneFactory
from tests.remplacements.factories import OffreFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _id_actif(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def _tabuler_jusqua(page, identifiant: str, maximum: int = 150):
    for _ in range(maximum):
        if _id_actif(page) == identifiant:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{identifiant} n’est pas atteignable au clavier (focus sur #{_id_actif(page)})")


def _marqueurs(page) -> str:
    page.wait_for_selector("#carte-offres[data-marqueurs]", state="attached")
    return page.get_attribute("#carte-offres", "data-marqueurs")


def test_un_medecin_depose_un_remplacement_publie_puis_pourvu(live_server, page, axe, settings):
    settings.SITE_URL = live_server.url
    CommuneFactory(agen=True)
    page.goto(live_server.url + "/offres/deposer/")
    assert page.locator("h1").count() == 1
    axe(page, "formulaire de dépôt")
    page.check("input[name=type][value=remplacement]")
    assert page.locator(".bloc-type[data-types='stage logement']").is_hidden()
    page.fill("#id_titre", "Remplacement d’été à Agen")
    page.fill("#id_contact_nom", "Cabinet des Arcades (fictif)")
    page.fill("#id_commune", "Agen (47000)")
    aujourdhui = timezone.localdate()
    page.fill("#id_date_debut", (aujourdhui + timedelta(days=40)).isoformat())
    page.fill("#id_date_fin", (aujourdhui + timedelta(days=20)).isoformat())  # before the start: wrong
    page.fill("#id_retrocession", "70")
    page.fill("#id_email_proprietaire", "dr.arcades@exemple.test")
    page.check("#id_consentement")
    page.click("main button[type=submit]")

    assert "précède la date de début" in page.locator("#id_date_fin-erreurs").inner_text()
    assert page.input_value("#id_titre") == "Remplacement d’été à Agen"
    assert _id_actif(page) == "erreurs-resume"
    axe(page, "formulaire de dépôt avec erreur")
    page.fill("#id_date_fin", (aujourdhui + timedelta(days=60)).isoformat())
    page.check("#id_consentement")
    page.click("main button[type=submit]")
    page.wait_for_url("**/offres/deposee/")
    axe(page, "confirmation du dépôt")

    offre = Offre.objects.get()
    assert offre.statut == StatutOffre.EN_ATTENTE
    offre_publier(offre=offre, auteur=AgentFactory())  # the moderation action of the admin (tested in test_pages)

    page.goto(live_server.url + "/offres/")
    assert page.locator("#liste-offres").get_by_text("Remplacement d’été à Agen").count() == 1
    assert _marqueurs(page) == "1"
    assert page.locator("#carte-offres .leaflet-marker-icon").count() == 1
    axe(page, "liste et carte des offres")
    page.locator("#liste-offres").get_by_text("Remplacement d’été à Agen").click()
    assert page.locator("h1").inner_text() == "Remplacement d’été à Agen"
    assert "dr.arcades@exemple.test" not in page.content()
    axe(page, "page d’une offre")

    lien = re.search(r"https?://\S+/offres/espace/\S+/", mail.outbox[-1].body).group(0)
    page.goto(lien)
    assert page.locator("#statut-offre").inner_text() == "Publiée"
    axe(page, "espace de l’auteur")
    page.click("text=Marquer l’offre « pourvue »")
    assert page.locator("#statut-offre").inner_text() == "Pourvue"
    page.goto(live_server.url + "/offres/")
    assert "Aucune offre ne correspond" in page.locator("#nombre-offres").inner_text()


def test_un_docteur_junior_trouve_un_stage_et_un_logement_pres_d_agen_au_clavier(live_server, page, axe):
    CommuneFactory(agen=True)
    boe = CommuneFactory(nom="Boé", latitude=44.1650, longitude=0.6320)
    marmande = CommuneFactory(nom="Marmande", latitude=44.5003, longitude=0.1653)
    OffreFactory(stage=True, titre="Stage en MSP à Boé", commune=boe, maitre_de_stage="Dr Exemple (fictif)")
    OffreFactory(stage=True, titre="Stage de mai à Boé", commune=boe, semestre=SemestreStage.MAI)
    OffreFactory(stage=True, titre="Stage à Marmande", commune=marmande)
    OffreFactory(logement=True, titre="Studio près de l’hôpital", commune=boe, loyer_mensuel=280)

    page.goto(live_server.url + "/offres/")
    _tabuler_jusqua(page, "id_type")
    page.select_option("#id_type", "stage")  # a focused <select>: chosen as the keyboard would
    _tabuler_jusqua(page, "id_commune")
    page.keyboard.type("Agen (47000)")
    page.keyboard.press("Tab")
    assert _id_actif(page) == "id_distance"
    page.keyboard.type("30")
    _tabuler_jusqua(page, "id_niveau")
    page.select_option("#id_niveau", "docteur_junior")
    page.keyboard.press("Tab")
    page.select_option("#id_semestre", "novembre")
    _tabuler_jusqua(page, "bouton-rechercher")
    page.keyboard.press("Enter")
    page.wait_for_url("**/offres/?*")
    titres = page.locator("#liste-offres h3").all_inner_texts()
    assert titres == ["Stage en MSP à Boé"]
    assert "Boé (à 4 km)" in page.locator("#liste-offres").inner_text()
    axe(page, "résultats d’une recherche de stage")

    page.select_option("#id_type", "logement")
    page.select_option("#id_semestre", "")
    page.click("main button[type=submit]")
    assert page.locator("#liste-offres h3").all_inner_texts() == ["Studio près de l’hôpital"]
    assert _marqueurs(page) == "4"  # the map shows every published offer; the list is the search's result
    # the three offers of Boé share its centre: one cluster of 3 (leaflet.markercluster), plus Marmande's marker
    groupes = page.locator("#carte-offres .marker-cluster")
    expect(groupes).to_have_count(1)  # once the zoom's animation has split the first cluster of 4
    expect(groupes).to_have_text("3")
    axe(page, "carte avec un groupe de marqueurs")


def test_une_alerte_sur_une_recherche_confirmee_puis_desabonnee(live_server, page, axe, settings):
    settings.SITE_URL = live_server.url
    CommuneFactory(agen=True)
    page.goto(live_server.url + "/offres/?type=stage&commune=Agen+%2847000%29&distance=30")
    page.fill("#id_alerte-email", "lea@exemple.test")
    page.check("#id_alerte-consentement")
    page.click("#bouton-alerte")
    assert page.locator("h1").inner_text() == "Confirmez votre adresse"
    axe(page, "alerte demandée")
    lien = re.search(r"https?://\S+/offres/alerte/confirmer/\S+/", mail.outbox[-1].body).group(0)
    page.goto(lien)
    assert page.locator("h1").inner_text() == "Votre alerte est confirmée"
    axe(page, "alerte confirmée")
    from remplacements.models import AlerteOffre
    from remplacements.services.alertes import lien_desabonnement

    page.goto(lien_desabonnement(AlerteOffre.objects.get()))
    axe(page, "désabonnement")
    page.click("#bouton-desabonner")
    assert page.locator("h1").inner_text() == "Vous êtes désabonné"
    assert not AlerteOffre.objects.exists()
