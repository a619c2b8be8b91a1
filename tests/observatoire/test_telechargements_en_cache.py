"""The observatory's downloads (public figures, the same for everyone) are served from the cache of the public
pages (bienvenuedoc/pages_en_cache.py): a second download runs no query, and a data import or a write in the
back office shows in the next download. And the map's links, built from one reversed address."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from observatoire.models import Commune
from tests.accompagnement.factories_backoffice import client_de
from tests.bienvenuedoc.test_pages_en_cache import modifier_en_gestion
from tests.observatoire.factories import CommuneFactory, DepartementFactory
from tests.partenaires.factories import PartenaireFactory

pytestmark = pytest.mark.django_db

URL = "/observatoire/donnees/communes.csv"


@pytest.fixture
def commune(settings):
    settings.DEPARTEMENT = "47"
    return CommuneFactory(departement=DepartementFactory(code="47", nom="Lot-et-Garonne"), nom="Bourg d’essai")


def test_un_telechargement_est_servi_du_cache_avec_son_nom_de_fichier(commune, django_assert_max_num_queries):
    visiteur = Client()
    premier = visiteur.get(URL)
    with django_assert_max_num_queries(0):
        second = visiteur.get(URL)
    assert second.content == premier.content and "Bourg d’essai" in second.content.decode("utf-8-sig")
    assert second["Content-Type"] == "text/csv; charset=utf-8"
    assert second["Content-Disposition"] == premier["Content-Disposition"]
    assert second["Content-Disposition"].startswith('attachment; filename="observatoire-47-communes-')
    compresse = visiteur.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert (
        compresse["Content-Encoding"] == "gzip" and compresse["Content-Disposition"] == premier["Content-Disposition"]
    )


def test_un_import_change_le_telechargement_garde(commune, django_capture_on_commit_callbacks):
    visiteur = Client()
    assert "Villeneuve-sur-Lot" not in visiteur.get(URL).content.decode("utf-8-sig")
    Commune.objects.filter(pk=commune.pk).update(nom="Bourg renommé")  # no write path: the cached file stays
    assert "Bourg d’essai" in visiteur.get(URL).content.decode("utf-8-sig")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("importer_territoire", "--departement", "47", "--extrait", stdout=io.StringIO())

    texte = visiteur.get(URL).content.decode("utf-8-sig")
    assert "Villeneuve-sur-Lot" in texte and "Bourg d’essai" not in texte  # the import also renamed it


def test_une_ecriture_en_gestion_change_le_telechargement_garde(commune, client, django_user_model):
    visiteur = Client()
    assert "Bourg d’essai" in visiteur.get(URL).content.decode("utf-8-sig")
    Commune.objects.filter(pk=commune.pk).update(nom="Bourg renommé")
    assert "Bourg d’essai" in visiteur.get(URL).content.decode("utf-8-sig")

    equipe = client_de(client, django_user_model.objects.create_superuser("equipe", "e@exemple.invalid", "m-d-p-s"))
    partenaire = PartenaireFactory(nom="Maison de santé", slug="msp")
    modifier_en_gestion(equipe, reverse("admin:partenaires_partenaire_change", args=[partenaire.pk]), nom="Pôle")

    texte = visiteur.get(URL).content.decode("utf-8-sig")
    assert "Bourg renommé" in texte and "Bourg d’essai" not in texte


def test_l_equipe_telecharge_les_memes_chiffres_publics(commune, client, django_user_model):
    equipe = client_de(client, django_user_model.objects.create_superuser("equipe", "e@exemple.invalid", "m-d-p-s"))
    assert equipe.get(URL).content == Client().get(URL).content


def test_chaque_territoire_de_la_carte_pointe_vers_sa_page(settings):
    settings.DEPARTEMENT = "47"
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=io.StringIO())
    for niveau, vue in (("communes", "observatoire:commune"), ("epci", "observatoire:epci")):
        features = Client().get(f"/observatoire/carte.json?niveau={niveau}&indicateur=apl").json()["features"]
        assert features and all(f["properties"]["url"] == reverse(vue, args=[f["id"]]) for f in features)
