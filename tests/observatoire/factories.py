"""factory_boy factories for the territory reference (Departement, EPCI, Commune, PopulationHistorique).

French Faker; communes are placed inside Lot-et-Garonne (bounding box of the real centres: lat 44.0–44.74,
lon -0.08–1.04) unless a Trait says otherwise. Other apps' factories build on these:

    CommuneFactory()                              # a commune of 47 in a new EPCI
    CommuneFactory(departement=dep, epci=None)    # outside any EPCI
    CommuneFactory(agen=True)                     # the real Agen (47001), coordinates of its centre
    CommuneFactory(puy_de_dome=True)              # a commune of 63 with coordinates inside 63

INSEE codes come from a sequence of 900 values per département (47100–47999), with get_or_create on the
code: a test creating more than 900 communes of one département would get existing ones back.
    EPCIFactory(ca=True)                          # a communauté d'agglomération
"""

import factory
from factory.django import DjangoModelFactory

from observatoire.enums import TypeEPCI
from observatoire.models import EPCI, Commune, Departement, PopulationHistorique
from observatoire.texte import normaliser_nom

LOT_ET_GARONNE_LATITUDE = (44.0, 44.74)
LOT_ET_GARONNE_LONGITUDE = (-0.08, 1.04)
PUY_DE_DOME_LATITUDE = (45.33, 46.23)
PUY_DE_DOME_LONGITUDE = (2.42, 3.96)


def _dans(intervalle: tuple[float, float]):
    bas, haut = intervalle
    return factory.Faker("pyfloat", min_value=bas, max_value=haut, right_digits=5)


def _contour_carre(latitude: float, longitude: float, demi_cote: float = 0.02) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [round(longitude - demi_cote, 5), round(latitude - demi_cote, 5)],
                [round(longitude + demi_cote, 5), round(latitude - demi_cote, 5)],
                [round(longitude + demi_cote, 5), round(latitude + demi_cote, 5)],
                [round(longitude - demi_cote, 5), round(latitude + demi_cote, 5)],
                [round(longitude - demi_cote, 5), round(latitude - demi_cote, 5)],
            ]
        ],
    }


class DepartementFactory(DjangoModelFactory):
    """Lot-et-Garonne by default (get_or_create on the code: two factories share the same département)."""

    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "47"
    nom = "Lot-et-Garonne"
    region_code = "75"
    region_nom = "Nouvelle-Aquitaine"
    contour = None

    class Params:
        puy_de_dome = factory.Trait(code="63", nom="Puy-de-Dôme", region_code="84", region_nom="Auvergne-Rhône-Alpes")
        avec_contour = factory.Trait(
            contour=factory.LazyFunction(lambda: _contour_carre(44.37, 0.48, demi_cote=0.37)),
        )


class EPCIFactory(DjangoModelFactory):
    class Meta:
        model = EPCI
        django_get_or_create = ("siren",)

    siren = factory.Sequence(lambda n: f"2470{n % 100_000:05d}")
    nom = factory.LazyAttribute(lambda o: f"Communauté de communes {o.ville}")
    type = TypeEPCI.CC
    population = factory.Faker("random_int", min=5_000, max=40_000)
    contour = None

    class Params:
        ville = factory.Faker("city", locale="fr_FR")
        ca = factory.Trait(
            type=TypeEPCI.CA,
            nom=factory.LazyAttribute(lambda o: f"Agglomération de {o.ville}"),
            population=factory.Faker("random_int", min=50_000, max=120_000),
        )
        agen = factory.Trait(siren="200096956", nom="CA Agglomération d'Agen", type=TypeEPCI.CA, population=101_727)
        avec_contour = factory.Trait(contour=factory.LazyFunction(lambda: _contour_carre(44.2, 0.62, 0.15)))


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code_insee",)

    departement = factory.SubFactory(DepartementFactory)
    code_insee = factory.Sequence(lambda n: f"47{100 + n % 900:03d}")
    nom = factory.Faker("city", locale="fr_FR")
    nom_normalise = factory.LazyAttribute(lambda o: normaliser_nom(o.nom))
    epci = factory.SubFactory(EPCIFactory)
    codes_postaux = factory.Faker("numerify", text="47###")
    population = factory.Faker("random_int", min=80, max=5_000)
    population_annee = 2026
    latitude = _dans(LOT_ET_GARONNE_LATITUDE)
    longitude = _dans(LOT_ET_GARONNE_LONGITUDE)
    contour = None

    class Params:
        agen = factory.Trait(
            code_insee="47001",
            nom="Agen",
            codes_postaux="47000",
            population=32_801,
            latitude=44.20284,
            longitude=0.62575,
            epci=factory.SubFactory(EPCIFactory, agen=True),
        )
        puy_de_dome = factory.Trait(
            departement=factory.SubFactory(DepartementFactory, puy_de_dome=True),
            code_insee=factory.Sequence(lambda n: f"63{100 + n % 900:03d}"),
            codes_postaux=factory.Faker("numerify", text="63###"),
            latitude=_dans(PUY_DE_DOME_LATITUDE),
            longitude=_dans(PUY_DE_DOME_LONGITUDE),
        )
        sans_epci = factory.Trait(epci=None)
        sans_coordonnees = factory.Trait(latitude=None, longitude=None)
        avec_contour = factory.Trait(
            contour=factory.LazyAttribute(lambda o: _contour_carre(o.latitude, o.longitude)),
        )


class PopulationHistoriqueFactory(DjangoModelFactory):
    class Meta:
        model = PopulationHistorique
        django_get_or_create = ("commune", "annee")

    commune = factory.SubFactory(CommuneFactory)
    annee = 2025
    population = factory.Faker("random_int", min=80, max=5_000)
