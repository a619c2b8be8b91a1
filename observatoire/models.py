"""Territory reference (COG): départements, EPCI à fiscalité propre, communes, historical populations.

Coordinates are two floats (no GeoDjango); contours are simplified GeoJSON geometries stored as JSON text
(`ChampGeoJSON`: a dict in Python) and left out of list queries (`.defer("contour")` / the querysets'
`sans_contour()`)."""

import math

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, FloatField
from django.db.models.functions import ACos, Cos, Least, Radians, Sin
from simple_history.models import HistoricalRecords

from .enums import (
    CategorieGeneralistes,
    CategorieStructure,
    ClassementFRR,
    JeuDonnees,
    ModeExercice,
    SourcePraticien,
    TypeEPCI,
    TypeStructure,
)
from .geojson import ChampGeoJSON
from .rpps import valider_rpps

RAYON_TERRE_KM = 6371.0


class TerritoireQuerySet(models.QuerySet):
    def sans_contour(self):
        return self.defer("contour")


class Departement(models.Model):
    code = models.CharField("code", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=100)
    region_code = models.CharField("code de la région", max_length=3, blank=True)
    region_nom = models.CharField("région", max_length=100, blank=True)
    contour = ChampGeoJSON("contour (GeoJSON)", null=True, blank=True)

    objects = TerritoireQuerySet.as_manager()

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"


class EPCI(models.Model):
    siren = models.CharField("SIREN", max_length=9, unique=True)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=5, choices=TypeEPCI.choices)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    contour = ChampGeoJSON("contour (GeoJSON)", null=True, blank=True)

    objects = TerritoireQuerySet.as_manager()

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class CommuneQuerySet(TerritoireQuerySet):
    def du_departement(self, code: str):
        return self.filter(departement__code=code)

    def autour_de(self, latitude: float, longitude: float, km: float):
        """Communes within `km` of a point, annotated with `distance_km` (haversine, SQLite and PostgreSQL),
        after a bounding-box pre-filter that uses the coordinates' indexes."""
        dlat = km / 111.0
        dlon = km / (111.0 * max(math.cos(math.radians(latitude)), 0.01))
        return (
            self.filter(
                latitude__range=(latitude - dlat, latitude + dlat),
                longitude__range=(longitude - dlon, longitude + dlon),
            )
            .annotate(distance_km=distance_km_expression(latitude, longitude))
            .filter(distance_km__lte=km)
        )


def distance_km_expression(latitude: float, longitude: float, lat_field="latitude", lon_field="longitude"):
    """Great-circle distance in km from a point to the row's (lat_field, lon_field), as a DB expression."""
    lat0, lon0 = math.radians(latitude), math.radians(longitude)
    cos_angle = Sin(Radians(F(lat_field))) * math.sin(lat0) + Cos(Radians(F(lat_field))) * math.cos(lat0) * Cos(
        Radians(F(lon_field)) - lon0
    )
    return models.ExpressionWrapper(ACos(Least(cos_angle, 1.0)) * RAYON_TERRE_KM, output_field=FloatField())


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField("nom", max_length=150)
    nom_normalise = models.CharField(
        "nom sans accents", max_length=150, db_index=True, help_text="Pour la recherche : minuscules, sans accents."
    )
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, related_name="communes"
    )
    epci = models.ForeignKey(
        EPCI, verbose_name="EPCI", on_delete=models.SET_NULL, null=True, blank=True, related_name="communes"
    )
    codes_postaux = models.CharField(
        "codes postaux", max_length=200, blank=True, help_text="Séparés par des espaces, dans l’ordre du COG."
    )
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    population_annee = models.PositiveSmallIntegerField(
        "année d’entrée en vigueur de la population légale", null=True, blank=True
    )
    latitude = models.FloatField("latitude du centre", null=True, blank=True, db_index=True)
    longitude = models.FloatField("longitude du centre", null=True, blank=True, db_index=True)
    contour = ChampGeoJSON("contour (GeoJSON)", null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["nom"]
        indexes = [models.Index(fields=["departement", "nom_normalise"], name="commune_dep_nom_idx")]

    def __str__(self):
        return f"{self.nom} ({self.code_insee})"

    @property
    def liste_codes_postaux(self) -> list[str]:
        return self.codes_postaux.split()


class PopulationHistorique(models.Model):
    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.CASCADE, related_name="populations_historiques"
    )
    annee = models.PositiveSmallIntegerField("année d’entrée en vigueur (millésime du COG)")
    population = models.PositiveIntegerField("population municipale")

    class Meta:
        verbose_name = "population historique"
        verbose_name_plural = "populations historiques"
        ordering = ["commune", "annee"]
        constraints = [models.UniqueConstraint(fields=["commune", "annee"], name="population_commune_annee_unique")]

    def __str__(self):
        return f"{self.commune_id} {self.annee} : {self.population}"


