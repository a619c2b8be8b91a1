import pytest
from django.urls import reverse

from observatoire.models import Commune
from tests.observatoire.factories import CommuneFactory, EPCIFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:observatoire_commune_changelist")


def test_liste_des_communes_recherche_sans_accents_et_filtres(admin_client, django_assert_max_num_queries):
    etienne = CommuneFactory(nom="Saint-Étienne-de-Fougères", codes_postaux="47380", avec_contour=True)
    agen = CommuneFactory(agen=True)
    CommuneFactory(nom="Thiers", puy_de_dome=True)

    reponse = admin_client.get(URL, {"q": "etienne"})
    assert list(reponse.context["cl"].result_list) == [etienne]
    assert list(admin_client.get(URL, {"q": "47000"}).context["cl"].result_list) == [agen]
    assert list(admin_client.get(URL, {"q": "47001"}).context["cl"].result_list) == [agen]
    assert {c.nom for c in admin_client.get(URL, {"departement": "63"}).context["cl"].result_list} == {"Thiers"}
    assert list(admin_client.get(URL, {"departement": "63", "q": "étienne"}).context["cl"].result_list) == []
    filtre_epci = admin_client.get(URL, {"epci__id__exact": agen.epci_id}).context["cl"].result_list
    assert list(filtre_epci) == [agen]

    CommuneFactory.create_batch(20, epci=EPCIFactory())
    with django_assert_max_num_queries(12):
        reponse = admin_client.get(URL)
    assert reponse.status_code == 200
    assert "Saint-Étienne-de-Fougères" in reponse.content.decode()
    assert all("contour" in c.get_deferred_fields() for c in reponse.context["cl"].result_list)


def test_referentiel_en_lecture_seule(admin_client):
    commune = CommuneFactory(avec_contour=True)
    assert admin_client.get(f"{URL}add/").status_code == 403
    fiche = admin_client.get(f"{URL}{commune.pk}/change/")
    assert fiche.status_code == 200
    assert "contour" not in fiche.context["adminform"].form.fields
    assert commune.nom in fiche.content.decode()
    admin_client.post(f"{URL}{commune.pk}/delete/", {"post": "yes"})
    assert Commune.objects.filter(pk=commune.pk).exists()
