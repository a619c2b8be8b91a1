from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.index_title = "Accompagnement des demandes"

urlpatterns = [
    path("", include("bienvenuedoc.site_urls")),
    path("", include("observatoire.urls")),
    path("", include("partenaires.urls")),
    path("", include("accompagnement.urls")),
    path("gestion/", admin.site.urls),
]

handler403 = "bienvenuedoc.views.permission_refusee"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL + "configuration/", document_root=settings.MEDIA_ROOT / "configuration")
