# ruff: noqa: F811  (fixtures imported from factories_backoffice)
"""The back office (Django admin under /gestion/): case list, case page, actions, workload, activity, exports."""

import csv
import io
import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accompagnement.enums import StatutBesoin, StatutDemande, TypeEvenement, TypeNotification
from accompagnement.models import Besoin, Demande, Evenement, Message, NoteInterne, Notification
from partenaires.enums import TypeBesoin
from tests.accompagnement.factories import (
    BesoinFactory,
    DemandeFactory,
    EtapeFactory,
    EvenementFactory,
    MessageFactory,
    PartenaireOrientationFactory,
)
from tests.accompagnement.factories_backoffice import (  # noqa: F401 (fixtures)
    CHARGE,
    charge,
    client_de,
    membre,
    observateur,
    responsable,
)
from tests.observatoire.factories import CommuneFactory, EPCIFactory

pytestmark = pytest.mark.django_db

LISTE = reverse("admin:accompagnement_demande_changelist")


def page(demande):
    return reverse("admin:accompagnement_demande_change", args=[demande.pk])


def action(demande, nom):
    return reverse("admin:accompagnement_demande_action", args=[demande.pk, nom])


def _il_y_a(jours):
    return timezone.now() - timedelta(days=jours)


# --- case list ----------------------------------------------------------------------------------------------
def test_liste_colonnes_et_ordre(client, responsable):
    DemandeFactory(terminee=True, recue_le=_il_y_a(400), nom="Closeau")
    en_retard = DemandeFactory(recue_le=_il_y_a(20), nom="Retardier", derniere_action_le=_il_y_a(20))
    BesoinFactory(demande=en_retard, type=TypeBesoin.LOGEMENT)
    BesoinFactory(demande=en_retard, type=TypeBesoin.AIDES_FINANCIERES)
    BesoinFactory(demande=en_retard, resolu=True)
    recente = DemandeFactory(nom="Récentin")
    client_de(client, responsable)
    reponse = client.get(LISTE)
    assert reponse.status_code == 200
    html = reponse.content.decode()
    # open cases first, the oldest on top; closed ones after
    assert html.index("Retardier") < html.index("Récentin") < html.index("Closeau")
    lignes = {d.pk: d for d in reponse.context["cl"].result_list}
    assert lignes[en_retard.pk].nb_besoins_ouverts == 2
    assert lignes[en_retard.pk].en_retard and not lignes[recente.pk].en_retard
    assert html.count(">En retard</strong>") == 1
    assert en_retard.reference in html and "Non attribuée" in html
    assert ">20<" in html  # age in days and days without action


def _resultats(client, **params):
    reponse = client.get(LISTE, params)
    assert reponse.status_code == 200
    return {d.pk for d in reponse.context["cl"].result_list}


def test_filtres_de_la_liste(client, responsable, charge):
    albret = EPCIFactory(nom="Albret Communauté")
    logement = DemandeFactory(communes=[CommuneFactory(epci=albret)], derniere_action_le=_il_y_a(16))
    BesoinFactory(demande=logement, type=TypeBesoin.LOGEMENT)
    par_epci = DemandeFactory(epcis=[albret], referent=charge, statut=StatutDemande.EN_COURS)
    vieille = DemandeFactory(recue_le=_il_y_a(100), derniere_action_le=_il_y_a(40))
    close = DemandeFactory(terminee=True, recue_le=_il_y_a(100), derniere_action_le=_il_y_a(40))
    client_de(client, responsable)
    assert _resultats(client, besoin=TypeBesoin.LOGEMENT) == {logement.pk}
    assert _resultats(client, epci=albret.pk) == {logement.pk, par_epci.pk}
    assert _resultats(client, referent=charge.pk) == {par_epci.pk}
    assert _resultats(client, referent="aucun") == {logement.pk, vieille.pk}  # « terminée » has a referent
    assert _resultats(client, anciennete="annee") == {vieille.pk, close.pk}
    assert _resultats(client, anciennete="semaine") == {logement.pk, par_epci.pk}
    assert _resultats(client, sans_action="15") == {logement.pk, vieille.pk}  # open cases only
    assert _resultats(client, sans_action="30") == {vieille.pk}
    assert _resultats(client, retard="oui") == {vieille.pk}
    assert _resultats(client, statut=StatutDemande.TERMINEE) == {close.pk}


