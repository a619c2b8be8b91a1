"""importer_territoire on the real open data (acceptance figures of ../shared/data/README.md), the shipped
extract, idempotency and bad input (clear French error, database unchanged)."""

import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.db.models import Sum

from observatoire.importers import enregistrement
from observatoire.importers.extrait import EXTRAIT_LIVRE, departements_de_l_extrait
from observatoire.importers.officiel import lire_donnees_officielles
from observatoire.models import EPCI, Commune, Departement, PopulationHistorique
from observatoire.selectors import epcis_du_departement

pytestmark = pytest.mark.django_db


def importer(*args) -> str:
    sortie = StringIO()
    call_command("importer_territoire", *args, stdout=sortie)
    return sortie.getvalue()


def etat_de_la_base() -> dict:
    """Everything a failed import must leave as it was."""
    return {
        "departements": sorted(Departement.objects.values_list("code", "nom")),
        "epcis": sorted(EPCI.objects.values_list("siren", "nom", "population")),
        "communes": sorted(
            Commune.objects.values_list("code_insee", "nom", "population", "epci__siren", "latitude", "longitude")
        ),
        "contours": Commune.objects.filter(contour__isnull=False).count(),
        "historiques": sorted(PopulationHistorique.objects.values_list("commune__code_insee", "annee", "population")),
    }


def population_par_annee(code: str) -> dict[int, int]:
    return dict(
        PopulationHistorique.objects.filter(commune__departement__code=code)
        .values("annee")
        .annotate(total=Sum("population"))
        .values_list("annee", "total")
    )


def test_lot_et_garonne_depuis_les_donnees_officielles(donnees_ouvertes):
    sortie = importer("--departement", "47", "--source", str(donnees_ouvertes))

    communes = Commune.objects.filter(departement__code="47")
    assert communes.count() == 319
    assert communes.aggregate(total=Sum("population"))["total"] == 333_602
    assert set(communes.values_list("population_annee", flat=True)) == {2026}
    epcis = epcis_du_departement("47")
    assert epcis.count() == 12
    assert sorted(epcis.values_list("type", flat=True)).count("CA") == 3
    # CC des Deux Rives: seat in 82, 2 of its communes in 47 (only those are imported).
    deux_rives = EPCI.objects.get(nom__icontains="Deux Rives")
    assert deux_rives.communes.count() == 2
    assert population_par_annee("47") == {2021: 331_271, 2022: 330_844, 2024: 332_226, 2025: 333_602, 2026: 333_602}
    agen = Commune.objects.select_related("epci", "departement").get(code_insee="47001")
    assert (agen.nom, agen.nom_normalise, agen.codes_postaux) == ("Agen", "agen", "47000")
    assert (agen.latitude, agen.longitude) == (44.20284, 0.62575)
    assert agen.epci.nom == "CA Agglomération d'Agen" and agen.epci.contour["type"] in ("Polygon", "MultiPolygon")
    assert agen.contour["type"] == "Polygon" and len(agen.contour["coordinates"][0]) > 10
    assert agen.departement.nom == "Lot-et-Garonne" and agen.departement.region_nom == "Nouvelle-Aquitaine"
    assert agen.departement.contour["type"] in ("Polygon", "MultiPolygon")
    assert not communes.filter(contour__isnull=True).exists()
    assert not communes.filter(latitude__isnull=True).exists()
    assert "319 communes, 12 EPCI" in sortie and "333\u202f602 habitants" in sortie


def test_puy_de_dome_depuis_les_donnees_officielles(donnees_ouvertes):
    sortie = importer("--departement", "63", "--source", str(donnees_ouvertes))

    communes = Commune.objects.filter(departement__code="63")
    assert communes.count() == 463
    assert communes.aggregate(total=Sum("population"))["total"] == 664_453
    assert epcis_du_departement("63").count() == 14
    assert Commune.objects.get(code_insee="63113").nom == "Clermont-Ferrand"
    assert "463 communes, 14 EPCI" in sortie


