"""In a real browser: submit the request, press Back (the filled form comes back from the browser's cache), send
it again: the same confirmation, one case, no second e-mail."""

import pytest
from django.core import mail

from accompagnement.models import Demande
from tests.observatoire.factories import CommuneFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_revenir_en_arriere_et_renvoyer_ramene_a_la_meme_confirmation(live_server, page, settings):
    settings.SITE_URL = live_server.url
    CommuneFactory(agen=True)
    page.goto(live_server.url + "/demande/")
    page.fill("#id_prenom", "Inès")
    page.fill("#id_nom", "Moreau")
    page.fill("#id_email", "ines.moreau@exemple.test")
    page.select_option("#id_profil", "medecin_generaliste")
    page.select_option("#id_type_projet", "installation")
    page.fill("#id_commune_1", "Agen (47000)")
    page.check("input[name=besoins][value=logement]")
    page.check("#id_consentement")
    page.click("main button[type=submit]")
    page.wait_for_url("**/demande/envoyee/")
    demande = Demande.objects.get()
    assert demande.reference in page.inner_text("main")
    envoyes = len(mail.outbox)
    assert envoyes == 2

    page.go_back()
    page.wait_for_url("**/demande/")
    if page.input_value("#id_prenom") != "Inès":  # a browser that did not keep the filled form: fill it again
        page.fill("#id_prenom", "Inès")
        page.fill("#id_nom", "Moreau")
        page.fill("#id_email", "ines.moreau@exemple.test")
        page.select_option("#id_profil", "medecin_generaliste")
        page.select_option("#id_type_projet", "installation")
        page.check("#id_consentement")
    page.click("main button[type=submit]")
    page.wait_for_url("**/demande/envoyee/")
    assert demande.reference in page.inner_text("main")
    assert "déjà été envoyé" not in page.inner_text("main")
    assert Demande.objects.count() == 1
    assert len(mail.outbox) == envoyes
