"""File formats of the back office's downloads: the activity tables (CSV, XLSX) and the right-of-access
export (JSON, CSV). Pure formatting: the figures come from the selectors, the data from the services."""

import csv
import io
import json

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bienvenuedoc.utils.tableur import cellule_sure, ligne_sure

from .selectors.statistiques import Activite, Part, Tableau

TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPE_CSV = "text/csv; charset=utf-8"
FORMAT_POURCENTAGE = "0.0 %"  # shown « 33,3 % » by a French spreadsheet
LONGUEUR_MAX_FEUILLE = 31  # Excel's limit for a sheet name


def _tableaux(activite: Activite) -> list[Tableau]:
    return [activite.synthese(), *activite.tableaux]


def activite_csv(activite: Activite) -> bytes:
    """One CSV file (UTF-8 with BOM, « ; » separator, as French spreadsheets expect): each table under its
    title, separated by an empty line. Every cell through `cellule_sure` (a partner named « =… » stays text)."""
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([f"Activité de l’accompagnement du {activite.debut:%d/%m/%Y} au {activite.fin:%d/%m/%Y}"])
    for tableau in _tableaux(activite):
        ecrivain.writerow([])
        ecrivain.writerow(ligne_sure([tableau.titre]))
        ecrivain.writerow(ligne_sure(tableau.colonnes))
        ecrivain.writerows(ligne_sure(ligne) for ligne in tableau.lignes)
    return ("\ufeff" + tampon.getvalue()).encode("utf-8")


def activite_xlsx(activite: Activite) -> bytes:
    """One sheet per table (its name cut between words, unique), header row in bold, numbers kept as numbers,
    shares as numbers with a percent format, texts through `cellule_sure` (never a formula)."""
    classeur = Workbook()
    classeur.remove(classeur.active)
    noms_pris: set[str] = set()
    for tableau in _tableaux(activite):
        feuille = classeur.create_sheet(title=_titre_feuille(tableau.titre, noms_pris))
        feuille.append(ligne_sure(tableau.colonnes))
        for cellule in feuille[1]:
            cellule.font = Font(bold=True)
        for ligne in tableau.lignes:
            feuille.append([valeur.fraction if isinstance(valeur, Part) else valeur for valeur in ligne_sure(ligne)])
            for valeur, cellule in zip(ligne, feuille[feuille.max_row], strict=False):
                if isinstance(valeur, Part):
                    cellule.number_format = FORMAT_POURCENTAGE
        for index, colonne in enumerate(tableau.colonnes, start=1):
            largeur = max([len(str(colonne)), *(len(str(ligne[index - 1])) for ligne in tableau.lignes)])
            feuille.column_dimensions[get_column_letter(index)].width = min(largeur + 2, 60)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def _couper_entre_mots(texte: str, longueur: int) -> str:
    """At most `longueur` characters, cut at the last space that fits (a single longer word is cut)."""
    if len(texte) <= longueur:
        return texte
    coupe = texte[: longueur + 1].rsplit(" ", 1)[0].rstrip()
    return coupe if coupe and len(coupe) <= longueur else texte[:longueur]


def _titre_feuille(titre: str, noms_pris: set[str]) -> str:
    """A valid sheet name (no []:*?/\\, at most 31 characters, cut between two words), unique in the workbook
    (« … (2) » when another table already took it; Excel compares names without case). Records it in
    `noms_pris`."""
    for interdit in "[]:*?/\\":
        titre = titre.replace(interdit, " ")
    titre = " ".join(titre.split()) or "Tableau"
    nom, numero = _couper_entre_mots(titre, LONGUEUR_MAX_FEUILLE), 1
    while nom.casefold() in noms_pris:
        numero += 1
        suffixe = f" ({numero})"
        nom = _couper_entre_mots(titre, LONGUEUR_MAX_FEUILLE - len(suffixe)) + suffixe
    noms_pris.add(nom.casefold())
    return nom


# --- right of access --------------------------------------------------------------------------------------
def donnees_json(donnees: dict) -> bytes:
    return json.dumps(donnees, ensure_ascii=False, indent=2).encode("utf-8")


def donnees_csv(donnees: dict) -> bytes:
    """One row per value: section, item number, field, value (a list as « a, b »), through `cellule_sure`."""
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(["rubrique", "n°", "champ", "valeur"])
    for champ, valeur in donnees["demande"].items():
        ecrivain.writerow(["demande", "", champ, cellule_sure(_en_texte(valeur))])
    for rubrique, elements in donnees.items():
        if rubrique == "demande":
            continue
        for numero, element in enumerate(elements, start=1):
            for champ, valeur in element.items():
                ecrivain.writerow([rubrique, numero, champ, cellule_sure(_en_texte(valeur))])
    return ("\ufeff" + tampon.getvalue()).encode("utf-8")


def _en_texte(valeur) -> str:
    if valeur is None:
        return ""
    return ", ".join(str(v) for v in valeur) if isinstance(valeur, list) else str(valeur)
