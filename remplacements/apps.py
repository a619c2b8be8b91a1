from django.apps import AppConfig


class RemplacementsConfig(AppConfig):
    name = "remplacements"
    verbose_name = "Offres : remplacements, postes, logements, stages"
