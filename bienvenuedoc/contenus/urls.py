from django.urls import path

from . import views

app_name = "contenus"

urlpatterns = [
    path("pages/<slug:slug>/", views.page, name="page"),
    path("actualites/", views.actualites, name="actualites"),
    path("actualites/<slug:slug>/", views.actualite, name="actualite"),
    path("evenements/", views.evenements, name="evenements"),
    path("evenements/calendrier.ics", views.evenements_ics, name="evenements_ics"),
    path("evenements/<slug:slug>/", views.evenement, name="evenement"),
    path(
        "evenements/<slug:slug>/inscription-enregistree/", views.inscription_enregistree, name="inscription_enregistree"
    ),
    path("evenements/inscription/<uuid:jeton>/annuler/", views.inscription_annuler_vue, name="inscription_annuler"),
    path("accessibilite/signaler/", views.signalement_accessibilite, name="signalement_accessibilite"),
    path(
        "accessibilite/signaler/envoye/",
        views.signalement_accessibilite_envoye,
        name="signalement_accessibilite_envoye",
    ),
]
