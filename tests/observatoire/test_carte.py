"""The maps' simplified outlines (observatoire.carte): real outlines of the 47, size, cache and its version
bumped by a territory import, quantile classes."""

import gzip
import io
import json

import pytest
from django.core.management import call_command

from observatoire import carte
from tests.observatoire.factories import CommuneFactory, DepartementFactory, EPCIFactory

pytestmark = pytest.mark.django_db

CARRE = {"type": "Polygon", "coordinates": [[[0.0, 44.0], [0.5, 44.0], [0.5, 44.5], [0.0, 44.5], [0.0, 44.0]]]}


@pytest.fixture
def contours_reels_47(donnees_ouvertes):
    """The real files of the open data (not the extract): the 319 communes and 12 EPCI of the 47."""
    call_command("importer_territoire", "--departement", "47", "--source", str(donnees_ouvertes), stdout=io.StringIO())


def _taille_gzip(collection: dict) -> int:
    return len(gzip.compress(json.dumps(collection, separators=(",", ":")).encode()))


def test_contours_reels_du_47_legers(contours_reels_47):
    communes = carte.geometries("47", "communes")
    epci = carte.geometries("47", "epci")

    assert communes["type"] == "FeatureCollection" and len(communes["features"]) == 319
    agen = next(f for f in communes["features"] if f["id"] == "47001")
    assert agen["properties"] == {"code": "47001", "nom": "Agen"}
    assert agen["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert len(epci["features"]) == 12
    assert _taille_gzip(communes) < 300_000 and _taille_gzip(epci) < 150_000
    points = json.dumps(agen["geometry"]["coordinates"])
    assert all(
        len(nombre.split(".")[-1]) <= carte.DECIMALES for nombre in points.replace("[", "").split("]")[0].split(",")
    )


def test_simplification_et_arrondi():
    commune = CommuneFactory(
        departement=DepartementFactory(code="47"),
        contour={
            "type": "Polygon",
            # a point 1 cm off the segment disappears, coordinates rounded to 5 decimals
            "coordinates": [
                [[0.0, 44.0], [0.25, 44.0000001], [0.5, 44.0], [0.5, 44.5], [0.123456789, 44.5], [0.0, 44.0]]
            ],
        },
    )

    geometrie = carte.geometries("47", "communes")["features"][0]["geometry"]

    assert commune.code_insee == carte.geometries("47", "communes")["features"][0]["id"]
    assert geometrie == {
        "type": "Polygon",
        "coordinates": [[[0.0, 44.0], [0.5, 44.0], [0.5, 44.5], [0.12346, 44.5], [0.0, 44.0]]],
    }


def test_mis_en_cache_puis_recalcule_apres_un_import(django_assert_num_queries):
    departement = DepartementFactory(code="47")
    CommuneFactory(departement=departement, nom="Avant", contour=CARRE, epci=EPCIFactory(contour=CARRE))
    with django_assert_num_queries(1):
        assert carte.geometries("47", "communes")["features"][0]["properties"]["nom"] == "Avant"
    with django_assert_num_queries(0):
        carte.geometries("47", "communes")

    CommuneFactory(departement=departement, nom="Nouvelle", contour=CARRE)
    assert len(carte.geometries("47", "communes")["features"]) == 1  # still the cached one
    carte.invalider()

    assert len(carte.geometries("47", "communes")["features"]) == 2
    assert len(carte.geometries("47", "epci")["features"]) == 1


def test_import_du_territoire_invalide_les_cartes(django_capture_on_commit_callbacks):
    avant = carte.version()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("importer_territoire", "--departement", "47", "--extrait", stdout=io.StringIO())

    assert carte.version() > avant


def test_sans_contour_ni_niveau_inconnu():
    CommuneFactory(departement=DepartementFactory(code="47"), contour=None)

    assert carte.geometries("47", "communes") == {"type": "FeatureCollection", "features": []}
    with pytest.raises(ValueError):
        carte.geometries("47", "regions")


@pytest.mark.parametrize(
    ("valeurs", "bornes"),
    [
        ([], []),
        ([3.0], [3.0]),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2, 4, 6, 8, 10]),
        ([1, 1, 1, 2], [1, 2]),
        ([5, None, 1], [1, 5]),
    ],
)
def test_classes_quantiles(valeurs, bornes):
    assert carte.classes_quantiles(valeurs) == bornes


def test_classe_et_couleurs():
    bornes = [2, 4, 6, 8, 10]

    assert [carte.classe_de(v, bornes) for v in (None, 0, 2, 2.1, 10, 11)] == [None, 0, 0, 1, 4, 4]
    assert carte.couleurs(bornes) == carte.PALETTE
    assert carte.couleurs([1, 2]) == [carte.PALETTE[0], carte.PALETTE[-1]]
