"""Brings the groups up to accompagnement/groupes.py: the « Chargé·e d’accompagnement » and « Responsable »
groups moderate the offers (remplacements: view, publish, send back to the draft)."""

from django.db import migrations

from accompagnement.groupes import groupes_creer, permissions_creer_pour_migration


def mettre_a_jour_groupes(apps, schema_editor):
    permissions_creer_pour_migration(apps)
    groupes_creer(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnement", "0015_parcours_aides_2026"),
        ("remplacements", "0001_initial"),
    ]

    operations = [migrations.RunPython(mettre_a_jour_groupes, migrations.RunPython.noop)]
