"""Brings the groups up to accompagnement/groupes.py: both hotline groups edit the editorial content
(bienvenuedoc/contenus: pages, news, events) and read the events' registrations; a Responsable may delete them."""

from django.db import migrations

from accompagnement.groupes import groupes_creer, permissions_creer_pour_migration


def mettre_a_jour_groupes(apps, schema_editor):
    permissions_creer_pour_migration(apps)
    groupes_creer(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnement", "0019_besoin_offre"),
        ("contenus", "0001_initial"),
    ]

    operations = [migrations.RunPython(mettre_a_jour_groupes, migrations.RunPython.noop)]