def test_contours_2018_recomposes_pour_les_communes_nouvelles(source_modifiable, donnees_ouvertes):
    """Without the 2026 outlines, a commune nouvelle gets the 2018 outlines of the communes it absorbed."""
    source = source_modifiable(sans=("contours/communes-2026", "contours/epci-2026"))
    importer("--departement", "63", "--source", str(source))

    communes_cog = json.loads((donnees_ouvertes / "cog" / "communes.json").read_text(encoding="utf-8"))
    nouvelle = next(c for c in communes_cog if c["type"] == "commune-actuelle" and "63330" in c.get("anciensCodes", []))
    commune = Commune.objects.get(code_insee=nouvelle["code"])
    assert commune.contour["type"] == "MultiPolygon" and len(commune.contour["coordinates"]) >= 2
    assert Commune.objects.filter(departement__code="63").count() == 463
    assert not Commune.objects.filter(departement__code="63", contour__isnull=True).exists()
    # EPCI outlines composed from their members' outlines.
    assert not EPCI.objects.filter(contour__isnull=True).exists()


def test_corse_et_outre_mer(donnees_ouvertes):
    importer("--departement", "2a", "974", "--source", str(donnees_ouvertes))
    assert Commune.objects.filter(departement__code="2A").count() > 100
    assert Commune.objects.filter(departement__code="974").count() == 24
    assert Departement.objects.get(code="974").contour is not None


def test_extrait_livre_donne_les_memes_communes_que_les_donnees_officielles(donnees_ouvertes):
    importer("--departement", "47", "63", "--source", str(donnees_ouvertes))
    officiel = etat_de_la_base()
    PopulationHistorique.objects.all().delete()
    Commune.objects.all().delete()
    EPCI.objects.all().delete()
    Departement.objects.all().delete()

    sortie = importer("--departement", "47", "63", "--extrait")

    assert "extrait livré" in sortie
    assert etat_de_la_base() == officiel
    assert Commune.objects.filter(departement__code="47").count() == 319
    assert Commune.objects.filter(departement__code="63").aggregate(t=Sum("population"))["t"] == 664_453
    assert epcis_du_departement("47").count() == 12 and epcis_du_departement("63").count() == 14


def test_extrait_livre_compact_et_documente():
    assert EXTRAIT_LIVRE.stat().st_size <= 2 * 1024 * 1024
    assert departements_de_l_extrait() == ["47", "63"]
    readme = (EXTRAIT_LIVRE.parent / "README.md").read_text(encoding="utf-8")
    assert "Licence Ouverte" in readme and "@etalab/decoupage-administratif" in readme


def test_repli_sur_l_extrait_sans_dossier_de_donnees(settings, tmp_path):
    settings.DONNEES_OUVERTES_DIR = tmp_path / "absent"
    sortie = importer("--departement", "63")
    assert "extrait livré" in sortie
    assert Commune.objects.filter(departement__code="63").count() == 463

    with pytest.raises(CommandError, match="Département absent de l’extrait .*75"):
        importer("--departement", "75")


def test_reimport_met_a_jour_sans_dupliquer(donnees_ouvertes):
    importer("--departement", "47", "--source", str(donnees_ouvertes))
    attendu = etat_de_la_base()
    agen = Commune.objects.get(code_insee="47001")
    Commune.objects.filter(pk=agen.pk).update(
        nom="Agen modifiée", population=1, latitude=0, contour={"type": "Polygon", "coordinates": [[[0, 0]]]}
    )
    PopulationHistorique.objects.filter(commune=agen, annee=2021).update(population=2)
    EPCI.objects.filter(siren="200096956").update(nom="autre nom")

    importer("--departement", "47", "--source", str(donnees_ouvertes))

    assert etat_de_la_base() == attendu
    agen.refresh_from_db()
    assert agen.pk == Commune.objects.get(code_insee="47001").pk
    assert agen.contour["type"] == "Polygon" and len(agen.contour["coordinates"][0]) > 10
    assert Commune.objects.count() == 319 and PopulationHistorique.objects.count() == 319 * 5


