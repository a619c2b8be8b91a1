from django.db import migrations

from accompagnement.groupes import groupes_creer, permissions_creer_pour_migration


def mettre_a_jour_groupes(apps, schema_editor):
    """« Observatoire » and « Responsable » request the PDF reports and read their internal edition."""
    permissions_creer_pour_migration(apps)
    groupes_creer(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("observatoire", "0007_rapport"),
        ("accompagnement", "0021_groupes_territoires_signalements"),
    ]

    operations = [migrations.RunPython(mettre_a_jour_groupes, migrations.RunPython.noop)]
