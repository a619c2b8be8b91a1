"""Login throttling of the back office (django-axes, database handler): after 5 wrong passwords for one account
OR from one address, the login is refused — the right password included — for 15 minutes, with the French
lock-out page; a success clears the account's failures; the attempts are listed for the Responsable."""

# ruff: noqa: F811  (fixtures imported from factories_backoffice)
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.accompagnement.factories_backoffice import CHARGE, charge, client_de, membre, responsable  # noqa: F401

pytestmark = pytest.mark.django_db

URL = reverse("admin:login")
MOT_DE_PASSE = "motdepasse-agent"  # AgentFactory's
ICI, AILLEURS = "203.0.113.7", "198.51.100.9"


def _essayer(client, username, password, ip=ICI, **entetes):
    return client.post(
        URL, {"username": username, "password": password, "next": "/gestion/"}, REMOTE_ADDR=ip, **entetes
    )


def _connecte(client) -> bool:
    return "_auth_user_id" in client.session


def _est_verrouille(reponse) -> bool:
    return reponse.status_code == 429 and "Connexion temporairement bloquée" in reponse.content.decode()


def test_cinq_mauvais_mots_de_passe_bloquent_le_compte_meme_avec_le_bon(client, charge):
    for _ in range(4):
        reponse = _essayer(client, charge.username, "mauvais-mot-de-passe")
        assert reponse.status_code == 200 and not _connecte(client)
    assert _est_verrouille(_essayer(client, charge.username, "mauvais-mot-de-passe"))  # the fifth failure locks
    reponse = _essayer(client, charge.username, MOT_DE_PASSE)
    assert _est_verrouille(reponse), reponse.status_code
    assert "15&nbsp;minutes" in reponse.content.decode()
    assert not _connecte(client)
    # per account: from another address too
    assert _est_verrouille(_essayer(client, charge.username, MOT_DE_PASSE, ip=AILLEURS))
    assert not _connecte(client)


def test_cinq_echecs_depuis_une_adresse_la_bloquent_pour_tous_les_comptes(client, charge):
    for numero in range(5):
        _essayer(client, f"inconnu{numero}", "mauvais-mot-de-passe")
    assert _est_verrouille(_essayer(client, charge.username, MOT_DE_PASSE))
    assert not _connecte(client)
    # the account itself is not locked: from another address the right password logs in
    reponse = _essayer(client, charge.username, MOT_DE_PASSE, ip=AILLEURS)
    assert reponse.status_code == 302 and _connecte(client)


def test_l_adresse_est_celle_du_client_derriere_le_proxy_de_confiance(client, charge, settings):
    settings.NOMBRE_PROXIES = 1
    for numero in range(5):
        _essayer(client, f"inconnu{numero}", "faux", ip="10.0.0.2", HTTP_X_FORWARDED_FOR=ICI)
    assert AccessAttempt.objects.filter(ip_address=ICI).count() == 5
    bloque = _essayer(client, charge.username, MOT_DE_PASSE, ip="10.0.0.2", HTTP_X_FORWARDED_FOR=ICI)
    assert _est_verrouille(bloque)
    # same proxy, another client: not locked
    assert (
        _essayer(client, charge.username, MOT_DE_PASSE, ip="10.0.0.2", HTTP_X_FORWARDED_FOR=AILLEURS).status_code == 302
    )


def test_debloque_apres_le_delai(client, charge):
    for _ in range(5):
        _essayer(client, charge.username, "mauvais-mot-de-passe")
    assert _est_verrouille(_essayer(client, charge.username, MOT_DE_PASSE))
    # 16 minutes later (the attempts are dated back: the cool-off counts from the last one)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    reponse = _essayer(client, charge.username, MOT_DE_PASSE)
    assert reponse.status_code == 302 and _connecte(client)
    assert not AccessAttempt.objects.filter(username=charge.username).exists()  # reset on success


def test_la_commande_axes_reset_username_debloque_un_compte(client, charge):
    for _ in range(5):
        _essayer(client, charge.username, "mauvais-mot-de-passe", ip=f"203.0.113.{_ + 10}")
    assert _est_verrouille(_essayer(client, charge.username, MOT_DE_PASSE, ip=AILLEURS))
    call_command("axes_reset_username", charge.username)
    assert _essayer(client, charge.username, MOT_DE_PASSE, ip=AILLEURS).status_code == 302


def test_une_connexion_reussie_remet_les_echecs_a_zero(client, charge):
    for _ in range(4):
        _essayer(client, charge.username, "mauvais-mot-de-passe")
    assert _essayer(client, charge.username, MOT_DE_PASSE).status_code == 302
    client.logout()
    for _ in range(4):
        _essayer(client, charge.username, "mauvais-mot-de-passe")
    assert _essayer(client, charge.username, MOT_DE_PASSE).status_code == 302


def test_les_tentatives_sont_visibles_du_responsable_pas_du_charge(client, charge, responsable):
    for _ in range(5):
        _essayer(client, charge.username, "mauvais-mot-de-passe")
    liste = reverse("admin:axes_accessattempt_changelist")
    html = client_de(client, responsable).get(liste).content.decode()
    assert charge.username in html and ICI in html
    client.logout()
    assert client_de(client, membre(CHARGE)).get(liste).status_code == 403
