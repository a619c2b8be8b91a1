"""Content-Security-Policy and Permissions-Policy on every response: public pages, error pages, the back
office. Besides the directives, each page's HTML is read for what the policy would block (an inline script,
an inline <style> without the response's nonce, a style="" or on…="" attribute that no hash allows), so a
template that breaks the policy fails here before it fails in a browser (tests/browser/test_csp.py)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from bienvenuedoc.utils.csp import empreinte_csp
from tests.accompagnement.factories import DemandeFactory
from tests.partenaires.factories import AideFinanciereFactory, CommuneFactory, PartenaireFactory

pytestmark = pytest.mark.django_db

PAGES_PUBLIQUES = [
    "/",
    "/medecins/",
    "/internes-et-etudiants/",
    "/lyceens/",
    "/mentions-legales/",
    "/accessibilite/",
    "/donnees-personnelles/",
    "/plan-du-site/",
    "/territoire/",
    "/territoire/200096956/",
    "/recherche/?q=agen",
    "/accessibilite/signaler/",
    "/observatoire/",
    "/observatoire/epci/200096956/",
    "/observatoire/commune/47001/",
    "/observatoire/rapports/",
    "/partenaires/",
    "/partenaires/ars/",
    "/aides/",
    "/aides/?profil=interne&type_projet=stage&commune=47001&mode_exercice=liberal&secteur=non_concerne"
    "&engagement_annees=3&premiere_installation=non&aide_installation_recue=non",
    "/aides/catalogue/",
    "/demande/",
    "/espace/",
    "/espace/lien-envoye/",
    "/page-qui-n-existe-pas/",  # 404
    "/partenaires/?type=%00",  # 400
    "/gestion/login/",
]


def directives(reponse) -> dict[str, list[str]]:
    entete = reponse.headers.get("Content-Security-Policy")
    assert entete, f"pas d'en-tête Content-Security-Policy sur {reponse.request['PATH_INFO']}"
    resultat = {}
    for partie in entete.split(";"):
        mots = partie.split()
        if mots:
            assert mots[0] not in resultat, f"directive {mots[0]} en double : {entete}"
            resultat[mots[0]] = mots[1:]
    return resultat


class _Inline(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' checks: inline scripts, <style> elements, attributes."""

    def __init__(self):
        super().__init__()
        self.scripts, self.styles, self.attributs_style, self.gestionnaires = [], [], [], []
        self._dans = None

    def handle_starttag(self, tag, attrs):
        attributs = dict(attrs)
        if tag == "script" and not attributs.get("src"):
            type_ = (attributs.get("type") or "text/javascript").lower()
            if type_ not in ("application/json", "application/ld+json"):
                self._dans = ("script", attributs)
        elif tag == "style":
            self._dans = ("style", attributs)
        for nom, valeur in attrs:
            if nom == "style":
                self.attributs_style.append(valeur or "")
            elif nom.startswith("on"):
                self.gestionnaires.append(valeur or "")
            elif nom in ("href", "src", "action") and (valeur or "").strip().lower().startswith("javascript:"):
                self.gestionnaires.append(valeur)

    def handle_endtag(self, tag):
        self._dans = None

    def handle_data(self, data):
        if self._dans:
            nature, attributs = self._dans
            (self.scripts if nature == "script" else self.styles).append((attributs, data))


