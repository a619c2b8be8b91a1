"""Public pages served from the cache (bienvenuedoc/pages_en_cache.py): conditional GET (ETag, 304), gzip, a
cached page that shows what staff change in the back office at the next request, and what is never cached
(a form with its tokens, a visitor with a session)."""

import gzip
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from accompagnement.models import Demande
from bienvenuedoc.models import configuration_courante
from partenaires.enums import TypeBesoin
from tests.accompagnement.factories_backoffice import client_de
from tests.accompagnement.test_public_demande import donnees
from tests.contenus.factories import PageFactory
from tests.partenaires.factories import AideFinanciereFactory, CommuneFactory, PartenaireFactory

pytestmark = pytest.mark.django_db


class _FormulaireAdmin(HTMLParser):
    """What a browser sends when the admin's change form is submitted as it is displayed."""

    def __init__(self):
        super().__init__()
        self.champs: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._texte = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        nom = a.get("name")
        if tag == "input" and nom and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.champs.append((nom, a.get("value") or ("on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and nom:
            self._select = nom
        elif tag == "option" and self._select and "selected" in a:
            self.champs.append((self._select, a.get("value", "")))
        elif tag == "textarea" and nom:
            self._textarea, self._texte = nom, ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.champs.append((self._textarea, self._texte.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._texte += data


def modifier_en_gestion(client, url: str, **modifs) -> None:
    """Opens the admin's change form, changes the given fields, saves it as a member of staff would."""
    analyse = _FormulaireAdmin()
    analyse.feed(client.get(url).content.decode())
    donnees: dict[str, list[str]] = {}
    for nom, valeur in analyse.champs:
        donnees.setdefault(nom, []).append(valeur)
    donnees.update({nom: [valeur] for nom, valeur in modifs.items()})
    donnees.pop("csrfmiddlewaretoken", None)
    donnees["_save"] = ["Enregistrer"]
    reponse = client.post(url, donnees)
    assert reponse.status_code == 302, re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', reponse.content.decode())


@pytest.fixture
def equipe(client, django_user_model):
    user = django_user_model.objects.create_superuser("equipe", "equipe@exemple.invalid", "mot-de-passe-solide")
    return client_de(client, user)


@pytest.fixture
def visiteur():
    configuration_courante()  # created on first use (a write: it makes the cached pages stale), as on a live site
    return Client()  # a browser of its own: no session cookie, as a visitor who only reads


def test_une_page_publique_repond_304_a_son_etag(visiteur):
    reponse = visiteur.get("/mentions-legales/")
    etag = reponse.headers["ETag"]
    assert reponse.status_code == 200 and etag
    assert "max-age=0" in reponse.headers["Cache-Control"] and "must-revalidate" in reponse.headers["Cache-Control"]
    pas_change = visiteur.get("/mentions-legales/", HTTP_IF_NONE_MATCH=etag)
    assert pas_change.status_code == 304 and pas_change.content == b""
    assert visiteur.get("/mentions-legales/", HTTP_IF_NONE_MATCH='"autre"').status_code == 200


def test_le_html_est_compresse_et_garde_son_etag(visiteur):
    reponse = visiteur.get("/mentions-legales/", HTTP_ACCEPT_ENCODING="gzip")
    assert reponse.headers["Content-Encoding"] == "gzip"
    assert "Mentions légales" in gzip.decompress(reponse.content).decode()
    etag = reponse.headers["ETag"]
    assert etag.startswith("W/")  # weak once compressed, still matched
    assert visiteur.get("/mentions-legales/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_une_page_en_cache_est_servie_sans_requete_sql(visiteur, django_assert_max_num_queries):
    partenaire = PartenaireFactory(nom="Maison de santé de Nérac", slug="msp-nerac")
    url = reverse("partenaires:partenaire", args=[partenaire.slug])
    premiere = visiteur.get(url)
    with django_assert_max_num_queries(0):
        seconde = visiteur.get(url)
    assert seconde.content == premiere.content and "Maison de santé de Nérac" in seconde.content.decode()


def test_un_partenaire_modifie_en_gestion_se_voit_aussitot(visiteur, equipe):
    partenaire = PartenaireFactory(nom="Maison de santé de Nérac", slug="msp-nerac", services=[TypeBesoin.LOGEMENT])
    url = reverse("partenaires:partenaire", args=[partenaire.slug])
    assert "Maison de santé de Nérac" in visiteur.get(url).content.decode()
    assert "Maison de santé de Nérac" in visiteur.get("/partenaires/").content.decode()
    modifier_en_gestion(
        equipe, reverse("admin:partenaires_partenaire_change", args=[partenaire.pk]), nom="Pôle de santé de Nérac"
    )
    assert "Pôle de santé de Nérac" in visiteur.get(url).content.decode()
    assert "Pôle de santé de Nérac" in visiteur.get("/partenaires/").content.decode()


def test_une_aide_modifiee_en_gestion_se_voit_au_catalogue(visiteur, equipe):
    aide = AideFinanciereFactory(nom="Prime d’installation du département")
    assert "Prime d’installation du département" in visiteur.get("/aides/catalogue/").content.decode()
    modifier_en_gestion(
        equipe, reverse("admin:partenaires_aidefinanciere_change", args=[aide.pk]), nom="Prime d’installation 2027"
    )
    contenu = visiteur.get("/aides/catalogue/").content.decode()
    assert "Prime d’installation 2027" in contenu and "Prime d’installation du département" not in contenu


def test_la_configuration_modifiee_se_voit_sur_les_pages_en_cache(visiteur, equipe):
    config = configuration_courante()
    avant = visiteur.get("/mentions-legales/")
    assert config.nom_programme in avant.content.decode()
    modifier_en_gestion(
        equipe,
        reverse("admin:bienvenuedoc_configurationsite_change", args=[config.pk]),
        nom_programme="Installez-vous en Albret",
    )
    apres = visiteur.get("/mentions-legales/", HTTP_IF_NONE_MATCH=avant.headers["ETag"])
    assert apres.status_code == 200 and "Installez-vous en Albret" in apres.content.decode()


def test_une_page_de_contenu_modifiee_se_voit_sur_la_page_de_son_public(visiteur, equipe):
    page = PageFactory(titre="S’installer en zone rurale", public="medecins")
    assert "S’installer en zone rurale" in visiteur.get("/medecins/").content.decode()
    assert "S’installer en zone rurale" in visiteur.get(page.get_absolute_url()).content.decode()
    modifier_en_gestion(equipe, reverse("admin:contenus_page_change", args=[page.pk]), titre="Exercer à la campagne")
    assert "Exercer à la campagne" in visiteur.get("/medecins/").content.decode()
    assert "Exercer à la campagne" in visiteur.get(page.get_absolute_url()).content.decode()


def test_le_formulaire_de_demande_n_est_jamais_servi_du_cache(visiteur):
    CommuneFactory(agen=True)
    jetons = set()
    for _ in range(2):
        html = visiteur.get("/demande/").content.decode()
        jetons.add(re.search(r'name="jeton" value="([^"]+)"', html).group(1))
    assert len(jetons) == 2  # a fresh anti-spam token per display


def test_le_formulaire_garde_en_cache_s_envoie_avec_les_jetons_de_son_affichage(django_assert_max_num_queries):
    """The blank request form is rendered once; each display gets its own CSRF token, anti-spam token and
    submission key, and a submission with them (CSRF checked) is accepted and saved."""
    configuration_courante()
    CommuneFactory(agen=True)
    visiteur = Client(enforce_csrf_checks=True)
    visiteur.get("/demande/")  # rendered, kept
    with django_assert_max_num_queries(0):
        html = visiteur.get("/demande/").content.decode()
    assert "bd-a-remplacer" not in html

    def valeur(nom):
        return re.search(rf'name="{nom}" value="([^"]+)"', html).group(1)

    envoi = {**donnees(), "csrfmiddlewaretoken": valeur("csrfmiddlewaretoken")}
    envoi.update(jeton=valeur("jeton"), cle_envoi=valeur("cle_envoi"))
    reponse = visiteur.post("/demande/", envoi)
    assert reponse.status_code == 302 and Demande.objects.get().cle_envoi == envoi["cle_envoi"]
    # the same display sent again lands on the first submission's confirmation, nothing created twice
    assert visiteur.post("/demande/", envoi).status_code == 302 and Demande.objects.count() == 1


def test_un_visiteur_avec_une_session_a_sa_propre_page(visiteur, equipe):
    """A member of staff (a session) gets the page rendered for him, never one stored for everyone."""
    visiteur.get("/mentions-legales/")  # stored for anonymous visitors
    reponse = equipe.get("/mentions-legales/")
    assert reponse.status_code == 200
    assert "must-revalidate" not in reponse.headers.get("Cache-Control", "")


def test_la_vue_plafond_du_banc_d_essai_n_existe_pas_hors_banc(visiteur):
    assert visiteur.get("/banc-essai/plafond/").status_code == 404
