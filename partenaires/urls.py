from django.urls import path

from . import views

app_name = "partenaires"

urlpatterns = [
    path("partenaires/", views.annuaire, name="annuaire"),
    path("partenaires/<slug:slug>/", views.partenaire, name="partenaire"),
    path("aides/", views.simulateur, name="simulateur"),
    path("aides/catalogue/", views.catalogue, name="catalogue"),
]
