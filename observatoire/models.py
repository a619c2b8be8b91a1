"""Territory reference (COG): départements, EPCI à fiscalité propre, communes, historical populations.

Coordinates are two floats (no GeoDjango); contours are simplified GeoJSON geometries stored as JSON text
(`ChampGeoJSON`: a dict in Python) and left out of list queries (`.defer("contour")` / the querysets'
`sans_contour()`)."""

import math

from django.db import models
from django.db.models import F, FloatField
from django.db.models.functions import ACos, Cos, Least, Radians, Sin

from .enums import TypeEPCI
from .geojson import ChampGeoJSON

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
