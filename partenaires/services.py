"""Writes that carry a rule on partners, aids and zoning."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .eligibilite import CLE_VERSION_AIDES
from .models import AideFinanciere


def aides_en_vigueur_invalider() -> None:
    """The cached list of aids in force (eligibilite.aides_en_vigueur) is stale: bump its version, after the
    commit so that no request rebuilds it from the old rows. Called by every path that writes an aid, its
    criteria or territory, or a funder's name (admin, import, archive, demo)."""

    def incrementer():
        try:
            cache.incr(CLE_VERSION_AIDES)
        except ValueError:  # no version yet (empty or evicted cache): any new value is a new key
            cache.set(CLE_VERSION_AIDES, int(timezone.now().timestamp() * 1000), timeout=None)

    transaction.on_commit(incrementer)


@transaction.atomic
def aide_archiver(*, aide_id: int) -> AideFinanciere:
    """An aid past its end date becomes a closed scheme shown for memory (leaves the « à revoir » list).
    Saved on the concrete model so that django-simple-history records the change."""
    aide = AideFinanciere.objects.select_for_update().get(pk=aide_id)
    aide.historique = True
    aide.date_verification = timezone.localdate()
    aide.save(update_fields=["historique", "date_verification", "modifie_le"])
    aides_en_vigueur_invalider()
    return aide