# --- Health open data (imported by `importer_observatoire`, one dated snapshot per import) ---------------------
# Each row points at the snapshot that last wrote it: its source, publication date and file are always known.
# BPE (per commune) and Assurance Maladie (per département) count different things: two tables, never summed.


class ImportDonnees(models.Model):
    """A dated snapshot of one official data set: what was imported, from which file, when, how many rows.
    Re-importing the same file for the same scope updates its snapshot (idempotent); another file adds one."""

    jeu = models.CharField("jeu de données", max_length=30, choices=JeuDonnees.choices)
    source = models.CharField("source", max_length=300)
    licence = models.CharField("licence", max_length=150, blank=True)
    date_publication = models.DateField("date de publication", null=True, blank=True)
    millesime = models.CharField("millésime", max_length=30, blank=True)
    fichier = models.CharField("fichier", max_length=255)
    empreinte = models.CharField("empreinte SHA-256 du fichier", max_length=64)
    perimetre = models.CharField("périmètre", max_length=600, help_text="Départements importés, ou « France ».")
    nb_lignes = models.PositiveIntegerField("lignes importées")
    importe_le = models.DateTimeField("importé le")

    class Meta:
        verbose_name = "import de données"
        verbose_name_plural = "imports de données (instantanés)"
        ordering = ["-importe_le"]
        constraints = [
            models.UniqueConstraint(fields=["jeu", "empreinte", "perimetre"], name="import_donnees_unique"),
        ]

    def __str__(self):
        return f"{self.get_jeu_display()} — {self.fichier} ({self.importe_le:%d/%m/%Y})"


class APLCommune(models.Model):
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.CASCADE, related_name="apl")
    annee = models.PositiveSmallIntegerField("millésime de l’APL")
    apl = models.FloatField("APL (consultations par an et par habitant standardisé)")
    apl_moins_65_ans = models.FloatField("APL aux généralistes de 65 ans ou moins", null=True, blank=True)
    population = models.PositiveIntegerField("population totale")
    population_standardisee = models.FloatField("population standardisée")
    annee_population = models.PositiveSmallIntegerField("année de la population")
    codes_source = models.CharField(
        "code(s) INSEE publiés", max_length=200, help_text="Codes de la géographie du millésime, réunis ici."
    )
    instantane = models.ForeignKey(ImportDonnees, verbose_name="import", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "APL d’une commune"
        verbose_name_plural = "APL par commune (DREES)"
        ordering = ["commune__nom", "annee"]
        constraints = [models.UniqueConstraint(fields=["commune", "annee"], name="apl_commune_annee_unique")]

    def __str__(self):
        return f"{self.commune_id} {self.annee} : {self.apl}"


class MedecinsCommune(models.Model):
    """Self-employed GPs per commune, INSEE BPE (a count of practice places, not of persons)."""

    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.CASCADE, related_name="medecins_bpe")
    annee = models.PositiveSmallIntegerField("année de la BPE")
    nombre = models.PositiveIntegerField("médecins généralistes libéraux")
    instantane = models.ForeignKey(ImportDonnees, verbose_name="import", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "médecins d’une commune (BPE)"
        verbose_name_plural = "médecins généralistes par commune (INSEE BPE)"
        ordering = ["commune__nom", "annee"]
        constraints = [models.UniqueConstraint(fields=["commune", "annee"], name="medecins_commune_annee_unique")]

    def __str__(self):
        return f"{self.commune_id} {self.annee} : {self.nombre}"


class MedecinsDepartement(models.Model):
    """Self-employed active GPs per département (Assurance Maladie); `zone` "FR" is France (the reference)."""

    zone = models.CharField("département (FR : France)", max_length=3)
    libelle = models.CharField("libellé", max_length=100)
    annee = models.PositiveSmallIntegerField("année")
    categorie = models.CharField("catégorie", max_length=10, choices=CategorieGeneralistes.choices)
    effectif = models.PositiveIntegerField("effectif")
    densite = models.FloatField("densité pour 100 000 habitants", null=True, blank=True)
    instantane = models.ForeignKey(ImportDonnees, verbose_name="import", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "médecins d’un département (Assurance Maladie)"
        verbose_name_plural = "médecins généralistes par département (Assurance Maladie)"
        ordering = ["zone", "annee", "categorie"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "annee", "categorie"], name="medecins_departement_unique")
        ]

    def __str__(self):
        return f"{self.libelle} {self.annee} : {self.effectif}"


