"""Addresses typed by staff or imported (a partner's website, an aid's source, a checklist step's link):
only `http` and `https` are accepted and rendered as links. `javascript:`, `data:` or `vbscript:` in an
`href` would run on the site's origin, which is also the back office's.

- `valider_url_http`: the model-level validator of every `URLField` (admin forms, imports, `full_clean`);
- `est_url_http`: the same rule for the templates' `url_sure` filter (a row stored before the validator,
  or written around it, is shown without a link)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

SCHEMAS_AUTORISES = ["http", "https"]

valider_url_http = URLValidator(
    schemes=SCHEMAS_AUTORISES,
    message="Saisissez une adresse internet complète commençant par http:// ou https://.",
)


def est_url_http(valeur) -> bool:
    """True when `valeur` is a whole http(s) URL (the validator's rule, not only its first letters)."""
    try:
        valider_url_http(str(valeur or ""))
    except ValidationError:
        return False
    return True


class ChampURL(models.URLField):
    """The project's URL field: http(s) only (model validator, so admin forms, imports and `full_clean` all
    refuse `javascript:`), and a form field that completes a typed « exemple.fr » as https://."""

    default_validators = [valider_url_http]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
