"""The reads of the public pages, each with a fixed number of queries."""

from django.utils import timezone

from .enums import Public, StatutInscription
from .models import Actualite, Evenement, Inscription, Page


def pages_du_public(public: str) -> list[Page]:
    """The published pages of one audience (and those for everyone), for its menu: one query."""
    return list(
        Page.objects.publies()
        .filter(public__in=[public, Public.TOUS])
        .only("titre", "slug", "resume", "public", "ordre")
        .order_by("ordre", "titre")
    )


def page_publique(slug: str) -> Page | None:
    return Page.objects.publies().filter(slug=slug).first()


def evenements_a_venir(*, limite: int | None = None) -> list[Evenement]:
    """Upcoming events, the soonest first, with their number of confirmed registrants: one query."""
    qs = Evenement.objects.a_venir().with_nombre_inscrits()
    return list(qs[:limite] if limite else qs)


def evenements_passes(*, limite: int = 10) -> list[Evenement]:
    return list(Evenement.objects.publies().filter(debut__lt=timezone.now()).order_by("-debut")[:limite])


def evenement_public(slug: str) -> Evenement | None:
    return Evenement.objects.publies().with_nombre_inscrits().filter(slug=slug).first()


def actualites_recentes(*, limite: int | None = None) -> list[Actualite]:
    qs = Actualite.objects.publies().order_by("-date_publication", "-pk")
    return list(qs[:limite] if limite else qs)


def actualite_publique(slug: str) -> Actualite | None:
    return Actualite.objects.publies().filter(slug=slug).first()


def inscription_par_jeton(jeton) -> Inscription | None:
    return Inscription.objects.select_related("evenement").filter(jeton=jeton).first()


def inscrits_export(evenements) -> list[Inscription]:
    """The registrants of `evenements` (a queryset), cancelled ones excluded, event by event (soonest first), in
    one query."""
    return list(
        Inscription.objects.filter(evenement__in=evenements)
        .exclude(statut=StatutInscription.ANNULEE)
        .select_related("evenement")
        .order_by("evenement__debut", "evenement_id", "statut", "cree_le", "pk")
    )


def inscription_existe(evenement: Evenement, email: str) -> bool:
    return (
        Inscription.objects.filter(evenement=evenement, email__iexact=email)
        .exclude(statut=StatutInscription.ANNULEE)
        .exists()
    )
