"""« Retrouver ma demande » (a new link to one's space) is reachable from the header of every page and from the
home page, not only from the site map."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _liens(html: str) -> list[tuple[str, str]]:
    return [
        (href, " ".join(re.sub(r"<[^>]+>", "", texte).split()))
        for href, texte in re.findall(r'<a\b[^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, flags=re.S)
    ]


def test_retrouver_ma_demande_dans_l_en_tete_de_chaque_page(client):
    url_espace = reverse("accompagnement:espace_lien")
    for page in ("/", reverse("site:medecins"), reverse("accompagnement:demande_nouvelle")):
        html = client.get(page).content.decode()
        en_tete = html.split("<header", 1)[1].split("</header>", 1)[0]
        assert (url_espace, "Retrouver ma demande") in _liens(en_tete), page


def test_retrouver_ma_demande_sur_la_page_d_accueil(client):
    html = client.get("/").content.decode()
    contenu = html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]
    assert reverse("accompagnement:espace_lien") in [href for href, _ in _liens(contenu)]


def test_retrouver_ma_demande_reste_dans_le_plan_du_site(client):
    html = client.get(reverse("site:plan_du_site")).content.decode()
    assert (reverse("accompagnement:espace_lien"), "Retrouver ma demande") in _liens(html)
