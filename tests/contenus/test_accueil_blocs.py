"""The home page's blocks drawn from the apps above bienvenuedoc: the latest offers (one query) and the
observatory's key figures (computed once, then read from the cache)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from observatoire.models import Commune
from tests.remplacements.factories import OffreFactory

pytestmark = pytest.mark.django_db


def _rendu_et_requetes(gabarit: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as requetes:
        texte = Template(gabarit).render(Context({}))
    return texte, len(requetes)


def test_dernieres_offres_en_une_requete():
    OffreFactory(titre="Première offre")
    texte, peu = _rendu_et_requetes("{% load offres_blocs %}{% offres_recentes 4 %}")
    assert "Première offre" in texte and "Toutes les offres (1)" in texte
    for i in range(12):
        OffreFactory(titre=f"Offre {i}")
    OffreFactory(titre="Offre en attente", en_attente=True)
    texte, beaucoup = _rendu_et_requetes("{% load offres_blocs %}{% offres_recentes 4 %}")
    assert peu == beaucoup == 1
    assert texte.count('href="/offres/') == 4 + 1 and "Toutes les offres (13)" in texte
    assert "Offre en attente" not in texte


def test_chiffres_cles_calcules_une_fois_puis_en_cache(territoire_47, settings):
    settings.DEPARTEMENT = "47"
    cache.clear()
    texte, premiere = _rendu_et_requetes("{% load observatoire_blocs %}{% chiffres_cles %}")
    nombre = Commune.objects.filter(departement__code="47").count()
    assert f"{nombre}" in texte.replace("\u202f", "").replace(" ", "") and "intercommunalités" in texte
    assert premiere <= 12
    _texte, ensuite = _rendu_et_requetes("{% load observatoire_blocs %}{% chiffres_cles %}")
    assert ensuite == 0


def test_l_accueil_montre_offres_et_chiffres(client, territoire_47, settings):
    settings.DEPARTEMENT = "47"
    cache.clear()
    OffreFactory(logement=True, titre="Studio pour internes à Agen")
    texte = client.get(reverse("site:accueil")).content.decode()
    assert "Dernières offres" in texte and "Studio pour internes à Agen" in texte
    assert "Le territoire en chiffres" in texte and 'href="/territoire/"' in texte


@pytest.mark.django_db(transaction=True)
def test_une_offre_retiree_par_son_auteur_quitte_l_accueil_garde_en_cache(client, territoire_47, settings):
    """The home page is kept in cache; an offer withdrawn from its author's space (not through the back office)
    leaves it at the next request: the status change renews the cached public pages once committed."""
    from remplacements.services.offres import offre_retirer

    settings.DEPARTEMENT = "47"
    cache.clear()
    offre = OffreFactory(titre="Remplacement d’été à Nérac")
    assert "Remplacement d’été à Nérac" in client.get(reverse("site:accueil")).content.decode()
    assert "Remplacement d’été à Nérac" in client.get(reverse("site:accueil")).content.decode()  # from the cache
    offre_retirer(offre=offre)
    assert "Remplacement d’été à Nérac" not in client.get(reverse("site:accueil")).content.decode()
