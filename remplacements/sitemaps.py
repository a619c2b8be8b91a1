"""The published offers in sitemap.xml."""

from django.urls import reverse

from bienvenuedoc.sitemaps import SitemapSite

from .models import Offre


class OffresSitemap(SitemapSite):
    def items(self):
        return Offre.objects.publiees().only("uuid", "modifiee_le").order_by("pk")

    def location(self, offre):
        return reverse("remplacements:offre", args=[offre.uuid])

    def lastmod(self, offre):
        return offre.modifiee_le
