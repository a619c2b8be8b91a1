"""Permission matrix of the back office (issue 9): every URL of every admin registered on `admin.site` —
changelist, add, change, delete, history, a past version (« rétablir », GET and POST), import, export, and
the custom views of `get_urls` — opened by each group (Chargé·e, Responsable, Observatoire, staff without
group) on one object of each model. Generated from `admin.site._registry`: a new admin, or a library that
adds one, is walked without writing a test (a custom URL must be given its rule in `VUES_PROPRES`).

The rule, stated once (`attendu`): the status follows the admin's own answers for that user —
`has_view_or_change_permission` (list, change page, history), `has_add_permission`, `has_delete_permission`,
`has_change_permission` (a past version), `has_import_permission` / `has_export_permission` — and its
scoping queryset: an object outside `get_queryset(request)` answers 404 (or Django's redirect to the admin
index, 302) before any permission is looked at. Allowed: 200. A refused POST leaves the object unchanged.

Because that rule trusts the admin's answers, `ATTENTES` lists what the issue requires whatever the code says
(a Chargé·e never imports, never reverts a checklist template…): both must agree."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from import_export.admin import ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from accompagnement.admin_views import PERM_ANONYMISER, PERM_EXPORTER, PERM_STATISTIQUES, PERM_VOIR
from bienvenuedoc.admin_import_export import ImportExportSurMixin, RessourceSure
from tests.accompagnement.factories import AgentFactory
from tests.accompagnement.factories_backoffice import CHARGE, OBSERVATOIRE, RESPONSABLE, client_de, membre
from tests.registre_admin import adresses, objet_de, objets_par_modele

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]  # library templates (import-export…)

ROLES = {"chargé·e": CHARGE, "responsable": RESPONSABLE, "observatoire": OBSERVATOIRE, "sans groupe": None}
REFUS = {403}
HORS_PERIMETRE = {302, 404}  # Django's redirect to the admin index, or our admins' 404

# What the issue requires, checked on top of the derived rule: (role, app.model, view) → statuses accepted.
ATTENTES = {
    ("chargé·e", "partenaires.partenaire", "import"): REFUS,
    ("chargé·e", "partenaires.aidefinanciere", "import"): REFUS,
    ("observatoire", "partenaires.partenaire", "import"): REFUS,
    ("observatoire", "partenaires.aidefinanciere", "import"): REFUS,
    ("sans groupe", "partenaires.partenaire", "import"): REFUS,
    ("responsable", "partenaires.partenaire", "import"): REFUS,  # no add/change permission on partners
    ("observatoire", "partenaires.partenaire", "export"): REFUS,  # internal contacts are personal data
    ("sans groupe", "partenaires.partenaire", "export"): REFUS,
    ("chargé·e", "partenaires.partenaire", "export"): {200},
    ("chargé·e", "accompagnement.modeleetape", "version"): REFUS,
    ("chargé·e", "accompagnement.modeleetape", "version POST"): REFUS,
    ("chargé·e", "partenaires.partenaire", "version POST"): REFUS,
    ("responsable", "accompagnement.modeleetape", "version"): {200},
    ("chargé·e", "accompagnement.besoin", "historique"): {404},  # a need of a case she cannot see
    ("chargé·e", "accompagnement.besoin", "version POST"): {404},
    ("chargé·e", "accompagnement.demande", "historique"): {404},
    ("observatoire", "accompagnement.demande", "modifier"): HORS_PERIMETRE,
    ("observatoire", "accompagnement.demande", "activite"): {200},
    ("observatoire", "accompagnement.demande", "charge"): REFUS,
    ("chargé·e", "otp_totp.totpdevice", "config"): REFUS,  # another agent's TOTP secret
    ("responsable", "bienvenuedoc.configurationsite", "version POST"): None,  # allowed: not posted (see below)
}


def _etat(objet):
    """What a refused POST must not change: the row and the number of its versions."""
    modele = type(objet)
    ligne = list(modele._default_manager.filter(pk=objet.pk).values())
    historique = objet.history.count() if hasattr(objet, "history") else None
    return ligne, historique


# --- the rule ----------------------------------------------------------------------------------------------
def _requete(user):
    requete = RequestFactory().get("/")
    requete.user = user
    return requete


def attendu(model_admin, user, objet, vue: str) -> set[int]:
    """The statuses expected for `vue`, from the admin's answers for this user (see the module docstring)."""
    r = _requete(user)
    visible = objet is not None and model_admin.get_queryset(r).filter(pk=objet.pk).exists()
    if vue == "liste":
        return {200} if model_admin.has_view_or_change_permission(r) else REFUS
    if vue == "ajouter":
        return {200} if model_admin.has_add_permission(r) else REFUS
    if vue == "import":
        return {200} if model_admin.has_import_permission(r) else REFUS
    if vue == "import POST":
        return REFUS
    if vue == "export":
        return {200} if model_admin.has_export_permission(r) else REFUS
    if not visible:
        return (
            {404}
            if vue in ("version", "version POST") or isinstance(model_admin, SimpleHistoryAdmin)
            else (HORS_PERIMETRE)
        )
    if vue in ("modifier", "historique"):
        return {200} if model_admin.has_view_or_change_permission(r, objet) else REFUS
    if vue in ("modifier POST",):
        return REFUS if not model_admin.has_change_permission(r, objet) else None
    if vue == "supprimer":
        return {200} if model_admin.has_delete_permission(r, objet) else REFUS
    if vue == "supprimer POST":
        return REFUS if not model_admin.has_delete_permission(r, objet) else None
    if vue == "version":
        return {200} if model_admin.has_change_permission(r, objet) else REFUS
    if vue == "version POST":
        return REFUS if not model_admin.has_change_permission(r, objet) else None
    raise AssertionError(vue)