def test_recherche_par_nom_email_rpps_reference(client, responsable):
    cible = DemandeFactory(nom="Zanzibar", email="z.zanzibar@exemple.test", rpps="10101010101")
    DemandeFactory(nom="Autre")
    client_de(client, responsable)
    for terme in ["zanzibar", "z.zanzibar@exemple", "10101010101", cible.reference]:
        assert _resultats(client, q=terme) == {cible.pk}, terme


@pytest.mark.parametrize("nombre", [3, 300])
def test_liste_en_nombre_fixe_de_requetes(nombre, client, responsable, django_assert_max_num_queries):
    agents = [membre(CHARGE) for _ in range(3)]
    demandes = Demande.objects.bulk_create(
        [
            Demande(
                profil="medecin_generaliste",
                prenom="P",
                nom=f"N{i}",
                email=f"n{i}@exemple.test",
                type_projet="installation",
                consentement_le=timezone.now(),
                referent=agents[i % 3],
                reference=f"2026-T{i:05d}",
            )
            for i in range(nombre)
        ]
    )
    Besoin.objects.bulk_create([Besoin(demande=d, type=TypeBesoin.LOGEMENT) for d in demandes])
    client_de(client, responsable)
    client.get(LISTE)  # warms the site configuration cache
    with django_assert_max_num_queries(10):
        reponse = client.get(LISTE, {"besoin": TypeBesoin.LOGEMENT})
    assert reponse.status_code == 200
    assert len(reponse.context["cl"].result_list) == min(nombre, 50)


# --- case page ----------------------------------------------------------------------------------------------
@pytest.fixture
def dossier(charge):
    demande = DemandeFactory(
        prenom="Léa", nom="Dupont", email="lea.dupont@exemple.test", referent=charge, statut=StatutDemande.EN_COURS
    )
    BesoinFactory(demande=demande, logement=True)
    BesoinFactory(demande=demande, scolarite=True)
    EtapeFactory(demande=demande, titre="Inscription à l’Ordre")
    MessageFactory(demande=demande, corps="Je cherche un logement à Nérac.")
    EvenementFactory(demande=demande)
    return demande


def test_page_de_la_demande(client, charge, dossier):
    EvenementFactory(demande=dossier, type=TypeEvenement.ASSIGNATION, auteur=charge, par_demandeur=False, vers="X")
    client.force_login(charge)
    reponse = client.get(page(dossier))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    for attendu in [
        "Léa",
        "lea.dupont@exemple.test",
        "Logement",
        "Âge des enfants : 4 et 7 ans",
        "Inscription à l’Ordre",
        "Je cherche un logement à Nérac.",
        "Chronologie (2 événements)",
        "Demande reçue",
        "par le demandeur",
        "par Camille Chargée",
        "Envoyer au demandeur",
        "Orienter un besoin vers un partenaire",
        "Notes internes (jamais visibles du demandeur)",
    ]:
        assert attendu in html, attendu
    # no anonymisation nor export for a « chargé·e »
    assert "Anonymiser" not in html and "Exporter en JSON" not in html


@pytest.mark.parametrize("nombre", [3, 300])
def test_page_en_nombre_fixe_de_requetes(nombre, client, responsable, django_assert_max_num_queries):
    demande = DemandeFactory(en_cours=True)
    Evenement.objects.bulk_create(
        [Evenement(demande=demande, type=TypeEvenement.NOTE, auteur=responsable) for _ in range(nombre)]
    )
    Message.objects.bulk_create([Message(demande=demande, corps=f"m{i}", auteur=responsable) for i in range(nombre)])
    Besoin.objects.bulk_create(
        [Besoin(demande=demande, type=TypeBesoin.LOGEMENT, agent=responsable) for _ in range(min(nombre, 30))]
    )
    NoteInterne.objects.bulk_create(
        [NoteInterne(demande=demande, auteur=responsable, corps="n") for _ in range(min(nombre, 30))]
    )
    client_de(client, responsable)
    client.get(page(demande))
    with django_assert_max_num_queries(20):
        reponse = client.get(page(demande))
    assert reponse.content.decode().count('class="bd-message') == nombre


