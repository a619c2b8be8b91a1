"""Private links to an offer's poster space: the shared mechanism of bienvenuedoc.jetons, as for the requester's
space (accompagnement/services/acces.py)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from bienvenuedoc.jetons import jeton_emettre, jeton_trouver

from ..models import JetonOffre, Offre


@transaction.atomic
def jeton_creer(*, offre: Offre) -> str:
    Offre.objects.select_for_update().filter(pk=offre.pk).values_list("pk", flat=True).first()
    return jeton_emettre(jetons=offre.jetons, duree=timedelta(days=settings.ESPACE_DUREE_LIEN_JOURS))


def jeton_verifier(jeton: str) -> Offre | None:
    acces = jeton_trouver(JetonOffre.objects.select_related("offre", "offre__commune"), jeton)
    return acces.offre if acces else None


def url_espace(jeton: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("remplacements:espace", kwargs={"jeton": jeton})