def test_sans_contour_dans_la_source_le_contour_stocke_est_garde(source_modifiable):
    """--france does not compose EPCI outlines (it would double the volume): an EPCI outline already stored
    is kept, never erased by a source that has none."""
    source = source_modifiable(sans=("contours/epci-2026",))
    importer("--departement", "47", "--source", str(source))
    contours = dict(EPCI.objects.values_list("siren", "contour"))
    assert len(contours) == 12 and all(contours.values())

    territoire = lire_donnees_officielles(source, ["47"], composer_contours_epci=False)
    assert not any(e.contour for e in territoire.epcis)
    enregistrement.enregistrer_territoire(territoire)

    assert dict(EPCI.objects.values_list("siren", "contour")) == contours


@pytest.mark.parametrize(
    ("remplacements", "sans", "message"),
    [
        ({}, ("cog/epci.json",), "Fichier introuvable : .*epci.json"),
        ({"cog/communes.json": '{"communes": []}'}, (), "communes.json : une liste JSON d’objets est attendue"),
        ({"cog/communes.json": '[{"code": "47001"}]'}, (), "communes.json : l’élément n° 1 n’a pas le"),
        ({"cog/epci.json": "[{"}, (), "epci.json : JSON illisible"),
        (
            {"cog/populations-historiques.csv": "code;population\n47001;3\n"},
            (),
            "populations-historiques.csv : colonne\\(s\\) manquante\\(s\\) : code_commune",
        ),
        (
            {"cog/communes-france-2026.csv": "code_insee,nom\n47001,Agen\n"},
            (),
            "communes-france-2026.csv : colonne\\(s\\) manquante\\(s\\) : codes_postaux, dep_code",
        ),
        (
            {"contours/communes-2026/communes-47-lot-et-garonne-2026.geojson": '{"type": "Feature"}'},
            (),
            "une FeatureCollection GeoJSON est attendue",
        ),
        (
            {
                "contours/communes-2026/communes-47-lot-et-garonne-2026.geojson": json.dumps(
                    {
                        "type": "FeatureCollection",
                        "features": [
                            {"properties": {"code": "47001"}, "geometry": {"type": "Point", "coordinates": [0, 44]}}
                        ],
                    }
                )
            },
            (),
            "47001 : géométrie attendue de type Polygon ou MultiPolygon",
        ),
        (
            # Coordinates are kept as raw text by the reader: the database's json check refuses them.
            {
                "contours/communes-2026/communes-47-lot-et-garonne-2026.geojson": (
                    '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "47001"},'
                    ' "geometry": {"type": "Polygon", "coordinates": [[[0.6, 44.2], [0.7,, 44.3], [0.6, 44.2]]]}}]}'
                )
            },
            (),
            "La base a refusé les données",
        ),
    ],
    ids=[
        "fichier-absent",
        "json-pas-une-liste",
        "champs-manquants",
        "json-casse",
        "csv-colonnes",
        "csv-2026",
        "geojson",
        "geometrie",
        "coordonnees-json-invalide",
    ],
)
def test_mauvaise_entree_erreur_claire_et_base_inchangee(
    donnees_ouvertes, source_modifiable, remplacements, sans, message
):
    importer("--departement", "47", "--source", str(donnees_ouvertes))
    Commune.objects.filter(code_insee="47001").update(population=1)
    avant = etat_de_la_base()
    source = source_modifiable(remplacements, sans=sans)

    with pytest.raises(CommandError, match=message) as erreur:
        importer("--departement", "47", "--source", str(source))

    assert "base inchangée" in str(erreur.value)
    assert etat_de_la_base() == avant


