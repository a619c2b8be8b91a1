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
