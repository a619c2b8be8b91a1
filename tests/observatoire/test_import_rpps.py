"""importer_rpps: GPs of an Annuaire Santé extract built in the exact official format (no real copy here):
import, same file again = no change, a bad file refused in French with nothing written, two successive
extracts give the arrivals and departures, encodings and the zip of the official download."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command

from observatoire.enums import JeuDonnees, ModeExercice, SourcePraticien
from observatoire.importers import ErreurImport
from observatoire.importers.rpps import COLONNES, importer_rpps
from observatoire.models import ImportDonnees, LieuExercice, Praticien, PresencePraticien
from tests.observatoire.factories import CommuneFactory
from tests.observatoire.fichiers_officiels import fichier_rpps, ligne_rpps, numero_rpps

pytestmark = pytest.mark.django_db
JANVIER, JUILLET = datetime.date(2025, 1, 6), datetime.date(2025, 7, 7)


@pytest.fixture
def communes():
    agen = CommuneFactory(agen=True)
    nerac = CommuneFactory(code_insee="47195", nom="Nérac", codes_postaux="47600")
    return agen, nerac


def _premier_extrait():
    return [
        ligne_rpps(numero_rpps(1), "MARTIN", "Claire"),
        ligne_rpps(
            numero_rpps(1),
            "MARTIN",
            "Claire",
            commune="47195",
            code_postal="47600",
            mode="S",
            raison_sociale="Centre hospitalier",
            libelle_commune="Nérac",
        ),
        ligne_rpps(numero_rpps(2), "DUPONT", "Jean", commune="", code_postal="47600", libelle_commune="NERAC"),
        ligne_rpps(numero_rpps(3), "BERNARD", "Luc"),
        ligne_rpps(numero_rpps(4), "PETIT", "Anne", commune="33063", code_postal="33000"),  # Gironde
        ligne_rpps(
            numero_rpps(5), "ROUX", "Paul", savoir_faire="SM26", libelle_savoir_faire="Qualifié en Médecine Générale"
        ),  # another speciality code: kept only by its label? no: label differs
        ligne_rpps(numero_rpps(6), "BLANC", "Léa", profession="21"),  # a pharmacist
    ]


def _importer(tmp_path, lignes, nom="extrait.txt", date=JANVIER, **options):
    chemin = tmp_path / nom
    fichier_rpps(chemin, lignes, **options)
    return importer_rpps(chemin, departements=["47"], date=date)


def test_import_des_generalistes_du_departement(tmp_path, communes):
    agen, nerac = communes
    bilan = _importer(tmp_path, _premier_extrait())

    assert bilan.nouveau and bilan.premier_extrait and bilan.nb_praticiens == 3
    assert set(Praticien.objects.values_list("nom", flat=True)) == {"MARTIN", "DUPONT", "BERNARD"}
    martin = Praticien.objects.get(nom="MARTIN")
    assert martin.mode_exercice == ModeExercice.MIXTE and martin.source == SourcePraticien.RPPS
    assert martin.lieux.count() == 2 and martin.history.count() == 1
    assert LieuExercice.objects.get(praticien__nom="DUPONT").commune == nerac  # by postal code and name
    presences = dict(PresencePraticien.objects.values_list("praticien__nom", "commune"))
    assert presences == {"MARTIN": agen.pk, "DUPONT": nerac.pk, "BERNARD": agen.pk}
    instantane = ImportDonnees.objects.get(jeu=JeuDonnees.RPPS)
    assert instantane.date_publication == JANVIER and instantane.nb_lignes == 3 and instantane.perimetre == "47"
    assert len(instantane.empreinte) == 64


def test_meme_fichier_deux_fois_ne_change_rien(tmp_path, communes):
    _importer(tmp_path, _premier_extrait())
    avant = (
        list(Praticien.objects.values()),
        list(LieuExercice.objects.values()),
        list(PresencePraticien.objects.values()),
        list(ImportDonnees.objects.values()),
        Praticien.history.count(),
    )
    bilan = _importer(tmp_path, _premier_extrait())

    assert not bilan.nouveau and bilan.instantane == ImportDonnees.objects.get()
    apres = (
        list(Praticien.objects.values()),
        list(LieuExercice.objects.values()),
        list(PresencePraticien.objects.values()),
        list(ImportDonnees.objects.values()),
        Praticien.history.count(),
    )
    assert apres == avant


def test_deux_extraits_successifs_donnent_arrivees_et_departs(tmp_path, communes):
    _importer(tmp_path, _premier_extrait())
    dupont = Praticien.objects.get(nom="DUPONT")
    dupont.motif_depart = "Retraite (appel du cabinet)"  # typed by staff before the extract shows it
    dupont.save()
    second = [
        ligne_rpps(numero_rpps(1), "MARTIN", "Claire"),  # left the hospital of Nérac
        ligne_rpps(numero_rpps(7), "NOUVEAU", "Yann", commune="47195", code_postal="47600"),
    ]
    bilan = _importer(tmp_path, second, nom="second.txt", date=JUILLET)

    assert (bilan.arrivees, bilan.departs, bilan.premier_extrait) == (1, 2, False)
    bernard, dupont = Praticien.objects.get(nom="BERNARD"), Praticien.objects.get(nom="DUPONT")
    assert bernard.date_depart == JUILLET and bernard.motif_depart == "absent de l’extrait RPPS du 07/07/2025"
    assert dupont.date_depart == JUILLET and dupont.motif_depart == "Retraite (appel du cabinet)"
    assert bernard.history.count() == 2  # the departure is audited
    martin = Praticien.objects.get(nom="MARTIN")
    assert martin.date_depart is None and martin.mode_exercice == ModeExercice.LIBERAL
    assert martin.lieux.filter(date_fin=JUILLET).get().raison_sociale == "Centre hospitalier"
    assert martin.lieux.filter(date_fin__isnull=True).count() == 1
    assert LieuExercice.objects.get(praticien__nom="NOUVEAU").date_debut == JUILLET
    assert PresencePraticien.objects.filter(date=JUILLET).count() == 2
    assert ImportDonnees.objects.filter(jeu=JeuDonnees.RPPS).count() == 2

    # a third extract where BERNARD is back: his automatic departure is lifted
    troisieme = [*second, ligne_rpps(numero_rpps(3), "BERNARD", "Luc")]
    _importer(tmp_path, troisieme, nom="troisieme.txt", date=datetime.date(2026, 1, 5))
    bernard.refresh_from_db()
    assert bernard.date_depart is None and bernard.motif_depart == ""


@pytest.mark.parametrize(
    ("modifier", "message"),
    [
        (lambda lignes: lignes[2].update({"Identifiant PP": "10000000001"}), "ligne 4, colonne « Identifiant PP »"),
        (lambda lignes: lignes[0].update({"Code mode exercice": "X"}), "ligne 2, colonne « Code mode exercice »"),
        (
            lambda lignes: lignes[3].update({"Code postal (coord. structure)": "4700"}),
            "ligne 5, colonne « Code postal (coord. structure) »",
        ),
    ],
)
def test_fichier_invalide_refuse_sans_rien_ecrire(tmp_path, communes, modifier, message):
    lignes = _premier_extrait()
    modifier(lignes)
    with pytest.raises(ErreurImport, match=re.escape(message)):
        _importer(tmp_path, lignes)
    assert not Praticien.objects.exists() and not ImportDonnees.objects.exists()


def test_commande_refuse_un_fichier_aux_colonnes_manquantes(tmp_path, communes):
    chemin = tmp_path / "autre.txt"
    fichier_rpps(chemin, _premier_extrait(), colonnes=[c for c in COLONNES if c != "Code profession"])
    with pytest.raises(CommandError, match=r"base inchangée.*colonne\(s\) manquante\(s\) : Code profession"):
        call_command("importer_rpps", str(chemin), "--date", "2025-01-06", "--departement", "47", stdout=io.StringIO())
    assert not Praticien.objects.exists()


def test_une_ligne_coupee_est_refusee(tmp_path, communes):
    chemin = tmp_path / "coupe.txt"
    fichier_rpps(chemin, _premier_extrait())
    texte = chemin.read_text().splitlines()
    texte[3] = "|".join(texte[3].split("|")[:20])
    chemin.write_text("\n".join(texte) + "\n")
    with pytest.raises(ErreurImport, match="ligne 4 : 20 colonnes au lieu de 56"):
        importer_rpps(chemin, departements=["47"], date=JANVIER)


def test_extrait_windows_1252_et_zip_officiel_date_lue_dans_le_nom(tmp_path, communes):
    interne = tmp_path / "PS_LibreAccess_Personne_activite_202503100845.txt"
    fichier_rpps(interne, [ligne_rpps(numero_rpps(8), "LÉGER", "Hélène")], encodage="cp1252")
    archive = tmp_path / "PS_LibreAccess_202503100845.zip"
    with zipfile.ZipFile(archive, "w") as zip_:
        zip_.write(interne, interne.name)
    sortie = io.StringIO()
    call_command("importer_rpps", str(archive), "--departement", "47", stdout=sortie)

    praticien = Praticien.objects.get()
    assert (praticien.nom, praticien.prenom) == ("LÉGER", "Hélène")
    assert ImportDonnees.objects.get().date_publication == datetime.date(2025, 3, 10)
    assert "1 médecin(s)" in sortie.getvalue() and "premier extrait" in sortie.getvalue()


def test_progression_appelee(tmp_path, communes):
    chemin = tmp_path / "gros.txt"
    fichier_rpps(chemin, [ligne_rpps(numero_rpps(100 + i), f"NOM{i}") for i in range(2500)])
    appels = []
    importer_rpps(
        chemin, departements=["47"], date=JANVIER, progression=lambda fait, total: appels.append((fait, total))
    )
    assert [fait for fait, _ in appels] == [1000, 2000, 2501] and {total for _, total in appels} == {
        2501
    }  # header + 2,500 rows
    assert Praticien.objects.count() == 2500


def test_importeur_du_registre_pour_le_televersement(tmp_path, communes):
    from observatoire.importers import registre

    chemin = tmp_path / "televerse.txt"
    fichier_rpps(chemin, _premier_extrait())
    appels = []
    instantane = registre.importeur(JeuDonnees.RPPS).fonction(
        chemin, progression=lambda *a: appels.append(a), departements=["47"], date=JANVIER, autre_option=1
    )
    assert instantane == ImportDonnees.objects.get(jeu=JeuDonnees.RPPS) and appels
    with pytest.raises(ErreurImport, match="date de l’extrait inconnue"):
        registre.importeur(JeuDonnees.RPPS).fonction(chemin, departements=["47"])
