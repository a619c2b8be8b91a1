import datetime

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bienvenuedoc.utils.fichiers import valider_image
from bienvenuedoc.utils.liens import ChampURL
from observatoire.models import EPCI, Commune, Departement
from observatoire.texte import normaliser_nom

from .enums import CategorieCumul, TypeAide, TypeBesoin, TypePartenaire, TypeZone


class PartenaireQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(publie=True)

    def avec_service(self, type_besoin: str):
        return self.filter(Exists(ServicePartenaire.objects.filter(partenaire=OuterRef("pk"), type_besoin=type_besoin)))

    def couvrant_epci(self, epci_id: int):
        """Partners covering the whole département, the EPCI itself or one of its communes."""
        return self.filter(
            Q(couvre_tout_departement=True)
            | Exists(Partenaire.epcis_couverts.through.objects.filter(partenaire=OuterRef("pk"), epci_id=epci_id))
            | Exists(
                Partenaire.communes_couvertes.through.objects.filter(
                    partenaire=OuterRef("pk"), commune__epci_id=epci_id
                )
            )
        )

    def recherche(self, texte: str):
        mots = normaliser_nom(texte).split()
        qs = self
        for mot in mots:
            qs = qs.filter(texte_recherche__contains=mot)
        return qs


def _chemin_logo(instance, nom_fichier: str) -> str:
    return f"partenaires/logos/{instance.slug}-{nom_fichier}"


