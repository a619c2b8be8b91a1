"""On a case page, a housing or internship need shows the published offers nearest the requester's desired
communes (with the distance and the dates); nothing for the other needs; a bounded number of queries."""

import pytest
from django.urls import reverse

from tests.accompagnement.factories import BesoinFactory, DemandeFactory
from tests.accompagnement.factories_backoffice import CHARGE, client_de, membre
from tests.observatoire.factories import CommuneFactory
from tests.remplacements.factories import OffreFactory

pytestmark = pytest.mark.django_db


def test_les_besoins_de_logement_et_de_stage_montrent_les_offres_proches(client):
    agen = CommuneFactory(agen=True)
    boe = CommuneFactory(nom="Boé", latitude=44.1650, longitude=0.6320)
    loin = CommuneFactory(nom="Fumel", latitude=44.4983, longitude=0.9653)  # ~44 km
    tres_loin = CommuneFactory(nom="Ailleurs", latitude=45.5, longitude=2.5)
    demande = DemandeFactory(referent=None)
    demande.communes.set([agen])
    BesoinFactory(demande=demande, logement=True)
    BesoinFactory(demande=demande, type="terrain_stage")
    OffreFactory(logement=True, titre="Studio à Boé", commune=boe)
    OffreFactory(logement=True, titre="Maison à Fumel", commune=loin)
    OffreFactory(logement=True, titre="Trop loin", commune=tres_loin)
    OffreFactory(logement=True, titre="Pas encore publié", commune=boe, en_attente=True)
    OffreFactory(stage=True, titre="Stage à Boé", commune=boe)
    OffreFactory(titre="Remplacement à Boé", commune=boe)
    page = client_de(client, membre(CHARGE)).get(reverse("admin:accompagnement_demande_change", args=[demande.pk]))
    html = page.content.decode()
    section = html[html.index('id="titre-offres"') :]
    logement, stage = section.split("<h3>")[1:3]
    assert "Studio à Boé" in logement and "Maison à Fumel" in logement
    assert logement.index("Studio à Boé") < logement.index("Maison à Fumel")  # nearest first
    assert "à 4 km de Agen" in logement
    assert "Trop loin" not in section and "Pas encore publié" not in section and "Remplacement" not in section
    assert "Stage à Boé" in stage and "Studio" not in stage
