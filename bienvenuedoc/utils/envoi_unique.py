"""A public form sent twice does its work once: each display of the form carries a random key (a hidden field
created at the first display, kept when the form comes back with errors, and put back by
static/js/envoi-unique.js when the person comes Back to a form they sent); the service that the
form feeds records the key with what it creates (a unique column) and, given a key it already knows, returns
what it created then instead of creating it again. Pressing Back and sending the same page again, or a double
click, thus lands on the first submission's result.

The key is not a secret shared with anyone: it only ties a form display to its result, 32 random bytes that an
attacker cannot guess."""

import re
import secrets

from django import forms

_FORME = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def nouvelle_cle_envoi() -> str:
    return secrets.token_urlsafe(32)  # 43 characters


def cle_envoi_valide(valeur) -> str | None:
    """The key received with a form if it has the expected shape, else None (a missing or forged one)."""
    return valeur if isinstance(valeur, str) and _FORME.fullmatch(valeur) else None


class EnvoiUniqueFormMixin(forms.Form):
    """Mix into a public form whose submission creates something; render {{ form.cle_envoi }} in the form and
    pass `form.cle_envoi_recue()` to the service (which stores it with a unique constraint)."""

    # On Back, a browser that loads the form again restores what was typed but serves hidden inputs afresh
    # (a new key, hence a second case): static/js/envoi-unique.js puts back the key of the form that was sent.
    cle_envoi = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # an unbound form gets a new key; a bound one shows the key it came with (a missing or malformed one is
        # replaced, so that the re-displayed form is protected from then on)
        recue = cle_envoi_valide(self.data.get(self.add_prefix("cle_envoi"))) if self.is_bound else None
        self.initial["cle_envoi"] = recue or nouvelle_cle_envoi()
        if self.is_bound and recue is None:
            self.data = self.data.copy()
            self.data[self.add_prefix("cle_envoi")] = self.initial["cle_envoi"]
        self._cle_envoi_recue = recue

    def cle_envoi_recue(self) -> str | None:
        """The key the submitted form carried (None if it carried none, or a malformed one)."""
        return self._cle_envoi_recue
