"""Fuzz of every public form and GET parameter (hypothesis): generated input — any unicode, NUL and control
characters, huge strings, missing fields, repeated fields (a list where a value is expected), raw bodies with
invalid UTF-8, injection strings — sent through Django's test client to the real views on PostgreSQL.

For each form: no answer 5xx and no exception (the test client re-raises them), and a post the form rejects
stores nothing (the rows of every table a public form can write are counted before and after). Each test
records how many cases it tried (`cas_essayes`, printed at the end of the run by tests/securite/conftest.py)
and fails if it tried fewer than FUZZ_EXEMPLES (2,000 by default).

Reproducible: `derandomize=True` (the examples depend only on the test's code and hypothesis' version), no
example database. The rate limits are switched off here only (RATELIMIT_ENABLE), the anti-spam delay is
already 0 in the test settings; CSRF is not checked by the test client, as in every view test.
"""

import os
import string
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accompagnement.enums import StatutDemande
from accompagnement.models import Besoin, Demande, Document, Etape, Evenement, JetonAcces, Message, Notification
from accompagnement.services.acces import jeton_creer
from partenaires.enums import TypeBesoin
from tests.accompagnement.factories import DemandeFactory
from tests.observatoire.factories import CommuneFactory, EPCIFactory
from tests.partenaires.factories import AideFinanciereFactory, PartenaireFactory

pytestmark = pytest.mark.django_db

# A NUL byte in the address (query string, path) is answered 400 by bienvenuedoc.securite's middleware;
# NUL is always sent in POST bodies, where the forms must give a field error.
NUL_DANS_LES_ADRESSES = True

EXEMPLES = int(os.environ.get("FUZZ_EXEMPLES", "2000"))

FUZZ = hypothesis_settings(
    max_examples=EXEMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)

# --- What is sent ------------------------------------------------------------------------------------------

INJECTIONS = [
    "' OR 1=1 --",
    "'; DROP TABLE accompagnement_demande; --",
    '" OR ""="',
    "1' AND SLEEP(5)#",
    "<script>alert(document.domain)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "{% debug %}",
    "{{ request.META }}",
    "${7*7}",
    "../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    '=HYPERLINK("http://exemple.test","clic")',
    "=1+1",
    "+33 6 12 34 56 78",
    "@SUM(A1:A2)",
    "%00",
    "%",
    "%%",
    "%ZZ",
    "\x00",
    "a\x00b",
    "\r\nSet-Cookie: x=1",
    "\u202egnp.exe",
    "\ufeff",
    "\U0001f600" * 3,
    "é" * 3,
    "ǅ",
    "İ",
    "ß",
    "Agen (47000)",
    "Agen (4700)",
    "Agen ()",
    "(47000)",
    "47000",
    "47001",
    "200096956",
    "0",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "None",
    "null",
    "true",
    "[]",
    "{}",
    "2026-02-30",
    "31/12/9999",
    "0001-01-01",
    "9999-12-31",
    "on",
    "oui",
    "logement",
    "medecin_generaliste",
    "installation",
    "liberal",
]
# Longer than every field's limit; one far over anything a person types.
ENORMES = ["A" * 100_000, "é" * 6_000, "\U0001f600" * 3_000, "1" * 5_001, "<" * 6_000, "%" * 1_000]

# Any character except lone surrogates (which no browser can send as UTF-8; raw invalid bytes are sent by
# `corps_brut` below instead).
CARACTERES = st.characters(exclude_categories=("Cs",))
CARACTERES_SANS_NUL = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
CONTROLE = st.sampled_from([chr(c) for c in [*range(0, 32), 127, *range(0x80, 0xA0)]])


