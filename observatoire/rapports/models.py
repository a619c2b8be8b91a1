"""A requested PDF report of the observatory: its perimeter, date(s), edition, rendering status and file.

Imported by observatoire/models.py (the model belongs to the `observatoire` app). The PDF lives under
MEDIA_ROOT/rapports/, which no URL serves: it is only downloaded through the view that checks the rights
(a public edition: anyone; an internal edition: staff with `observatoire.view_rapport`)."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse


class StockageRapports(FileSystemStorage):
    """Private storage: MEDIA_ROOT/rapports (read at each use: tests move it), and no URL at all."""

    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "rapports")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Les rapports n’ont pas d’adresse publique : la vue rapport_pdf les sert.")


def stockage_rapports():
    return StockageRapports()


class Perimetre(models.TextChoices):
    DEPARTEMENT = "departement", "Le département"
    EPCI = "epci", "Une intercommunalité"
    TOUS_EPCI = "tous_epci", "Chacune des intercommunalités"


class Edition(models.TextChoices):
    PUBLIQUE = "publique", "Édition publique (petits effectifs masqués)"
    INTERNE = "interne", "Édition interne (tous les chiffres, équipe seulement)"


class StatutRapport(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    PRET = "pret", "Prêt"
    ECHOUE = "echoue", "Échoué"


class RapportQuerySet(models.QuerySet):
    def publics(self):
        return self.filter(edition=Edition.PUBLIQUE)

    def visibles_par(self, user):
        if user.is_authenticated and user.is_staff and user.has_perm("observatoire.view_rapport"):
            return self
        return self.publics()


class Rapport(models.Model):
    uuid = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    departement_code = models.CharField("département", max_length=3)
    perimetre = models.CharField("périmètre", max_length=12, choices=Perimetre.choices)
    epci = models.ForeignKey(
        "observatoire.EPCI",
        verbose_name="intercommunalité",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    intitule = models.CharField("territoire", max_length=250, help_text="Le département ou l’EPCI, en clair.")
    date = models.DateField("date du rapport")
    date_comparaison = models.DateField(
        "comparée à la date", null=True, blank=True, help_text="Vide : le rapport à une seule date."
    )
    edition = models.CharField("édition", max_length=10, choices=Edition.choices, default=Edition.PUBLIQUE)
    statut = models.CharField(
        "statut", max_length=10, choices=StatutRapport.choices, default=StatutRapport.EN_ATTENTE, db_index=True
    )
    progression = models.PositiveSmallIntegerField("progression (%)", default=0)
    etape = models.CharField("étape en cours", max_length=120, blank=True)
    raison_echec = models.TextField("raison de l’échec", blank=True)
    tentatives = models.PositiveSmallIntegerField("tentatives de rendu", default=0)
    fichier = models.FileField("fichier PDF", storage=stockage_rapports, upload_to="", blank=True)
    taille = models.PositiveIntegerField("taille (octets)", null=True, blank=True)
    pages = models.PositiveSmallIntegerField("pages", null=True, blank=True)
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide : demandé depuis la page publique ou par la tâche mensuelle.",
    )
    demande_le = models.DateTimeField("demandé le", auto_now_add=True)
    mis_en_file_le = models.DateTimeField("mis en file le", null=True, blank=True)
    commence_le = models.DateTimeField("rendu commencé le", null=True, blank=True)
    maj_le = models.DateTimeField("dernier signe de vie", null=True, blank=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    duree_rendu = models.FloatField("durée du rendu (s)", null=True, blank=True)
    tache_id = models.CharField("tâche Celery", max_length=50, blank=True)
    standard = models.BooleanField(
        "édition standard", default=False, help_text="Régénérée chaque mois par la tâche planifiée."
    )

    objects = RapportQuerySet.as_manager()

    class Meta:
        verbose_name = "rapport PDF"
        verbose_name_plural = "rapports PDF de l’observatoire"
        ordering = ["-demande_le"]
        indexes = [models.Index(fields=["departement_code", "perimetre", "statut"], name="rapport_perimetre_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(perimetre="epci", epci__isnull=False) | ~models.Q(perimetre="epci"),
                name="rapport_epci_si_perimetre_epci",
            ),
            models.CheckConstraint(
                condition=models.Q(date_comparaison__isnull=True) | models.Q(date_comparaison__lt=models.F("date")),
                name="rapport_comparaison_avant_date",
            ),
        ]

    def __str__(self):
        return f"{self.titre} — {self.get_edition_display().split(' (')[0]} ({self.demande_le:%d/%m/%Y %H:%M})"

    def get_absolute_url(self):
        return reverse("rapports:rapport", kwargs={"uuid": self.uuid})

    @property
    def titre(self) -> str:
        if self.date_comparaison:
            return f"{self.intitule}, du {self.date_comparaison:%d/%m/%Y} au {self.date:%d/%m/%Y}"
        return f"{self.intitule}, au {self.date:%d/%m/%Y}"

    @property
    def est_public(self) -> bool:
        return self.edition == Edition.PUBLIQUE

    @property
    def est_pret(self) -> bool:
        return self.statut == StatutRapport.PRET and bool(self.fichier)

    @property
    def en_cours(self) -> bool:
        return self.statut in (StatutRapport.EN_ATTENTE, StatutRapport.EN_COURS)

    def url_pdf(self):
        return reverse("rapports:pdf", kwargs={"uuid": self.uuid})
