from django.urls import path

from . import views

app_name = "remplacements"

urlpatterns = [
    path("offres/", views.offres_liste, name="offres"),
    path("offres/carte.json", views.offres_carte_json, name="offres_carte"),
    path("offres/deposer/", views.offre_nouvelle, name="offre_nouvelle"),
    path("offres/deposee/", views.offre_deposee, name="offre_deposee"),
    path("offres/espace/", views.espace_lien, name="espace_lien"),
    path("offres/espace/<str:jeton>/", views.espace, name="espace"),
    path("offres/espace/<str:jeton>/pourvue/", views.espace_pourvue, name="espace_pourvue"),
    path("offres/espace/<str:jeton>/retirer/", views.espace_retirer, name="espace_retirer"),
    path("offres/alerte/", views.alerte_nouvelle, name="alerte_nouvelle"),
    path("offres/alerte/confirmer/<str:signe>/", views.alerte_confirmer_vue, name="alerte_confirmer"),
    path("offres/alerte/desabonner/<str:signe>/", views.alerte_desabonner, name="alerte_desabonner"),
    path("offres/<uuid:uuid>/", views.offre_detail, name="offre"),
]
