"""The 429 page and its Retry-After header say the REAL wait (the time left in django-ratelimit's window for the
form's rate, 10 an hour for the request form: not « une minute »), and only accepted submissions use up the
quota: a form sent back with errors, however many times, never locks the person out. For every view limited
this way: the request form, the new-link form, the requester space's forms."""

import time

import pytest
from django.urls import reverse

from accompagnement.models import Demande, Message
from accompagnement.services.acces import jeton_creer
from bienvenuedoc.utils.http import attente_en_mots
from tests.accompagnement.factories import DemandeFactory
from tests.accompagnement.test_public_demande import donnees
from tests.observatoire.factories import CommuneFactory

pytestmark = pytest.mark.django_db
URL = "/demande/"


@pytest.fixture
def agen():
    return CommuneFactory(agen=True)


@pytest.fixture
def fenetre(monkeypatch):
    """django-ratelimit's current window ends in 41 minutes (instead of the suite's frozen far-away window)."""
    fin = int(time.time()) + 41 * 60
    monkeypatch.setattr("django_ratelimit.core._get_window", lambda value, period: fin)
    return fin


def _attente_annoncee(reponse, fin: int) -> int:
    assert reponse.status_code == 429
    attente = int(reponse["Retry-After"])
    assert fin - int(time.time()) - 2 <= attente <= fin - int(time.time()) + 1
    return attente


def test_la_page_429_du_formulaire_dit_l_attente_reelle(client, agen, fenetre):
    for numero in range(10):
        assert client.post(URL, donnees(email=f"personne{numero}@exemple.test")).status_code == 302
    reponse = client.post(URL, donnees(email="onzieme@exemple.test"))
    attente = _attente_annoncee(reponse, fenetre)
    assert 40 * 60 <= attente <= 41 * 60
    html = reponse.content.decode()
    assert "Vous pourrez réessayer dans <strong>41 minutes</strong>" in html
    assert "une minute" not in html.lower()
    assert Demande.objects.count() == 10


def test_l_attente_annoncee_ne_depasse_jamais_la_periode_du_taux(client, agen):
    # the suite freezes the window years ahead: the wait is still bounded by the rate's period (1 hour)
    for numero in range(10):
        client.post(URL, donnees(email=f"personne{numero}@exemple.test"))
    reponse = client.post(URL, donnees())
    assert reponse.status_code == 429 and int(reponse["Retry-After"]) == 3600
    assert "<strong>1 heure</strong>" in reponse.content.decode()


def test_les_envois_refuses_pour_erreur_n_usent_pas_le_quota(client, agen):
    for _ in range(25):
        reponse = client.post(URL, donnees(rpps="123"))
        assert reponse.status_code == 200 and "11 chiffres" in reponse.content.decode()
    assert client.post(URL, donnees()).status_code == 302
    assert Demande.objects.count() == 1


def test_formulaire_du_nouveau_lien_erreurs_gratuites_puis_attente_reelle(client, fenetre):
    DemandeFactory(email="ines@exemple.test")
    url = reverse("accompagnement:espace_lien")
    for _ in range(15):
        assert client.post(url, {"email": "pas-une-adresse"}).status_code == 200
    for _ in range(10):
        assert client.post(url, {"email": "ines@exemple.test"}).status_code == 302
    reponse = client.post(url, {"email": "ines@exemple.test"})
    _attente_annoncee(reponse, fenetre)
    assert "<strong>41 minutes</strong>" in reponse.content.decode()


def test_espace_messages_vides_gratuits_puis_attente_reelle(client, fenetre):
    jeton = jeton_creer(demande=DemandeFactory())
    url = reverse("accompagnement:espace_message", kwargs={"jeton": jeton})
    for _ in range(35):
        assert client.post(url, {"message-corps": "   "}).status_code == 200
    for numero in range(30):
        assert client.post(url, {"message-corps": f"Question {numero}"}).status_code == 302
    _attente_annoncee(client.post(url, {"message-corps": "Une de trop"}), fenetre)
    assert Message.objects.count() == 30


@pytest.mark.parametrize(
    "secondes, texte",
    [
        (1, "1 minute"),
        (59, "1 minute"),
        (61, "2 minutes"),
        (2460, "41 minutes"),
        (3600, "1 heure"),
        (3660, "1 heure et 1 minute"),
        (7500, "2 heures et 5 minutes"),
    ],
)
def test_attente_en_mots(secondes, texte):
    assert attente_en_mots(secondes) == texte
