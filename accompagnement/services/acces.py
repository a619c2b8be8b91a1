"""Private links ("magic links") to the requester's space: an unguessable token, of which only a SHA-256
digest is stored, valid for a limited time and renewable by entering one's e-mail address."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ..models import Demande, JetonAcces


def _empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


def jeton_creer(*, demande: Demande) -> str:
    """Creates a token for the requester's space and returns it in clear (to put in an e-mail, never stored)."""
    jeton = secrets.token_urlsafe(32)
    JetonAcces.objects.create(
        demande=demande,
        empreinte=_empreinte(jeton),
        expire_le=timezone.now() + timedelta(days=settings.ESPACE_DUREE_LIEN_JOURS),
    )
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
