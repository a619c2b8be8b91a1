"""Template tags of the site's layout: navigation built from bienvenuedoc.navigation, the active link, a URL
that may not exist yet, and the validated main colour."""

import re

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from bienvenuedoc import navigation
from bienvenuedoc.utils.liens import est_url_http

register = template.Library()

COULEUR_PAR_DEFAUT = "#1d4f91"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@register.simple_tag
def navigation_principale():
    return navigation.navigation_principale()


@register.simple_tag
def espace_demandeur():
    return navigation.espace_demandeur()


@register.simple_tag
def pages_legales():
    return navigation.pages_legales()


@register.simple_tag
def plan_du_site():
    return navigation.plan_du_site()


@register.simple_tag
def url_si_existe(nom_url, *args, **kwargs):
    """{% url_si_existe "app:nom" as url %}: the URL, or "" when the name is not (yet) in the URLconf."""
    try:
        return reverse(nom_url, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@register.simple_tag
def url_ou_chemin(nom_url, chemin=""):
    """{% url_ou_chemin "partenaires:simulateur" "/aides/" as url %}: the named URL, else the path when it exists in
    the URLconf, else "" (same rule as the navigation: never a dead link)."""
    return navigation.Entree("", nom_url, chemin).url() or ""


@register.simple_tag(takes_context=True)
def etat_lien(context, url):
    """ "page" when the link is the current page, "true" when the current page is inside its section, else ""."""
    request = context.get("request")
    if request is None or not url:
        return ""
    if request.path == url:
        return "page"
    if url != "/" and request.path.startswith(url):
        return "true"
    return ""


@register.filter
def couleur_sure(valeur):
    """The colour when it is a #RRGGBB hex value (safe inside a <style>), the default colour otherwise."""
    valeur = str(valeur or "")
    return valeur if _HEX.match(valeur) else COULEUR_PAR_DEFAUT


@register.filter
def url_sure(valeur):
    """The stored URL when it is an http(s) one, "" otherwise: `{% if x|url_sure %}<a href="{{ x|url_sure }}">`.
    Every template that puts a stored URL in an href or a src goes through it (a row written before the model
    validator, or around it, never becomes a `javascript:` link)."""
    return str(valeur) if est_url_http(valeur) else ""


@register.filter
def couleur_rgb(valeur):
    """ "0, 96, 122" for "#00607a" (Bootstrap's *-rgb custom properties), from the validated colour."""
    h = couleur_sure(valeur).lstrip("#")
    return ", ".join(str(int(h[i : i + 2], 16)) for i in (0, 2, 4))


def texte_style_couleurs(config) -> str:
    """The text of the layout's one inline <style> (the configured colour). The Content-Security-Policy allows
    exactly this text by its hash (bienvenuedoc/securite.py), not by a per-response nonce: a page's bytes then
    depend only on what it shows, so a public page can be served from the cache and answer 304 to its ETag
    (bienvenuedoc/pages_en_cache.py)."""
    couleur = couleur_sure(config.couleur_principale)
    return f":root {{ --bd-couleur: {couleur}; --bd-couleur-rgb: {couleur_rgb(couleur)}; }}"


@register.simple_tag
def style_couleurs(config):
    return format_html("<style>{}</style>", mark_safe(texte_style_couleurs(config)))  # a validated #RRGGBB colour


_AVANT_PONCTUATION = re.compile(r" ([!?:;»])")
_APRES_GUILLEMET = re.compile(r"« ")


@register.filter
def insecables(texte):
    """French typography for configured texts: a no-break space before ! ? : ; » and after «
    (« Bienvenue Docteur ! » must not wrap before its "!"). The result is escaped by the template as usual."""
    texte = _AVANT_PONCTUATION.sub("\u00a0\\1", str(texte or ""))
    return _APRES_GUILLEMET.sub("«\u00a0", texte)
