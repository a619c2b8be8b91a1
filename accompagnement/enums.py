from django.db import models

# One practice-mode vocabulary for the request and the aid simulator (re-exported here for this app).
from partenaires.enums import ModeExercice  # noqa: F401


class ProfilDemandeur(models.TextChoices):
    MEDECIN_GENERALISTE = "medecin_generaliste", "Médecin généraliste"
    MEDECIN_SPECIALISTE = "medecin_specialiste", "Médecin d’une autre spécialité"
    REMPLACANT = "remplacant", "Médecin remplaçant·e"
    INTERNE = "interne", "Interne"
    DOCTEUR_JUNIOR = "docteur_junior", "Docteur junior"
    EXTERNE = "externe", "Externe (étudiant·e en 2ᵉ cycle)"
    AUTRE_PROFESSIONNEL = "autre_professionnel", "Autre professionnel·le de santé"

    @classmethod
    def etudiants(cls) -> set[str]:
        return {cls.INTERNE, cls.DOCTEUR_JUNIOR, cls.EXTERNE}


class TypeProjet(models.TextChoices):
    INSTALLATION = "installation", "Installation"
    REMPLACEMENT = "remplacement", "Remplacement"
    STAGE = "stage", "Stage ou internat"
    POSTE_SALARIE = "poste_salarie", "Poste salarié"
    DECOUVERTE = "decouverte", "Découverte du territoire"


class StructureExercice(models.TextChoices):
    MSP = "msp", "Maison de santé pluriprofessionnelle (MSP)"
    CENTRE_SANTE = "centre_sante", "Centre de santé"
    CABINET_GROUPE = "cabinet_groupe", "Cabinet de groupe"


class StatutDemande(models.TextChoices):
    NOUVELLE = "nouvelle", "Nouvelle"
    EN_COURS = "en_cours", "En cours d’accompagnement"
    TERMINEE = "terminee", "Terminée"
    SANS_SUITE = "sans_suite", "Classée sans suite"
    RETIREE = "retiree", "Retirée par le demandeur"

    @classmethod
    def ouverts(cls) -> list[str]:
        return [cls.NOUVELLE, cls.EN_COURS]

    @classmethod
    def clos(cls) -> list[str]:
        return [cls.TERMINEE, cls.SANS_SUITE, cls.RETIREE]


TRANSITIONS_DEMANDE = {
    StatutDemande.NOUVELLE: {StatutDemande.EN_COURS, StatutDemande.SANS_SUITE, StatutDemande.RETIREE},
    StatutDemande.EN_COURS: {StatutDemande.TERMINEE, StatutDemande.SANS_SUITE, StatutDemande.RETIREE},
    StatutDemande.TERMINEE: {StatutDemande.EN_COURS},
    StatutDemande.SANS_SUITE: {StatutDemande.EN_COURS},
    StatutDemande.RETIREE: set(),
}


class StatutBesoin(models.TextChoices):
    NOUVEAU = "nouveau", "Nouveau"
    EN_COURS = "en_cours", "En cours"
    ORIENTE = "oriente", "Orienté vers un partenaire"
    RESOLU = "resolu", "Résolu"
    SANS_SUITE = "sans_suite", "Sans suite"

    @classmethod
    def ouverts(cls) -> list[str]:
        return [cls.NOUVEAU, cls.EN_COURS, cls.ORIENTE]


TRANSITIONS_BESOIN = {
    StatutBesoin.NOUVEAU: {StatutBesoin.EN_COURS, StatutBesoin.ORIENTE, StatutBesoin.RESOLU, StatutBesoin.SANS_SUITE},
    StatutBesoin.EN_COURS: {StatutBesoin.ORIENTE, StatutBesoin.RESOLU, StatutBesoin.SANS_SUITE},
    StatutBesoin.ORIENTE: {StatutBesoin.EN_COURS, StatutBesoin.RESOLU, StatutBesoin.SANS_SUITE},
    StatutBesoin.RESOLU: {StatutBesoin.EN_COURS},
    StatutBesoin.SANS_SUITE: {StatutBesoin.EN_COURS},
}


class StatutEtape(models.TextChoices):
    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    FAIT = "fait", "Fait"
    NON_CONCERNE = "non_concerne", "Non concerné"


class TypeEvenement(models.TextChoices):
    CREATION = "creation", "Demande reçue"
    STATUT_DEMANDE = "statut_demande", "Statut de la demande modifié"
    STATUT_BESOIN = "statut_besoin", "Statut d’un besoin modifié"
    ASSIGNATION = "assignation", "Attribution"
    ORIENTATION = "orientation", "Orientation vers un partenaire"
    ORIENTATION_OFFRE = "orientation_offre", "Orientation vers une offre"
    MESSAGE_HOTLINE = "message_hotline", "Message de la hotline"
    MESSAGE_DEMANDEUR = "message_demandeur", "Message du demandeur"
    NOTE = "note", "Note interne"
    ETAPE = "etape", "Étape du parcours"
    DOCUMENT = "document", "Document partagé"
    COMPLEMENT = "complement", "Complément d’information du demandeur"
    RETRAIT = "retrait", "Demande retirée"
    SUPPRESSION_DEMANDEE = "suppression_demandee", "Suppression des données demandée"
    ANONYMISATION = "anonymisation", "Données personnelles anonymisées"
    EXPORT = "export", "Export des données personnelles"


class TypeNotification(models.TextChoices):
    ACCUSE_RECEPTION = "accuse_reception", "Accusé de réception au demandeur"
    NOUVELLE_DEMANDE = "nouvelle_demande", "Nouvelle demande (à la hotline)"
    LIEN_ACCES = "lien_acces", "Nouveau lien d’accès à l’espace personnel"
    MESSAGE_HOTLINE = "message_hotline", "Nouveau message de la hotline (au demandeur)"
    MESSAGE_DEMANDEUR = "message_demandeur", "Nouveau message du demandeur (à la hotline)"
    STATUT = "statut", "Avancement de la demande (au demandeur)"


# The needs a published offer (remplacements) can answer, and the kinds of offer that answer them: the case page
# shows these offers next to the need, and the need can be referred to one of them.
TYPES_OFFRE_PAR_BESOIN = {"logement": ["logement"], "terrain_stage": ["stage"]}
