"""The second factor of the DEMO accounts only (`make run`): a TOTP secret and recovery codes derived from the
account's name, so that `manage.py code_2fa_demo` (`make code-2fa`) can print the current code. Public by
construction, like the demo password: never for a real account, which the command refuses."""

import hashlib
import hmac
import time
from base64 import b32encode
from binascii import unhexlify

from django_otp.oath import TOTP

from bienvenuedoc.demo import COMPTE_DEMO

from ..demo import DOMAINE_DEMO, PREFIXE_AGENT
from ..services.double_facteur import NOM_APPAREIL_TOTP, NOMBRE_CODES_SECOURS, codes_secours_generer
from ..services.double_facteur import appareil_totp as _appareil_totp

_SEL = b"bienvenuedoc-demonstration-double-authentification"


def est_compte_demo(user) -> bool:
    """The demo superuser and the demo agents, recognised by their name AND their @demo.invalid address."""
    nom_demo = user.username == COMPTE_DEMO["username"] or user.username.startswith(PREFIXE_AGENT)
    return nom_demo and user.email.lower().endswith(f"@{DOMAINE_DEMO}")


def _empreinte(texte: str) -> bytes:
    return hmac.new(_SEL, texte.encode(), hashlib.sha1).digest()


def cle_demo(username: str) -> str:
    return _empreinte(username).hex()


def codes_secours_demo(username: str) -> list[str]:
    return [
        b32encode(_empreinte(f"{username}:{numero}")[:5]).decode("ascii").lower()
        for numero in range(1, NOMBRE_CODES_SECOURS + 1)
    ]


def appareil_demo_installer(user):
    """Gives a demo account its demo device and recovery codes (idempotent; refuses a real account)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not est_compte_demo(user):
        raise ValueError(f"{user.username} n’est pas un compte de démonstration")
    appareil, _ = TOTPDevice.objects.update_or_create(
        user=user,
        name=f"{NOM_APPAREIL_TOTP} (démo)",
        defaults={"key": cle_demo(user.username), "confirmed": True},
    )
    TOTPDevice.objects.filter(user=user).exclude(pk=appareil.pk).delete()
    codes_secours_generer(user=user, codes=codes_secours_demo(user.username))
    return appareil


def appareil_demo(user):
    """The user's device if it is the demo one, else None (a demo account that enrolled its own phone)."""
    appareil = _appareil_totp(user)
    return appareil if appareil and appareil.key == cle_demo(user.username) else None


def code_actuel(cle_hex: str) -> tuple[str, int]:
    """The current 6-digit code of a secret and the seconds it stays valid."""
    totp = TOTP(unhexlify(cle_hex), step=30, t0=0, digits=6, drift=0)
    maintenant = time.time()
    totp.time = maintenant
    return f"{totp.token():06d}", 30 - int(maintenant) % 30
