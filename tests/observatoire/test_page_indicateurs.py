"""The observatory page shows the health indicators (real open data, sources under each table), hides small
GP counts from the public but not from staff, and keeps a fixed number of queries."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accompagnement.factories import AgentFactory
from tests.observatoire.factories import CommuneFactory, DepartementFactory, EPCIFactory

pytestmark = pytest.mark.django_db
NBSP = "\xa0"


@pytest.fixture
def lot_et_garonne():
    sortie = io.StringIO()
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=sortie)
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=sortie)


def page(client) -> str:
    reponse = client.get(reverse("observatoire:accueil"))
    assert reponse.status_code == 200
    return reponse.content.decode()


def test_indicateurs_reels_avec_leurs_sources(client, lot_et_garonne):
    contenu = page(client)

    assert f'<span class="chiffre-cle">93{NBSP}507</span>' in contenu  # habitants sous APL 2,5 (2023)
    assert '<span class="chiffre-cle">3,03</span>' in contenu
    assert '<th scope="row">Médecins généralistes libéraux pour 100 000 habitants</th>' in contenu
    assert '<td class="text-end">58,1</td>' in contenu and '<td class="text-end">81,0</td>' in contenu
    assert "Assurance Maladie (Cnam), data.ameli.fr, médecins généralistes libéraux actifs, 2024" in contenu
    assert '<a href="/observatoire/commune/47001/">Agen</a> <span class="small">(47001)</span>' in contenu
    assert '<td class="text-end">4,26</td>' in contenu and "−0,21" in contenu
    assert "Base permanente des équipements 2020" in contenu and "APL 2022 et 2023" in contenu
    assert "Moncrabeau" in contenu and "FRR+" in contenu
    assert "moins de 5" in contenu and "secret statistique" in contenu
    assert "démonstration" not in contenu.split('id="titre-sante"')[1]


def test_l_equipe_voit_les_petits_effectifs(client, lot_et_garonne):
    client.force_login(AgentFactory(is_staff=True))

    contenu = page(client)

    assert "moins de 5" not in contenu and "secret statistique" not in contenu


def test_sans_donnees_de_sante(client):
    CommuneFactory(departement=DepartementFactory(), epci=EPCIFactory())

    contenu = page(client)

    assert "importer_observatoire" in contenu and "Par commune" not in contenu


def _requetes(client) -> int:
    with CaptureQueriesContext(connection) as requetes:
        page(client)
    return len(requetes)


def test_nombre_de_requetes_fixe(client, lot_et_garonne, settings):
    grandes = _requetes(client)  # 47: 319 communes, 12 EPCI
    settings.DEPARTEMENT = "23"
    departement = DepartementFactory(code="23", nom="Creuse")
    CommuneFactory(departement=departement, epci=EPCIFactory())

    assert _requetes(client) == grandes <= 20  # with the trend series of the département
