"""Anonymisation (on request and after the retention period), the daily task, the right-of-access export."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accompagnement.enums import ProfilDemandeur, StatutBesoin, StatutDemande, TypeEvenement, TypeProjet
from accompagnement.models import (
    Besoin,
    Demande,
    Document,
    Evenement,
    JetonAcces,
    Message,
    NoteInterne,
)
from accompagnement.services.rgpd import demande_anonymiser, demande_exporter_donnees
from accompagnement.services.suivi import besoin_changer_statut, demande_changer_statut, note_ajouter
from accompagnement.tasks import anonymiser_demandes_expirees_task
from bienvenuedoc.models import configuration_courante
from partenaires.enums import TypeBesoin
from tests.accompagnement.factories import (
    AgentFactory,
    BesoinFactory,
    DemandeFactory,
    DocumentFactory,
    EvenementFactory,
    JetonAccesFactory,
    MessageFactory,
)
from tests.observatoire.factories import CommuneFactory

pytestmark = pytest.mark.django_db

PERSONNEL = {
    "prenom": "Héloïse",
    "nom": "Vasseur-Unique",
    "email": "heloise.vasseur@exemple.test",
    "telephone": "06 11 22 33 44",
    "rpps": "10987654321",
    "specialite": "Pédiatrie",
    "universite": "Université de Bordeaux",
    "message": "Je cherche un cabinet à Nérac, mon mari est professeur.",
}


@pytest.fixture
def dossier_complet(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agent = AgentFactory()
    commune = CommuneFactory()
    demande = DemandeFactory(**PERSONNEL, profil=ProfilDemandeur.MEDECIN_SPECIALISTE, en_cours=True, communes=[commune])
    besoin = BesoinFactory(
        demande=demande, type=TypeBesoin.EMPLOI_CONJOINT, precision="Professeur de lettres", domaine_conjoint="Lycée"
    )
    BesoinFactory(demande=demande, type=TypeBesoin.SCOLARITE_GARDE, ages_enfants="3 et 6 ans")
    besoin_changer_statut(besoin=besoin, vers=StatutBesoin.EN_COURS, auteur=agent, commentaire="Vu avec Héloïse")
    MessageFactory(demande=demande, corps="Bonjour, je suis Héloïse Vasseur-Unique")
    note_ajouter(demande=demande, auteur=agent, corps="Héloïse préfère être appelée le soir")
    document = DocumentFactory(demande=demande)
    JetonAccesFactory(demande=demande)
    # one more historical version of the case with the personal data in it
    demande.telephone = "06 99 99 99 99"
    demande.save()
    return demande, document, agent


def _valeurs_historiques(demande_pk):
    valeurs = set()
    for ligne in Demande.history.filter(id=demande_pk).values(*PERSONNEL):
        valeurs.update(v for v in ligne.values() if v)
    for ligne in Besoin.history.filter(demande_id=demande_pk).values("precision", "domaine_conjoint", "ages_enfants"):
        valeurs.update(v for v in ligne.values() if v)
    return valeurs


def test_anonymiser_efface_tout_ce_qui_est_personnel(dossier_complet, django_capture_on_commit_callbacks):
    demande, document, agent = dossier_complet
    chemin = document.fichier.path
    assert _valeurs_historiques(demande.pk)  # the history did hold personal data

    with django_capture_on_commit_callbacks(execute=True):
        demande_anonymiser(demande=demande, auteur=agent, motif="Demande d’effacement du demandeur")

    demande.refresh_from_db()
    for champ in PERSONNEL:
        assert getattr(demande, champ) == "", champ
    assert demande.anonymisee_le is not None
    assert (
        not Besoin.objects.filter(demande=demande).exclude(precision="", domaine_conjoint="", ages_enfants="").exists()
    )
    assert list(Message.objects.filter(demande=demande).values_list("corps", flat=True)) == [""]
    assert not NoteInterne.objects.filter(demande=demande).exists()
    assert not Document.objects.filter(demande=demande).exists()
    assert not JetonAcces.objects.filter(demande=demande).exists()
    assert not Evenement.objects.filter(demande=demande, commentaire__icontains="Héloïse").exists()
    import os

    assert not os.path.exists(chemin)
    assert _valeurs_historiques(demande.pk) == set()
    derniere = Evenement.objects.filter(demande=demande).latest("cree_le", "pk")
    assert (derniere.type, derniere.auteur, derniere.commentaire) == (
        TypeEvenement.ANONYMISATION,
        agent,
        "Demande d’effacement du demandeur",
    )


def test_anonymiser_garde_les_statistiques(dossier_complet):
    demande, _, agent = dossier_complet
    recue_le, commune_ids = demande.recue_le, set(demande.communes.values_list("pk", flat=True))
    demande_anonymiser(demande=demande, auteur=agent, motif="Effacement")
    demande.refresh_from_db()
    assert demande.profil == ProfilDemandeur.MEDECIN_SPECIALISTE
    assert demande.type_projet == TypeProjet.INSTALLATION
    assert demande.recue_le == recue_le and demande.premiere_reponse_le is not None
    assert set(demande.communes.values_list("pk", flat=True)) == commune_ids
    assert sorted(Besoin.objects.filter(demande=demande).values_list("type", "statut")) == [
        (TypeBesoin.EMPLOI_CONJOINT, StatutBesoin.EN_COURS),
        (TypeBesoin.SCOLARITE_GARDE, StatutBesoin.NOUVEAU),
    ]
    # an open case without contact details is closed « sans suite »
    assert demande.statut == StatutDemande.SANS_SUITE and demande.cloturee_le is not None


def test_anonymiser_est_idempotent(dossier_complet):
    demande, _, agent = dossier_complet
    demande_anonymiser(demande=demande, auteur=agent, motif="Effacement")
    nombre = Evenement.objects.filter(demande=demande).count()
    premiere = Demande.objects.get(pk=demande.pk).anonymisee_le
    demande_anonymiser(demande=demande, auteur=agent, motif="Effacement")
    assert Evenement.objects.filter(demande=demande).count() == nombre
    assert Demande.objects.get(pk=demande.pk).anonymisee_le == premiere


def _il_y_a(jours):
    return timezone.now() - timedelta(days=jours)


def test_la_tache_quotidienne_anonymise_les_demandes_expirees():
    parametres = configuration_courante()
    parametres.duree_conservation_terminee_jours = 1000
    parametres.duree_conservation_sans_suite_jours = 300
    parametres.duree_conservation_retiree_jours = 90
    parametres.duree_inactivite_jours = 700
    parametres.save()
    ancienne = _il_y_a(2000)
    expirees = [
        DemandeFactory(terminee=True, recue_le=ancienne, cloturee_le=_il_y_a(1001)),
        DemandeFactory(sans_suite=True, recue_le=ancienne, cloturee_le=_il_y_a(301)),
        DemandeFactory(statut=StatutDemande.RETIREE, recue_le=ancienne, cloturee_le=_il_y_a(91)),
        DemandeFactory(statut=StatutDemande.EN_COURS, recue_le=ancienne, derniere_action_le=_il_y_a(701)),
        DemandeFactory(statut=StatutDemande.NOUVELLE, recue_le=ancienne, derniere_action_le=_il_y_a(800)),
    ]
    gardees = [
        DemandeFactory(terminee=True, recue_le=ancienne, cloturee_le=_il_y_a(999)),
        DemandeFactory(sans_suite=True, recue_le=ancienne, cloturee_le=_il_y_a(299)),
        DemandeFactory(statut=StatutDemande.RETIREE, recue_le=ancienne, cloturee_le=_il_y_a(89)),
        DemandeFactory(statut=StatutDemande.EN_COURS, recue_le=ancienne, derniere_action_le=_il_y_a(699)),
        # a closed case is measured from its closing date, not from its last action
        DemandeFactory(terminee=True, recue_le=ancienne, cloturee_le=_il_y_a(500), derniere_action_le=ancienne),
    ]
    deja = DemandeFactory(anonymisee=True, terminee=True, recue_le=ancienne, cloturee_le=_il_y_a(1500))

    assert anonymiser_demandes_expirees_task.delay().get() == len(expirees)

    for demande in expirees:
        demande.refresh_from_db()
        assert demande.anonymisee_le is not None and demande.nom == "" and demande.email == ""
        evenement = Evenement.objects.get(demande=demande, type=TypeEvenement.ANONYMISATION)
        assert evenement.auteur is None and evenement.commentaire == "Durée de conservation échue"
    for demande in gardees:
        demande.refresh_from_db()
        assert demande.anonymisee_le is None and demande.nom
    assert not Evenement.objects.filter(demande=deja).exists()
    assert anonymiser_demandes_expirees_task.delay().get() == 0


def test_export_droit_d_acces(dossier_complet):
    demande, _, agent = dossier_complet
    EvenementFactory(demande=demande)
    demande_changer_statut(demande=demande, vers=StatutDemande.TERMINEE, auteur=agent)
    donnees = demande_exporter_donnees(demande=demande, auteur=agent)
    assert donnees["demande"]["nom"] == "Vasseur-Unique"
    assert donnees["demande"]["adresse_electronique"] == "heloise.vasseur@exemple.test"
    assert donnees["demande"]["numero_rpps"] == "10987654321"
    assert donnees["demande"]["statut"] == "Terminée"
    assert len(donnees["demande"]["communes_souhaitees"]) == 1
    assert {b["type"] for b in donnees["besoins"]} == {
        "Emploi du conjoint ou de la conjointe",
        "Scolarité et garde d’enfants",
    }
    assert donnees["messages"][0]["message"] == "Bonjour, je suis Héloïse Vasseur-Unique"
    assert donnees["notes_internes"][0]["note"] == "Héloïse préfère être appelée le soir"
    assert donnees["documents_partages"][0]["titre"]
    assert any(e["evenement"] == "Statut de la demande modifié" for e in donnees["historique"])
    assert Evenement.objects.filter(demande=demande, type=TypeEvenement.EXPORT, auteur=agent).count() == 1
