import random

import pytest
from django.core.management.base import CommandError

from observatoire import demo
from observatoire.selectors import commune_recherche, communes_du_departement, departement_courant, epcis_du_departement
from observatoire.texte import normaliser_nom
from tests.observatoire.factories import CommuneFactory, DepartementFactory, EPCIFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("nom", "attendu"),
    [
        ("Saint-Étienne-de-Fougères", "saint etienne de fougeres"),
        ("L’Isle-Jourdain", "l isle jourdain"),
        ("Cœuvres-et-Valsery", "coeuvres et valsery"),
        ("  AGEN ", "agen"),
    ],
)
def test_normaliser_nom(nom, attendu):
    assert normaliser_nom(nom) == attendu


def test_departement_courant(settings):
    lot_et_garonne = DepartementFactory(avec_contour=True)
    DepartementFactory(puy_de_dome=True)
    settings.DEPARTEMENT = "47"
    courant = departement_courant()
    assert courant == lot_et_garonne and "contour" in courant.get_deferred_fields()
    settings.DEPARTEMENT = "63"
    assert departement_courant().nom == "Puy-de-Dôme"
    settings.DEPARTEMENT = "2A"
    assert departement_courant() is None


def test_communes_du_departement(django_assert_num_queries):
    CommuneFactory(nom="Villeneuve-sur-Lot", avec_contour=True)
    CommuneFactory(nom="Agen", agen=True, avec_contour=True)
    CommuneFactory(nom="Écluse", sans_epci=True)
    CommuneFactory(puy_de_dome=True)

    with django_assert_num_queries(1):
        communes = list(communes_du_departement("47"))
        epcis = [c.epci.nom if c.epci else None for c in communes]
    assert [c.nom for c in communes] == ["Agen", "Écluse", "Villeneuve-sur-Lot"]
    assert epcis[0] == "CA Agglomération d'Agen" and epcis[1] is None
    assert all("contour" in c.get_deferred_fields() for c in communes)


def test_epcis_du_departement_y_compris_a_cheval():
    a_cheval = EPCIFactory(nom="CC des Deux Rives")
    CommuneFactory(epci=a_cheval)
    CommuneFactory.create_batch(3, epci=a_cheval, puy_de_dome=True)
    dans_47 = EPCIFactory(ca=True)
    CommuneFactory.create_batch(2, epci=dans_47)
    seulement_63 = EPCIFactory()
    CommuneFactory(epci=seulement_63, puy_de_dome=True)
    EPCIFactory()  # no commune

    assert list(epcis_du_departement("47")) == sorted([a_cheval, dans_47], key=lambda e: e.nom)
    assert set(epcis_du_departement("63")) == {a_cheval, seulement_63}
    assert "contour" in epcis_du_departement("47")[0].get_deferred_fields()


def test_commune_recherche(django_assert_num_queries):
    etienne = CommuneFactory(nom="Saint-Étienne-de-Fougères", codes_postaux="47380", population=400)
    CommuneFactory(nom="Saint-Étienne-de-Villeréal", codes_postaux="47210", population=300)
    agen = CommuneFactory(agen=True)
    bon_encontre = CommuneFactory(nom="Bon-Encontre", codes_postaux="47240 47000", population=6000)
    thiers = CommuneFactory(nom="Thiers", code_insee="63430", codes_postaux="63300", puy_de_dome=True)

    with django_assert_num_queries(1):
        resultats = list(commune_recherche("saint etienne"))
        assert [c.departement.code for c in resultats] == ["47", "47"]
    assert resultats[0] == etienne  # larger population first among equal ranks
    assert list(commune_recherche("ÉTIENNE-DE-FOU")) == [etienne]
    assert list(commune_recherche("47001")) == [agen]
    assert set(commune_recherche("47000")) == {agen, bon_encontre}
    assert list(commune_recherche("thiers")) == [thiers]
    assert list(commune_recherche("thiers", departement="47")) == []
    assert list(commune_recherche("agen")) == [agen]
    assert len(commune_recherche("saint", limite=1)) == 1
    assert list(commune_recherche("   ")) == []


def test_commune_recherche_classe_le_nom_exact_d_abord():
    CommuneFactory(nom="Castelnau-sur-Gupie", population=500)
    exact = CommuneFactory(nom="Castelnau", population=10)
    CommuneFactory(nom="Monclar-de-Castelnau", population=900)
    assert [c.nom for c in commune_recherche("castelnau")] == [
        "Castelnau",
        "Castelnau-sur-Gupie",
        "Monclar-de-Castelnau",
    ]
    assert commune_recherche("castelnau")[0] == exact


def test_demo_verifie_que_le_territoire_est_importe():
    class Sortie(list):
        write = list.append

    with pytest.raises(CommandError, match="importer_territoire --departement 47"):
        demo.generer(rng=random.Random(1), departement="47", stdout=Sortie())
    CommuneFactory.create_batch(3)
    sortie = Sortie()
    demo.generer(rng=random.Random(1), departement="47", stdout=sortie)
    assert "Lot-et-Garonne (47), 3 communes" in sortie[0]
