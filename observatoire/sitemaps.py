"""The territory pages (/territoire/<siren>/) in sitemap.xml: the EPCI of the département."""

from django.conf import settings
from django.urls import reverse

from bienvenuedoc.sitemaps import SitemapSite

from .models import EPCI


class TerritoiresSitemap(SitemapSite):
    def items(self):
        return list(
            EPCI.objects.filter(communes__departement__code=settings.DEPARTEMENT)
            .values_list("siren", flat=True)
            .distinct()
            .order_by("siren")
        )

    def location(self, siren):
        return reverse("territoire:epci", args=[siren])