def test_envoyer_un_message(client, charge, dossier, django_capture_on_commit_callbacks):
    client.force_login(charge)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(action(dossier, "message"), {"message-corps": "Voici deux logements libres."})
    assert reponse.status_code == 302 and reponse.url == page(dossier)
    message = Message.objects.get(demande=dossier, de_demandeur=False)
    assert message.auteur == charge and message.corps == "Voici deux logements libres."
    assert Notification.objects.get(message=message).type == TypeNotification.MESSAGE_HOTLINE
    assert [m.to for m in mail.outbox] == [["lea.dupont@exemple.test"]]
    suivante = client.get(page(dossier)).content.decode()
    assert "Le message a été envoyé au demandeur." in suivante and "Voici deux logements libres." in suivante


def test_message_vide_refuse_en_francais(client, charge, dossier):
    client.force_login(charge)
    reponse = client.post(action(dossier, "message"), {"message-corps": ""}, follow=True)
    assert "Écrivez le message avant de l’envoyer." in reponse.content.decode()
    assert not Message.objects.filter(demande=dossier, de_demandeur=False).exists()


def test_changer_le_statut_et_transition_interdite(client, charge, dossier):
    client.force_login(charge)
    client.post(action(dossier, "statut"), {"statut-vers": StatutDemande.TERMINEE, "statut-commentaire": "Installée"})
    dossier.refresh_from_db()
    assert dossier.statut == StatutDemande.TERMINEE and dossier.cloturee_le
    # « terminée » → « retirée » is not in the table: the form refuses it with a French message
    reponse = client.post(action(dossier, "statut"), {"statut-vers": StatutDemande.RETIREE}, follow=True)
    dossier.refresh_from_db()
    assert dossier.statut == StatutDemande.TERMINEE
    assert "Nouveau statut de la demande" in reponse.content.decode()
    assert "Sélectionnez un choix valide" in reponse.content.decode()


def test_statut_et_orientation_d_un_besoin(client, charge, dossier):
    besoin = dossier.besoins.get(type=TypeBesoin.LOGEMENT)
    partenaire = PartenaireOrientationFactory(nom="Habitat 47")
    client.force_login(charge)
    client.post(action(dossier, "orienter"), {"or-besoin": besoin.pk, "or-partenaire": partenaire.pk})
    besoin.refresh_from_db()
    assert besoin.statut == StatutBesoin.ORIENTE and besoin.partenaire == partenaire
    client.post(action(dossier, "statut-besoin"), {"sb-besoin": besoin.pk, "sb-vers": StatutBesoin.RESOLU})
    besoin.refresh_from_db()
    assert besoin.statut == StatutBesoin.RESOLU
    reponse = client.post(
        action(dossier, "statut-besoin"), {"sb-besoin": besoin.pk, "sb-vers": StatutBesoin.SANS_SUITE}, follow=True
    )
    assert "Passage impossible du statut « Résolu » au statut « Sans suite »." in reponse.content.decode()
    html = client.get(page(dossier)).content.decode()
    assert "Orientation vers un partenaire" in html and "Habitat 47" in html


def test_attribution(client, responsable, charge):
    demande = DemandeFactory()
    client_de(client, responsable)
    client.post(action(demande, "attribuer"), {"attr-referent": charge.pk})
    demande.refresh_from_db()
    assert demande.referent == charge
    assert Evenement.objects.get(demande=demande).auteur == responsable


def test_un_charge_peut_prendre_une_demande_libre_mais_pas_attribuer(client, charge):
    demande = DemandeFactory()
    client.force_login(charge)
    assert "Je m’en occupe" in client.get(page(demande)).content.decode()
    assert client.post(action(demande, "attribuer"), {"attr-referent": charge.pk}).status_code == 403
    client.post(action(demande, "prendre"))
    demande.refresh_from_db()
    assert demande.referent == charge


