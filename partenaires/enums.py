from django.db import models


class CategorieBesoin(models.TextChoices):
    PROFESSIONNEL = "professionnel", "Projet professionnel"
    PERSONNEL = "personnel", "Vie personnelle et familiale"


class TypeBesoin(models.TextChoices):
    """The shared vocabulary of needs: what a requester asks for, what a partner can handle."""

    DEMARCHES_ADMINISTRATIVES = "demarches_administratives", "Démarches administratives"
    AIDES_FINANCIERES = "aides_financieres", "Aides financières"
    LIEU_EXERCICE = "lieu_exercice", "Trouver un lieu d’exercice"
    COMPAGNONNAGE = "compagnonnage", "Compagnonnage par un médecin du territoire"
    TERRAIN_STAGE = "terrain_stage", "Terrain de stage"
    LOGEMENT = "logement", "Logement"
    EMPLOI_CONJOINT = "emploi_conjoint", "Emploi du conjoint ou de la conjointe"
    SCOLARITE_GARDE = "scolarite_garde", "Scolarité et garde d’enfants"
    DECOUVERTE_TERRITOIRE = "decouverte_territoire", "Découverte du territoire (culture, sport, loisirs)"

    @classmethod
    def categorie(cls, valeur: str) -> str:
        return CategorieBesoin.PERSONNEL if valeur in _PERSONNELS else CategorieBesoin.PROFESSIONNEL


_PERSONNELS = {
    TypeBesoin.LOGEMENT,
    TypeBesoin.EMPLOI_CONJOINT,
    TypeBesoin.SCOLARITE_GARDE,
    TypeBesoin.DECOUVERTE_TERRITOIRE,
}


class TypePartenaire(models.TextChoices):
    INSTITUTION_SANTE = "institution_sante", "Institution de santé"
    COLLECTIVITE = "collectivite", "Collectivité / EPCI"
    ETABLISSEMENT_SANTE = "etablissement_sante", "Établissement de santé"
    EXERCICE_COORDONNE = "exercice_coordonne", "Structure d’exercice coordonné (MSP, CDS, CPTS)"
    UNIVERSITE = "universite", "Université / faculté"
    LOGEMENT = "logement", "Logement"
    EMPLOI = "emploi", "Emploi"
    SCOLARITE = "scolarite", "Scolarité / petite enfance"
    TOURISME = "tourisme", "Tourisme / loisirs"
    ORDRE = "ordre", "Ordre professionnel"
    AUTRE = "autre", "Autre"


class TypeAide(models.TextChoices):
    SUBVENTION = "subvention", "Subvention"
    PRIME = "prime", "Prime"
    BOURSE = "bourse", "Bourse / allocation"
    EXONERATION_FISCALE = "exoneration_fiscale", "Exonération fiscale"
    REMUNERATION = "remuneration", "Rémunération majorée"
    CONTRAT = "contrat", "Contrat"
    LOGEMENT = "logement", "Logement"
    AUTRE = "autre", "Autre"


class ProfilAide(models.TextChoices):
    """Who an aid is for (structured criterion of an aid)."""

    ETUDIANT = "etudiant", "Étudiant·e en médecine (externe)"
    INTERNE = "interne", "Interne"
    DOCTEUR_JUNIOR = "docteur_junior", "Docteur junior"
    REMPLACANT = "remplacant", "Médecin remplaçant·e"
    PRIMO_INSTALLANT = "primo_installant", "Médecin qui s’installe pour la première fois"
    MEDECIN_INSTALLE = "medecin_installe", "Médecin généraliste installé·e"
    MAITRE_STAGE = "maitre_stage", "Maître de stage universitaire (MSU)"


class ProfilSimulateur(models.TextChoices):
    """The answer « Vous êtes… » of the simulator."""

    ETUDIANT = "etudiant", "Étudiant·e en médecine (externe, 2e cycle)"
    INTERNE = "interne", "Interne (3e cycle)"
    DOCTEUR_JUNIOR = "docteur_junior", "Docteur junior de médecine générale"
    REMPLACANT = "remplacant", "Médecin remplaçant·e"
    MEDECIN_INSTALLE = "medecin_installe", "Médecin généraliste installé·e"


class TypeProjet(models.TextChoices):
    INSTALLATION = "installation", "M’installer (cabinet principal, création ou reprise)"
    CABINET_SECONDAIRE = "cabinet_secondaire", "Ouvrir un cabinet secondaire"
    REMPLACEMENT = "remplacement", "Faire des remplacements"
    STAGE = "stage", "Faire un stage"
    POSTE_SALARIE = "poste_salarie", "Occuper un poste salarié"
    DECOUVERTE = "decouverte", "Découvrir le territoire"


class ModeExercice(models.TextChoices):
    LIBERAL = "liberal", "Libéral"
    SALARIE = "salarie", "Salarié"
    MIXTE = "mixte", "Mixte (libéral et salarié)"


class Secteur(models.TextChoices):
    SECTEUR_1_OPTAM = "secteur_1_optam", "Secteur 1, ou secteur 2 avec OPTAM / OPTAM-ACO"
    SECTEUR_2 = "secteur_2", "Secteur 2 sans OPTAM"
    NON_CONCERNE = "non_concerne", "Pas concerné·e (étudiant·e, interne, salarié·e…)"


class TypeZone(models.TextChoices):
    """Zoning of a commune. ZIP/ZAC/ZV/hors zone come from the ARS decree (one per commune); QPV and
    ZFRR are separate zonings that a commune can have on top."""

    ZIP = "zip", "ZIP (zone d’intervention prioritaire)"
    ZAC = "zac", "ZAC (zone d’action complémentaire)"
    ZV = "zv", "ZV (zone de vigilance)"
    HORS_ZONE = "hors_zone", "Hors zone sous-dense"
    QPV = "qpv", "QPV (quartier prioritaire de la politique de la ville)"
    ZFRR = "zfrr", "ZFRR (France Ruralités Revitalisation)"
    ZFRR_PLUS = "zfrr_plus", "ZFRR+ (France Ruralités Revitalisation « plus »)"

    @classmethod
    def famille(cls, valeur: str) -> str:
        return FAMILLES_ZONAGE[valeur]

    @classmethod
    def sigle(cls, valeur: str) -> str:
        return cls(valeur).label.split(" (")[0]


FAMILLES_ZONAGE = {
    TypeZone.ZIP: "ars",
    TypeZone.ZAC: "ars",
    TypeZone.ZV: "ars",
    TypeZone.HORS_ZONE: "ars",
    TypeZone.QPV: "qpv",
    TypeZone.ZFRR: "zfrr",
    TypeZone.ZFRR_PLUS: "zfrr",
}
ZONES_SOUS_DENSES = {TypeZone.ZIP, TypeZone.ZAC}


class CategorieCumul(models.TextChoices):
    """Aids of one category don't add up: one per 10 years (loi 2023-1268 art. 2, décret 2025-231)."""

    AUCUNE = "", "Aucune (cumulable)"
    AIDE_INSTALLATION = "aide_installation", "Aide à l’installation"
    CABINET_SECONDAIRE = "cabinet_secondaire", "Aide au cabinet secondaire"
    AIDE_ETUDES = "aide_etudes", "Allocation d’études avec engagement"
    AIDE_HEBERGEMENT = "aide_hebergement", "Aide au logement pendant le stage"
