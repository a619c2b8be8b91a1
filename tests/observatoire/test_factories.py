import pytest

from observatoire.enums import TypeEPCI
from observatoire.models import Commune, Departement
from tests.observatoire.factories import (
    LOT_ET_GARONNE_LATITUDE,
    LOT_ET_GARONNE_LONGITUDE,
    PUY_DE_DOME_LATITUDE,
    CommuneFactory,
    EPCIFactory,
    PopulationHistoriqueFactory,
)

pytestmark = pytest.mark.django_db


def test_commune_par_defaut_dans_le_lot_et_garonne():
    communes = CommuneFactory.create_batch(5)
    assert Departement.objects.get().code == "47"
    for commune in communes:
        commune.refresh_from_db()
        assert commune.code_insee.startswith("47") and len(commune.code_insee) == 5
        assert LOT_ET_GARONNE_LATITUDE[0] <= commune.latitude <= LOT_ET_GARONNE_LATITUDE[1]
        assert LOT_ET_GARONNE_LONGITUDE[0] <= commune.longitude <= LOT_ET_GARONNE_LONGITUDE[1]
        assert commune.nom_normalise == commune.nom_normalise.lower()
        assert commune.epci is not None
    assert len({c.code_insee for c in communes}) == 5


def test_traits():
    agen = CommuneFactory(agen=True)
    assert (agen.code_insee, agen.epci.type, agen.epci.siren) == ("47001", TypeEPCI.CA, "200096956")
    assert CommuneFactory(agen=True).pk == agen.pk
    clermontoise = CommuneFactory(puy_de_dome=True, sans_epci=True, avec_contour=True)
    assert clermontoise.departement.code == "63" and clermontoise.epci is None
    assert PUY_DE_DOME_LATITUDE[0] <= clermontoise.latitude <= PUY_DE_DOME_LATITUDE[1]
    assert clermontoise.contour["type"] == "Polygon"
    assert EPCIFactory(ca=True).nom.startswith("Agglomération de ")
    assert PopulationHistoriqueFactory(commune=agen, annee=2021).commune_id == agen.pk
    assert Commune.objects.count() == 2
