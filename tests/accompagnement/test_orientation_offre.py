"""Issue 12: on a case page, the agent refers a housing or internship need to a published offer nearby « like to a
partner »: the need becomes « orienté » (the partner referral's status), a timeline row, the requester's grouped
progress e-mail names the offer, the offer's owner is told through the generic outbox — that the hotline will put
them in touch, by whom, how to reach the hotline, and nothing about the person. POST only, CSRF, scoped like the
case's other actions; the requester's space shows the offer (linked while it is still published)."""

import re
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accompagnement.enums import StatutBesoin, TypeEvenement, TypeNotification
from accompagnement.models import Besoin, Evenement, Notification
from accompagnement.services.acces import jeton_creer
from accompagnement.services.notifications import COURRIEL_ORIENTATION_OFFRE, notification_envoyer
from accompagnement.services.suivi import (
    ActionImpossible,
    TransitionInterdite,
    besoin_orienter,
    besoin_orienter_offre,
)
from bienvenuedoc.courriels import courriels_renvoyer_en_attente
from bienvenuedoc.models import Courriel, configuration_courante
from remplacements.enums import StatutOffre
from tests.accompagnement.factories import (
    AgentFactory,
    BesoinFactory,
    DemandeFactory,
    PartenaireOrientationFactory,
)
from tests.accompagnement.factories_backoffice import CHARGE, OBSERVATOIRE, RESPONSABLE, client_de, membre
from tests.observatoire.factories import CommuneFactory
from tests.remplacements.factories import OffreFactory

pytestmark = pytest.mark.django_db

DEMANDEUR = {
    "prenom": "Inès",
    "nom": "Moreau",
    "email": "ines.moreau@exemple.test",
    "telephone": "06 12 34 56 78",
}


def _cas(**demande):
    agen = CommuneFactory(agen=True)
    boe = CommuneFactory(nom="Boé", latitude=44.1650, longitude=0.6320)
    demande = DemandeFactory(**{**DEMANDEUR, **demande})
    demande.communes.set([agen])
    besoin = BesoinFactory(demande=demande, logement=True)
    offre = OffreFactory(
        logement=True, titre="Studio meublé à Boé", commune=boe, email_proprietaire="bailleur@exemple.test"
    )
    return demande, besoin, offre


def _envoyer_avancement(demande):
    """The grouped progress e-mail, made due now and sent (as the task does when its time comes)."""
    notification = Notification.objects.get(demande=demande, type=TypeNotification.STATUT, envoyee_le__isnull=True)
    Notification.objects.filter(pk=notification.pk).update(prevue_le=timezone.now() - timedelta(seconds=1))
    assert notification_envoyer(notification_pk=notification.pk)
    return mail.outbox[-1]


# --- the service ---------------------------------------------------------------------------------------------
def test_orienter_vers_une_offre(django_capture_on_commit_callbacks):
    demande, besoin, offre = _cas(derniere_action_le=timezone.now() - timedelta(days=10))
    agent = AgentFactory(first_name="Mehdi", last_name="Benali")
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        besoin_orienter_offre(besoin=besoin, offre=offre, auteur=agent, commentaire="Appel au bailleur prévu")
    assert mail.outbox == []  # nothing leaves before the commit
    besoin.refresh_from_db()
    assert besoin.statut == StatutBesoin.ORIENTE  # the same status as a partner referral
    assert besoin.offre == offre and besoin.partenaire is None and besoin.oriente_le is not None
    evenement = Evenement.objects.get(besoin=besoin)
    assert (evenement.type, evenement.de, evenement.auteur, evenement.commentaire) == (
        TypeEvenement.ORIENTATION_OFFRE,
        "",
        agent,
        "Appel au bailleur prévu",
    )
    assert "Studio meublé à Boé" in evenement.vers
    demande.refresh_from_db()
    assert demande.derniere_action_le > timezone.now() - timedelta(minutes=1)
    notification = Notification.objects.get(demande=demande, type=TypeNotification.STATUT)
    assert list(notification.besoins.all()) == [besoin]
    courriel = Courriel.objects.get(type=COURRIEL_ORIENTATION_OFFRE)
    assert courriel.objet_id == evenement.pk

    for rappel in rappels:  # the commit: the owner's e-mail leaves through the generic outbox
        rappel()
    au_proprietaire = [m for m in mail.outbox if m.to == ["bailleur@exemple.test"]]
    assert len(au_proprietaire) == 1
    message = au_proprietaire[0]
    config = configuration_courante()
    texte = message.subject + "\n" + message.body + "\n" + str(message.extra_headers) + str(message.reply_to)
    assert "Studio meublé à Boé" in texte
    assert "Mehdi Benali" in message.body
    assert "mettra en relation" in message.body
    if config.hotline_email:
        assert config.hotline_email in message.body and message.reply_to == [config.hotline_email]
    if config.hotline_telephone:
        assert config.hotline_telephone in message.body
    # nothing about the person the owner has not been allowed to know
    for donnee in (*DEMANDEUR.values(), demande.reference, str(demande.uuid), demande.rpps):
        assert donnee not in texte, donnee
    assert not re.search(r"/espace/", message.body)

    au_demandeur = _envoyer_avancement(demande)
    assert au_demandeur.to == [DEMANDEUR["email"]]
    assert "Logement : orienté vers l’offre « Studio meublé à Boé »" in au_demandeur.body
    assert reverse("remplacements:offre", kwargs={"uuid": offre.uuid}) in au_demandeur.body
    assert "bailleur@exemple.test" not in au_demandeur.body


