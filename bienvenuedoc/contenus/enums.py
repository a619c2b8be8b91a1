from django.db import models


class Public(models.TextChoices):
    MEDECINS = "medecins", "Médecins"
    INTERNES_ETUDIANTS = "internes_etudiants", "Internes et étudiants"
    LYCEENS = "lyceens", "Lycéens"
    ELUS = "elus", "Élus et observatoire"
    TOUS = "tous", "Tous les publics"


class TypeEvenement(models.TextChoices):
    JOURNEE_DECOUVERTE = "journee_decouverte", "Journée découverte"
    RENCONTRE_INTERNES = "rencontre_internes", "Rencontre avec les internes"
    JOB_DATING = "job_dating", "Job dating"
    REUNION = "reunion", "Réunion d’information"


class StatutInscription(models.TextChoices):
    CONFIRMEE = "confirmee", "Confirmée"
    ATTENTE = "attente", "En liste d’attente"
    ANNULEE = "annulee", "Annulée"


class ProfilInscrit(models.TextChoices):
    MEDECIN = "medecin", "Médecin"
    INTERNE = "interne", "Interne ou docteur junior"
    ETUDIANT = "etudiant", "Étudiant en santé"
    LYCEEN = "lyceen", "Lycéen ou parent"
    ELU = "elu", "Élu ou agent d’une collectivité"
    AUTRE = "autre", "Autre"


class TypeCourrielContenus(models.TextChoices):
    CONFIRMEE = "contenus.inscription_confirmee", "inscription confirmée"
    ATTENTE = "contenus.inscription_attente", "inscription en liste d’attente"
    PROMUE = "contenus.inscription_promue", "place libérée"
    RAPPEL = "contenus.inscription_rappel", "rappel la veille"


class StatutSignalement(models.TextChoices):
    NOUVEAU = "nouveau", "Nouveau"
    EN_COURS = "en_cours", "En cours de traitement"
    TRAITE = "traite", "Traité"


# The e-mail to the team about a new accessibility report (not an inscription's e-mail: its own builder).
COURRIEL_SIGNALEMENT = "contenus.signalement_accessibilite"
