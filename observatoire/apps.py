from django.apps import AppConfig


class ObservatoireConfig(AppConfig):
    name = "observatoire"
    verbose_name = "Territoire et observatoire"
