"""The public pages of offers, events, territories, PDF reports and the accessibility form, kept rendered
(bienvenuedoc/pages_en_cache.py): served without SQL to an anonymous visitor, fresh form tokens for each
display, and a write through the real path (a registration or its cancellation, a moderation, an author's
« pourvue », a report becoming ready, a staff edit in the back office) seen at the next request."""

import re
from unittest import mock

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bienvenuedoc.contenus.models import Inscription, SignalementAccessibilite
from bienvenuedoc.models import configuration_courante
from observatoire.models import EPCI
from observatoire.rapports import services as rapports_services
from observatoire.rapports.models import Rapport, StatutRapport
from remplacements.enums import StatutOffre
from remplacements.services.acces import jeton_creer
from remplacements.services.offres import offre_publier
from tests.bienvenuedoc.test_pages_en_cache import equipe, modifier_en_gestion  # noqa: F401 (fixture)
from tests.contenus.factories import EvenementFactory, PresentationTerritoireFactory
from tests.remplacements.factories import OffreFactory

pytestmark = pytest.mark.django_db
SIREN_AGEN = "200096956"


@pytest.fixture
def visiteur():
    configuration_courante()  # created on first use (a write: it makes the cached pages stale), as on a live site
    return Client(enforce_csrf_checks=True)  # a browser of its own, without a session cookie


def _valeur(html: str, nom: str) -> str:
    return re.search(rf'name="{nom}" value="([^"]+)"', html).group(1)


def _servie_du_cache(client, url, django_assert_max_num_queries) -> str:
    client.get(url)  # rendered, kept
    with django_assert_max_num_queries(0):
        reponse = client.get(url)
    assert reponse.status_code == 200
    return reponse.content.decode()


# --- offers -------------------------------------------------------------------------------------------------


