"""Services of the hotline's case tracking (accompagnement/services/suivi.py)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from accompagnement.enums import (
    TRANSITIONS_BESOIN,
    TRANSITIONS_DEMANDE,
    StatutBesoin,
    StatutDemande,
    StatutEtape,
    TypeEvenement,
    TypeNotification,
)
from accompagnement.models import Evenement, Message, NoteInterne, Notification
from accompagnement.services.suivi import (
    ActionImpossible,
    TransitionInterdite,
    besoin_changer_statut,
    besoin_modifier,
    besoin_orienter,
    demande_attribuer,
    demande_changer_statut,
    document_partager,
    etape_modifier,
    message_hotline_envoyer,
    note_ajouter,
)
from tests.accompagnement.factories import (
    AgentFactory,
    BesoinFactory,
    DemandeFactory,
    EtapeFactory,
    PartenaireOrientationFactory,
)

pytestmark = pytest.mark.django_db

IL_Y_A_10_JOURS = timezone.now() - timedelta(days=10)

PAIRES_DEMANDE = [(de, vers) for de in StatutDemande for vers in StatutDemande if de != vers]
PAIRES_BESOIN = [
    (de, vers) for de in StatutBesoin for vers in StatutBesoin if de != vers and vers != StatutBesoin.ORIENTE
]


@pytest.mark.parametrize(("de", "vers"), PAIRES_DEMANDE)
def test_statut_de_la_demande_suit_la_table_des_transitions(de, vers, django_capture_on_commit_callbacks):
    agent = AgentFactory()
    demande = DemandeFactory(statut=de, derniere_action_le=IL_Y_A_10_JOURS)
    if vers in TRANSITIONS_DEMANDE[de]:
        with django_capture_on_commit_callbacks(execute=True):
            demande = demande_changer_statut(demande=demande, vers=vers, auteur=agent, commentaire="appel")
        demande.refresh_from_db()
        assert demande.statut == vers
        assert (demande.cloturee_le is not None) == (vers in StatutDemande.clos())
        assert demande.derniere_action_le > IL_Y_A_10_JOURS
        evenement = Evenement.objects.get(demande=demande)
        assert (evenement.type, evenement.de, evenement.vers, evenement.auteur) == (
            TypeEvenement.STATUT_DEMANDE,
            de,
            vers,
            agent,
        )
        attendu = 0 if vers == StatutDemande.RETIREE else 1
        assert Notification.objects.filter(demande=demande, type=TypeNotification.STATUT).count() == attendu
    else:
        with pytest.raises(TransitionInterdite, match="Passage impossible du statut"):
            demande_changer_statut(demande=demande, vers=vers, auteur=agent)
        demande.refresh_from_db()
        assert demande.statut == de
        assert not Evenement.objects.filter(demande=demande).exists()


def test_passer_en_cours_compte_comme_premiere_reponse_une_seule_fois():
    agent = AgentFactory()
    demande = DemandeFactory()
    demande_changer_statut(demande=demande, vers=StatutDemande.EN_COURS, auteur=agent)
    demande.refresh_from_db()
    premiere = demande.premiere_reponse_le
    assert premiere is not None
    demande_changer_statut(demande=demande, vers=StatutDemande.TERMINEE, auteur=agent)
    demande_changer_statut(demande=demande, vers=StatutDemande.EN_COURS, auteur=agent)
    demande.refresh_from_db()
    assert demande.premiere_reponse_le == premiere
    assert demande.cloturee_le is None


def test_le_message_d_erreur_d_une_transition_est_en_francais():
    demande = DemandeFactory(retiree=True)
    with pytest.raises(TransitionInterdite) as erreur:
        demande_changer_statut(demande=demande, vers=StatutDemande.EN_COURS, auteur=AgentFactory())
    assert str(erreur.value) == (
        "Passage impossible du statut « Retirée par le demandeur » au statut « En cours d’accompagnement »."
    )


@pytest.mark.parametrize(("de", "vers"), PAIRES_BESOIN)
def test_statut_d_un_besoin_suit_la_table_des_transitions(de, vers):
    agent = AgentFactory()
    besoin = BesoinFactory(statut=de, demande__derniere_action_le=IL_Y_A_10_JOURS)
    if vers in TRANSITIONS_BESOIN[de]:
        besoin = besoin_changer_statut(besoin=besoin, vers=vers, auteur=agent)
        besoin.refresh_from_db()
        assert besoin.statut == vers
        assert (besoin.resolu_le is not None) == (vers == StatutBesoin.RESOLU)
        evenement = Evenement.objects.get(besoin=besoin)
        assert (evenement.type, evenement.de, evenement.vers) == (TypeEvenement.STATUT_BESOIN, de, vers)
        besoin.demande.refresh_from_db()
        assert besoin.demande.derniere_action_le > IL_Y_A_10_JOURS
    else:
        with pytest.raises(TransitionInterdite):
            besoin_changer_statut(besoin=besoin, vers=vers, auteur=agent)
        besoin.refresh_from_db()
        assert besoin.statut == de


def test_orienter_passe_par_le_formulaire_d_orientation():
    with pytest.raises(ActionImpossible, match="choisissez le partenaire"):
        besoin_changer_statut(besoin=BesoinFactory(), vers=StatutBesoin.ORIENTE, auteur=AgentFactory())


def test_orientation_vers_un_partenaire():
    agent = AgentFactory()
    partenaire = PartenaireOrientationFactory(nom="Agence départementale du logement")
    besoin = BesoinFactory(logement=True, demande__derniere_action_le=IL_Y_A_10_JOURS)
    besoin_orienter(besoin=besoin, partenaire=partenaire, auteur=agent, commentaire="Contact pris")
    besoin.refresh_from_db()
    assert besoin.statut == StatutBesoin.ORIENTE
    assert besoin.partenaire == partenaire
    assert besoin.oriente_le is not None
    evenement = Evenement.objects.get(besoin=besoin)
    assert evenement.type == TypeEvenement.ORIENTATION
    assert evenement.vers == "Agence départementale du logement"
    assert evenement.auteur == agent
    assert Notification.objects.filter(demande=besoin.demande, type=TypeNotification.STATUT).exists()


def test_un_besoin_resolu_ne_peut_pas_etre_oriente():
    besoin = BesoinFactory(resolu=True)
    with pytest.raises(TransitionInterdite):
        besoin_orienter(besoin=besoin, partenaire=PartenaireOrientationFactory(), auteur=AgentFactory())
    besoin.refresh_from_db()
    assert besoin.statut == StatutBesoin.RESOLU and besoin.partenaire is None


def test_attribuer_la_demande():
    responsable, agent = AgentFactory(), AgentFactory(first_name="Inès", last_name="Martin")
    demande = DemandeFactory(derniere_action_le=IL_Y_A_10_JOURS)
    demande_attribuer(demande=demande, referent=agent, auteur=responsable)
    demande.refresh_from_db()
    assert demande.referent == agent
    assert demande.derniere_action_le > IL_Y_A_10_JOURS
    evenement = Evenement.objects.get(demande=demande)
    assert (evenement.type, evenement.vers, evenement.auteur) == (TypeEvenement.ASSIGNATION, "Inès Martin", responsable)
    # the same assignment again records nothing
    demande_attribuer(demande=demande, referent=agent, auteur=responsable)
    assert Evenement.objects.filter(demande=demande).count() == 1


def test_attribuer_a_un_compte_desactive_est_refuse():
    with pytest.raises(ActionImpossible):
        demande_attribuer(demande=DemandeFactory(), referent=AgentFactory(is_active=False), auteur=AgentFactory())


def test_message_de_la_hotline_envoye_apres_commit(django_capture_on_commit_callbacks):
    agent = AgentFactory(first_name="Inès", last_name="Martin")
    demande = DemandeFactory(prenom="Léa", email="lea.dupont@exemple.test", derniere_action_le=IL_Y_A_10_JOURS)
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        message = message_hotline_envoyer(demande=demande, auteur=agent, corps="  Bonjour, voici les aides.  ")
    assert mail.outbox == []  # nothing leaves before the commit
    assert len(rappels) == 1
    assert message.corps == "Bonjour, voici les aides." and not message.de_demandeur
    notification = Notification.objects.get(demande=demande)
    assert (notification.type, notification.message) == (TypeNotification.MESSAGE_HOTLINE, message)
    assert Evenement.objects.get(demande=demande).type == TypeEvenement.MESSAGE_HOTLINE
    demande.refresh_from_db()
    assert demande.premiere_reponse_le == message.cree_le
    assert demande.derniere_action_le > IL_Y_A_10_JOURS

    rappels[0]()  # the commit: the task sends the e-mail (eager Celery in tests)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lea.dupont@exemple.test"]
    assert "Bonjour, voici les aides." in mail.outbox[0].body
    assert "Inès Martin" in mail.outbox[0].body


def test_la_premiere_reponse_n_est_pas_deplacee_par_les_messages_suivants():
    agent = AgentFactory()
    demande = DemandeFactory()
    premier = message_hotline_envoyer(demande=demande, auteur=agent, corps="Un")
    message_hotline_envoyer(demande=demande, auteur=agent, corps="Deux")
    demande.refresh_from_db()
    assert demande.premiere_reponse_le == premier.cree_le
    assert Message.objects.filter(demande=demande).count() == 2


def test_message_vide_refuse():
    with pytest.raises(ActionImpossible, match="vide"):
        message_hotline_envoyer(demande=DemandeFactory(), auteur=AgentFactory(), corps="   ")


def test_note_interne_sans_texte_dans_la_chronologie():
    agent = AgentFactory()
    demande = DemandeFactory()
    note = note_ajouter(demande=demande, auteur=agent, corps="Rappeler lundi")
    assert NoteInterne.objects.get() == note
    evenement = Evenement.objects.get(demande=demande)
    assert evenement.type == TypeEvenement.NOTE and evenement.commentaire == ""
    assert not Notification.objects.exists()  # never sent to the requester


def test_document_partage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agent = AgentFactory()
    demande = DemandeFactory()
    document = document_partager(
        demande=demande, auteur=agent, titre="Liste des MSP", fichier=ContentFile(b"%PDF-1.4", name="msp.pdf")
    )
    assert document.fichier.read() == b"%PDF-1.4"
    assert Evenement.objects.get(demande=demande).type == TypeEvenement.DOCUMENT


def test_modifier_une_etape():
    agent = AgentFactory()
    etape = EtapeFactory(demande__derniere_action_le=IL_Y_A_10_JOURS)
    etape_modifier(etape=etape, auteur=agent, statut=StatutEtape.FAIT, echeance=date(2027, 1, 15))
    etape.refresh_from_db()
    assert etape.statut == StatutEtape.FAIT and etape.faite_le is not None
    assert etape.echeance == date(2027, 1, 15)
    evenement = Evenement.objects.get(demande=etape.demande)
    assert evenement.type == TypeEvenement.ETAPE and evenement.vers.endswith("Fait")
    etape.demande.refresh_from_db()
    assert etape.demande.derniere_action_le > IL_Y_A_10_JOURS
    # unchanged: nothing recorded
    etape_modifier(etape=etape, auteur=agent, statut=StatutEtape.FAIT, echeance=date(2027, 1, 15))
    assert Evenement.objects.filter(demande=etape.demande).count() == 1


def test_modifier_le_charge_et_l_echeance_d_un_besoin():
    agent, nouveau = AgentFactory(), AgentFactory(first_name="Paul", last_name="Roux")
    besoin = BesoinFactory()
    besoin_modifier(besoin=besoin, auteur=agent, agent=nouveau, echeance=date(2027, 3, 1))
    besoin.refresh_from_db()
    assert besoin.agent == nouveau and besoin.echeance == date(2027, 3, 1)
    types = sorted(Evenement.objects.filter(besoin=besoin).values_list("type", flat=True))
    assert types == [TypeEvenement.ASSIGNATION, TypeEvenement.ETAPE]


def test_une_demande_anonymisee_n_est_plus_modifiable():
    demande = DemandeFactory(anonymisee=True)
    with pytest.raises(ActionImpossible, match="anonymisée"):
        message_hotline_envoyer(demande=demande, auteur=AgentFactory(), corps="Bonjour")
    with pytest.raises(ActionImpossible):
        demande_changer_statut(demande=demande, vers=StatutDemande.EN_COURS, auteur=AgentFactory())
