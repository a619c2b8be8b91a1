from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "accompagnement"
    verbose_name = "Accompagnement des demandes"

    def ready(self):
        from .services import notifications  # noqa: F401  (registers its builder in the generic outbox)
