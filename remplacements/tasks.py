from celery import shared_task


@shared_task(acks_late=True)
def expirer_offres_task() -> dict:
    """Daily (beat schedule in the settings): offers past their period expire, authors are warned a week before,
    visitors' old messages are deleted."""
    from .services.offres import messages_offre_purger, offres_expirer, offres_prevenir_expiration

    return {
        "expirees": offres_expirer(),
        "prevenues": offres_prevenir_expiration(),
        "messages_supprimes": messages_offre_purger(),
    }


@shared_task(acks_late=True, autoretry_for=(OSError,), max_retries=3)
def geocoder_offre_task(offre_pk: int) -> bool:
    from .services.offres import offre_geocoder

    return offre_geocoder(offre_pk=offre_pk)


@shared_task(acks_late=True)
def alertes_resume_quotidien_task() -> dict:
    """Daily (beat schedule in the settings): the digests of the alerts; unconfirmed subscriptions deleted."""
    from .services.alertes import alertes_envoyer_resumes, alertes_purger_non_confirmees

    return {"resumes": alertes_envoyer_resumes(), "non_confirmees_supprimees": alertes_purger_non_confirmees()}
