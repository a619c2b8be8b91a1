"""Fuzz (hypothesis, the strategies of tests/securite/test_fuzz.py) of the offers' public forms and GET
parameters: the search /offres/, the posting form, an offer's contact form, the alert form, the lost-link form.
No 5xx, and a refused post writes nothing (offers, messages, alerts, e-mails to send). FUZZ_EXEMPLES_OFFRES
cases per form (300 by default; the security suite's 2,000 with FUZZ_EXEMPLES_OFFRES=2000)."""

import os
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bienvenuedoc.models import Courriel
from remplacements.models import AlerteOffre, MessageOffre, Offre
from tests.observatoire.factories import CommuneFactory
from tests.securite.test_fuzz import corps_brut, formulaire, poster, requetes_get

from .factories import OffreFactory

pytestmark = pytest.mark.django_db

EXEMPLES = int(os.environ.get("FUZZ_EXEMPLES_OFFRES", "300"))
FUZZ = hypothesis_settings(
    max_examples=EXEMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
TABLES = [Offre, MessageOffre, AlerteOffre, Courriel]


def compter() -> tuple[int, ...]:
    with connection.cursor() as curseur:
        curseur.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {m._meta.db_table})" for m in TABLES))
        return curseur.fetchone()


@pytest.fixture
def offres(settings):
    settings.RATELIMIT_ENABLE = False
    agen = CommuneFactory(agen=True)
    return OffreFactory(commune=agen), agen


def _verifier(reponse, avant, *, accepte: bool):
    assert reponse.status_code < 500
    if not accepte:
        assert compter() == avant, "un envoi refusé a écrit en base"


def test_fuzz_recherche(client, offres):
    base = {
        "type": "stage",
        "commune": "Agen (47000)",
        "distance": "30",
        "niveau": "interne",
        "semestre": "mai",
        "loyer_max": "400",
        "disponible_du": "2026-11-01",
        "disponible_au": "2027-04-30",
        "epci": "1",
        "page": "2",
    }

    @FUZZ
    @given(st.one_of(requetes_get("/offres/", base), requetes_get("/offres/alerte/", base)))
    def essai(url):
        assert client.get(url).status_code in (200, 400)

    essai()


def test_fuzz_depot(client, offres):
    aujourdhui = timezone.localdate()
    base = {
        "type": "remplacement",
        "titre": "Remplacement",
        "contact_nom": "Cabinet (fictif)",
        "commune": "Agen",
        "date_debut": (aujourdhui + timedelta(3)).isoformat(),
        "date_fin": (aujourdhui + timedelta(9)).isoformat(),
        "debut_publication": aujourdhui.isoformat(),
        "fin_publication": (aujourdhui + timedelta(30)).isoformat(),
        "retrocession": "70",
        "capacite": "2",
        "loyer_mensuel": "300",
        "type_poste": "salarie",
        "email_proprietaire": "a@exemple.test",
        "consentement": "on",
        "site_web": "",
        "jeton": "",
    }
    assert client.post("/offres/deposer/", base).status_code == 302

    @FUZZ
    @given(st.one_of(formulaire(base), corps_brut(list(base))))
    def essai(envoi):
        avant = compter()
        reponse = poster(client, "/offres/deposer/", envoi)
        _verifier(reponse, avant, accepte=reponse.status_code == 302)
        if reponse.status_code != 302:
            assert reponse.status_code == 200 and 'id="erreurs-resume"' in reponse.content.decode()

    essai()


@pytest.mark.parametrize("chemin", ["contact", "/offres/alerte/", "/offres/espace/"])
def test_fuzz_contact_alerte_lien(client, offres, chemin):
    offre, _ = offres
    url = f"/offres/{offre.uuid}/" if chemin == "contact" else chemin
    base = {
        "nom": "Léa",
        "email": "lea@exemple.test",
        "texte": "Bonjour",
        "site_web": "",
        "jeton": "",
        "alerte-email": "lea@exemple.test",
        "alerte-consentement": "on",
        "alerte-recherche": "type=stage",
        "alerte-site_web": "",
        "alerte-jeton": "",
    }

    @FUZZ
    @given(st.one_of(formulaire(base), corps_brut(list(base))))
    def essai(envoi):
        avant = compter()
        reponse = poster(client, url, envoi)
        ecrit = (
            reponse.status_code == 302
            or "Vérifiez votre messagerie" in reponse.content.decode()
            or ("Confirmez votre adresse" in reponse.content.decode())
        )
        _verifier(reponse, avant, accepte=ecrit)

    essai()
