from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded


@shared_task(bind=True, acks_late=True, max_retries=3, time_limit=3300, soft_time_limit=3240)
def executer_import(self, tache_id: int) -> str:
    """Imports one uploaded file (observatoire/televersement/services.py). Bad input fails at once with the
    importer's French message; the database's going away is retried (30 s, 60 s, 120 s), then fails. Time limit
    under the broker's visibility timeout (1 h by default), so that a running import is never handed out twice."""
    from django.db import InterfaceError, OperationalError

    from .televersement.services import BASE_INCHANGEE, ErreurTransitoire, tache_echouer, tache_executer

    try:
        return tache_executer(tache_id)
    except (ErreurTransitoire, OperationalError, InterfaceError) as exc:
        if self.request.retries >= self.max_retries:
            tache_echouer(tache_id, f"La base de données est restée injoignable ({exc}). {BASE_INCHANGEE}")
            return "echouee"
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from None
    except SoftTimeLimitExceeded:
        tache_echouer(tache_id, f"Import trop long, arrêté au bout de 54 minutes. {BASE_INCHANGEE}")
        return "echouee"


@shared_task(acks_late=True)
def surveiller_imports_task() -> dict:
    """Every 5 minutes (beat schedule in the settings): uploads left « en attente » by a broker outage are
    queued again; those « en cours » without progress for too long (killed worker) are marked failed; the files
    of the imports finished long ago are deleted."""
    from .televersement.services import taches_surveiller

    return taches_surveiller()
