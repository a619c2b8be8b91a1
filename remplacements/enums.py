from django.db import models


class TypeOffre(models.TextChoices):
    REMPLACEMENT = "remplacement", "Remplacement"
    POSTE = "poste", "Poste"
    STAGE = "stage", "Terrain de stage"
    LOGEMENT = "logement", "Logement étudiant"


class StatutOffre(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    EN_ATTENTE = "en_attente", "En attente de modération"
    PUBLIEE = "publiee", "Publiée"
    POURVUE = "pourvue", "Pourvue"
    EXPIREE = "expiree", "Expirée"
    RETIREE = "retiree", "Retirée par son auteur"


# Refusing an offer in moderation sends it back to the draft, with the reason; editing a published offer sends it
# back to moderation; an expired offer can be submitted again with a new publication period.
TRANSITIONS_OFFRE = {
    StatutOffre.BROUILLON: {StatutOffre.EN_ATTENTE, StatutOffre.RETIREE},
    StatutOffre.EN_ATTENTE: {StatutOffre.PUBLIEE, StatutOffre.BROUILLON, StatutOffre.RETIREE},
    StatutOffre.PUBLIEE: {StatutOffre.EN_ATTENTE, StatutOffre.POURVUE, StatutOffre.EXPIREE, StatutOffre.RETIREE},
    StatutOffre.POURVUE: set(),
    StatutOffre.EXPIREE: {StatutOffre.EN_ATTENTE, StatutOffre.RETIREE},
    StatutOffre.RETIREE: set(),
}


class StructureOffre(models.TextChoices):
    CABINET = "cabinet", "Cabinet"
    MSP = "msp", "Maison de santé pluriprofessionnelle (MSP)"
    CENTRE_SANTE = "centre_sante", "Centre de santé (CDS)"
    HOPITAL = "hopital", "Hôpital"


class TypePoste(models.TextChoices):
    SALARIE = "salarie", "Salariat"
    ASSOCIATION = "association", "Association libérale"
    COLLABORATION = "collaboration", "Collaboration"
    SUCCESSION = "succession", "Succession d’un médecin partant à la retraite"


class NiveauEtudes(models.TextChoices):
    EXTERNE = "externe", "Externe"
    INTERNE = "interne", "Interne"
    DOCTEUR_JUNIOR = "docteur_junior", "Docteur junior"


class SemestreStage(models.TextChoices):
    MAI = "mai", "Semestre de mai"
    NOVEMBRE = "novembre", "Semestre de novembre"
    LES_DEUX = "les_deux", "Les deux semestres"


class SourceCoordonnees(models.TextChoices):
    COMMUNE = "commune", "Centre de la commune"
    BAN = "ban", "Adresse (Base adresse nationale)"


class TypeEvenementOffre(models.TextChoices):
    CREATION = "creation", "Dépôt"
    STATUT = "statut", "Changement de statut"
    MODIFICATION = "modification", "Modification par son auteur"
    RAPPEL = "rappel", "Rappel avant expiration"


class TypeCourrielOffre(models.TextChoices):
    ACCUSE_RECEPTION = "remplacements.accuse_reception", "Accusé de réception et lien vers l’espace"
    PUBLIEE = "remplacements.publiee", "Offre publiée"
    REFUSEE = "remplacements.refusee", "Offre renvoyée au brouillon par la modération"
    EXPIRATION_PROCHE = "remplacements.expiration_proche", "Offre bientôt expirée"
    EXPIREE = "remplacements.expiree", "Offre expirée"
    CONTACT = "remplacements.contact", "Message d’un visiteur"
    LIEN_ESPACE = "remplacements.lien_espace", "Nouveau lien vers l’espace d’une offre"
    ALERTE_CONFIRMATION = "remplacements.alerte_confirmation", "Confirmation d’une alerte"
    ALERTE_RESUME = "remplacements.alerte_resume", "Résumé quotidien d’une alerte"
