from django.urls import path, register_converter

from . import views

app_name = "observatoire"


class FormatFichier:
    regex = "csv|json"

    def to_python(self, valeur):
        return valeur

    def to_url(self, valeur):
        return valeur


register_converter(FormatFichier, "format")

urlpatterns = [
    path("observatoire/", views.accueil, name="accueil"),
    path("observatoire/carte.json", views.carte_json, name="carte_json"),
    path("observatoire/donnees/<str:niveau>.<format:format_>", views.telecharger, name="telecharger"),
    path(
        "observatoire/evolutions/<slug:ident>.<format:format_>",
        views.evolution_telecharger,
        name="evolution_telecharger",
    ),
    path("observatoire/epci/<str:siren>/", views.epci, name="epci"),
    path(
        "observatoire/epci/<str:siren>/evolutions/<slug:ident>.<format:format_>",
        views.epci_evolution_telecharger,
        name="epci_evolution_telecharger",
    ),
    path("observatoire/epci/<str:siren>/communes.<format:format_>", views.epci_telecharger, name="epci_telecharger"),
    path("observatoire/commune/<str:code_insee>/", views.commune, name="commune"),
    path(
        "observatoire/commune/<str:code_insee>/evolutions/<slug:ident>.<format:format_>",
        views.commune_evolution_telecharger,
        name="commune_evolution_telecharger",
    ),
    path(
        "observatoire/commune/<str:code_insee>/indicateurs.<format:format_>",
        views.commune_telecharger,
        name="commune_telecharger",
    ),
]
