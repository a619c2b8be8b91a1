"""Zoning CSV import: management command `importer_zonage`."""

import pytest
from django.core.management import CommandError, call_command

from partenaires.enums import TypeZone
from partenaires.importers.zonage import ZonageInvalide, importer_zonage
from partenaires.models import ZonageCommune
from tests.partenaires.factories import CommuneFactory, ZonageCommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    return [
        CommuneFactory(code_insee="47001", nom="Agen"),
        CommuneFactory(code_insee="47157", nom="Marmande"),
        CommuneFactory(code_insee="47323", nom="Villeneuve-sur-Lot"),
    ]


def zones(code):
    return set(ZonageCommune.objects.filter(commune__code_insee=code).values_list("type_zone", flat=True))


def test_import_point_virgule_et_alias(tmp_path, communes, capsys):
    fichier = tmp_path / "zonage.csv"
    fichier.write_text(
        "code_insee;type_zone;source;date_zonage;nom_commune\n"
        "47001;ZAC;Arrêté ARS NA 2025-12;2025-12-15;Agen\n"
        "47001;qpv;;;Agen\n"
        "47157;ZIP;;15/12/2025;Marmande\n"
        "47323;zfrr+;;;\n"
        "\n",
        encoding="utf-8",
    )
    call_command("importer_zonage", str(fichier))
    sortie = capsys.readouterr().out
    assert "Zonage importé : 4 ligne(s) pour 3 commune(s)" in sortie
    assert zones("47001") == {TypeZone.ZAC, TypeZone.QPV}
    assert zones("47323") == {TypeZone.ZFRR_PLUS}
    agen_zac = ZonageCommune.objects.get(commune__code_insee="47001", type_zone=TypeZone.ZAC)
    assert agen_zac.source == "Arrêté ARS NA 2025-12"
    assert str(agen_zac.date_zonage) == "2025-12-15"
    assert not agen_zac.est_demo
    assert ZonageCommune.objects.get(type_zone=TypeZone.QPV).source == "zonage.csv"  # --source defaults to the file


def test_import_remplace_la_meme_famille_seulement(communes):
    ZonageCommuneFactory(commune=communes[0], type_zone=TypeZone.ZIP, est_demo=True)
    ZonageCommuneFactory(commune=communes[0], type_zone=TypeZone.ZFRR)
    ZonageCommuneFactory(commune=communes[1], type_zone=TypeZone.ZAC)
    rapport = importer_zonage("code_insee,type_zone\n47001,zac\n")
    assert rapport.supprimes == 1
    assert zones("47001") == {TypeZone.ZAC, TypeZone.ZFRR}  # ARS zoning replaced, ZFRR kept
    assert zones("47157") == {TypeZone.ZAC}  # commune absent from the file untouched


def test_erreurs_par_ligne_et_rien_n_est_ecrit(tmp_path, communes):
    ZonageCommuneFactory(commune=communes[0], type_zone=TypeZone.ZIP)
    fichier = tmp_path / "faux.csv"
    fichier.write_text(
        "code_insee;type_zone;date_zonage\n"
        "47157;ZAC;\n"
        "99999;ZIP;\n"
        "47001;ZONE-ROUGE;\n"
        "47323;ZIP;31/02/2026\n"
        ";ZIP;\n"
        "47157;ZAC;\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as erreur:
        call_command("importer_zonage", str(fichier))
    message = str(erreur.value)
    assert "Import annulé, rien n’a été enregistré : 5 erreur(s)" in message
    assert "ligne 3 : commune inconnue (code INSEE « 99999 »)" in message
    assert "ligne 4 : type de zone « ZONE-ROUGE » inconnu" in message
    assert "ligne 5 : date « 31/02/2026 » illisible" in message
    assert "ligne 6 : code INSEE manquant" in message
    assert "ligne 7 : la commune 47157 a déjà le type de zone « ZAC » plus haut" in message
    assert zones("47157") == set()
    assert zones("47001") == {TypeZone.ZIP}


def test_deux_zonages_ars_pour_une_commune_refuses(communes):
    with pytest.raises(ZonageInvalide) as erreur:
        importer_zonage("code_insee;type_zone\n47001;ZIP\n47001;ZAC\n")
    assert "plusieurs zonages ARS" in erreur.value.erreurs[0]
    assert not ZonageCommune.objects.exists()


def test_colonne_manquante(tmp_path, communes):
    fichier = tmp_path / "sans-type.csv"
    fichier.write_text("code;zone\n47001;ZIP\n", encoding="utf-8")
    with pytest.raises(CommandError, match="colonne\\(s\\) obligatoire\\(s\\) absente\\(s\\) : code_insee, type_zone"):
        call_command("importer_zonage", str(fichier))


def test_fichier_absent(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("importer_zonage", str(tmp_path / "absent.csv"))


def test_encodage_windows(tmp_path, communes):
    fichier = tmp_path / "cp1252.csv"
    fichier.write_bytes("code_insee;type_zone;source\n47001;ZIP;Arrêté préfectoral\n".encode("cp1252"))
    with pytest.raises(CommandError, match="--encodage cp1252"):
        call_command("importer_zonage", str(fichier))
    call_command("importer_zonage", str(fichier), encodage="cp1252")
    assert ZonageCommune.objects.get().source == "Arrêté préfectoral"
