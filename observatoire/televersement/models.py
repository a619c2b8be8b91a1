"""One upload of an official file to import (`TacheImport`), run by `observatoire.tasks.executer_import`.

Imported by observatoire/models.py (the model belongs to the `observatoire` app). The file lives under
MEDIA_ROOT/imports-observatoire/, which no URL serves."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone


def stockage_imports():
    """Private storage: MEDIA_ROOT/imports-observatoire, no public URL (read at call time: tests move it)."""
    return FileSystemStorage(location=settings.MEDIA_ROOT / "imports-observatoire", base_url=None)


def _chemin_fichier(instance, filename):
    # the original name is kept (the importers' messages and the snapshot name it), in a folder of its own
    return f"{uuid.uuid4().hex}/{filename}"


class StatutTache(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINEE = "terminee", "Terminée"
    ECHOUEE = "echouee", "Échouée"


class TacheImportQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(statut__in=[StatutTache.EN_ATTENTE, StatutTache.EN_COURS])


class TacheImport(models.Model):
    jeu = models.CharField("jeu de données", max_length=40)  # a code of observatoire.importers.registre
    fichier = models.FileField("fichier", upload_to=_chemin_fichier, storage=stockage_imports, max_length=300)
    nom_fichier = models.CharField("nom du fichier envoyé", max_length=255)
    options = models.JSONField("options", default=dict, blank=True)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutTache.choices, default=StatutTache.EN_ATTENTE, db_index=True
    )
    fait = models.PositiveIntegerField("lignes lues", default=0)
    total = models.PositiveIntegerField("lignes du fichier", default=0)
    erreur = models.TextField("motif de l’échec", blank=True)
    instantane = models.ForeignKey(
        "observatoire.ImportDonnees",
        verbose_name="instantané créé",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taches",
    )
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cree_le = models.DateTimeField("demandé le", default=timezone.now)
    debut_le = models.DateTimeField("commencé le", null=True, blank=True)
    fin_le = models.DateTimeField("terminé le", null=True, blank=True)
    progression_le = models.DateTimeField("dernière progression", null=True, blank=True)
    tentatives = models.PositiveSmallIntegerField("mises en file", default=0)
    id_tache_celery = models.CharField("identifiant de la tâche Celery", max_length=64, blank=True)

    objects = TacheImportQuerySet.as_manager()

    class Meta:
        app_label = "observatoire"
        verbose_name = "import de fichier"
        verbose_name_plural = "imports de fichiers (tâches)"
        ordering = ["-cree_le", "-pk"]
        permissions = [("importer_donnees", "Peut importer un fichier de données ouvertes")]

    def __str__(self):
        return f"{self.nom_fichier} ({self.get_statut_display().lower()})"

    @property
    def pourcentage(self) -> int:
        if self.statut == StatutTache.TERMINEE:
            return 100
        return min(100, int(100 * self.fait / self.total)) if self.total else 0

    @property
    def finie(self) -> bool:
        return self.statut in (StatutTache.TERMINEE, StatutTache.ECHOUEE)
