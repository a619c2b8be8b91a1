"""Brings the groups of an existing database up to accompagnement/groupes.py: the « Responsable » group now
sets the retention periods, which moved to the site configuration (0005)."""

from django.db import migrations

from accompagnement.groupes import groupes_creer, permissions_creer_pour_migration


def mettre_a_jour_groupes(apps, schema_editor):
    permissions_creer_pour_migration(apps)
    groupes_creer(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("accompagnement", "0005_configuration_rgpd_dans_le_site")]

    operations = [migrations.RunPython(mettre_a_jour_groupes, migrations.RunPython.noop)]