def textes(*, nul: bool = True) -> st.SearchStrategy[str]:
    """Any text: injection strings, any unicode, control characters, huge strings, numbers, dates, e-mails."""
    caracteres = CARACTERES if nul else CARACTERES_SANS_NUL
    controle = CONTROLE if nul else CONTROLE.filter(lambda c: c != "\x00")
    injections = INJECTIONS if nul else [i for i in INJECTIONS if "\x00" not in i]
    return st.one_of(
        st.sampled_from(injections),
        st.text(caracteres, max_size=60),
        st.text(st.one_of(caracteres, controle), max_size=30),
        st.tuples(st.text(caracteres, max_size=8), controle, st.text(caracteres, max_size=8)).map("".join),
        st.sampled_from(ENORMES),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.dates().map(lambda d: d.isoformat()),
        st.from_regex(r"[a-z]{1,20}@[a-z]{1,10}\.(fr|test)", fullmatch=True),
        st.text(string.digits + " ()+.-", max_size=25),
    )


def formulaire(base: dict, *, nul: bool = True) -> st.SearchStrategy[dict]:
    """The valid fields of `base` with some of them changed — dropped (missing field), replaced by any text,
    or sent several times (a list where one value is expected) — plus unknown fields now and then. Changing a
    few fields of a valid form reaches the code behind validation too (the saving services)."""
    fuzz = textes(nul=nul)
    modification = st.one_of(
        st.none(), fuzz, st.lists(st.one_of(fuzz, st.sampled_from(list(base.values()))), min_size=2, max_size=4)
    )
    modifications = st.dictionaries(st.sampled_from(sorted(base)), modification, max_size=len(base))
    inconnus = st.dictionaries(st.text(CARACTERES_SANS_NUL, min_size=1, max_size=12), fuzz, max_size=2)

    def appliquer(modifs: dict, extra: dict) -> dict:
        donnees = {**extra, **base}
        for nom, valeur in modifs.items():
            if valeur is None:
                del donnees[nom]
            else:
                donnees[nom] = valeur
        return donnees

    return st.builds(appliquer, modifications, inconnus)


def corps_brut(noms: list[str], *, nul: bool = True) -> st.SearchStrategy[bytes]:
    """A raw application/x-www-form-urlencoded body or query string: known names, arbitrary bytes
    percent-encoded (invalid UTF-8 included), stray `&`, `=` and `%`."""
    octets = st.binary(max_size=40)
    if not nul:
        octets = octets.map(lambda b: b.replace(b"\x00", b""))
    octets = octets.map(lambda b: quote(b, safe=""))
    morceau = st.one_of(
        st.builds(lambda n, v: f"{n}={v}", st.sampled_from(noms), octets),
        st.builds(lambda n, v: f"{n}={v}", st.text(CARACTERES_SANS_NUL, max_size=8).map(quote), octets),
        st.sampled_from(["&", "=", "%", "%zz", "a=%", "=x", "&&", ";", "+"]),
    )
    return st.lists(morceau, max_size=8).map(lambda m: "&".join(m).encode("ascii"))


def requetes_get(chemin: str, base: dict) -> st.SearchStrategy[str]:
    """A URL of `chemin` with a generated query string: the valid parameters kept, dropped, replaced or
    repeated, or a raw query string. NUL only when NUL_DANS_LES_ADRESSES (see there)."""
    parametres = formulaire(base, nul=NUL_DANS_LES_ADRESSES).map(lambda p: urlencode(p, doseq=True))
    brute = corps_brut(list(base) or ["q"], nul=NUL_DANS_LES_ADRESSES).map(lambda b: b.decode("ascii"))
    return st.one_of(parametres, brute).map(lambda qs: f"{chemin}?{qs}" if qs else chemin)


# --- What is checked -------------------------------------------------------------------------------------

TABLES = [Demande, Besoin, Message, Evenement, Notification, JetonAcces, Document, Etape]


def compter() -> dict[str, int]:
    """The rows of every table a public form can write, in one query."""
    sous_requetes = ", ".join(f"(SELECT COUNT(*) FROM {m._meta.db_table})" for m in TABLES)
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT {sous_requetes}")
        ligne = curseur.fetchone()
    return {m.__name__: n for m, n in zip(TABLES, ligne)}


