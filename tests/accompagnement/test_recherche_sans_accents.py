# ruff: noqa: F811  (fixtures imported from factories_backoffice)
"""The back office's search ignores accents and case on every database: « Nguyen » finds « Nguyễn »,
« LEFÈVRE » finds « Lefèvre » (PostgreSQL: unaccent through an IMMUTABLE wrapper, served by trigram indexes;
SQLite: the same normalisation registered as a Python function)."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.urls import reverse

from accompagnement.models import Demande
from bienvenuedoc.utils.recherche import sans_accents
from tests.accompagnement.factories import DemandeFactory
from tests.accompagnement.factories_backoffice import client_de, responsable  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LISTE = reverse("admin:accompagnement_demande_changelist")


def test_sans_accents_en_python():
    assert sans_accents("Nguyễn Lefèvre Œuvre Ægir Straße") == "Nguyen Lefevre OEuvre AEgir Strasse"


@pytest.fixture
def demandes():
    return {
        "nguyen": DemandeFactory(prenom="Thi", nom="Nguyễn", email="t.n@exemple.test"),
        "lefevre": DemandeFactory(prenom="Anaïs", nom="Lefèvre", email="a.l@exemple.test"),
        "autre": DemandeFactory(prenom="Paul", nom="Martin", email="p.m@exemple.test"),
    }


@pytest.mark.parametrize(
    ("recherche", "attendue"),
    [
        ("Nguyen", "nguyen"),
        ("nguyễn", "nguyen"),
        ("NGUYEN", "nguyen"),
        ("LEFÈVRE", "lefevre"),
        ("lefevre", "lefevre"),
        ("Lefèvre", "lefevre"),
        ("anais", "lefevre"),  # the first name too
        ("ANAÏS lefevre", "lefevre"),  # every word must match
    ],
)
def test_la_recherche_du_back_office_ignore_accents_et_casse(client, responsable, demandes, recherche, attendue):
    client_de(client, responsable)
    reponse = client.get(LISTE, {"q": recherche})
    assert reponse.status_code == 200
    assert [d.pk for d in reponse.context["cl"].result_list] == [demandes[attendue].pk]


def test_la_recherche_par_reference_et_adresse_reste_exacte(client, responsable, demandes):
    client_de(client, responsable)
    reference = demandes["autre"].reference
    assert [d.pk for d in client.get(LISTE, {"q": reference.lower()}).context["cl"].result_list] == [
        demandes["autre"].pk
    ]
    assert [d.pk for d in client.get(LISTE, {"q": "A.L@EXEMPLE"}).context["cl"].result_list] == [demandes["lefevre"].pk]


def test_la_recherche_sans_accents_passe_par_les_index(rf, responsable):
    """PostgreSQL: with sequential scans ruled out, each branch of the search's OR is answered from an index
    on the very expression the search writes (migration 0014)."""
    if connection.vendor != "postgresql":
        pytest.skip("index PostgreSQL")
    DemandeFactory(nom="Nguyễn")
    requete = rf.get(LISTE, {"q": "nguyen"})
    requete.user = responsable
    resultats, _ = site._registry[Demande].get_search_results(requete, Demande.objects.order_by(), "nguyen")
    assert [d.nom for d in resultats] == ["Nguyễn"]
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL enable_seqscan = off")
        plan = resultats.explain()
    for index in ("demande_nom_sans_accents_trgm_idx", "demande_prenom_sans_accents_trgm_idx"):
        assert index in plan, plan
    assert "Seq Scan" not in plan
