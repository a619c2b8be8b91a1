"""The home page's blocks (upcoming events, latest news, hotline, one entry per audience) with a fixed number of
queries, the audiences' menus, and the demo content for 47 and 63 (official sources on the studies pages)."""

import io
import random
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bienvenuedoc.contenus import demo
from bienvenuedoc.contenus.enums import Public
from bienvenuedoc.contenus.models import Actualite, Evenement, Page
from bienvenuedoc.pages_en_cache import invalider_pages_publiques

from .factories import ActualiteFactory, EvenementFactory, InscriptionFactory, PageFactory

pytestmark = pytest.mark.django_db


def _requetes(client, url) -> int:
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


def test_l_accueil_montre_evenements_et_actualites_en_requetes_fixes(client):
    EvenementFactory(titre="Job dating à Agen", debut=timezone.now() + timedelta(days=5))
    ActualiteFactory(titre="Le calendrier est en ligne")
    client.get(reverse("site:accueil"))  # warm the configuration cache
    invalider_pages_publiques()  # the page itself is kept rendered (pages_en_cache): measure a real rendering
    peu = _requetes(client, reverse("site:accueil"))
    assert peu > 0
    contenu = client.get(reverse("site:accueil")).content.decode()
    assert "Job dating à Agen" in contenu and "Le calendrier est en ligne" in contenu
    for lien in ("/medecins/", "/internes-et-etudiants/", "/lyceens/", "/evenements/", "/actualites/"):
        assert f'href="{lien}"' in contenu
    for n in range(6):
        InscriptionFactory(evenement=EvenementFactory(debut=timezone.now() + timedelta(days=10 + n)))
        ActualiteFactory()
    invalider_pages_publiques()
    assert _requetes(client, reverse("site:accueil")) == peu
    contenu = client.get(reverse("site:accueil")).content.decode()
    assert contenu.count('class="card h-100"') == 3


def test_chaque_public_a_son_menu_de_pages(client):
    PageFactory(titre="Le parcours des études", public=Public.LYCEENS)
    PageFactory(titre="Vivre ici", public=Public.MEDECINS)
    PageFactory(titre="Pour tous", public=Public.TOUS)
    lyceens = client.get(reverse("site:lyceens")).content.decode()
    assert "Le parcours des études" in lyceens and "Pour tous" in lyceens and "Vivre ici" not in lyceens
    assert "Vivre ici" in client.get(reverse("site:medecins")).content.decode()


@pytest.mark.parametrize("departement", ["47", "63"])
def test_la_demo_des_contenus(departement, client):
    demo.generer(rng=random.Random(1), departement=departement, stdout=io.StringIO())
    assert Evenement.objects.a_venir().count() == 12
    assert Actualite.objects.publies().count() == 3
    for objet in [*Page.objects.all(), *Evenement.objects.all(), *Actualite.objects.all()]:
        objet.full_clean()
    etudes = Page.objects.get(slug="demo-devenir-medecin")
    liens = re.findall(r'href="([^"]+)"', etudes.corps_html)
    assert any("parcoursup.gouv.fr" in lien for lien in liens)
    assert any("legifrance.gouv.fr" in lien for lien in liens)
    universite = "u-bordeaux.fr" if departement == "47" else "uca.fr"
    assert any(universite in lien for lien in liens)
    for mot in ("PASS", "L.AS", "numerus apertus", "docteur junior", "novembre 2026", "maître de stage"):
        assert mot in etudes.corps
    if departement == "47":
        assert "Ambition Santé" in etudes.corps
    assert "fictif" in Page.objects.get(slug="demo-temoignages-lyceens").corps
    assert all("démonstration" in e.resume for e in Evenement.objects.all())
    assert client.get(etudes.get_absolute_url()).status_code == 200
    demo.effacer(stdout=io.StringIO())
    assert not (Page.objects.exists() or Evenement.objects.exists() or Actualite.objects.exists())


def test_les_pages_de_contenus_respectent_la_politique_de_securite(client):
    """The strict CSP on every new page type, with the demo's real content (no inline script, style or handler)."""
    from tests.bienvenuedoc.test_en_tetes_securite import verifier_politique

    demo.generer(rng=random.Random(1), departement="47", stdout=io.StringIO())
    evenement = Evenement.objects.a_venir().first()
    inscription = InscriptionFactory(evenement=evenement)
    adresses = [
        "/",
        "/lyceens/",
        "/pages/demo-devenir-medecin/",
        "/pages/demo-faq-lyceens/",
        "/actualites/",
        Actualite.objects.first().get_absolute_url(),
        "/evenements/",
        evenement.get_absolute_url(),
        f"/evenements/inscription/{inscription.jeton}/annuler/",
    ]
    for adresse in adresses:
        reponse = client.get(adresse)
        assert reponse.status_code == 200, adresse
        verifier_politique(reponse)
    erreur = client.post(evenement.get_absolute_url(), {"nom": "X"})
    verifier_politique(erreur)
