"""Text helpers for the territory reference: names without accents for search."""

import unicodedata


def normaliser_nom(texte: str) -> str:
    """Lowercase, without accents or diacritics, apostrophes and hyphens as spaces, single spaces:
    "Saint-Étienne-de-Fougères" -> "saint etienne de fougeres", "L’Isle-Jourdain" -> "l isle jourdain"."""
    decompose = unicodedata.normalize("NFKD", texte)
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    sans_accents = sans_accents.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    for separateur in ("-", "'", "’", "‘", "`", "´"):
        sans_accents = sans_accents.replace(separateur, " ")
    return " ".join(sans_accents.lower().split())


# What people abbreviate when they type a commune's name: « St-Pardoux », « Ste-Livrade », « Villeneuve s/ Lot ».
_ABREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes", "s/": "sur"}


def normaliser_nom_saisi(texte: str) -> str:
    """normaliser_nom() of a name typed by a person, abbreviations written out: "St-Pardoux-du-Breuil" ->
    "saint pardoux du breuil", "Villeneuve s/Lot" -> "villeneuve sur lot"."""
    mots = normaliser_nom(texte.replace("s/", " s/ ").replace("S/", " s/ ")).split()
    return " ".join(_ABREVIATIONS.get(mot, mot) for mot in mots)
