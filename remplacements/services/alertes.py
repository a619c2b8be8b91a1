"""Alerts on new offers: a visitor subscribes to a saved search with their e-mail (double opt-in: nothing is sent
but the confirmation until they click its link), gets a daily digest of the new matching offers, unsubscribes in
one click (the row is deleted). The links carry a signed identifier (no secret stored); unconfirmed
subscriptions are deleted after JOURS_CONFIRMATION days."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bienvenuedoc.courriels import courriel_programmer

from ..enums import StatutOffre, TypeCourrielOffre
from ..models import AlerteOffre, Offre
from ..selectors import offres_recherche, recherche_depuis_criteres

JOURS_CONFIRMATION = 7
_SEL_CONFIRMER = "remplacements.alerte.confirmer"
_SEL_DESABONNER = "remplacements.alerte.desabonner"


def lien_confirmation(alerte: AlerteOffre) -> str:
    signe = signing.dumps(alerte.pk, salt=_SEL_CONFIRMER)
    return settings.SITE_URL.rstrip("/") + reverse("remplacements:alerte_confirmer", kwargs={"signe": signe})


def lien_desabonnement(alerte: AlerteOffre) -> str:
    signe = signing.dumps(alerte.pk, salt=_SEL_DESABONNER)
    return settings.SITE_URL.rstrip("/") + reverse("remplacements:alerte_desabonner", kwargs={"signe": signe})


def _alerte_signee(signe: str, sel: str, max_age=None) -> AlerteOffre | None:
    try:
        pk = signing.loads(signe, salt=sel, max_age=max_age)
    except signing.BadSignature:
        return None
    return AlerteOffre.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def alerte_pour_confirmation(signe: str) -> AlerteOffre | None:
    return _alerte_signee(signe, _SEL_CONFIRMER, max_age=timedelta(days=JOURS_CONFIRMATION))


def alerte_pour_desabonnement(signe: str) -> AlerteOffre | None:
    return _alerte_signee(signe, _SEL_DESABONNER)


@transaction.atomic
def alerte_creer(*, email: str, criteres: dict) -> AlerteOffre:
    alerte = AlerteOffre.objects.create(email=email, criteres=criteres)
    courriel_programmer(type=TypeCourrielOffre.ALERTE_CONFIRMATION, objet_id=alerte.pk)
    return alerte


@transaction.atomic
def alerte_confirmer(*, alerte: AlerteOffre) -> AlerteOffre:
    """Idempotent: the offers published from now on will be sent."""
    alerte = AlerteOffre.objects.select_for_update().get(pk=alerte.pk)
    if alerte.confirmee_le is None:
        alerte.confirmee_le = timezone.now()
        alerte.resume_jusqua = alerte.confirmee_le
        alerte.save(update_fields=["confirmee_le", "resume_jusqua"])
    return alerte


def alerte_supprimer(*, alerte: AlerteOffre) -> None:
    AlerteOffre.objects.filter(pk=alerte.pk).delete()


def alertes_envoyer_resumes(*, maintenant=None) -> int:
    """Daily: each confirmed alert with new matching offers since its last digest gets one e-mail."""
    maintenant = maintenant or timezone.now()
    envoyees = 0
    recentes = Offre.objects.filter(statut=StatutOffre.PUBLIEE, publiee_le__lte=maintenant)
    for pk in list(AlerteOffre.objects.filter(confirmee_le__isnull=False).values_list("pk", flat=True)):
        with transaction.atomic():
            alerte = AlerteOffre.objects.select_for_update().filter(pk=pk).first()
            if alerte is None:
                continue
            depuis = alerte.resume_jusqua or alerte.confirmee_le
            nouvelles = offres_recherche(recherche_depuis_criteres(alerte.criteres)).filter(
                pk__in=recentes.filter(publiee_le__gt=depuis).values("pk")
            )
            if not nouvelles.exists():
                continue
            alerte.resume_depuis, alerte.resume_jusqua = depuis, maintenant
            alerte.save(update_fields=["resume_depuis", "resume_jusqua"])
            courriel_programmer(type=TypeCourrielOffre.ALERTE_RESUME, objet_id=alerte.pk)
            envoyees += 1
    return envoyees


def alertes_purger_non_confirmees(*, maintenant=None) -> int:
    seuil = (maintenant or timezone.now()) - timedelta(days=JOURS_CONFIRMATION)
    return AlerteOffre.objects.filter(confirmee_le__isnull=True, creee_le__lt=seuil).delete()[0]
