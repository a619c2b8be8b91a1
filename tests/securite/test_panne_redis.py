"""Redis down must not take the site down (issue 9, item 3).

A real redis-server is started by the test on its own free port, the cache and the Celery broker are pointed
at it, then it is stopped in the middle of the test (and restarted): public pages still answer, a request
typed by a person is saved and confirmed, rate limiting keeps a local count, the outage is logged once, and
the acknowledgement e-mail leaves through a real Celery worker once Redis is back."""

import logging
import shutil
import signal
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from accompagnement.enums import TypeNotification
from accompagnement.models import Demande, Notification
from accompagnement.services.acces import jeton_creer
from accompagnement.tasks import renvoyer_notifications_en_attente_task
from bienvenuedoc.celery import app as celery_app
from bienvenuedoc.models import ConfigurationSite, configuration_courante
from tests.accompagnement.factories import DemandeFactory
from tests.accompagnement.test_public_demande import donnees
from tests.observatoire.factories import CommuneFactory
from tests.partenaires.factories import AideFinanciereFactory

REPONSES_SIMULATEUR = {
    "profil": "interne",
    "type_projet": "stage",
    "commune": "Agen",
    "mode_exercice": "liberal",
    "secteur": "non_concerne",
    "engagement_annees": "2",
    "premiere_installation": "non",
    "aide_installation_recue": "non",
}
PAGES = ["/", "/aides/", "/espace/", "/gestion/login/", "/partenaires/"]


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisJetable:
    """A throw-away redis-server on loopback, without persistence, that a test can stop and restart."""

    def __init__(self, dossier):
        self.port = _port_libre()
        self.dossier = dossier
        self.processus = None

    def url(self, base: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{base}"

    def _cli(self, *commande: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), *commande], capture_output=True, text=True
        )

    def demarrer(self) -> None:
        self.processus = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.dossier), "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        limite = time.monotonic() + 10
        while self._cli("PING").stdout.strip() != "PONG":
            assert time.monotonic() < limite, "redis-server n'a pas démarré"
            time.sleep(0.05)

    def arreter(self) -> None:
        """Stops the server at once (SHUTDOWN NOSAVE; killed if it does not obey)."""
        if self.processus is None:
            return
        self._cli("SHUTDOWN", "NOSAVE")
        try:
            self.processus.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.processus.kill()
            self.processus.wait()
        self.processus = None

    def suspendre(self) -> None:
        """Freezes the server (SIGSTOP): connections are accepted, nothing is answered."""
        self.processus.send_signal(signal.SIGSTOP)

    def reprendre(self) -> None:
        self.processus.send_signal(signal.SIGCONT)


