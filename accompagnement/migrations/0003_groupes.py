"""The hotline's groups and their permissions (defined in accompagnement/groupes.py)."""

from django.db import migrations

from accompagnement.groupes import CHARGE, OBSERVATOIRE, RESPONSABLE, groupes_creer, permissions_creer_pour_migration


def creer_groupes(apps, schema_editor):
    permissions_creer_pour_migration(apps)
    groupes_creer(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def supprimer_groupes(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[CHARGE, RESPONSABLE, OBSERVATOIRE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnement", "0002_profil_agent"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("bienvenuedoc", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partenaires", "0001_initial"),
    ]

    operations = [migrations.RunPython(creer_groupes, supprimer_groupes)]
