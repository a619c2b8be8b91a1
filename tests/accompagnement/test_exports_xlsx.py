"""The XLSX export of the activity, read back with openpyxl: shares are numbers with a percent format (not
« 33,3 % » strings a spreadsheet cannot add up), sheet names are cut at a word boundary within Excel's 31
characters and stay unique; texts still go through cellule_sure."""

import csv
import io
from datetime import date, datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accompagnement.enums import StatutBesoin
from accompagnement.exports import _titre_feuille, activite_csv, activite_xlsx
from accompagnement.selectors.statistiques import activite
from partenaires.enums import TypeBesoin
from tests.accompagnement.factories import BesoinFactory, DemandeFactory, PartenaireOrientationFactory
from tests.observatoire.factories import EPCIFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activite_connue():
    quand = timezone.make_aware(datetime(2025, 2, 10, 10))
    epci = EPCIFactory(nom='=HYPERLINK("http://exemple.test")')
    demandes = [DemandeFactory(recue_le=quand, epcis=[epci]) for _ in range(3)]
    partenaire = PartenaireOrientationFactory(nom="Habitat 47")
    BesoinFactory(demande=demandes[0], type=TypeBesoin.LOGEMENT, statut=StatutBesoin.RESOLU, partenaire=partenaire)
    BesoinFactory(demande=demandes[1], type=TypeBesoin.LOGEMENT, statut=StatutBesoin.EN_COURS)
    BesoinFactory(demande=demandes[2], type=TypeBesoin.LOGEMENT, statut=StatutBesoin.EN_COURS)
    return activite(date(2025, 1, 1), date(2025, 3, 31))


def _lignes(feuille) -> dict:
    return {ligne[0].value: ligne for ligne in feuille.iter_rows(min_row=2)}


def test_les_parts_sont_des_nombres_au_format_pourcentage(activite_connue):
    classeur = load_workbook(io.BytesIO(activite_xlsx(activite_connue)))
    besoins = _lignes(classeur["Besoins par type"])
    part_resolue = besoins["Logement"][3]
    assert part_resolue.value == pytest.approx(1 / 3)
    assert "%" in part_resolue.number_format and part_resolue.number_format.startswith("0.0")
    profils = _lignes(classeur["Demandes par profil"])
    assert profils["Médecin généraliste"][2].value == pytest.approx(1.0)
    assert profils["Interne"][2].value == 0
    assert "%" in profils["Interne"][2].number_format
    synthese = _lignes(classeur["Synthèse"])
    assert synthese["Part des besoins résolus"][1].value == pytest.approx(1 / 3)
    assert "%" in synthese["Part des besoins résolus"][1].number_format
    # no share written as text anywhere
    for feuille in classeur.worksheets:
        for ligne in feuille.iter_rows():
            for cellule in ligne:
                assert not (isinstance(cellule.value, str) and cellule.value.endswith(" %")), (feuille.title, cellule)
    # a text that looks like a formula stays text
    epcis = classeur["Demandes par intercommunalité"]
    assert epcis["A2"].value == '\'=HYPERLINK("http://exemple.test")'


def test_le_csv_et_la_page_gardent_les_pourcentages_lisibles(activite_connue):
    lignes = list(csv.reader(io.StringIO(activite_csv(activite_connue).decode("utf-8-sig")), delimiter=";"))
    assert ["Logement", "3", "1", "33,3 %", "1"] in lignes
    assert ["Part des besoins résolus", "33,3 %"] in lignes


def test_les_noms_de_feuilles_sont_coupes_entre_deux_mots_et_uniques(activite_connue):
    classeur = load_workbook(io.BytesIO(activite_xlsx(activite_connue)))
    assert "Demandes par intercommunalité" in classeur.sheetnames  # not « …intercommunalité souh »
    for nom in classeur.sheetnames:
        assert len(nom) <= 31
    assert len(classeur.sheetnames) == 1 + len(activite_connue.tableaux)  # one sheet per table


def test_titre_de_feuille():
    deja = set()
    assert _titre_feuille("Demandes par intercommunalité souhaitée", deja) == "Demandes par intercommunalité"
    assert _titre_feuille("Orientations par partenaire", deja) == "Orientations par partenaire"
    assert _titre_feuille("Besoins : par type [détail] ?", deja) == "Besoins par type détail"
    # two titles that start alike stay apart, within 31 characters, cut between words
    deja = set()
    premier = _titre_feuille("Demandes par intercommunalité souhaitée en 2025", deja)
    second = _titre_feuille("Demandes par intercommunalité souhaitée en 2026", deja)
    assert premier == "Demandes par intercommunalité"
    assert second == "Demandes par (2)"
    assert _titre_feuille("DEMANDES PAR INTERCOMMUNALITÉ", deja) == "DEMANDES PAR (3)"  # Excel ignores case
    # one unbroken word longer than 31 characters is cut, nothing else can be done
    assert len(_titre_feuille("A" * 40, set())) == 31
