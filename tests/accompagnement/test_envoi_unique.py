"""Going back after submitting must not create a second case: the request form carries a random key created at
its first display (kept when it comes back with errors); the same form sent again lands on the existing
confirmation — no second case, no second acknowledgement, no second hotline alert — even though its anti-spam
token is spent, and even when the rate limit is reached. Two submissions racing each other on PostgreSQL give one
case (unique constraint, checked in the creation's transaction)."""

import re
import threading

import pytest
from django.core import mail
from django.db import connection

from accompagnement.enums import TypeNotification
from accompagnement.models import Demande, Notification
from accompagnement.services.demandes import demande_creer
from bienvenuedoc.utils.envoi_unique import cle_envoi_valide
from tests.accompagnement.test_public_demande import donnees
from tests.observatoire.factories import CommuneFactory

URL = "/demande/"
CONFIRMATION = "/demande/envoyee/"


@pytest.fixture
def agen(db):
    return CommuneFactory(agen=True)


def _formulaire(client) -> dict:
    """The hidden fields of a fresh display of the form (anti-spam token and the submission key)."""
    html = client.get(URL).content.decode()  # as the browser gets it (the blank form is served from the cache)
    return {nom: re.search(rf'name="{nom}" value="([^"]+)"', html).group(1) for nom in ("jeton", "cle_envoi")}


@pytest.mark.django_db
def test_chaque_affichage_du_formulaire_porte_sa_propre_cle(client, agen):
    premiere, seconde = _formulaire(client)["cle_envoi"], _formulaire(client)["cle_envoi"]
    assert cle_envoi_valide(premiere) and cle_envoi_valide(seconde)
    assert premiere != seconde
    html = client.get(URL).content.decode()
    assert re.search(r'<input type="hidden" name="cle_envoi" value="[A-Za-z0-9_-]{43}"', html)
    assert "js/envoi-unique.js" in html  # puts the key back when the person comes Back to the sent form


@pytest.mark.django_db
def test_le_meme_formulaire_envoye_deux_fois_ne_cree_qu_une_demande(client, agen, django_capture_on_commit_callbacks):
    champs_caches = _formulaire(client)
    with django_capture_on_commit_callbacks(execute=True):
        premier = client.post(URL, donnees(**champs_caches))
    assert premier.status_code == 302 and premier.url == CONFIRMATION
    demande = Demande.objects.get()
    assert demande.cle_envoi == champs_caches["cle_envoi"]
    envoyes = len(mail.outbox)
    assert envoyes == 2  # acknowledgement + hotline alert

    # Back, then « Envoyer ma demande » again: the same page, same token (already spent), same key
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(URL, donnees(**champs_caches))
    assert second.status_code == 302 and second.url == CONFIRMATION
    assert Demande.objects.count() == 1
    assert len(mail.outbox) == envoyes
    assert Notification.objects.filter(type=TypeNotification.ACCUSE_RECEPTION).count() == 1
    assert Notification.objects.filter(type=TypeNotification.NOUVELLE_DEMANDE).count() == 1
    confirmation = client.get(CONFIRMATION)
    assert demande.reference in confirmation.content.decode()


@pytest.mark.django_db
def test_le_formulaire_redonne_avec_des_erreurs_garde_sa_cle(client, agen):
    champs_caches = _formulaire(client)
    erreur = client.post(URL, donnees(rpps="123", **champs_caches))
    assert erreur.status_code == 200
    assert erreur.context["form"]["cle_envoi"].value() == champs_caches["cle_envoi"]
    assert client.post(URL, donnees(**champs_caches)).status_code == 302
    assert client.post(URL, donnees(**champs_caches)).status_code == 302
    assert Demande.objects.get().cle_envoi == champs_caches["cle_envoi"]


@pytest.mark.django_db
def test_une_cle_absente_ou_fabriquee_ne_retrouve_rien(client, agen):
    assert client.post(URL, donnees(cle_envoi="<script>")).status_code == 302
    assert client.post(URL, donnees(cle_envoi="")).status_code == 302
    assert Demande.objects.count() == 2
    assert list(Demande.objects.values_list("cle_envoi", flat=True)) == [None, None]  # nullable, and unique anyway


@pytest.mark.django_db
def test_le_renvoi_mene_a_la_confirmation_meme_quand_la_limite_est_atteinte(client, agen):
    champs_caches = _formulaire(client)
    assert client.post(URL, donnees(**champs_caches)).status_code == 302
    for numero in range(9):
        assert client.post(URL, donnees(email=f"autre{numero}@exemple.test")).status_code == 302
    assert client.post(URL, donnees(email="onzieme@exemple.test")).status_code == 429
    renvoi = client.post(URL, donnees(**champs_caches))
    assert renvoi.status_code == 302 and renvoi.url == CONFIRMATION
    assert Demande.objects.count() == 10


@pytest.mark.django_db(transaction=True)
def test_deux_envois_simultanes_de_la_meme_cle_donnent_une_seule_demande(agen):
    """The service itself, from several connections at once on PostgreSQL: the unique constraint decides."""
    from accompagnement.services.demandes import DonneesDemande

    nombre = 6
    depart = threading.Barrier(nombre)
    resultats, erreurs = [], []
    cle = "k" * 43

    def creer():
        try:
            depart.wait(timeout=30)
            demande = demande_creer(
                donnees=DonneesDemande(
                    profil="medecin_generaliste",
                    prenom="Inès",
                    nom="Moreau",
                    email="ines@exemple.test",
                    type_projet="installation",
                ),
                cle_envoi=cle,
            )
            resultats.append(demande.pk)
        except Exception as exc:  # reported by the assertion below
            erreurs.append(repr(exc))
        finally:
            connection.close()

    fils = [threading.Thread(target=creer) for _ in range(nombre)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=60)
    assert erreurs == []
    assert Demande.objects.count() == 1
    assert resultats == [Demande.objects.get().pk] * nombre
    assert Notification.objects.filter(type=TypeNotification.ACCUSE_RECEPTION).count() == 1
