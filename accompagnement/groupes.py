"""The hotline's groups and their permissions, defined once; created (or brought up to date) by
`groupes_creer`, which the migrations call with the historical models and the code (demo data, test helpers)
with the real ones. Idempotent: run it again and the groups have exactly these permissions.

- « Chargé·e d’accompagnement »: follows the cases assigned to them and the unassigned ones
  (`Demande.objects.visibles_par`): view/change cases, needs and checklist steps, write messages,
  internal notes and share documents; reads the timeline and the checklist templates.
- Both moderate the offers (remplacements): view them, publish them or send them back to the draft.
- Both edit the site's editorial content (bienvenuedoc/contenus: pages, news, events) and read the events'
  registrations (to export the list of registrants); only a Responsable deletes content or registrations.
- « Responsable »: every permission of the app (all cases, assignment, statistics, exports,
  anonymisation, checklist templates, agents' profiles), the site configuration, where the
  retention periods of the cases are set, the login attempts (django-axes: view, unlock) and the imports of
  the observatory's open-data files (`observatoire.importer_donnees`). A
  Responsable must use a second factor (accompagnement/securite/).
- « Observatoire »: no permission on any case (no personal data); the activity view and its exports,
  which only show aggregated figures (counts, shares, medians), through `voir_statistiques` and
  `exporter_donnees`; the observatory's PDF reports (request them, read the internal edition).
"""

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
    # the offers' moderation queue (remplacements): read, publish or send back to the draft
    ("remplacements", "view_offre"),
    ("remplacements", "change_offre"),
    # the editorial content (bienvenuedoc/contenus)
    *[
        ("contenus", f"{action}_{modele}")
        for modele in ("page", "actualite", "evenement")
        for action in ("view", "add", "change")
    ],
    ("contenus", "view_inscription"),
]
# on top of every permission of the accompagnement app
PERMISSIONS_RESPONSABLE = [
    ("partenaires", "view_partenaire"),
    ("remplacements", "view_offre"),
    ("remplacements", "change_offre"),
    *[
        ("contenus", f"{action}_{modele}")
        for modele in ("page", "actualite", "evenement", "inscription")
        for action in ("view", "add", "change", "delete")
    ],
    ("bienvenuedoc", "view_configurationsite"),
    ("bienvenuedoc", "change_configurationsite"),
    # the details of /sante/ (database, cache, broker, worker heartbeat)
    ("bienvenuedoc", "voir_sante"),
    # the login attempts of django-axes: who was locked out, from where; deleting an attempt unlocks
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accesslog"),
    ("axes", "view_accessfailurelog"),
]
# Permissions of models created by a migration later than some of those calling `groupes_creer` (a fresh database
# runs the old ones first): given once they exist; the migration that creates them calls `groupes_creer` again.
PERMISSIONS_RESPONSABLE_ULTERIEURES = [
    # the observatory's open data: upload an official file to import (a Celery task) and follow it
    ("observatoire", "importer_donnees"),
    ("observatoire", "view_tacheimport"),
    ("observatoire", "view_importdonnees"),
]
# Same for both hotline groups (contenus 0002): edit the territory pages' texts, follow the accessibility reports
# (read them, change their status and note; nobody adds one: they come from the public form); a Responsable deletes.
PERMISSIONS_CHARGE_ULTERIEURES = [
    *[("contenus", f"{action}_presentationterritoire") for action in ("view", "add", "change")],
    ("contenus", "view_signalementaccessibilite"),
    ("contenus", "change_signalementaccessibilite"),
]
PERMISSIONS_RESPONSABLE_ULTERIEURES += [
    *PERMISSIONS_CHARGE_ULTERIEURES,
    ("contenus", "delete_presentationterritoire"),
    ("contenus", "delete_signalementaccessibilite"),
]
PERMISSIONS_OBSERVATOIRE = [
    ("accompagnement", "voir_statistiques"),
    ("accompagnement", "exporter_donnees"),
]
# The observatory's PDF reports (observatoire 0008): the « Observatoire » group and a Responsable request them
# (any edition) and read the internal edition, which shows the small counts the public one hides.
PERMISSIONS_OBSERVATOIRE_ULTERIEURES = [("observatoire", "view_rapport"), ("observatoire", "add_rapport")]
PERMISSIONS_RESPONSABLE_ULTERIEURES += [*PERMISSIONS_OBSERVATOIRE_ULTERIEURES, ("observatoire", "delete_rapport")]
# The practitioners and care structures (observatoire 0009): the « Observatoire » group and a Responsable correct or
# complete them (every change in their history); the presences per extract are read-only; only a Responsable deletes.
PERMISSIONS_PRATICIENS = [
    *[
        ("observatoire", f"{action}_{modele}")
        for modele in ("praticien", "lieuexercice", "structure")
        for action in ("view", "add", "change")
    ],
    ("observatoire", "view_presencepraticien"),
]
PERMISSIONS_OBSERVATOIRE_ULTERIEURES += PERMISSIONS_PRATICIENS
PERMISSIONS_RESPONSABLE_ULTERIEURES += [
    *PERMISSIONS_PRATICIENS,
    *[("observatoire", f"delete_{modele}") for modele in ("praticien", "lieuexercice", "structure")],
]


