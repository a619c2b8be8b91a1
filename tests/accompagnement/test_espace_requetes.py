"""The requester's space runs a number of queries that does not grow with needs, steps, messages, documents."""

import pytest

from accompagnement.models import ProfilAgent
from accompagnement.selectors.espace import espace_demande
from accompagnement.services.acces import jeton_creer
from bienvenuedoc.models import configuration_courante
from tests.accompagnement.factories import (
    AgentFactory,
    BesoinFactory,
    DemandeFactory,
    DocumentFactory,
    EtapeFactory,
    EvenementFactory,
    MessageFactory,
)
from tests.observatoire.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _demande_remplie(nombre: int):
    referent = AgentFactory()
    ProfilAgent.objects.create(user=referent, telephone_direct="05 53 00 00 00")
    demande = DemandeFactory(en_cours=True, referent=referent, communes=[CommuneFactory()])
    agents = [AgentFactory() for _ in range(3)]
    for i in range(nombre):
        BesoinFactory(demande=demande, type="logement" if i % 2 else "aides_financieres", oriente=i % 3 == 0)
        EtapeFactory(demande=demande)
        MessageFactory(demande=demande, de_hotline=i % 2 == 0, auteur=agents[i % 3] if i % 2 == 0 else None)
        EvenementFactory(
            demande=demande, type="complement", par_demandeur=True, commentaire=f"Précision ajoutée n° {i}"
        )
    for _ in range(min(nombre, 20)):
        DocumentFactory(demande=demande, auteur=referent)
    return demande


# the page: token check and access time (2) + mark read (1) + selector (8) + session/messages framework
MAX_REQUETES_PAGE = 15
MAX_REQUETES_SELECTEUR = 8


@pytest.mark.parametrize("nombre", [3, 300])
def test_selecteur_espace_nombre_de_requetes_fixe(nombre, django_assert_max_num_queries):
    demande = _demande_remplie(nombre)
    configuration_courante()  # the site configuration is cached for every page; created on first use
    with django_assert_max_num_queries(MAX_REQUETES_SELECTEUR):
        espace = espace_demande(demande_pk=demande.pk)
        besoins = [b for g in espace.groupes_besoins for b in g.besoins]
        assert [b.partenaire and b.partenaire.nom for b in besoins]
        assert [m.auteur and m.auteur.get_full_name() for m in espace.messages]
        assert espace.referent.telephone_direct == "05 53 00 00 00"
        assert espace.structures == ["Maison de santé pluriprofessionnelle (MSP)"]
    assert len(besoins) == len(espace.etapes) == len(espace.messages) == len(espace.complements) == nombre


@pytest.mark.parametrize("nombre", [3, 300])
def test_page_espace_nombre_de_requetes_fixe(client, nombre, django_assert_max_num_queries):
    demande = _demande_remplie(nombre)
    jeton = jeton_creer(demande=demande)
    client.get(f"/espace/{jeton}/")  # warms the site configuration cache like any visit
    with django_assert_max_num_queries(MAX_REQUETES_PAGE):
        reponse = client.get(f"/espace/{jeton}/")
    assert reponse.content.decode().count('class="de-hotline"') == (nombre + 1) // 2
    assert reponse.content.decode().count("Précision ajoutée n° ") == nombre
