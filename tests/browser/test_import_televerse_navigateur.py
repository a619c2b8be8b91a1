"""A Responsable uploads a small APL file (DREES format) in the back office; a real Celery worker on Redis runs
the import; the task's page, opened « en attente » or « en cours », follows the progress by itself (the small
script polling its JSON, static/js/suivi-import.js) until « Terminée » and the snapshot created. axe-core on the
upload form, the form with its errors and the task's page."""

import pytest
from django.conf import settings
from django.test import Client

from accompagnement.groupes import RESPONSABLE
from observatoire.models import APLCommune, TacheImport
from tests.accompagnement.factories_backoffice import client_de, membre

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

APL = (
    "annee,code_insee,commune,apl_mg,apl_mg_moins_65_ans,population_standardisee_mg,population_totale,"
    "annee_population\n"
    "2023,47001,Agen,4.258,4.1,33000.5,32485,2021\n"
    "2023,47323,Villeneuve-sur-Lot,3.416,3.3,22000.1,22541,2021\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _connecte(page, live_server, user):
    client = client_de(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def test_le_responsable_televerse_l_apl_et_suit_l_import(
    live_server, page, axe, territoire_47, celery_worker_reel, tmp_path
):
    _connecte(page, live_server, membre(RESPONSABLE))
    page.goto(live_server.url + "/gestion/observatoire/tacheimport/")
    page.click("a:text-is('Importer un fichier')")
    page.wait_for_url("**/tacheimport/importer/")
    axe(page, "formulaire d’import")

    # a binary file is refused on the field, what was typed is kept
    binaire = tmp_path / "apl.csv"
    binaire.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    page.select_option("#id_jeu", "apl")
    page.set_input_files("#id_fichier", str(binaire))
    page.fill("#id_departements", "47")
    page.click("input[type=submit]")
    assert "son contenu est binaire" in page.inner_text("#id_fichier-erreurs")
    assert page.input_value("#id_departements") == "47"
    axe(page, "formulaire d’import avec erreurs")
    assert not TacheImport.objects.exists()

    fichier = tmp_path / "apl-2023.csv"
    fichier.write_text(APL, encoding="utf-8")
    page.set_input_files("#id_fichier", str(fichier))
    page.click("input[type=submit]")
    page.wait_for_url("**/tacheimport/*/change/")
    page.wait_for_function(
        "() => document.getElementById('suivi-statut').textContent.includes('Terminée')", timeout=30_000
    )
    assert "100 %" in page.inner_text("#suivi-pourcentage")
    assert "apl-2023.csv" in page.inner_text("#content-main")
    assert "2 lignes" in page.inner_text("#content-main")
    axe(page, "page de l’import terminé")
    assert APLCommune.objects.get(commune__code_insee="47001").apl == 4.258


def test_la_page_suit_la_progression_sans_recharger(live_server, page, axe):
    """The task's page, opened while the import runs, follows its JSON: the bar moves, then the page reloads with
    the result when it ends. Without JavaScript, the « Actualiser » link does the same by hand."""
    from django.utils import timezone

    from observatoire.televersement.models import StatutTache

    tache = TacheImport.objects.create(
        jeu="apl",
        nom_fichier="apl-2023.csv",
        statut=StatutTache.EN_COURS,
        fait=100,
        total=1000,
        progression_le=timezone.now(),
    )
    refus = []
    page.on("console", lambda m: refus.append(m.text) if "Content Security Policy" in m.text else None)
    _connecte(page, live_server, membre(RESPONSABLE))
    page.goto(f"{live_server.url}/gestion/observatoire/tacheimport/{tache.pk}/change/")
    assert page.inner_text("#suivi-pourcentage") == "10 %"
    assert page.get_attribute("#suivi-actualiser", "href").endswith(f"/tacheimport/{tache.pk}/change/")
    axe(page, "page d’un import en cours")
    TacheImport.objects.filter(pk=tache.pk).update(fait=500, progression_le=timezone.now())
    page.wait_for_function("() => document.getElementById('suivi-pourcentage').textContent === '50 %'")
    assert "500 ligne(s) lue(s) sur 1000" in page.inner_text("#suivi-statut")
    TacheImport.objects.filter(pk=tache.pk).update(statut=StatutTache.ECHOUEE, erreur="Fichier refusé : essai.")
    page.wait_for_selector(".errornote")
    assert "Fichier refusé : essai." in page.inner_text(".errornote")
    assert not page.locator("#suivi-actualiser").count()
    assert not refus, refus  # the polling script is a module file allowed by the CSP, no inline code
