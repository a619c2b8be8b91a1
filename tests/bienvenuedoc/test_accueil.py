import pytest
from django.test import override_settings
from django.urls import reverse


@pytest.mark.django_db
def test_accueil_porte_le_nom_du_departement(client):
    page = client.get(reverse("site:accueil"))
    contenu = page.content.decode()
    assert '<html lang="fr">' in contenu
    assert "Lot-et-Garonne" in contenu
    assert "Bienvenue Docteur !" in contenu


@pytest.mark.django_db
@override_settings(DEPARTEMENT="63")
def test_un_autre_departement_par_la_configuration(client):
    contenu = client.get(reverse("site:accueil")).content.decode()
    assert "Puy-de-Dôme" in contenu
    assert "Lot-et-Garonne" not in contenu
