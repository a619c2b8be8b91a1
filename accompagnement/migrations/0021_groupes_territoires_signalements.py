"""Brings the groups up to accompagnement/groupes.py once the territory presentations and the accessibility
reports exist (contenus 0002): both hotline groups edit the former and follow the latter; a Responsable deletes."""

from django.db import migrations

from accompagnement.groupes import groupes_creer, permissions_creer_pour_migration


def mettre_a_jour_groupes(apps, schema_editor):
    permissions_creer_pour_migration(apps)
    groupes_creer(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnement", "0020_groupes_contenus"),
        ("contenus", "0002_territoires_signalements"),
    ]

    operations = [migrations.RunPython(mettre_a_jour_groupes, migrations.RunPython.noop)]