class Partenaire(models.Model):
    """A member of the département's network to which the hotline refers needs."""

    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d’adresse", max_length=220, unique=True)
    type = models.CharField("type", max_length=30, choices=TypePartenaire.choices, db_index=True)
    description = models.TextField("description", blank=True)
    # coverage
    couvre_tout_departement = models.BooleanField("intervient sur tout le département", default=False)
    epcis_couverts = models.ManyToManyField(
        EPCI, verbose_name="intercommunalités couvertes", blank=True, related_name="partenaires"
    )
    communes_couvertes = models.ManyToManyField(
        Commune, verbose_name="communes couvertes", blank=True, related_name="partenaires"
    )
    # address
    adresse = models.CharField("adresse", max_length=250, blank=True)
    code_postal = models.CharField("code postal", max_length=10, blank=True)
    ville = models.CharField("ville", max_length=150, blank=True)
    latitude = models.FloatField("latitude", null=True, blank=True, db_index=True)
    longitude = models.FloatField("longitude", null=True, blank=True, db_index=True)
    # public contact
    telephone = models.CharField("téléphone (public)", max_length=30, blank=True)
    email = models.EmailField("adresse électronique (publique)", blank=True)
    site_web = ChampURL("site internet", blank=True)
    # internal contact: staff only, never on a public page
    contact_interne_nom = models.CharField("référent·e interne : nom", max_length=150, blank=True)
    contact_interne_email = models.EmailField("référent·e interne : adresse électronique", blank=True)
    contact_interne_telephone = models.CharField("référent·e interne : téléphone", max_length=30, blank=True)
    notes_internes = models.TextField("notes internes", blank=True)
    logo = models.ImageField(
        "logo",
        upload_to=_chemin_logo,
        blank=True,
        validators=[valider_image],
        help_text="PNG, JPEG ou WebP de 2 Mo au plus (le format est vérifié sur le contenu du fichier).",
    )
    est_demo = models.BooleanField(
        "données de démonstration", default=False, help_text="Coordonnées fictives, affichées comme telles."
    )
    texte_recherche = models.TextField("texte de recherche", blank=True, editable=False)
    publie = models.BooleanField("publié", default=True, db_index=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords(excluded_fields=["texte_recherche", "modifie_le"])
    objects = PartenaireQuerySet.as_manager()

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__range=(-90, 90)) & Q(longitude__range=(-180, 180))),
                name="partenaire_coordonnees_valides",
            )
        ]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.texte_recherche = normaliser_nom(" ".join([self.nom, self.description, self.ville]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "texte_recherche"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("partenaires:partenaire", kwargs={"slug": self.slug})

    @property
    def a_coordonnees(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ServicePartenaire(models.Model):
    """A need type (shared vocabulary with the requests' needs) that a partner can handle."""

    partenaire = models.ForeignKey(
        Partenaire, verbose_name="partenaire", on_delete=models.CASCADE, related_name="services"
    )
    type_besoin = models.CharField("type de besoin", max_length=40, choices=TypeBesoin.choices, db_index=True)
    precisions = models.CharField("précisions", max_length=250, blank=True)

    class Meta:
        verbose_name = "service proposé"
        verbose_name_plural = "services proposés"
        ordering = ["partenaire", "type_besoin"]
        constraints = [
            models.UniqueConstraint(fields=["partenaire", "type_besoin"], name="service_partenaire_unique"),
        ]

    def __str__(self):
        return f"{self.partenaire_id} : {self.get_type_besoin_display()}"


class ZonageCommuneQuerySet(models.QuerySet):
    def pour_commune(self, commune_id: int):
        return self.filter(commune_id=commune_id)


class ZonageCommune(models.Model):
    """One zone type of one commune (a commune can be in a ZIP and a ZFRR, say), with its source."""

    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.CASCADE, related_name="zonages")
    type_zone = models.CharField("type de zone", max_length=12, choices=TypeZone.choices, db_index=True)
    source = models.CharField("source", max_length=300, blank=True, help_text="Arrêté, publication ou adresse.")
    date_zonage = models.DateField("date du zonage", null=True, blank=True)
    est_demo = models.BooleanField("zonage de démonstration", default=False, db_index=True)
    importe_le = models.DateTimeField("importé le", default=timezone.now)

    objects = ZonageCommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "zonage d’une commune"
        verbose_name_plural = "zonages des communes"
        ordering = ["commune", "type_zone"]
        constraints = [models.UniqueConstraint(fields=["commune", "type_zone"], name="zonage_commune_type_unique")]

    def __str__(self):
        return f"{self.commune_id} : {self.get_type_zone_display()}"


class AideFinanciereQuerySet(models.QuerySet):
    def publiees(self):
        return self.filter(publiee=True)

    def valides(self, jour: datetime.date | None = None):
        """In force on `jour` (today by default): started and not ended."""
        jour = jour or timezone.localdate()
        return self.filter(
            Q(date_debut__isnull=True) | Q(date_debut__lte=jour),
            Q(date_fin__isnull=True) | Q(date_fin__gte=jour),
            historique=False,
        )

    def a_revoir(self, jour: datetime.date | None = None):
        """Past their end date and not yet archived as history: the staff must update or archive them."""
        jour = jour or timezone.localdate()
        return self.filter(date_fin__lt=jour, historique=False)

    def fermees(self):
        return self.filter(historique=True)


class AideFinanciere(models.Model):
    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d’adresse", max_length=220, unique=True)
    financeur = models.ForeignKey(
        Partenaire, verbose_name="financeur", on_delete=models.PROTECT, related_name="aides_financees"
    )
    type = models.CharField("nature", max_length=30, choices=TypeAide.choices, db_index=True)
    resume = models.CharField("résumé", max_length=300)
    # amount
    montant_min = models.DecimalField("montant minimum (€)", max_digits=10, decimal_places=2, null=True, blank=True)
    montant_max = models.DecimalField("montant maximum (€)", max_digits=10, decimal_places=2, null=True, blank=True)
    montant_unite = models.CharField(
        "unité / périodicité", max_length=100, blank=True, help_text="« une fois », « brut par mois », « par an »…"
    )
    montant_texte = models.CharField(
        "montant en clair", max_length=250, blank=True, help_text="Quand le montant n’est pas une somme fixe."
    )
    montant_non_confirme = models.BooleanField(
        "montant non confirmé", default=False, help_text="Le montant n’a pas pu être vérifié sur une source officielle."
    )
    note_montant = models.CharField("note sur le montant", max_length=300, blank=True)
    conditions = models.TextField("conditions (en clair)")
    demarche = models.TextField("que faire ensuite", blank=True)
    # structured criteria (empty list = no condition)
    profils = models.JSONField("profils concernés", default=list, blank=True)
    profils_exclus = models.JSONField("profils exclus", default=list, blank=True)
    projets = models.JSONField("projets concernés", default=list, blank=True)
    modes_exercice = models.JSONField("modes d’exercice", default=list, blank=True)
    zones = models.JSONField("zones requises (l’une d’elles)", default=list, blank=True)
    departement = models.ForeignKey(
        Departement,
        verbose_name="réservée au département",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aides",
    )
    epcis = models.ManyToManyField(EPCI, verbose_name="intercommunalités concernées", blank=True, related_name="aides")
    communes = models.ManyToManyField(Commune, verbose_name="communes concernées", blank=True, related_name="aides")
    exige_secteur_1_optam = models.BooleanField("réservée au secteur 1 ou à l’OPTAM", default=False)
    reservee_premiere_installation = models.BooleanField("réservée à une première installation", default=False)
    engagement_min_annees = models.PositiveSmallIntegerField("durée d’engagement minimale (ans)", null=True, blank=True)
    categorie_cumul = models.CharField(
        "catégorie pour le non-cumul",
        max_length=30,
        choices=CategorieCumul.choices,
        blank=True,
        help_text="Une seule aide d’une même catégorie par période de 10 ans (décret 2025-231).",
    )
    exige_convention_l1511_8 = models.BooleanField(
        "aide d’une collectivité (convention CGCT L1511-8)",
        default=False,
        help_text="Versée par une collectivité dans une zone ZIP ou ZAC, sur convention avec le médecin.",
    )
    # validity and sources
    date_debut = models.DateField("en vigueur à partir du", null=True, blank=True)
    date_fin = models.DateField("en vigueur jusqu’au", null=True, blank=True, db_index=True)
    historique = models.BooleanField(
        "dispositif fermé (pour mémoire)", default=False, help_text="Affiché dans le catalogue comme fermé."
    )
    source_url = ChampURL("source officielle", max_length=500)
    sources_complementaires = models.TextField("autres sources", blank=True, help_text="Une adresse par ligne.")
    date_verification = models.DateField("vérifiée le")
    publiee = models.BooleanField("publiée", default=True, db_index=True)
    ordre = models.PositiveSmallIntegerField("ordre d’affichage", default=100)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    history = HistoricalRecords(excluded_fields=["modifie_le"])
    objects = AideFinanciereQuerySet.as_manager()

    class Meta:
        verbose_name = "aide financière"
        verbose_name_plural = "aides financières"
        ordering = ["ordre", "nom"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_min__isnull=True)
                | Q(montant_max__isnull=True)
                | Q(montant_min__lte=F("montant_max")),
                name="aide_montant_min_inferieur_max",
            ),
            models.CheckConstraint(
                condition=Q(date_debut__isnull=True) | Q(date_fin__isnull=True) | Q(date_debut__lte=F("date_fin")),
                name="aide_dates_ordonnees",
            ),
        ]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        from django.urls import reverse

        return f"{reverse('partenaires:catalogue')}#aide-{self.slug}"

    @property
    def montant_affiche(self) -> str:
        def euros(valeur) -> str:
            entier = int(valeur) if valeur == int(valeur) else valeur
            return f"{entier:,}".replace(",", "\u202f") + " €"

        if self.montant_min is not None and self.montant_max is not None and self.montant_min != self.montant_max:
            texte = f"de {euros(self.montant_min)} à {euros(self.montant_max)}"
        elif self.montant_max is not None:
            texte = euros(self.montant_max) if self.montant_min is not None else f"jusqu’à {euros(self.montant_max)}"
        elif self.montant_min is not None:
            texte = f"à partir de {euros(self.montant_min)}"
        else:
            texte = ""
        if texte and self.montant_unite:
            texte = f"{texte} {self.montant_unite}"
        if self.montant_texte:
            texte = f"{texte} — {self.montant_texte}" if texte else self.montant_texte
        return texte or "Montant non précisé"

    @property
    def liste_sources_complementaires(self) -> list[str]:
        return [ligne.strip() for ligne in self.sources_complementaires.splitlines() if ligne.strip()]


class AideARevoir(AideFinanciere):
    """Admin list of the aids past their end date (proxy)."""

    class Meta:
        proxy = True
        verbose_name = "aide à revoir"
        verbose_name_plural = "aides à revoir (date de fin dépassée)"
