"""The editorial content in sitemap.xml: published pages, news and events (past ones too: their page stays)."""

from bienvenuedoc.sitemaps import SitemapSite

from .models import Actualite, Evenement, Page


class PagesSitemap(SitemapSite):
    def items(self):
        return Page.objects.publies().only("slug", "modifie_le").order_by("pk")

    def lastmod(self, page):
        return page.modifie_le


class ActualitesSitemap(SitemapSite):
    def items(self):
        return Actualite.objects.publies().only("slug", "date_publication").order_by("pk")

    def lastmod(self, actualite):
        return actualite.date_publication


class EvenementsSitemap(SitemapSite):
    def items(self):
        return Evenement.objects.publies().only("slug").order_by("pk")