def _oublier_connexions_celery():
    """The Celery app keeps a connection pool for the broker of its first use: forget it."""
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_jetable(settings, tmp_path):
    """A real Redis for the cache and the Celery broker of this test, that the test stops and restarts."""
    if not shutil.which("redis-server"):
        pytest.fail("redis-server introuvable : `make test` l'installe (Redis réel requis pour ce test)")
    serveur = RedisJetable(tmp_path)
    serveur.demarrer()
    defaut = settings.CACHES["default"]
    assert "redis" in defaut["BACKEND"].lower(), "ce test demande le cache Redis (REDIS_URL)"
    options = {**defaut.get("OPTIONS", {}), "DELAI_NOUVEL_ESSAI": 0.3}
    settings.CACHES = {"default": {**defaut, "LOCATION": serveur.url(1), "OPTIONS": options}}
    # read before changing the settings: the app's conf reads the Django settings lazily
    ancien = {k: celery_app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.update(broker_url=serveur.url(0), result_backend=None, task_always_eager=False)
    _oublier_connexions_celery()
    try:
        yield serveur
    finally:
        serveur.arreter()
        celery_app.conf.update(**ancien)
        _oublier_connexions_celery()
        celery_app._local.__dict__.pop("backend", None)


def _avertissements_panne(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bienvenuedoc.cache" and r.levelno >= logging.WARNING]


@pytest.mark.django_db
def test_redis_arrete_les_pages_publiques_repondent_et_la_panne_est_signalee_une_fois(redis_jetable, caplog):
    CommuneFactory(agen=True)
    AideFinanciereFactory(cesp=True, slug="cesp")
    client = Client()
    assert client.get("/").status_code == 200  # configuration now cached in Redis
    ConfigurationSite.objects.filter(departement_code=configuration_courante().departement_code).update(
        nom_programme="Programme lu dans la base"
    )
    jeton = jeton_creer(demande=DemandeFactory())
    caplog.set_level(logging.INFO, logger="bienvenuedoc.cache")

    redis_jetable.arreter()
    debut = time.monotonic()
    for _ in range(2):
        for url in [*PAGES, f"/espace/{jeton}/"]:
            reponse = client.get(url)
            assert reponse.status_code == 200, (url, reponse.status_code)
    simulation = client.get("/aides/", REPONSES_SIMULATEUR)
    assert simulation.status_code == 200
    assert "Contrat d’engagement de service public (CESP)" in simulation.content.decode()
    assert time.monotonic() - debut < 15  # no request hangs on the dead server
    # the configuration comes from the database (the copy kept in Redis is out of reach)
    assert "Programme lu dans la base" in client.get("/").content.decode()
    assert len(_avertissements_panne(caplog)) == 1, _avertissements_panne(caplog)
    assert "injoignable" in _avertissements_panne(caplog)[0]

    redis_jetable.demarrer()
    time.sleep(0.4)  # past the retry delay of the test (DELAI_NOUVEL_ESSAI)
    assert client.get("/").status_code == 200
    messages = _avertissements_panne(caplog)
    assert len(messages) == 2 and "de nouveau joignable" in messages[1], messages
    cache.set("sonde", "présent")
    assert redis_jetable._cli("-n", "1", "DBSIZE").stdout.strip() != "0"  # writes reach Redis again


@pytest.mark.django_db
def test_redis_fige_aucune_requete_ne_l_attend_et_la_copie_perimee_est_oubliee_au_retour(redis_jetable):
    """A frozen Redis (SIGSTOP: connections accepted, no answer) costs one short timeout, then the local copy
    serves; a configuration saved meanwhile is not hidden by Redis's stale copy when Redis answers again."""
    client = Client()
    config = configuration_courante()  # cached in Redis for 5 minutes
    redis_jetable.suspendre()
    try:
        debut = time.monotonic()
        assert client.get("/").status_code == 200  # waits for one socket timeout, then the outage is known
        config.nom_programme = "Nouveau nom saisi pendant la panne"
        config.save()  # its cache.delete reaches only the local copy
        for _ in range(5):
            assert "Nouveau nom saisi pendant la panne" in client.get("/").content.decode()
        assert time.monotonic() - debut < 5  # one socket timeout (0.5 s), not one per request
    finally:
        redis_jetable.reprendre()
    assert redis_jetable._cli("-n", "1", "DBSIZE").stdout.strip() != "0"  # Redis still holds the old copy
    time.sleep(0.4)
    assert "Nouveau nom saisi pendant la panne" in client.get("/").content.decode()


@pytest.mark.django_db
def test_une_page_gardee_dans_redis_n_est_pas_resservie_perimee_apres_une_panne(redis_jetable):
    """The public pages cached in Redis (bienvenuedoc/pages_en_cache.py): a configuration saved while Redis is
    frozen shows during the outage (local copy) and after it, never the page Redis kept from before."""
    visiteur = Client()
    config = configuration_courante()
    assert config.nom_programme in visiteur.get("/mentions-legales/").content.decode()  # kept in Redis
    redis_jetable.suspendre()
    try:
        config.nom_programme = "Nom saisi pendant la panne"
        config.save()  # its invalidation reaches only the local copy
        assert "Nom saisi pendant la panne" in visiteur.get("/mentions-legales/").content.decode()
    finally:
        redis_jetable.reprendre()
    time.sleep(0.4)  # past the retry delay: Redis answers again, the keys written meanwhile are dropped there
    for _ in range(2):
        assert "Nom saisi pendant la panne" in visiteur.get("/mentions-legales/").content.decode()


@pytest.mark.django_db
def test_redis_arrete_la_limitation_de_debit_compte_localement(redis_jetable):
    CommuneFactory(agen=True)
    client = Client()
    redis_jetable.arreter()
    for _ in range(3):  # invalid posts only show errors: they use none of the quota
        assert client.post("/demande/", donnees(rpps="123")).status_code == 200
    for numero in range(10):  # accepted submissions are counted, locally while Redis is down
        assert client.post("/demande/", donnees(email=f"personne{numero}@exemple.test")).status_code == 302
    reponse = client.post("/demande/", donnees(email="onzieme@exemple.test"))
    assert reponse.status_code == 429
    assert Demande.objects.count() == 10
    autre = client.post("/demande/", donnees(email="autre@exemple.test"), REMOTE_ADDR="10.0.0.2")
    assert autre.status_code == 302


@pytest.mark.celery_reel
@pytest.mark.django_db(transaction=True)
def test_redis_arrete_pendant_une_demande_enregistree_confirmee_puis_accuse_envoye(redis_jetable):
    from celery.contrib.testing.worker import start_worker

    CommuneFactory(agen=True)
    client = Client()
    assert client.get("/demande/").status_code == 200
    redis_jetable.arreter()

    debut = time.monotonic()
    reponse = client.post("/demande/", donnees())
    assert time.monotonic() - debut < 20  # publishing to the dead broker gives up quickly
    assert reponse.status_code == 302
    confirmation = client.get(reponse["Location"])
    assert confirmation.status_code == 200
    demande = Demande.objects.get()
    assert demande.reference in confirmation.content.decode()
    accuse = Notification.objects.get(type=TypeNotification.ACCUSE_RECEPTION)
    assert accuse.envoyee_le is None
    assert mail.outbox == []

    # Redis is back; ten minutes later the beat schedule runs the resend task, executed by a real worker
    redis_jetable.demarrer()
    Notification.objects.update(creee_le=timezone.now() - timedelta(minutes=10))
    _oublier_connexions_celery()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"):
        renvoyer_notifications_en_attente_task.delay()
        limite = time.monotonic() + 20
        while time.monotonic() < limite:
            accuse.refresh_from_db()
            if accuse.envoyee_le:
                break
            time.sleep(0.2)
    assert accuse.envoyee_le is not None, accuse.derniere_erreur
    assert any(m.to == ["ines.moreau@exemple.test"] and demande.reference in m.subject for m in mail.outbox)
    connection.close()


@pytest.mark.django_db
def test_redis_arrete_les_pages_ajoutees_depuis_repondent_et_les_envois_sont_enregistres(redis_jetable):
    """The offers, the observatory and the editorial pages too: Redis stopped, each public page answers, and a
    posted offer and an event registration are saved (the e-mails wait in their outbox)."""
    from bienvenuedoc.contenus.models import Inscription, SignalementAccessibilite
    from remplacements.models import Offre
    from tests.contenus.factories import ActualiteFactory, EvenementFactory, PageFactory
    from tests.remplacements.factories import OffreFactory
    from tests.remplacements.test_pages import formulaire

    agen = CommuneFactory(agen=True)
    offre = OffreFactory(commune=agen, latitude=agen.latitude, longitude=agen.longitude)
    evenement, page, actualite = EvenementFactory(), PageFactory(), ActualiteFactory()
    client = Client()
    redis_jetable.arreter()
    for url in [
        "/offres/",
        "/offres/?commune=Agen&distance=30",
        "/offres/carte.json",
        f"/offres/{offre.uuid}/",
        "/offres/deposer/",
        "/observatoire/",
        "/observatoire/carte.json?niveau=communes&indicateur=apl",  # outlines from the cache
        f"/observatoire/epci/{agen.epci.siren}/",
        "/observatoire/commune/47001/",
        "/observatoire/donnees/communes.csv",
        "/evenements/",
        "/evenements/calendrier.ics",
        evenement.get_absolute_url(),
        page.get_absolute_url(),
        "/actualites/",
        actualite.get_absolute_url(),
        "/territoire/",
        f"/territoire/{agen.epci.siren}/",  # outlines and key figures from the cache
        "/recherche/?q=stage",  # rate limit counted in the cache
        "/accessibilite/signaler/",
        "/sitemap.xml",
    ]:
        reponse = client.get(url)
        assert reponse.status_code == 200, (url, reponse.status_code)

    assert client.post("/offres/deposer/", formulaire(titre="Déposée pendant la panne")).status_code == 302
    assert Offre.objects.filter(titre="Déposée pendant la panne").exists()
    inscription = {"nom": "Léa Martin", "email": "lea@exemple.test", "profil": "medecin", "consentement": "on"}
    assert client.post(evenement.get_absolute_url(), inscription).status_code == 302
    assert Inscription.objects.filter(evenement=evenement, email="lea@exemple.test").exists()
    signalement = {"description": "Lien illisible.", "email": "lea@exemple.test", "consentement": "on"}
    assert client.post("/accessibilite/signaler/", signalement).status_code == 302
    assert SignalementAccessibilite.objects.filter(description="Lien illisible.").exists()