def test_inline_besoin_passe_par_le_service_et_l_historique_garde_l_auteur(client, responsable, dossier):
    besoins = list(dossier.besoins.order_by("pk"))
    etape = dossier.etapes.get()
    donnees = {
        "besoins-TOTAL_FORMS": "2",
        "besoins-INITIAL_FORMS": "2",
        "besoins-0-id": besoins[0].pk,
        "besoins-0-demande": dossier.pk,
        "besoins-0-agent": responsable.pk,
        "besoins-0-echeance": "2027-02-01",
        "besoins-1-id": besoins[1].pk,
        "besoins-1-demande": dossier.pk,
        "besoins-1-agent": "",
        "besoins-1-echeance": "",
        "etapes-TOTAL_FORMS": "1",
        "etapes-INITIAL_FORMS": "1",
        "etapes-0-id": etape.pk,
        "etapes-0-demande": dossier.pk,
        "etapes-0-statut": "fait",
        "etapes-0-echeance": etape.echeance.isoformat(),
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-0-corps": "Rappeler la mairie de Nérac",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    client_de(client, responsable)
    reponse = client.post(page(dossier), donnees)
    assert reponse.status_code == 302, reponse.context["errors"] if reponse.context else reponse
    besoins[0].refresh_from_db()
    assert besoins[0].agent == responsable and str(besoins[0].echeance) == "2027-02-01"
    assert besoins[0].history.latest().history_user == responsable
    etape.refresh_from_db()
    assert etape.statut == "fait"
    note = NoteInterne.objects.get(demande=dossier)
    assert note.auteur == responsable and note.corps == "Rappeler la mairie de Nérac"
    types = set(Evenement.objects.filter(demande=dossier).values_list("type", flat=True))
    assert {TypeEvenement.ASSIGNATION, TypeEvenement.ETAPE, TypeEvenement.NOTE} <= types


def test_historique_de_la_demande_dit_qui_a_change_quoi(client, responsable, dossier):
    client_de(client, responsable)
    client.post(action(dossier, "statut"), {"statut-vers": StatutDemande.TERMINEE})
    assert dossier.history.latest().history_user == responsable
    reponse = client.get(reverse("admin:accompagnement_demande_history", args=[dossier.pk]))
    html = reponse.content.decode()
    ligne = html[html.find('id="change-history"') :].split("</tr>")[1]  # the latest version
    assert f">{responsable.username}</a>" in ligne
    # the labels users see elsewhere, not the stored codes
    assert re.search(r"<strong>Statut:</strong>\s*En cours d’accompagnement\s*&nbsp;&rarr;&nbsp;&nbsp;Terminée", ligne)


def test_anonymiser_depuis_la_page(client, responsable, dossier):
    client_de(client, responsable)
    assert "Anonymiser définitivement" in client.get(page(dossier)).content.decode()
    reponse = client.post(action(dossier, "anonymiser"), {"anon-motif": "Effacement"}, follow=True)
    assert "Cochez la case pour confirmer" in reponse.content.decode()
    dossier.refresh_from_db()
    assert dossier.anonymisee_le is None
    client.post(action(dossier, "anonymiser"), {"anon-motif": "Effacement", "anon-confirmation": "on"})
    dossier.refresh_from_db()
    assert dossier.anonymisee_le and dossier.nom == ""
    html = client.get(page(dossier)).content.decode()
    assert "Cette demande a été anonymisée" in html and "lea.dupont" not in html


def test_export_droit_d_acces_json_et_csv(client, responsable, dossier):
    client_de(client, responsable)
    reponse = client.post(reverse("admin:accompagnement_demande_donnees", args=[dossier.pk, "json"]))
    assert reponse["Content-Disposition"] == f'attachment; filename="donnees-{dossier.reference}.json"'
    donnees = json.loads(reponse.content)
    assert donnees["demande"]["adresse_electronique"] == "lea.dupont@exemple.test"
    assert donnees["messages"][0]["message"] == "Je cherche un logement à Nérac."
    reponse = client.post(reverse("admin:accompagnement_demande_donnees", args=[dossier.pk, "csv"]))
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0] == ["rubrique", "n°", "champ", "valeur"]
    assert ["demande", "", "nom", "Dupont"] in lignes
    assert Evenement.objects.filter(demande=dossier, type=TypeEvenement.EXPORT).count() == 2
    assert client.get(reverse("admin:accompagnement_demande_donnees", args=[dossier.pk, "json"])).status_code == 405


# --- workload and activity ----------------------------------------------------------------------------------
def test_vue_charge(client, charge):
    DemandeFactory(referent=charge, recue_le=_il_y_a(30))
    DemandeFactory(recue_le=_il_y_a(30))
    client.force_login(charge)
    reponse = client.get(reverse("admin:accompagnement_demande_charge"))
    html = reponse.content.decode()
    assert "<caption>Charge par personne</caption>" in html
    assert "Camille Chargée" in html and "Sans référent·e" in html
    ligne = next(ligne for ligne in reponse.context["charge"].agents if ligne.agent == charge)
    assert (ligne.demandes_ouvertes, ligne.premieres_reponses_en_retard) == (1, 1)
    assert f"?referent={charge.pk}&amp;retard=oui" in html


