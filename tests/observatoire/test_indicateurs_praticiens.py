"""Practitioner indicators of tableau_de_bord and evolution_praticiens on factory data: counts, density with the
population of the matching year, ages, arrivals and departures between two snapshots (a move between communes
counts in each commune, not in the département), MSP/CDS open at the date, the public secrecy rule, the source
label (RPPS or demo, never mixed) and a number of queries independent of the number of practitioners."""

import datetime

import pytest

from observatoire.enums import CategorieStructure
from observatoire.indicateurs import evolution_praticiens, tableau_de_bord
from tests.observatoire.factories import CommuneFactory, DepartementFactory, EPCIFactory, PopulationHistoriqueFactory
from tests.observatoire.factories_praticiens import (
    InstantanePraticiensFactory,
    PraticienFactory,
    PresencePraticienFactory,
    StructureFactory,
)

pytestmark = pytest.mark.django_db
AVANT, APRES = datetime.date(2024, 6, 1), datetime.date(2025, 6, 1)
NB_REQUETES = 11


@pytest.fixture
def territoire():
    departement = DepartementFactory()
    epci = EPCIFactory(siren="200000001")
    c1 = CommuneFactory(departement=departement, epci=epci, code_insee="47101", nom="Aubiac", population=99)
    c2 = CommuneFactory(departement=departement, epci=epci, code_insee="47102", nom="Bajamont", population=99)
    c3 = CommuneFactory(departement=departement, epci=None, code_insee="47103", nom="Cuq", population=99)
    for commune, population in ((c1, 10_000), (c2, 2_000), (c3, 500)):
        PopulationHistoriqueFactory(commune=commune, annee=2024, population=population)
        PopulationHistoriqueFactory(commune=commune, annee=2020, population=population * 2)
    return c1, c2, c3


@pytest.fixture
def deux_extraits(territoire):
    c1, c2, c3 = territoire
    s0 = InstantanePraticiensFactory(date_publication=AVANT)
    s1 = InstantanePraticiensFactory(date_publication=APRES)
    naissances = [1960, 1962, 1970, 1980, 1990, 1950, 1964, None, 1995]
    p = [PraticienFactory(annee_naissance=a) for a in naissances]  # p[0]…p[8] are p1…p9
    for i in range(6):
        PresencePraticienFactory(instantane=s0, praticien=p[i], commune=c1)
    PresencePraticienFactory(instantane=s0, praticien=p[6], commune=c2)
    PresencePraticienFactory(instantane=s0, praticien=p[7], commune=c3)
    for i in range(5):
        PresencePraticienFactory(instantane=s1, praticien=p[i], commune=c1)
    PresencePraticienFactory(instantane=s1, praticien=p[6], commune=c1)  # moved from c2 to c1
    PresencePraticienFactory(instantane=s1, praticien=p[8], commune=c2)  # arrived
    PresencePraticienFactory(instantane=s1, praticien=p[7], commune=c3)
    StructureFactory(commune=c1)
    StructureFactory(commune=c2, date_fermeture=datetime.date(2024, 1, 1))
    StructureFactory(commune=c3, categorie=CategorieStructure.CENTRE_SANTE, date_ouverture=datetime.date(2026, 1, 1))
    return s0, s1


def _par_code(tableau):
    return {i.code: i for i in [tableau.departement, *tableau.epcis, *tableau.communes]}


def test_effectifs_densite_ages_et_mouvements(deux_extraits):
    indic = _par_code(tableau_de_bord("47", public=False, date=APRES))
    dep, epci, c1, c2, c3 = indic["47"], indic["200000001"], indic["47101"], indic["47102"], indic["47103"]

    assert (dep.praticiens, epci.praticiens, c1.praticiens, c2.praticiens, c3.praticiens) == (8, 7, 6, 1, 1)
    assert dep.annee_population_praticiens == 2024  # the latest population year on or before 2025
    assert dep.densite_praticiens == round(8 * 10_000 / 12_500, 1) and c1.densite_praticiens == 6.0
    assert (c1.part_60_ans_et_plus, c1.age_median) == (50.0, 58.0)  # ages 65 63 55 45 35 61
    assert (dep.part_60_ans_et_plus, dep.age_median) == (42.9, 55.0)  # + 30 (birth year of p8 unknown)
    assert c3.age_median is None and not c3.masque_ages
    assert (dep.arrivees, dep.departs, dep.solde) == (1, 1, 0)  # p9 arrived, p6 left; p7 moved inside
    assert (epci.arrivees, epci.departs) == (1, 1)
    assert (c1.arrivees, c1.departs, c2.arrivees, c2.departs, c3.solde) == (1, 1, 1, 1, 0)
    assert (dep.debut_periode, dep.fin_periode, dep.date_praticiens) == (AVANT, APRES, APRES)
    assert (dep.nb_msp, dep.nb_cds, c1.nb_msp, c2.nb_msp, c3.nb_cds) == (1, 0, 1, 0, 0)
    assert dep.source_praticiens == "Annuaire Santé (RPPS), extrait du 01/06/2025"
    assert dep.medecins is None  # the BPE count stays its own field, never filled from practitioners


