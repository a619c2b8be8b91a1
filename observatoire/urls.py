from django.urls import path

from . import views

app_name = "observatoire"

urlpatterns = [
    path("observatoire/", views.accueil, name="accueil"),
]
