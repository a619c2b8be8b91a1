"""Demo offers: the seeds' numbers for 47 on real communes (46 internship places with supervisors, 44 housing
solutions, replacements and posts), a neutral set elsewhere, fictitious contacts, valid rows, erasable."""

import io
import random

import pytest

from remplacements import demo
from remplacements.enums import StatutOffre, TypeOffre
from remplacements.models import Offre
from tests.observatoire.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_demo_47_dans_les_nombres_des_semences_et_effacable():
    CommuneFactory(agen=True)
    CommuneFactory.create_batch(5)
    demo.generer(rng=random.Random(1), departement="47", stdout=io.StringIO())
    assert Offre.objects.filter(type=TypeOffre.STAGE).exclude(maitre_de_stage="").count() == 46
    assert Offre.objects.filter(type=TypeOffre.LOGEMENT).count() == 44
    assert Offre.objects.filter(type__in=[TypeOffre.REMPLACEMENT, TypeOffre.POSTE]).count() >= 24
    assert Offre.objects.filter(statut=StatutOffre.EN_ATTENTE).exists()
    assert Offre.objects.publiees().count() > 100
    for offre in Offre.objects.all():
        offre.full_clean()
        assert offre.email_proprietaire.endswith("@demo.invalid")
        assert offre.commune.departement.code == "47"
    assert all(
        "fictif" in m for m in Offre.objects.filter(type=TypeOffre.STAGE).values_list("maitre_de_stage", flat=True)
    )
    demo.effacer(stdout=io.StringIO())
    assert not Offre.objects.exists()


def test_demo_neutre_pour_le_63():
    CommuneFactory.create_batch(4, puy_de_dome=True)
    demo.generer(rng=random.Random(2), departement="63", stdout=io.StringIO())
    assert Offre.objects.count() == 47
    assert Offre.objects.filter(contact_nom__startswith="Centre de santé départemental").exists()
