"""Mounted at /gestion/securite/ by bienvenuedoc/urls.py, before the admin."""

from django.urls import path

from . import views

app_name = "securite"

urlpatterns = [
    path("verification/", views.verification, name="verification"),
    path("secours/", views.secours, name="secours"),
    path("activation/", views.activation, name="activation"),
    path("codes/", views.codes, name="codes"),
    path("", views.compte, name="compte"),
    path("codes/regenerer/", views.codes_regenerer, name="codes_regenerer"),
    path("desactiver/", views.desactiver, name="desactiver"),
]