def test_index_de_l_admin_montre_le_pilotage(client, responsable, observateur):
    client_de(client, responsable)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Charge de travail de l’équipe" in html and "Activité (statistiques et exports)" in html
    client.force_login(observateur)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Activité (statistiques et exports)" in html and "Charge de travail" not in html


def _activite(client, fmt=None, **params):
    if fmt:
        return client.get(reverse("admin:accompagnement_demande_activite_export", args=[fmt]), params)
    return client.get(reverse("admin:accompagnement_demande_activite"), params)


@pytest.fixture
def activite_connue():
    debut = timezone.make_aware(timezone.datetime(2025, 2, 3, 10))
    for i in range(3):
        demande = DemandeFactory(recue_le=debut + timedelta(days=i), premiere_reponse_le=debut + timedelta(days=i + 2))
        BesoinFactory(demande=demande, logement=True, resolu=(i == 0))
    DemandeFactory(etudiant=True, recue_le=debut)


def test_vue_activite(client, responsable, activite_connue):
    client_de(client, responsable)  # exact figures (the Observatoire's: test_statistiques_secret.py)
    reponse = _activite(client, debut="2025-01-01", fin="2025-03-31")
    html = reponse.content.decode()
    assert "<caption>Demandes reçues par mois</caption>" in html
    assert '<th scope="row">février 2025</th>' in html
    assert re.search(r'<th scope="row">Demandes reçues</th>\s*<td class="bd-nombre">4</td>', html)
    assert "33,3 %" in html  # one need resolved out of three
    assert "Exporter en XLSX" in html
    erreur = _activite(client, debut="2025-03-31", fin="2025-01-01")
    assert "La fin de la période doit suivre son début." in erreur.content.decode()


def test_vue_activite_en_cache_quelques_minutes_et_le_dit(
    client, observateur, activite_connue, django_assert_max_num_queries
):
    client.force_login(observateur)  # figures under statistical secrecy: 4 cases are « < 5 », 5 are 5
    html = _activite(client, debut="2025-01-01", fin="2025-03-31").content.decode()
    assert "Chiffres mis à jour" in html and "à l’instant" in html
    assert re.search(r'<th scope="row">Demandes reçues</th>\s*<td class="bd-nombre">&lt; 5</td>', html)
    DemandeFactory(recue_le=timezone.make_aware(timezone.datetime(2025, 2, 10, 9)))
    # within five minutes: the same figures, without the aggregate queries (session, user, permissions only)
    with django_assert_max_num_queries(4):
        html = _activite(client, debut="2025-01-01", fin="2025-03-31").content.decode()
    assert re.search(r'<th scope="row">Demandes reçues</th>\s*<td class="bd-nombre">&lt; 5</td>', html)
    # three minutes later the page says how old its figures are; once the entry expires they are computed again
    plus_tard = timezone.now() + timedelta(minutes=3)
    with mock.patch("accompagnement.admin_views.timezone.now", return_value=plus_tard):
        html = _activite(client, debut="2025-01-01", fin="2025-03-31").content.decode()
    assert "il y a 3 minutes" in html
    cache.clear()
    html = _activite(client, debut="2025-01-01", fin="2025-03-31").content.decode()
    assert re.search(r'<th scope="row">Demandes reçues</th>\s*<td class="bd-nombre">5</td>', html)
    # another period is another cache entry (computed now: the five cases of February)
    html = _activite(client, debut="2025-02-01", fin="2025-02-28").content.decode()
    assert re.search(r'<th scope="row">Demandes reçues</th>\s*<td class="bd-nombre">5</td>', html)


def test_exports_csv_et_xlsx(client, responsable, activite_connue):
    client_de(client, responsable)
    reponse = _activite(client, "csv", debut="2025-01-01", fin="2025-03-31")
    assert reponse["Content-Disposition"] == 'attachment; filename="activite-20250101-20250331.csv"'
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert ["février 2025", "4"] in lignes
    assert ["Logement", "3", "1", "33,3 %", "0"] in lignes
    reponse = _activite(client, "xlsx", debut="2025-01-01", fin="2025-03-31")
    classeur = load_workbook(io.BytesIO(reponse.content))
    assert "Demandes reçues par mois" in classeur.sheetnames
    feuille = classeur["Demandes reçues par mois"]
    assert [c.value for c in feuille[1]] == ["Mois", "Demandes"]
    assert [c.value for c in feuille[3]] == ["février 2025", 4]
    assert classeur["Synthèse"]["B2"].value == 4


