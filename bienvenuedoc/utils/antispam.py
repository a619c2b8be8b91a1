"""Spam protection for public forms without a third-party captcha: a honeypot field that people never see
and a signed, single-use timestamp that refuses forms sent faster than a person can fill them.

Single use: once a form carrying a token has been accepted (valid, hence processed by its view), the token is
recorded as used in the cache (`cache.add`: atomic, so two replays sent at the same time cannot both pass) for
as long as it could still be accepted; the same token is then refused. A form re-displayed with errors keeps
its token (nothing is consumed), so it is accepted once corrected. Why the cache and not a table: these entries
only serve against abuse and expire by themselves (no purge task, no row written per submission); the cache
keeps working on a Redis outage through its local fallback, and the per-address rate limit still applies."""

import hashlib
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache

_SALT = "bienvenuedoc.antispam"
_DUREE_VALIDITE = 60 * 60 * 24  # a form left open for a day must be reloaded
MESSAGE_DEJA_ENVOYE = (
    "Ce formulaire a déjà été envoyé. Vos réponses sont conservées ci-dessous : s’il s’agit bien d’un nouvel "
    "envoi, vérifiez-les puis envoyez le formulaire à nouveau."
)


def _jeton() -> str:
    # a random part, so that two forms displayed at the same instant never share a token
    return signing.dumps([time.time(), secrets.token_hex(8)], salt=_SALT)


def jeton_antispam_nouveau() -> str:
    """The token of a new display of a form (bienvenuedoc/pages_en_cache.py puts it into a cached page)."""
    return _jeton()


def _cle_utilise(jeton: str) -> str:
    return "antispam:jeton-utilise:" + hashlib.sha256(jeton.encode()).hexdigest()


def jeton_deja_utilise(jeton: str) -> bool:
    return bool(jeton) and cache.get(_cle_utilise(jeton)) is not None


def jeton_consommer(jeton: str) -> bool:
    """Records the token as used; False if it already was (another submission got there first)."""
    return cache.add(_cle_utilise(jeton), 1, timeout=_DUREE_VALIDITE)


class AntiSpamFormMixin(forms.Form):
    """Mix into any public form; render the two fields with {% include "components/antispam.html" %}."""

    site_web = forms.CharField(
        label="Laissez ce champ vide",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    jeton = forms.CharField(widget=forms.HiddenInput, required=False)

    ANTISPAM_FIELDS = ("site_web", "jeton")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a re-displayed form keeps the token of its first display, so the delay counts from then; a token
        # already used is refused (see clean) and the page gets a fresh one, to send again what was typed
        recu = self.data.get(self.add_prefix("jeton")) if self.is_bound else None
        valide = bool(recu) and self._horodatage(recu) is not None
        self._jeton_deja_utilise = valide and jeton_deja_utilise(recu)
        garde = valide and not self._jeton_deja_utilise
        self.initial["jeton"] = recu if garde else _jeton()
        if self.is_bound and not garde:
            self._remplacer_jeton(self.initial["jeton"])

    def _remplacer_jeton(self, jeton: str) -> None:
        self.data = self.data.copy()
        self.data[self.add_prefix("jeton")] = jeton

    @staticmethod
    def _horodatage(jeton: str) -> float | None:
        try:
            valeur = signing.loads(jeton, salt=_SALT, max_age=_DUREE_VALIDITE)
            return float(valeur[0] if isinstance(valeur, list) else valeur)
        except (signing.BadSignature, TypeError, ValueError, IndexError):
            return None

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self._errors:
            return
        # accepted: the token is spent now, atomically, before the view processes the form
        if not jeton_consommer(self.data.get(self.add_prefix("jeton"), "")):
            self._remplacer_jeton(_jeton())
            self.add_error(None, forms.ValidationError(MESSAGE_DEJA_ENVOYE, code="deja_envoye"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("site_web"):
            raise forms.ValidationError(
                "Votre envoi n’a pas pu être accepté. Si vous êtes une personne, contactez-nous par téléphone.",
                code="spam",
            )
        if self._jeton_deja_utilise:
            raise forms.ValidationError(MESSAGE_DEJA_ENVOYE, code="deja_envoye")
        debut = self._horodatage(self.data.get(self.add_prefix("jeton"), ""))
        if debut is None:
            raise forms.ValidationError(
                "Le formulaire a expiré : vérifiez vos réponses puis envoyez-le à nouveau.", code="expire"
            )
        if time.time() - debut < settings.ANTISPAM_DELAI_MINIMUM:
            raise forms.ValidationError(
                "Le formulaire a été envoyé trop vite : vérifiez vos réponses puis envoyez-le à nouveau.",
                code="trop_rapide",
            )
        return cleaned