def test_a_une_date_passee_et_sur_une_periode(deux_extraits):
    indic = _par_code(tableau_de_bord("47", public=False, date=datetime.date(2024, 12, 31)))
    assert indic["47"].praticiens == 8 and indic["47101"].praticiens == 6
    assert indic["47"].arrivees is None and indic["47"].departs is None  # no snapshot before the first
    assert indic["47"].annee_population_praticiens == 2024

    periode = _par_code(tableau_de_bord("47", public=False, debut=AVANT, fin=APRES))["47"]
    assert (periode.arrivees, periode.departs, periode.praticiens) == (1, 1, 8)
    assert tableau_de_bord("47", date=datetime.date(2020, 1, 1)).departement.praticiens is None


def test_secret_des_petits_effectifs_au_public(deux_extraits):
    public = _par_code(tableau_de_bord("47", date=APRES))
    equipe = _par_code(tableau_de_bord("47", public=False, date=APRES))

    assert public["47102"].departs is None and public["47102"].solde is None and public["47102"].masque_departs
    assert equipe["47102"].departs == 1 and not equipe["47102"].masque_departs
    assert public["47102"].arrivees == 1 and public["47102"].praticiens == 1
    assert public["47102"].age_median is None and public["47102"].masque_ages  # 1 birth year known
    assert equipe["47102"].age_median == 30.0
    assert public["47101"].age_median == 58.0 and public["47101"].departs == 1  # 6 practitioners: shown
    assert public["47"].departs == 1


def test_demonstration_seulement_sans_extrait_rpps(territoire):
    c1, *_ = territoire
    demo = InstantanePraticiensFactory(demo=True, date_publication=APRES)
    PresencePraticienFactory(instantane=demo, commune=c1)
    assert "démonstration" in tableau_de_bord("47").departement.source_praticiens

    StructureFactory(commune=c1, source="demo")
    assert tableau_de_bord("47").departement.nb_msp == 1
    StructureFactory(commune=c1)
    StructureFactory(commune=c1)
    assert tableau_de_bord("47").departement.nb_msp == 2  # the FINESS ones, not the demo one

    rpps = InstantanePraticiensFactory(date_publication=AVANT)
    PresencePraticienFactory(instantane=rpps, commune=c1)
    PresencePraticienFactory(instantane=rpps, commune=c1)
    dep = tableau_de_bord("47").departement
    assert dep.source_praticiens.startswith("Annuaire Santé (RPPS)") and dep.praticiens == 2  # never mixed


def test_sans_praticiens_les_champs_restent_vides(territoire):
    dep = tableau_de_bord("47").departement
    assert dep.praticiens is None and dep.source_praticiens == "" and dep.nb_msp is None


def test_evolution_par_annee(deux_extraits):
    s2 = InstantanePraticiensFactory(date_publication=datetime.date(2025, 12, 1))  # the last one of 2025
    premier = tableau_de_bord("47", public=False).departement
    assert premier.praticiens == 0 and premier.departs == 8
    assert evolution_praticiens("47", public=False) == [(2024, 8, None, None), (2025, 0, 0, 8)]
    PresencePraticienFactory(instantane=s2, commune_id=deux_extraits[1].presences.first().commune_id)
    assert evolution_praticiens("47", epci="200000001", public=False)[1].effectif in (0, 1)
    s2.delete()
    assert evolution_praticiens("47", public=False) == [(2024, 8, None, None), (2025, 8, 1, 1)]
    assert evolution_praticiens("47", epci="200000001") == [(2024, 7, None, None), (2025, 7, 1, 1)]


def _peupler(territoire, n):
    c1, c2, c3 = territoire
    s0 = InstantanePraticiensFactory(date_publication=AVANT)
    s1 = InstantanePraticiensFactory(date_publication=APRES)
    for i in range(n):
        praticien = PraticienFactory(annee_naissance=1950 + i % 40)
        commune = (c1, c2, c3)[i % 3]
        PresencePraticienFactory(instantane=s0, praticien=praticien, commune=commune)
        if i % 10:
            PresencePraticienFactory(instantane=s1, praticien=praticien, commune=commune)
    StructureFactory(commune=c1)


@pytest.mark.parametrize("nombre", [20, 2_000])
def test_nombre_de_requetes_fixe(territoire, nombre, django_assert_num_queries):
    _peupler(territoire, nombre)
    with django_assert_num_queries(NB_REQUETES):
        tableau = tableau_de_bord("47")
    assert tableau.departement.praticiens == nombre - nombre // 10
    with django_assert_num_queries(2):
        points = evolution_praticiens("47")
    assert points[-1].departs == nombre // 10
