"""Writes on events' registrations: register (seat or waiting list), cancel (the first on the waiting list is
promoted), the reminder the day before, the deletion of registrations after the event (personal data)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bienvenuedoc.courriels import courriel_programmer
from bienvenuedoc.pages_en_cache import invalider_pages_publiques

from .enums import COURRIEL_SIGNALEMENT, StatutInscription, TypeCourrielContenus
from .models import Evenement, Inscription, SignalementAccessibilite

# Registrations are deleted this many days after their event (stated on the form and the privacy page).
DUREE_CONSERVATION_INSCRIPTIONS_JOURS = 30
MESSAGE_DEJA_INSCRIT = (
    "Cette adresse est déjà inscrite à cet événement : le courriel de confirmation contient le lien pour annuler."
)


class InscriptionRefusee(Exception):
    """A registration that cannot be taken; the message is French and meant for the person."""


@transaction.atomic
def inscription_creer(*, evenement: Evenement, nom: str, email: str, profil: str) -> Inscription:
    """A seat while the confirmed registrations are fewer than the capacity, else the waiting list. The event's
    row is locked, so two people sending the form at the same time never both take the last seat."""
    evenement = Evenement.objects.select_for_update().get(pk=evenement.pk)
    if not evenement.publie or evenement.est_passe:
        raise InscriptionRefusee("Les inscriptions à cet événement sont closes.")
    inscriptions = Inscription.objects.filter(evenement=evenement).exclude(statut=StatutInscription.ANNULEE)
    if inscriptions.filter(email__iexact=email).exists():
        raise InscriptionRefusee(MESSAGE_DEJA_INSCRIT)
    confirmees = inscriptions.filter(statut=StatutInscription.CONFIRMEE).count()
    statut = StatutInscription.CONFIRMEE if confirmees < evenement.capacite else StatutInscription.ATTENTE
    inscription = Inscription.objects.create(evenement=evenement, nom=nom, email=email, profil=profil, statut=statut)
    type_courriel = (
        TypeCourrielContenus.CONFIRMEE if statut == StatutInscription.CONFIRMEE else TypeCourrielContenus.ATTENTE
    )
    courriel_programmer(type=type_courriel, objet_id=inscription.pk)
    transaction.on_commit(invalider_pages_publiques)  # the events' pages show the remaining places
    return inscription


@transaction.atomic
def inscription_annuler(*, inscription: Inscription) -> Inscription | None:
    """Cancels; a freed seat goes to the first on the waiting list, who is told by e-mail. Returns the promoted
    registration, if any. Cancelling twice does nothing."""
    Evenement.objects.select_for_update().filter(pk=inscription.evenement_id).first()
    inscription = Inscription.objects.select_for_update().get(pk=inscription.pk)
    if inscription.statut == StatutInscription.ANNULEE:
        return None
    liberait_une_place = inscription.statut == StatutInscription.CONFIRMEE
    inscription.statut = StatutInscription.ANNULEE
    inscription.annulee_le = timezone.now()
    inscription.save(update_fields=["statut", "annulee_le"])
    transaction.on_commit(invalider_pages_publiques)  # the events' pages show the remaining places
    if not liberait_une_place or inscription.evenement.est_passe:
        return None
    suivante = (
        Inscription.objects.filter(evenement_id=inscription.evenement_id, statut=StatutInscription.ATTENTE)
        .order_by("cree_le", "pk")
        .first()
    )
    if suivante is None:
        return None
    suivante.statut = StatutInscription.CONFIRMEE
    suivante.save(update_fields=["statut"])
    courriel_programmer(type=TypeCourrielContenus.PROMUE, objet_id=suivante.pk)
    return suivante


@transaction.atomic
def rappels_envoyer(*, maintenant=None) -> int:
    """The reminder to every confirmed registrant of the events that take place tomorrow (local date), once."""
    maintenant = maintenant or timezone.now()
    demain = timezone.localtime(maintenant).date() + timedelta(days=1)
    a_rappeler = list(
        Inscription.objects.select_for_update()
        .filter(
            statut=StatutInscription.CONFIRMEE,
            rappel_envoye_le__isnull=True,
            evenement__publie=True,
            evenement__debut__date=demain,
        )
        .values_list("pk", flat=True)
    )
    Inscription.objects.filter(pk__in=a_rappeler).update(rappel_envoye_le=maintenant)
    for pk in a_rappeler:
        courriel_programmer(type=TypeCourrielContenus.RAPPEL, objet_id=pk)
    return len(a_rappeler)


@transaction.atomic
def inscriptions_purger(*, maintenant=None) -> int:
    """Deletes the registrations of the events that ended more than DUREE_CONSERVATION_INSCRIPTIONS_JOURS ago."""
    seuil = (maintenant or timezone.now()) - timedelta(days=DUREE_CONSERVATION_INSCRIPTIONS_JOURS)
    supprimees, _ = Inscription.objects.filter(evenement__fin__lt=seuil).delete()
    return supprimees


@transaction.atomic
def signalement_accessibilite_creer(
    *, description: str, email: str, nom: str = "", adresse_page: str = "", aide_technique: str = ""
) -> SignalementAccessibilite:
    """Records a reported accessibility problem (status « nouveau », for the back office) and e-mails the team
    once the transaction commits (generic outbox)."""
    signalement = SignalementAccessibilite.objects.create(
        description=description, email=email, nom=nom, adresse_page=adresse_page, aide_technique=aide_technique
    )
    courriel_programmer(type=COURRIEL_SIGNALEMENT, objet_id=signalement.pk)
    return signalement
