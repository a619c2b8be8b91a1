"""The Markdown written in the admin can carry no HTML injection: scripts, handlers, styles and javascript: links
are removed (the strict CSP would refuse them; the sanitiser never lets them reach the page)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from bienvenuedoc.contenus.rendu import html_sur, markdown_en_html

from .factories import PageFactory

ATTAQUES = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[cliquez](javascript:alert(1))",
    '<a href="javascript:alert(1)">lien</a>',
    '<p style="color:red">rouge</p>',
    '<iframe src="https://exemple.test"></iframe>',
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"></svg>',
]


BALISES_INTERDITES = {"script", "style", "iframe", "svg", "img", "object", "embed", "form", "input"}


class _Elements(HTMLParser):
    """The elements and attributes a browser would build (escaped text such as « &lt;script&gt; » is no element)."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def dangers(html: str) -> list:
    lecteur = _Elements()
    lecteur.feed(html)
    trouves = []
    for balise, attributs in lecteur.elements:
        if balise in BALISES_INTERDITES:
            trouves.append(balise)
        for nom, valeur in attributs.items():
            if nom.startswith("on") or nom == "style":
                trouves.append(f"{balise}[{nom}]")
            if nom in ("href", "src") and not (valeur or "").lower().startswith(
                ("http://", "https://", "mailto:", "tel:")
            ):
                trouves.append(f"{balise}[{nom}={valeur}]")
    return trouves


@pytest.mark.parametrize("attaque", ATTAQUES)
def test_le_markdown_ne_laisse_passer_aucune_injection(attaque):
    assert dangers(markdown_en_html(f"Texte\n\n{attaque}\n\nFin")) == []


@pytest.mark.parametrize("attaque", ATTAQUES)
def test_le_html_brut_est_nettoye(attaque):
    """The second line of defence alone (nh3), on HTML that would reach it by any other way."""
    assert dangers(html_sur(attaque)) == []


def test_le_detecteur_voit_les_injections():
    """The checker above is not blind: on raw attacks it finds them all."""
    for attaque in ATTAQUES:
        if attaque.startswith("<"):
            assert dangers(attaque), attaque


def test_le_markdown_ordinaire_est_rendu():
    html = markdown_en_html(
        "# Titre de page\n\n## Section\n\nDu **gras**, une [source](https://www.parcoursup.gouv.fr/).\n\n- un\n- deux"
    )
    assert "<h2>Section</h2>" in html and "<strong>gras</strong>" in html and "<li>un</li>" in html
    assert '<a href="https://www.parcoursup.gouv.fr/" rel="noopener noreferrer">source</a>' in html
    assert "<h1>" not in html  # the page's title is its only h1


@pytest.mark.django_db
def test_une_page_piegee_s_affiche_sans_script_ni_style(client):
    PageFactory(slug="piegee", corps="\n\n".join(ATTAQUES) + "\n\n**Texte conservé**")
    contenu = client.get(reverse("contenus:page", args=["piegee"])).content.decode()
    corps = contenu.split('<div class="corps-contenu">', 1)[1].split("</div>", 1)[0]
    assert "<strong>Texte conservé</strong>" in corps
    assert dangers(corps) == []