def test_une_offre_qui_n_est_plus_publiee_ou_d_un_autre_type_est_refusee():
    demande, besoin, offre = _cas()
    agent = AgentFactory()
    OffreFactory._meta.model.objects.filter(pk=offre.pk).update(statut=StatutOffre.POURVUE)
    offre.refresh_from_db()
    with pytest.raises(ActionImpossible, match="n’est plus publiée"):
        besoin_orienter_offre(besoin=besoin, offre=offre, auteur=agent)
    remplacement = OffreFactory(commune=offre.commune)
    with pytest.raises(ActionImpossible, match="ne répond pas à un besoin"):
        besoin_orienter_offre(besoin=besoin, offre=remplacement, auteur=agent)
    stage = OffreFactory(stage=True, commune=offre.commune)
    with pytest.raises(ActionImpossible, match="ne répond pas à un besoin"):
        besoin_orienter_offre(besoin=besoin, offre=stage, auteur=agent)  # a housing need, an internship place
    besoin.refresh_from_db()
    assert besoin.statut == StatutBesoin.NOUVEAU and besoin.offre is None
    assert not Evenement.objects.filter(besoin=besoin).exists()
    assert not Courriel.objects.exists()


def test_un_besoin_resolu_ne_peut_pas_etre_oriente_vers_une_offre():
    demande, besoin, offre = _cas()
    Besoin.objects.filter(pk=besoin.pk).update(statut=StatutBesoin.RESOLU)
    with pytest.raises(TransitionInterdite):
        besoin_orienter_offre(besoin=besoin, offre=offre, auteur=AgentFactory())
    besoin.refresh_from_db()
    assert besoin.statut == StatutBesoin.RESOLU and besoin.offre is None
    assert not Courriel.objects.exists()


def test_d_un_partenaire_a_une_offre_et_retour():
    demande, besoin, offre = _cas()
    agent = AgentFactory()
    partenaire = PartenaireOrientationFactory(nom="ADIL 47")
    besoin_orienter(besoin=besoin, partenaire=partenaire, auteur=agent)
    besoin_orienter_offre(besoin=besoin, offre=offre, auteur=agent)
    besoin.refresh_from_db()
    assert besoin.offre == offre and besoin.partenaire is None
    assert Evenement.objects.filter(besoin=besoin).order_by("pk").last().de == "ADIL 47"
    besoin_orienter(besoin=besoin, partenaire=partenaire, auteur=agent)
    besoin.refresh_from_db()
    assert besoin.partenaire == partenaire and besoin.offre is None
    dernier = Evenement.objects.filter(besoin=besoin).order_by("pk").last()
    assert dernier.type == TypeEvenement.ORIENTATION and "Studio meublé à Boé" in dernier.de


