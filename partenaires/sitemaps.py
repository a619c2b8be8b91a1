"""The partners' pages in sitemap.xml (the aids have no page of their own: the catalogue, a main page, lists them)."""

from bienvenuedoc.sitemaps import SitemapSite

from .models import Partenaire


class PartenairesSitemap(SitemapSite):
    def items(self):
        return Partenaire.objects.publies().only("slug").order_by("pk")
