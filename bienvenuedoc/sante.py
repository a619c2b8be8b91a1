"""The site's health, for the orchestrator (/sante/) and the staff: database, cache, broker, Celery worker.

- « indisponible » (HTTP 503): the database or the broker cannot be reached; the orchestrator should act.
- « degrade » (HTTP 200): the site serves, with less: the Redis cache is down (local fallback, see
  bienvenuedoc/cache.py) or the worker's heartbeat is missing or older than SEUIL_BATTEMENT (e-mails wait in
  the outbox).
- « ok » (HTTP 200).

The worker's heartbeat is a periodic task (CELERY_BEAT_SCHEDULE, « battement-worker ») that writes a
timestamp in the database (`Battement`), not in the cache, which may be the thing that is down.
Without a broker (tasks run in-process, the embedded configuration), neither the broker nor the worker is
checked."""

import time
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from .celery import app as celery_app
from .models import Battement

NOM_BATTEMENT_WORKER = "worker-celery"
SEUIL_BATTEMENT = timedelta(minutes=5)  # the task runs every minute

OK = "ok"
DEGRADE = "degrade"
INDISPONIBLE = "indisponible"


@dataclass(frozen=True)
class Controle:
    nom: str
    ok: bool
    critique: bool  # a failed critical check makes the site « indisponible », another one « degrade »
    detail: str  # for the staff only: a state or an exception class, never its text (addresses, hosts)
    duree_ms: float


@dataclass(frozen=True)
class EtatSante:
    statut: str
    controles: tuple[Controle, ...]

    @property
    def code_http(self) -> int:
        return 503 if self.statut == INDISPONIBLE else 200

    def detail(self) -> dict:
        return {"statut": self.statut, "controles": [asdict(c) for c in self.controles]}


def _mesurer(nom: str, critique: bool, verification) -> Controle:
    debut = time.monotonic()
    try:
        ok, detail = verification()
    except Exception as erreur:  # a health check reports, it never raises
        ok, detail = False, type(erreur).__name__
    return Controle(nom, ok, critique, detail, round((time.monotonic() - debut) * 1000, 1))


def _broker_utilise() -> bool:
    return not celery_app.conf.task_always_eager and not str(celery_app.conf.broker_url).startswith("memory://")


def _base():
    with connection.cursor() as curseur:
        curseur.execute("SELECT 1")
        curseur.fetchone()
    return True, "joignable"


def _cache():
    backend = caches["default"]
    if hasattr(backend, "redis_joignable"):  # bienvenuedoc.cache.RedisCacheTolerant: ask Redis itself
        return (True, "Redis joignable") if backend.redis_joignable() else (False, "Redis injoignable")
    return True, f"cache local ({type(backend).__name__})"


def _broker():
    if not _broker_utilise():
        return True, "sans broker : tâches exécutées dans le processus"
    with celery_app.connection_for_write() as connexion:
        connexion.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=2)
    return True, "joignable"


def _worker():
    if not _broker_utilise():
        return True, "sans worker : tâches exécutées dans le processus"
    le = Battement.objects.filter(nom=NOM_BATTEMENT_WORKER).values_list("le", flat=True).first()
    if le is None:
        return False, "aucun battement enregistré"
    age = timezone.now() - le
    return age <= SEUIL_BATTEMENT, f"dernier battement il y a {int(age.total_seconds())} s ({le.isoformat()})"


def etat_sante() -> EtatSante:
    controles = (
        _mesurer("base", True, _base),
        _mesurer("broker", True, _broker),
        _mesurer("cache", False, _cache),
        _mesurer("worker", False, _worker),
    )
    if any(c.critique and not c.ok for c in controles):
        statut = INDISPONIBLE
    elif any(not c.ok for c in controles):
        statut = DEGRADE
    else:
        statut = OK
    return EtatSante(statut, controles)


def battement_enregistrer(*, nom: str = NOM_BATTEMENT_WORKER) -> Battement:
    """Records that `nom` is alive now (one row per name, updated in place)."""
    battement, _ = Battement.objects.update_or_create(nom=nom, defaults={"le": timezone.now()})
    return battement
