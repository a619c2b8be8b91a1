"""Alerts on offers: double opt-in (nothing but the confirmation before the click), the daily digest of the new
matching offers only, one-click unsubscribe that deletes the address, unconfirmed subscriptions deleted."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from remplacements.models import AlerteOffre
from remplacements.services.alertes import alertes_envoyer_resumes, alertes_purger_non_confirmees
from remplacements.services.offres import offre_publier
from tests.accompagnement.factories import AgentFactory
from tests.observatoire.factories import CommuneFactory

from .factories import OffreFactory

pytestmark = pytest.mark.django_db


def _lien(corps: str, quoi: str) -> str:
    return re.search(rf"https?://[^/\s]+(/offres/alerte/{quoi}/[^/\s]+/)", corps).group(1)


def test_une_nouvelle_offre_correspondante_produit_le_courriel_d_alerte(client, django_capture_on_commit_callbacks):
    CommuneFactory(agen=True)
    boe = CommuneFactory(nom="Boé", latitude=44.1650, longitude=0.6320)
    marmande = CommuneFactory(nom="Marmande", latitude=44.5003, longitude=0.1653)
    OffreFactory(stage=True, titre="Stage déjà publié", commune=boe)
    recherche = "type=stage&commune=Agen+%2847000%29&distance=30"
    page = client.get(reverse("remplacements:offres") + "?" + recherche).content.decode()
    assert "Terrain de stage, à moins de 30 km de Agen" in page
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("remplacements:alerte_nouvelle"),
            {"alerte-email": "lea@exemple.test", "alerte-consentement": "on", "alerte-recherche": recherche},
        )
    assert "Confirmez votre adresse" in reponse.content.decode()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["lea@exemple.test"] and "Terrain de stage" in confirmation.body

    # not confirmed: nothing is sent
    proche = OffreFactory(stage=True, titre="Stage tout neuf", commune=boe, en_attente=True)
    with django_capture_on_commit_callbacks(execute=True):
        offre_publier(offre=proche, auteur=AgentFactory())
        assert alertes_envoyer_resumes() == 0

    assert "Votre alerte est confirmée" in client.get(_lien(confirmation.body, "confirmer")).content.decode()
    nouvelle = OffreFactory(stage=True, titre="Stage à Boé publié après", commune=boe, en_attente=True)
    loin = OffreFactory(stage=True, titre="Stage à Marmande", commune=marmande, en_attente=True)
    logement = OffreFactory(logement=True, titre="Logement à Boé", commune=boe, en_attente=True)
    with django_capture_on_commit_callbacks(execute=True):
        for offre in (nouvelle, loin, logement):
            offre_publier(offre=offre, auteur=AgentFactory())
        assert alertes_envoyer_resumes(maintenant=timezone.now() + timedelta(seconds=1)) == 1
    (resume,) = [m for m in mail.outbox if m.to == ["lea@exemple.test"] and "nouvelle" in m.subject]
    assert "Stage à Boé publié après" in resume.body
    assert "Marmande" not in resume.body and "Logement" not in resume.body and "déjà publié" not in resume.body
    assert resume.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # the next day, nothing new: no e-mail
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert alertes_envoyer_resumes(maintenant=timezone.now() + timedelta(days=1)) == 0

    # one-click unsubscribe (a bare POST, as mail clients do) deletes the address
    assert client.post(_lien(resume.body, "desabonner")).status_code == 200
    assert not AlerteOffre.objects.exists()


def test_abonnement_fautif_dit_sur_le_champ_et_non_confirme_efface(client):
    reponse = client.post(reverse("remplacements:alerte_nouvelle"), {"alerte-email": "pas-une-adresse"})
    html = reponse.content.decode()
    assert reponse.status_code == 200 and 'id="id_alerte-email-erreurs"' in html
    assert "Cochez cette case pour recevoir les alertes." in html
    vieille = AlerteOffre.objects.create(email="a@exemple.test", criteres={})
    AlerteOffre.objects.filter(pk=vieille.pk).update(creee_le=timezone.now() - timedelta(days=8))
    AlerteOffre.objects.create(email="b@exemple.test", criteres={})
    assert alertes_purger_non_confirmees() == 1


def test_liens_falsifies(client):
    assert client.get("/offres/alerte/confirmer/faux/").status_code == 404
    assert client.post("/offres/alerte/desabonner/faux/").status_code == 200  # says « désabonné », deletes nothing
