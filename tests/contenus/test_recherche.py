"""The site search /recherche/: pages, partners, aids, offers and events, grouped by kind, one query per kind."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from bienvenuedoc.pages_en_cache import invalider_pages_publiques
from bienvenuedoc.recherche_site import rechercher, sources
from tests.contenus.factories import EvenementFactory, PageFactory
from tests.partenaires.factories import PartenaireFactory
from tests.remplacements.factories import OffreFactory

pytestmark = pytest.mark.django_db
URL = reverse("site:recherche")


def _titres(groupes, cle):
    return [r.titre for g in groupes if g.cle == cle for r in g.resultats]


def test_logement_interne_trouve_les_logements_et_la_page():
    PageFactory(titre="Se loger pendant son stage", corps="Les logements des internes en stage dans le département.")
    PageFactory(titre="Devenir médecin", corps="PASS et LAS.")
    logement = OffreFactory(logement=True, titre="Studio meublé à Nérac", pour_internes=True)
    OffreFactory(logement=True, titre="Chambre pour externes", pour_internes=False, pour_externes=True)
    OffreFactory(titre="Remplacement en cabinet", description="Logement possible.")
    OffreFactory(logement=True, titre="Logement retiré", pour_internes=True, en_attente=True)

    groupes = rechercher("logement interne")

    assert _titres(groupes, "pages") == ["Se loger pendant son stage"]
    assert _titres(groupes, "offres") == [logement.titre]


def test_accents_et_majuscules_ignores():
    PageFactory(titre="Études de santé", corps="La première année.")
    assert _titres(rechercher("ETUDES"), "pages") == ["Études de santé"]
    assert _titres(rechercher("études"), "pages") == ["Études de santé"]


def test_les_contenus_non_publies_ne_sortent_pas():
    PageFactory(titre="Brouillon secret", publie=False)
    PartenaireFactory(nom="Partenaire secret", publie=False)
    assert rechercher("secret") == []


def test_la_page_groupe_par_type_avec_les_comptes(client):
    PageFactory(titre="Journée à Agen")
    EvenementFactory(titre="Journée découverte à Agen", commune_nom="Agen")
    PartenaireFactory(nom="Mairie d’Agen", ville="Agen")
    reponse = client.get(URL, {"q": "Agen"})
    texte = reponse.content.decode()
    assert reponse.status_code == 200
    assert 'role="search"' in texte and 'for="recherche-page-q"' in texte
    assert '<h2 id="resultats-pages"' in texte and '<h2 id="resultats-evenements"' in texte
    assert '<h2 id="resultats-partenaires"' in texte
    assert "3 résultats" in texte


def test_texte_trop_court_ou_vide(client):
    assert "au moins 2 caractères" in client.get(URL, {"q": "a"}).content.decode()
    assert client.get(URL).status_code == 200


def test_le_formulaire_est_dans_l_en_tete(client):
    texte = client.get(reverse("site:accueil")).content.decode()
    assert 'for="bandeau-recherche-q"' in texte and f'action="{URL}"' in texte


@pytest.mark.parametrize("nombre", [1, 25])
def test_nombre_de_requetes_fixe(client, django_assert_max_num_queries, nombre):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL)  # the layout's cached reads warm
    invalider_pages_publiques()
    with CaptureQueriesContext(connection) as sans_recherche:
        client.get(URL)
    for i in range(nombre):
        PageFactory(titre=f"Stage numéro {i}", corps="stage")
        OffreFactory(stage=True, titre=f"Stage {i}")
        EvenementFactory(titre=f"Rencontre stage {i}")
        PartenaireFactory(nom=f"Stage partenaire {i}")
    # one query per kind on top of what the layout reads (the page rendered, not read from the cache)
    invalider_pages_publiques()
    with django_assert_max_num_queries(len(sans_recherche) + len(sources())):
        reponse = client.get(URL, {"q": "stage"})
    assert reponse.status_code == 200


def test_limite_de_debit(client):
    cache.clear()
    try:
        for _ in range(121):
            reponse = client.get(URL, {"q": "stage"})
        assert reponse.status_code == 429
        assert "Trop de recherches" in reponse.content.decode()
        assert int(reponse["Retry-After"]) >= 1
    finally:
        cache.clear()


def test_la_demo_repond_a_logement_interne():
    import io
    import random

    from bienvenuedoc.contenus import demo

    demo.generer(rng=random.Random(1), departement="47", stdout=io.StringIO())
    OffreFactory(logement=True, titre="Studio meublé pour étudiants à Nérac", pour_internes=True)
    groupes = rechercher("logement interne")
    assert "Se loger pendant son stage : le logement des internes et des externes" in _titres(groupes, "pages")
    assert _titres(groupes, "offres") == ["Studio meublé pour étudiants à Nérac"]


def test_la_recherche_passe_par_les_index():
    """PostgreSQL: with sequential scans ruled out, each kind's search (offers aside: their text joins the
    commune) reads the GIN index built on the very vector the search writes (contenus 0003, partenaires 0006)."""
    from django.db import connection

    from bienvenuedoc.recherche_site import _filtrer_postgresql, mots_de

    if connection.vendor != "postgresql":
        pytest.skip("index PostgreSQL")
    index = {
        "pages": "page_recherche_site_idx",
        "evenements": "evenement_recherche_site_idx",
        "actualites": "actualite_recherche_site_idx",
        "partenaires": "partenaire_recherche_site_idx",
        "aides": "aide_recherche_site_idx",
    }
    assert set(index) | {"offres"} == {source.cle for source in sources()}
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL enable_seqscan = off")
        for source in sources():
            if source.cle in index:
                # every row (the publication filters left out, so that on a few rows the planner does not
                # prefer their own indexes): only the search's index can serve the query
                lignes = source.objets().model._base_manager.all()
                plan = _filtrer_postgresql(lignes, source, mots_de("Études à Agen")).explain()
                assert index[source.cle] in plan, plan


def test_la_page_est_gardee_puis_renouvelee_quand_un_partenaire_change(client, django_assert_num_queries):
    cache.clear()
    client.get(URL)  # the site's configuration created (its first save renews every page)
    PartenaireFactory(nom="Maison de santé de Nérac")
    assert "Maison de santé de Nérac" in client.get(URL, {"q": "nerac"}).content.decode()
    with django_assert_num_queries(0):
        assert client.get(URL, {"q": "nerac"}).status_code == 200
    PartenaireFactory(nom="Centre de santé de Nérac")
    invalider_pages_publiques()  # what the back office does after every accepted write
    assert "Centre de santé de Nérac" in client.get(URL, {"q": "nerac"}).content.decode()
