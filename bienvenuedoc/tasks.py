from celery import shared_task
from django.conf import settings
from django.db import connection
from django.utils import timezone


@shared_task
def sonde_task() -> dict:
    """Health probe run by a worker: proves the worker reaches the broker and the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (base,) = cursor.fetchone()
    return {"departement": settings.DEPARTEMENT, "base": base == 1, "heure": timezone.now().isoformat()}


@shared_task(acks_late=True, ignore_result=True)
def battement_worker_task() -> None:
    """Every minute (beat schedule in the settings): the worker's sign of life, read by /sante/."""
    from .sante import battement_enregistrer

    battement_enregistrer()


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8
)
def envoyer_courriel_task(self, courriel_pk: int) -> bool:
    """Sends one e-mail of the generic outbox (bienvenuedoc/courriels.py); retried while the mail server refuses
    (the row keeps the attempt; the periodic task below takes over after the last retry)."""
    from .courriels import EnvoiEchoue, courriel_envoyer

    try:
        return courriel_envoyer(courriel_pk=courriel_pk)
    except EnvoiEchoue as exc:
        raise self.retry(exc=exc) from None


@shared_task(acks_late=True)
def renvoyer_courriels_en_attente_task() -> int:
    from .courriels import courriels_renvoyer_en_attente

    return courriels_renvoyer_en_attente()