def test_code_de_departement_inconnu(donnees_ouvertes):
    importer("--departement", "47", "--source", str(donnees_ouvertes))
    avant = etat_de_la_base()
    with pytest.raises(CommandError, match="Code de département inconnu : 99"):
        importer("--departement", "99", "--source", str(donnees_ouvertes))
    with pytest.raises(CommandError, match="Dossier des données ouvertes introuvable"):
        importer("--departement", "47", "--source", str(donnees_ouvertes / "nulle-part"))
    assert etat_de_la_base() == avant


def test_echec_pendant_l_ecriture_annule_tout(donnees_ouvertes, monkeypatch):
    """One transaction: a failure on the last write undoes the communes already updated."""
    importer("--departement", "47", "--source", str(donnees_ouvertes))
    Commune.objects.filter(code_insee="47001").update(population=1, nom="Agen modifiée")
    avant = etat_de_la_base()
    upsert = enregistrement._upsert

    def echouer_sur_les_populations(modele, *args):
        if modele is PopulationHistorique:
            raise DatabaseError("disque plein")
        upsert(modele, *args)

    monkeypatch.setattr(enregistrement, "_upsert", echouer_sur_les_populations)
    PopulationHistorique.objects.filter(annee=2021).update(population=5)
    avant = etat_de_la_base()

    with pytest.raises(CommandError, match="La base a refusé les données \\(disque plein\\)"):
        importer("--departement", "47", "--source", str(donnees_ouvertes))

    assert etat_de_la_base() == avant
    assert Commune.objects.get(code_insee="47001").population == 1


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        (b"pas du gzip", "extrait illisible"),
        (gzip.compress(b'{"format": "autre"}', mtime=0), "ce n’est pas un extrait du territoire"),
        (gzip.compress(b'{"format": "bienvenuedoc-territoire", "version": 9}', mtime=0), "version d’extrait 9"),
        (
            gzip.compress(
                b'{"format": "bienvenuedoc-territoire", "version": 1, "departements": [{"code": "47", "nom": "L"}],'
                b' "epcis": [], "communes": [{"code_insee": "47001", "departement": "47"}]}',
                mtime=0,
            ),
            "commune 47001 : champ « populations » manquant",
        ),
    ],
    ids=["pas-gzip", "autre-format", "version-inconnue", "champ-manquant"],
)
def test_extrait_invalide(tmp_path, contenu, message):
    fichier = tmp_path / "extrait.json.gz"
    fichier.write_bytes(contenu)
    with pytest.raises(CommandError, match=message):
        importer("--departement", "47", "--fichier-extrait", str(fichier))
    assert not Commune.objects.exists()


def test_exporter_puis_reimporter_l_extrait(donnees_ouvertes, tmp_path):
    fichier = tmp_path / "extrait.json.gz"
    sortie = StringIO()
    call_command(
        "exporter_extrait_territoire",
        "--departements",
        "47",
        "--sortie",
        str(fichier),
        "--source",
        str(donnees_ouvertes),
        "--decimales",
        "4",
        "--tolerance",
        "0.001",
        stdout=sortie,
    )
    assert "319 communes, 12 EPCI" in sortie.getvalue()
    premier = fichier.read_bytes()
    call_command(
        "exporter_extrait_territoire",
        "--departements",
        "47",
        "--sortie",
        str(fichier),
        "--source",
        str(donnees_ouvertes),
        "--decimales",
        "4",
        "--tolerance",
        "0.001",
        stdout=StringIO(),
    )
    assert fichier.read_bytes() == premier, "l’export doit être déterministe"
    assert len(premier) < EXTRAIT_LIVRE.stat().st_size

    importer("--departement", "47", "--fichier-extrait", str(fichier))
    assert Commune.objects.count() == 319
    assert Commune.objects.aggregate(t=Sum("population"))["t"] == 333_602
    point = Commune.objects.get(code_insee="47001").contour["coordinates"][0][0]
    assert all(round(v, 4) == v for v in point)

    with pytest.raises(CommandError, match="Département absent de l’extrait .*63"):
        importer("--departement", "63", "--fichier-extrait", str(fichier))
