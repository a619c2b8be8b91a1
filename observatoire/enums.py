from django.db import models


class TypeEPCI(models.TextChoices):
    CA = "CA", "Communauté d’agglomération"
    CC = "CC", "Communauté de communes"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"
