"""observatoire.indicateurs.tableau_de_bord: the figures of the département, its EPCIs and communes from the
real open data (shipped extract, same figures as ../shared/data), the public suppression of small counts and
a fixed number of queries on small and large data."""

import io

import pytest
from django.core.management import call_command

from observatoire.indicateurs import tableau_de_bord
from observatoire.models import APLCommune, MedecinsCommune
from tests.observatoire.factories import CommuneFactory, DepartementFactory, EPCIFactory

pytestmark = pytest.mark.django_db
NB_REQUETES = 9  # 11 once practitioners are imported (tests/observatoire/test_indicateurs_praticiens.py)


@pytest.fixture
def lot_et_garonne():
    sortie = io.StringIO()
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=sortie)
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=sortie)


def test_chiffres_du_departement(lot_et_garonne):
    tableau = tableau_de_bord("47", public=False)

    dep = tableau.departement
    assert dep.nom == "Lot-et-Garonne" and dep.nb_communes == 319
    assert dep.population_sous_2_5 == 93_507  # DREES APL 2023 (data README)
    assert (round(dep.apl, 2), round(dep.apl_avant, 2)) == (3.03, 3.06)  # standardised means (data README)
    assert dep.medecins == 240  # BPE 2020
    assert dep.population_2020 == sum(APLCommune.objects.filter(annee=2022).values_list("population", flat=True))
    assert dep.densite == round(240 * 10_000 / dep.population_2020, 1)
    assert dep.communes_sans_medecin == MedecinsCommune.objects.filter(nombre=0).count() > 0
    sous_4 = sum(APLCommune.objects.filter(annee=2023, apl__lt=4).values_list("population", flat=True))
    assert dep.population_sous_4 == sous_4 > dep.population_sous_2_5
    assert dep.communes_frr == 232 + 18 + 1 and dep.nb_qpv == 7
    references = {r.libelle: r for r in tableau.references}
    medecins = references["Médecins généralistes libéraux pour 100 000 habitants"]
    assert (medecins.departement, medecins.france, medecins.annee) == (58.1, 81.0, "2024")
    assert references["Médecins généralistes libéraux (effectif)"].departement == 193
    assert "Assurance Maladie" in medecins.source
    assert {"apl", "medecins_commune", "frr", "qpv"} <= set(tableau.sources)


def test_chiffres_d_une_commune_et_d_un_epci(lot_et_garonne):
    tableau = tableau_de_bord("47", public=False)

    agen = next(c for c in tableau.communes if c.code == "47001")
    assert (agen.apl, agen.apl_avant, agen.evolution_apl) == (4.258, 4.466, -0.208)
    assert agen.medecins == 43 and agen.nb_qpv == 3 and agen.classement_frr == "non_classee"
    assert agen.habitants_par_medecin == round(agen.population_2020 / 43)
    agglo = next(e for e in tableau.epcis if e.code == "200096956")
    assert agglo.nb_communes == 44
    assert agglo.medecins == sum(c.medecins for c in tableau.communes if c.code in _membres("200096956"))
    assert len(tableau.epcis) == 12
    assert tableau.epcis[0].code == "200096956"  # the most populated first


def _membres(siren):
    from observatoire.models import Commune

    return set(Commune.objects.filter(epci__siren=siren).values_list("code_insee", flat=True))


def test_petits_effectifs_masques_au_public(lot_et_garonne):
    public = {c.code: c for c in tableau_de_bord("47").communes}
    equipe = {c.code: c for c in tableau_de_bord("47", public=False).communes}

    petites = [code for code, c in equipe.items() if c.medecins is not None and 0 < c.medecins < 5]
    assert petites
    for code in petites:
        assert public[code].masque and public[code].medecins is None and public[code].densite is None
        assert public[code].habitants_par_medecin is None
        assert not equipe[code].masque
    sans = next(code for code, c in equipe.items() if c.medecins == 0)
    assert public[sans].medecins == 0 and not public[sans].masque  # « no GP » is shown
    assert public["47001"].medecins == 43


def test_nombre_de_requetes_fixe_petites_donnees(django_assert_num_queries):
    departement = DepartementFactory()
    CommuneFactory(departement=departement, epci=EPCIFactory())
    CommuneFactory(departement=departement, epci=None)

    with django_assert_num_queries(NB_REQUETES):
        tableau = tableau_de_bord("47")

    assert tableau.departement.nb_communes == 2 and not tableau.a_des_donnees


def test_nombre_de_requetes_fixe_grandes_donnees(lot_et_garonne, django_assert_num_queries):
    call_command("importer_territoire", "--departement", "63", "--extrait", stdout=io.StringIO())
    call_command("importer_observatoire", "--departement", "47", "63", "--extrait", stdout=io.StringIO())

    with django_assert_num_queries(NB_REQUETES):
        tableau = tableau_de_bord("63")

    assert tableau.departement.nb_communes == 463 and len(tableau.communes) == 463