def test_une_orientation_remplacee_avant_l_envoi_n_est_pas_annoncee(django_capture_on_commit_callbacks):
    """Two referrals in a row (the agent corrects herself): the first owner is not told, the second is, once."""
    demande, besoin, premiere = _cas()
    seconde = OffreFactory(logement=True, commune=premiere.commune, email_proprietaire="autre@exemple.test")
    agent = AgentFactory()
    with django_capture_on_commit_callbacks(execute=False):
        besoin_orienter_offre(besoin=besoin, offre=premiere, auteur=agent)
        besoin_orienter_offre(besoin=besoin, offre=seconde, auteur=agent)
    Courriel.objects.update(cree_le=timezone.now() - timedelta(minutes=10))
    courriels_renvoyer_en_attente()
    destinataires = [m.to for m in mail.outbox]
    assert destinataires == [["autre@exemple.test"]]
    assert Courriel.objects.filter(abandonne=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_la_ligne_du_besoin_est_verrouillee_pendant_l_orientation():
    """A colleague's transaction holds the need's row and refers it to a partner: the referral to the offer
    waits for it and reads the need as the colleague left it (the timeline row goes from that partner to the
    offer), instead of overwriting a state it read before."""
    demande, besoin, offre = _cas()
    agent = AgentFactory()
    partenaire = PartenaireOrientationFactory(nom="ADIL 47")
    tenu, relache, fini = threading.Event(), threading.Event(), threading.Event()

    def collegue():
        try:
            with transaction.atomic():
                ligne = Besoin.objects.select_for_update().get(pk=besoin.pk)
                ligne.partenaire, ligne.statut = partenaire, StatutBesoin.ORIENTE
                ligne.save(update_fields=["partenaire", "statut"])
                tenu.set()
                relache.wait(10)
        finally:
            connection.close()

    def orienter():
        try:
            besoin_orienter_offre(besoin=besoin, offre=offre, auteur=agent)
            fini.set()
        finally:
            connection.close()

    fil_collegue = threading.Thread(target=collegue)
    fil_collegue.start()
    assert tenu.wait(10)
    fil = threading.Thread(target=orienter)
    fil.start()
    time.sleep(0.5)
    assert not fini.is_set(), "l’orientation n’a pas attendu la transaction qui tient le besoin"
    relache.set()
    fil_collegue.join(10)
    fil.join(10)
    assert fini.is_set()
    besoin.refresh_from_db()
    assert besoin.offre_id == offre.pk and besoin.partenaire is None
    evenement = Evenement.objects.get(besoin=besoin, type=TypeEvenement.ORIENTATION_OFFRE)
    assert evenement.de == "ADIL 47", "l’orientation a lu le besoin avant que la collègue ne le libère"


# --- the case page and its action -------------------------------------------------------------------------------
def _url(demande):
    return reverse("admin:accompagnement_demande_orienter_offre", args=[demande.pk])


def test_le_bouton_est_a_cote_de_chaque_offre_et_nomme_l_offre(client):
    demande, besoin, offre = _cas(referent=None)
    page = client_de(client, membre(CHARGE)).get(reverse("admin:accompagnement_demande_change", args=[demande.pk]))
    html = page.content.decode()
    section = html[html.index('id="titre-offres"') :]
    formulaire = re.search(r"<form[^>]*orienter-offre[^>]*>.*?</form>", section, re.S).group(0)
    assert 'method="post"' in formulaire and "csrfmiddlewaretoken" in formulaire
    assert f'value="{besoin.pk}"' in formulaire and f'value="{offre.uuid}"' in formulaire
    bouton = re.search(r"<button[^>]*>(.*?)</button>", formulaire, re.S)
    assert bouton.group(1).strip() == "Orienter vers cette offre"
    nom = re.search(r'aria-label="([^"]*)"', bouton.group(0)).group(1)
    assert nom.startswith("Orienter vers cette offre") and "Studio meublé à Boé" in nom and "Logement" in nom


def test_la_chargee_oriente_depuis_la_fiche(client):
    demande, besoin, offre = _cas(referent=None)
    charge = membre(CHARGE, first_name="Camille", last_name="Chargée")
    client_de(client, charge)
    reponse = client.post(_url(demande), {"besoin": besoin.pk, "offre": str(offre.uuid)}, follow=True)
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "a été orienté vers l’offre « Studio meublé à Boé »" in html
    besoin.refresh_from_db()
    assert besoin.statut == StatutBesoin.ORIENTE and besoin.offre == offre
    assert Evenement.objects.get(besoin=besoin).auteur == charge
    section = html[html.index('id="titre-offres"') :]
    assert "Besoin orienté vers cette offre" in section  # no second button for the same offer


def test_erreurs_en_francais_sans_rien_changer(client):
    demande, besoin, offre = _cas(referent=None)
    client_de(client, membre(CHARGE))
    autre = BesoinFactory(logement=True)  # a need of another case
    essais = [
        ({"besoin": besoin.pk, "offre": "pas-un-uuid"}, "Cette offre n’est plus publiée"),
        ({"besoin": autre.pk, "offre": str(offre.uuid)}, "Ce besoin ne fait pas partie"),
        ({}, "Choisissez"),
    ]
    for donnees, erreur in essais:
        reponse = client.post(_url(demande), donnees, follow=True)
        assert reponse.status_code == 200
        assert erreur in reponse.content.decode(), donnees
    OffreFactory._meta.model.objects.filter(pk=offre.pk).update(statut=StatutOffre.RETIREE)
    reponse = client.post(_url(demande), {"besoin": besoin.pk, "offre": str(offre.uuid)}, follow=True)
    assert "Cette offre n’est plus publiée" in reponse.content.decode()
    assert not Evenement.objects.exists() and not Courriel.objects.exists()


def test_post_seulement_et_jeton_csrf(client):
    demande, besoin, offre = _cas(referent=None)
    charge = membre(CHARGE)
    assert client_de(client, charge).get(_url(demande)).status_code == 405
    strict = client_de(Client(enforce_csrf_checks=True), charge)
    assert strict.post(_url(demande), {"besoin": besoin.pk, "offre": str(offre.uuid)}).status_code == 403
    besoin.refresh_from_db()
    assert besoin.offre is None


@pytest.mark.parametrize(
    ("role", "referent", "attendu"),
    [
        (CHARGE, "autre", 404),  # a case assigned to a colleague: out of her scope
        (OBSERVATOIRE, None, 404),  # sees no case
        (None, None, 404),  # staff without group
        (RESPONSABLE, "autre", 302),  # sees every case
    ],
)
def test_portee_de_l_action(client, role, referent, attendu):
    demande, besoin, offre = _cas(referent=AgentFactory() if referent == "autre" else None)
    client_de(client, membre(role))
    reponse = client.post(_url(demande), {"besoin": besoin.pk, "offre": str(offre.uuid)})
    assert reponse.status_code == attendu
    besoin.refresh_from_db()
    assert (besoin.offre_id == offre.pk) == (attendu == 302)


def test_une_demande_anonymisee_refuse_l_orientation(client):
    demande, besoin, offre = _cas(referent=None)
    demande.anonymisee_le = timezone.now()
    demande.save(update_fields=["anonymisee_le"])
    client_de(client, membre(RESPONSABLE))
    assert client.post(_url(demande), {"besoin": besoin.pk, "offre": str(offre.uuid)}).status_code == 403
    besoin.refresh_from_db()
    assert besoin.offre is None


# --- the requester's space --------------------------------------------------------------------------------------
def test_l_espace_montre_l_offre_avec_son_lien_tant_qu_elle_est_publiee(client):
    demande, besoin, offre = _cas()
    besoin_orienter_offre(besoin=besoin, offre=offre, auteur=AgentFactory())
    url = reverse("accompagnement:espace", kwargs={"jeton": jeton_creer(demande=demande)})
    html = client.get(url).content.decode()
    lien = reverse("remplacements:offre", kwargs={"uuid": offre.uuid})
    assert re.search(rf"Orienté vers l’offre\s*<a href=\"{lien}\">Studio meublé à Boé</a>", html)
    assert "Orienté vers une offre" in html  # the status, not « vers un partenaire »
    assert "bailleur@exemple.test" not in html

    OffreFactory._meta.model.objects.filter(pk=offre.pk).update(statut=StatutOffre.POURVUE)
    html = client.get(url).content.decode()
    assert "Orienté vers l’offre « Studio meublé à Boé »" in html
    assert lien not in html
