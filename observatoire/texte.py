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