def test_la_liste_et_la_carte_des_offres_suivent_la_moderation_et_l_auteur(
    visiteur, admin_client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    publiee = OffreFactory(titre="Remplacement à Nérac")
    attente = OffreFactory(en_attente=True, titre="Collaboration à Villeneuve")
    liste, carte = reverse("remplacements:offres"), reverse("remplacements:offres_carte")
    html = _servie_du_cache(visiteur, liste, django_assert_max_num_queries)
    assert "Remplacement à Nérac" in html and "Collaboration à Villeneuve" not in html
    assert "bd-a-remplacer" not in html
    _servie_du_cache(visiteur, carte, django_assert_max_num_queries)
    with django_capture_on_commit_callbacks(execute=True):  # moderation publishes (admin action)
        admin_client.post(
            reverse("admin:remplacements_offre_changelist"), {"action": "publier", ACTION_CHECKBOX_NAME: [attente.pk]}
        )
    assert "Collaboration à Villeneuve" in visiteur.get(liste).content.decode()
    assert str(attente.uuid) in visiteur.get(carte).content.decode()
    # the author marks the other one « pourvue » from their space (private link): gone from the list and the map
    espace = reverse("remplacements:espace", args=[jeton_creer(offre=publiee)])
    auteur = Client()
    with django_capture_on_commit_callbacks(execute=True):
        auteur.post(espace + "pourvue/")
    publiee.refresh_from_db()
    assert publiee.statut == StatutOffre.POURVUE
    assert "Remplacement à Nérac" not in visiteur.get(liste).content.decode()
    assert str(publiee.uuid) not in visiteur.get(carte).content.decode()


def test_la_liste_des_offres_en_cache_donne_des_jetons_neufs_au_formulaire_d_alerte(
    visiteur, django_assert_max_num_queries
):
    OffreFactory()
    liste = reverse("remplacements:offres")
    premiere = _servie_du_cache(visiteur, liste, django_assert_max_num_queries)
    seconde = visiteur.get(liste).content.decode()
    assert _valeur(premiere, "alerte-jeton") != _valeur(seconde, "alerte-jeton")
    assert "bd-a-remplacer" not in seconde


def test_la_page_d_une_offre_en_cache_garde_son_formulaire_de_contact_et_suit_l_auteur(
    visiteur, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from remplacements.models import MessageOffre

    offre = OffreFactory(titre="Remplacement à Marmande")
    page = reverse("remplacements:offre", args=[offre.uuid])
    html = _servie_du_cache(visiteur, page, django_assert_max_num_queries)
    assert "Remplacement à Marmande" in html and "bd-a-remplacer" not in html
    assert _valeur(html, "jeton") != _valeur(visiteur.get(page).content.decode(), "jeton")  # fresh per display
    envoi = {
        "csrfmiddlewaretoken": _valeur(html, "csrfmiddlewaretoken"),
        "jeton": _valeur(html, "jeton"),
        "site_web": "",
        "nom": "Dr Paul Rey",
        "email": "paul@exemple.test",
        "texte": "Je suis disponible en août.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        reponse = visiteur.post(page, envoi)
    assert reponse.status_code == 302, reponse.content.decode()
    assert MessageOffre.objects.filter(offre=offre).count() == 1
    assert "Votre message est envoyé" in visiteur.get(page).content.decode()  # its pending message: rendered anew
    # the author withdraws it from their space: the kept page is gone at the next request
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("remplacements:espace", args=[jeton_creer(offre=offre)]) + "retirer/")
    offre.refresh_from_db()
    assert offre.statut == StatutOffre.RETIREE
    assert Client().get(page).status_code == 404


# --- events ---------------------------------------------------------------------------------------------------


def test_une_inscription_et_son_annulation_changent_les_places_affichees(
    visiteur, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    evenement = EvenementFactory(titre="Job dating des internes", capacite=3)
    page, liste = evenement.get_absolute_url(), reverse("contenus:evenements")
    html = _servie_du_cache(visiteur, page, django_assert_max_num_queries)
    assert "3 places disponibles sur 3" in html and "bd-a-remplacer" not in html
    _servie_du_cache(visiteur, liste, django_assert_max_num_queries)
    envoi = {
        "csrfmiddlewaretoken": _valeur(html, "csrfmiddlewaretoken"),
        "jeton": _valeur(html, "jeton"),
        "site_web": "",
        "nom": "Léa Martin",
        "email": "lea@exemple.test",
        "profil": "interne",
        "consentement": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        reponse = visiteur.post(page, envoi)
    assert reponse.status_code == 302, reponse.content.decode()
    inscription = Inscription.objects.get()
    lecteur = Client()  # another visitor, who reads the cached pages
    assert "2 places disponibles sur 3" in lecteur.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("contenus:inscription_annuler", args=[inscription.jeton]))
    assert "3 places disponibles sur 3" in lecteur.get(page).content.decode()


def test_un_evenement_modifie_en_gestion_se_voit_dans_la_liste(visiteur, equipe, django_assert_max_num_queries):  # noqa: F811
    evenement = EvenementFactory(titre="Soirée d’accueil des internes")
    liste = reverse("contenus:evenements")
    assert "Soirée d’accueil des internes" in _servie_du_cache(visiteur, liste, django_assert_max_num_queries)
    modifier_en_gestion(
        equipe, reverse("admin:contenus_evenement_change", args=[evenement.pk]), titre="Soirée des nouveaux internes"
    )
    assert "Soirée des nouveaux internes" in visiteur.get(liste).content.decode()
    assert "Soirée des nouveaux internes" in visiteur.get(evenement.get_absolute_url()).content.decode()


# --- territories ----------------------------------------------------------------------------------------------


def test_les_pages_du_territoire_suivent_la_gestion_et_la_moderation(
    territoire_47,
    settings,
    visiteur,
    equipe,  # noqa: F811
    django_user_model,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    settings.DEPARTEMENT = "47"
    agen = EPCI.objects.get(siren=SIREN_AGEN)
    presentation = PresentationTerritoireFactory(epci_siren=agen.siren, accroche="Au bord de la Garonne.")
    commune = agen.communes.order_by("-population").first()
    offre = OffreFactory(en_attente=True, titre="Studio près de la gare", commune=commune)
    index, page = reverse("territoire:index"), reverse("territoire:epci", args=[agen.siren])
    assert "Au bord de la Garonne." in _servie_du_cache(visiteur, index, django_assert_max_num_queries)
    assert "Studio près de la gare" not in _servie_du_cache(visiteur, page, django_assert_max_num_queries)
    modifier_en_gestion(
        equipe,
        reverse("admin:contenus_presentationterritoire_change", args=[presentation.pk]),
        accroche="Entre Garonne et coteaux.",
    )
    assert "Entre Garonne et coteaux." in visiteur.get(index).content.decode()
    assert "Entre Garonne et coteaux." in visiteur.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # moderation (the service the admin action calls)
        offre_publier(offre=offre, auteur=django_user_model.objects.get(username="equipe"))
    assert "Studio près de la gare" in visiteur.get(page).content.decode()
    # staff (a session) get the page rendered for them, never the one kept for the public
    reponse = equipe.get(page)
    assert reponse.status_code == 200 and "must-revalidate" not in reponse.headers.get("Cache-Control", "")


# --- PDF reports ----------------------------------------------------------------------------------------------


def test_un_rapport_demande_puis_pret_se_voit_dans_la_liste(
    territoire_47, settings, visiteur, django_assert_max_num_queries, django_capture_on_commit_callbacks, tmp_path
):
    settings.DEPARTEMENT = "47"
    settings.MEDIA_ROOT = tmp_path
    liste = reverse("rapports:liste")
    html = _servie_du_cache(visiteur, liste, django_assert_max_num_queries)
    assert "bd-a-remplacer" not in html
    envoi = {
        "csrfmiddlewaretoken": _valeur(html, "csrfmiddlewaretoken"),
        "jeton": _valeur(html, "jeton"),
        "site_web": "",
        "perimetre": "departement",
        "date": timezone.localdate().strftime("%d/%m/%Y"),
        "date_comparaison": "",
        "epci": "",
    }
    with mock.patch.object(rapports_services, "mettre_en_file"), django_capture_on_commit_callbacks(execute=True):
        reponse = visiteur.post(liste, envoi)
    assert reponse.status_code == 302, reponse.content.decode()
    rapport = Rapport.objects.get()
    lecteur = Client()
    avant = lecteur.get(liste).content.decode()
    assert rapport.get_absolute_url() in avant and "en attente (0" in avant and "prêt le" not in avant
    with (
        mock.patch.object(rapports_services, "rendre_pdf", return_value=(b"%PDF-1.7 test", 1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert rapports_services.rapport_generer(rapport.pk)  # what the worker's task runs
    rapport.refresh_from_db()
    assert rapport.statut == StatutRapport.PRET
    apres = lecteur.get(liste).content.decode()
    assert "prêt le" in apres and "1 page," in apres


# --- the accessibility form -------------------------------------------------------------------------------------


def test_le_formulaire_de_signalement_en_cache_s_envoie_avec_ses_jetons(visiteur, django_assert_max_num_queries):
    url = reverse("contenus:signalement_accessibilite") + "?page=/offres/"
    html = _servie_du_cache(visiteur, url, django_assert_max_num_queries)
    assert 'value="/offres/"' in html and "bd-a-remplacer" not in html
    autre = visiteur.get(url).content.decode()
    assert _valeur(autre, "jeton") != _valeur(html, "jeton")
    envoi = {
        "csrfmiddlewaretoken": _valeur(html, "csrfmiddlewaretoken"),
        "jeton": _valeur(html, "jeton"),
        "site_web": "",
        "description": "Le plan des offres ne se lit pas au clavier.",
        "adresse_page": "/offres/",
        "email": "lea@exemple.test",
        "nom": "",
        "aide_technique": "",
        "consentement": "on",
    }
    reponse = visiteur.post(reverse("contenus:signalement_accessibilite"), envoi)
    assert reponse.status_code == 302, reponse.content.decode()
    assert SignalementAccessibilite.objects.get().adresse_page == "/offres/"
