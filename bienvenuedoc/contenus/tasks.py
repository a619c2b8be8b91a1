from celery import shared_task

from . import services


@shared_task
def rappels_evenements_task() -> int:
    return services.rappels_envoyer()


@shared_task
def purger_inscriptions_task() -> int:
    return services.inscriptions_purger()
