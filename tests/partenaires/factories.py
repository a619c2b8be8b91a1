"""factory_boy factories of the partner directory, the aids and the zoning (French Faker, coordinates inside
Lot-et-Garonne). Territory factories come from tests/observatoire/factories.py.

    PartenaireFactory(services=["logement"])         # with ServicePartenaire rows
    AideFinanciereFactory(primo_zip=True)              # the 2026 primo-installation aid in ZIP
    AideFinanciereFactory(expiree=True)                # past its end date (« à revoir »)
    ZonageCommuneFactory(commune=c, type_zone="zip")
"""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from partenaires.enums import CategorieCumul, ModeExercice, ProfilAide, TypeAide, TypePartenaire, TypeProjet, TypeZone
from partenaires.models import AideFinanciere, Partenaire, ServicePartenaire, ZonageCommune
from tests.observatoire.factories import (
    LOT_ET_GARONNE_LATITUDE,
    LOT_ET_GARONNE_LONGITUDE,
    CommuneFactory,
    DepartementFactory,
    EPCIFactory,
)

__all__ = [
    "AideFinanciereFactory",
    "CommuneFactory",
    "DepartementFactory",
    "EPCIFactory",
    "PartenaireFactory",
    "ServicePartenaireFactory",
    "ZonageCommuneFactory",
]


class PartenaireFactory(DjangoModelFactory):
    class Meta:
        model = Partenaire
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    nom = factory.Faker("company", locale="fr_FR")
    slug = factory.Sequence(lambda n: f"partenaire-{n}")
    type = TypePartenaire.INSTITUTION_SANTE
    description = factory.Faker("paragraph", locale="fr_FR", nb_sentences=2)
    adresse = factory.Faker("street_address", locale="fr_FR")
    code_postal = factory.Faker("numerify", text="47###")
    ville = factory.Faker("city", locale="fr_FR")
    latitude = factory.Faker("pyfloat", min_value=LOT_ET_GARONNE_LATITUDE[0], max_value=LOT_ET_GARONNE_LATITUDE[1])
    longitude = factory.Faker("pyfloat", min_value=LOT_ET_GARONNE_LONGITUDE[0], max_value=LOT_ET_GARONNE_LONGITUDE[1])
    telephone = factory.Faker("phone_number", locale="fr_FR")
    email = factory.Faker("email", locale="fr_FR")
    contact_interne_nom = factory.Faker("name", locale="fr_FR")
    contact_interne_email = factory.Sequence(lambda n: f"referent-interne-{n}@partenaire.invalid")
    contact_interne_telephone = "01 99 99 99 99"
    publie = True

    class Params:
        non_publie = factory.Trait(publie=False)
        sans_coordonnees = factory.Trait(latitude=None, longitude=None)
        tout_departement = factory.Trait(couvre_tout_departement=True)
        demo = factory.Trait(est_demo=True)
        logement = factory.Trait(type=TypePartenaire.LOGEMENT)

    @factory.post_generation
    def services(self, create, valeurs, **kwargs):
        if create and valeurs:
            for valeur in valeurs:
                ServicePartenaire.objects.create(partenaire=self, type_besoin=valeur)

    @factory.post_generation
    def epcis(self, create, valeurs, **kwargs):
        if create and valeurs:
            self.epcis_couverts.set(valeurs)


class ServicePartenaireFactory(DjangoModelFactory):
    class Meta:
        model = ServicePartenaire

    partenaire = factory.SubFactory(PartenaireFactory)
    type_besoin = "logement"


class ZonageCommuneFactory(DjangoModelFactory):
    class Meta:
        model = ZonageCommune
        django_get_or_create = ("commune", "type_zone")

    commune = factory.SubFactory(CommuneFactory)
    type_zone = TypeZone.ZIP
    source = "Arrêté ARS de test"
    date_zonage = datetime.date(2026, 1, 1)
    est_demo = False


class AideFinanciereFactory(DjangoModelFactory):
    """An aid without any criterion (eligible for everyone) unless given criteria or a Trait."""

    class Meta:
        model = AideFinanciere
        django_get_or_create = ("slug",)

    nom = factory.Sequence(lambda n: f"Aide de test {n}")
    slug = factory.Sequence(lambda n: f"aide-de-test-{n}")
    financeur = factory.SubFactory(PartenaireFactory)
    type = TypeAide.PRIME
    resume = "Une aide de test."
    montant_min = Decimal(1_000)
    montant_max = Decimal(1_000)
    montant_unite = "une fois"
    conditions = "Conditions de test."
    demarche = "Contactez le financeur."
    source_url = "https://www.ameli.fr/medecin/aide-de-test"
    date_verification = datetime.date(2026, 11, 24)
    publiee = True

    class Params:
        primo_zip = factory.Trait(
            nom="Aide à la primo-installation en ZIP",
            montant_min=Decimal(10_000),
            montant_max=Decimal(10_000),
            profils=[ProfilAide.PRIMO_INSTALLANT],
            projets=[TypeProjet.INSTALLATION],
            modes_exercice=[ModeExercice.LIBERAL],
            zones=[TypeZone.ZIP],
            exige_secteur_1_optam=True,
            reservee_premiere_installation=True,
            categorie_cumul=CategorieCumul.AIDE_INSTALLATION,
        )
        cesp = factory.Trait(
            nom="Contrat d’engagement de service public (CESP)",
            type=TypeAide.BOURSE,
            montant_min=Decimal(1_200),
            montant_max=Decimal(1_200),
            montant_unite="brut par mois",
            profils=[ProfilAide.ETUDIANT, ProfilAide.INTERNE],
            engagement_min_annees=2,
            categorie_cumul=CategorieCumul.AIDE_ETUDES,
        )
        zfrr = factory.Trait(
            nom="Exonération ZFRR",
            type=TypeAide.EXONERATION_FISCALE,
            profils_exclus=[ProfilAide.REMPLACANT],
            zones=[TypeZone.ZFRR, TypeZone.ZFRR_PLUS],
        )
        locale = factory.Trait(
            nom="Aide locale à l’installation",
            type=TypeAide.SUBVENTION,
            exige_convention_l1511_8=True,
            categorie_cumul=CategorieCumul.AIDE_INSTALLATION,
            montant_non_confirme=True,
        )
        expiree = factory.Trait(date_fin=datetime.date(2025, 12, 31))
        future = factory.Trait(date_debut=datetime.date(2099, 1, 1))
        fermee = factory.Trait(date_fin=datetime.date(2025, 12, 31), historique=True)
