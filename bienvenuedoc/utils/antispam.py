"""Spam protection for public forms without a third-party captcha: a honeypot field that people never see
and a signed timestamp that refuses forms sent faster than a person can fill them."""

import time

from django import forms
from django.conf import settings
from django.core import signing

_SALT = "bienvenuedoc.antispam"
_DUREE_VALIDITE = 60 * 60 * 24  # a form left open for a day must be reloaded


def _jeton() -> str:
    return signing.dumps(time.time(), salt=_SALT)


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
        # a re-displayed form keeps the token of its first display, so the delay counts from then
        recu = self.data.get(self.add_prefix("jeton")) if self.is_bound else None
        self.initial["jeton"] = recu if recu and self._horodatage(recu) is not None else _jeton()
        if self.is_bound and not (recu and self._horodatage(recu) is not None):
            self.data = self.data.copy()
            self.data[self.add_prefix("jeton")] = self.initial["jeton"]

    @staticmethod
    def _horodatage(jeton: str) -> float | None:
        try:
            return float(signing.loads(jeton, salt=_SALT, max_age=_DUREE_VALIDITE))
        except (signing.BadSignature, TypeError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("site_web"):
            raise forms.ValidationError(
                "Votre envoi n’a pas pu être accepté. Si vous êtes une personne, contactez-nous par téléphone.",
                code="spam",
            )
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
