"""Activity figures on a known data set, working days, workload."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from accompagnement.enums import ProfilDemandeur, StatutBesoin, StatutDemande, TypeProjet
from accompagnement.selectors.backoffice import (
    charge_de_travail,
    demande_en_retard,
    limite_reception_en_retard,
)
from accompagnement.selectors.espace import date_cible_premiere_reponse
from accompagnement.selectors.statistiques import activite, periode_par_defaut
from partenaires.enums import TypeBesoin
from tests.accompagnement.factories import AgentFactory, BesoinFactory, DemandeFactory, PartenaireOrientationFactory
from tests.accompagnement.factories_backoffice import CHARGE, membre
from tests.observatoire.factories import CommuneFactory, EPCIFactory

pytestmark = pytest.mark.django_db


def _le(annee, mois, jour, heure=10):
    return timezone.make_aware(datetime(annee, mois, jour, heure))


@pytest.fixture
def jeu_connu():
    """Five cases received January–March 2025, one outside the period."""
    albret = EPCIFactory(nom="Albret Communauté")
    agen = EPCIFactory(nom="Agglomération d’Agen")
    nerac = CommuneFactory(epci=albret)
    logement = PartenaireOrientationFactory(nom="Habitat 47")
    d1 = DemandeFactory(
        recue_le=_le(2025, 1, 6),
        premiere_reponse_le=_le(2025, 1, 7),
        statut=StatutDemande.TERMINEE,
        cloturee_le=_le(2025, 1, 16),
        epcis=[albret],
        communes=[nerac],  # the same EPCI twice: counted once
    )
    d2 = DemandeFactory(
        recue_le=_le(2025, 1, 20),
        premiere_reponse_le=_le(2025, 1, 22),
        statut=StatutDemande.TERMINEE,
        cloturee_le=_le(2025, 2, 19),
        profil=ProfilDemandeur.INTERNE,
        type_projet=TypeProjet.STAGE,
        epcis=[agen],
    )
    d3 = DemandeFactory(
        recue_le=_le(2025, 3, 3),
        premiere_reponse_le=_le(2025, 3, 7),
        statut=StatutDemande.EN_COURS,
        profil=ProfilDemandeur.INTERNE,
        type_projet=TypeProjet.STAGE,
        communes=[nerac],
    )
    DemandeFactory(recue_le=_le(2025, 3, 20), profil=ProfilDemandeur.REMPLACANT, type_projet=TypeProjet.REMPLACEMENT)
    DemandeFactory(recue_le=_le(2025, 3, 31, 12))
    hors_periode = DemandeFactory(recue_le=_le(2025, 4, 2), premiere_reponse_le=_le(2025, 4, 30))
    BesoinFactory(demande=d1, type=TypeBesoin.LOGEMENT, statut=StatutBesoin.RESOLU, partenaire=logement)
    BesoinFactory(demande=d1, type=TypeBesoin.AIDES_FINANCIERES, statut=StatutBesoin.RESOLU)
    BesoinFactory(demande=d2, type=TypeBesoin.LOGEMENT, statut=StatutBesoin.ORIENTE, partenaire=logement)
    BesoinFactory(demande=d3, type=TypeBesoin.TERRAIN_STAGE, statut=StatutBesoin.EN_COURS)
    BesoinFactory(demande=hors_periode, type=TypeBesoin.LOGEMENT, statut=StatutBesoin.RESOLU, partenaire=logement)


def _tableau(resultat, titre):
    return next(t for t in resultat.tableaux if t.titre == titre)


def test_activite_sur_un_jeu_connu(jeu_connu):
    resultat = activite(date(2025, 1, 1), date(2025, 3, 31))
    assert resultat.demandes == 5
    assert resultat.besoins == 4 and resultat.besoins_resolus == 2
    assert resultat.part_besoins_resolus == pytest.approx(50.0)
    # first answers after 1, 2 and 4 days → median 2; « terminée » after 10 and 30 days → median 20
    assert resultat.mediane_premiere_reponse_jours == pytest.approx(2.0)
    assert resultat.mediane_resolution_jours == pytest.approx(20.0)
    assert _tableau(resultat, "Demandes reçues par mois").lignes == [
        ["janvier 2025", 2],
        ["février 2025", 0],
        ["mars 2025", 3],
    ]
    profils = {ligne[0]: ligne[1:] for ligne in _tableau(resultat, "Demandes par profil").lignes}
    assert profils["Médecin généraliste"] == [2, "40,0 %"]
    assert profils["Interne"] == [2, "40,0 %"]
    assert profils["Médecin remplaçant·e"] == [1, "20,0 %"]
    assert profils["Docteur junior"] == [0, "0,0 %"]
    projets = {ligne[0]: ligne[1] for ligne in _tableau(resultat, "Demandes par type de projet").lignes}
    assert projets == {
        "Installation": 2,
        "Remplacement": 1,
        "Stage ou internat": 2,
        "Poste salarié": 0,
        "Découverte du territoire": 0,
    }
    besoins = {ligne[0]: ligne[1:] for ligne in _tableau(resultat, "Besoins par type").lignes}
    assert besoins["Logement"] == [2, 1, "50,0 %", 2]
    assert besoins["Aides financières"] == [1, 1, "100,0 %", 0]
    assert besoins["Terrain de stage"] == [1, 0, "0,0 %", 0]
    assert _tableau(resultat, "Demandes par intercommunalité souhaitée").lignes == [
        ["Albret Communauté", 2],
        ["Agglomération d’Agen", 1],
    ]
    assert _tableau(resultat, "Orientations par partenaire").lignes == [["Habitat 47", 2, 1]]
    synthese = dict(resultat.synthese().lignes)
    assert synthese["Demandes reçues"] == 5
    assert synthese["Délai médian de première réponse (jours)"] == "2,0"


def test_activite_sans_donnees():
    resultat = activite(date(2020, 1, 1), date(2020, 2, 15))
    assert resultat.demandes == 0 and resultat.part_besoins_resolus is None
    assert resultat.mediane_premiere_reponse_jours is None
    assert _tableau(resultat, "Demandes reçues par mois").lignes == [["janvier 2020", 0], ["février 2020", 0]]


@pytest.mark.parametrize("nombre", [3, 60])
def test_activite_en_un_nombre_fixe_de_requetes(nombre, django_assert_max_num_queries):
    epci = EPCIFactory()
    for i in range(nombre):
        demande = DemandeFactory(recue_le=_le(2025, 1 + i % 3, 10), premiere_reponse_le=_le(2025, 4, 1), epcis=[epci])
        BesoinFactory(demande=demande, partenaire=PartenaireOrientationFactory(), statut=StatutBesoin.ORIENTE)
    with django_assert_max_num_queries(5):  # cases grouped, medians, needs grouped, EPCIs, partners' names
        resultat = activite(date(2025, 1, 1), date(2025, 12, 31))
    assert resultat.demandes == nombre


def test_periode_par_defaut_douze_mois():
    assert periode_par_defaut(date(2026, 11, 24)) == (date(2025, 12, 1), date(2026, 11, 24))
    assert periode_par_defaut(date(2026, 1, 5)) == (date(2025, 2, 1), date(2026, 1, 5))


def test_date_cible_du_demandeur_et_retard_du_back_office_concordent_autour_d_un_ferie():
    """Received on Wednesday 13 May 2026, the day before Ascension, with 2 working days: the requester is
    promised Monday 18 (Thursday 14 is off); the back office marks the case late from Tuesday 19, not before."""
    recue = DemandeFactory(recue_le=_le(2026, 5, 13, 15))
    cible = date_cible_premiere_reponse(recue.recue_le, 2)
    assert cible == date(2026, 5, 18)
    for jour in (date(2026, 5, 14), date(2026, 5, 15), date(2026, 5, 17), cible):
        assert not demande_en_retard(recue, 2, aujourdhui=jour)
        assert limite_reception_en_retard(2, aujourdhui=jour) <= recue.recue_le
    lendemain = date(2026, 5, 19)
    assert demande_en_retard(recue, 2, aujourdhui=lendemain)
    assert limite_reception_en_retard(2, aujourdhui=lendemain) > recue.recue_le


def test_retard_de_premiere_reponse_en_jours_ouvres():
    lundi = date(2026, 11, 23)
    recue = DemandeFactory(recue_le=_le(2026, 11, 23, 9))
    assert not demande_en_retard(recue, 2, aujourdhui=lundi + timedelta(days=2))  # Wednesday
    assert demande_en_retard(recue, 2, aujourdhui=lundi + timedelta(days=3))  # Thursday
    # the database filter draws the same line
    assert limite_reception_en_retard(2, aujourdhui=lundi + timedelta(days=2)) <= recue.recue_le
    assert limite_reception_en_retard(2, aujourdhui=lundi + timedelta(days=3)) > recue.recue_le
    # Friday → the following Tuesday is only 2 working days later
    vendredi = DemandeFactory(recue_le=_le(2026, 11, 20, 17))
    assert not demande_en_retard(vendredi, 2, aujourdhui=date(2026, 11, 24))
    repondue = DemandeFactory(recue_le=_le(2026, 1, 5), premiere_reponse_le=_le(2026, 2, 5))
    assert not demande_en_retard(repondue, 2, aujourdhui=lundi)


def test_charge_de_travail():
    agent = membre(CHARGE, first_name="Inès", last_name="Martin")
    autre = AgentFactory()  # staff without permission and nothing assigned: not listed
    vieille = timezone.now() - timedelta(days=30)
    DemandeFactory(referent=agent, statut=StatutDemande.EN_COURS, premiere_reponse_le=vieille, recue_le=vieille)
    DemandeFactory(referent=agent, recue_le=vieille)  # late first answer
    DemandeFactory(referent=agent, terminee=True)  # closed: not counted
    DemandeFactory(recue_le=vieille)  # unassigned and late
    DemandeFactory()  # unassigned, received now
    ouverte = DemandeFactory(referent=agent, statut=StatutDemande.EN_COURS, premiere_reponse_le=vieille)
    BesoinFactory(demande=ouverte, agent=agent, en_retard=True)
    BesoinFactory(demande=ouverte, agent=agent, statut=StatutBesoin.EN_COURS)
    BesoinFactory(demande=ouverte, agent=agent, resolu=True)
    BesoinFactory(demande=ouverte)  # nobody
    charge = charge_de_travail()
    lignes = {ligne.agent: ligne for ligne in charge.agents}
    assert autre not in lignes
    ligne = lignes[agent]
    assert (
        ligne.demandes_ouvertes,
        ligne.besoins_ouverts,
        ligne.besoins_en_retard,
        ligne.premieres_reponses_en_retard,
    ) == (3, 2, 1, 1)
    assert (charge.demandes_non_attribuees, charge.demandes_non_attribuees_en_retard) == (2, 1)
    assert charge.besoins_non_attribues == 1


def test_la_mediane_calculee_en_python_donne_la_meme_chose(jeu_connu, monkeypatch):
    """Without PostgreSQL (SQLite: `make run` with no environment) the medians are computed in Python."""
    from accompagnement.selectors import statistiques

    en_base = activite(date(2025, 1, 1), date(2025, 3, 31))
    monkeypatch.setattr(statistiques.connection, "vendor", "sqlite")
    en_python = activite(date(2025, 1, 1), date(2025, 3, 31))
    assert en_python.mediane_premiere_reponse_jours == pytest.approx(en_base.mediane_premiere_reponse_jours)
    assert en_python.mediane_resolution_jours == pytest.approx(20.0)
