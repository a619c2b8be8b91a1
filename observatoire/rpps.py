"""RPPS numbers: 11 digits whose last one is a Luhn check digit (Agence du Numérique en Santé).

Demo practitioners get numbers of the same format starting with PREFIXE_DEMO (« 99 »): the real register
allots numbers starting with 1 (10…), so a demo number can never be taken for a real one, and the rows also
carry source « demo »."""

from django.core.exceptions import ValidationError
from stdnum import luhn

PREFIXE_DEMO = "99"


def rpps_valide(numero: str) -> bool:
    return len(numero) == 11 and numero.isdigit() and luhn.is_valid(numero)


def valider_rpps(numero: str) -> None:
    if not rpps_valide(numero):
        raise ValidationError(
            "Numéro RPPS invalide : 11 chiffres attendus, le dernier étant la clé de contrôle (Luhn).",
            code="rpps_invalide",
        )


def rpps_demo(rang: int) -> str:
    """The demo number n° `rang` (0 ≤ rang < 10⁸): 99 + 8 digits + Luhn check digit."""
    corps = f"{PREFIXE_DEMO}{rang:08d}"
    return corps + luhn.calc_check_digit(corps)


def est_demo(numero: str) -> bool:
    return numero.startswith(PREFIXE_DEMO)