def verifier_politique(reponse, *, gestion: bool = False) -> dict[str, list[str]]:
    politique = directives(reponse)
    assert politique["default-src"] == ["'self'"]
    assert politique["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no host
    assert politique["object-src"] == ["'none'"]
    assert politique["base-uri"] == ["'self'"]
    assert politique["form-action"] == ["'self'"]
    assert politique["frame-ancestors"] == ["'none'"]
    assert politique["img-src"][:2] == ["'self'", "data:"]
    assert politique["style-src"][0] == "'self'"
    for directive, sources in politique.items():
        assert "'unsafe-inline'" not in sources, f"'unsafe-inline' dans {directive}"
        assert "'unsafe-eval'" not in sources, f"'unsafe-eval' dans {directive}"
    if not gestion:
        assert "script-src-attr" not in politique and "style-src-attr" not in politique

    entete = reponse.headers.get("Permissions-Policy", "")
    for fonctionnalite in ["geolocation", "camera", "microphone", "payment", "usb"]:
        assert f"{fonctionnalite}=()" in entete, f"Permissions-Policy sans {fonctionnalite}=() : {entete!r}"

    if "text/html" in reponse.headers.get("Content-Type", ""):
        page = _Inline()
        page.feed(reponse.content.decode())
        assert not page.scripts, f"script en ligne : {page.scripts}"
        for attributs, texte in page.styles:
            permis = f"'nonce-{attributs.get('nonce')}'" if attributs.get("nonce") else empreinte_csp(texte)
            assert permis in politique["style-src"], f"<style> ni par son nonce ni par son empreinte ({permis})"
        permis_style = politique.get("style-src-attr", [])
        for valeur in page.attributs_style:
            assert empreinte_csp(valeur) in permis_style, f"attribut style={valeur!r} bloqué par la politique"
        permis_script = politique.get("script-src-attr", [])
        for valeur in page.gestionnaires:
            assert empreinte_csp(valeur) in permis_script, f"gestionnaire {valeur!r} bloqué par la politique"
    return politique


@pytest.fixture
def donnees():
    agen = CommuneFactory(agen=True)
    ars = PartenaireFactory(nom="ARS", slug="ars", services=["aides_financieres"])
    AideFinanciereFactory(cesp=True, slug="cesp", financeur=ars)
    return agen


@pytest.mark.parametrize("adresse", PAGES_PUBLIQUES)
def test_chaque_page_publique_envoie_la_politique(client, donnees, adresse):
    reponse = client.get(adresse)
    assert reponse.status_code in (200, 400, 404), reponse.status_code
    verifier_politique(reponse, gestion=adresse.startswith("/gestion/"))


def test_le_style_de_la_configuration_est_permis_par_son_empreinte_et_suit_la_configuration(client):
    """No per-response nonce: the page's bytes stay the same from one response to the next (cache, ETag), and
    the policy allows exactly the <style> of the configured colour, by its hash."""
    from bienvenuedoc.models import configuration_courante

    premiere, seconde = client.get("/"), client.get("/")
    assert premiere.content == seconde.content
    style = re.search(r"<style>(:root [^<]*)</style>", premiere.content.decode()).group(1)
    assert "#" in style and empreinte_csp(style) in directives(premiere)["style-src"]
    config = configuration_courante()
    config.couleur_principale = "#7a0060"
    config.save()
    autre = client.get("/mentions-legales/")
    style = re.search(r"<style>(:root [^<]*)</style>", autre.content.decode()).group(1)
    assert "#7a0060" in style and empreinte_csp(style) in directives(autre)["style-src"]


def test_les_fichiers_statiques_et_les_redirections_aussi(client):
    verifier_politique(client.get("/static/css/site.css"))
    redirection = client.get("/gestion/")
    assert redirection.status_code == 302
    verifier_politique(redirection, gestion=True)


def test_l_hote_des_tuiles_est_ajoute_aux_images_seulement_s_il_est_configure(client, settings):
    settings.CARTE_TUILES_URL = ""
    assert directives(client.get("/partenaires/"))["img-src"] == ["'self'", "data:"]
    settings.CARTE_TUILES_URL = "https://{s}.tuiles.exemple.fr/{z}/{x}/{y}.png"
    assert directives(client.get("/partenaires/"))["img-src"] == ["'self'", "data:", "https://*.tuiles.exemple.fr"]
    settings.CARTE_TUILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    politique = directives(client.get("/"))
    assert politique["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert politique["default-src"] == ["'self'"]  # the tile host is allowed for images only


@pytest.fixture
def pages_gestion(donnees):
    demande = DemandeFactory()
    partenaire = PartenaireFactory(slug="odh")
    return [
        reverse("admin:index"),
        reverse("admin:accompagnement_demande_changelist"),
        reverse("admin:accompagnement_demande_change", args=[demande.pk]),
        reverse("admin:accompagnement_demande_history", args=[demande.pk]),
        reverse("admin:partenaires_partenaire_changelist"),
        reverse("admin:partenaires_partenaire_change", args=[partenaire.pk]),
        reverse("admin:partenaires_partenaire_history", args=[partenaire.pk]),
        reverse("admin:partenaires_partenaire_import"),
        reverse("admin:bienvenuedoc_configurationsite_changelist"),
        reverse("admin:auth_user_changelist"),
    ]


def test_la_gestion_envoie_la_politique(admin_client, pages_gestion):
    for adresse in pages_gestion:
        reponse = admin_client.get(adresse, follow=True)
        assert reponse.status_code == 200, adresse
        verifier_politique(reponse, gestion=True)


@pytest.mark.ignore_template_errors  # django-import-export's template reads an undefined `export_url`
def test_la_page_d_export_de_la_gestion_et_ses_attributs_en_ligne(admin_client, donnees):
    """The export page (templates/admin/import_export/export.html, issue 15) has none of the library's style="" and
    onchange="" attributes any more: static/js/gestion.js binds « Select all », which its label names."""
    reponse = admin_client.get(reverse("admin:partenaires_partenaire_export"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "onchange=" not in contenu and 'style="' not in contenu
    assert 'id="select-all-toggle"' in contenu and "js/gestion.js" in contenu
    verifier_politique(reponse, gestion=True)


def test_la_page_de_la_configuration_montre_la_couleur_sans_attribut_style(admin_client):
    from bienvenuedoc.models import configuration_courante

    config = configuration_courante()
    reponse = admin_client.get(reverse("admin:bienvenuedoc_configurationsite_change", args=[config.pk]))
    verifier_politique(reponse, gestion=True)
    assert f'<rect width="120" height="30" fill="{config.couleur_principale}"/>' in reponse.content.decode()


def test_les_exceptions_de_la_gestion_ne_valent_pas_pour_le_site(client):
    """The hashes of the libraries' admin attributes are sent on /gestion/ only."""
    assert "style-src-attr" in directives(client.get("/gestion/login/"))
    assert "style-src-attr" not in directives(client.get("/"))
