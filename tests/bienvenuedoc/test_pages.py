"""The site's own pages: content, one <h1>, a unique <title>, the header navigation and the footer links."""

from html.parser import HTMLParser

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import include, path, resolve, reverse
from django_ratelimit.exceptions import Ratelimited

from bienvenuedoc import navigation
from bienvenuedoc.models import configuration_courante
from bienvenuedoc.utils.http import reponse_trop_de_requetes
from bienvenuedoc.views import permission_refusee

PAGES = {
    "site:accueil": [
        "Vous êtes…",
        "Nos engagements",
        "Une personne référente, nommée",
        "Le métier et la vie de famille",
    ],
    "site:medecins": ["S’installer en libéral", "Remplacer", "Exercer en salarié ou en exercice mixte", "ZIP"],
    "site:internes_etudiants": ["Les stages", "Se loger pendant le stage", "Docteurs juniors", "CESP", "novembre 2026"],
    "site:lyceens": ["PASS", "LAS", "numerus apertus", "Depuis la rentrée 2020", "Parcoursup"],
    "site:mentions_legales": [
        "Éditeur du site",
        "Directeur ou directrice de la publication",
        "Hébergement",
        "Licence Ouverte 2.0",
    ],
    "site:accessibilite": [
        "État de conformité",
        "non conforme",
        "Défenseur des droits",
        "axe-core",
        "Voies de recours",
    ],
    "site:donnees_personnelles": ["Responsable du traitement", "Base légale", "CNIL", "90&nbsp;jours", "csrftoken"],
    "site:plan_du_site": ["Le guichet", "Informations légales"],
    "observatoire:accueil": ["Observatoire", "INSEE"],
}
LIENS_LEGAUX = {
    "/mentions-legales/": "Mentions légales",
    "/accessibilite/": "Accessibilité : non conforme",
    "/donnees-personnelles/": "Données personnelles",
    "/plan-du-site/": "Plan du site",
}


