"""The demo population of GPs (observatoire/demo.py) on the real open data of Lot-et-Garonne: as many per commune
as the BPE 2020 in the first snapshot, the Assurance Maladie 2024 figure in the last, an old pyramid, arrivals and
departures, MSP and centres de santé as the DITP counts them; always marked as demo; seeded; erasable."""

import io
import random
from collections import Counter

import pytest
from django.core.management import call_command

from observatoire import demo
from observatoire.enums import CategorieStructure, JeuDonnees, SourcePraticien
from observatoire.indicateurs import evolution_praticiens, tableau_de_bord
from observatoire.models import ImportDonnees, MedecinsCommune, Praticien, PresencePraticien, Structure
from observatoire.rpps import rpps_valide

pytestmark = pytest.mark.django_db


@pytest.fixture
def lot_et_garonne():
    sortie = io.StringIO()
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=sortie)
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=sortie)


def _generer(graine=1):
    sortie = io.StringIO()
    demo.generer(rng=random.Random(graine), departement="47", stdout=sortie)
    return sortie.getvalue()


def test_population_calee_sur_les_chiffres_reels(lot_et_garonne):
    sortie = _generer()

    instantanes = list(ImportDonnees.objects.filter(jeu=JeuDonnees.PRATICIENS_DEMO).order_by("date_publication"))
    assert [i.date_publication.year for i in instantanes] == [2022, 2023, 2024]
    premier = Counter(PresencePraticien.objects.filter(instantane=instantanes[0]).values_list("commune_id", flat=True))
    bpe = dict(MedecinsCommune.objects.filter(annee=2020, nombre__gt=0).values_list("commune_id", "nombre"))
    assert premier == bpe and sum(bpe.values()) == 240
    assert PresencePraticien.objects.filter(instantane=instantanes[-1]).count() == 193  # Assurance Maladie 2024
    assert "240 → 216 → 193" in sortie

    praticiens = Praticien.objects.all()
    assert {p.source for p in praticiens} == {SourcePraticien.DEMO}
    assert all(p.rpps.startswith("99") and rpps_valide(p.rpps) and p.nom.endswith("(démo)") for p in praticiens)
    assert praticiens.filter(maitre_de_stage=True).exists()
    assert praticiens.filter(date_depart__isnull=False, motif_depart="Retraite").exists()

    dep = tableau_de_bord("47", public=False).departement
    assert "démonstration" in dep.source_praticiens and "RPPS" in dep.source_praticiens  # « not RPPS data »
    assert dep.praticiens == 193 and 25 <= dep.part_60_ans_et_plus <= 45 and dep.arrivees > 0
    assert dep.solde == 193 - 216 and dep.medecins == 240  # BPE 2020 kept apart
    assert (dep.nb_msp, dep.nb_cds) == (16, 2)  # DITP 2023-12
    assert Structure.objects.filter(categorie=CategorieStructure.MSP, source=SourcePraticien.DEMO).count() == 16
    assert [p.effectif for p in evolution_praticiens("47")] == [240, 216, 193]


def test_meme_graine_meme_population_puis_effacement(lot_et_garonne):
    _generer(graine=7)
    premiere = list(Praticien.objects.order_by("rpps").values_list("rpps", "annee_naissance", "date_depart"))
    assert "déjà présents" in _generer(graine=7)  # not generated twice

    demo.effacer(stdout=io.StringIO())
    assert not Praticien.objects.exists() and not Structure.objects.exists()
    assert not ImportDonnees.objects.filter(jeu=JeuDonnees.PRATICIENS_DEMO).exists()
    assert not Praticien.history.exists()
    _generer(graine=7)
    assert list(Praticien.objects.order_by("rpps").values_list("rpps", "annee_naissance", "date_depart")) == premiere


def test_sans_donnees_bpe_rien_n_est_invente():
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=io.StringIO())
    assert "non générée" in _generer()
    assert not Praticien.objects.exists()
