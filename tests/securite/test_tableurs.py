"""Formula injection (issue 9, item 4): a text that a spreadsheet would run as a formula is written as text
in every CSV and XLSX the project produces — the activity exports, the right-of-access CSV and the admin's
import-export files — through one function, `bienvenuedoc.utils.tableur.cellule_sure`."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accompagnement import exports
from bienvenuedoc.utils.tableur import cellule_sure
from tests.accompagnement.factories import BesoinFactory, DemandeFactory
from tests.accompagnement.factories_backoffice import RESPONSABLE, client_de, membre
from tests.partenaires.factories import PartenaireFactory

pytestmark = pytest.mark.django_db

FORMULE = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        (FORMULE, "'" + FORMULE),
        ("+33 5 53 00 00 00", "'+33 5 53 00 00 00"),
        ("-2+3", "'-2+3"),
        ("@SOMME(A1)", "'@SOMME(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Maison de santé", "Maison de santé"),
        ("", ""),
        (None, None),
        (-3, -3),
        (12.5, 12.5),
    ],
)
def test_cellule_sure(valeur, attendu):
    assert cellule_sure(valeur) == attendu


def _cellules_xlsx(contenu: bytes):
    classeur = load_workbook(io.BytesIO(contenu))
    return [cellule for feuille in classeur.worksheets for ligne in feuille.iter_rows() for cellule in ligne]


def _lignes_csv(contenu: bytes, delimiter=";"):
    return list(csv.reader(io.StringIO(contenu.decode("utf-8-sig")), delimiter=delimiter))


@pytest.fixture
def orientation_piegee():
    partenaire = PartenaireFactory(nom=FORMULE)
    debut = timezone.now() - timedelta(days=10)
    for _ in range(6):  # enough rows for a figure that no threshold hides
        BesoinFactory(
            demande=DemandeFactory(recue_le=debut), oriente=True, partenaire=partenaire, oriente_le=timezone.now()
        )
    return partenaire


def test_exports_d_activite_sans_formule(client, orientation_piegee):
    client_de(client, membre(RESPONSABLE))
    url = reverse("admin:accompagnement_demande_activite_export", args=["xlsx"])
    cellules = _cellules_xlsx(client.get(url).content)
    piegees = [c for c in cellules if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert piegees, "le nom du partenaire doit figurer dans l’export"
    assert all(c.data_type != "f" and c.value == "'" + FORMULE for c in piegees)
    assert not [c for c in cellules if c.data_type == "f"]
    assert any(isinstance(c.value, int) for c in cellules)  # figures stay numbers

    url = reverse("admin:accompagnement_demande_activite_export", args=["csv"])
    valeurs = [v for ligne in _lignes_csv(client.get(url).content) for v in ligne]
    assert "'" + FORMULE in valeurs and FORMULE not in valeurs


def test_droit_d_acces_en_csv_sans_formule():
    donnees = {"demande": {"nom": FORMULE, "communes": ["=1+1", "Agen"]}, "messages": [{"corps": "@x"}]}
    valeurs = [v for ligne in _lignes_csv(exports.donnees_csv(donnees)) for v in ligne]
    assert {"'" + FORMULE, "'=1+1, Agen", "'@x"} <= set(valeurs)
    assert not hasattr(exports, "_texte")  # one escaping function for the project, not a private copy


@pytest.mark.ignore_template_errors  # the library's own templates (export_url, onclick_attrib)
@pytest.mark.parametrize("format_index", ["csv", "xlsx"])
def test_export_import_export_des_partenaires_sans_formule(admin_client, format_index):
    PartenaireFactory(nom=FORMULE, ville="-Agen")
    reponse = _exporter(admin_client, "partenaires", "partenaire", format_index)
    assert reponse.status_code == 200, reponse.content[:500]
    if format_index == "csv":
        lignes = _lignes_csv(reponse.content, delimiter=",")
        rangee = dict(zip(lignes[0], lignes[1], strict=True))
        assert rangee["nom"] == "'" + FORMULE and rangee["ville"] == "'-Agen"
    else:
        cellules = _cellules_xlsx(reponse.content)
        assert not [c for c in cellules if c.data_type == "f"]
        assert "'" + FORMULE in [c.value for c in cellules]


def _format(admin_client, url, extension):
    """Index of a format in import-export's form (the choices are the configured formats)."""
    formulaire = admin_client.get(url).context["form"]
    for valeur, libelle in formulaire.fields["format"].choices:
        if str(libelle).lower() == extension:
            return valeur
    raise AssertionError(f"format {extension} absent : {formulaire.fields['format'].choices}")


def _exporter(client, app, modele, extension):
    """Posts import-export's form with every field the page offers ticked."""
    url = reverse(f"admin:{app}_{modele}_export")
    formulaire = client.get(url).context["form"]
    champs = {nom: "on" for nom, champ in formulaire.fields.items() if getattr(champ, "is_selectable_field", False)}
    return client.post(url, {"format": _format(client, url, extension), "resource": "0", **champs})