def test_annuaire_des_partenaires_compte_les_orientations(client, admin_user):
    habitat = PartenaireOrientationFactory(nom="Habitat 47")
    BesoinFactory(oriente=True, partenaire=habitat)
    BesoinFactory(oriente=True, partenaire=habitat)
    BesoinFactory(resolu=True, partenaire=habitat)
    PartenaireOrientationFactory(nom="Mairie de Nérac")
    client_de(client, admin_user)
    reponse = client.get(reverse("admin:partenaires_partenaire_changelist"))
    html = reponse.content.decode()
    assert "Besoins orientés" in html and "Dont résolus" in html
    lignes = {p.nom: (p.nb_orientes, p.nb_resolus) for p in reponse.context["cl"].result_list}
    assert lignes == {"Habitat 47": (3, 1), "Mairie de Nérac": (0, 0)}
    reponse = client.get(reverse("admin:partenaires_partenaire_change", args=[habitat.pk]))
    assert reponse.status_code == 200 and "Besoins orientés" in reponse.content.decode()


def test_le_select_rapide_ecrit_le_meme_html_que_celui_de_django():
    import re

    from django import forms

    from accompagnement.admin_views import SelectRapide

    choix = [("", "---------"), ("1", "Habitat 47 & <Cie>"), ("2", "Pôle emploi « conjoints »")]
    attrs = {"id": "id_or-partenaire", "required": True, "aria-describedby": "aide"}

    def normaliser(html):
        return re.sub(r">\s+<", "><", str(html)).strip()

    for valeur in ("", "2", None):
        assert normaliser(SelectRapide(choices=choix).render("or-partenaire", valeur, attrs)) == normaliser(
            forms.Select(choices=choix).render("or-partenaire", valeur, attrs)
        )
    # (pk, nom) pairs as the case page passes them, a value with quotes, a label already safe, an int value
    from django.utils.safestring import mark_safe

    choix = [("", "---------"), (3, "L’« Atelier » d'Agen"), ('a"b', mark_safe("<b>sûr</b>")), (7, "x")]
    for valeur in (3, "3", 'a"b', 7, None, "inconnu"):
        assert normaliser(SelectRapide(choices=choix).render("or-partenaire", valeur, attrs)) == normaliser(
            forms.Select(choices=choix).render("or-partenaire", valeur, attrs)
        )
    # a long list (the partner directory): its options are remembered per content, the selection and a
    # renamed entry still show
    from accompagnement.admin_views import SEUIL_OPTIONS_MEMORISEES, ChoixDejaNormalises

    choix = [("", "---------")] + [(i, f"Partenaire <{i}>") for i in range(1, SEUIL_OPTIONS_MEMORISEES + 5)]
    for valeur in (None, 5, 5, "", 12):
        assert normaliser(
            SelectRapide(choices=ChoixDejaNormalises(choix)).render("or-partenaire", valeur, attrs)
        ) == normaliser(forms.Select(choices=choix).render("or-partenaire", valeur, attrs))
    choix[5] = (5, "Partenaire renommé")
    assert "Partenaire renommé</option>" in SelectRapide(choices=choix).render("or-partenaire", None, attrs)


def test_la_recherche_de_l_admin_passe_par_les_index(rf, responsable):
    """The search's SQL (Django's icontains/iexact) matches the expressions of the indexes of migration 0007:
    with sequential scans ruled out, PostgreSQL answers every branch of the OR from an index."""
    from django.contrib.admin.sites import site
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("index PostgreSQL")
    DemandeFactory(nom="Vasseur")
    requete = rf.get(LISTE, {"q": "vass"})
    requete.user = responsable
    resultats, _ = site._registry[Demande].get_search_results(requete, Demande.objects.order_by(), "vass")
    assert [d.nom for d in resultats] == ["Vasseur"]
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL enable_seqscan = off")
        plan = resultats.explain()
    for index in (
        "demande_nom_sans_accents_trgm_idx",  # migration 0014: names searched without accents
        "demande_prenom_sans_accents_trgm_idx",
        "demande_email_trgm_idx",
        "demande_reference_upper_idx",
        "demande_rpps_upper_idx",
    ):
        assert index in plan
    assert "Seq Scan" not in plan
