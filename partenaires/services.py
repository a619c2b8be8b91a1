"""Writes that carry a rule on partners, aids and zoning."""

from django.db import transaction
from django.utils import timezone

from .models import AideFinanciere


@transaction.atomic
def aide_archiver(*, aide_id: int) -> AideFinanciere:
    """An aid past its end date becomes a closed scheme shown for memory (leaves the « à revoir » list).
    Saved on the concrete model so that django-simple-history records the change."""
    aide = AideFinanciere.objects.select_for_update().get(pk=aide_id)
    aide.historique = True
    aide.date_verification = timezone.localdate()
    aide.save(update_fields=["historique", "date_verification", "modifie_le"])
    return aide
