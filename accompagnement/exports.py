"""File formats of the back office's downloads: the activity tables (CSV, XLSX) and the right-of-access
export (JSON, CSV). Pure formatting: the figures come from the selectors, the data from the services."""

import csv
import io
import json

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .selectors.statistiques import Activite, Tableau

TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPE_CSV = "text/csv; charset=utf-8"


def _tableaux(activite: Activite) -> list[Tableau]:
    return [activite.synthese(), *activite.tableaux]


def activite_csv(activite: Activite) -> bytes:
    """One CSV file (UTF-8 with BOM, « ; » separator, as French spreadsheets expect): each table under its
    title, separated by an empty line."""
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([f"Activité de l’accompagnement du {activite.debut:%d/%m/%Y} au {activite.fin:%d/%m/%Y}"])
    for tableau in _tableaux(activite):
        ecrivain.writerow([])
        ecrivain.writerow([tableau.titre])
        ecrivain.writerow(tableau.colonnes)
        ecrivain.writerows(tableau.lignes)
    return ("\ufeff" + tampon.getvalue()).encode("utf-8")


def activite_xlsx(activite: Activite) -> bytes:
    """One sheet per table, header row in bold, numbers kept as numbers."""
    classeur = Workbook()
    classeur.remove(classeur.active)
    for tableau in _tableaux(activite):
        feuille = classeur.create_sheet(title=_titre_feuille(tableau.titre))
        feuille.append(tableau.colonnes)
        for cellule in feuille[1]:
            cellule.font = Font(bold=True)
        for ligne in tableau.lignes:
            feuille.append(ligne)
        for index, colonne in enumerate(tableau.colonnes, start=1):
            largeur = max([len(str(colonne)), *(len(str(ligne[index - 1])) for ligne in tableau.lignes)])
            feuille.column_dimensions[get_column_letter(index)].width = min(largeur + 2, 60)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def _titre_feuille(titre: str) -> str:
    for interdit in "[]:*?/\\":
        titre = titre.replace(interdit, " ")
    return titre[:31]


# --- right of access --------------------------------------------------------------------------------------
def donnees_json(donnees: dict) -> bytes:
    return json.dumps(donnees, ensure_ascii=False, indent=2).encode("utf-8")


def donnees_csv(donnees: dict) -> bytes:
    """One row per value: section, item number, field, value."""
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(["rubrique", "n°", "champ", "valeur"])
    for champ, valeur in donnees["demande"].items():
        ecrivain.writerow(["demande", "", champ, _texte(valeur)])
    for rubrique, elements in donnees.items():
        if rubrique == "demande":
            continue
        for numero, element in enumerate(elements, start=1):
            for champ, valeur in element.items():
                ecrivain.writerow([rubrique, numero, champ, _texte(valeur)])
    return ("\ufeff" + tampon.getvalue()).encode("utf-8")


def _texte(valeur) -> str:
    if valeur is None:
        return ""
    texte = ", ".join(str(v) for v in valeur) if isinstance(valeur, list) else str(valeur)
    # no formula injection when the file is opened in a spreadsheet
    return "'" + texte if texte[:1] in ("=", "+", "-", "@", "\t", "\r") else texte
