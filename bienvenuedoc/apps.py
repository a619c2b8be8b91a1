from django.apps import AppConfig


class BienvenuedocConfig(AppConfig):
    name = "bienvenuedoc"
    verbose_name = "Site et configuration"
