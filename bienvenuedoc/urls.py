from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Bienvenue Docteur — espace de la hotline"
admin.site.site_title = "Bienvenue Docteur"
admin.site.index_title = "Accompagnement des demandes"

urlpatterns = [
    path("", include("bienvenuedoc.site_urls")),
    path("", include("observatoire.urls")),
    path("", include("partenaires.urls")),
    path("", include("accompagnement.urls")),
    path("gestion/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL + "configuration/", document_root=settings.MEDIA_ROOT / "configuration")
