"""Every CSV or XLSX cell the project writes goes through `cellule_sure`: a text that a spreadsheet would
read as a formula (« =HYPERLINK(…) » in a partner's name, « +33… », « @SOMME(…) ») is written with a
leading apostrophe and stays text (OWASP, « CSV injection »). Numbers, dates and empty cells are kept as
they are: a figure stays a figure in the XLSX."""

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r", "\n")


def cellule_sure(valeur):
    """The value to write in a cell: a text starting like a formula gets a leading apostrophe."""
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
        return "'" + valeur
    return valeur


def ligne_sure(valeurs) -> list:
    """A row of cells, each through `cellule_sure`."""
    return [cellule_sure(v) for v in valeurs]
