"""SEO and sharing: sitemap.xml (every public object), robots.txt, canonical address and OpenGraph tags on the
configured SITE_URL, schema.org Event in JSON-LD."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from observatoire.models import EPCI
from tests.contenus.factories import ActualiteFactory, EvenementFactory, PageFactory
from tests.partenaires.factories import PartenaireFactory
from tests.remplacements.factories import OffreFactory

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _adresses(client) -> list[str]:
    reponse = client.get(reverse("sitemap"))
    assert reponse.status_code == 200
    return [loc.text for loc in ET.fromstring(reponse.content).findall("s:url/s:loc", NS)]


def test_sitemap_contient_chaque_objet_public(client, territoire_47, settings):
    settings.SITE_URL = "https://guichet.exemple.fr"
    settings.DEPARTEMENT = "47"
    page = PageFactory()
    PageFactory(slug="brouillon", publie=False)
    actualite = ActualiteFactory()
    evenement = EvenementFactory()
    partenaire = PartenaireFactory()
    PartenaireFactory(slug="cache", publie=False)
    offre = OffreFactory()
    attente = OffreFactory(en_attente=True)
    adresses = _adresses(client)
    base = "https://guichet.exemple.fr"
    for chemin in [
        "/",
        "/medecins/",
        "/lyceens/",
        "/evenements/",
        "/territoire/",
        "/observatoire/",
        "/accessibilite/",
        page.get_absolute_url(),
        actualite.get_absolute_url(),
        evenement.get_absolute_url(),
        partenaire.get_absolute_url(),
        f"/offres/{offre.uuid}/",
    ]:
        assert base + chemin in adresses
    assert base + "/pages/brouillon/" not in adresses and base + "/partenaires/cache/" not in adresses
    assert f"{base}/offres/{attente.uuid}/" not in adresses
    epcis = EPCI.objects.filter(communes__departement__code="47").distinct()
    assert {f"{base}/territoire/{e.siren}/" for e in epcis} <= set(adresses)
    assert not [a for a in adresses if "/gestion/" in a or "/espace/" in a or "/recherche/" in a]


def test_sitemap_en_requetes_fixes(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def requetes():
        with CaptureQueriesContext(connection) as contexte:
            client.get(reverse("sitemap"))
        return len(contexte)

    PageFactory()
    OffreFactory()
    PartenaireFactory()
    EvenementFactory()
    requetes()  # the layout-independent reads warm (configuration)
    peu = requetes()
    for _ in range(20):
        PageFactory()
        OffreFactory()
        PartenaireFactory()
        EvenementFactory()
    # a count and a page of rows per section, whatever the number of objects
    assert requetes() == peu <= 2 * 6 + 2


def test_robots_txt(client, settings):
    settings.SITE_URL = "https://guichet.exemple.fr"
    reponse = client.get("/robots.txt")
    texte = reponse.content.decode()
    assert reponse["Content-Type"].startswith("text/plain")
    assert "Disallow: /gestion/" in texte and "Disallow: /espace/" in texte
    assert "Sitemap: https://guichet.exemple.fr/sitemap.xml" in texte


def test_canonique_et_opengraph(client, settings):
    settings.SITE_URL = "https://guichet.exemple.fr"
    page = PageFactory(titre="Le parcours", resume="Du lycée au docteur junior.")
    texte = client.get(page.get_absolute_url() + "?utm=x", HTTP_HOST="autre.exemple").content.decode()
    assert f'<link rel="canonical" href="https://guichet.exemple.fr{page.get_absolute_url()}">' in texte
    assert f'<meta property="og:url" content="https://guichet.exemple.fr{page.get_absolute_url()}">' in texte
    assert '<meta property="og:title" content="Le parcours">' in texte
    assert '<meta property="og:description" content="Du lycée au docteur junior.">' in texte
    assert '<meta property="og:type" content="article">' in texte
    accueil = client.get("/").content.decode()
    assert '<link rel="canonical" href="https://guichet.exemple.fr/">' in accueil
    assert '<meta property="og:type" content="website">' in accueil


def test_evenement_json_ld_schema_org(client, settings):
    settings.SITE_URL = "https://guichet.exemple.fr"
    evenement = EvenementFactory(titre="Job dating </script><b>")
    texte = client.get(evenement.get_absolute_url()).content.decode()
    assert texte.count('rel="canonical"') == 1
    bloc = re.search(r'<script type="application/ld\+json">(.*?)</script>', texte, re.S).group(1)
    donnees = json.loads(bloc)
    assert donnees["@type"] == "Event" and donnees["name"] == "Job dating </script><b>"
    assert donnees["url"] == f"https://guichet.exemple.fr{evenement.get_absolute_url()}"
