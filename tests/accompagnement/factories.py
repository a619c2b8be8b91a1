"""factory_boy factories for the accompaniment app (requests, needs, timeline, messages, checklist, outbox).

French Faker; requests are for Lot-et-Garonne (communes from tests.observatoire.factories). Traits rather
than subclasses:

    DemandeFactory()                                   # a GP's installation request, received now, new
    DemandeFactory(etudiant=True)                      # an intern (stage), with a faculty
    DemandeFactory(en_cours=True)                      # assigned to an agent, first answer given
    DemandeFactory(terminee=True) / (retiree=True) / (anonymisee=True) / (suppression_demandee=True)
    DemandeFactory(avec_besoins=3)                     # three needs of different types (post-generation)
    BesoinFactory(oriente=True)                        # referred to a partner (created if not given)
    BesoinFactory(logement=True) / (resolu=True) / (en_cours=True)
    MessageFactory(de_hotline=True)                    # written by an agent (default: by the requester)
    EvenementFactory(), ModeleEtapeFactory(etudiants=True), EtapeFactory(), DocumentFactory()
    NotificationFactory(envoyee=True), JetonAccesFactory(expire=True)
    AgentFactory()                                     # a hotline staff member
"""

import hashlib
import secrets
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from stdnum import luhn

from accompagnement.enums import (
    ModeExercice,
    ProfilDemandeur,
    StatutBesoin,
    StatutDemande,
    StatutEtape,
    TypeEvenement,
    TypeNotification,
    TypeProjet,
)
from accompagnement.models import (
    Besoin,
    Demande,
    Document,
    Etape,
    Evenement,
    JetonAcces,
    Message,
    ModeleEtape,
    Notification,
)
from partenaires.enums import TypeBesoin, TypePartenaire
from partenaires.models import Partenaire


def rpps_valide(dix_chiffres: str) -> str:
    """An RPPS number whose 11th digit is the Luhn key of the first ten (what the request form checks)."""
    return dix_chiffres + luhn.calc_check_digit(dix_chiffres)


