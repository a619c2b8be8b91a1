from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from bienvenuedoc.contenus.sitemaps import ActualitesSitemap, EvenementsSitemap, PagesSitemap
from bienvenuedoc.sitemaps import PagesPrincipales, robots_txt, vue_sitemap
from observatoire.sitemaps import TerritoiresSitemap
from partenaires.sitemaps import PartenairesSitemap
from remplacements.sitemaps import OffresSitemap

admin.site.index_title = "Accompagnement des demandes"

# sitemap.xml: every public page of every app (this URLconf names every app by design)
SITEMAPS = {
    "principales": PagesPrincipales,
    "pages": PagesSitemap,
    "actualites": ActualitesSitemap,
    "evenements": EvenementsSitemap,
    "territoires": TerritoiresSitemap,
    "partenaires": PartenairesSitemap,
    "offres": OffresSitemap,
}

urlpatterns = [
    path("sitemap.xml", vue_sitemap(SITEMAPS), name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("bienvenuedoc.site_urls")),
    path("", include("bienvenuedoc.contenus.urls")),
    path("", include("observatoire.urls")),
    path("", include("observatoire.rapports.urls")),
    path("", include("observatoire.urls_territoire")),
    path("", include("partenaires.urls")),
    path("", include("remplacements.urls")),
    path("", include("accompagnement.urls")),
    # the back office's second factor (code after the password, enrolment, « Sécurité du compte »)
    path("gestion/securite/", include("accompagnement.securite.urls")),
    path("gestion/", admin.site.urls),
]

handler403 = "bienvenuedoc.views.permission_refusee"

if settings.BANC_ESSAI_PLAFOND:  # load benchmark only (benchmarks/charge.py), never in production
    from bienvenuedoc.views import plafond_banc_essai

    urlpatterns.insert(0, path("banc-essai/plafond/", plafond_banc_essai))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL + "configuration/", document_root=settings.MEDIA_ROOT / "configuration")
