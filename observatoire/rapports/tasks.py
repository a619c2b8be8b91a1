"""Celery tasks of the PDF reports. Late acknowledgement and `reject_on_worker_lost`: a worker killed while
rendering gives the message back to the broker (redelivered after the visibility timeout of the settings);
meanwhile `rapports_marquer_bloques` shows the report as failed rather than « en cours » forever."""

from celery import shared_task
from django.conf import settings

ESSAIS_MAX = 2  # retries after the first attempt


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=ESSAIS_MAX)
def generer_rapport_task(self, rapport_pk: int) -> bool:
    from .services import raison_de, rapport_generer, rapport_marquer_echoue, rapport_nouvel_essai

    try:
        return rapport_generer(rapport_pk)
    except Exception as exc:
        raison = raison_de(exc)
        if self.request.retries < self.max_retries:
            rapport_nouvel_essai(rapport_pk, raison)
            delai = getattr(settings, "RAPPORT_DELAI_NOUVEL_ESSAI", 30) * (self.request.retries + 1)
            raise self.retry(exc=exc, countdown=delai) from exc
        rapport_marquer_echoue(rapport_pk, raison)
        return False


@shared_task(acks_late=True)
def relancer_rapports_task() -> int:
    """Every few minutes (beat): stuck reports marked failed, waiting ones queued again."""
    from .services import rapports_relancer

    return rapports_relancer()


@shared_task(acks_late=True)
def regenerer_rapports_standard_task() -> int:
    """Monthly (beat): the standard public edition (the département and every EPCI)."""
    from .services import rapports_standard_regenerer

    return len(rapports_standard_regenerer())
