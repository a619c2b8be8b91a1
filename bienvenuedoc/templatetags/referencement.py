"""Search engines and sharing: the canonical address of a page (the configured SITE_URL and the path, never the
Host header a request came with nor its query string) for <link rel="canonical"> and og:url, and absolute URLs
for og:image."""

from django import template
from django.conf import settings

register = template.Library()


def url_absolue(chemin: str) -> str:
    return settings.SITE_URL.rstrip("/") + chemin


@register.simple_tag(takes_context=True)
def url_canonique(context) -> str:
    request = context.get("request")
    return url_absolue(request.path if request is not None else "/")


@register.filter
def absolue(chemin: str) -> str:
    """`{{ page.illustration.url|absolue }}`: a path of the site as an absolute URL (unchanged if already one)."""
    chemin = str(chemin or "")
    return chemin if chemin.startswith(("http://", "https://")) else url_absolue(chemin)