def groupes_creer(Group, Permission) -> dict:
    """Creates the three groups if missing and sets their permissions; returns them by name.
    `Group` and `Permission` are the models (historical ones in a migration). The permissions must exist:
    after `migrate` or a test database flush, Django's post_migrate handler has created them.
    Three queries when the groups are up to date, a few more for each group to create or correct."""
    couples = set(PERMISSIONS_CHARGE) | set(PERMISSIONS_RESPONSABLE) | set(PERMISSIONS_OBSERVATOIRE)
    connues = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.filter(
            content_type__app_label__in={app for app, _ in couples}
            | {"accompagnement"}
            | {app for app, _ in PERMISSIONS_RESPONSABLE_ULTERIEURES}
        ).select_related("content_type")
    }
    manquantes = couples - set(connues)
    if manquantes:
        raise LookupError(f"Permissions introuvables : {sorted(manquantes)}")
    definitions = {
        CHARGE: [connues[c] for c in PERMISSIONS_CHARGE]
        + [connues[c] for c in PERMISSIONS_CHARGE_ULTERIEURES if c in connues],
        RESPONSABLE: [p for (app, _), p in connues.items() if app == "accompagnement"]
        + [connues[c] for c in PERMISSIONS_RESPONSABLE]
        + [connues[c] for c in PERMISSIONS_RESPONSABLE_ULTERIEURES if c in connues],
        OBSERVATOIRE: [connues[c] for c in PERMISSIONS_OBSERVATOIRE]
        + [connues[c] for c in PERMISSIONS_OBSERVATOIRE_ULTERIEURES if c in connues],
    }
    groupes = {g.name: g for g in Group.objects.filter(name__in=definitions)}
    for nom in definitions.keys() - groupes.keys():
        groupes[nom] = Group.objects.create(name=nom)
    actuelles = {groupe.pk: set() for groupe in groupes.values()}
    for groupe_id, permission_id in Group.permissions.through.objects.filter(group_id__in=list(actuelles)).values_list(
        "group_id", "permission_id"
    ):
        actuelles[groupe_id].add(permission_id)
    for nom, permissions in definitions.items():
        if actuelles[groupes[nom].pk] != {p.pk for p in permissions}:
            groupes[nom].permissions.set(permissions)
    return groupes


def permissions_creer_pour_migration(apps) -> None:
    """Permissions are normally created after the migrations (post_migrate): a data migration that sets
    groups creates them first, from the historical models."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def est_responsable(user) -> bool:
    """The « Responsable » role (or a superuser): the only staff to whom the partners' internal contacts are
    exported."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=RESPONSABLE).exists()
