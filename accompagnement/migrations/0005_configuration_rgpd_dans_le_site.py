"""The retention periods move to the site configuration (bienvenuedoc.ConfigurationSite), where the privacy
page can read them: the values of the ParametresRGPD row, if any, are copied into the configuration row of
this deployment's département, if any (otherwise configuration_courante() creates it with the defaults),
then ParametresRGPD and its history are deleted."""

from django.conf import settings
from django.core.cache import cache
from django.db import migrations

DUREES = [
    "duree_conservation_terminee_jours",
    "duree_conservation_sans_suite_jours",
    "duree_conservation_retiree_jours",
    "duree_inactivite_jours",
]


def copier_vers_configuration(apps, schema_editor):
    ParametresRGPD = apps.get_model("accompagnement", "ParametresRGPD")
    ConfigurationSite = apps.get_model("bienvenuedoc", "ConfigurationSite")
    parametres = ParametresRGPD.objects.order_by("pk").first()
    if parametres is None:
        return
    ConfigurationSite.objects.filter(departement_code=settings.DEPARTEMENT).update(
        **{champ: getattr(parametres, champ) for champ in DUREES}
    )
    cache.delete(f"configuration-site:{settings.DEPARTEMENT}")  # configuration_courante()'s cache


def copier_depuis_configuration(apps, schema_editor):
    ParametresRGPD = apps.get_model("accompagnement", "ParametresRGPD")
    ConfigurationSite = apps.get_model("bienvenuedoc", "ConfigurationSite")
    config = ConfigurationSite.objects.filter(departement_code=settings.DEPARTEMENT).first()
    valeurs = {champ: getattr(config, champ) for champ in DUREES} if config else {}
    ParametresRGPD.objects.create(**valeurs)


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnement", "0004_demande_file_attente_idx"),
        ("bienvenuedoc", "0003_durees_conservation"),
    ]

    operations = [
        migrations.RunPython(copier_vers_configuration, copier_depuis_configuration),
        migrations.RemoveField(model_name="historicalparametresrgpd", name="history_user"),
        migrations.DeleteModel(name="ParametresRGPD"),
        migrations.DeleteModel(name="HistoricalParametresRGPD"),
    ]
