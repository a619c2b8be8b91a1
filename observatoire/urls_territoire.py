"""/territoire/: the département's territories as places to live and practise (included by the root URLconf)."""

from django.urls import path

from . import views_territoire

app_name = "territoire"

urlpatterns = [
    path("territoire/", views_territoire.territoires, name="index"),
    path("territoire/<str:siren>/", views_territoire.territoire, name="epci"),
]
