from django.apps import AppConfig


class ContenusConfig(AppConfig):
    """Editorial content (pages, news, events): a nested app of the lowest layer, bienvenuedoc."""

    name = "bienvenuedoc.contenus"
    label = "contenus"
    verbose_name = "Contenus éditoriaux"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import courriels  # noqa: F401  (the outbox's builders, for the worker)
