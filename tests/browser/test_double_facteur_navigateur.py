"""A Responsable's first login in a real browser: password on the admin's form, then the enrolment page
(secret shown as text and as an SVG QR code drawn by the server, no script), the code typed, the ten recovery
codes shown once; next login asks for the code of the application."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.accompagnement.factories_backoffice import RESPONSABLE, membre

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

MOT_DE_PASSE = "motdepasse-agent"  # AgentFactory's


def _code(secret_base32: str, decalage: int = 0) -> str:
    cle = b32decode(secret_base32.replace(" ", "") + "=" * (-len(secret_base32.replace(" ", "")) % 8))
    totp = TOTP(cle, step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * decalage
    return f"{totp.token():06d}"


def _mot_de_passe(page, live_server):
    page.goto(live_server.url + "/gestion/accompagnement/demande/")
    page.wait_for_url("**/gestion/login/**")
    page.fill("#id_username", "rose.responsable")
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("input[type=submit]")


def test_un_responsable_active_la_double_authentification_puis_se_reconnecte(live_server, page):
    membre(RESPONSABLE, username="rose.responsable", first_name="Rose", last_name="Responsable")
    _mot_de_passe(page, live_server)
    page.wait_for_url("**/gestion/securite/activation/**")
    assert "obligatoire pour votre compte" in page.inner_text("#content-main")
    assert page.locator("figure svg[role=img]").count() == 1
    champ = page.locator("#id_code")
    assert champ.get_attribute("autocomplete") == "one-time-code"
    assert champ.get_attribute("inputmode") == "numeric"
    # any other page of the back office sends back here
    page.goto(live_server.url + "/gestion/")
    page.wait_for_url("**/gestion/securite/activation/**")
    secret = page.inner_text("#cle-secrete")

    page.fill("#id_code", "000000" if _code(secret) != "000000" else "111111")
    page.click("input[type=submit]")
    assert "Ce code ne correspond pas" in page.inner_text(".errorlist")
    assert page.locator("#id_code").get_attribute("aria-invalid") == "true"

    page.fill("#id_code", _code(secret))
    page.click("input[type=submit]")
    page.wait_for_url("**/gestion/securite/codes/**")
    codes = page.locator("#codes-secours li").all_inner_texts()
    assert len(codes) == 10
    page.click("text=J’ai noté mes codes, continuer")
    page.wait_for_url(re.compile(r".*/gestion/$"))  # where the last page asked for was going

    # next session: the password, then the code of the application
    page.context.clear_cookies()
    _mot_de_passe(page, live_server)
    page.wait_for_url("**/gestion/securite/verification/**")
    page.fill("#id_code", _code(secret, decalage=1))  # the code of the next period (one used code is refused)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/gestion/accompagnement/demande/$"))
    assert page.locator("#user-tools a", has_text=re.compile("Sécurité du compte", re.I)).count() == 1
