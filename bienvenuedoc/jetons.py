"""Private links ("magic links") shared by every space opened by e-mail (the requester's space, the poster's
space of an offer): an unguessable token of which only a SHA-256 digest is stored, valid for a limited time, and
only the few most recent links of one owner stay valid (an old e-mail stops being a key).

An app declares its token model by subclassing `JetonAccesBase` with a foreign key to what the link opens, then
calls `jeton_emettre` (inside a transaction where that owner's row is locked) and `jeton_trouver`."""

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.db.models import Subquery
from django.utils import timezone

# Links that open a space at once: each new one revokes those older than the last NOMBRE_LIENS_ACTIFS.
NOMBRE_LIENS_ACTIFS = 3
LONGUEUR_MAX = 100


class JetonAccesBase(models.Model):
    """A private link; subclasses add the foreign key to what it opens (with a related_name)."""

    empreinte = models.CharField("empreinte", max_length=64, unique=True)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    expire_le = models.DateTimeField("expire le", db_index=True)
    dernier_acces_le = models.DateTimeField("dernier accès le", null=True, blank=True)

    class Meta:
        abstract = True
        verbose_name = "lien d’accès"
        verbose_name_plural = "liens d’accès"

    def __str__(self):
        return f"Lien valable jusqu’au {self.expire_le:%d/%m/%Y}"


def empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


def jeton_emettre(*, jetons, duree: timedelta, liens_actifs: int = NOMBRE_LIENS_ACTIFS) -> str:
    """Creates a link through `jetons` (the owner's related manager, e.g. `demande.jetons`) and returns the token
    in clear (to put in an e-mail, never stored). The owner's links older than the `liens_actifs` most recent are
    revoked (expiry set to now, the row kept with its last access). The caller holds a row lock on the owner so
    that two links created at the same time cannot both leave an extra one valid."""
    jeton = secrets.token_urlsafe(32)
    maintenant = timezone.now()
    jetons.create(empreinte=empreinte(jeton), cree_le=maintenant, expire_le=maintenant + duree)
    recents = jetons.order_by("-cree_le", "-pk").values("pk")
    jetons.filter(expire_le__gt=maintenant).exclude(pk__in=Subquery(recents[:liens_actifs])).update(
        expire_le=maintenant
    )
    return jeton


def jeton_trouver(queryset, jeton: str):
    """The valid, unexpired link of `queryset` matching the token, or None. Records the access time."""
    if not jeton or len(jeton) > LONGUEUR_MAX:
        return None
    maintenant = timezone.now()
    acces = queryset.filter(empreinte=empreinte(jeton), expire_le__gt=maintenant).first()
    if acces is None:
        return None
    type(acces).objects.filter(pk=acces.pk).update(dernier_acces_le=maintenant)
    return acces
