# ruff: noqa: F811  (fixtures imported from factories_backoffice)
"""Statistical secrecy of the activity figures for the Observatoire group (no access to the cases): counts of 1
to 4 shown « < 5 », other counts and totals rounded to 5 (so that no total minus the other rows gives a small
count), medians on fewer than 5 cases not published, periods of at least a month; in the page and in the CSV
and XLSX exports. The Responsable keeps exact figures."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accompagnement.selectors.statistiques import MASQUE, activite, effectif_protege
from tests.accompagnement.factories import BesoinFactory, DemandeFactory
from tests.accompagnement.factories_backoffice import client_de, observateur, responsable  # noqa: F401

pytestmark = pytest.mark.django_db
PERIODE = {"debut": "2025-02-01", "fin": "2025-02-28"}


@pytest.fixture
def fevrier():
    """13 cases in February 2025: 10 general practitioners (installation), 3 interns (internship); 3 of the
    doctors answered; 7 housing needs of which 3 resolved."""
    jour = timezone.make_aware(timezone.datetime(2025, 2, 10, 10))
    medecins = [DemandeFactory(recue_le=jour) for _ in range(10)]
    for demande in medecins[:3]:
        demande.premiere_reponse_le = jour + timezone.timedelta(days=2)
        demande.save(update_fields=["premiere_reponse_le"])
    for _ in range(3):
        DemandeFactory(etudiant=True, recue_le=jour)
    for i, demande in enumerate(medecins[:7]):
        BesoinFactory(demande=demande, logement=True, resolu=i < 3)


def _ligne(html: str, entete: str) -> str:
    correspondance = re.search(rf'<th scope="row">{re.escape(entete)}</th>(.*?)</tr>', html, re.S)
    assert correspondance, entete
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", correspondance[1])).strip()


def _page(client, **params):
    return client.get(reverse("admin:accompagnement_demande_activite"), params or PERIODE)


def _export(client, fmt, **params):
    return client.get(reverse("admin:accompagnement_demande_activite_export", args=[fmt]), params or PERIODE)


def test_effectif_protege():
    assert [effectif_protege(n) for n in (0, 1, 4, 5, 7, 8, 12, 13, 100)] == [0, MASQUE, MASQUE, 5, 5, 10, 10, 15, 100]


def test_l_observatoire_voit_des_chiffres_proteges(client, observateur, fevrier):
    client.force_login(observateur)
    html = _page(client).content.decode()
    assert _ligne(html, "Demandes reçues") == "15"  # 13, rounded: 15 − 10 doctors does not give the 3 interns
    assert _ligne(html, "Médecin généraliste") == "10 66,7 %"
    assert _ligne(html, "Interne") == "&lt; 5 —"
    assert _ligne(html, "Besoins exprimés") == "5"  # 7 needs
    assert _ligne(html, "Besoins résolus") == "&lt; 5"  # 3
    assert _ligne(html, "Logement") == "5 &lt; 5 — 0"
    assert _ligne(html, "février 2025") == "15"
    assert _ligne(html, "Délai médian de première réponse (jours)") == "non publié (moins de 5 demandes)"
    assert "Secret statistique" in html
    for exact in ("13", "3", "7", "42,9 %", "2,0"):  # no exact figure anywhere in the tables
        assert f'<td class="bd-nombre">{exact}</td>' not in html


def test_le_responsable_garde_les_chiffres_exacts(client, responsable, fevrier):
    client_de(client, responsable)
    html = _page(client).content.decode()
    assert _ligne(html, "Demandes reçues") == "13"
    assert _ligne(html, "Interne") == "3 23,1 %"
    assert _ligne(html, "Logement") == "7 3 42,9 % 0"
    assert _ligne(html, "Délai médian de première réponse (jours)") == "2,0"
    assert "Secret statistique" not in html
    # a short period stays possible for the Responsable
    assert "au moins un mois" not in _page(client, debut="2025-02-10", fin="2025-02-10").content.decode()


def test_les_exports_de_l_observatoire_sont_proteges_aussi(client, observateur, fevrier):
    client.force_login(observateur)
    lignes = list(csv.reader(io.StringIO(_export(client, "csv").content.decode("utf-8-sig")), delimiter=";"))
    assert ["Demandes reçues", "15"] in lignes
    assert ["Interne", MASQUE, "—"] in lignes
    assert ["Logement", "5", MASQUE, "—", "0"] in lignes
    assert ["Demandes reçues", "13"] not in lignes and ["Interne", "3", "23,1 %"] not in lignes

    classeur = load_workbook(io.BytesIO(_export(client, "xlsx").content))
    assert classeur["Synthèse"]["B2"].value == 15
    profils = {ligne[0]: ligne[1] for ligne in classeur["Demandes par profil"].iter_rows(values_only=True)}
    assert profils["Interne"] == MASQUE and profils["Médecin généraliste"] == 10


def test_une_periode_trop_courte_est_refusee_a_l_observatoire(client, observateur, fevrier):
    client.force_login(observateur)
    html = _page(client, debut="2025-02-10", fin="2025-02-10").content.decode()
    assert "Choisissez une période d’au moins un mois" in html
    assert "10 février 2025" not in html  # the figures shown are not those of that day
    reponse = _export(client, "csv", debut="2025-02-01", fin="2025-02-27")
    assert reponse.status_code == 400 and "au moins un mois" in reponse.content.decode()
    # a whole month, or the same day a month later, is enough
    assert "au moins un mois" not in _page(client, debut="2025-01-31", fin="2025-02-27").content.decode()
    assert _export(client, "csv", debut="2025-02-01", fin="2025-02-28").status_code == 200


def test_le_secret_ne_change_pas_le_nombre_de_requetes(fevrier, django_assert_max_num_queries):
    debut, fin = timezone.datetime(2025, 2, 1).date(), timezone.datetime(2025, 2, 28).date()
    with django_assert_max_num_queries(5):
        protegee = activite(debut, fin, secret=True)
    assert protegee.demandes == 15 and activite(debut, fin).demandes == 13
