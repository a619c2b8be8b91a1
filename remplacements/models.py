"""Geolocated offers: replacements, posts, internship places and student housing.

One table for the four kinds (`Offre.type`): the shared fields (title, commune, coordinates, availability,
publication period, status, owner) and a few nullable kind-specific fields, each tied to its kind by a
CheckConstraint. Why one table rather than multi-table inheritance: the public list, the map's JSON and the
distance search read every kind at once and must stay one query without joins; the kind-specific fields are few
and small; the constraints keep a replacement from carrying a rent, a housing from carrying a fee share."""

import uuid
from math import cos, radians

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin
from django.utils import timezone

from bienvenuedoc.jetons import JetonAccesBase
from observatoire.models import Commune

from .enums import (
    NiveauEtudes,
    SemestreStage,
    SourceCoordonnees,
    StatutOffre,
    StructureOffre,
    TypeEvenementOffre,
    TypeOffre,
    TypePoste,
)

RAYON_TERRE_KM = 6371.0
KM_PAR_DEGRE_LATITUDE = 111.32


class OffreQuerySet(models.QuerySet):
    def publiees(self, *, le=None):
        """Published and inside their publication period (an offer past its period leaves the public pages
        at once, before the nightly task marks it expired)."""
        jour = le or timezone.localdate()
        return self.filter(statut=StatutOffre.PUBLIEE, debut_publication__lte=jour, fin_publication__gte=jour)

    def disponibles_entre(self, debut=None, fin=None):
        """Available at some point between two dates (an open end on the offer's side matches everything)."""
        filtre = Q()
        if debut:
            filtre &= Q(date_fin__isnull=True) | Q(date_fin__gte=debut)
        if fin:
            filtre &= Q(date_debut__isnull=True) | Q(date_debut__lte=fin)
        return self.filter(filtre)

    def autour_de(self, latitude: float, longitude: float, km: float):
        """Offers within `km` of a point: a bounding box on the indexed coordinates first, then the exact
        great-circle distance (haversine in its spherical-law-of-cosines form, with Django's math functions, the
        same on SQLite and PostgreSQL), annotated as `distance_km`."""
        delta_lat = km / KM_PAR_DEGRE_LATITUDE
        delta_lon = km / (KM_PAR_DEGRE_LATITUDE * max(cos(radians(latitude)), 0.01))
        lat0, lon0 = radians(latitude), radians(longitude)
        cosinus = Sin(Value(lat0)) * Sin(Radians(F("latitude"))) + Cos(Value(lat0)) * Cos(Radians(F("latitude"))) * Cos(
            Radians(F("longitude")) - Value(lon0)
        )
        # rounding may push the cosine a hair past 1: clamp it before ACos
        distance = ACos(Least(Greatest(cosinus, Value(-1.0)), Value(1.0))) * Value(RAYON_TERRE_KM)
        return (
            self.filter(
                latitude__range=(latitude - delta_lat, latitude + delta_lat),
                longitude__range=(longitude - delta_lon, longitude + delta_lon),
            )
            .annotate(distance_km=models.ExpressionWrapper(distance, output_field=FloatField()))
            .filter(distance_km__lte=km)
        )


