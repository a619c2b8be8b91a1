"""Two-factor authentication of the back office (django-otp): enforced for the Responsable group (and
superusers), optional for the other staff, recovery codes, the demo command."""

# ruff: noqa: F811  (fixtures imported from factories_backoffice)
import time
from binascii import unhexlify

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accompagnement.securite.comptes_demo import appareil_demo_installer, code_actuel, codes_secours_demo
from accompagnement.securite.views import CLE_SECRET_EN_ATTENTE
from accompagnement.services.double_facteur import cle_base32, codes_secours_generer
from bienvenuedoc.demo import COMPTE_DEMO
from tests.accompagnement.factories_backoffice import (  # noqa: F401
    CHARGE,
    RESPONSABLE,
    charge,
    client_de,
    membre,
    responsable,
)

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "motdepasse-agent"  # AgentFactory's
ACCUEIL = reverse("admin:index")
VERIFICATION = reverse("securite:verification")
ACTIVATION = reverse("securite:activation")


def code_pour(cle_hex: str, decalage: int = 0) -> str:
    """The code an application shows now (decalage: steps of 30 s later)."""
    totp = TOTP(unhexlify(cle_hex), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * decalage
    return f"{totp.token():06d}"


def connexion(client, user):
    """The password step of the admin's login form."""
    reponse = client.post(
        reverse("admin:login"), {"username": user.username, "password": MOT_DE_PASSE, "next": ACCUEIL}
    )
    assert reponse.status_code == 302, reponse.content.decode()[:500]
    return reponse


def appareil(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)


@pytest.fixture
def urls_de_la_gestion(responsable):
    return [
        ACCUEIL,
        reverse("admin:accompagnement_demande_changelist"),
        reverse("admin:accompagnement_demande_add"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:password_change"),
        reverse("securite:compte"),
        reverse("securite:codes"),
        "/gestion/nexiste/pas/",
    ]


def test_un_responsable_sans_appareil_est_envoye_a_l_activation_depuis_toute_page(
    client, responsable, urls_de_la_gestion
):
    connexion(client, responsable)
    for url in urls_de_la_gestion:
        reponse = client.get(url)
        assert reponse.status_code == 302, url
        assert reponse["Location"].startswith(ACTIVATION + "?next="), (url, reponse["Location"])
    assert client.post(reverse("admin:accompagnement_demande_changelist"), {}).status_code == 302
    page = client.get(ACTIVATION).content.decode()
    assert "obligatoire pour votre compte" in page
    assert "<svg" in page and 'role="img"' in page  # the QR code, drawn on the server
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert '<label for="id_code">Code à 6 chiffres</label>' in page
    # logout stays open
    assert client.post(reverse("admin:logout")).status_code == 200
    assert "_auth_user_id" not in client.session


def test_un_superutilisateur_doit_aussi_activer(client, admin_user):
    client.force_login(admin_user)
    assert client.get(ACCUEIL)["Location"].startswith(ACTIVATION)


def test_activation_avec_un_mauvais_puis_le_bon_code(client, responsable):
    connexion(client, responsable)
    page = client.get(ACTIVATION + "?next=/gestion/accompagnement/demande/").content.decode()
    cle = client.session[CLE_SECRET_EN_ATTENTE]
    assert TOTPDevice.objects.filter(user=responsable).count() == 0  # nothing stored before confirmation
    # the secret is shown as text too (base32 in groups of four)
    assert cle_base32(cle) in page

    faux = f"{(int(code_pour(cle)) + 1) % 1_000_000:06d}"
    reponse = client.post(ACTIVATION, {"code": faux, "next": "/gestion/accompagnement/demande/"})
    html = reponse.content.decode()
    assert reponse.status_code == 200 and "Ce code ne correspond pas" in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_code_erreurs id_code_helptext"' in html
    assert client.get(ACCUEIL).status_code == 302  # still closed
    assert client.post(ACTIVATION, {"code": "12ab"}).context["form"].errors["code"] == [
        "Le code est fait de 6 chiffres, sans lettre."
    ]

    reponse = client.post(ACTIVATION, {"code": code_pour(cle), "next": "/gestion/accompagnement/demande/"})
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("securite:codes"))
    assert TOTPDevice.objects.get(user=responsable).confirmed
    # the ten recovery codes, shown once
    page_codes = client.get(reponse["Location"])
    codes = page_codes.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in page_codes.content.decode() for code in codes)
    assert set(StaticToken.objects.filter(device__user=responsable).values_list("token", flat=True)) == set(codes)
    assert client.get(reverse("securite:codes")).status_code == 302  # not shown again
    # the back office is open in this session
    assert client.get("/gestion/accompagnement/demande/").status_code == 200