class Verificateur:
    """Checks each answer: no 5xx (the test client re-raises exceptions, so an exception fails the test too),
    never 429 (rate limits are off here), and no row written by a request that was not accepted (the counts
    are compared with those after the previous case). Counts the cases tried."""

    def __init__(self, record_property, nom: str):
        self.nom, self.cas, self.acceptes, self.record_property = nom, 0, 0, record_property
        self.lignes = compter()

    def __call__(self, reponse, *, accepte: bool = False) -> dict:
        self.cas += 1
        self.acceptes += accepte
        assert reponse.status_code < 500, f"réponse {reponse.status_code}"
        assert reponse.status_code != 429, "la limitation de débit devrait être coupée dans ce test"
        avant, self.lignes = self.lignes, compter()
        if not accepte:
            assert self.lignes == avant, "une requête refusée a écrit en base"
        return avant

    def fin(self, *, acceptes_au_moins: int = 0):
        """`acceptes_au_moins`: for a form, some cases must pass validation, or the fuzz never reaches what
        is behind it (the services that save)."""
        self.record_property("cas_essayes", (self.nom, self.cas))
        print(f"\nfuzz {self.nom} : {self.cas} cas essayés, dont {self.acceptes} acceptés")
        assert self.cas >= EXEMPLES, f"{self.nom} : seulement {self.cas} cas essayés (au moins {EXEMPLES} attendus)"
        assert self.acceptes >= acceptes_au_moins, f"{self.nom} : {self.acceptes} cas acceptés seulement"


# --- Data the forms can refer to -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _sans_limitation(settings, tmp_path):
    settings.RATELIMIT_ENABLE = False
    settings.ANTISPAM_DELAI_MINIMUM = 0
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _rendu_comme_un_serveur(monkeypatch):
    """The test client instruments every template render (a signal and a copy of the context per template,
    for `response.templates`): test-only work that more than doubles the time of these pages. The fuzz does
    not read `response.templates`, so render as a server does (same as benchmarks/outils.py); and freeze
    what is alive, as a gunicorn worker does (bienvenuedoc/wsgi.py), so garbage collections stay short."""
    import gc

    from django.template import Template
    from django.test.utils import _TestState

    monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@pytest.fixture
def territoire(db):
    agen = CommuneFactory(agen=True)
    CommuneFactory(epci=agen.epci, nom="Boé", code_insee="47031", codes_postaux=["47550"])
    EPCIFactory(nom="CC des Coteaux")
    PartenaireFactory(
        nom="Résidence des internes", slug="residence-des-internes", services=[TypeBesoin.LOGEMENT], ville="Agen"
    )
    PartenaireFactory(nom="Partout", tout_departement=True, services=["emploi_conjoint"])
    AideFinanciereFactory(nom="Aide à l'installation", slug="aide-installation-47")
    AideFinanciereFactory(primo_zip=True)
    return agen


DEMANDE_VALIDE = {
    "prenom": "Inès",
    "nom": "Moreau",
    "email": "ines.moreau@exemple.test",
    "telephone": "06 12 34 56 78",
    "profil": "medecin_generaliste",
    "specialite": "Médecine générale",
    "rpps": "10101010105",  # the 11th digit is the Luhn key of the first ten
    "universite": "",
    "type_projet": "installation",
    "periode_debut": "2027-09-01",
    "periode_fin": "2027-12-31",
    "commune_1": "Agen (47000)",
    "commune_2": "Boé",
    "commune_3": "",
    "mode_exercice": "liberal",
    "structures": "msp",
    "besoins": "logement",
    "precision_logement": "Maison avec jardin",
    "domaine_conjoint": "Enseignement",
    "ages_enfants": "3 et 8 ans",
    "message": "Installation en MSP à la rentrée.",
    "consentement": "on",
    "site_web": "",
    "jeton": "",
}


# --- The request form ------------------------------------------------------------------------------------


def poster(client, url: str, envoi: dict | bytes):
    if isinstance(envoi, bytes):
        return client.post(url, envoi, content_type="application/x-www-form-urlencoded")
    return client.post(url, envoi)


