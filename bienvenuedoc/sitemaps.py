"""sitemap.xml and robots.txt. Each app describes its public objects in its own `sitemaps.py` (a subclass of
`SitemapSite`); the root URLconf, which names every app by design, assembles them. Addresses are built on the
configured SITE_URL (never the Host header of the request); private spaces and the back office are left out
and disallowed in robots.txt."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import navigation

# Never indexed: the back office, the private spaces (token in the address), the forms' follow-up pages.
CHEMINS_INTERDITS = [
    "/gestion/",
    "/espace/",
    "/offres/espace/",
    "/offres/alerte/",
    "/evenements/inscription/",
    "/recherche/",
    "/demande/envoyee/",
]


class SitemapSite(Sitemap):
    """A sitemap whose addresses start with SITE_URL (scheme and host), whatever the request's Host."""

    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PagesPrincipales(SitemapSite):
    """The site's fixed pages: home, audiences, the apps' lists, legal pages (only those in the URLconf)."""

    def items(self):
        entrees = [*navigation.NAVIGATION_PRINCIPALE, *navigation.AUTRES_PAGES, *navigation.PAGES_LEGALES]
        exclues = {"/recherche/", navigation.ESPACE_DEMANDEUR.url()}
        chemins = [reverse("site:accueil")]
        for entree in entrees:
            url = entree.url()
            if url and url not in exclues and url not in chemins:
                chemins.append(url)
        return chemins

    def location(self, item):
        return item


@require_GET
def robots_txt(request):
    lignes = ["User-agent: *", *[f"Disallow: {chemin}" for chemin in CHEMINS_INTERDITS]]
    lignes += ["", f"Sitemap: {settings.SITE_URL.rstrip('/')}{reverse('sitemap')}"]
    return HttpResponse("\n".join(lignes) + "\n", content_type="text/plain; charset=utf-8")


def vue_sitemap(sitemaps: dict):
    """The sitemap view of django.contrib.sitemaps with the project's template: one query per section."""
    from django.contrib.sitemaps.views import sitemap

    @require_GET
    def vue(request):
        return sitemap(request, sitemaps, template_name="referencement/sitemap.xml")

    return vue
