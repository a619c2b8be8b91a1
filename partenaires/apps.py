from django.apps import AppConfig


class PartenairesConfig(AppConfig):
    name = "partenaires"
    verbose_name = "Partenaires et aides"

    def ready(self):
        from .importers import zonage_ars  # noqa: F401  registers the official zoning's importer (uploads)