def test_fuzz_formulaire_de_demande(client, territoire, record_property):
    base = {**DEMANDE_VALIDE, "epcis": str(territoire.epci.pk)}
    assert client.post("/demande/", base).status_code == 302  # what the fuzz changes is a valid request
    verifier = Verificateur(record_property, "POST /demande/")

    @FUZZ
    @given(st.one_of(formulaire(base), corps_brut(list(base))))
    def essai(envoi):
        reponse = poster(client, "/demande/", envoi)
        avant = verifier(reponse, accepte=reponse.status_code == 302)
        if reponse.status_code == 302:
            assert verifier.lignes["Demande"] == avant["Demande"] + 1
        else:
            assert reponse.status_code == 200
            assert 'id="erreurs-resume"' in reponse.content.decode()  # the person is told what to correct

    essai()
    verifier.fin(acceptes_au_moins=EXEMPLES // 100)


PRE_REMPLISSAGE = {
    "profil": "interne",
    "type_projet": "stage",
    "commune": "47001",
    "mode_exercice": "salarie",
    "besoins": "logement",
    "aide": "aide-installation-47",
}


def test_fuzz_pre_remplissage_du_formulaire_de_demande(client, territoire, record_property):
    verifier = Verificateur(record_property, "GET /demande/ (pré-remplissage)")

    @FUZZ
    @given(requetes_get("/demande/", PRE_REMPLISSAGE))
    def essai(url):
        reponse = client.get(url)
        verifier(reponse)
        assert reponse.status_code in (200, 400)

    essai()
    verifier.fin()


# --- The magic-link form and the requester's space -------------------------------------------------------


def test_fuzz_formulaire_du_lien_magique(client, territoire, record_property):
    DemandeFactory(email="ines.moreau@exemple.test")
    verifier = Verificateur(record_property, "POST /espace/")
    base = {"email": "ines.moreau@exemple.test", "site_web": "", "jeton": ""}
    assert client.post("/espace/", base).status_code == 302

    @FUZZ
    @given(st.one_of(formulaire(base), corps_brut(list(base))))
    def essai(envoi):
        reponse = poster(client, "/espace/", envoi)
        verifier(reponse, accepte=reponse.status_code == 302)
        if reponse.status_code != 302:
            assert reponse.status_code == 200
            assert 'id="erreurs-resume"' in reponse.content.decode()

    essai()
    verifier.fin(acceptes_au_moins=EXEMPLES // 100)


@pytest.fixture
def espace(territoire):
    """A request in progress, with needs, and a valid private link to its space."""
    demande = DemandeFactory(en_cours=True, avec_besoins=2, communes=[territoire])
    return demande, jeton_creer(demande=demande)


FORMULAIRES_ESPACE = {
    "message": {"message-corps": "Bonjour, une question sur le logement."},
    "complement": {"complement-texte": "Nous arrivons en septembre."},
    "retirer": {"motif": "Projet abandonné", "confirmation": "on"},
    "suppression": {"confirmation": "on"},
}


@pytest.mark.parametrize("action", list(FORMULAIRES_ESPACE))
def test_fuzz_formulaires_de_l_espace(client, espace, action, record_property):
    demande, jeton = espace
    url = f"/espace/{jeton}/{action}/"
    base = FORMULAIRES_ESPACE[action]
    assert client.post(url, base).status_code == 302  # what the fuzz changes is an accepted post
    Demande.objects.filter(pk=demande.pk).update(
        statut=StatutDemande.EN_COURS, cloturee_le=None, suppression_demandee_le=None
    )
    verifier = Verificateur(record_property, f"POST /espace/<jeton>/{action}/")
    etat_initial = {"statut": StatutDemande.EN_COURS, "suppression_demandee_le": None}
    existants = {
        m: list(m.objects.filter(demande=demande).values_list("pk", flat=True))
        for m in (Message, Evenement, Notification)
    }

    @FUZZ
    @given(st.one_of(formulaire(base), corps_brut(list(base))))
    def essai(envoi):
        reponse = poster(client, url, envoi)
        verifier(reponse, accepte=reponse.status_code == 302)
        if reponse.status_code == 302:
            # accepted: put the request back as it was (open, no new message or timeline row), so that every
            # case starts from the same state and the space's page does not grow with the cases
            Demande.objects.filter(pk=demande.pk).update(**etat_initial, cloturee_le=None)
            for modele in (Message, Evenement, Notification):
                modele.objects.filter(demande=demande).exclude(pk__in=existants[modele]).delete()
            verifier.lignes = compter()
        else:
            assert reponse.status_code == 200
            assert "is-invalid" in reponse.content.decode()  # the field in error is marked
            assert Demande.objects.values(*etat_initial).get(pk=demande.pk) == etat_initial

    essai()
    verifier.fin(acceptes_au_moins=EXEMPLES // 100)


def test_fuzz_jeton_de_l_espace(client, espace, record_property):
    """Any token in the space's addresses: the « link expired » page (404), nothing written."""
    verifier = Verificateur(record_property, "/espace/<jeton>/… (jeton quelconque)")
    suffixes = ["", "message/", "complement/", "retirer/", "suppression/", "referent/photo/"]

    @FUZZ
    @given(
        st.one_of(textes(nul=NUL_DANS_LES_ADRESSES), st.binary(min_size=1, max_size=60)),
        st.sampled_from(suffixes),
        st.booleans(),
    )
    def essai(jeton, suffixe, poste):
        jeton = quote(jeton, safe="")
        if not NUL_DANS_LES_ADRESSES:
            jeton = jeton.replace("%00", "")
        url = f"/espace/{jeton or 'x'}/{suffixe}"
        reponse = client.post(url, {"message-corps": "Bonjour"}) if poste else client.get(url)
        verifier(reponse)
        assert reponse.status_code in (400, 404, 405)  # 400: a control character in the address

    essai()
    verifier.fin()


# --- Aid simulator, catalogue, directory, other public pages -----------------------------------------------

SIMULATEUR = {
    "profil": "interne",
    "type_projet": "stage",
    "commune": "Agen",
    "epci": "200096956",
    "mode_exercice": "liberal",
    "secteur": "non_concerne",
    "engagement_annees": "2",
    "premiere_installation": "non",
    "aide_installation_recue": "oui",
    "aide_installation_date": "2020-01-01",
    "maitre_stage": "on",
}

PAGES_GET = {
    "GET /aides/ (simulateur)": ("/aides/", SIMULATEUR),
    "GET /aides/catalogue/": ("/aides/catalogue/", {"q": "aide", "page": "2"}),
    "GET /partenaires/ (annuaire)": (
        "/partenaires/",
        {"q": "internes", "type": "logement", "besoin": "logement", "epci": "200096956", "page": "2"},
    ),
}


@pytest.mark.parametrize("nom", list(PAGES_GET))
def test_fuzz_parametres_get(client, territoire, nom, record_property):
    chemin, base = PAGES_GET[nom]
    verifier = Verificateur(record_property, nom)

    @FUZZ
    @given(requetes_get(chemin, base))
    def essai(url):
        reponse = client.get(url)
        verifier(reponse)
        assert reponse.status_code in (200, 400)

    essai()
    verifier.fin()


AUTRES_PAGES = [
    "/",
    "/medecins/",
    "/internes-et-etudiants/",
    "/lyceens/",
    "/mentions-legales/",
    "/accessibilite/",
    "/donnees-personnelles/",
    "/plan-du-site/",
    "/observatoire/",
    "/espace/",
    "/espace/lien-envoye/",
    "/demande/envoyee/",
    "/partenaires/residence-des-internes/",
    "/gestion/login/",
]


def test_fuzz_autres_pages_publiques(client, territoire, record_property):
    """The pages that read no parameter ignore any (and /gestion/login/ its `next`)."""
    verifier = Verificateur(record_property, "GET autres pages publiques (paramètres quelconques, next=)")

    @FUZZ
    @given(st.sampled_from(AUTRES_PAGES).flatmap(lambda chemin: requetes_get(chemin, {"next": "/gestion/"})))
    def essai(url):
        reponse = client.get(url)
        verifier(reponse)
        assert reponse.status_code in (200, 302, 400)

    essai()
    verifier.fin()
