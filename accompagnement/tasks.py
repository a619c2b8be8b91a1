from celery import shared_task

from .services.notifications import EnvoiEchoue


@shared_task(
    bind=True, acks_late=True, autoretry_for=(EnvoiEchoue,), retry_backoff=30, retry_backoff_max=3600, max_retries=8
)
def envoyer_notification_task(self, notification_pk: int) -> bool:
    from .services.notifications import notification_envoyer

    return notification_envoyer(notification_pk=notification_pk)


@shared_task(acks_late=True)
def renvoyer_notifications_en_attente_task() -> int:
    from .services.notifications import notifications_renvoyer_en_attente

    return notifications_renvoyer_en_attente()


@shared_task(acks_late=True)
def anonymiser_demandes_expirees_task() -> int:
    """Daily (beat schedule in the settings): anonymises the cases past their retention period."""
    from .services.rgpd import demandes_anonymiser_expirees

    return demandes_anonymiser_expirees()
