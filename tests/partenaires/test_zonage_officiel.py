"""The official FRR (July 2025) and QPV 2024 lists imported by the observatory replace the synthetic ZFRR/QPV
zoning of the aid simulator; the ARS zoning (ZIP/ZAC) stays synthetic, labelled « démonstration »."""

import io
import random

import pytest
from django.core.management import call_command

from partenaires import demo
from partenaires.eligibilite import aides_eligibilite
from partenaires.enums import FAMILLES_ZONAGE, TypeZone
from partenaires.models import ZonageCommune
from partenaires.services import zonage_officiel_copier
from tests.partenaires.factories import AideFinanciereFactory, ZonageCommuneFactory
from tests.partenaires.test_eligibilite import JOUR, reponses

pytestmark = pytest.mark.django_db


@pytest.fixture
def lot_et_garonne():
    sortie = io.StringIO()
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=sortie)
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=sortie)
    from observatoire.models import Commune

    return {c.code_insee: c for c in Commune.objects.filter(departement__code="47").sans_contour()}


def zones(commune) -> dict[str, bool]:
    return dict(ZonageCommune.objects.filter(commune=commune).values_list("type_zone", "est_demo"))


def test_frr_et_qpv_officiels_copies(lot_et_garonne):
    agen = lot_et_garonne["47001"]
    ZonageCommuneFactory(commune=agen, type_zone=TypeZone.ZFRR, est_demo=True)  # synthetic, to be replaced
    ZonageCommuneFactory(commune=agen, type_zone=TypeZone.ZAC, est_demo=True)  # ARS family: kept

    bilan = zonage_officiel_copier(departement="47")

    assert bilan == {"zfrr": 250, "zfrr_plus": 1, "qpv": 5}
    assert zones(agen) == {TypeZone.QPV: False, TypeZone.ZAC: True}
    moncrabeau = next(c for c in lot_et_garonne.values() if c.nom == "Moncrabeau")
    assert zones(moncrabeau) == {TypeZone.ZFRR_PLUS: False}
    qpv = ZonageCommune.objects.get(commune=agen, type_zone=TypeZone.QPV)
    assert "QPV 2024" in qpv.source and "Rodrigues - Barleté" in qpv.source
    zfrr = ZonageCommune.objects.filter(type_zone=TypeZone.ZFRR).first()
    assert "10 juillet 2025" in zfrr.source and str(zfrr.date_zonage) == "2025-07-10"
    villes = ZonageCommune.objects.filter(type_zone=TypeZone.QPV).values_list("commune__nom", flat=True)
    assert sorted(villes) == ["Agen", "Marmande", "Sainte-Livrade-sur-Lot", "Tonneins", "Villeneuve-sur-Lot"]

    assert zonage_officiel_copier(departement="47") == bilan  # idempotent
    assert ZonageCommune.objects.filter(est_demo=False).count() == 256


def test_sans_donnees_de_l_observatoire_rien_n_est_copie(lot_et_garonne):
    from observatoire.models import ClassementFRRCommune, ImportDonnees, QuartierPrioritaire

    QuartierPrioritaire.objects.all().delete()
    ClassementFRRCommune.objects.all().delete()
    ImportDonnees.objects.filter(jeu__in=["qpv", "frr"]).delete()
    ZonageCommuneFactory(commune=lot_et_garonne["47001"], type_zone=TypeZone.QPV, est_demo=True)

    assert zonage_officiel_copier(departement="47") == {"zfrr": 0, "zfrr_plus": 0, "qpv": 0}
    assert zones(lot_et_garonne["47001"]) == {TypeZone.QPV: True}


def test_la_demo_ne_synthetise_plus_que_le_zonage_ars(lot_et_garonne):
    sortie = io.StringIO()
    demo.generer(rng=random.Random(1), departement="47", stdout=sortie)

    lignes = ZonageCommune.objects.filter(commune__departement__code="47")
    familles_demo = {FAMILLES_ZONAGE[t] for t in lignes.filter(est_demo=True).values_list("type_zone", flat=True)}
    assert familles_demo == {"ars"}
    assert lignes.filter(est_demo=True).values("commune").distinct().count() == 319
    assert lignes.filter(type_zone=TypeZone.QPV, est_demo=False).count() == 5
    assert "FRR et QPV officiels" in sortie.getvalue()

    demo.effacer(stdout=sortie)
    assert not lignes.filter(est_demo=True).exists()
    assert lignes.filter(est_demo=False).count() == 256  # real data, not demo: kept


def test_le_simulateur_ne_dit_demonstration_que_du_zonage_synthetique(lot_et_garonne):
    agen = lot_et_garonne["47001"]
    zonage_officiel_copier(departement="47")
    ZonageCommuneFactory(commune=agen, type_zone=TypeZone.ZAC, est_demo=True)
    AideFinanciereFactory(zones=[TypeZone.QPV], nom="QPV")
    AideFinanciereFactory(zones=[TypeZone.ZAC], nom="ZAC")

    simulation = aides_eligibilite(reponses=reponses(agen), jour=JOUR)

    assert simulation.territoire.est_demo and simulation.territoire.familles_demo == {"ars"}
    par_nom = {r.aide.nom: r.criteres[-1].libelle for r in simulation.resultats}
    assert par_nom["QPV"] == "Agen est classée QPV"
    assert par_nom["ZAC"] == "Agen est classée ZAC (zonage de démonstration)"
