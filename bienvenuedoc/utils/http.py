from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import _split_rate, get_usage


def client_ip(request) -> str:
    """The client's address, trusting X-Forwarded-For only for the configured number of proxies."""
    nombre = settings.NOMBRE_PROXIES
    if nombre:
        adresses = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(adresses) >= nombre:
            return adresses[-nombre]
    return request.META.get("REMOTE_ADDR", "")


def ratelimit_key(group, request) -> str:
    """Key function for django-ratelimit (`key="bienvenuedoc.utils.http.ratelimit_key"`)."""
    return client_ip(request)


def attente_en_mots(secondes: int) -> str:
    """« 1 minute », « 42 minutes », « 1 heure », « 1 heure et 5 minutes » (rounded up to the minute: a person
    who waits what the page says is never refused again)."""
    minutes = max(1, -(-int(secondes) // 60))
    heures, minutes = divmod(minutes, 60)
    parties = []
    if heures:
        parties.append(f"{heures} heure{'s' if heures > 1 else ''}")
    if minutes:
        parties.append(f"{minutes} minute{'s' if minutes > 1 else ''}")
    return " et ".join(parties)


def reponse_trop_de_requetes(request, *, attente: int | None = None):
    """The French 429 page. `attente`: the seconds left before the client may try again (the time left in
    the rate limit's window, see LimiteEnvois), said on the page and in the Retry-After header."""
    if attente is None:  # a limit reached through django-ratelimit's exception (handler403): no window known
        return render(request, "429.html", {"attente_en_mots": ""}, status=429)
    attente = max(1, int(attente))
    reponse = render(request, "429.html", {"attente_en_mots": attente_en_mots(attente)}, status=429)
    reponse["Retry-After"] = str(attente)
    return reponse


@dataclass(frozen=True)
class LimiteEnvois:
    """At most `taux` (django-ratelimit's notation, « 10/h ») ACCEPTED submissions of a public form per client
    address. Checking costs nothing; only `compter` (called once the submission is accepted) uses the quota,
    so a form sent back with errors, however many times, never locks the person out. The count lives in
    django-ratelimit's counter and window (the cache, which survives a Redis outage: bienvenuedoc/cache.py)."""

    groupe: str
    taux: str

    def _usage(self, request, *, compter: bool) -> dict | None:
        return get_usage(request, group=self.groupe, key=ratelimit_key, rate=self.taux, increment=compter)

    def attente(self, request) -> int:
        """0 while this address may still submit; otherwise the seconds left in the current window."""
        usage = self._usage(request, compter=False)
        if usage is None or (not usage["should_limit"] and usage["count"] < usage["limit"]):
            return 0
        periode = _split_rate(self.taux)[1]
        reste = usage["time_left"]
        return periode if reste <= 0 or reste > periode else reste

    def compter(self, request) -> None:
        self._usage(request, compter=True)

    def proteger(self, vue):
        """Decorator for a public form's view: a POST over the quota gets the 429 page with the real wait; a POST
        counts only when it was accepted — the view redirected (post/redirect/get), or set
        `request.envoi_accepte = True` before rendering its own answer."""

        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if request.method != "POST":
                return vue(request, *args, **kwargs)
            attente = self.attente(request)
            if attente:
                return reponse_trop_de_requetes(request, attente=attente)
            reponse = vue(request, *args, **kwargs)
            if 300 <= reponse.status_code < 400 or getattr(request, "envoi_accepte", False):
                self.compter(request)
            return reponse

        return enveloppe


def page_privee(vue):
    """For pages whose URL holds a private token (a requester's space, a poster's space, a registration's
    cancel link) or that show one person's data: the token must not leak through the Referer header, stay in a
    shared cache or be indexed.

    `strict-origin` rather than `no-referrer`: both keep the path (hence the token) out of every Referer,
    but under `no-referrer` browsers send `Origin: null` with the page's POST forms, which Django's CSRF
    check rightly refuses (the space's forms would all fail with a 403)."""

    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        reponse = vue(request, *args, **kwargs)
        reponse["Referrer-Policy"] = "strict-origin"
        reponse["Cache-Control"] = "private, no-store"
        reponse["X-Robots-Tag"] = "noindex, nofollow"
        return reponse

    return enveloppe
