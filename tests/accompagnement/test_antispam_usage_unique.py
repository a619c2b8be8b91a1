"""The anti-spam token of the public forms is single use: once a form carrying it has been accepted, the same
token is refused (one token used to accept 285 submissions). A form re-displayed with errors keeps its token
and is accepted once corrected; the refusal keeps what was typed and gives a fresh token to send again."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accompagnement.models import Demande, Notification
from tests.accompagnement.factories import DemandeFactory
from tests.accompagnement.test_public_demande import donnees
from tests.observatoire.factories import CommuneFactory

pytestmark = pytest.mark.django_db
URL_DEMANDE = "/demande/"
DEJA_ENVOYE = "Ce formulaire a déjà été envoyé"


@pytest.fixture
def agen():
    return CommuneFactory(agen=True)


def _jeton(reponse) -> str:
    """The token the page gives the browser (the blank form is served from the cache, its tokens put in)."""
    return re.search(r'name="jeton" value="([^"]+)"', reponse.content.decode()).group(1)


def test_un_jeton_accepte_une_seule_demande(client, agen, django_capture_on_commit_callbacks):
    jeton = _jeton(client.get(URL_DEMANDE))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL_DEMANDE, donnees(jeton=jeton)).status_code == 302
    assert Demande.objects.count() == 1
    envoyes = len(mail.outbox)

    # the same token again (a replay, or the same page sent twice): refused, nothing created, nothing sent
    with django_capture_on_commit_callbacks(execute=True):
        rejeu = client.post(URL_DEMANDE, donnees(jeton=jeton, nom="Robot"))
    assert rejeu.status_code == 200
    html = rejeu.content.decode()
    assert DEJA_ENVOYE in html
    assert Demande.objects.count() == 1 and len(mail.outbox) == envoyes
    # nothing typed is lost, and the page carries a fresh token: sending it again works
    assert 'value="Robot"' in html
    nouveau = _jeton(rejeu)
    assert nouveau and nouveau != jeton
    assert client.post(URL_DEMANDE, donnees(jeton=nouveau, nom="Robot")).status_code == 302
    assert Demande.objects.count() == 2


def test_un_jeton_rejoue_depuis_un_autre_navigateur_est_refuse(client, agen, django_user_model):
    from django.test import Client

    jeton = _jeton(client.get(URL_DEMANDE))
    assert client.post(URL_DEMANDE, donnees(jeton=jeton)).status_code == 302
    for numero in range(3):
        reponse = Client().post(URL_DEMANDE, donnees(jeton=jeton), REMOTE_ADDR=f"10.0.1.{numero}")
        assert reponse.status_code == 200 and DEJA_ENVOYE in reponse.content.decode()
    assert Demande.objects.count() == 1


def test_un_formulaire_redonne_avec_des_erreurs_garde_son_jeton_et_passe_une_fois_corrige(client, agen):
    jeton = _jeton(client.get(URL_DEMANDE))
    erreur = client.post(URL_DEMANDE, donnees(jeton=jeton, rpps="123"))
    assert erreur.status_code == 200 and "11 chiffres" in erreur.content.decode()
    assert _jeton(erreur) == jeton  # the delay still counts from the first display
    erreur = client.post(URL_DEMANDE, donnees(jeton=jeton, email="pas-une-adresse"))
    assert _jeton(erreur) == jeton
    assert client.post(URL_DEMANDE, donnees(jeton=jeton)).status_code == 302
    assert Demande.objects.count() == 1


def test_le_formulaire_du_lien_magique_n_accepte_son_jeton_qu_une_fois(client):
    DemandeFactory(email="ines@exemple.test")
    url = reverse("accompagnement:espace_lien")
    jeton = _jeton(client.get(url))
    premier = client.post(url, {"email": "ines@exemple.test", "jeton": jeton})
    assert premier.status_code == 302
    assert Notification.objects.count() == 1

    rejeu = client.post(url, {"email": "autre@exemple.test", "jeton": jeton})
    assert rejeu.status_code == 200
    html = rejeu.content.decode()
    assert DEJA_ENVOYE in html
    assert 'value="autre@exemple.test"' in html
    assert re.search(r'name="jeton" value="(?!' + re.escape(jeton) + ")", html)
    assert Notification.objects.count() == 1
