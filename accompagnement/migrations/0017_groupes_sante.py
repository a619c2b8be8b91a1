"""Brings the groups up to accompagnement/groupes.py: the « Responsable » group sees the details of /sante/
(database, cache, broker, the worker's last heartbeat)."""

from django.db import migrations

from accompagnement.groupes import groupes_creer, permissions_creer_pour_migration


def mettre_a_jour_groupes(apps, schema_editor):
    permissions_creer_pour_migration(apps)
    groupes_creer(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnement", "0016_groupes_moderation_offres"),
        ("bienvenuedoc", "0004_battement_worker"),
    ]

    operations = [migrations.RunPython(mettre_a_jour_groupes, migrations.RunPython.noop)]
