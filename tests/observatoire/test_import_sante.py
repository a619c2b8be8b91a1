"""importer_observatoire on the real open data (spot checks of ../shared/data/README.md and of issue 13), the
shipped extract, idempotency (snapshots included) and bad input (French error, database unchanged)."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Sum

from observatoire.enums import ClassementFRR
from observatoire.importers.sante import EXTRAIT_SANTE, FICHIERS
from observatoire.models import (
    APLCommune,
    ClassementFRRCommune,
    ImportDonnees,
    MedecinsCommune,
    MedecinsDepartement,
    QuartierPrioritaire,
    StructuresDepartement,
)

pytestmark = pytest.mark.django_db

MODELES = [
    APLCommune,
    MedecinsCommune,
    MedecinsDepartement,
    StructuresDepartement,
    ClassementFRRCommune,
    QuartierPrioritaire,
]
APL = "apl/apl-medecins-generalistes-2022-2023.csv"
ENTETE_APL = (
    "annee,code_insee,commune,apl_mg,apl_mg_moins_65_ans,population_standardisee_mg,population_totale,"
    "annee_population\n"
)


@pytest.fixture
def donnees_sante() -> Path:
    dossier = Path(settings.DONNEES_OUVERTES_DIR)
    if not (dossier / APL).is_file():
        pytest.skip(f"Données ouvertes de santé absentes de {dossier} (DONNEES_OUVERTES_DIR) : contrôles sautés")
    return dossier


def territoire(*departements: str) -> None:
    call_command("importer_territoire", "--departement", *departements, "--extrait", stdout=StringIO())


def importer(*args) -> str:
    sortie = StringIO()
    call_command("importer_observatoire", *args, stdout=sortie)
    return sortie.getvalue()


def etat_de_la_base() -> dict:
    return {modele.__name__: sorted(map(str, modele.objects.values_list())) for modele in [*MODELES, ImportDonnees]}


def source_minimale(racine: Path, fichier: str, contenu: str) -> Path:
    """A folder laid out like the open data with the COG of two communes and one (bad) file: bad-input tests
    do not need the real files."""
    communes = [
        {"code": "47001", "nom": "Agen", "type": "commune-actuelle", "departement": "47"},
        {"code": "47002", "nom": "Agnac", "type": "commune-actuelle", "departement": "47"},
    ]
    (racine / "cog").mkdir(parents=True)
    (racine / "cog" / "communes.json").write_text(json.dumps(communes), encoding="utf-8")
    (racine / fichier).parent.mkdir(parents=True, exist_ok=True)
    (racine / fichier).write_text(contenu, encoding="utf-8")
    return racine


def population_sous(seuil: float, annee: int, departement: str = "47") -> int:
    lignes = APLCommune.objects.filter(commune__departement__code=departement, annee=annee, apl__lt=seuil)
    return lignes.aggregate(total=Sum("population"))["total"]


def verifier_chiffres_officiels() -> None:
    apl = dict(APLCommune.objects.filter(annee=2023).values_list("commune__code_insee", "apl"))
    assert apl["47001"] == 4.258  # Agen
    assert apl["47323"] == 3.416  # Villeneuve-sur-Lot
    assert APLCommune.objects.get(commune__code_insee="47001", annee=2022).apl == 4.466
    assert population_sous(2.5, 2023) == 93_507
    assert population_sous(2.5, 2022) == 92_029
    ensemble = MedecinsDepartement.objects.get(zone="47", annee=2024, categorie="ensemble")
    assert (ensemble.effectif, ensemble.densite) == (193, 58.1)
    france = MedecinsDepartement.objects.get(zone="FR", annee=2024, categorie="ensemble")
    assert (france.effectif, france.densite) == (55_546, 81.0)
    assert MedecinsDepartement.objects.get(zone="47", annee=2024, categorie="hors_mep").effectif == 180
    bpe = MedecinsCommune.objects.filter(commune__departement__code="47", annee=2020)
    assert bpe.aggregate(total=Sum("nombre"))["total"] == 240
    assert bpe.get(commune__code_insee="47001").nombre == 43
    msp = StructuresDepartement.objects.get(zone="47", type="msp", date=datetime.date(2023, 12, 1))
    assert (msp.nombre, msp.cible) == (16, None)
    assert StructuresDepartement.objects.get(zone="47", type="msp", date=datetime.date(2026, 12, 1)).cible == 24
    assert StructuresDepartement.objects.get(zone="FR", type="msp", date=datetime.date(2023, 12, 1)).nombre == 2_501
    assert StructuresDepartement.objects.get(zone="47", type="cds", date=datetime.date(2023, 12, 1)).nombre == 2
    frr = ClassementFRRCommune.objects.filter(commune__departement__code="47")
    comptes = {c: frr.filter(classement=c).count() for c in ClassementFRR.values}
    assert comptes[ClassementFRR.SOCLE] == 232
    assert comptes[ClassementFRR.BENEFICIAIRE] == 18
    assert comptes[ClassementFRR.NON_CLASSEE] == 68
    assert frr.get(classement=ClassementFRR.PLUS).commune.nom == "Moncrabeau"
    qpv = QuartierPrioritaire.objects.filter(commune__departement__code="47")
    assert qpv.count() == 7
    assert qpv.filter(commune__code_insee="47001").count() == 3


def test_chiffres_officiels_depuis_les_fichiers_reels(donnees_sante):
    territoire("47")
    sortie = importer("--departement", "47", "--source", str(donnees_sante))

    verifier_chiffres_officiels()
    assert APLCommune.objects.filter(annee=2023).count() == 319
    assert "APL aux médecins généralistes (DREES) : 638 ligne(s)" in sortie
    instantane = ImportDonnees.objects.get(jeu="apl")
    assert (instantane.fichier, instantane.nb_lignes, instantane.perimetre) == (
        "apl-medecins-generalistes-2022-2023.csv",
        638,
        "47",
    )
    assert "DREES" in instantane.source and instantane.importe_le is not None
    assert ImportDonnees.objects.get(jeu="frr").date_publication == datetime.date(2025, 7, 10)


def test_codes_anciens_reunis_dans_la_commune_d_aujourd_hui(donnees_sante):
    """63: the APL of 2023 has 464 codes for 463 communes (Les Deux-Rives absorbed 63330)."""
    territoire("63")
    importer("--departement", "63", "--source", str(donnees_sante), "--jeu", "apl", "medecins_commune")

    assert APLCommune.objects.filter(annee=2023).count() == 463
    deux_rives = APLCommune.objects.get(commune__code_insee="63109", annee=2023)
    assert deux_rives.codes_source == "63109 63330"
    assert APLCommune.objects.get(commune__code_insee="63113", annee=2023).apl == 4.286  # Clermont-Ferrand
    assert MedecinsCommune.objects.get(commune__code_insee="63113").nombre == 154


def test_reimporter_ne_change_rien(donnees_sante):
    territoire("47")
    importer("--departement", "47", "--source", str(donnees_sante))
    avant = {modele.__name__: modele.objects.count() for modele in MODELES}
    instantanes = ImportDonnees.objects.count()

    sortie = importer("--departement", "47", "--source", str(donnees_sante))

    assert {modele.__name__: modele.objects.count() for modele in MODELES} == avant
    assert ImportDonnees.objects.count() == instantanes == 6
    assert "instantané mis à jour" in sortie
    verifier_chiffres_officiels()


def test_l_extrait_livre_donne_les_memes_chiffres(donnees_sante):
    territoire("47", "63")
    importer("--departement", "47", "63", "--source", str(donnees_sante))
    officiel = etat_de_la_base()
    del officiel["ImportDonnees"]

    importer("--departement", "47", "63", "--fichier-extrait", str(EXTRAIT_SANTE))

    extrait = etat_de_la_base()
    del extrait["ImportDonnees"]
    assert extrait == officiel


def test_extrait_hors_ligne_sans_les_donnees_ouvertes(tmp_path, settings):
    settings.DONNEES_OUVERTES_DIR = str(tmp_path / "absent")
    territoire("47")

    sortie = importer("--departement", "47")

    assert "depuis l’extrait sante-extrait.json.gz" in sortie
    verifier_chiffres_officiels()


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        ("annee,code_insee,commune,apl\n2023,47001,Agen,4.2\n", "colonne(s) manquante(s)"),
        (
            ENTETE_APL + "2023,47999,Nulle-part,2.0,1.9,100.0,100,2021\n",
            "commune 47999, APL 2023 : code commune inconnu du COG",
        ),
        (ENTETE_APL + "2023,47001,Agen,quatre,1.9,100.0,100,2021\n", "nombre décimal attendu, lu « quatre »"),
        (ENTETE_APL + "2023,47001,Agen,4.2,1.9,100.0,-5,2021\n", "nombre positif attendu, lu « -5 »"),
        (ENTETE_APL + "2019,47001,Agen,4.2,1.9,100.0,100,2016\n", "millésime inattendu"),
    ],
)
def test_fichier_apl_invalide_base_inchangee(tmp_path, contenu, message):
    territoire("47")
    importer("--departement", "47", "--fichier-extrait", str(EXTRAIT_SANTE))
    avant = etat_de_la_base()
    # a valid first row, so that a partial write would show
    contenu = contenu.replace("\n", "\n2023,47002,Agnac,1.0,1.0,10.0,10,2021\n", 1) if "apl_mg" in contenu else contenu
    source = source_minimale(tmp_path, APL, contenu)

    with pytest.raises(CommandError) as erreur:
        importer("--departement", "47", "--source", str(source), "--jeu", "apl")

    assert "Import des données de santé annulé, base inchangée." in str(erreur.value)
    assert message in str(erreur.value)
    assert etat_de_la_base() == avant


def test_commune_absente_du_referentiel_importe(donnees_sante):
    """The territory of 63 is not imported: its rows cannot be written, and nothing of 47 is either."""
    territoire("47")

    with pytest.raises(CommandError, match="la commune 63001 n’est pas dans le référentiel territorial importé"):
        importer("--departement", "47", "63", "--source", str(donnees_sante), "--jeu", "apl")

    assert not APLCommune.objects.exists() and not ImportDonnees.objects.exists()


@pytest.mark.parametrize(
    ("fichier", "contenu", "message"),
    [
        ("frr/communes-frr-2025-07-10.csv", "code_insee,classement_frr\n47001,Zone rouge\n", "classement FRR inconnu"),
        (
            "medecins/ameli-2024-medecins-generalistes-departement.csv",
            "annee,profession_sante,region,libelle_region,departement,libelle_departement,classe_age,libelle_sexe,"
            "effectif,densite\n2024,Ensemble des médecins généralistes,75,NA,47,Lot-et-Garonne,tout_age,tout,"
            "cent,58.1\n",
            "nombre entier attendu, lu « cent »",
        ),
        (
            "structures-sante/barometre-ditp-sante-departements.csv",
            "indic_id,indicateur,maille,zone,date,valeur_initiale,valeur_actuelle,valeur_cible,taux_avancement\n"
            "IND-311,MSP,DEPT,D47,2023-12-01,,16.5,,\n",
            "nombre entier positif attendu",
        ),
    ],
)
def test_autres_formats_invalides(tmp_path, fichier, contenu, message):
    territoire("47")
    source = source_minimale(tmp_path, fichier, contenu)
    jeu = next(jeu for jeu, chemin in FICHIERS.items() if chemin == fichier)

    with pytest.raises(CommandError, match=message):
        importer("--departement", "47", "--source", str(source), "--jeu", jeu)

    assert etat_de_la_base() == {modele.__name__: [] for modele in [*MODELES, ImportDonnees]}
