"""Editorial content edited by the staff: pages (per audience), news items, events and their registrations.

Events store their commune as text and INSEE code rather than a foreign key to observatoire.Commune: bienvenuedoc
is the lowest layer and may not import the observatory; an event's place is a label to show and to put in the
calendar, not a join (no figure is computed from it)."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bienvenuedoc.utils.fichiers import valider_image

from .enums import ProfilInscrit, Public, StatutInscription, StatutSignalement, TypeEvenement
from .rendu import markdown_en_html

AIDE_MARKDOWN = (
    "Texte au format Markdown : « ## Titre », « **gras** », « - liste », « [texte du lien](https://…) ». "
    "Le HTML, les scripts et les styles sont retirés à l’affichage."
)
code_insee = RegexValidator(r"^(\d{5}|2[AB]\d{3})$", "Saisissez un code INSEE de 5 caractères (ex. 47001).")


class ContenuQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(publie=True, date_publication__lte=timezone.localdate())


class Page(models.Model):
    titre = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse (slug)", max_length=120, unique=True, help_text="L’adresse sera /pages/<slug>/.")
    public = models.CharField("public", max_length=20, choices=Public.choices, default=Public.TOUS)
    resume = models.CharField("résumé", max_length=300, help_text="Une ou deux phrases, montrées dans les listes.")
    corps = models.TextField("contenu", help_text=AIDE_MARKDOWN)
    illustration = models.ImageField(
        "illustration",
        upload_to="contenus/",
        blank=True,
        validators=[valider_image],
        help_text="PNG, JPEG ou WebP de 2 Mo au plus.",
    )
    illustration_alt = models.CharField(
        "texte alternatif de l’illustration",
        max_length=250,
        blank=True,
        help_text="Obligatoire avec une illustration : décrivez ce qu’elle montre.",
    )
    ordre = models.PositiveSmallIntegerField("ordre dans le menu", default=100)
    date_publication = models.DateField("date de publication", default=timezone.localdate)
    date_revue = models.DateField("dernière relecture", null=True, blank=True)
    publie = models.BooleanField("publiée", default=False)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)
    history = HistoricalRecords()

    objects = ContenuQuerySet.as_manager()

    class Meta:
        verbose_name = "page"
        verbose_name_plural = "pages"
        ordering = ["public", "ordre", "titre"]
        constraints = [
            models.CheckConstraint(
                condition=Q(illustration="") | ~Q(illustration_alt=""), name="page_illustration_avec_alt"
            )
        ]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("contenus:page", args=[self.slug])

    def clean(self):
        if self.illustration and not self.illustration_alt.strip():
            raise ValidationError(
                {"illustration_alt": "Décrivez l’illustration : le texte alternatif est obligatoire."}
            )

    @property
    def corps_html(self) -> str:
        return markdown_en_html(self.corps)


class Actualite(models.Model):
    titre = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse (slug)", max_length=120, unique=True)
    date_publication = models.DateField("date de publication", default=timezone.localdate)
    resume = models.CharField("résumé", max_length=300)
    corps = models.TextField("contenu", blank=True, help_text=AIDE_MARKDOWN)
    publie = models.BooleanField("publiée", default=False)
    history = HistoricalRecords()

    objects = ContenuQuerySet.as_manager()

    class Meta:
        verbose_name = "actualité"
        verbose_name_plural = "actualités"
        ordering = ["-date_publication", "-pk"]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("contenus:actualite", args=[self.slug])

    @property
    def corps_html(self) -> str:
        return markdown_en_html(self.corps)


class EvenementQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(publie=True)

    def a_venir(self):
        return self.publies().filter(debut__gte=timezone.now()).order_by("debut", "pk")

    def with_nombre_inscrits(self):
        return self.annotate(
            nombre_inscrits=models.Count("inscriptions", filter=Q(inscriptions__statut=StatutInscription.CONFIRMEE))
        )


class Evenement(models.Model):
    titre = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse (slug)", max_length=120, unique=True)
    type = models.CharField("type", max_length=30, choices=TypeEvenement.choices)
    public = models.CharField("public", max_length=20, choices=Public.choices, default=Public.TOUS)
    debut = models.DateTimeField("début")
    fin = models.DateTimeField("fin")
    lieu = models.CharField("lieu", max_length=250, help_text="Le bâtiment et l’adresse.")
    commune_nom = models.CharField("commune", max_length=100)
    commune_insee = models.CharField("code INSEE de la commune", max_length=5, validators=[code_insee])
    capacite = models.PositiveIntegerField("nombre de places")
    resume = models.CharField("résumé", max_length=300)
    description = models.TextField("description", help_text=AIDE_MARKDOWN)
    publie = models.BooleanField("publié", default=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    history = HistoricalRecords()

    objects = EvenementQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["debut", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(fin__gte=models.F("debut")), name="evenement_fin_apres_debut"),
            models.CheckConstraint(condition=Q(capacite__gte=1), name="evenement_capacite_positive"),
        ]

    def __str__(self):
        return f"{self.titre} ({timezone.localtime(self.debut):%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("contenus:evenement", args=[self.slug])

    def clean(self):
        if self.debut and self.fin and self.fin < self.debut:
            raise ValidationError({"fin": "La fin doit être après le début."})

    @property
    def description_html(self) -> str:
        return markdown_en_html(self.description)

    @property
    def est_passe(self) -> bool:
        return self.debut < timezone.now()


class Inscription(models.Model):
    """A person registered to an event: personal data, deleted some days after the event (see services)."""

    evenement = models.ForeignKey(
        Evenement, on_delete=models.CASCADE, related_name="inscriptions", verbose_name="événement"
    )
    jeton = models.UUIDField("jeton d’annulation", default=uuid.uuid4, unique=True, editable=False)
    nom = models.CharField("prénom et nom", max_length=150)
    email = models.EmailField("adresse électronique")
    profil = models.CharField("vous êtes", max_length=20, choices=ProfilInscrit.choices)
    statut = models.CharField("statut", max_length=20, choices=StatutInscription.choices)
    cree_le = models.DateTimeField("inscrit le", default=timezone.now)
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)
    rappel_envoye_le = models.DateTimeField("rappel envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["cree_le", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evenement", "email"],
                condition=~Q(statut=StatutInscription.ANNULEE),
                name="inscription_unique_par_evenement",
            )
        ]
        indexes = [models.Index(fields=["evenement", "statut", "cree_le"])]

    def __str__(self):
        return f"{self.nom} — {self.get_statut_display()}"


siren_epci = RegexValidator(r"^\d{9}$", "Saisissez le SIREN de l’intercommunalité : 9 chiffres.")


class PresentationTerritoire(models.Model):
    """The staff-written text of an EPCI's territory page (/territoire/<siren>/), beside the figures, offers and
    partners generated from the reference data. The EPCI is named by its SIREN (bienvenuedoc is the lowest
    layer and may not reference observatoire.EPCI); the admin checks that it exists."""

    SECTIONS = [
        ("ecoles", "Écoles et petite enfance"),
        ("transports", "Transports"),
        ("culture", "Culture"),
        ("sport", "Sport"),
        ("loisirs", "Loisirs et nature"),
        ("emploi_conjoint", "Emploi du conjoint"),
    ]

    epci_siren = models.CharField("SIREN de l’intercommunalité", max_length=9, unique=True, validators=[siren_epci])
    accroche = models.CharField("accroche", max_length=300, help_text="Une ou deux phrases en tête de la page.")
    ecoles = models.TextField("écoles et petite enfance", blank=True, help_text=AIDE_MARKDOWN)
    transports = models.TextField("transports", blank=True, help_text=AIDE_MARKDOWN)
    culture = models.TextField("culture", blank=True, help_text=AIDE_MARKDOWN)
    sport = models.TextField("sport", blank=True, help_text=AIDE_MARKDOWN)
    loisirs = models.TextField("loisirs et nature", blank=True, help_text=AIDE_MARKDOWN)
    emploi_conjoint = models.TextField("emploi du conjoint", blank=True, help_text=AIDE_MARKDOWN)
    est_demo = models.BooleanField("texte de démonstration", default=False)
    publie = models.BooleanField("publiée", default=False)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "présentation d’un territoire"
        verbose_name_plural = "présentations des territoires"
        ordering = ["epci_siren"]

    def __str__(self):
        return f"Territoire {self.epci_siren}"

    def get_absolute_url(self):
        return reverse("territoire:epci", args=[self.epci_siren])

    def sections_html(self) -> list[tuple[str, str, str]]:
        """(key, heading, sanitised HTML) of each section written, in the page's order."""
        return [
            (cle, libelle, markdown_en_html(getattr(self, cle)))
            for cle, libelle in self.SECTIONS
            if getattr(self, cle).strip()
        ]

    @property
    def corps_html(self) -> str:
        """Every section under its heading: the admin's preview."""
        return "".join(f"<h2>{libelle}</h2>{html}" for _cle, libelle, html in self.sections_html())


class SignalementAccessibilite(models.Model):
    """An accessibility problem reported from the accessibility statement's form (RGAA: a way to report a
    difficulty and get the content in another form). Personal data: deleted with the other messages' policy."""

    nom = models.CharField("nom", max_length=150, blank=True)
    email = models.EmailField("adresse électronique")
    adresse_page = models.CharField("page concernée", max_length=500, blank=True)
    description = models.TextField("description du problème", max_length=5000)
    aide_technique = models.CharField("aide technique utilisée", max_length=200, blank=True)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutSignalement.choices, default=StatutSignalement.NOUVEAU
    )
    note_interne = models.TextField("note interne", blank=True)
    recu_le = models.DateTimeField("reçu le", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "signalement d’accessibilité"
        verbose_name_plural = "signalements d’accessibilité"
        ordering = ["-recu_le", "-pk"]

    def __str__(self):
        return f"Signalement du {timezone.localtime(self.recu_le):%d/%m/%Y} ({self.get_statut_display()})"
