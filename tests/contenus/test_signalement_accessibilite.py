"""The accessibility statement's report form: lands in the back office (status « nouveau »), e-mails the team
after commit, same standards as every public form (French errors, nothing lost, antispam, rate limit, CSRF)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bienvenuedoc.contenus.enums import StatutSignalement
from bienvenuedoc.contenus.models import SignalementAccessibilite
from bienvenuedoc.models import configuration_courante
from tests.accompagnement.factories_backoffice import client_de

pytestmark = pytest.mark.django_db
URL = reverse("contenus:signalement_accessibilite")
DONNEES = {
    "description": "Le bouton « M’inscrire » n’est pas annoncé par mon lecteur d’écran.",
    "adresse_page": "/evenements/",
    "aide_technique": "NVDA et Firefox",
    "nom": "Camille",
    "email": "Camille@Exemple.test",
    "consentement": "on",
}


def test_la_declaration_mene_au_formulaire(client):
    assert f'href="{URL}"' in client.get(reverse("site:accessibilite")).content.decode()


def test_un_signalement_arrive_dans_la_gestion_et_chez_l_equipe(
    client, admin_user, django_capture_on_commit_callbacks, settings
):
    settings.HOTLINE_EMAILS = ["equipe@exemple.test"]
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(URL, DONNEES, follow=True)
    assert "Merci, votre signalement est envoyé" in reponse.content.decode()
    signalement = SignalementAccessibilite.objects.get()
    assert signalement.statut == StatutSignalement.NOUVEAU and signalement.email == "camille@exemple.test"
    (courriel,) = mail.outbox
    assert courriel.reply_to == ["camille@exemple.test"]
    config = configuration_courante()  # the hotline's address when configured, else HOTLINE_EMAILS
    assert courriel.to == ([config.hotline_email] if config.hotline_email else ["equipe@exemple.test"])
    assert "NVDA et Firefox" in courriel.body and "n’est pas annoncé" in courriel.body
    assert f"/gestion/contenus/signalementaccessibilite/{signalement.pk}/change/" in courriel.body
    # the back office lists it and the team changes its status
    client_de(client, admin_user)
    liste = client.get(reverse("admin:contenus_signalementaccessibilite_changelist")).content.decode()
    assert "/evenements/" in liste and "Nouveau" in liste
    page = reverse("admin:contenus_signalementaccessibilite_change", args=[signalement.pk])
    client.post(page, {"statut": StatutSignalement.TRAITE, "note_interne": "Corrigé."})
    signalement.refresh_from_db()
    assert signalement.statut == StatutSignalement.TRAITE
    assert signalement.description == DONNEES["description"]  # what the visitor sent stays read-only


def test_erreurs_en_francais_et_rien_n_est_perdu(client):
    reponse = client.post(URL, {**DONNEES, "description": "", "email": "pas-une-adresse", "consentement": ""})
    texte = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Décrivez le problème rencontré." in texte
    assert "Saisissez une adresse électronique valide" in texte
    assert "Cochez cette case" in texte
    assert 'value="NVDA et Firefox"' in texte and 'value="/evenements/"' in texte
    assert not SignalementAccessibilite.objects.exists()


def test_un_robot_qui_remplit_le_piege_est_refuse(client):
    client.post(URL, {**DONNEES, "site_web": "http://spam.example"})
    assert not SignalementAccessibilite.objects.exists()


def test_le_meme_envoi_rejoue_n_est_enregistre_qu_une_fois(client):
    jeton = re.search(r'name="jeton" value="([^"]+)"', client.get(URL).content.decode()).group(1)
    client.post(URL, {**DONNEES, "jeton": jeton})
    client.post(URL, {**DONNEES, "jeton": jeton})
    assert SignalementAccessibilite.objects.count() == 1


def test_limite_par_adresse(client):
    for n in range(5):
        assert client.post(URL, {**DONNEES, "email": f"x{n}@exemple.test"}).status_code == 302
    assert client.post(URL, {**DONNEES, "email": "x9@exemple.test"}).status_code == 429
    assert SignalementAccessibilite.objects.count() == 5


def test_le_jeton_csrf_est_exige():
    assert Client(enforce_csrf_checks=True).post(URL, DONNEES).status_code == 403


def test_la_page_de_confirmation_sans_envoi_renvoie_au_formulaire(client):
    reponse = client.get(reverse("contenus:signalement_accessibilite_envoye"))
    assert reponse.status_code == 302 and reponse["Location"] == URL


def test_les_groupes_de_la_hotline_suivent_les_signalements(client):
    from accompagnement.groupes import CHARGE
    from tests.accompagnement.factories_backoffice import membre

    signalement = SignalementAccessibilite.objects.create(email="a@exemple.test", description="Contraste faible.")
    agent = membre(CHARGE)
    assert agent.has_perm("contenus.change_signalementaccessibilite")
    assert not agent.has_perm("contenus.add_signalementaccessibilite")
    assert not agent.has_perm("contenus.delete_signalementaccessibilite")
    assert agent.has_perm("contenus.change_presentationterritoire")
    client_de(client, agent)
    page = reverse("admin:contenus_signalementaccessibilite_change", args=[signalement.pk])
    assert "Contraste faible." in client.get(page).content.decode()
