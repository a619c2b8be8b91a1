"""The requester's private space /espace/<jeton>/: what it shows (status, referent, needs and their partner,
checklist, thread, documents), what the requester can do there, the private headers, expired links."""

import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from accompagnement.enums import StatutBesoin, StatutDemande, TypeEvenement, TypeNotification
from accompagnement.models import Message, Notification, ProfilAgent
from accompagnement.services.acces import jeton_creer
from accompagnement.services.suivi import besoin_orienter, demande_attribuer, message_hotline_envoyer
from tests.accompagnement.factories import (
    AgentFactory,
    BesoinFactory,
    DemandeFactory,
    DocumentFactory,
    EtapeFactory,
    JetonAccesFactory,
    MessageFactory,
    PartenaireOrientationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(jeton, nom="espace", **kwargs):
    return reverse(f"accompagnement:{nom}", kwargs={"jeton": jeton, **kwargs})


@pytest.fixture
def demande():
    return DemandeFactory(prenom="Inès", nom="Moreau", email="ines@exemple.test")


@pytest.fixture
def jeton(demande):
    return jeton_creer(demande=demande)


def test_l_espace_montre_le_suivi_complet(client):
    referent = AgentFactory(first_name="Claire", last_name="Dupuis", email="claire.dupuis@cd47.test")
    ProfilAgent.objects.create(user=referent, fonction="Chargée d’accompagnement", telephone_direct="05 53 00 00 01")
    demande = DemandeFactory(en_cours=True, referent=referent)
    BesoinFactory(demande=demande, logement=True, oriente=True, partenaire__nom="Habitat 47")
    BesoinFactory(demande=demande, type="aides_financieres", statut=StatutBesoin.RESOLU)
    EtapeFactory(demande=demande, titre="Conventionnement", organisme="CPAM de Lot-et-Garonne")
    MessageFactory(demande=demande, de_hotline=True, auteur=referent, corps="Bonjour, je suis votre référente.")
    MessageFactory(demande=demande, corps="Merci pour votre réponse.")
    DocumentFactory(demande=demande, titre="Liste des MSP")
    jeton = jeton_creer(demande=demande)

    reponse = client.get(url(jeton))
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert f"Ma demande {demande.reference}" in html
    assert "En cours d’accompagnement" in html
    assert "Claire Dupuis" in html and "05 53 00 00 01" in html and "Chargée d’accompagnement" in html
    assert re.search(r"Logement.*?Orienté vers un partenaire.*?Habitat 47", html, re.S)
    assert re.search(r"Aides financières.*?Résolu", html, re.S)
    assert "Conventionnement" in html and "CPAM de Lot-et-Garonne" in html
    assert "Bonjour, je suis votre référente." in html and "Merci pour votre réponse." in html
    assert "Liste des MSP" in html
    assert reponse["Referrer-Policy"] == "strict-origin"
    assert reponse["Cache-Control"] == "private, no-store"
    # the hotline's messages are now read
    assert Message.objects.get(de_demandeur=False).lu_le is not None


def test_sans_referent_l_espace_annonce_la_date_cible_de_premiere_reponse(client, jeton):
    html = client.get(url(jeton)).content.decode()
    assert "vous répondra au plus tard le" in html
    assert "Votre demande va être attribuée" in html


@pytest.mark.parametrize("cas", ["inconnu", "expire", "anonymise"])
def test_lien_invalide_ou_expire_propose_un_nouveau_lien(client, cas):
    if cas == "inconnu":
        jeton = "x" * 43
    elif cas == "expire":
        jeton = "jeton-expire"
        JetonAccesFactory(jeton=jeton, expire=True)
    else:
        jeton = "jeton-anonymise"
        JetonAccesFactory(jeton=jeton, demande=DemandeFactory(anonymisee=True))
    reponse = client.get(url(jeton))
    assert reponse.status_code == 404
    html = reponse.content.decode()
    assert "Ce lien a expiré ou n’est pas valide" in html
    assert f'action="{reverse("accompagnement:espace_lien")}"' in html
    assert reponse["Referrer-Policy"] == "strict-origin"


def test_ecrire_un_message(client, demande, jeton, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url(jeton, "espace_message"), {"message-corps": "  Une question sur le logement.  "})
    assert reponse.status_code == 302 and reponse["Location"].endswith("#messagerie")
    message = Message.objects.get()
    assert message.de_demandeur and message.corps == "Une question sur le logement."
    assert demande.evenements.filter(type=TypeEvenement.MESSAGE_DEMANDEUR, par_demandeur=True).exists()
    notification = Notification.objects.get(type=TypeNotification.MESSAGE_DEMANDEUR)
    assert notification.message == message and notification.envoyee_le
    assert "nouveau message du demandeur" in mail.outbox[-1].subject
    html = client.get(reponse["Location"]).content.decode()
    assert "Votre message a été envoyé" in html and "Une question sur le logement." in html


def test_message_vide_erreur_sur_le_champ(client, jeton):
    reponse = client.post(url(jeton, "espace_message"), {"message-corps": "   "})
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Écrivez votre message avant de l’envoyer." in html
    assert 'id="id_message-corps-erreurs"' in html and 'href="#id_message-corps"' in html
    assert not Message.objects.exists()


def test_completer_sa_demande(client, demande, jeton):
    reponse = client.post(url(jeton, "espace_complement"), {"complement-texte": "Nous aurons un 3e enfant."})
    assert reponse.status_code == 302
    evenement = demande.evenements.get(type=TypeEvenement.COMPLEMENT)
    assert evenement.commentaire == "Nous aurons un 3e enfant." and evenement.par_demandeur
    assert Notification.objects.filter(type=TypeNotification.MESSAGE_DEMANDEUR, message=None).exists()


def test_retirer_sa_demande_demande_une_confirmation(client, demande, jeton):
    besoin = BesoinFactory(demande=demande, en_cours=True)
    page = client.get(url(jeton, "espace_retirer"))
    assert page.status_code == 200 and "Je confirme vouloir retirer ma demande" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"

    sans_confirmation = client.post(url(jeton, "espace_retirer"), {"motif": "Projet ailleurs"})
    assert "Cochez la case pour confirmer" in sans_confirmation.content.decode()
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.NOUVELLE

    reponse = client.post(url(jeton, "espace_retirer"), {"motif": "Projet ailleurs", "confirmation": "on"})
    assert reponse.status_code == 302
    demande.refresh_from_db()
    besoin.refresh_from_db()
    assert demande.statut == StatutDemande.RETIREE and demande.cloturee_le
    assert besoin.statut == StatutBesoin.SANS_SUITE
    html = client.get(url(jeton)).content.decode()
    assert "Retirée par le demandeur" in html
    assert url(jeton, "espace_retirer") not in html  # no second withdrawal
    assert url(jeton, "espace_message") not in html  # the thread is closed


def test_demander_la_suppression_de_ses_donnees(client, demande, jeton):
    assert client.post(url(jeton, "espace_suppression"), {}).status_code == 200
    demande.refresh_from_db()
    assert demande.suppression_demandee_le is None
    reponse = client.post(url(jeton, "espace_suppression"), {"confirmation": "on"})
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.suppression_demandee_le is not None
    assert demande.evenements.filter(type=TypeEvenement.SUPPRESSION_DEMANDEE).count() == 1
    assert "Vous avez demandé la suppression de vos données" in client.get(url(jeton)).content.decode()


def test_document_telechargeable_seulement_avec_le_jeton_de_sa_demande(client, demande, jeton):
    document = DocumentFactory(demande=demande, fichier=ContentFile(b"contenu prive", name="guide.pdf"))
    autre = DocumentFactory()
    reponse = client.get(url(jeton, "espace_document", document_uuid=document.uuid))
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == b"contenu prive"
    assert "attachment" in reponse["Content-Disposition"]
    assert reponse["Cache-Control"] == "private, no-store"
    assert client.get(url(jeton, "espace_document", document_uuid=autre.uuid)).status_code == 404
    assert client.get(url("faux", "espace_document", document_uuid=document.uuid)).status_code == 404


def test_photo_du_referent_servie_par_l_espace(client):
    referent = AgentFactory()
    ProfilAgent.objects.create(user=referent, photo=ContentFile(b"\x89PNG photo", name="photo.png"))
    demande = DemandeFactory(en_cours=True, referent=referent)
    jeton = jeton_creer(demande=demande)
    html = client.get(url(jeton)).content.decode()
    assert url(jeton, "espace_photo_referent") in html
    assert client.get(url(jeton, "espace_photo_referent")).status_code == 200
    sans_photo = jeton_creer(demande=DemandeFactory())
    assert client.get(url(sans_photo, "espace_photo_referent")).status_code == 404


def test_nouveau_lien_reponse_identique_adresse_connue_ou_non(client, demande, django_capture_on_commit_callbacks):
    DemandeFactory(email="INES@exemple.test", terminee=True)
    DemandeFactory(email="ines@exemple.test", anonymisee=True)
    with django_capture_on_commit_callbacks(execute=True):
        connue = client.post(reverse("accompagnement:espace_lien"), {"email": "ines@exemple.test"})
        inconnue = client.post(reverse("accompagnement:espace_lien"), {"email": "personne@exemple.test"})
    assert connue.status_code == inconnue.status_code == 302
    assert connue["Location"] == inconnue["Location"] == reverse("accompagnement:espace_lien_envoye")
    assert Notification.objects.filter(type=TypeNotification.LIEN_ACCES).count() == 2  # not the anonymised one
    assert len(mail.outbox) == 2
    lien = re.search(r"http\S+/espace/\S+/", mail.outbox[0].body).group(0)
    assert client.get(lien.replace("http://127.0.0.1:8000", "")).status_code == 200


def test_nouveau_lien_adresse_invalide_et_limitation(client):
    reponse = client.post(reverse("accompagnement:espace_lien"), {"email": "n-importe-quoi"})
    assert "Saisissez une adresse électronique valide" in reponse.content.decode()
    for _ in range(10):  # only accepted submissions count (the invalid one above does not)
        client.post(reverse("accompagnement:espace_lien"), {"email": "x@exemple.test"})
    assert client.post(reverse("accompagnement:espace_lien"), {"email": "x@exemple.test"}).status_code == 429


def test_les_actions_de_l_equipe_par_les_services_apparaissent_dans_l_espace(
    client, demande, jeton, django_capture_on_commit_callbacks
):
    agent = AgentFactory(first_name="Mehdi", last_name="Benali")
    logement = BesoinFactory(demande=demande, logement=True)
    partenaire = PartenaireOrientationFactory(nom="Agence départementale d’information sur le logement")
    with django_capture_on_commit_callbacks(execute=True):
        demande_attribuer(demande=demande, referent=agent, auteur=agent)
        besoin_orienter(besoin=logement, partenaire=partenaire, auteur=agent)
        message_hotline_envoyer(demande=demande, auteur=agent, corps="Un partenaire va vous appeler.")
    html = client.get(url(jeton)).content.decode()
    assert "Mehdi Benali" in html
    assert re.search(r"Logement.*?Orienté vers un partenaire.*?Agence départementale d’information", html, re.S)
    assert "Un partenaire va vous appeler." in html
    assert any(m.to == [demande.email] and "Un partenaire va vous appeler." in m.body for m in mail.outbox)
