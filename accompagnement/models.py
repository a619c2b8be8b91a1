"""Requests (demandes), their needs (besoins), the timeline, messages, checklist, access tokens, outbox."""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bienvenuedoc.utils.liens import ChampURL
from bienvenuedoc.utils.recherche import SansAccents
from observatoire.models import EPCI, Commune
from partenaires.enums import TypeBesoin
from partenaires.models import Partenaire

from .enums import (
    ModeExercice,
    ProfilDemandeur,
    StatutBesoin,
    StatutDemande,
    StatutEtape,
    TypeEvenement,
    TypeNotification,
    TypeProjet,
)

rpps_validator = RegexValidator(r"^\d{11}$", "Le numéro RPPS compte exactement 11 chiffres.")

PERMISSION_VOIR_TOUTES = "accompagnement.voir_toutes_demandes"
_ALPHABET_REFERENCE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on the phone


def nouvelle_reference() -> str:
    """A short reference the requester can quote on the phone, e.g. « 2026-K7QX4M »."""
    import secrets

    suffixe = "".join(secrets.choice(_ALPHABET_REFERENCE) for _ in range(6))
    return f"{timezone.localdate().year}-{suffixe}"


class DemandeQuerySet(models.QuerySet):
    def visibles_par(self, user):
        """Cases a staff member may see: all of them with the 'see all' permission, otherwise the ones
        assigned to them and the unassigned ones if they may handle cases; none without permission."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm(PERMISSION_VOIR_TOUTES):
            return self
        if user.has_perm("accompagnement.view_demande"):
            return self.filter(Q(referent=user) | Q(referent__isnull=True) | Q(besoins__agent=user)).distinct()
        return self.none()

    def ouvertes(self):
        return self.filter(statut__in=StatutDemande.ouverts())

    def non_anonymisees(self):
        return self.filter(anonymisee_le__isnull=True)


class Demande(models.Model):
    uuid = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField("référence", max_length=20, unique=True, default=nouvelle_reference, editable=False)
    # who
    profil = models.CharField("profil", max_length=30, choices=ProfilDemandeur.choices, db_index=True)
    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField("nom", max_length=100)
    email = models.EmailField("adresse électronique", db_index=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    rpps = models.CharField("numéro RPPS", max_length=11, blank=True, validators=[rpps_validator], db_index=True)
    specialite = models.CharField("spécialité", max_length=150, blank=True)
    universite = models.CharField("faculté ou université", max_length=200, blank=True)
    # what
    type_projet = models.CharField("type de projet", max_length=20, choices=TypeProjet.choices, db_index=True)
    periode_debut = models.DateField("début de la période souhaitée", null=True, blank=True)
    periode_fin = models.DateField("fin de la période souhaitée", null=True, blank=True)
    communes = models.ManyToManyField(Commune, verbose_name="communes souhaitées", blank=True, related_name="+")
    epcis = models.ManyToManyField(EPCI, verbose_name="intercommunalités souhaitées", blank=True, related_name="+")
    mode_exercice = models.CharField(
        "mode d’exercice souhaité", max_length=10, choices=ModeExercice.choices, blank=True
    )
    structures = models.JSONField("structures d’exercice souhaitées", default=list, blank=True)
    message = models.TextField("présentation du projet", blank=True)
    consentement_le = models.DateTimeField("consentement donné le")
    # follow-up
    statut = models.CharField(
        "statut", max_length=20, choices=StatutDemande.choices, default=StatutDemande.NOUVELLE, db_index=True
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent·e",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demandes_suivies",
    )
    recue_le = models.DateTimeField("reçue le", default=timezone.now, db_index=True)
    premiere_reponse_le = models.DateTimeField("première réponse le", null=True, blank=True)
    cloturee_le = models.DateTimeField("close le", null=True, blank=True)
    derniere_action_le = models.DateTimeField("dernière action le", default=timezone.now, db_index=True)
    suppression_demandee_le = models.DateTimeField("suppression demandée le", null=True, blank=True)
    anonymisee_le = models.DateTimeField("anonymisée le", null=True, blank=True, db_index=True)
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)
    # the random key of the form display that created the case: the same form sent again (Back, double click)
    # lands on this case instead of creating a second one (services/demandes.py, demande_creer)
    cle_envoi = models.CharField(
        "clé d’envoi du formulaire", max_length=64, unique=True, null=True, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["derniere_action_le", "modifiee_le", "cle_envoi"])
    objects = DemandeQuerySet.as_manager()

    class Meta:
        verbose_name = "demande"
        verbose_name_plural = "demandes"
        ordering = ["recue_le"]
        permissions = [
            ("voir_toutes_demandes", "Voir toutes les demandes"),
            ("attribuer_demande", "Attribuer les demandes et les besoins"),
            ("voir_statistiques", "Voir les statistiques d’activité"),
            ("exporter_donnees", "Exporter les statistiques et les données"),
            ("anonymiser_demande", "Anonymiser une demande"),
        ]
        indexes = [
            models.Index(fields=["statut", "recue_le"], name="demande_statut_recue_idx"),
            models.Index(fields=["referent", "statut"], name="demande_referent_statut_idx"),
            # the back office's default order: open cases first, oldest on top (admin case list)
            models.Index(
                models.Case(
                    models.When(statut__in=["nouvelle", "en_cours"], then=models.Value(0)),
                    default=models.Value(1),
                ),
                "recue_le",
                name="demande_file_attente_idx",
            ),
            # the activity view reads the period's cases from the index alone (PostgreSQL; elsewhere a plain index),
            # their ids included (the needs and EPCI queries list them)
            models.Index(
                fields=["recue_le"],
                include=["id", "profil", "type_projet", "statut", "premiere_reponse_le", "cloturee_le"],
                name="demande_activite_idx",
            ),
        ]

    def __str__(self):
        return self.reference or str(self.uuid)

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}".strip()


# The back office searches names without accents or case (`nom__sans_accents__icontains`, see
# bienvenuedoc/utils/recherche.py; PostgreSQL indexes in migration 0014).
for _champ in ("nom", "prenom"):
    Demande._meta.get_field(_champ).register_lookup(SansAccents)


class BesoinQuerySet(models.QuerySet):
    def ouverts(self):
        return self.filter(statut__in=StatutBesoin.ouverts())


class Besoin(models.Model):
    demande = models.ForeignKey(Demande, verbose_name="demande", on_delete=models.CASCADE, related_name="besoins")
    type = models.CharField("type de besoin", max_length=30, choices=TypeBesoin.choices, db_index=True)
    precision = models.TextField("précisions", blank=True)
    domaine_conjoint = models.CharField("domaine professionnel du conjoint", max_length=150, blank=True)
    ages_enfants = models.CharField("âge des enfants", max_length=100, blank=True)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutBesoin.choices, default=StatutBesoin.NOUVEAU, db_index=True
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="chargé·e du besoin",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="besoins_suivis",
    )
    echeance = models.DateField("échéance", null=True, blank=True, db_index=True)
    partenaire = models.ForeignKey(
        Partenaire,
        verbose_name="orienté vers",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="besoins_orientes",
    )
    # or, instead of a partner, a published offer (remplacements) whose owner the hotline puts the person in touch
    # with (services/suivi.py, besoin_orienter_offre); the timeline row keeps its title if the offer goes away
    offre = models.ForeignKey(
        "remplacements.Offre",
        verbose_name="orienté vers l’offre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="besoins_orientes",
    )
    oriente_le = models.DateTimeField("orienté le", null=True, blank=True)
    resolu_le = models.DateTimeField("résolu le", null=True, blank=True)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords(excluded_fields=["modifie_le"])
    objects = BesoinQuerySet.as_manager()

    class Meta:
        verbose_name = "besoin"
        verbose_name_plural = "besoins"
        ordering = ["demande", "pk"]
        indexes = [
            models.Index(fields=["agent", "statut"], name="besoin_agent_statut_idx"),
            models.Index(fields=["partenaire", "statut"], name="besoin_partenaire_statut_idx"),
            # the activity view counts the needs of the period's cases from the index alone (PostgreSQL)
            models.Index(fields=["demande"], include=["type", "statut", "partenaire"], name="besoin_activite_idx"),
        ]

    def __str__(self):
        return self.get_type_display()

    @property
    def statut_libelle(self) -> str:
        """The status as the requester reads it: a need referred to an offer is not « vers un partenaire »."""
        if self.statut == StatutBesoin.ORIENTE and self.offre_id:
            return "Orienté vers une offre"
        return self.get_statut_display()


class Evenement(models.Model):
    """One line of a case's timeline: who did what, when (staff or requester)."""

    demande = models.ForeignKey(Demande, verbose_name="demande", on_delete=models.CASCADE, related_name="evenements")
    besoin = models.ForeignKey(
        Besoin, verbose_name="besoin", on_delete=models.CASCADE, null=True, blank=True, related_name="evenements"
    )
    type = models.CharField("type", max_length=30, choices=TypeEvenement.choices)
    de = models.CharField("avant", max_length=100, blank=True)
    vers = models.CharField("après", max_length=100, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, null=True, blank=True
    )
    par_demandeur = models.BooleanField("fait par le demandeur", default=False)
    commentaire = models.TextField("commentaire", blank=True)
    cree_le = models.DateTimeField("date", default=timezone.now)

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["cree_le", "pk"]
        indexes = [models.Index(fields=["demande", "cree_le"], name="evenement_demande_date_idx")]

    def __str__(self):
        return f"{self.get_type_display()} ({self.cree_le:%d/%m/%Y %H:%M})"

    def _libelle(self, valeur: str) -> str:
        """`de`/`vers` as people read them: a status change stores codes (« en_cours »), shown by their label
        (« En cours »); other events store text already (a name, a partner, a due date)."""
        statuts = _STATUTS_PAR_TYPE_EVENEMENT.get(self.type)
        if statuts is not None and valeur in statuts.values:
            return statuts(valeur).label
        return valeur

    @property
    def de_libelle(self) -> str:
        return self._libelle(self.de)

    @property
    def vers_libelle(self) -> str:
        return self._libelle(self.vers)


