"""The demo generator: about 130 realistic, clearly synthetic requests, deterministic for a seed."""

import io
import random
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accompagnement import demo
from accompagnement.enums import ProfilDemandeur, StatutBesoin, StatutDemande, TypeEvenement
from accompagnement.models import Besoin, Demande, Etape, Evenement, Message, ModeleEtape
from tests.accompagnement.factories_backoffice import CHARGE, groupe
from tests.observatoire.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def _generer(graine="47-2026"):
    sortie = io.StringIO()
    demo.generer(rng=random.Random(graine), departement="47", stdout=sortie)
    return sortie.getvalue()


def test_demo_proportions_statuts_et_donnees_fictives(django_assert_max_num_queries):
    for _ in range(5):
        CommuneFactory()
    groupe(CHARGE)  # as after `migrate`, even if a transactional test flushed the reused database
    # bulk inserts: does not grow with the number of rows (about ten of them give the demo Responsable its
    # second factor, accompagnement/securite/comptes_demo.py)
    with django_assert_max_num_queries(90):
        sortie = _generer()
    assert "130 demandes fictives" in sortie

    demandes = list(Demande.objects.all())
    assert len(demandes) == demo.NOMBRE_DEMANDES
    assert all(d.email.endswith("@demo.invalid") for d in demandes)
    maintenant = timezone.now()
    assert all(maintenant - timedelta(days=366) <= d.recue_le <= maintenant for d in demandes)

    profils = Counter(d.profil for d in demandes)
    etudiants = sum(profils[p] for p in ProfilDemandeur.etudiants())
    medecins = profils[ProfilDemandeur.MEDECIN_GENERALISTE] + profils[ProfilDemandeur.MEDECIN_SPECIALISTE]
    assert 0.15 <= etudiants / len(demandes) <= 0.35
    assert 0.35 <= medecins / len(demandes) <= 0.6

    anciennes = [d for d in demandes if maintenant - d.recue_le > timedelta(days=150)]
    assert sum(d.statut in StatutDemande.clos() for d in anciennes) / len(anciennes) > 0.7
    recentes = [d for d in demandes if maintenant - d.recue_le < timedelta(days=3)]
    assert all(d.statut in StatutDemande.ouverts() for d in recentes)

    for d in demandes:
        if d.premiere_reponse_le:
            assert d.referent is not None and d.premiere_reponse_le >= d.recue_le
            assert d.referent.last_name.endswith("(démo)")
    delais = [(d.premiere_reponse_le - d.recue_le).days for d in demandes if d.premiere_reponse_le]
    assert sum(j <= 5 for j in delais) / len(delais) > 0.85 and max(delais) > 5  # some are late

    nb_besoins = Counter(Besoin.objects.values_list("demande_id", flat=True))
    assert all(1 <= nb_besoins[d.pk] <= 4 for d in demandes)
    assert Besoin.objects.filter(statut=StatutBesoin.RESOLU).exists()
    assert Besoin.objects.filter(statut=StatutBesoin.NOUVEAU, demande__statut=StatutDemande.NOUVELLE).exists()
    assert Evenement.objects.filter(type=TypeEvenement.CREATION).count() == len(demandes)
    assert Message.objects.filter(de_demandeur=True).exists() and Message.objects.filter(de_demandeur=False).exists()
    assert Etape.objects.exists() and ModeleEtape.objects.filter(titre__contains="Ordre des médecins").exists()
    agents = get_user_model().objects.filter(username__startswith=demo.PREFIXE_AGENT)
    assert agents.count() == 4 and all(a.is_staff and a.groups.exists() for a in agents)
    assert all(a.has_perm("accompagnement.view_demande") for a in agents)  # groups with their permissions
    assert all(hasattr(a, "profil_agent") for a in agents)


def test_demo_deterministe_idempotente_et_effacable():
    _generer()
    premieres = list(Demande.objects.order_by("reference").values_list("reference", "profil", "statut"))
    assert "déjà présentes" in _generer()
    assert Demande.objects.count() == demo.NOMBRE_DEMANDES
    demo.effacer(stdout=io.StringIO())
    assert not Demande.objects.exists()
    _generer()
    assert list(Demande.objects.order_by("reference").values_list("reference", "profil", "statut")) == premieres
