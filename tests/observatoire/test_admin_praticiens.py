"""Back office of the practitioners and structures: search by RPPS number, name or commune, list filters, a staff
correction recorded in the history, the places inline, the presences read-only; lists in a bounded number of
queries."""

import datetime

import pytest
from django.urls import reverse

from observatoire.models import Praticien
from tests.observatoire.factories import CommuneFactory
from tests.observatoire.factories_praticiens import (
    LieuExerciceFactory,
    PraticienFactory,
    PresencePraticienFactory,
    StructureFactory,
)

pytestmark = pytest.mark.django_db
LISTE = reverse("admin:observatoire_praticien_changelist")


def _resultats(client, **params):
    return set(client.get(LISTE, params).context["cl"].result_list)


def test_recherche_et_filtres(admin_client):
    agen = CommuneFactory(agen=True)
    thiers = CommuneFactory(nom="Thiers", puy_de_dome=True)
    martin = PraticienFactory(nom="MARTIN")
    dupont = PraticienFactory(nom="DUPONT", date_depart=datetime.date(2025, 7, 7), maitre_de_stage=True)
    LieuExerciceFactory(praticien=martin, commune=agen)
    LieuExerciceFactory(praticien=dupont, commune=thiers)

    assert _resultats(admin_client, q=martin.rpps) == {martin}
    assert _resultats(admin_client, q="dupont") == {dupont}
    assert _resultats(admin_client, q="Agen") == {martin}
    assert _resultats(admin_client, departement="63") == {dupont}
    assert _resultats(admin_client, en_exercice="oui") == {martin}
    assert _resultats(admin_client, maitre_de_stage__exact="1") == {dupont}


def test_correction_par_l_equipe_historisee_avec_ses_lieux(admin_client):
    lieu = LieuExerciceFactory(commune=CommuneFactory(agen=True))
    praticien = lieu.praticien
    url = reverse("admin:observatoire_praticien_change", args=[praticien.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "Cabinet médical" in page.content.decode()

    donnees = {
        "rpps": praticien.rpps,
        "nom": praticien.nom,
        "prenom": praticien.prenom,
        "mode_exercice": "liberal",
        "annee_naissance": "1958",
        "date_installation": "",
        "date_depart": "2026-06-30",
        "motif_depart": "Retraite",
        "lieux-TOTAL_FORMS": "1",
        "lieux-INITIAL_FORMS": "1",
        "lieux-MIN_NUM_FORMS": "0",
        "lieux-MAX_NUM_FORMS": "1000",
        "lieux-0-id": str(lieu.pk),
        "lieux-0-praticien": str(praticien.pk),
        "lieux-0-commune": str(lieu.commune_id),
        "lieux-0-raison_sociale": "Cabinet médical",
        "lieux-0-adresse": lieu.adresse,
        "lieux-0-mode_exercice": "liberal",
        "lieux-0-date_debut": "",
        "lieux-0-date_fin": "2026-06-30",
    }
    reponse = admin_client.post(url, donnees)
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors if reponse.context else ""
    praticien.refresh_from_db()
    assert (praticien.annee_naissance, praticien.motif_depart) == (1958, "Retraite")
    assert praticien.history.count() == 2 and praticien.history.first().history_user is not None
    lieu.refresh_from_db()
    assert lieu.date_fin == datetime.date(2026, 6, 30)

    donnees["rpps"] = "10000000001"  # bad check digit
    reponse = admin_client.post(url, donnees)
    assert reponse.status_code == 200 and "clé de contrôle" in reponse.content.decode()
    historique = admin_client.get(reverse("admin:observatoire_praticien_history", args=[praticien.pk]))
    assert historique.status_code == 200


def test_structures_et_presences(admin_client, django_assert_max_num_queries):
    structure = StructureFactory(nom="MSP du Pin", commune=CommuneFactory(agen=True))
    StructureFactory.create_batch(15)
    liste = reverse("admin:observatoire_structure_changelist")
    assert set(admin_client.get(liste, {"q": structure.numero_finess}).context["cl"].result_list) == {structure}
    with django_assert_max_num_queries(12):
        assert admin_client.get(liste).status_code == 200

    presence = PresencePraticienFactory()
    PresencePraticienFactory.create_batch(15)
    url = reverse("admin:observatoire_presencepraticien_changelist")
    with django_assert_max_num_queries(12):
        assert presence.praticien.nom in admin_client.get(url).content.decode()
    assert admin_client.get(reverse("admin:observatoire_presencepraticien_add")).status_code == 403
    assert Praticien.objects.count() == 16