# Which statuses the `de`/`vers` codes of a timeline row refer to, by event type.
_STATUTS_PAR_TYPE_EVENEMENT = {
    TypeEvenement.STATUT_DEMANDE: StatutDemande,
    TypeEvenement.RETRAIT: StatutDemande,
    TypeEvenement.STATUT_BESOIN: StatutBesoin,
}


class Message(models.Model):
    """The thread between the hotline and the requester (shown in the requester's space)."""

    demande = models.ForeignKey(Demande, verbose_name="demande", on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur (hotline)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Vide quand le message vient du demandeur.",
    )
    de_demandeur = models.BooleanField("écrit par le demandeur", default=False)
    corps = models.TextField("message")
    cree_le = models.DateTimeField("envoyé le", default=timezone.now)
    lu_le = models.DateTimeField("lu le", null=True, blank=True)

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["cree_le", "pk"]
        indexes = [models.Index(fields=["demande", "cree_le"], name="message_demande_date_idx")]

    def __str__(self):
        return f"Message du {self.cree_le:%d/%m/%Y %H:%M}"


class NoteInterne(models.Model):
    """A note between staff members, never shown to the requester."""

    demande = models.ForeignKey(Demande, verbose_name="demande", on_delete=models.CASCADE, related_name="notes")
    besoin = models.ForeignKey(
        Besoin, verbose_name="besoin", on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT)
    corps = models.TextField("note")
    cree_le = models.DateTimeField("écrite le", default=timezone.now)

    class Meta:
        verbose_name = "note interne"
        verbose_name_plural = "notes internes"
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return f"Note du {self.cree_le:%d/%m/%Y}"