def _permis(user, *perms):
    return all(user.has_perm(p) for p in perms)


# The custom views of the admins' get_urls, each with its rule: (method, url maker, expected statuses).
def _vues_propres(user, objet, visible):
    demande_pk = objet.pk if objet is not None else 0
    from django.conf import settings

    secret_cache = getattr(settings, "OTP_ADMIN_HIDE_SENSITIVE_DATA", False)
    return {
        "accompagnement_demande_charge": ("GET", [], {200} if _permis(user, PERM_VOIR) else REFUS),
        "accompagnement_demande_activite": ("GET", [], {200} if _permis(user, PERM_STATISTIQUES) else REFUS),
        "accompagnement_demande_activite_export": (
            "GET",
            ["csv"],
            {200} if _permis(user, PERM_STATISTIQUES, PERM_EXPORTER) else REFUS,
        ),
        "accompagnement_demande_action": (
            "POST",
            [demande_pk, "statut" if not _permis(user, PERM_ANONYMISER) else "anonymiser"],
            ({403} if not _permis(user, "accompagnement.change_demande") else None) if visible else {404},
        ),
        # « Orienter vers cette offre » (issue 12): the case's other actions' rule
        "accompagnement_demande_orienter_offre": (
            "POST",
            [demande_pk],
            ({403} if not _permis(user, "accompagnement.change_demande") else None) if visible else {404},
        ),
        "accompagnement_demande_donnees": (
            "POST",
            [demande_pk, "csv"],
            ({403} if not _permis(user, PERM_EXPORTER) else None) if visible else {404},
        ),
        "otp_totp_totpdevice_config": (
            "GET",
            [demande_pk],
            REFUS if secret_cache or not _permis(user, "otp_totp.view_totpdevice") else {200},
        ),
        "otp_totp_totpdevice_qrcode": (
            "GET",
            [demande_pk],
            REFUS if secret_cache or not _permis(user, "otp_totp.view_totpdevice") else {200, 503},
        ),
        # uploads of the observatory's open data (observatoire/televersement/): the form, then each import's JSON
        "observatoire_tacheimport_importer": (
            "GET",
            [],
            {200} if _permis(user, "observatoire.importer_donnees") else REFUS,
        ),
        "observatoire_tacheimport_progression": (
            "GET",
            [demande_pk],
            {200}
            if _permis(user, "observatoire.view_tacheimport") or _permis(user, "observatoire.importer_donnees")
            else REFUS,
        ),
        "auth_user_password_change": ("GET", [demande_pk], {200} if _permis(user, "auth.change_user") else REFUS),
    }


# --- the walk ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", list(ROLES))
def test_matrice_des_permissions(client, role):
    user = membre(ROLES[role])
    objets = objets_par_modele(AgentFactory())
    client_de(client, user)
    ecarts, vus = [], set()

    def verifier(label, vue, methode, url, attendus, objet=None, donnees=None):
        if attendus is None:  # allowed POST: not sent (it would write); its GET was checked
            return
        avant = _etat(objet) if objet is not None and methode == "POST" else None
        reponse = client.post(url, donnees or {}) if methode == "POST" else client.get(url)
        statut = reponse.status_code
        if statut == 302 and "/login/" in reponse.get("Location", ""):
            statut = 403  # sent to the login page: refused
        vus.add((label, vue))
        exigence = ATTENTES.get((role, label, vue), "aucune")
        if statut not in attendus or (exigence not in ("aucune", None) and statut not in exigence):
            exige = "" if exigence in ("aucune", None) else f", exigé par l’issue {sorted(exigence)}"
            ecarts.append(f"{role} {methode} {url} ({label}, {vue}) : {statut}, attendu {sorted(attendus)}{exige}")
        if avant is not None and statut not in (200, 302) and _etat(objet) != avant:
            ecarts.append(f"{role} POST {url} refusé mais l’objet a changé")

    for modele, model_admin in admin.site._registry.items():
        label = modele._meta.label_lower
        objet = objet_de(modele, objets)
        r = _requete(user)
        visible = objet is not None and model_admin.get_queryset(r).filter(pk=objet.pk).exists()
        if isinstance(model_admin, ImportMixin):
            assert isinstance(model_admin, ImportExportSurMixin), f"{label} : import sans ImportExportSurMixin"
            assert all(issubclass(c, RessourceSure) for c in model_admin.get_resource_classes(r))
        propres = _vues_propres(user, objet, visible)
        for adresse in adresses(modele, model_admin, objet):
            if not adresse.propre:
                if adresse.vue == "import POST":  # refused only: an allowed import is not posted
                    if not model_admin.has_import_permission(r):
                        verifier(label, adresse.vue, "POST", adresse.url, REFUS, objet, {"format": "0"})
                    continue
                donnees = {"post": "yes"} if adresse.vue == "supprimer POST" else None
                attendus = attendu(model_admin, user, objet, adresse.vue)
                verifier(label, adresse.vue, adresse.methode, adresse.url, attendus, objet, donnees)
                continue
            # the admin's own views: each must have its rule here
            nom = adresse.motif.name
            assert nom in propres, f"vue {nom} sans règle dans la matrice des permissions"
            methode, args, attendus = propres[nom]
            try:
                url = reverse(f"admin:{nom}", args=args)
            except NoReverseMatch:
                continue
            verifier(label, adresse.vue.removeprefix("demande_"), methode, url, attendus, objet)

    assert not ecarts, "\n".join(ecarts)
    manquantes = {(label, vue) for (r, label, vue), ex in ATTENTES.items() if r == role and ex is not None} - vus
    assert not manquantes, f"attentes jamais vérifiées : {sorted(manquantes)}"
