"""The privacy page states the retention periods of the site configuration, the ones the anonymisation applies."""

import pytest
from django.urls import reverse

from bienvenuedoc.admin import ConfigurationSiteAdmin
from bienvenuedoc.models import configuration_courante

pytestmark = pytest.mark.django_db


def _tableau_des_durees(client) -> str:
    html = client.get(reverse("site:donnees_personnelles")).content.decode()
    debut = html.index("<caption>Durées de conservation des demandes</caption>")
    return html[debut : html.index("</table>", debut)]


def test_la_page_annonce_les_durees_par_defaut(client):
    tableau = _tableau_des_durees(client)
    assert "3&nbsp;ans après la clôture" in tableau
    assert "1&nbsp;an après le classement" in tableau
    assert "90&nbsp;jours après le retrait" in tableau
    assert "3&nbsp;ans après la dernière action" in tableau


def test_changer_une_duree_dans_la_configuration_change_la_page(client):
    config = configuration_courante()
    config.duree_conservation_terminee_jours = 5 * 365
    config.duree_conservation_sans_suite_jours = 180
    config.duree_conservation_retiree_jours = 45
    config.save()
    tableau = _tableau_des_durees(client)
    assert "5&nbsp;ans après la clôture" in tableau
    assert "180&nbsp;jours après le classement" in tableau
    assert "45&nbsp;jours après le retrait" in tableau
    assert "3&nbsp;ans" not in tableau.split("après la clôture")[0]
    assert "90&nbsp;jours" not in tableau


def test_le_formulaire_de_demande_annonce_la_meme_duree(client):
    config = configuration_courante()
    config.duree_conservation_terminee_jours = 2 * 365
    config.save()
    html = client.get(reverse("accompagnement:demande_nouvelle")).content.decode()
    assert "Elles sont conservées 2 ans après la clôture de votre demande" in html


def test_les_durees_sont_dans_l_admin_de_la_configuration(admin_client):
    champs = [champ for _, options in ConfigurationSiteAdmin.fieldsets for champ in options["fields"]]
    durees = [
        "duree_conservation_terminee_jours",
        "duree_conservation_sans_suite_jours",
        "duree_conservation_retiree_jours",
        "duree_inactivite_jours",
    ]
    assert set(durees) <= set(champs)
    config = configuration_courante()
    html = admin_client.get(reverse("admin:bienvenuedoc_configurationsite_change", args=[config.pk])).content.decode()
    assert "Durées de conservation (RGPD)" in html
    assert "conservation après retrait par le demandeur (jours)" in html.lower()
