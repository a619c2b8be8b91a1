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
