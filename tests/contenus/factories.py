"""factory_boy factories for the editorial content.

PageFactory(public=Public.LYCEENS)     # a published page
EvenementFactory(capacite=1)            # a published event in two weeks, in Agen
InscriptionFactory(evenement=...)       # a confirmed registration
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from bienvenuedoc.contenus.enums import ProfilInscrit, Public, StatutInscription, TypeEvenement
from bienvenuedoc.contenus.models import (
    Actualite,
    Evenement,
    Inscription,
    Page,
    PresentationTerritoire,
    SignalementAccessibilite,
)


class PageFactory(DjangoModelFactory):
    class Meta:
        model = Page

    titre = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    public = Public.TOUS
    resume = "Un résumé de la page."
    corps = "## Une section\n\nUn paragraphe avec un [lien](https://www.parcoursup.gouv.fr/)."
    publie = True


class ActualiteFactory(DjangoModelFactory):
    class Meta:
        model = Actualite

    titre = factory.Sequence(lambda n: f"Actualité {n}")
    slug = factory.Sequence(lambda n: f"actualite-{n}")
    resume = "Une nouvelle du guichet."
    publie = True


class EvenementFactory(DjangoModelFactory):
    class Meta:
        model = Evenement

    titre = factory.Sequence(lambda n: f"Journée découverte {n}")
    slug = factory.Sequence(lambda n: f"evenement-{n}")
    type = TypeEvenement.JOURNEE_DECOUVERTE
    public = Public.MEDECINS
    debut = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=14))
    fin = factory.LazyAttribute(lambda o: o.debut + timedelta(hours=3))
    lieu = "Hôtel du Département, 1 place Verdun"
    commune_nom = "Agen"
    commune_insee = "47001"
    capacite = 20
    resume = "Découvrir le territoire avec des médecins qui y exercent."
    description = "Au programme : **visite** d’une maison de santé."
    publie = True


class InscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Inscription

    evenement = factory.SubFactory(EvenementFactory)
    nom = factory.Sequence(lambda n: f"Personne {n}")
    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    profil = ProfilInscrit.MEDECIN
    statut = StatutInscription.CONFIRMEE


class PresentationTerritoireFactory(DjangoModelFactory):
    class Meta:
        model = PresentationTerritoire

    epci_siren = factory.Sequence(lambda n: f"2000{n:05d}")
    accroche = "Un territoire où il fait bon vivre (texte de test)."
    ecoles = "Écoles dans chaque bourg, un [collège](https://www.education.gouv.fr/)."
    transports = "Une gare TER."
    publie = True


class SignalementAccessibiliteFactory(DjangoModelFactory):
    class Meta:
        model = SignalementAccessibilite

    nom = "Camille Test"
    email = factory.Sequence(lambda n: f"signalement{n}@exemple.test")
    adresse_page = "/evenements/"
    description = "Le bouton d’inscription n’est pas annoncé par mon lecteur d’écran."
