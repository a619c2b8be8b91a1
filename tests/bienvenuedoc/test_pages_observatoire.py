"""The public observatory page: real figures of the territory reference, read in a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from observatoire.enums import TypeEPCI
from observatoire.selectors import synthese_territoire
from tests.observatoire.factories import CommuneFactory, DepartementFactory, EPCIFactory


def _territoire(nombre_communes_par_epci: int = 3):
    dep = DepartementFactory()
    agen = EPCIFactory(agen=True, nom="Agglomération d’Agen")
    cc = EPCIFactory(nom="Communauté de communes des Coteaux", type=TypeEPCI.CC)
    for i in range(nombre_communes_par_epci):
        CommuneFactory(departement=dep, epci=agen, population=1000 + i)
        CommuneFactory(departement=dep, epci=cc, population=100)
    # A commune outside any EPCI, and a commune of another département in the CC (an EPCI spanning two).
    CommuneFactory(departement=dep, epci=None, population=50)
    CommuneFactory(puy_de_dome=True, epci=cc, population=7000)
    return agen, cc


@pytest.mark.django_db
def test_synthese_du_territoire():
    agen, cc = _territoire()
    synthese = synthese_territoire("47")
    assert synthese["departement"].nom == "Lot-et-Garonne"
    assert synthese["nombre_communes"] == 7
    assert synthese["population"] == 1000 + 1001 + 1002 + 3 * 100 + 50
    assert synthese["communes_sans_epci"] == 1
    assert synthese["nombre_epci"] == 2
    lignes = {e.nom: e for e in synthese["epcis"]}
    assert lignes["Agglomération d’Agen"].communes_dans_departement == 3
    assert lignes["Agglomération d’Agen"].population_dans_departement == 3003
    cc_ligne = lignes["Communauté de communes des Coteaux"]
    assert (cc_ligne.communes_dans_departement, cc_ligne.communes_total) == (3, 4)
    assert cc_ligne.population_dans_departement == 300
    # Ordered by population in the département.
    assert [e.nom for e in synthese["epcis"]] == ["Agglomération d’Agen", "Communauté de communes des Coteaux"]


@pytest.mark.django_db
@pytest.mark.parametrize("nombre", [1, 40])
def test_synthese_en_nombre_de_requetes_fixe(django_assert_num_queries, nombre):
    _territoire(nombre)
    with django_assert_num_queries(3):
        synthese = synthese_territoire("47")
        assert len(synthese["epcis"]) == 2


@pytest.mark.django_db
def test_page_observatoire_affiche_les_chiffres(client):
    _territoire()
    contenu = client.get(reverse("observatoire:accueil")).content.decode()
    assert '<span class="chiffre-cle">7</span>' in contenu
    assert '<span class="chiffre-cle">2</span>' in contenu
    assert '<span class="chiffre-cle">3\xa0353</span>' in contenu
    # the EPCI heads its row, as a link to its own page
    assert re.search(r'<th scope="row">\s*<a href="/observatoire/epci/\d+/">Agglomération d’Agen</a>', contenu)
    assert "Communauté d’agglomération" in contenu
    assert "sur 4 au total" in contenu
    assert "1 commune du département n’appartient à aucune intercommunalité" in contenu


@pytest.mark.django_db
def test_page_observatoire_sans_referentiel(client):
    contenu = client.get(reverse("observatoire:accueil")).content.decode()
    assert "n’est pas encore chargé" in contenu
    assert "<table" not in contenu
