"""The factories build consistent rows (other test modules and the back-office tests rely on them)."""

import pytest

from accompagnement.enums import ProfilDemandeur, StatutBesoin, StatutDemande
from tests.accompagnement.factories import (
    BesoinFactory,
    DemandeFactory,
    DocumentFactory,
    EtapeFactory,
    EvenementFactory,
    JetonAccesFactory,
    MessageFactory,
    ModeleEtapeFactory,
    NotificationFactory,
)

pytestmark = pytest.mark.django_db


def test_demande_par_defaut_et_traits():
    demande = DemandeFactory(avec_besoins=3)
    assert demande.statut == StatutDemande.NOUVELLE
    assert len(demande.rpps) == 11 and demande.rpps.isdigit()
    assert demande.besoins.count() == 3
    assert len(set(demande.besoins.values_list("type", flat=True))) == 3

    etudiant = DemandeFactory(etudiant=True)
    assert etudiant.profil == ProfilDemandeur.INTERNE and etudiant.universite and not etudiant.rpps

    en_cours = DemandeFactory(en_cours=True)
    assert en_cours.referent.is_staff and en_cours.premiere_reponse_le > en_cours.recue_le


def test_besoin_oriente_message_evenement_et_autres(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    besoin = BesoinFactory(oriente=True, logement=True)
    assert besoin.statut == StatutBesoin.ORIENTE and besoin.partenaire.nom
    assert MessageFactory(de_hotline=True).auteur is not None
    assert MessageFactory().de_demandeur is True
    evenement = EvenementFactory(statut_besoin=True)
    assert evenement.besoin.demande_id == evenement.demande_id
    assert ModeleEtapeFactory(etudiants=True).pour_etudiants
    assert EtapeFactory().demande_id
    assert DocumentFactory().fichier.name.endswith(".pdf")
    assert NotificationFactory(envoyee=True).envoyee_le
    assert JetonAccesFactory(expire=True, jeton="abc").empreinte != "abc"
