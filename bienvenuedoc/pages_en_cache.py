"""Public pages rendered once, then served from the cache to every anonymous visitor, invalidated by a version.

A public page that does not depend on the visitor (no form with a CSRF or anti-spam token, no session, no
message to show) is the same HTML for everyone: rendering it again for each visitor (templates, widgets, the
commune lists) is most of its cost. `@page_publique_en_cache` on such a view keeps the rendered response in
Django's cache (Redis; the local fallback when Redis is down, bienvenuedoc/cache.py), keyed by the day (pages
that show what is in force today) and the full address with its query string, and stored with the version in
force (CLE_VERSION, read in the same round trip to Redis): an entry of an older version is a miss. The version
is what `invalider_pages_publiques()` bumps: after every write in the back office
(`InvalidationPagesPubliquesMiddleware`: any accepted POST under /gestion/ by a staff member — a partner, an
aid, a content page, an import, the configuration), when the configuration is saved, and when the list of aids
in force goes stale (partenaires.services.aides_en_vigueur_invalider, called by imports and the demo).

DUREE bounds how long a page may lag behind a write that goes through none of those paths (a task, a shell).

Served from the cache only to a GET/HEAD without a session cookie nor a pending message, and not over the rate
limit (the view's `@ratelimit` runs first: put this decorator below it); stored only when the response is a
200 that set no cookie and used no CSRF token (a form) and left the session untouched. The rate limit, the
query count and the page itself are those of the view; only the repeated rendering goes.

A page is stored as its gzip-compressed bytes only (compressed once, not by GZipMiddleware for each visitor) and
an ETag (the hash of its bytes; weak when compressed); a file (a CSV or JSON download) keeps its type and its
`Content-Disposition` (its name carries the day, and so does the key). ConditionalGetMiddleware (settings.MIDDLEWARE)
answers 304 to a matching If-None-Match — it also gives the other GET pages an ETag computed from their bytes. The
cached pages carry `Cache-Control: max-age=0, must-revalidate` (browsers ask again each time and get a 304)
and `Vary: Cookie, Accept-Encoding`."""

import gzip
import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

CLE_VERSION = "pages-publiques:version"
DUREE = 300
_ENTETES_GARDES = ("Content-Type", "Content-Language", "Content-Disposition", "X-Robots-Tag")
_ACCEPTE_GZIP = re.compile(r"\bgzip\b")


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


def _cle(request, nature: str) -> str:
    adresse = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pages-publiques:{nature}:{timezone.localdate().isoformat()}:{adresse}"


def _lire(cle: str) -> tuple[int, tuple | None]:
    """The current version and the entry kept under `cle` if it was stored under that version — one round trip
    to Redis for both (the version is stored in the entry rather than in its key)."""
    valeurs = cache.get_many([CLE_VERSION, cle])
    version = valeurs.get(CLE_VERSION)
    if version is None:
        version = _version()
    gardee = valeurs.get(cle)
    if gardee is None or gardee[0] != version:
        return version, None
    return version, gardee[1:]


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


def _accepte_gzip(request) -> bool:
    return bool(_ACCEPTE_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def page_publique_en_cache(vue):
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        if not _servable(request):
            return vue(request, *args, **kwargs)
        cle = _cle(request, "page-gz")  # (compressed bytes, ETag, headers): the decompressed ones are not kept
        version, gardee = _lire(cle)
        if gardee is None:
            reponse = vue(request, *args, **kwargs)
            if not _stockable(request, reponse):
                return reponse
            entetes = [(nom, reponse[nom]) for nom in _ENTETES_GARDES if reponse.has_header(nom)]
            # compressed once here, not by GZipMiddleware for every visitor (no secret in such a page: BREACH
            # has nothing to find, the compressed bytes can be the same for everyone). A JSON (the observatory's
            # map: 320 KB of coordinates) at level 6: a third of the time of level 9 for 1 % more bytes. Only
            # the compressed bytes are kept (a quarter of the page: what each visit reads from Redis), the rare
            # client without gzip gets them decompressed.
            empreinte = hashlib.sha256(reponse.content).hexdigest()[:32]
            niveau = 6 if reponse.get("Content-Type", "").startswith("application/json") else 9
            gardee = (gzip.compress(reponse.content, compresslevel=niveau, mtime=0), empreinte, entetes)
            cache.set(cle, (version, *gardee), DUREE)
        compresse, empreinte, entetes = gardee
        if _accepte_gzip(request):
            reponse = HttpResponse(compresse)
            reponse["Content-Encoding"] = "gzip"
            reponse["ETag"] = f'W/"{empreinte}"'
        else:
            reponse = HttpResponse(gzip.decompress(compresse))
            reponse["ETag"] = f'"{empreinte}"'
        for nom, valeur in entetes:
            reponse[nom] = valeur
        patch_vary_headers(reponse, ("Cookie", "Accept-Encoding"))
        patch_cache_control(reponse, max_age=0, must_revalidate=True)
        return reponse

    return enveloppe


def _sentinelle(nom: str) -> str:
    # letters, digits and dashes: the same once escaped in an attribute, and nothing a visitor can put in a page
    return f"bd-a-remplacer-{nom}-c4e1f07a"


def page_de_formulaire_en_cache(request, gabarit: str, contexte, *, jetons: dict) -> HttpResponse:
    """A public form's blank page (a GET) is the same HTML for every visitor except its per-display tokens: the
    CSRF token and each entry of `jetons`, a field name mapped to the function that makes a fresh value (the
    anti-spam token, the submission key). The page is rendered once with a placeholder in place of each token:
    `contexte` is called with the request and the placeholders, and sets them as the form's initial values. It is
    kept like the pages above, and each display gets its own fresh tokens in place of the placeholders. It is
    served so only under the conditions of `page_publique_en_cache`, and stored only when each placeholder
    appears exactly once in the page; otherwise it is rendered every time."""
    sentinelles = {nom: _sentinelle(nom) for nom in ("csrf_token", *jetons)}
    servable = _servable(request)
    cle = _cle(request, "formulaire") if servable else None
    version, gardee = _lire(cle) if servable else (None, None)
    if gardee is None:
        contexte_page = contexte(request, {nom: sentinelles[nom] for nom in jetons})
        contexte_page["csrf_token"] = sentinelles["csrf_token"]  # above the context processor's
        reponse = render(request, gabarit, contexte_page)
        html = reponse.content.decode()
        entetes = [(nom, reponse[nom]) for nom in _ENTETES_GARDES if reponse.has_header(nom)]
        gardee = (html, entetes)
        if (
            servable
            and _stockable(request, reponse)
            and all(html.count(sentinelle) == 1 for sentinelle in sentinelles.values())
        ):
            cache.set(cle, (version, *gardee), DUREE)
    html, entetes = gardee
    valeurs = {"csrf_token": get_token(request), **{nom: fabrique() for nom, fabrique in jetons.items()}}
    for nom, sentinelle in sentinelles.items():
        html = html.replace(sentinelle, valeurs[nom])
    reponse = HttpResponse(html)
    for nom, valeur in entetes:
        reponse[nom] = valeur
    return reponse


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