def test_connexion_avec_le_code_de_l_application(client, responsable):
    cle = appareil(responsable).key
    connexion(client, responsable)
    reponse = client.get("/gestion/accompagnement/demande/")
    assert reponse["Location"] == VERIFICATION + "?next=%2Fgestion%2Faccompagnement%2Fdemande%2F"
    # the enrolment page is closed with a device: the password alone cannot replace it
    assert client.get(ACTIVATION)["Location"].startswith(VERIFICATION)
    faux = client.post(VERIFICATION, {"code": f"{(int(code_pour(cle)) + 1) % 1_000_000:06d}"})
    assert "Code incorrect" in faux.content.decode()
    TOTPDevice.objects.filter(user=responsable).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    reponse = client.post(VERIFICATION, {"code": code_pour(cle), "next": "/gestion/accompagnement/demande/"})
    assert reponse.status_code == 302 and reponse["Location"] == "/gestion/accompagnement/demande/"
    assert client.get("/gestion/accompagnement/demande/").status_code == 200


def test_les_codes_faux_successifs_sont_freines(client, responsable):
    cle = appareil(responsable).key
    connexion(client, responsable)
    client.post(VERIFICATION, {"code": f"{(int(code_pour(cle)) + 1) % 1_000_000:06d}"})
    reponse = client.post(VERIFICATION, {"code": code_pour(cle)})  # right code, but too soon after a wrong one
    assert "Trop de codes erronés" in reponse.content.decode()
    assert client.get(ACCUEIL).status_code == 302


def test_un_code_ne_sert_qu_une_fois(client, responsable):
    cle = appareil(responsable).key
    code = code_pour(cle)
    connexion(client, responsable)
    assert client.post(VERIFICATION, {"code": code}).status_code == 302
    client.logout()
    connexion(client, responsable)
    assert "Code incorrect ou déjà utilisé" in client.post(VERIFICATION, {"code": code}).content.decode()


def test_connexion_avec_un_code_de_secours_a_usage_unique(client, responsable):
    appareil(responsable)
    codes = codes_secours_generer(user=responsable)
    connexion(client, responsable)
    secours = reverse("securite:secours")
    assert "Code incorrect" in client.post(secours, {"code": "pasuncode"}).content.decode()
    StaticDevice.objects.filter(user=responsable).update(throttling_failure_count=0)
    reponse = client.post(secours, {"code": f" {codes[0].upper()} "})
    assert reponse.status_code == 302
    accueil = client.get(ACCUEIL)
    assert accueil.status_code == 200 and "il vous en reste 9" in accueil.content.decode()
    client.logout()
    connexion(client, responsable)
    assert "Code incorrect ou déjà utilisé" in client.post(secours, {"code": codes[0]}).content.decode()
    assert client.get(ACCUEIL).status_code == 302


def test_un_charge_sans_appareil_se_connecte_avec_son_seul_mot_de_passe(client, charge, django_assert_max_num_queries):
    connexion(client, charge)
    assert client.get("/gestion/accompagnement/demande/").status_code == 200
    # the answer « no code needed » is kept in the session: no extra query on the next pages
    client.get(ACCUEIL)
    with django_assert_max_num_queries(3):
        client.get(reverse("securite:compte") + "inexistant/")
    page = client.get(reverse("securite:compte")).content.decode()
    assert "Non activée" in page and "Activer la double authentification" in page
    assert "Sécurité du compte" in client.get(ACCUEIL).content.decode()  # in the admin's user links


def test_un_charge_avec_un_appareil_doit_donner_le_code(client, charge):
    cle = appareil(charge).key
    connexion(client, charge)
    assert client.get(ACCUEIL)["Location"].startswith(VERIFICATION)
    assert client.post(VERIFICATION, {"code": code_pour(cle)}).status_code == 302
    assert client.get(ACCUEIL).status_code == 200


