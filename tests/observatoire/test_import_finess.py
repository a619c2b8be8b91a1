"""importer_finess: MSP (603) and centres de santé (124) of a FINESS legacy stock file built in its exact format;
Lambert-93 coordinates converted to WGS84 (checked against the IGN's inverse projection written here)."""

import io
import math
import re

import pytest
from django.core.management import CommandError, call_command

from observatoire.enums import CategorieStructure, JeuDonnees, SourcePraticien
from observatoire.importers import ErreurImport
from observatoire.importers.finess import importer_finess, lambert93_vers_wgs84
from observatoire.models import ImportDonnees, Structure
from tests.observatoire.factories import CommuneFactory
from tests.observatoire.fichiers_officiels import fichier_finess, geolocalisation_finess, structure_finess

pytestmark = pytest.mark.django_db


def lambert93_ign(x: float, y: float) -> tuple[float, float]:
    """IGN note NT/G 71 (ALG0004 / ALG0001): inverse Lambert conformal conic of Lambert-93 (GRS80)."""
    n, c, xs, ys = 0.7256077650532670, 11_754_255.426096, 700_000.0, 12_655_612.049876
    e = 0.08181919106615638  # GRS80 first eccentricity
    lambda0 = math.radians(3.0)
    r = math.hypot(x - xs, y - ys)
    gamma = math.atan((x - xs) / (ys - y))
    longitude = lambda0 + gamma / n
    latitude_iso = -math.log(r / c) / n
    phi = 2 * math.atan(math.exp(latitude_iso)) - math.pi / 2
    for _ in range(20):
        phi = (
            2 * math.atan(((1 + e * math.sin(phi)) / (1 - e * math.sin(phi))) ** (e / 2) * math.exp(latitude_iso))
            - math.pi / 2
        )
    return math.degrees(phi), math.degrees(longitude)


def test_conversion_lambert93_d_un_point_connu():
    latitude, longitude = lambert93_vers_wgs84(516_000, 6_346_000)  # near Agen
    reference = lambert93_ign(516_000, 6_346_000)
    assert latitude == pytest.approx(reference[0], abs=1e-5) and longitude == pytest.approx(reference[1], abs=1e-5)
    assert 44.1 < latitude < 44.3 and 0.6 < longitude < 0.8
    # the projection's origin: 46°30' N, 3° E
    assert lambert93_vers_wgs84(700_000, 6_600_000) == pytest.approx((46.5, 3.0), abs=1e-6)


@pytest.fixture
def stock(tmp_path):
    CommuneFactory(agen=True)
    CommuneFactory(code_insee="47323", nom="Villeneuve-sur-Lot", codes_postaux="47300")
    chemin = tmp_path / "etalab-cs1100507-stock-20240123-0335.csv"
    structures = [
        structure_finess("470012345", "Maison de santé pluriprofessionnelle du Pin"),
        structure_finess("470012346", "Centre de santé municipal", categorie="124", commune="323"),
        structure_finess("470000017", "Centre hospitalier d'Agen", categorie="355"),
        structure_finess("330012345", "MSP de Bordeaux", departement="33", commune="063"),
    ]
    geo = [
        geolocalisation_finess("470012345", 516_000, 6_346_000),
        geolocalisation_finess("470000017", 516_500, 6_346_500),
        geolocalisation_finess("330012345", 417_000, 6_422_000),
    ]
    fichier_finess(chemin, structures, geo, encodage="latin-1")
    return chemin, structures, geo


def test_import_des_msp_et_centres_de_sante(stock):
    chemin, *_ = stock
    bilan = importer_finess(chemin, departements=["47"])

    assert (bilan.nouveau, bilan.nb_msp, bilan.nb_cds, bilan.nb_sans_coordonnees) == (True, 1, 1, 1)
    msp = Structure.objects.get(numero_finess="470012345")
    assert msp.categorie == CategorieStructure.MSP and msp.source == SourcePraticien.FINESS
    assert msp.commune.code_insee == "47001" and msp.date_ouverture.isoformat() == "2019-09-01"
    reference = lambert93_ign(516_000, 6_346_000)
    assert (msp.latitude, msp.longitude) == pytest.approx(reference, abs=1e-5)
    cds = Structure.objects.get(numero_finess="470012346")
    assert cds.categorie == CategorieStructure.CENTRE_SANTE and cds.commune.code_insee == "47323"
    assert cds.latitude is None and msp.history.count() == 1
    assert ImportDonnees.objects.get().jeu == JeuDonnees.FINESS


def test_reimport_sans_changement(stock):
    chemin, *_ = stock
    importer_finess(chemin, departements=["47"])
    avant = (list(Structure.objects.values()), list(ImportDonnees.objects.values()), Structure.history.count())
    sortie = io.StringIO()
    call_command("importer_finess", str(chemin), "--departement", "47", stdout=sortie)
    assert "rien n’a changé" in sortie.getvalue()
    assert (list(Structure.objects.values()), list(ImportDonnees.objects.values()), Structure.history.count()) == avant


def test_nouveau_stock_met_a_jour_les_structures(stock, tmp_path):
    chemin, structures, geo = stock
    importer_finess(chemin, departements=["47"])
    structures[0]["rslongue"] = "MSP du Pin (nouveau nom)"
    autre = tmp_path / "etalab-cs1100507-stock-20240701-0335.csv"
    fichier_finess(autre, structures, geo)
    importer_finess(autre, departements=["47"])
    msp = Structure.objects.get(numero_finess="470012345")
    assert msp.nom == "MSP du Pin (nouveau nom)" and msp.history.count() == 2
    assert Structure.objects.count() == 2 and ImportDonnees.objects.count() == 2


@pytest.mark.parametrize(
    ("modifier", "message"),
    [
        (lambda s, g: s[1].update({"dateouv": "01/09/2019"}), "ligne 3, champ « dateouv »"),
        (lambda s, g: s[0].update({"commune": "999"}), "ligne 2, champ « commune » : commune 47999 inconnue"),
        (lambda s, g: g[0].update({"coordxet": "x"}), "ligne 6, champ « coordxet »"),
        (lambda s, g: g[0].update({"coordyet": "46000"}), "ligne 6, champs « coordxet, coordyet »"),
    ],
)
def test_fichier_invalide_refuse_sans_rien_ecrire(stock, modifier, message):
    chemin, structures, geo = stock
    modifier(structures, geo)
    fichier_finess(chemin, structures, geo)
    with pytest.raises(ErreurImport, match=re.escape(message)):
        importer_finess(chemin, departements=["47"])
    assert not Structure.objects.exists() and not ImportDonnees.objects.exists()


def test_commande_refuse_un_autre_fichier(tmp_path, stock):
    chemin = tmp_path / "autre.csv"
    chemin.write_text("finess;etalab;95;2024-01-23\ncode;nom\n")
    with pytest.raises(CommandError, match="base inchangée.*ligne 2 : type de ligne « code » inattendu"):
        call_command("importer_finess", str(chemin), stdout=io.StringIO())
    assert not Structure.objects.exists()


def test_importeur_du_registre_pour_le_televersement(stock):
    from observatoire.importers import registre

    chemin, *_ = stock
    instantane = registre.importeur(JeuDonnees.FINESS).fonction(chemin, progression=None, departements=["47"])
    assert instantane == ImportDonnees.objects.get(jeu=JeuDonnees.FINESS) and Structure.objects.count() == 2
