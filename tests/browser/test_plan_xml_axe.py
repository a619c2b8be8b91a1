"""axe-core walks the sitemap: every page type listed in sitemap.xml (a small data set with one object at least
of each kind: content page, news, event, territory, partner, offer, and the main pages) has zero violation."""

import io
import random
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from bienvenuedoc.contenus import demo
from tests.contenus.factories import PresentationTerritoireFactory
from tests.observatoire.factories import CommuneFactory
from tests.partenaires.factories import PartenaireFactory
from tests.remplacements.factories import OffreFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]
PAR_TYPE = 2  # pages checked per kind of address (first path segment): every type, not every object


@pytest.fixture
def petit_jeu(settings):
    settings.DEPARTEMENT = "47"
    demo.generer(rng=random.Random(1), departement="47", stdout=io.StringIO())
    agen = CommuneFactory(agen=True)
    CommuneFactory(departement=agen.departement, epci=agen.epci, nom="Boé")
    PresentationTerritoireFactory(epci_siren=agen.epci.siren)
    partenaire = PartenaireFactory(nom="Maison de santé de l’Agenais (test)")
    partenaire.epcis_couverts.add(agen.epci)
    OffreFactory(logement=True, titre="Studio pour internes à Agen", commune=agen)
    OffreFactory(stage=True, titre="Terrain de stage à Agen", commune=agen)


def test_chaque_type_de_page_du_plan_xml_passe_axe(live_server, page, axe, petit_jeu):
    reponse = page.request.get(live_server.url + "/sitemap.xml")
    assert reponse.ok
    racine = ET.fromstring(reponse.body())
    chemins = [urlsplit(loc.text).path for loc in racine.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    par_type: dict[str, list[str]] = {}
    for chemin in chemins:
        par_type.setdefault(chemin.strip("/").split("/")[0], []).append(chemin)
    for section in ("pages", "actualites", "evenements", "territoire", "partenaires", "offres"):
        assert any(c.count("/") >= 3 for c in par_type.get(section, [])), f"aucun objet « {section} » dans le plan"
    visites = 0
    for liste in par_type.values():
        # the first addresses of the kind, and its first object's page when the list page came first
        a_visiter = liste[:PAR_TYPE]
        objets = [c for c in liste if c.count("/") >= 3]
        if objets and objets[0] not in a_visiter:
            a_visiter.append(objets[0])
        for chemin in a_visiter:
            page.goto(live_server.url + chemin)
            assert page.locator("h1").count() == 1, chemin
            axe(page, chemin)
            visites += 1
    assert visites >= 12
