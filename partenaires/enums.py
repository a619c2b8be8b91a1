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
