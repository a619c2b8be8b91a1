from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("medecins/", views.medecins, name="medecins"),
    path("internes-et-etudiants/", views.internes_etudiants, name="internes_etudiants"),
    path("lyceens/", views.lyceens, name="lyceens"),
    path("mentions-legales/", views.mentions_legales, name="mentions_legales"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("plan-du-site/", views.plan_du_site, name="plan_du_site"),
    path("recherche/", views.recherche, name="recherche"),
    path("sante/", views.sante, name="sante"),
]
