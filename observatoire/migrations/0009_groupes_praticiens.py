from django.db import migrations

from accompagnement.groupes import groupes_creer, permissions_creer_pour_migration


def mettre_a_jour_groupes(apps, schema_editor):
    """« Observatoire » and « Responsable » correct or complete the practitioners and care structures."""
    permissions_creer_pour_migration(apps)
    groupes_creer(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("observatoire", "0008_groupes_rapports")]

    operations = [migrations.RunPython(mettre_a_jour_groupes, migrations.RunPython.noop)]
