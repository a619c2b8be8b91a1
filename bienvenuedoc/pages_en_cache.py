"""Public pages rendered once, then served from the cache to every anonymous visitor, invalidated by a version.

A public page that does not depend on the visitor (no form with a CSRF or anti-spam token, no session, no
message to show) is the same HTML for everyone: rendering it again for each visitor (templates, widgets, the
commune lists) is most of its cost. `@page_publique_en_cache` on such a view keeps the rendered response in
Django's cache (Redis; the local fallback when Redis is down, bienvenuedoc/cache.py), keyed by

- a version (CLE_VERSION) that `invalider_pages_publiques()` bumps: after every write in the back office
  (`InvalidationPagesPubliquesMiddleware`: any accepted POST under /gestion/ by a staff member — a partner, an
  aid, a content page, an import, the configuration), when the configuration is saved, and when the list of
  aids in force goes stale (partenaires.services.aides_en_vigueur_invalider, called by imports and the demo);
- the day (pages that show what is in force today), the full address with its query string.

DUREE bounds how long a page may lag behind a write that goes through none of those paths (a task, a shell).

Served from the cache only to a GET/HEAD without a session cookie nor a pending message, and not over the rate
limit (the view's `@ratelimit` runs first: put this decorator below it); stored only when the response is a
200 that set no cookie and used no CSRF token (a form) and left the session untouched. The rate limit, the
query count and the page itself are those of the view; only the repeated rendering goes.

Every public response also answers a conditional GET: ConditionalGetMiddleware (settings.MIDDLEWARE) gives it
an ETag computed from its bytes and answers 304 to a matching If-None-Match; the pages cached here carry
`Cache-Control: max-age=0, must-revalidate` so browsers ask again each time (and get a 304)."""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

CLE_VERSION = "pages-publiques:version"
DUREE = 300
_ENTETES_GARDES = ("Content-Type", "Content-Language", "X-Robots-Tag")


def _nouvelle_version() -> int:
    # never a small number that an older entry may still carry: the version key can disappear (evicted, or
    # deleted from Redis when it answers again after an outage, bienvenuedoc/cache.py) while pages stay
    return int(time.time() * 1000)


def _version() -> int:
    return cache.get_or_set(CLE_VERSION, _nouvelle_version, timeout=None)


def invalider_pages_publiques() -> None:
    """Every cached public page is stale from now on (a new version: the old entries expire by themselves)."""
    try:
        cache.incr(CLE_VERSION)
    except ValueError:  # no version yet (empty or evicted cache): any new value is a new key
        cache.set(CLE_VERSION, _nouvelle_version(), timeout=None)


def _servable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not getattr(request, "limited", False)
    )


def _cle(request) -> str:
    adresse = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pages-publiques:{_version()}:{timezone.localdate().isoformat()}:{adresse}"


def _stockable(request, reponse) -> bool:
    session = getattr(request, "session", None)
    return (
        reponse.status_code == 200
        and not reponse.streaming
        and not reponse.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not getattr(session, "modified", False)
        and "private" not in reponse.get("Cache-Control", "")
        and "no-store" not in reponse.get("Cache-Control", "")
    )


def page_publique_en_cache(vue):
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        if not _servable(request):
            return vue(request, *args, **kwargs)
        cle = _cle(request)
        gardee = cache.get(cle)
        if gardee is not None:
            contenu, entetes = gardee
            reponse = HttpResponse(contenu)
            for nom, valeur in entetes:
                reponse[nom] = valeur
        else:
            reponse = vue(request, *args, **kwargs)
            if not _stockable(request, reponse):
                return reponse
            entetes = [(nom, reponse[nom]) for nom in _ENTETES_GARDES if reponse.has_header(nom)]
            cache.set(cle, (reponse.content, entetes), DUREE)
        patch_cache_control(reponse, max_age=0, must_revalidate=True)
        return reponse

    return enveloppe


def _prefixe_gestion() -> str | None:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


class InvalidationPagesPubliquesMiddleware:
    """A write accepted in the back office (a POST under /gestion/ by a staff member that did not fail) makes
    every cached public page stale: whatever staff edit, the public pages show it at the next request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and reponse.status_code < 400:
            prefixe = _prefixe_gestion()
            utilisateur = getattr(request, "user", None)
            if prefixe and request.path_info.startswith(prefixe) and getattr(utilisateur, "is_staff", False):
                invalider_pages_publiques()
        return reponse
