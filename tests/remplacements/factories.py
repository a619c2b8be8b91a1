"""factory_boy factories for the offers. Coordinates are those of the commune (as the geocoder gives offline).

OffreFactory()                      # a published replacement in a commune of 47
OffreFactory(stage=True)            # an internship place (supervisor, capacity, levels)
OffreFactory(logement=True)         # a student housing
OffreFactory(poste=True)            # a salaried post
OffreFactory(en_attente=True)       # waiting for moderation
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from remplacements.enums import SemestreStage, StatutOffre, StructureOffre, TypeOffre, TypePoste
from remplacements.models import Offre
from tests.observatoire.factories import CommuneFactory


class OffreFactory(DjangoModelFactory):
    class Meta:
        model = Offre

    type = TypeOffre.REMPLACEMENT
    statut = StatutOffre.PUBLIEE
    titre = factory.Faker("sentence", nb_words=5, locale="fr_FR")
    description = factory.Faker("paragraph", locale="fr_FR")
    commune = factory.SubFactory(CommuneFactory)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    date_debut = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    date_fin = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    debut_publication = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    fin_publication = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    contact_nom = factory.Faker("company", locale="fr_FR")
    email_proprietaire = factory.Sequence(lambda n: f"auteur{n}@exemple.test")
    structure = StructureOffre.CABINET
    retrocession = 75
    publiee_le = factory.LazyFunction(timezone.now)

    class Params:
        en_attente = factory.Trait(statut=StatutOffre.EN_ATTENTE, publiee_le=None)
        poste = factory.Trait(type=TypeOffre.POSTE, type_poste=TypePoste.SALARIE, retrocession=None)
        stage = factory.Trait(
            type=TypeOffre.STAGE,
            retrocession=None,
            structure="",
            maitre_de_stage=factory.Faker("name", locale="fr_FR"),
            specialite="Médecine générale",
            semestre=SemestreStage.NOVEMBRE,
            pour_internes=True,
            pour_docteurs_juniors=True,
            capacite=1,
        )
        logement = factory.Trait(
            type=TypeOffre.LOGEMENT,
            retrocession=None,
            structure="",
            capacite=2,
            loyer_mensuel=250,
            meuble=True,
            pour_externes=True,
            pour_internes=True,
            pour_docteurs_juniors=True,
        )
