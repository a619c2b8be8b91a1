from django.db import models


class TypeEPCI(models.TextChoices):
    CA = "CA", "Communauté d’agglomération"
    CC = "CC", "Communauté de communes"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"


class JeuDonnees(models.TextChoices):
    """The official open-data sets the observatory imports (one importer each, see observatoire/importers/)."""

    APL = "apl", "APL aux médecins généralistes (DREES)"
    MEDECINS_COMMUNE = "medecins_commune", "Médecins généralistes libéraux par commune (INSEE BPE)"
    MEDECINS_DEPARTEMENT = "medecins_departement", "Médecins généralistes libéraux par département (Assurance Maladie)"
    STRUCTURES = "structures", "MSP et centres de santé par département (baromètre DITP)"
    FRR = "frr", "Classement France Ruralités Revitalisation (ANCT/DGCL)"
    QPV = "qpv", "Quartiers prioritaires de la politique de la ville 2024 (ANCT)"
    RPPS = "rpps", "Médecins généralistes de l’Annuaire Santé (RPPS, extraction en libre accès)"
    FINESS = "finess", "MSP et centres de santé du FINESS (DREES)"
    PRATICIENS_DEMO = "praticiens_demo", "Médecins généralistes de démonstration (fictifs)"
    ZONAGE_ARS = "zonage_ars", "Zonage officiel des médecins généralistes (ARS, AtlaSanté)"


class ClassementFRR(models.TextChoices):
    NON_CLASSEE = "non_classee", "Non classée"
    SOCLE = "socle", "FRR socle"
    PLUS = "plus", "FRR+"
    BENEFICIAIRE = "beneficiaire", "FRR bénéficiaire"
    BENEFICIAIRE_PARTIELLEMENT = "beneficiaire_partiel", "FRR bénéficiaire partiellement"
    CLASSEE_PARTIELLEMENT = "classee_partiel", "Classée FRR partiellement"


class TypeStructure(models.TextChoices):
    MSP = "msp", "Maisons de santé pluriprofessionnelles (MSP) ouvertes"
    CENTRE_SANTE = "cds", "Centres de santé pluriprofessionnels avec au moins un généraliste"


class CategorieGeneralistes(models.TextChoices):
    ENSEMBLE = "ensemble", "Ensemble des médecins généralistes"
    HORS_MEP = "hors_mep", "Médecins généralistes hors médecins à expertise particulière (MEP)"
    MEP = "mep", "Médecins généralistes à expertise particulière (MEP)"


class ModeExercice(models.TextChoices):
    LIBERAL = "liberal", "Libéral"
    SALARIE = "salarie", "Salarié"
    MIXTE = "mixte", "Mixte (libéral et salarié)"
    BENEVOLE = "benevole", "Bénévole"


class SourcePraticien(models.TextChoices):
    """Where a practitioner or a structure comes from: never present a demo row as official."""

    RPPS = "rpps", "Annuaire Santé (RPPS)"
    FINESS = "finess", "FINESS"
    DEMO = "demo", "Démonstration (fictif)"
    SAISIE = "saisie", "Saisie par l’équipe"


class CategorieStructure(models.TextChoices):
    MSP = "msp", "Maison de santé pluriprofessionnelle (MSP)"
    CENTRE_SANTE = "cds", "Centre de santé"
    CABINET = "cabinet", "Cabinet médical"
    HOPITAL = "hopital", "Hôpital"
    CPTS = "cpts", "Communauté professionnelle territoriale de santé (CPTS)"
