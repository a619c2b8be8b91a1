"""Services of accompaniment.services.demandes: intake (needs, checklist, event, notifications) and the
requester's actions (complement, message, withdrawal, deletion request, new link)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accompagnement.enums import StatutBesoin, StatutDemande, TypeEvenement, TypeNotification
from accompagnement.models import Demande, Notification
from accompagnement.services.demandes import (
    ActionImpossible,
    BesoinSaisi,
    DonneesDemande,
    demande_ajouter_complement,
    demande_creer,
    demande_retirer,
    demande_suppression_demander,
    lien_acces_renvoyer,
    message_demandeur_envoyer,
)
from tests.accompagnement.factories import BesoinFactory, DemandeFactory, ModeleEtapeFactory
from tests.observatoire.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def _donnees(**modifs) -> DonneesDemande:
    base = {
        "profil": "medecin_generaliste",
        "prenom": "Paul",
        "nom": "Lefèvre",
        "email": "paul@exemple.test",
        "type_projet": "installation",
        "besoins": [BesoinSaisi(type="logement", precision="T3"), BesoinSaisi(type="compagnonnage")],
    }
    base.update(modifs)
    return DonneesDemande(**base)


def test_demande_creer_instancie_le_parcours_selon_le_profil(django_capture_on_commit_callbacks):
    ModeleEtapeFactory(titre="CDOM", ordre=2, delai_jours=30)
    ModeleEtapeFactory(titre="CPAM", ordre=1, delai_jours=None)
    ModeleEtapeFactory(titre="Inactive", inactif=True)
    ModeleEtapeFactory(titre="Remplacement", type_projet="remplacement")
    ModeleEtapeFactory(titre="Convention de stage", etudiants=True, type_projet="installation")
    commune = CommuneFactory()
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        demande = demande_creer(donnees=_donnees(communes=[commune], universite="ignorée"))
    assert len(rappels) == 2
    etapes = list(demande.etapes.all())
    assert [e.titre for e in etapes] == ["CPAM", "CDOM"]
    assert etapes[0].echeance is None
    assert etapes[1].echeance == timezone.localdate(demande.recue_le) + timedelta(days=30)
    assert etapes[1].modele.titre == "CDOM"
    assert demande.universite == ""
    assert list(demande.communes.all()) == [commune]
    assert [(b.type, b.precision) for b in demande.besoins.all()] == [("logement", "T3"), ("compagnonnage", "")]
    assert demande.consentement_le and demande.evenements.get().type == TypeEvenement.CREATION
    assert sorted(Notification.objects.values_list("type", flat=True)) == sorted(
        [TypeNotification.ACCUSE_RECEPTION, TypeNotification.NOUVELLE_DEMANDE]
    )

    etudiant = demande_creer(donnees=_donnees(profil="interne", universite="Bordeaux", besoins=[]))
    assert [e.titre for e in etudiant.etapes.all()] == ["Convention de stage"]
    assert etudiant.universite == "Bordeaux"


def test_message_et_complement_ne_changent_pas_la_derniere_action_de_l_equipe():
    demande = DemandeFactory(recue_le=timezone.now() - timedelta(days=10))
    avant = demande.derniere_action_le
    message_demandeur_envoyer(demande=demande, corps="Bonjour")
    demande_ajouter_complement(demande=demande, texte="Précision")
    demande.refresh_from_db()
    assert demande.derniere_action_le == avant
    assert list(demande.evenements.values_list("type", flat=True)) == [
        TypeEvenement.MESSAGE_DEMANDEUR,
        TypeEvenement.COMPLEMENT,
    ]
    assert Notification.objects.filter(demande=demande, type=TypeNotification.MESSAGE_DEMANDEUR).count() == 2


def test_retrait_ferme_les_besoins_ouverts_et_respecte_les_transitions():
    demande = DemandeFactory(en_cours=True)
    ouvert = BesoinFactory(demande=demande, en_cours=True)
    resolu = BesoinFactory(demande=demande, resolu=True)
    demande_retirer(demande=demande, motif="Installé ailleurs")
    demande.refresh_from_db()
    ouvert.refresh_from_db()
    resolu.refresh_from_db()
    assert demande.statut == StatutDemande.RETIREE and demande.cloturee_le
    assert (ouvert.statut, resolu.statut) == (StatutBesoin.SANS_SUITE, StatutBesoin.RESOLU)
    retrait = demande.evenements.get(type=TypeEvenement.RETRAIT)
    assert (retrait.de, retrait.vers, retrait.commentaire) == ("en_cours", "retiree", "Installé ailleurs")
    assert demande.evenements.filter(type=TypeEvenement.STATUT_BESOIN, besoin=ouvert).count() == 1
    with pytest.raises(ActionImpossible):
        demande_retirer(demande=demande)
    with pytest.raises(ActionImpossible):
        message_demandeur_envoyer(demande=demande, corps="Encore moi")
    with pytest.raises(ActionImpossible):
        demande_retirer(demande=DemandeFactory(terminee=True))


def test_suppression_demandee_une_seule_fois():
    demande = DemandeFactory()
    demande_suppression_demander(demande=demande)
    premiere = Demande.objects.get(pk=demande.pk).suppression_demandee_le
    demande_suppression_demander(demande=demande)
    assert Demande.objects.get(pk=demande.pk).suppression_demandee_le == premiere
    assert demande.evenements.filter(type=TypeEvenement.SUPPRESSION_DEMANDEE).count() == 1
    with pytest.raises(ActionImpossible):
        demande_suppression_demander(demande=DemandeFactory(anonymisee=True))


def test_lien_acces_renvoyer_toutes_les_demandes_de_l_adresse_sans_rafale():
    a = DemandeFactory(email="Marie@Exemple.test")
    b = DemandeFactory(email="marie@exemple.test", terminee=True)
    DemandeFactory(email="marie@exemple.test", anonymisee=True)
    DemandeFactory(email="autre@exemple.test")
    assert lien_acces_renvoyer(email=" marie@exemple.test ") == 2
    assert set(Notification.objects.values_list("demande_id", flat=True)) == {a.pk, b.pk}
    assert lien_acces_renvoyer(email="marie@exemple.test") == 0  # asked again within 10 minutes
    Notification.objects.update(creee_le=timezone.now() - timedelta(minutes=11))
    assert lien_acces_renvoyer(email="marie@exemple.test") == 2
    assert lien_acces_renvoyer(email="inconnue@exemple.test") == 0
    assert lien_acces_renvoyer(email="") == 0