def test_un_charge_active_puis_desactive_la_double_authentification(client, charge):
    connexion(client, charge)
    client.get(ACTIVATION)
    cle = client.session[CLE_SECRET_EN_ATTENTE]
    assert client.post(ACTIVATION, {"code": code_pour(cle)}).status_code == 302
    assert "Activée" in client.get(reverse("securite:compte")).content.decode()
    # new recovery codes replace the old ones
    anciens = set(StaticToken.objects.filter(device__user=charge).values_list("token", flat=True))
    reponse = client.post(reverse("securite:codes_regenerer"))
    nouveaux = client.get(reponse["Location"]).context["codes"]
    assert len(nouveaux) == 10 and not anciens & set(nouveaux)
    assert set(StaticToken.objects.filter(device__user=charge).values_list("token", flat=True)) == set(nouveaux)
    # disabling asks for a current code
    assert "Code incorrect" in client.post(reverse("securite:desactiver"), {"code": "000000"}).content.decode()
    TOTPDevice.objects.filter(user=charge).update(throttling_failure_count=0)
    reponse = client.post(reverse("securite:desactiver"), {"code": code_pour(cle, decalage=1)})
    assert reponse.status_code == 302
    assert not TOTPDevice.objects.filter(user=charge).exists()
    assert not StaticToken.objects.filter(device__user=charge).exists()


def test_un_responsable_ne_peut_pas_desactiver(client, responsable):
    client_de(client, responsable)
    page = client.get(reverse("securite:compte")).content.decode()
    assert "ne peut pas être désactivée" in page
    cle = TOTPDevice.objects.get(user=responsable).key
    reponse = client.post(reverse("securite:desactiver"), {"code": code_pour(cle)})
    assert "obligatoire pour les responsables" in reponse.content.decode()
    assert TOTPDevice.objects.filter(user=responsable).exists()


def test_la_suite_ne_mene_jamais_hors_de_la_gestion(client, charge):
    cle = appareil(charge).key
    connexion(client, charge)
    reponse = client.post(VERIFICATION, {"code": code_pour(cle), "next": "https://exemple.invalid/gestion/"})
    assert reponse["Location"] == ACCUEIL


def test_le_responsable_du_groupe_voit_les_tentatives_mais_pas_les_appareils(client, responsable):
    client_de(client, responsable)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403
    assert not Permission.objects.filter(group__name=RESPONSABLE, content_type__app_label="otp_totp").exists()


# --- demo ----------------------------------------------------------------------------------------------------
def test_la_commande_de_demo_donne_le_code_d_un_compte_de_demo(capsys, django_user_model, client):
    user = django_user_model.objects.create_superuser(
        COMPTE_DEMO["username"], COMPTE_DEMO["email"], COMPTE_DEMO["password"]
    )
    appareil_demo_installer(user)
    call_command("code_2fa_demo")
    sortie = capsys.readouterr().out
    code, _ = code_actuel(TOTPDevice.objects.get(user=user).key)
    assert "DÉMONSTRATION" in sortie and code in sortie
    # the printed code and the demo recovery codes work on the login form
    client.post(reverse("admin:login"), {"username": user.username, "password": COMPTE_DEMO["password"]})
    assert client.post(VERIFICATION, {"code": code}).status_code == 302
    assert client.get(ACCUEIL).status_code == 200
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(
        codes_secours_demo(user.username)
    )


def test_la_commande_de_demo_refuse_un_compte_qui_n_est_pas_de_demo(responsable, django_user_model):
    appareil(responsable)
    with pytest.raises(CommandError, match="n’est pas un compte de démonstration"):
        call_command("code_2fa_demo", responsable.username)
    # a real account named like the demo one, without the demo address: refused too
    django_user_model.objects.create_user(COMPTE_DEMO["username"], "vraie.personne@exemple.fr", "x" * 20)
    with pytest.raises(CommandError, match="n’est pas un compte de démonstration"):
        call_command("code_2fa_demo")
    with pytest.raises(ValueError):
        appareil_demo_installer(responsable)


def test_la_commande_de_demo_refuse_un_compte_de_demo_avec_sa_propre_application(django_user_model):
    user = django_user_model.objects.create_user("agent-demo-2", "agent-demo-2@demo.invalid", "x" * 20)
    appareil(user)
    with pytest.raises(CommandError, match="sa propre application"):
        call_command("code_2fa_demo", "agent-demo-2")


def test_la_commande_de_demo_n_ajoute_pas_de_code_a_un_charge_de_demo(django_user_model):
    django_user_model.objects.create_user("agent-demo-1", "agent-demo-1@demo.invalid", "x" * 20, is_staff=True)
    with pytest.raises(CommandError, match="seul mot de passe"):
        call_command("code_2fa_demo", "agent-demo-1")
    assert not TOTPDevice.objects.exists()
