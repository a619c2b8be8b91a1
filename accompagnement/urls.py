from django.urls import path

from . import views

app_name = "accompagnement"

urlpatterns = [
    path("demande/", views.demande_nouvelle, name="demande_nouvelle"),
    path("demande/envoyee/", views.demande_envoyee, name="demande_envoyee"),
    path("espace/", views.espace_lien, name="espace_lien"),
    path("espace/lien-envoye/", views.espace_lien_envoye, name="espace_lien_envoye"),
    path("espace/<str:jeton>/", views.espace, name="espace"),
    path("espace/<str:jeton>/message/", views.espace_message, name="espace_message"),
    path("espace/<str:jeton>/complement/", views.espace_complement, name="espace_complement"),
    path("espace/<str:jeton>/retirer/", views.espace_retirer, name="espace_retirer"),
    path("espace/<str:jeton>/suppression/", views.espace_suppression, name="espace_suppression"),
    path("espace/<str:jeton>/documents/<uuid:document_uuid>/", views.espace_document, name="espace_document"),
    path("espace/<str:jeton>/referent/photo/", views.espace_photo_referent, name="espace_photo_referent"),
]
