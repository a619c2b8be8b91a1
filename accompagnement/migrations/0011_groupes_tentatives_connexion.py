"""Brings the groups up to accompagnement/groupes.py: the « Responsable » group sees the login attempts
recorded by django-axes and can unlock an account by deleting its attempt."""

from django.db import migrations

from accompagnement.groupes import groupes_creer, permissions_creer_pour_migration


def mettre_a_jour_groupes(apps, schema_editor):
    permissions_creer_pour_migration(apps)
    groupes_creer(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnement", "0010_mode_exercice_vocabulaire_commun"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(mettre_a_jour_groupes, migrations.RunPython.noop)]
