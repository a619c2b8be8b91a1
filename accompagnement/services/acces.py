"""Private links ("magic links") to the requester's space: the shared mechanism of bienvenuedoc.jetons (an
unguessable token, of which only a SHA-256 digest is stored, valid for a limited time, the older links revoked),
renewable by entering one's e-mail address."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from bienvenuedoc.jetons import NOMBRE_LIENS_ACTIFS, jeton_emettre, jeton_trouver

from ..models import Demande, JetonAcces

__all__ = ["NOMBRE_LIENS_ACTIFS", "jeton_creer", "jeton_verifier", "url_espace"]


@transaction.atomic
def jeton_creer(*, demande: Demande) -> str:
    """Creates a token for the requester's space and returns it in clear (to put in an e-mail, never stored).
    Only the NOMBRE_LIENS_ACTIFS most recent links of the request stay valid. The request's row is locked so that
    two links created at the same time cannot both leave an extra one valid."""
    Demande.objects.select_for_update().filter(pk=demande.pk).values_list("pk", flat=True).first()
    return jeton_emettre(jetons=demande.jetons, duree=timedelta(days=settings.ESPACE_DUREE_LIEN_JOURS))


def jeton_verifier(jeton: str) -> Demande | None:
    """The request a valid, unexpired token opens, or None. Records the access time."""
    acces = jeton_trouver(
        JetonAcces.objects.select_related("demande").filter(demande__anonymisee_le__isnull=True), jeton
    )
    return acces.demande if acces else None


def url_espace(jeton: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accompagnement:espace", kwargs={"jeton": jeton})