class Analyse(HTMLParser):
    """The bits of a page the tests look at: <title>, <h1>s, links (href, text, attributes), <main>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.titre = ""
        self.h1 = []
        self.liens = []
        self.main_id = None
        self.lang = None
        self._dans = []
        self._lien = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "main":
            self.main_id = attrs.get("id")
        if tag == "a":
            self._lien = {**attrs, "texte": ""}
        if tag in ("title", "h1"):
            self._dans.append(tag)
            if tag == "h1":
                self.h1.append("")

    def handle_endtag(self, tag):
        if tag == "a" and self._lien is not None:
            self._lien["texte"] = " ".join(self._lien["texte"].split())
            self.liens.append(self._lien)
            self._lien = None
        if tag in ("title", "h1") and self._dans:
            self._dans.pop()

    def handle_data(self, data):
        if self._lien is not None:
            self._lien["texte"] += data
        if "title" in self._dans:
            self.titre += data
        if "h1" in self._dans:
            self.h1[-1] += data


def analyser(reponse) -> Analyse:
    analyse = Analyse()
    analyse.feed(reponse.content.decode())
    analyse.titre = " ".join(analyse.titre.split())
    return analyse


@pytest.mark.django_db
@pytest.mark.parametrize("nom_url", PAGES)
def test_chaque_page_a_son_contenu_un_h1_et_les_liens_du_pied(client, nom_url):
    reponse = client.get(reverse(nom_url))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    for attendu in PAGES[nom_url]:
        assert attendu in contenu, f"« {attendu} » absent de {nom_url}"
    page = analyser(reponse)
    assert page.lang == "fr"
    assert len(page.h1) == 1, page.h1
    assert page.titre.endswith("– Bienvenue Docteur !")
    assert page.main_id == "contenu"
    # The skip link is the first link of the page and points to <main>.
    assert page.liens[0]["href"] == "#contenu" and page.liens[0]["texte"] == "Aller au contenu"
    liens = {lien["href"]: lien["texte"] for lien in page.liens}
    for href, texte in LIENS_LEGAUX.items():
        assert liens.get(href) == texte
    # No asset or script from another site.
    assert "cdn" not in contenu.lower()
    assert 'src="http' not in contenu and '<link rel="stylesheet" href="http' not in contenu


@pytest.mark.django_db
def test_les_titres_des_pages_sont_uniques(client):
    titres = [analyser(client.get(reverse(nom))).titre for nom in PAGES]
    assert len(set(titres)) == len(titres), titres


@pytest.mark.django_db
def test_navigation_principale_et_page_courante(client):
    page = analyser(client.get(reverse("site:medecins")))
    liens = {lien["texte"]: lien for lien in page.liens}
    for libelle, nom_url in [
        ("Médecins", "site:medecins"),
        ("Internes et étudiants", "site:internes_etudiants"),
        ("Lycéens", "site:lyceens"),
        ("Observatoire", "observatoire:accueil"),
    ]:
        assert liens[libelle]["href"] == reverse(nom_url)
    assert liens["Médecins"].get("aria-current") == "page"
    assert "aria-current" not in liens["Lycéens"]
    # The footer link of the current legal page is marked too.
    page = analyser(client.get(reverse("site:mentions_legales")))
    assert {lien["texte"]: lien for lien in page.liens}["Mentions légales"].get("aria-current") == "page"


@pytest.mark.django_db
def test_aucun_lien_de_navigation_ne_mene_a_une_page_inexistante(client):
    page = analyser(client.get(reverse("site:plan_du_site")))
    internes = {lien["href"] for lien in page.liens if lien["href"].startswith("/")}
    assert "/medecins/" in internes and "/observatoire/" in internes
    for href in internes:
        resolve(href)  # raises Resolver404 for a dead link


# A URLconf where the other apps' pages exist under names the navigation does not know: the fallback paths
# are used. A 500 view for the error page test.
def _page_factice(request):
    return HttpResponse("page factice")


def _erreur(request):
    raise RuntimeError("erreur de test")


urlpatterns = [
    path("demande/", _page_factice, name="formulaire"),
    path("aides/", _page_factice, name="aides"),
    path("erreur/", _erreur),
    path("", include("bienvenuedoc.urls")),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_les_pages_des_autres_applications_apparaissent_des_qu_elles_existent(client):
    page = analyser(client.get("/plan-du-site/"))
    liens = {lien["texte"]: lien["href"] for lien in page.liens}
    assert liens["Être accompagné"] == "/demande/"
    assert liens["Aides"] == "/aides/"


def test_une_entree_sans_page_est_ignoree():
    assert navigation.Entree("Inconnue", "inconnue:page", "/chemin-inconnu/").url() is None
    assert navigation.Entree("Médecins", "site:medecins").url() == "/medecins/"


@pytest.mark.django_db
def test_couleur_et_coordonnees_de_la_configuration(client):
    config = configuration_courante()
    config.hotline_telephone = "05 53 00 00 00"
    config.hotline_email = "hotline@exemple.fr"
    config.hotline_horaires = "du lundi au vendredi, de 9 h à 17 h"
    config.logo.name = "configuration/logo.png"
    config.save()
    contenu = client.get(reverse("site:accueil")).content.decode()
    assert "--bd-couleur: #00607a;" in contenu
    assert "--bd-couleur-rgb: 0, 96, 122;" in contenu
    assert 'href="tel:0553000000"' in contenu
    assert 'href="mailto:hotline@exemple.fr"' in contenu
    assert "Horaires : du lundi au vendredi, de 9 h à 17 h" in contenu
    assert "Agen Cedex 9" in contenu
    assert 'src="/media/configuration/logo.png" alt=""' in contenu


@pytest.mark.django_db
def test_coordonnees_absentes_non_affichees_et_couleur_invalide_remplacee(client):
    config = configuration_courante()
    type(config).objects.filter(pk=config.pk).update(
        couleur_principale="red;}a{", hotline_telephone="", hotline_email="", hotline_adresse=""
    )
    from django.core.cache import cache

    cache.clear()
    contenu = client.get(reverse("site:accueil")).content.decode()
    assert "red;}a{" not in contenu
    assert "--bd-couleur: #1d4f91;" in contenu
    assert "Téléphone :" not in contenu and "Courriel :" not in contenu and "Adresse :" not in contenu
    assert "<img" not in contenu


@pytest.mark.django_db
@override_settings(DEPARTEMENT="63")
def test_les_pages_suivent_la_configuration_du_departement(client):
    for nom in PAGES:
        contenu = client.get(reverse(nom)).content.decode()
        assert "Lot-et-Garonne" not in contenu, nom
    assert "Conseil départemental du Puy-de-Dôme" in client.get(reverse("site:mentions_legales")).content.decode()


@pytest.mark.django_db
def test_messages_affiches_avec_le_bon_role(rf):
    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    request._messages.add(constants.SUCCESS, "Votre demande est enregistrée.")
    request._messages.add(constants.ERROR, "Le lien a expiré.")
    from bienvenuedoc.views import accueil

    contenu = accueil(request).content.decode()
    assert 'role="status">Votre demande est enregistrée.' in contenu
    assert 'role="alert">Le lien a expiré.' in contenu


@pytest.mark.django_db
def test_plan_du_site_reprend_la_navigation(client):
    contenu = client.get(reverse("site:plan_du_site")).content.decode()
    for lien in navigation.navigation_principale() + navigation.pages_legales():
        assert f'href="{lien.url}"' in contenu


# --- Error pages -------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_page_404_en_francais(client):
    reponse = client.get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404
    page = analyser(reponse)
    assert page.h1 == ["Page introuvable"]
    assert "Plan du site" in reponse.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_page_500_sans_base_ni_contexte():
    client = Client(raise_request_exception=False)
    reponse = client.get("/erreur/")
    assert reponse.status_code == 500
    assert analyser(reponse).h1 == ["Le site rencontre un problème"]
    # Rendered without any context: it needs neither the database nor the site configuration.
    assert "Le site rencontre un problème" in render_to_string("500.html")


@pytest.mark.django_db
def test_page_csrf_en_francais():
    reponse = Client(enforce_csrf_checks=True).post("/gestion/login/", {"username": "x", "password": "y"})
    assert reponse.status_code == 403
    assert analyser(reponse).h1 == ["Votre formulaire n’a pas pu être envoyé"]


@pytest.mark.django_db
def test_reponse_trop_de_requetes(rf):
    reponse = reponse_trop_de_requetes(rf.get("/demande/"), attente=2460)
    assert reponse.status_code == 429
    assert reponse["Retry-After"] == "2460"
    contenu = reponse.content.decode()
    assert "<h1>Trop de demandes en peu de temps</h1>" in contenu
    assert "Vous pourrez réessayer dans <strong>41 minutes</strong>" in contenu
    assert "une minute" not in contenu


@pytest.mark.django_db
def test_handler_403_distingue_la_limitation_de_debit(rf):
    assert permission_refusee(rf.get("/"), Ratelimited()).status_code == 429
    reponse = permission_refusee(rf.get("/"), PermissionDenied())
    assert reponse.status_code == 403
    assert "<h1>Accès refusé</h1>" in reponse.content.decode()


@pytest.mark.django_db
def test_nom_du_programme_sans_coupure_avant_le_point_d_exclamation(client):
    page = analyser(client.get(reverse("site:accueil")))
    assert page.h1 == ["Bienvenue Docteur\u00a0!"]
