from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.index_title = "Accompagnement des demandes"

urlpatterns = [
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
