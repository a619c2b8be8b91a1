"""Events: registration (a seat, then the waiting list), cancellation that promotes the first waiting, the
e-mails through the outbox, the reminder the day before, registrations deleted after the event, the iCalendar
feed, the public form (French errors on the field, nothing lost, rate limit) and the staff's CSV export."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bienvenuedoc.contenus.enums import StatutInscription
from bienvenuedoc.contenus.models import Inscription
from bienvenuedoc.contenus.services import (
    DUREE_CONSERVATION_INSCRIPTIONS_JOURS,
    InscriptionRefusee,
    inscription_annuler,
    inscription_creer,
    inscriptions_purger,
    rappels_envoyer,
)
from bienvenuedoc.pages_en_cache import invalider_pages_publiques
from tests.accompagnement.factories_backoffice import client_de

from .factories import EvenementFactory, InscriptionFactory

pytestmark = pytest.mark.django_db


def _inscrire(evenement, n):
    return inscription_creer(evenement=evenement, nom=f"Personne {n}", email=f"p{n}@exemple.test", profil="medecin")


def test_une_place_puis_la_liste_d_attente_puis_la_promotion(django_capture_on_commit_callbacks):
    evenement = EvenementFactory(capacite=1)
    with django_capture_on_commit_callbacks(execute=True):
        premiere = _inscrire(evenement, 1)
        seconde = _inscrire(evenement, 2)
        troisieme = _inscrire(evenement, 3)
    assert premiere.statut == StatutInscription.CONFIRMEE
    assert seconde.statut == troisieme.statut == StatutInscription.ATTENTE
    sujets = {m.to[0]: m.subject for m in mail.outbox}
    assert sujets["p1@exemple.test"].startswith("Inscription confirmée")
    assert sujets["p2@exemple.test"].startswith("Liste d’attente")
    assert f"/evenements/inscription/{premiere.jeton}/annuler/" in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promue = inscription_annuler(inscription=premiere)
    assert promue == seconde
    seconde.refresh_from_db()
    troisieme.refresh_from_db()
    assert seconde.statut == StatutInscription.CONFIRMEE and troisieme.statut == StatutInscription.ATTENTE
    (courriel,) = mail.outbox
    assert courriel.to == ["p2@exemple.test"] and "Une place s’est libérée" in courriel.subject
    # cancelling a waiting registration frees no seat; cancelling twice does nothing
    assert inscription_annuler(inscription=troisieme) is None
    assert inscription_annuler(inscription=premiere) is None


def test_une_adresse_ne_s_inscrit_qu_une_fois_et_un_evenement_passe_est_clos():
    evenement = EvenementFactory()
    _inscrire(evenement, 1)
    with pytest.raises(InscriptionRefusee, match="déjà inscrite"):
        inscription_creer(evenement=evenement, nom="Autre", email="P1@exemple.test", profil="medecin")
    passe = EvenementFactory(debut=timezone.now() - timedelta(days=1))
    with pytest.raises(InscriptionRefusee, match="closes"):
        _inscrire(passe, 1)


def test_rappel_la_veille_une_seule_fois(django_capture_on_commit_callbacks):
    demain = timezone.localtime() + timedelta(days=1)
    evenement = EvenementFactory(debut=demain)
    confirmee = InscriptionFactory(evenement=evenement)
    InscriptionFactory(evenement=evenement, statut=StatutInscription.ATTENTE)
    InscriptionFactory(evenement=EvenementFactory(debut=demain + timedelta(days=2)))
    with django_capture_on_commit_callbacks(execute=True):
        assert rappels_envoyer() == 1
        assert rappels_envoyer() == 0
    (rappel,) = mail.outbox
    assert rappel.to == [confirmee.email] and rappel.subject.startswith("Rappel")


def test_les_inscriptions_sont_supprimees_apres_l_evenement():
    ancien = EvenementFactory(debut=timezone.now() - timedelta(days=DUREE_CONSERVATION_INSCRIPTIONS_JOURS + 2))
    recent = EvenementFactory(debut=timezone.now() - timedelta(days=2))
    InscriptionFactory(evenement=ancien)
    garde = InscriptionFactory(evenement=recent)
    assert inscriptions_purger() == 1
    assert list(Inscription.objects.all()) == [garde]


def test_le_flux_icalendar_liste_les_evenements_a_venir(client):
    a_venir = EvenementFactory(titre="Job dating des internes")
    EvenementFactory(titre="Passé", debut=timezone.now() - timedelta(days=3))
    EvenementFactory(titre="Brouillon", publie=False)
    reponse = client.get(reverse("contenus:evenements_ics"))
    assert reponse["Content-Type"].startswith("text/calendar")
    evenements = Calendar.from_ical(reponse.content).walk("VEVENT")
    assert [str(e["summary"]) for e in evenements] == ["Job dating des internes"]
    assert evenements[0].decoded("dtstart") == a_venir.debut
    assert "Agen" in str(evenements[0]["location"])


def test_la_liste_montre_le_plus_proche_d_abord_en_requetes_fixes(client, django_assert_max_num_queries):
    EvenementFactory(titre="Dans un mois", debut=timezone.now() + timedelta(days=30))
    EvenementFactory(titre="Demain", debut=timezone.now() + timedelta(days=1))
    contenu = client.get(reverse("contenus:evenements")).content.decode()
    assert contenu.index("Demain") < contenu.index("Dans un mois")
    invalider_pages_publiques()  # the page is kept rendered (pages_en_cache): count a real rendering
    with CaptureQueriesContext(connection) as peu:
        client.get(reverse("contenus:evenements"))
    for n in range(8):
        InscriptionFactory(evenement=EvenementFactory(debut=timezone.now() + timedelta(days=40 + n)))
    invalider_pages_publiques()
    with CaptureQueriesContext(connection) as beaucoup:
        client.get(reverse("contenus:evenements"))
    assert len(beaucoup) == len(peu)


def test_le_formulaire_dit_les_erreurs_sur_le_champ_et_garde_la_saisie(client):
    evenement = EvenementFactory()
    url = reverse("contenus:evenement", args=[evenement.slug])
    reponse = client.post(url, {"nom": "Léa Martin", "email": "pas-une-adresse", "profil": "medecin"})
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Saisissez une adresse électronique valide" in contenu
    assert "Cochez cette case pour vous inscrire" in contenu
    assert 'value="Léa Martin"' in contenu and 'value="pas-une-adresse"' in contenu
    assert 'aria-invalid="true"' in contenu
    assert not Inscription.objects.exists()


def test_s_inscrire_par_le_formulaire_puis_annuler_par_le_lien(client, django_capture_on_commit_callbacks):
    evenement = EvenementFactory(capacite=1)
    url = reverse("contenus:evenement", args=[evenement.slug])
    donnees = {"nom": "Léa Martin", "email": "lea@exemple.test", "profil": "medecin", "consentement": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url, donnees, follow=True)
    assert "Votre inscription est confirmée" in reponse.content.decode()
    lien = re.search(r"https?://[^/\s]+(/evenements/inscription/[^/\s]+/annuler/)", mail.outbox[0].body).group(1)
    page = client.get(lien)
    assert page["X-Robots-Tag"] == "noindex, nofollow" and "Annuler mon inscription" in page.content.decode()
    assert "Inscription annulée" in client.post(lien, follow=True).content.decode()
    assert Inscription.objects.get().statut == StatutInscription.ANNULEE
    assert client.get("/evenements/inscription/00000000-0000-0000-0000-000000000000/annuler/").status_code == 404


def test_la_deuxieme_inscription_au_dela_de_la_capacite_va_en_liste_d_attente(client):
    evenement = EvenementFactory(capacite=1)
    url = reverse("contenus:evenement", args=[evenement.slug])
    client.post(url, {"nom": "Un", "email": "un@exemple.test", "profil": "medecin", "consentement": "on"})
    assert "S’inscrire sur la liste d’attente" in client.get(url).content.decode()
    reponse = client.post(
        url, {"nom": "Deux", "email": "deux@exemple.test", "profil": "interne", "consentement": "on"}, follow=True
    )
    assert "Vous êtes sur la liste d’attente" in reponse.content.decode()


def test_le_formulaire_est_limite_par_adresse(client):
    evenement = EvenementFactory(capacite=100)
    url = reverse("contenus:evenement", args=[evenement.slug])
    for n in range(10):
        reponse = client.post(url, {"nom": "X", "email": f"x{n}@exemple.test", "profil": "autre", "consentement": "on"})
        assert reponse.status_code == 302
    reponse = client.post(url, {"nom": "X", "email": "x99@exemple.test", "profil": "autre", "consentement": "on"})
    assert reponse.status_code == 429


def test_le_jeton_csrf_est_exige():
    from django.test import Client

    evenement = EvenementFactory()
    reponse = Client(enforce_csrf_checks=True).post(
        reverse("contenus:evenement", args=[evenement.slug]),
        {"nom": "X", "email": "x@exemple.test", "profil": "autre", "consentement": "on"},
    )
    assert reponse.status_code == 403


def test_export_csv_des_inscrits_par_l_equipe(client, admin_user):
    evenement = EvenementFactory()
    InscriptionFactory(evenement=evenement, nom='=HYPERLINK("http://x")', email="a@exemple.test")
    InscriptionFactory(evenement=evenement, statut=StatutInscription.ANNULEE, nom="Partie", email="b@exemple.test")
    client_de(client, admin_user)
    reponse = client.post(
        reverse("admin:contenus_evenement_changelist"),
        {"action": "exporter_inscrits", "_selected_action": [evenement.pk]},
    )
    assert reponse["Content-Type"].startswith("text/csv")
    contenu = reponse.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in contenu and "a@exemple.test" in contenu and "Partie" not in contenu


def test_la_page_donnees_personnelles_dit_la_conservation_des_inscriptions(client):
    contenu = client.get(reverse("site:donnees_personnelles")).content.decode()
    assert "Gérer votre inscription à un événement" in contenu
    assert f"supprimées automatiquement {DUREE_CONSERVATION_INSCRIPTIONS_JOURS}&nbsp;jours après la fin" in contenu


def test_la_page_d_un_evenement_porte_ses_donnees_structurees(client, settings):
    import json

    settings.SITE_URL = "https://guichet.exemple.fr"
    evenement = EvenementFactory(titre="Rencontre </script><script>alert(1)</script>", commune_nom="Nérac")
    contenu = client.get(reverse("contenus:evenement", args=[evenement.slug])).content.decode()
    bloc = re.search(r'<script type="application/ld\+json">(.*?)</script>', contenu, re.S).group(1)
    assert "<" not in bloc  # the title's markup cannot end the block
    donnees = json.loads(bloc)
    assert donnees["@type"] == "Event" and donnees["name"] == evenement.titre
    assert donnees["location"]["address"]["addressLocality"] == "Nérac"
    assert donnees["startDate"] == evenement.debut.isoformat()
    # the configured address, never the request's Host
    assert f'<link rel="canonical" href="https://guichet.exemple.fr/evenements/{evenement.slug}/">' in contenu


def test_une_adresse_deja_inscrite_est_dite_sur_le_champ_et_la_correction_passe(client):
    evenement = EvenementFactory()
    InscriptionFactory(evenement=evenement, email="lea@exemple.test")
    url = reverse("contenus:evenement", args=[evenement.slug])
    donnees = {"nom": "Léa", "email": "LEA@exemple.test", "profil": "medecin", "consentement": "on"}
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200
    assert "Cette adresse est déjà inscrite à cet événement" in reponse.content.decode()
    jeton = re.search(r'name="jeton" value="([^"]+)"', reponse.content.decode()).group(1)
    reponse = client.post(url, {**donnees, "email": "lea.martin@exemple.test", "jeton": jeton})
    assert reponse.status_code == 302
    assert Inscription.objects.filter(evenement=evenement).count() == 2
