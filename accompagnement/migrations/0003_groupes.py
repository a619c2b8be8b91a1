"""The hotline's groups and their permissions, and the single row of retention settings.

- « Chargé·e d’accompagnement »: follows the cases assigned to them and the unassigned ones
  (`Demande.objects.visibles_par`): view/change cases, needs and checklist steps, write messages,
  internal notes and share documents; reads the timeline and the checklist templates.
- « Responsable »: every permission of the app (all cases, assignment, statistics, exports,
  anonymisation, checklist templates, retention settings, agents' profiles).
- « Observatoire »: no permission on any case (no personal data); the activity view and its exports,
  which only show aggregated figures (counts, shares, medians), through `voir_statistiques` and
  `exporter_donnees`.
"""

from django.db import migrations

CHARGE = "Chargé·e d’accompagnement"
RESPONSABLE = "Responsable"
OBSERVATOIRE = "Observatoire"

PERMISSIONS_CHARGE = [
    ("accompagnement", "view_demande"),
    ("accompagnement", "change_demande"),
    ("accompagnement", "view_besoin"),
    ("accompagnement", "change_besoin"),
    ("accompagnement", "view_message"),
    ("accompagnement", "add_message"),
    ("accompagnement", "view_noteinterne"),
    ("accompagnement", "add_noteinterne"),
    ("accompagnement", "view_etape"),
    ("accompagnement", "change_etape"),
    ("accompagnement", "view_document"),
    ("accompagnement", "add_document"),
    ("accompagnement", "view_evenement"),
    ("accompagnement", "view_modeleetape"),
    ("partenaires", "view_partenaire"),
]
PERMISSIONS_OBSERVATOIRE = [
    ("accompagnement", "voir_statistiques"),
    ("accompagnement", "exporter_donnees"),
]


def creer_groupes(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after the migrations (post_migrate): create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(couples):
        trouvees = []
        for app_label, codename in couples:
            trouvees.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return trouvees

    charge, _ = Group.objects.get_or_create(name=CHARGE)
    charge.permissions.set(permissions(PERMISSIONS_CHARGE))
    responsable, _ = Group.objects.get_or_create(name=RESPONSABLE)
    responsable.permissions.set(
        list(Permission.objects.filter(content_type__app_label="accompagnement"))
        + permissions([("partenaires", "view_partenaire")])
    )
    observatoire, _ = Group.objects.get_or_create(name=OBSERVATOIRE)
    observatoire.permissions.set(permissions(PERMISSIONS_OBSERVATOIRE))

    ParametresRGPD = apps.get_model("accompagnement", "ParametresRGPD")
    if not ParametresRGPD.objects.exists():
        ParametresRGPD.objects.create()


def supprimer_groupes(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[CHARGE, RESPONSABLE, OBSERVATOIRE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnement", "0002_profil_agent"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partenaires", "0001_initial"),
    ]

    operations = [migrations.RunPython(creer_groupes, supprimer_groupes)]
