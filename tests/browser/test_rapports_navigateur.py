"""PDF reports in a browser: a staff member asks for the reports of every EPCI in the back office (« Demander un
rapport »), a real Celery worker on Redis renders it, the report's page follows the progress by itself
(static/js/rapport-progression.js) and offers the download; the PDF downloaded holds every EPCI. A visitor's
form with its errors, and the public pages of the reports, pass axe-core."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accompagnement.groupes import OBSERVATOIRE
from observatoire.models import EPCI
from observatoire.rapports.models import Edition, Perimetre, Rapport, StatutRapport
from tests.accompagnement.factories_backoffice import client_de, membre

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sante_47(territoire_47):
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=io.StringIO())


def _connecte(page, live_server, user):
    client = client_de(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def test_l_equipe_demande_les_rapports_des_epci_et_telecharge(
    live_server, page, axe, sante_47, celery_worker_reel, pdftotext
):
    agent = membre(OBSERVATOIRE)  # the group requests the reports and reads the internal edition
    _connecte(page, live_server, agent)
    page.goto(live_server.url + "/gestion/observatoire/rapport/")
    page.get_by_role("link", name="Demander un rapport").click()
    page.wait_for_url("**/rapport/add/")
    assert page.locator("h1").inner_text() == "Demander un rapport"
    axe(page, "demander un rapport (gestion)")

    page.check("#id_perimetre_2")  # chacune des intercommunalités
    page.check("#id_edition_1")  # édition interne
    page.click("input[type=submit]")
    page.wait_for_url("**/observatoire/rapports/*/")
    lien = page.get_by_role("link", name="Télécharger le rapport")
    lien.wait_for(timeout=90_000)  # the page reloads itself when the report is ready
    axe(page, "rapport prêt")
    rapport = Rapport.objects.get()
    assert (rapport.perimetre, rapport.edition, rapport.statut) == (
        Perimetre.TOUS_EPCI,
        Edition.INTERNE,
        StatutRapport.PRET,
    )
    assert rapport.demande_par == agent
    with page.expect_download() as telechargement:
        lien.click()
    with open(telechargement.value.path(), "rb") as f:
        texte = pdftotext(f.read())
    page.goto(live_server.url + "/gestion/observatoire/rapport/")
    assert page.get_by_role("link", name="Page du rapport").count() == 1
    axe(page, "liste des rapports (gestion)")
    page.goto(live_server.url + f"/gestion/observatoire/rapport/{rapport.pk}/change/")
    axe(page, "fiche d’un rapport (gestion, lecture seule)")
    for nom in EPCI.objects.filter(communes__departement__code="47").distinct().values_list("nom", flat=True):
        assert nom in texte.replace("\n", " ") or nom.split(" ")[-1] in texte, nom


def test_pages_publiques_des_rapports_axe(live_server, page, axe, sante_47):
    page.goto(live_server.url + "/observatoire/rapports/")
    axe(page, "liste des rapports, aucun")
    page.check("#id_perimetre_1")  # une intercommunalité, sans la choisir
    page.fill("#id_date_comparaison", "2030-01-01")
    page.click("#formulaire button[type=submit]")
    assert page.locator("#erreurs-resume").is_visible()
    assert "Choisissez l’intercommunalité du rapport." in page.inner_text("#id_epci-erreurs")
    assert page.evaluate("() => document.activeElement.id") == "erreurs-resume"
    assert page.input_value("#id_date_comparaison") == "2030-01-01"  # nothing typed is lost
    axe(page, "formulaire de demande avec erreurs")

    en_cours = Rapport.objects.create(
        departement_code="47", perimetre=Perimetre.DEPARTEMENT, intitule="Lot-et-Garonne (47)",
        date="2026-06-01", statut=StatutRapport.EN_COURS, progression=30, etape="Dessin des cartes",
    )  # fmt: skip
    page.goto(live_server.url + en_cours.get_absolute_url())
    assert page.locator("progress").get_attribute("value") == "30"
    axe(page, "rapport en cours")


def test_la_page_suit_la_progression_sans_recharger(live_server, page, axe, territoire_47):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    rapport = Rapport.objects.create(
        departement_code="47", perimetre=Perimetre.DEPARTEMENT, intitule="Lot-et-Garonne (47)",
        date="2026-06-01", statut=StatutRapport.EN_COURS, progression=10, etape="Calcul des indicateurs",
        maj_le=timezone.now(),
    )  # fmt: skip
    page.goto(live_server.url + rapport.get_absolute_url())
    Rapport.objects.filter(pk=rapport.pk).update(progression=80, etape="Mise en page du PDF", maj_le=timezone.now())
    page.wait_for_function("() => document.getElementById('etat-progression').value === 80", timeout=10_000)
    assert "Mise en page du PDF (80 %)" in page.inner_text("#etat-libelle")
    axe(page, "rapport en cours, mis à jour par le script")

    rapport.fichier.save(f"{rapport.uuid}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    Rapport.objects.filter(pk=rapport.pk).update(
        fichier=rapport.fichier.name, statut=StatutRapport.PRET, progression=100, taille=13, termine_le=timezone.now()
    )
    page.get_by_role("link", name="Télécharger le rapport").wait_for(timeout=10_000)  # the page reloaded itself