def _chemin_document(instance, filename):
    return f"documents/{instance.demande.uuid}/{uuid.uuid4().hex}/{filename}"


class Document(models.Model):
    """A file the hotline shares with the requester; served only through the requester's space."""

    demande = models.ForeignKey(Demande, verbose_name="demande", on_delete=models.CASCADE, related_name="documents")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    titre = models.CharField("titre", max_length=200)
    fichier = models.FileField("fichier", upload_to=_chemin_document)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="partagé par", on_delete=models.PROTECT)
    cree_le = models.DateTimeField("partagé le", default=timezone.now)

    class Meta:
        verbose_name = "document partagé"
        verbose_name_plural = "documents partagés"
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return self.titre


class ModeleEtape(models.Model):
    """A step of the installation checklist template for a project type, editable by staff."""

    type_projet = models.CharField("type de projet", max_length=20, choices=TypeProjet.choices, db_index=True)
    pour_etudiants = models.BooleanField(
        "pour les étudiants et internes", default=False, help_text="Sinon, pour les médecins et autres professionnels."
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    titre = models.CharField("étape", max_length=200)
    organisme = models.CharField("organisme responsable", max_length=200)
    description = models.TextField("ce qu’il faut faire", blank=True)
    lien = ChampURL("lien utile", blank=True)
    delai_jours = models.PositiveSmallIntegerField("échéance (jours après la demande)", null=True, blank=True)
    actif = models.BooleanField("actif", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "modèle d’étape"
        verbose_name_plural = "modèles d’étapes (parcours)"
        ordering = ["type_projet", "pour_etudiants", "ordre", "pk"]

    def __str__(self):
        return f"{self.get_type_projet_display()} – {self.titre}"


class Etape(models.Model):
    """A checklist step instantiated on a case, visible to the requester."""

    demande = models.ForeignKey(Demande, verbose_name="demande", on_delete=models.CASCADE, related_name="etapes")
    modele = models.ForeignKey(ModeleEtape, verbose_name="modèle", on_delete=models.SET_NULL, null=True, blank=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    titre = models.CharField("étape", max_length=200)
    organisme = models.CharField("organisme responsable", max_length=200)
    description = models.TextField("ce qu’il faut faire", blank=True)
    lien = ChampURL("lien utile", blank=True)
    statut = models.CharField("statut", max_length=20, choices=StatutEtape.choices, default=StatutEtape.A_FAIRE)
    echeance = models.DateField("échéance", null=True, blank=True)
    faite_le = models.DateTimeField("faite le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "étape du parcours"
        verbose_name_plural = "étapes du parcours"
        ordering = ["demande", "ordre", "pk"]

    def __str__(self):
        return self.titre


class JetonAcces(models.Model):
    """A private link to the requester's space. Only a SHA-256 digest of the token is stored."""

    demande = models.ForeignKey(Demande, verbose_name="demande", on_delete=models.CASCADE, related_name="jetons")
    empreinte = models.CharField("empreinte", max_length=64, unique=True)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    expire_le = models.DateTimeField("expire le", db_index=True)
    dernier_acces_le = models.DateTimeField("dernier accès le", null=True, blank=True)

    class Meta:
        verbose_name = "lien d’accès"
        verbose_name_plural = "liens d’accès"

    def __str__(self):
        return f"Lien valable jusqu’au {self.expire_le:%d/%m/%Y}"


class NotificationQuerySet(models.QuerySet):
    def a_envoyer(self):
        return self.filter(envoyee_le__isnull=True, abandonnee=False)

    def dues(self, avant=None):
        """Unsent notifications whose sending time has come (`avant`: by that time; default now): the ones
        to send at once (no planned time) created by then, and the grouped ones planned by then."""
        avant = avant or timezone.now()
        return self.a_envoyer().filter(Q(prevue_le__isnull=True, creee_le__lte=avant) | Q(prevue_le__lte=avant))


class Notification(models.Model):
    """Outbox: one e-mail to send, written in the same transaction as what caused it. Rendered at send time
    (a link e-mail gets a fresh token then), so no secret and no message body is stored here."""

    type = models.CharField("type", max_length=30, choices=TypeNotification.choices)
    demande = models.ForeignKey(Demande, verbose_name="demande", on_delete=models.CASCADE, related_name="notifications")
    message = models.ForeignKey(
        Message, verbose_name="message", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    creee_le = models.DateTimeField("créée le", default=timezone.now)
    envoyee_le = models.DateTimeField("envoyée le", null=True, blank=True)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    abandonnee = models.BooleanField("abandonnée", default=False)
    derniere_erreur = models.CharField("dernière erreur", max_length=500, blank=True)
    # a grouped progress e-mail (services/notifications.py, avancement_signaler): not sent before this time, and
    # the needs whose status changed meanwhile, named in the e-mail
    prevue_le = models.DateTimeField("envoi prévu le", null=True, blank=True)
    besoins = models.ManyToManyField(Besoin, verbose_name="besoins concernés", blank=True, related_name="+")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["creee_le"]
        indexes = [
            models.Index(fields=["creee_le"], name="notification_a_envoyer_idx", condition=Q(envoyee_le__isnull=True))
        ]

    def __str__(self):
        return f"{self.get_type_display()} ({'envoyée' if self.envoyee_le else 'en attente'})"


def _chemin_photo_agent(instance, filename):
    return f"agents/{uuid.uuid4().hex}/{filename}"


class ProfilAgent(models.Model):
    """What the requester learns about the person in charge of their case: job title, direct line and an
    optional photo (served only through the requester's space, like documents)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="agent", on_delete=models.CASCADE, related_name="profil_agent"
    )
    fonction = models.CharField("fonction", max_length=150, blank=True, default="Chargé·e d’accompagnement")
    telephone_direct = models.CharField("ligne directe", max_length=30, blank=True)
    photo = models.ImageField("photo", upload_to=_chemin_photo_agent, blank=True)

    class Meta:
        verbose_name = "profil d’agent (visible du demandeur)"
        verbose_name_plural = "profils d’agents (visibles des demandeurs)"

    def __str__(self):
        return f"Profil de {self.user.get_full_name() or self.user.get_username()}"
