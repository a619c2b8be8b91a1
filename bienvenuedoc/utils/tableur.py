"""Every CSV or XLSX cell the project writes goes through `cellule_sure`: a text that a spreadsheet would
read as a formula (« =HYPERLINK(…) » in a partner's name, « +33… », « @SOMME(…) ») is written with a
leading apostrophe and stays text (OWASP, « CSV injection »). Numbers, dates and empty cells are kept as
they are: a figure stays a figure in the XLSX."""

import csv
import io

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r", "\n")


def cellule_sure(valeur):
    """The value to write in a cell: a text starting like a formula gets a leading apostrophe."""
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
        return "'" + valeur
    return valeur


def ligne_sure(valeurs) -> list:
    """A row of cells, each through `cellule_sure`."""
    return [cellule_sure(v) for v in valeurs]


def tableau_csv(colonnes: list[str], lignes) -> bytes:
    """One table as a CSV file the way French spreadsheets open it (UTF-8 with BOM, « ; »), every cell safe."""
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(ligne_sure(colonnes))
    ecrivain.writerows(ligne_sure(ligne) for ligne in lignes)
    return ("\ufeff" + tampon.getvalue()).encode("utf-8")


def tableau_xlsx(colonnes: list[str], lignes, *, titre: str) -> bytes:
    """One table as an XLSX sheet: header in bold, numbers and dates kept as such, every cell safe."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    classeur = Workbook()
    feuille = classeur.active
    feuille.title = titre[:31]
    feuille.append(ligne_sure(colonnes))
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    for ligne in lignes:
        feuille.append(ligne_sure(ligne))
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
