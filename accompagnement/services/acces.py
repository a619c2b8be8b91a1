"""Private links ("magic links") to the requester's space: an unguessable token, of which only a SHA-256
digest is stored, valid for a limited time and renewable by entering one's e-mail address."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone

from ..models import Demande, JetonAcces

# Links that open the space at once: each new one revokes the older ones (an old e-mail stops being a key).
NOMBRE_LIENS_ACTIFS = 3


def _empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


@transaction.atomic
def jeton_creer(*, demande: Demande) -> str:
    """Creates a token for the requester's space and returns it in clear (to put in an e-mail, never stored).
    Only the NOMBRE_LIENS_ACTIFS most recent links of the request stay valid: the older ones are revoked (their
    expiry set to now, the row kept with its last access). The request's row is locked so that two links created
    at the same time cannot both leave an extra one valid."""
    Demande.objects.select_for_update().filter(pk=demande.pk).values_list("pk", flat=True).first()
    jeton = secrets.token_urlsafe(32)
    maintenant = timezone.now()
    JetonAcces.objects.create(
        demande=demande,
        empreinte=_empreinte(jeton),
        cree_le=maintenant,
        expire_le=maintenant + timedelta(days=settings.ESPACE_DUREE_LIEN_JOURS),
    )
    recents = JetonAcces.objects.filter(demande=demande).order_by("-cree_le", "-pk").values("pk")
    JetonAcces.objects.filter(demande=demande, expire_le__gt=maintenant).exclude(
        pk__in=Subquery(recents[:NOMBRE_LIENS_ACTIFS])
    ).update(expire_le=maintenant)
    return jeton


def jeton_verifier(jeton: str) -> Demande | None:
    """The request a valid, unexpired token opens, or None. Records the access time."""
    if not jeton or len(jeton) > 100:
        return None
    acces = (
        JetonAcces.objects.select_related("demande")
        .filter(empreinte=_empreinte(jeton), expire_le__gt=timezone.now(), demande__anonymisee_le__isnull=True)
        .first()
    )
    if acces is None:
        return None
    JetonAcces.objects.filter(pk=acces.pk).update(dernier_acces_le=timezone.now())
    return acces.demande


def url_espace(jeton: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accompagnement:espace", kwargs={"jeton": jeton})
