"""Security headers and request hygiene, as middleware (settings.MIDDLEWARE).

- `PolitiqueSecuriteContenuMiddleware`: django-csp's middleware with the two parts of the policy that depend
  on the deployment: the map tile host (settings.CARTE_TUILES_URL) in img-src, and the few inline attributes
  of the libraries' admin templates, allowed by their exact hash on the back office only.
- `RequeteInvalideMiddleware`: a NUL byte (or another control character nobody can type) in the path or
  the query string answers the French 400 page before any view runs. PostgreSQL refuses NUL in a string,
  so a filter fed with one used to end in a 500. POST bodies are left to the forms (a field error).
"""

import logging
import re
from functools import lru_cache
from urllib.parse import unquote_plus, urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from bienvenuedoc.models import configuration_courante
from bienvenuedoc.templatetags.guichet import texte_style_couleurs
from bienvenuedoc.utils.csp import empreinte_csp

logger = logging.getLogger(__name__)

# C0 control characters and DEL. Tab, line feed and carriage return may come from a text area sent by GET.
_CONTROLE_QUERY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROLE_CHEMIN = re.compile(r"[\x00-\x1f\x7f]")


@lru_cache(maxsize=8)
def origine_tuiles(url: str) -> str:
    """'https://tile.openstreetmap.org/{z}/{x}/{y}.png' -> 'https://tile.openstreetmap.org';
    Leaflet's '{s}' (the rotating subdomain) becomes the CSP wildcard '*'; "" when no tile URL is configured."""
    if not url:
        return ""
    parties = urlsplit(url.replace("{s}", "*"))
    if parties.scheme not in ("http", "https") or not parties.netloc:
        return ""
    return f"{parties.scheme}://{parties.netloc}"


def _prefixe_gestion() -> str | None:
    try:
        return reverse("admin:index")  # the resolver caches it
    except NoReverseMatch:
        return None


class PolitiqueSecuriteContenuMiddleware(CSPMiddleware):
    """Adds the tile host to img-src, the hash of the layout's colour <style> to style-src (HTML pages), and
    settings.CSP_AJOUTS_GESTION on the back office (/gestion/)."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        ajouts: dict[str, list[str]] = {}
        tuiles = origine_tuiles(settings.CARTE_TUILES_URL)
        if tuiles:
            ajouts["img-src"] = [tuiles]
        if "text/html" in response.get("Content-Type", ""):
            # the layout's <style> of the configured colour, allowed by its hash (templatetags/guichet.py)
            ajouts["style-src"] = [empreinte_csp(texte_style_couleurs(configuration_courante()))]
        gestion = _prefixe_gestion()
        if gestion and request.path_info.startswith(gestion):
            for directive, sources in getattr(settings, "CSP_AJOUTS_GESTION", {}).items():
                ajouts.setdefault(directive, []).extend(sources)
        if ajouts:
            mise_a_jour = dict(parts.update or {})
            for directive, sources in ajouts.items():
                mise_a_jour[directive] = [*mise_a_jour.get(directive, []), *sources]
            parts.update = mise_a_jour
        return parts


class RequeteInvalideMiddleware:
    """400 (French page) for a control character in the decoded path or query string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        requete = unquote_plus(request.META.get("QUERY_STRING", ""), errors="replace")
        if _CONTROLE_CHEMIN.search(request.path_info) or _CONTROLE_QUERY.search(requete):
            logger.warning("Requête refusée : caractère de contrôle dans l'adresse (%s)", request.method)
            return render(request, "400.html", status=400)
        return self.get_response(request)