class AgentFactory(DjangoModelFactory):
    """A hotline staff member (is_staff). Add groups/permissions in the test when they matter."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda o: f"{o.username}@bienvenuedoc.test")
    is_staff = True
    password = factory.django.Password("motdepasse-agent")


class PartenaireOrientationFactory(DjangoModelFactory):
    """A minimal partner of the directory, to refer needs to (the partenaires app's own factories may be
    richer; this one only needs a name)."""

    class Meta:
        model = Partenaire
        django_get_or_create = ("slug",)

    nom = factory.Sequence(lambda n: f"Partenaire logement n° {n}")
    slug = factory.Sequence(lambda n: f"partenaire-orientation-{n}")
    type = TypePartenaire.LOGEMENT


class DemandeFactory(DjangoModelFactory):
    class Meta:
        model = Demande
        skip_postgeneration_save = True

    profil = ProfilDemandeur.MEDECIN_GENERALISTE
    prenom = factory.Faker("first_name", locale="fr_FR")
    nom = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(
        lambda o: f"{o.prenom}.{o.nom}.{secrets.token_hex(3)}@exemple.test".lower().replace(" ", "-")
    )
    telephone = factory.Faker("numerify", text="06 ## ## ## ##")
    rpps = factory.LazyFunction(lambda: rpps_valide(f"10{secrets.randbelow(10**8):08d}"))
    specialite = ""
    universite = ""
    type_projet = TypeProjet.INSTALLATION
    periode_debut = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    periode_fin = None
    mode_exercice = ModeExercice.LIBERAL
    structures = factory.LazyFunction(lambda: ["msp"])
    message = factory.Faker("paragraph", nb_sentences=3, locale="fr_FR")
    consentement_le = factory.LazyFunction(timezone.now)
    statut = StatutDemande.NOUVELLE
    recue_le = factory.LazyFunction(timezone.now)
    derniere_action_le = factory.SelfAttribute("recue_le")

    class Params:
        etudiant = factory.Trait(
            profil=ProfilDemandeur.INTERNE,
            type_projet=TypeProjet.STAGE,
            universite="Université de Bordeaux",
            rpps="",
            mode_exercice="",
            structures=factory.LazyFunction(list),
        )
        externe = factory.Trait(
            profil=ProfilDemandeur.EXTERNE, type_projet=TypeProjet.STAGE, universite="Université de Bordeaux", rpps=""
        )
        remplacant = factory.Trait(profil=ProfilDemandeur.REMPLACANT, type_projet=TypeProjet.REMPLACEMENT)
        en_cours = factory.Trait(
            statut=StatutDemande.EN_COURS,
            referent=factory.SubFactory(AgentFactory),
            premiere_reponse_le=factory.LazyAttribute(lambda o: o.recue_le + timedelta(days=1)),
        )
        terminee = factory.Trait(
            statut=StatutDemande.TERMINEE,
            referent=factory.SubFactory(AgentFactory),
            premiere_reponse_le=factory.LazyAttribute(lambda o: o.recue_le + timedelta(days=1)),
            cloturee_le=factory.LazyAttribute(lambda o: o.recue_le + timedelta(days=60)),
        )
        sans_suite = factory.Trait(
            statut=StatutDemande.SANS_SUITE,
            cloturee_le=factory.LazyAttribute(lambda o: o.recue_le + timedelta(days=20)),
        )
        retiree = factory.Trait(statut=StatutDemande.RETIREE, cloturee_le=factory.LazyFunction(timezone.now))
        suppression_demandee = factory.Trait(suppression_demandee_le=factory.LazyFunction(timezone.now))
        anonymisee = factory.Trait(anonymisee_le=factory.LazyFunction(timezone.now))
        ancienne = factory.Trait(
            recue_le=factory.LazyFunction(lambda: timezone.now() - timedelta(days=200)),
        )

    @factory.post_generation
    def avec_besoins(obj, create, extracted, **kwargs):
        """DemandeFactory(avec_besoins=3): that many needs, of distinct types."""
        if not create or not extracted:
            return
        types = list(TypeBesoin.values)
        for i in range(int(extracted)):
            BesoinFactory(demande=obj, type=types[i % len(types)], cree_le=obj.recue_le)

    @factory.post_generation
    def communes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.communes.set(extracted)

    @factory.post_generation
    def epcis(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.epcis.set(extracted)


class BesoinFactory(DjangoModelFactory):
    class Meta:
        model = Besoin

    demande = factory.SubFactory(DemandeFactory)
    type = TypeBesoin.DEMARCHES_ADMINISTRATIVES
    precision = factory.Faker("sentence", locale="fr_FR")
    statut = StatutBesoin.NOUVEAU
    cree_le = factory.LazyFunction(timezone.now)

    class Params:
        logement = factory.Trait(type=TypeBesoin.LOGEMENT, precision="Un T3 près d’une école, pour septembre.")
        emploi_conjoint = factory.Trait(type=TypeBesoin.EMPLOI_CONJOINT, domaine_conjoint="Enseignement")
        scolarite = factory.Trait(type=TypeBesoin.SCOLARITE_GARDE, ages_enfants="4 et 7 ans")
        en_cours = factory.Trait(statut=StatutBesoin.EN_COURS, agent=factory.SubFactory(AgentFactory))
        oriente = factory.Trait(
            statut=StatutBesoin.ORIENTE,
            partenaire=factory.SubFactory(PartenaireOrientationFactory),
            oriente_le=factory.LazyFunction(timezone.now),
        )
        resolu = factory.Trait(statut=StatutBesoin.RESOLU, resolu_le=factory.LazyFunction(timezone.now))
        sans_suite = factory.Trait(statut=StatutBesoin.SANS_SUITE)
        en_retard = factory.Trait(
            statut=StatutBesoin.EN_COURS, echeance=factory.LazyFunction(lambda: timezone.localdate() - timedelta(7))
        )


class EvenementFactory(DjangoModelFactory):
    class Meta:
        model = Evenement

    demande = factory.SubFactory(DemandeFactory)
    type = TypeEvenement.CREATION
    par_demandeur = True
    cree_le = factory.LazyFunction(timezone.now)

    class Params:
        statut_besoin = factory.Trait(
            type=TypeEvenement.STATUT_BESOIN,
            besoin=factory.SubFactory(BesoinFactory, demande=factory.SelfAttribute("..demande")),
            de=StatutBesoin.NOUVEAU,
            vers=StatutBesoin.EN_COURS,
            par_demandeur=False,
            auteur=factory.SubFactory(AgentFactory),
        )
        note = factory.Trait(
            type=TypeEvenement.NOTE, par_demandeur=False, auteur=factory.SubFactory(AgentFactory), commentaire="Note"
        )


class MessageFactory(DjangoModelFactory):
    """A message of the thread; by default written by the requester."""

    class Meta:
        model = Message

    demande = factory.SubFactory(DemandeFactory)
    de_demandeur = True
    auteur = None
    corps = factory.Faker("paragraph", nb_sentences=2, locale="fr_FR")
    cree_le = factory.LazyFunction(timezone.now)

    class Params:
        de_hotline = factory.Trait(de_demandeur=False, auteur=factory.SubFactory(AgentFactory))
        lu = factory.Trait(lu_le=factory.LazyFunction(timezone.now))


class ModeleEtapeFactory(DjangoModelFactory):
    class Meta:
        model = ModeleEtape

    type_projet = TypeProjet.INSTALLATION
    pour_etudiants = False
    ordre = factory.Sequence(lambda n: n)
    titre = "Inscription au tableau de l’Ordre des médecins"
    organisme = "Conseil départemental de l’Ordre des médecins (CDOM)"
    description = "Déposer le dossier d’inscription au tableau du département d’exercice."
    lien = "https://www.conseil-national.medecin.fr/"
    delai_jours = 30
    actif = True

    class Params:
        etudiants = factory.Trait(
            type_projet=TypeProjet.STAGE,
            pour_etudiants=True,
            titre="Convention de stage",
            organisme="Faculté de médecine",
            description="Faire signer la convention de stage par le terrain de stage et la faculté.",
            lien="",
            delai_jours=15,
        )
        inactif = factory.Trait(actif=False)
        sans_delai = factory.Trait(delai_jours=None)


class EtapeFactory(DjangoModelFactory):
    class Meta:
        model = Etape

    demande = factory.SubFactory(DemandeFactory)
    modele = None
    ordre = factory.Sequence(lambda n: n)
    titre = "Demande de conventionnement"
    organisme = "Caisse primaire d’assurance maladie (CPAM)"
    statut = StatutEtape.A_FAIRE
    echeance = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))

    class Params:
        faite = factory.Trait(statut=StatutEtape.FAIT, faite_le=factory.LazyFunction(timezone.now))


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    demande = factory.SubFactory(DemandeFactory)
    titre = "Liste des maisons de santé du territoire"
    fichier = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 document de test\n", name="liste.pdf"))
    auteur = factory.SubFactory(AgentFactory)
    cree_le = factory.LazyFunction(timezone.now)


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    demande = factory.SubFactory(DemandeFactory)
    type = TypeNotification.ACCUSE_RECEPTION
    creee_le = factory.LazyFunction(timezone.now)

    class Params:
        envoyee = factory.Trait(envoyee_le=factory.LazyFunction(timezone.now), tentatives=1)
        ancienne = factory.Trait(creee_le=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)))


class JetonAccesFactory(DjangoModelFactory):
    """Pass `jeton="..."` to know the clear token; only its SHA-256 digest is stored."""

    class Meta:
        model = JetonAcces
        exclude = ("jeton",)

    jeton = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    demande = factory.SubFactory(DemandeFactory)
    empreinte = factory.LazyAttribute(lambda o: hashlib.sha256(o.jeton.encode()).hexdigest())
    expire_le = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    class Params:
        expire = factory.Trait(expire_le=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1)))