class StructuresDepartement(models.Model):
    """Open MSP / centres de santé counted per département and date (baromètre DITP); `zone` "FR" is France."""

    zone = models.CharField("département (FR : France)", max_length=3)
    type = models.CharField("type de structure", max_length=5, choices=TypeStructure.choices)
    date = models.DateField("date")
    nombre = models.PositiveIntegerField("nombre", null=True, blank=True, help_text="Vide : une cible seule.")
    cible = models.PositiveIntegerField("cible", null=True, blank=True)
    instantane = models.ForeignKey(ImportDonnees, verbose_name="import", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "structures d’un département"
        verbose_name_plural = "MSP et centres de santé par département (DITP)"
        ordering = ["zone", "type", "date"]
        constraints = [models.UniqueConstraint(fields=["zone", "type", "date"], name="structures_departement_unique")]

    def __str__(self):
        return f"{self.zone} {self.get_type_display()} {self.date} : {self.nombre}"


class ClassementFRRCommune(models.Model):
    commune = models.OneToOneField(Commune, verbose_name="commune", on_delete=models.CASCADE, related_name="frr")
    classement = models.CharField("classement FRR", max_length=25, choices=ClassementFRR.choices)
    instantane = models.ForeignKey(ImportDonnees, verbose_name="import", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "classement FRR d’une commune"
        verbose_name_plural = "classement FRR des communes (juillet 2025)"
        ordering = ["commune__nom"]

    def __str__(self):
        return f"{self.commune_id} : {self.get_classement_display()}"

    @property
    def est_classee(self) -> bool:
        return self.classement != ClassementFRR.NON_CLASSEE


class QuartierPrioritaire(models.Model):
    """A QPV 2024 (décret n° 2023-1314) and the commune it lies in."""

    code = models.CharField("code du quartier", max_length=10, unique=True)
    nom = models.CharField("nom", max_length=200)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.CASCADE, related_name="qpv")
    instantane = models.ForeignKey(ImportDonnees, verbose_name="import", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "quartier prioritaire (QPV 2024)"
        verbose_name_plural = "quartiers prioritaires (QPV 2024)"
        ordering = ["commune__nom", "code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"


# --- Practitioners and structures (RPPS and FINESS importers, staff input, demo population) ------------------
# A practitioner is known by his RPPS number; each RPPS extract (an `ImportDonnees` snapshot) adds one
# `PresencePraticien` per GP present, so two extracts give the arrivals and departures between their dates.
# Demo practitioners (source « demo ») have numbers starting with 99 (see observatoire/rpps.py): never official.


class Structure(models.Model):
    """A place of care: MSP, centre de santé (FINESS), cabinet, hospital, CPTS. Coordinates in WGS84."""

    categorie = models.CharField("type", max_length=10, choices=CategorieStructure.choices)
    numero_finess = models.CharField(
        "numéro FINESS (établissement)",
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^[0-9A-Z]{9}$", "Neuf chiffres ou lettres majuscules.")],
    )
    nom = models.CharField("nom", max_length=200)
    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="structures_soins"
    )
    adresse = models.CharField("adresse", max_length=300, blank=True)
    latitude = models.FloatField("latitude (WGS84)", null=True, blank=True)
    longitude = models.FloatField("longitude (WGS84)", null=True, blank=True)
    date_ouverture = models.DateField("date d’ouverture", null=True, blank=True)
    date_fermeture = models.DateField("date de fermeture", null=True, blank=True)
    source = models.CharField("source", max_length=10, choices=SourcePraticien.choices, default=SourcePraticien.SAISIE)
    instantane = models.ForeignKey(
        ImportDonnees, verbose_name="import", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "structure de soins"
        verbose_name_plural = "structures de soins (MSP, centres de santé…)"
        ordering = ["commune__nom", "nom"]
        indexes = [models.Index(fields=["commune", "categorie"], name="structure_commune_cat_idx")]

    def __str__(self):
        return f"{self.nom} ({self.get_categorie_display()})"


class Praticien(models.Model):
    rpps = models.CharField(
        "numéro RPPS",
        max_length=11,
        unique=True,
        validators=[valider_rpps],
        help_text="11 chiffres, clé de Luhn. Les numéros commençant par 99 sont fictifs (démonstration).",
    )
    nom = models.CharField("nom d’exercice", max_length=100)
    prenom = models.CharField("prénom d’exercice", max_length=100, blank=True)
    annee_naissance = models.PositiveSmallIntegerField(
        "année de naissance", null=True, blank=True, help_text="Non publiée par le RPPS : saisie par l’équipe."
    )
    mode_exercice = models.CharField("mode d’exercice", max_length=10, choices=ModeExercice.choices, blank=True)
    maitre_de_stage = models.BooleanField("maître de stage", default=False)
    date_installation = models.DateField("date d’installation", null=True, blank=True)
    date_depart = models.DateField("date de départ", null=True, blank=True)
    motif_depart = models.CharField("motif du départ", max_length=200, blank=True)
    source = models.CharField("source", max_length=10, choices=SourcePraticien.choices, default=SourcePraticien.SAISIE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "médecin généraliste"
        verbose_name_plural = "médecins généralistes (praticiens)"
        ordering = ["nom", "prenom"]
        indexes = [models.Index(fields=["source"], name="praticien_source_idx")]

    def __str__(self):
        return f"{self.nom} {self.prenom} ({self.rpps})".replace("  ", " ")


class LieuExercice(models.Model):
    """One place where a practitioner practises (the RPPS extract has one row per person and place)."""

    praticien = models.ForeignKey(Praticien, verbose_name="praticien", on_delete=models.CASCADE, related_name="lieux")
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.SET_NULL, null=True, blank=True, related_name="lieux"
    )
    raison_sociale = models.CharField("raison sociale du site", max_length=200, blank=True)
    adresse = models.CharField("adresse", max_length=300, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    siret = models.CharField("SIRET du site", max_length=14, blank=True)
    finess_site = models.CharField("FINESS du site", max_length=9, blank=True)
    mode_exercice = models.CharField("mode d’exercice", max_length=10, choices=ModeExercice.choices, blank=True)
    date_debut = models.DateField("depuis le", null=True, blank=True)
    date_fin = models.DateField("jusqu’au", null=True, blank=True)

    class Meta:
        verbose_name = "lieu d’exercice"
        verbose_name_plural = "lieux d’exercice"
        ordering = ["praticien", "pk"]
        indexes = [models.Index(fields=["commune", "date_fin"], name="lieu_commune_fin_idx")]

    def __str__(self):
        return self.raison_sociale or self.adresse or f"lieu n° {self.pk}"


class PresencePraticien(models.Model):
    """A practitioner present in one snapshot (an RPPS extract, or a demo year), at his main place's commune."""

    praticien = models.ForeignKey(
        Praticien, verbose_name="praticien", on_delete=models.CASCADE, related_name="presences"
    )
    instantane = models.ForeignKey(
        ImportDonnees, verbose_name="instantané", on_delete=models.CASCADE, related_name="presences"
    )
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    date = models.DateField("date de l’extrait")

    class Meta:
        verbose_name = "présence dans un extrait"
        verbose_name_plural = "présences des praticiens (par extrait)"
        ordering = ["-date", "praticien"]
        constraints = [
            models.UniqueConstraint(fields=["instantane", "praticien"], name="presence_instantane_praticien_unique")
        ]
        indexes = [
            models.Index(fields=["instantane", "commune"], name="presence_instantane_commune"),
            models.Index(fields=["praticien", "date"], name="presence_praticien_date_idx"),
        ]

    def __str__(self):
        return f"{self.praticien_id} le {self.date:%d/%m/%Y}"


# --- PDF reports (observatoire/rapports/): the model lives with its module, registered in this app ------------
from .rapports.models import Rapport  # noqa: E402, F401
from .televersement.models import TacheImport  # noqa: E402, F401
