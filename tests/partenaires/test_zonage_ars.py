"""The official national zoning of GPs (AtlaSanté): small files in its published format (columns niveau, com_code,
zmed_niveau, zmed_date_arrete, tvs_lib and the other professions'), written to the partners' zoning labelled
official, the non-official copy refused, bad input leaving the database unchanged."""

import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from observatoire.enums import JeuDonnees
from observatoire.importers import ErreurImport
from observatoire.models import ImportDonnees
from partenaires.eligibilite import CLE_VERSION_AIDES
from partenaires.enums import TypeZone
from partenaires.importers.zonage_ars import LIBELLE_SOURCE, importer_zonage_ars
from partenaires.models import ZonageCommune

pytestmark = pytest.mark.django_db(transaction=True)

ENTETE = (
    '"niveau","com_code","com_lib","zmed_niveau","zmed_date_arrete","tvs_lib","zdent_niveau",'
    '"zdent_date_arrete","zide_niveau","zmk_niveau","zsf_niveau","zortho_niveau","bvcv_lib"\n'
)


def ligne(niveau, code, zmed, date="15/12/2025", tvs="Agen"):
    return (
        f'"{niveau}","{code}","Commune {code}","{zmed}","{date}","{tvs}","2_Sous_dotee","01/01/2024","","","","",""\n'
    )


VALIDE = ligne("COM", "47323", "1_ZIP")


def fichier(tmp_path, *lignes, nom="zonage-ars.csv"):
    chemin = tmp_path / nom
    chemin.write_text(ENTETE + "".join(lignes), encoding="utf-8")
    return chemin


def test_zonage_officiel_ecrit_et_etiquete(tmp_path, territoire_47):
    ZonageCommune.objects.create(
        commune_id=_id("47001"), type_zone=TypeZone.ZIP, source="Zonage de démonstration", est_demo=True
    )
    ZonageCommune.objects.create(commune_id=_id("47001"), type_zone=TypeZone.QPV, source="QPV 2024", est_demo=False)
    cache.set(CLE_VERSION_AIDES, 5, timeout=None)
    chemin = fichier(
        tmp_path,
        ligne("COM", "47001", "2_ZAC"),
        ligne("COM", "47323", "1_ZIP", date="30/10/2025", tvs="Villeneuve-sur-Lot"),
        ligne("COM", "47157", "3_HZ"),
        ligne("COM", "47002", "NC"),  # not classified: left alone
        ligne("COM", "63113", "1_ZIP"),  # another département: not in the reference, skipped
        ligne("ARM", "75101", "1_ZIP"),  # not a commune
    )
    instantane = importer_zonage_ars(chemin)
    assert instantane.jeu == JeuDonnees.ZONAGE_ARS and instantane.nb_lignes == 3
    assert instantane.perimetre == "47" and instantane.date_publication == datetime.date(2025, 12, 15)
    agen = {z.type_zone: z for z in ZonageCommune.objects.filter(commune__code_insee="47001")}
    assert set(agen) == {TypeZone.ZAC, TypeZone.QPV}  # the demo ZIP replaced, the QPV untouched
    assert not agen[TypeZone.ZAC].est_demo
    assert agen[TypeZone.ZAC].source.startswith(LIBELLE_SOURCE) and "2_ZAC" in agen[TypeZone.ZAC].source
    assert agen[TypeZone.ZAC].date_zonage == datetime.date(2025, 12, 15)
    assert ZonageCommune.objects.get(commune__code_insee="47323").type_zone == TypeZone.ZIP
    assert ZonageCommune.objects.get(commune__code_insee="47157").type_zone == TypeZone.HORS_ZONE
    assert not ZonageCommune.objects.filter(commune__code_insee="47002").exists()
    assert cache.get(CLE_VERSION_AIDES) == 6  # the simulator's cached aids are rebuilt

    # idempotent: the same file again changes nothing but the snapshot's time
    importer_zonage_ars(chemin)
    assert ZonageCommune.objects.filter(commune__departement__code="47").count() == 4
    assert ImportDonnees.objects.filter(jeu=JeuDonnees.ZONAGE_ARS).count() == 1


def _id(code):
    from observatoire.models import Commune

    return Commune.objects.get(code_insee=code).pk


def test_point_virgule_et_anciens_niveaux(tmp_path, territoire_47):
    chemin = tmp_path / "zonage.csv"
    chemin.write_text("niveau;com_code;zmed_niveau;zmed_date_arrete\nCOM;47001;5_ZV;\nCOM;47323;8_GQ_ZIP;2025-01-02\n")
    importer_zonage_ars(chemin, departements=["47"])
    assert ZonageCommune.objects.get(commune__code_insee="47001").type_zone == TypeZone.ZV
    zip_ = ZonageCommune.objects.get(commune__code_insee="47323")
    assert zip_.type_zone == TypeZone.ZIP and zip_.date_zonage == datetime.date(2025, 1, 2)


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        (ENTETE + ligne("COM", "47001", "9_ZOUZOU"), "niveau de zonage « 9_ZOUZOU » inconnu"),
        (ENTETE + ligne("COM", "47999", "1_ZIP"), "code commune inconnu"),
        (ENTETE + ligne("COM", "47001", "1_ZIP", date="31/02/2025"), "date d’arrêté « 31/02/2025 » illisible"),
        ('"niveau","com_code"\n"COM","47001"\n', "colonne(s) manquante(s) : zmed_niveau"),
        (
            "code_insee,commune,departement,zonage_mg,nom_commune_source,codes_postaux_source\n"
            "47001,Agen,47,2_ZAC,Agen,47000\n",
            "NON officiel",
        ),
        (ENTETE + ligne("COM", "63113", "1_ZIP"), "aucune commune classée"),
    ],
)
def test_fichier_refuse_base_inchangee(tmp_path, territoire_47, contenu, message):
    avant = ZonageCommune.objects.create(commune_id=_id("47001"), type_zone=TypeZone.ZIP, est_demo=True)
    chemin = tmp_path / "zonage.csv"
    chemin.write_text(contenu)
    with pytest.raises(ErreurImport, match=message.replace("(", r"\(").replace(")", r"\)")):
        importer_zonage_ars(chemin)
    assert list(ZonageCommune.objects.values_list("pk", flat=True)) == [avant.pk]
    assert not ImportDonnees.objects.exists()


def test_commande(tmp_path, territoire_47):
    sortie = StringIO()
    call_command("importer_zonage_ars", str(fichier(tmp_path, ligne("COM", "47001", "1_ZIP"))), stdout=sortie)
    assert "Zonage officiel importé : 1 commune(s) (47), arrêté du 15/12/2025" in sortie.getvalue()
    with pytest.raises(CommandError, match="base inchangée"):
        call_command("importer_zonage_ars", str(tmp_path / "absent.csv"))