class Offre(models.Model):
    uuid = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField("type d’offre", max_length=20, choices=TypeOffre.choices)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutOffre.choices, default=StatutOffre.BROUILLON, db_index=True
    )
    titre = models.CharField("titre", max_length=150)
    description = models.TextField("description", max_length=5000, blank=True)

    # Where: a commune of the territory reference, an optional address, coordinates (address or commune centre)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="offres")
    adresse = models.CharField("adresse", max_length=250, blank=True)
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    source_coordonnees = models.CharField(
        "origine des coordonnées", max_length=10, choices=SourceCoordonnees.choices, default=SourceCoordonnees.COMMUNE
    )

    # When: availability (a replacement's dates, a post's start, a housing's period) and publication period
    date_debut = models.DateField("disponible à partir du", null=True, blank=True)
    date_fin = models.DateField("disponible jusqu’au", null=True, blank=True)
    debut_publication = models.DateField("publication à partir du", default=timezone.localdate)
    fin_publication = models.DateField("publication jusqu’au")

    # Who: the poster, never shown publicly (the contact form writes to them without revealing the address)
    contact_nom = models.CharField("nom affiché", max_length=150, help_text="Nom du cabinet, de la structure…")
    email_proprietaire = models.EmailField("adresse électronique de l’auteur (jamais affichée)")

    # Replacements and posts
    structure = models.CharField("structure d’exercice", max_length=20, choices=StructureOffre.choices, blank=True)
    # Replacements
    jours_recurrents = models.CharField("jours récurrents", max_length=150, blank=True)
    logiciel = models.CharField("logiciel métier", max_length=100, blank=True)
    retrocession = models.PositiveSmallIntegerField(
        "rétrocession (%)", null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    logement_propose = models.BooleanField("logement proposé", null=True, blank=True)
    # Posts
    type_poste = models.CharField("type de poste", max_length=20, choices=TypePoste.choices, blank=True)
    conditions = models.TextField("conditions", max_length=3000, blank=True)
    # Internship places
    maitre_de_stage = models.CharField("maître de stage", max_length=150, blank=True)
    specialite = models.CharField("spécialité", max_length=100, blank=True)
    semestre = models.CharField("semestre", max_length=10, choices=SemestreStage.choices, blank=True)
    # Internship places and housing: who it is for, how many
    pour_externes = models.BooleanField("pour les externes", default=False)
    pour_internes = models.BooleanField("pour les internes", default=False)
    pour_docteurs_juniors = models.BooleanField("pour les docteurs juniors", default=False)
    capacite = models.PositiveSmallIntegerField("capacité", null=True, blank=True)
    # Housing
    loyer_mensuel = models.PositiveIntegerField(
        "loyer mensuel (€)", null=True, blank=True, help_text="0 pour un logement gratuit."
    )
    meuble = models.BooleanField("meublé", null=True, blank=True)
    distance_lieu_km = models.DecimalField(
        "distance du lieu de stage ou de l’hôpital (km)", max_digits=5, decimal_places=1, null=True, blank=True
    )

    cree_le = models.DateTimeField("créée le", default=timezone.now)
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)
    publiee_le = models.DateTimeField("publiée le", null=True, blank=True)
    pourvue_le = models.DateTimeField("pourvue le", null=True, blank=True)
    rappel_expiration_le = models.DateTimeField("rappel d’expiration envoyé le", null=True, blank=True)

    objects = OffreQuerySet.as_manager()

    class Meta:
        verbose_name = "offre"
        verbose_name_plural = "offres"
        ordering = ["-publiee_le", "-cree_le"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="offre_coordonnees_idx"),
            models.Index(fields=["statut", "fin_publication"], name="offre_statut_fin_idx"),
            models.Index(fields=["type", "statut"], name="offre_type_statut_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_debut__isnull=True) | Q(date_fin__gte=F("date_debut")),
                name="offre_dates_ordonnees",
                violation_error_message="La date de fin précède la date de début.",
            ),
            models.CheckConstraint(
                condition=Q(fin_publication__gte=F("debut_publication")),
                name="offre_publication_ordonnee",
                violation_error_message="La fin de publication précède son début.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__range=(-90, 90), longitude__range=(-180, 180)),
                name="offre_coordonnees_valides",
            ),
            models.CheckConstraint(
                condition=Q(retrocession__isnull=True)
                | Q(type=TypeOffre.REMPLACEMENT, retrocession__gte=0, retrocession__lte=100),
                name="offre_retrocession_remplacement",
                violation_error_message="La rétrocession ne concerne qu’un remplacement, entre 0 et 100 %.",
            ),
            models.CheckConstraint(
                condition=~Q(type=TypeOffre.POSTE) | ~Q(type_poste=""),
                name="offre_poste_type_requis",
                violation_error_message="Précisez le type de poste.",
            ),
            models.CheckConstraint(
                condition=Q(type_poste="") | Q(type=TypeOffre.POSTE),
                name="offre_type_poste_pour_poste",
            ),
            models.CheckConstraint(
                condition=~Q(type=TypeOffre.STAGE) | ~Q(maitre_de_stage=""),
                name="offre_stage_maitre_requis",
                violation_error_message="Un terrain de stage indique son maître de stage.",
            ),
            models.CheckConstraint(
                condition=~Q(type__in=[TypeOffre.STAGE, TypeOffre.LOGEMENT])
                | Q(capacite__isnull=False, capacite__gte=1, capacite__lte=100),
                name="offre_capacite_requise",
                violation_error_message="Indiquez une capacité entre 1 et 100.",
            ),
            models.CheckConstraint(
                condition=Q(loyer_mensuel__isnull=True) | Q(type=TypeOffre.LOGEMENT, loyer_mensuel__lte=5000),
                name="offre_loyer_logement",
                violation_error_message="Le loyer ne concerne qu’un logement, entre 0 et 5 000 € par mois.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} : {self.titre}"

    @property
    def niveaux(self) -> list[str]:
        """The levels an internship place or housing is for, as labels."""
        champs = {
            NiveauEtudes.EXTERNE: self.pour_externes,
            NiveauEtudes.INTERNE: self.pour_internes,
            NiveauEtudes.DOCTEUR_JUNIOR: self.pour_docteurs_juniors,
        }
        return [niveau.label for niveau, oui in champs.items() if oui]

    @property
    def est_publique(self) -> bool:
        jour = timezone.localdate()
        return self.statut == StatutOffre.PUBLIEE and self.debut_publication <= jour <= self.fin_publication


class EvenementOffre(models.Model):
    """The history of an offer: who did what (staff member, or its author through the space)."""

    offre = models.ForeignKey(Offre, verbose_name="offre", on_delete=models.CASCADE, related_name="evenements")
    type = models.CharField("type", max_length=20, choices=TypeEvenementOffre.choices)
    de = models.CharField("de", max_length=20, blank=True)
    vers = models.CharField("vers", max_length=20, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="membre de l’équipe",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    par_auteur_offre = models.BooleanField("par l’auteur de l’offre", default=False)
    commentaire = models.TextField("commentaire", max_length=2000, blank=True)
    cree_le = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "événement d’une offre"
        verbose_name_plural = "événements des offres"
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return f"{self.get_type_display()} le {self.cree_le:%d/%m/%Y}"


class JetonOffre(JetonAccesBase):
    """A private link to an offer's poster space (the same mechanism as the requester's space)."""

    offre = models.ForeignKey(Offre, verbose_name="offre", on_delete=models.CASCADE, related_name="jetons")

    class Meta:
        verbose_name = "lien d’accès à une offre"
        verbose_name_plural = "liens d’accès aux offres"


class MessageOffre(models.Model):
    """A visitor's message to an offer's author, sent by e-mail through the outbox; deleted by the daily task
    JOURS_CONSERVATION_MESSAGES days later (kept that long only to look into abuse)."""

    offre = models.ForeignKey(Offre, verbose_name="offre", on_delete=models.CASCADE, related_name="messages")
    nom = models.CharField("nom", max_length=150)
    email = models.EmailField("adresse électronique")
    texte = models.TextField("message", max_length=3000)
    cree_le = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "message à l’auteur d’une offre"
        verbose_name_plural = "messages aux auteurs des offres"

    def __str__(self):
        return f"Message du {self.cree_le:%d/%m/%Y}"


class AlerteOffre(models.Model):
    """A visitor's subscription to a saved search (personal data: an e-mail address and a search). Confirmed by
    a link (double opt-in) before anything is sent; unconfirmed ones are deleted after a week; unsubscribing
    deletes the row. The daily digest sends the offers published in (`resume_depuis`, `resume_jusqua`]."""

    email = models.EmailField("adresse électronique")
    criteres = models.JSONField("recherche enregistrée", default=dict)
    creee_le = models.DateTimeField("créée le", default=timezone.now)
    confirmee_le = models.DateTimeField("confirmée le", null=True, blank=True, db_index=True)
    resume_depuis = models.DateTimeField("dernier résumé : offres publiées après", null=True, blank=True)
    resume_jusqua = models.DateTimeField("dernier résumé : jusqu’au", null=True, blank=True)

    class Meta:
        verbose_name = "alerte sur les offres"
        verbose_name_plural = "alertes sur les offres"

    def __str__(self):
        return f"Alerte du {self.creee_le:%d/%m/%Y}"
