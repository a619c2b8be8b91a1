from django.apps import AppConfig


class RemplacementsConfig(AppConfig):
    name = "remplacements"
    verbose_name = "Offres : remplacements, postes, logements, stages"

    def ready(self):
        from .services import courriels  # noqa: F401  (registers the e-mail builders of the generic outbox)
