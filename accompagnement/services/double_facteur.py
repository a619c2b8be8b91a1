"""Two-factor authentication of the back office (django-otp): a TOTP application (otp_totp) and ten
single-use recovery codes (otp_static).

Who must use it: the « Responsable » group and the superusers (`double_facteur_obligatoire`); the other staff
may (the « Sécurité du compte » page), and once they have a confirmed device their login asks for the code
too. The enforcement itself is `accompagnement/securite/middleware.py`; these functions are the writes and
the checks it and the views call. Each write logs one line with the user's id (never a name or an e-mail).
"""

import logging
import math
import time
from base64 import b32encode
from binascii import unhexlify

from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from ..groupes import RESPONSABLE

logger = logging.getLogger(__name__)

NOMBRE_CODES_SECOURS = 10
NOM_APPAREIL_TOTP = "Application d’authentification"
NOM_CODES_SECOURS = "Codes de secours"


class DoubleFacteurErreur(Exception):
    """A second-factor action refused, with a French message for the person."""


class CodeRefuse(DoubleFacteurErreur):
    pass


class EssaisTropNombreux(DoubleFacteurErreur):
    def __init__(self, secondes: int):
        self.secondes = secondes
        super().__init__(
            f"Trop de codes erronés : patientez {secondes} seconde{'s' if secondes > 1 else ''} avant de réessayer."
        )


def double_facteur_obligatoire(user) -> bool:
    """A Responsable (or a superuser, who can do everything a Responsable can) cannot use the back office
    without a second factor."""
    return user.is_superuser or user.groups.filter(name=RESPONSABLE).exists()


def appareil_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def double_facteur_actif(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def codes_secours_restants(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- enrolment ---------------------------------------------------------------------------------------------
def cle_totp_nouvelle() -> str:
    """A new random secret (20 bytes, hex as django-otp stores it); kept in the session until confirmed."""
    return default_key()


def cle_base32(cle_hex: str) -> str:
    """The secret as TOTP applications ask for it to be typed: base32, in groups of four."""
    texte = b32encode(unhexlify(cle_hex)).decode("ascii").rstrip("=")
    return " ".join(texte[i : i + 4] for i in range(0, len(texte), 4))


def uri_totp(*, user, cle_hex: str) -> str:
    """The otpauth:// address the QR code carries (django-otp's, with OTP_TOTP_ISSUER)."""
    return TOTPDevice(user=user, key=cle_hex).config_url


def _code_normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "")


def _pas_du_code(*, cle_hex: str, code: str, tolerance: int = 1) -> int | None:
    """The time step at which `code` is valid for the secret (now ± tolerance), or None."""
    code = _code_normalise(code)
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(unhexlify(cle_hex), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), tolerance=tolerance) else None


@transaction.atomic
def double_facteur_activer(*, user, cle_hex: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirms the application whose secret was shown (the code proves it was scanned), replaces any former
    device of the user and creates ten new recovery codes. Returns the device and the codes (shown once)."""
    pas = _pas_du_code(cle_hex=cle_hex, code=code)
    if pas is None:
        raise CodeRefuse(
            "Ce code ne correspond pas. Vérifiez l’heure de votre téléphone et saisissez le code à 6 chiffres "
            "affiché maintenant par l’application."
        )
    TOTPDevice.objects.filter(user=user).delete()
    appareil = TOTPDevice.objects.create(user=user, name=NOM_APPAREIL_TOTP, key=cle_hex, confirmed=True, last_t=pas)
    codes = codes_secours_generer(user=user)
    logger.info("Double authentification activée pour l’utilisateur n° %s", user.pk)
    return appareil, codes


@transaction.atomic
def codes_secours_generer(*, user, codes: list[str] | None = None) -> list[str]:
    """Ten new single-use recovery codes; the former ones stop working. `codes` fixes them (demo only)."""
    StaticDevice.objects.filter(user=user).delete()
    appareil = StaticDevice.objects.create(user=user, name=NOM_CODES_SECOURS, confirmed=True)
    codes = codes or [StaticToken.random_token() for _ in range(NOMBRE_CODES_SECOURS)]
    StaticToken.objects.bulk_create(StaticToken(device=appareil, token=code) for code in codes)
    logger.info("Codes de secours régénérés pour l’utilisateur n° %s", user.pk)
    return codes


@transaction.atomic
def double_facteur_desactiver(*, user) -> None:
    if double_facteur_obligatoire(user):
        raise DoubleFacteurErreur(
            "La double authentification est obligatoire pour les responsables : elle ne peut pas être désactivée."
        )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    logger.info("Double authentification désactivée pour l’utilisateur n° %s", user.pk)


# --- login -------------------------------------------------------------------------------------------------
def _verifier(appareil, code: str):
    if appareil is None:
        raise CodeRefuse("Aucun appareil de double authentification n’est enregistré pour ce compte.")
    permis, details = appareil.verify_is_allowed()
    if not permis:
        # django-otp doubles the wait after each wrong code (1 s, 2 s, 4 s…)
        reste = (details or {}).get("locked_until", timezone.now()) - timezone.now()
        raise EssaisTropNombreux(max(1, math.ceil(reste.total_seconds())))
    if not appareil.verify_token(code):
        raise CodeRefuse("Code incorrect ou déjà utilisé.")
    return appareil


def code_totp_verifier(*, user, code: str) -> TOTPDevice:
    """The user's application device if `code` is its current code (each code is accepted once); raises
    CodeRefuse or EssaisTropNombreux (django-otp's throttling) otherwise."""
    code = _code_normalise(code)
    if not (code.isdigit() and len(code) == 6):
        raise CodeRefuse("Le code est fait de 6 chiffres.")
    return _verifier(appareil_totp(user), code)


def code_secours_utiliser(*, user, code: str) -> StaticDevice:
    """Accepts one recovery code and deletes it (single use)."""
    appareil = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return _verifier(appareil, _code_normalise(code).lower())
