from django.conf import settings
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from . import departements
from .utils.fichiers import valider_image
from .utils.liens import ChampURL

couleur_hex = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Saisissez une couleur au format #RRGGBB.")


class ConfigurationSite(models.Model):
    """What makes a deployment a given département's guichet: names, programme, contacts, colours.

    One row per département code; the row of settings.DEPARTEMENT is the one in force
    (see configuration_courante()). Editable by the staff in the admin, history kept."""

    departement_code = models.CharField("code du département", max_length=3, unique=True)
    departement_nom = models.CharField("nom du département", max_length=100)
    organisme = models.CharField("organisme porteur", max_length=200)
    site_organisme = ChampURL("site de l’organisme", blank=True)
    nom_programme = models.CharField("nom du programme", max_length=100)
    accroche = models.CharField("accroche", max_length=250, blank=True)
    couleur_principale = models.CharField(
        "couleur principale",
        max_length=7,
        validators=[couleur_hex],
        help_text="Couleur des bandeaux et boutons ; un contraste d’au moins 4,5:1 avec le blanc est exigé (RGAA).",
    )
    logo = models.ImageField(
        "logo",
        upload_to="configuration/",
        blank=True,
        validators=[valider_image],
        help_text="PNG, JPEG ou WebP de 2 Mo au plus (le format est vérifié sur le contenu du fichier).",
    )
    hotline_telephone = models.CharField("téléphone de la hotline", max_length=30, blank=True)
    hotline_email = models.EmailField("adresse électronique de la hotline", blank=True)
    hotline_adresse = models.CharField("adresse postale", max_length=250, blank=True)
    hotline_horaires = models.CharField(
        "horaires de la hotline", max_length=200, blank=True, default="du lundi au vendredi, de 9 h à 17 h"
    )
    delai_premiere_reponse_jours = models.PositiveSmallIntegerField(
        "délai cible de première réponse (jours ouvrés)", default=2
    )
    # Retention of the hotline's cases (GDPR): the anonymisation task reads them, the privacy page states them.
    duree_conservation_terminee_jours = models.PositiveIntegerField(
        "conservation après clôture « terminée » (jours)", default=3 * 365
    )
    duree_conservation_sans_suite_jours = models.PositiveIntegerField(
        "conservation après « classée sans suite » (jours)", default=365
    )
    duree_conservation_retiree_jours = models.PositiveIntegerField(
        "conservation après retrait par le demandeur (jours)", default=90
    )
    duree_inactivite_jours = models.PositiveIntegerField(
        "anonymisation d’une demande ouverte sans activité depuis (jours)", default=3 * 365
    )
    directeur_publication = models.CharField("directeur ou directrice de la publication", max_length=200, blank=True)
    hebergeur = models.CharField("hébergeur du site", max_length=250, blank=True)
    dpo_email = models.EmailField("contact du délégué à la protection des données", blank=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "configuration du site"
        verbose_name_plural = "configurations du site"

    def __str__(self):
        return f"{self.nom_programme} ({self.departement_nom})"

    def save(self, *args, **kwargs):
        from bienvenuedoc.pages_en_cache import invalider_pages_publiques

        super().save(*args, **kwargs)
        cache.delete(_cache_key(self.departement_code))
        invalider_pages_publiques()  # the configuration is on every page (name, colour, contacts, texts)

    @property
    def contraste_couleur(self) -> float:
        """Contrast ratio of the main colour against white (WCAG formula)."""

        def canal(c: int) -> float:
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        h = self.couleur_principale.lstrip("#")
        r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
        lum = 0.2126 * canal(r) + 0.7152 * canal(g) + 0.0722 * canal(b)
        return 1.05 / (lum + 0.05)


def _cache_key(code: str) -> str:
    return f"configuration-site:{code}"


def configuration_courante() -> ConfigurationSite:
    """The configuration of this deployment's département, created from the presets on first use and cached."""
    code = settings.DEPARTEMENT
    config = cache.get(_cache_key(code))
    if config is None:
        config, _ = ConfigurationSite.objects.get_or_create(departement_code=code, defaults=departements.preset(code))
        cache.set(_cache_key(code), config, 300)
    return config


class DemoGeneree(models.Model):
    """Marks that the synthetic demo data was generated for a département (makes `make run` idempotent)."""

    departement_code = models.CharField("code du département", max_length=3, unique=True)
    graine = models.BigIntegerField("graine")
    generee_le = models.DateTimeField("générée le", auto_now=True)

    class Meta:
        verbose_name = "démonstration générée"
        verbose_name_plural = "démonstrations générées"

    def __str__(self):
        return f"Démonstration {self.departement_code}"


class Battement(models.Model):
    """The last sign of life of a periodic process (the Celery worker's heartbeat task), read by /sante/.

    Kept in the database, not in the cache: the cache may be down exactly when /sante/ is asked."""

    nom = models.CharField("nom", max_length=50, unique=True)
    le = models.DateTimeField("dernier battement")

    class Meta:
        verbose_name = "battement"
        verbose_name_plural = "battements"
        default_permissions = ()
        permissions = [("voir_sante", "Peut voir le détail de l’état de santé du site (/sante/)")]

    def __str__(self):
        return f"{self.nom} : {self.le:%Y-%m-%d %H:%M:%S}"


class CourrielQuerySet(models.QuerySet):
    def a_envoyer(self):
        return self.filter(envoye_le__isnull=True, abandonne=False)


class Courriel(models.Model):
    """Generic e-mail outbox for the apps that have no outbox of their own (bienvenuedoc/courriels.py): one row
    written in the same transaction as what causes it, sent after commit, re-sent by a periodic task. It names
    what to send (`type`, registered by the app) and about which row (`objet_id`): the e-mail is built at send
    time, so no address, secret or message body is stored here."""

    type = models.CharField("type", max_length=60)
    objet_id = models.PositiveBigIntegerField("identifiant de l’objet")
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    abandonne = models.BooleanField("abandonné", default=False)
    derniere_erreur = models.CharField("dernière erreur", max_length=500, blank=True)

    objects = CourrielQuerySet.as_manager()

    class Meta:
        verbose_name = "courriel à envoyer"
        verbose_name_plural = "courriels à envoyer"
        ordering = ["cree_le"]
        indexes = [
            models.Index(fields=["cree_le"], name="courriel_a_envoyer_idx", condition=models.Q(envoye_le__isnull=True)),
            models.Index(fields=["type", "objet_id"], name="courriel_type_objet_idx"),
        ]

    def __str__(self):
        return f"{self.type} ({'envoyé' if self.envoye_le else 'en attente'})"
