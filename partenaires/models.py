from django.db import models
from simple_history.models import HistoricalRecords

from .enums import TypePartenaire


class PartenaireQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(publie=True)


class Partenaire(models.Model):
    """A member of the département's network to which the hotline refers needs."""

    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d’adresse", max_length=220, unique=True)
    type = models.CharField("type", max_length=30, choices=TypePartenaire.choices, db_index=True)
    description = models.TextField("description", blank=True)
    publie = models.BooleanField("publié", default=True, db_index=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords()
    objects = PartenaireQuerySet.as_manager()

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = ["nom"]

    def __str__(self):
        return self.nom
