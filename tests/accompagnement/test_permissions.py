# ruff: noqa: F811  (fixtures imported from factories_backoffice)
"""Groups created by the migration, permission-scoped querysets, and what each group may open."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accompagnement.groupes import groupes_creer
from accompagnement.models import Demande
from tests.accompagnement.factories import BesoinFactory, DemandeFactory, MessageFactory
from tests.accompagnement.factories_backoffice import (  # noqa: F401 (fixtures)
    CHARGE,
    OBSERVATOIRE,
    RESPONSABLE,
    charge,
    client_de,
    groupe,
    membre,
    observateur,
    responsable,
)

pytestmark = pytest.mark.django_db

LISTE = reverse("admin:accompagnement_demande_changelist")
CHARGE_URL = reverse("admin:accompagnement_demande_charge")
ACTIVITE = reverse("admin:accompagnement_demande_activite")


def _codes(nom):
    return {f"{p.content_type.app_label}.{p.codename}" for p in groupe(nom).permissions.all()}


def test_groupes_crees_par_la_migration():
    du_charge, du_responsable, observatoire = _codes(CHARGE), _codes(RESPONSABLE), _codes(OBSERVATOIRE)
    assert {
        "accompagnement.view_demande",
        "accompagnement.change_besoin",
        "accompagnement.add_noteinterne",
    } <= du_charge
    assert not {"accompagnement.voir_toutes_demandes", "accompagnement.attribuer_demande"} & du_charge
    assert {
        "accompagnement.voir_toutes_demandes",
        "accompagnement.attribuer_demande",
        "accompagnement.voir_statistiques",
        "accompagnement.exporter_donnees",
        "accompagnement.anonymiser_demande",
        "accompagnement.change_modeleetape",
        "bienvenuedoc.change_configurationsite",  # the retention periods are set there
    } <= du_responsable
    # no permission at all on cases, needs, messages, notes: only aggregated figures, the observatory's reports,
    # and the practitioners and care structures it corrects or completes (never deletes)
    praticiens = {
        f"observatoire.{action}_{modele}"
        for modele in ("praticien", "lieuexercice", "structure")
        for action in ("view", "add", "change")
    } | {"observatoire.view_presencepraticien"}
    assert observatoire == {
        "accompagnement.voir_statistiques",
        "accompagnement.exporter_donnees",
        "observatoire.view_rapport",
        "observatoire.add_rapport",
        *praticiens,
    }
    assert {"observatoire.view_rapport", "observatoire.add_rapport", "observatoire.delete_rapport"} <= du_responsable
    assert praticiens | {"observatoire.delete_praticien", "observatoire.delete_structure"} <= du_responsable
    assert not {"observatoire.change_presencepraticien", "observatoire.delete_presencepraticien"} & du_responsable


def test_groupes_creer_est_idempotent_et_recree_les_groupes_effaces():
    """A transactional test flushes the groups the migration created: groupes_creer puts them back, and
    running it again changes nothing (nor does it duplicate a group or a permission)."""
    Group.objects.all().delete()
    groupes = groupes_creer(Group, Permission)
    avant = {nom: set(g.permissions.values_list("pk", flat=True)) for nom, g in groupes.items()}
    groupe(CHARGE).permissions.clear()  # a permission removed by hand is restored
    groupes_creer(Group, Permission)
    assert Group.objects.filter(name__in=[CHARGE, RESPONSABLE, OBSERVATOIRE]).count() == 3
    assert {nom: set(groupe(nom).permissions.values_list("pk", flat=True)) for nom in avant} == avant
    assert membre(CHARGE).has_perm("accompagnement.view_demande")


def test_un_membre_sans_permission_ne_voit_aucune_demande(client):
    demande = DemandeFactory()
    sans_droit = membre(None)
    assert not Demande.objects.visibles_par(sans_droit).exists()
    client.force_login(sans_droit)
    assert client.get(LISTE).status_code == 403
    assert client.get(reverse("admin:accompagnement_demande_change", args=[demande.pk])).status_code in (403, 404)
    assert client.get(reverse("admin:accompagnement_besoin_changelist")).status_code == 403
    assert client.get(CHARGE_URL).status_code == 403
    assert client.get(ACTIVITE).status_code == 403


def test_un_charge_voit_ses_demandes_et_les_libres(client, charge):
    a_moi = DemandeFactory(referent=charge, nom="Amoi")
    libre = DemandeFactory(nom="Libre")
    a_une_autre = DemandeFactory(referent=membre(CHARGE), nom="Autrui")
    besoin_d_autrui = BesoinFactory(demande=a_une_autre)
    client.force_login(charge)
    reponse = client.get(LISTE)
    assert {d.pk for d in reponse.context["cl"].result_list} == {a_moi.pk, libre.pk}
    assert "Autrui" not in reponse.content.decode()
    for nom_url, args in [
        ("admin:accompagnement_demande_change", [a_une_autre.pk]),
        ("admin:accompagnement_demande_history", [a_une_autre.pk]),
        ("admin:accompagnement_besoin_history", [besoin_d_autrui.pk]),
    ]:
        assert client.get(reverse(nom_url, args=args)).status_code == 404, nom_url
    reponse = client.post(
        reverse("admin:accompagnement_demande_action", args=[a_une_autre.pk, "message"]), {"message-corps": "x"}
    )
    assert reponse.status_code == 404
    assert not a_une_autre.messages.exists()
    besoins = client.get(reverse("admin:accompagnement_besoin_changelist")).context["cl"].result_list
    assert besoin_d_autrui not in list(besoins)
    # a need assigned to them on someone else's case makes that case visible
    BesoinFactory(demande=a_une_autre, agent=charge)
    assert client.get(reverse("admin:accompagnement_demande_change", args=[a_une_autre.pk])).status_code == 200


def test_un_charge_n_a_ni_statistiques_ni_anonymisation_ni_export(client, charge):
    demande = DemandeFactory(referent=charge)
    MessageFactory(demande=demande)
    client.force_login(charge)
    assert client.get(ACTIVITE).status_code == 403
    assert client.get(reverse("admin:accompagnement_demande_activite_export", args=["csv"])).status_code == 403
    anonymiser = reverse("admin:accompagnement_demande_action", args=[demande.pk, "anonymiser"])
    assert client.post(anonymiser, {"anon-motif": "x", "anon-confirmation": "on"}).status_code == 403
    donnees = reverse("admin:accompagnement_demande_donnees", args=[demande.pk, "json"])
    assert client.post(donnees).status_code == 403
    demande.refresh_from_db()
    assert demande.anonymisee_le is None
    assert client.get(CHARGE_URL).status_code == 200


def test_un_responsable_voit_tout(client, responsable):
    demandes = {DemandeFactory(referent=membre(CHARGE)).pk, DemandeFactory().pk}
    client_de(client, responsable)
    assert {d.pk for d in client.get(LISTE).context["cl"].result_list} == demandes
    assert client.get(ACTIVITE).status_code == 200


def test_l_observatoire_n_a_que_les_chiffres(client, observateur):
    demande = DemandeFactory(nom="Confidentiel")
    client.force_login(observateur)
    assert client.get(LISTE).status_code == 403
    assert client.get(reverse("admin:accompagnement_demande_change", args=[demande.pk])).status_code in (403, 404)
    assert client.get(CHARGE_URL).status_code == 403
    assert client.post(reverse("admin:accompagnement_demande_donnees", args=[demande.pk, "json"])).status_code == 404
    reponse = client.get(ACTIVITE)
    assert reponse.status_code == 200 and "Confidentiel" not in reponse.content.decode()
    assert client.get(reverse("admin:accompagnement_demande_activite_export", args=["xlsx"])).status_code == 200


def test_personne_ne_supprime_ni_ne_cree_une_demande_dans_l_admin(client, responsable):
    demande = DemandeFactory()
    client_de(client, responsable)
    assert client.get(reverse("admin:accompagnement_demande_add")).status_code == 403
    assert client.get(reverse("admin:accompagnement_demande_delete", args=[demande.pk])).status_code == 403
