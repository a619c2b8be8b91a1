"""factory_boy factories of the practitioners and structures (observatoire): a snapshot (`ImportDonnees`) of RPPS
or demo practitioners, a GP present in it, a place of practice, an MSP.

    instantane = InstantanePraticiensFactory(date_publication=date(2025, 1, 1))     # an RPPS extract of 47
    PresencePraticienFactory(instantane=instantane, commune=commune)                 # a GP present in it
    PresencePraticienFactory(instantane=..., praticien=p, commune=...)                # the same GP later
    StructureFactory(commune=commune)                                                  # an MSP (FINESS)"""

import datetime

import factory
from factory.django import DjangoModelFactory
from stdnum import luhn

from observatoire.enums import CategorieStructure, JeuDonnees, ModeExercice, SourcePraticien
from observatoire.models import ImportDonnees, LieuExercice, Praticien, PresencePraticien, Structure
from tests.observatoire.factories import CommuneFactory


def _rpps(n: int) -> str:
    corps = f"10{n % 100_000_000:08d}"
    return corps + luhn.calc_check_digit(corps)


class InstantanePraticiensFactory(DjangoModelFactory):
    class Meta:
        model = ImportDonnees

    jeu = JeuDonnees.RPPS
    source = "Annuaire Santé (RPPS), extraction en libre accès"
    licence = "Licence Ouverte"
    date_publication = datetime.date(2025, 1, 6)
    millesime = factory.LazyAttribute(lambda o: o.date_publication.isoformat())
    fichier = factory.Sequence(lambda n: f"PS_LibreAccess_Personne_activite_{n}.txt")
    empreinte = factory.Sequence(lambda n: f"{n:064x}")
    perimetre = "47"
    nb_lignes = 0
    importe_le = factory.LazyFunction(lambda: datetime.datetime(2025, 1, 7, tzinfo=datetime.UTC))

    class Params:
        demo = factory.Trait(jeu=JeuDonnees.PRATICIENS_DEMO, source="Démonstration", fichier="demo")


class PraticienFactory(DjangoModelFactory):
    class Meta:
        model = Praticien
        django_get_or_create = ("rpps",)

    rpps = factory.Sequence(_rpps)
    nom = factory.Faker("last_name", locale="fr_FR")
    prenom = factory.Faker("first_name", locale="fr_FR")
    annee_naissance = 1970
    mode_exercice = ModeExercice.LIBERAL
    source = SourcePraticien.RPPS


class LieuExerciceFactory(DjangoModelFactory):
    class Meta:
        model = LieuExercice

    praticien = factory.SubFactory(PraticienFactory)
    commune = factory.SubFactory(CommuneFactory)
    raison_sociale = "Cabinet médical"
    adresse = "12 rue de la République"
    mode_exercice = ModeExercice.LIBERAL


class PresencePraticienFactory(DjangoModelFactory):
    class Meta:
        model = PresencePraticien

    praticien = factory.SubFactory(PraticienFactory)
    instantane = factory.SubFactory(InstantanePraticiensFactory)
    commune = factory.SubFactory(CommuneFactory)
    date = factory.LazyAttribute(lambda o: o.instantane.date_publication)


class StructureFactory(DjangoModelFactory):
    class Meta:
        model = Structure

    categorie = CategorieStructure.MSP
    numero_finess = factory.Sequence(lambda n: f"47{n % 10_000_000:07d}")
    nom = factory.Sequence(lambda n: f"Maison de santé pluriprofessionnelle n° {n}")
    commune = factory.SubFactory(CommuneFactory)
    adresse = "3 rue des Écoles"
    latitude = 44.2
    longitude = 0.62
    date_ouverture = datetime.date(2019, 9, 1)
    source = SourcePraticien.FINESS
