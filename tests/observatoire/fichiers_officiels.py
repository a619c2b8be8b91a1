"""Small files in the exact official formats of the RPPS extract (Annuaire Santé, pipe-separated, header named as
../shared/data/README.md lists it) and of the FINESS legacy stock (`;`, header-less, metadata first line), for
the importers' tests: no real copy of either is available here."""

from stdnum import luhn

from observatoire.importers.finess import CHAMPS_GEOLOCALISATION, CHAMPS_STRUCTURE
from observatoire.importers.rpps import COLONNES


def numero_rpps(rang: int) -> str:
    """A valid-format RPPS number (10 + 8 digits + Luhn key), as the register allots them."""
    corps = f"10{rang:08d}"
    return corps + luhn.calc_check_digit(corps)


def ligne_rpps(
    rpps: str,
    nom: str,
    prenom: str = "Claire",
    *,
    commune: str = "47001",
    code_postal: str = "47000",
    libelle_commune: str = "Agen",
    profession: str = "10",
    savoir_faire: str = "SM54",
    libelle_savoir_faire: str = "Médecine Générale",
    mode: str = "L",
    raison_sociale: str = "Cabinet médical",
    voie: str = "Boulevard de la République",
    finess_site: str = "",
    type_identifiant: str = "8",
) -> dict:
    return {
        "Type d'identifiant PP": type_identifiant,
        "Identifiant PP": rpps,
        "Identification nationale PP": f"8{rpps}",
        "Code civilité d'exercice": "DR",
        "Libellé civilité d'exercice": "Docteur",
        "Nom d'exercice": nom,
        "Prénom d'exercice": prenom,
        "Code profession": profession,
        "Libellé profession": "Médecin" if profession == "10" else "Pharmacien",
        "Code catégorie professionnelle": "C",
        "Libellé catégorie professionnelle": "Civil",
        "Code type savoir-faire": "S",
        "Libellé type savoir-faire": "Spécialité ordinale",
        "Code savoir-faire": savoir_faire,
        "Libellé savoir-faire": libelle_savoir_faire,
        "Code mode exercice": mode,
        "Libellé mode exercice": {"L": "Libéral", "S": "Salarié", "B": "Bénévole"}.get(mode, ""),
        "Numéro SIRET site": "12345678900017",
        "Numéro FINESS site": finess_site,
        "Raison sociale site": raison_sociale,
        "Numéro Voie (coord. structure)": "12",
        "Libellé type de voie (coord. structure)": "Boulevard",
        "Libellé Voie (coord. structure)": voie,
        "Code postal (coord. structure)": code_postal,
        "Code commune (coord. structure)": commune,
        "Libellé commune (coord. structure)": libelle_commune,
        "Code pays (coord. structure)": "99000",
        "Libellé pays (coord. structure)": "France",
        "Code Département (structure)": commune[:2],
        "Autorité d'enregistrement": "CNOM/CNOM/CNOM",
        "Code secteur d'activité": "SA07",
        "Libellé secteur d'activité": "Cabinet individuel",
        "Code rôle": "FON-01",
        "Libellé rôle": "Titulaire de cabinet",
        "Code genre activité": "GENR01",
        "Libellé genre activité": "Activité standard de soin ou de pharmacien",
    }


def fichier_rpps(chemin, lignes: list[dict], *, encodage="utf-8", colonnes=COLONNES) -> None:
    """Writes the extract: header, then one row per dict (missing columns empty), each line ending with « | »
    as the official files do."""
    texte = "".join(
        "|".join(ligne.get(c, "") for c in colonnes) + "|\n" for ligne in [dict(zip(colonnes, colonnes)), *lignes]
    )
    chemin.write_bytes(texte.encode(encodage))


def structure_finess(
    numero: str,
    nom: str,
    *,
    categorie: str = "603",
    departement: str = "47",
    commune: str = "001",
    dateouv: str = "2019-09-01",
) -> dict:
    return {
        "structureet": "structureet",
        "nofinesset": numero,
        "nofinessej": "470000000",
        "rs": nom[:38].upper(),
        "rslongue": nom,
        "numvoie": "3",
        "typvoie": "R",
        "voie": "DES ÉCOLES",
        "commune": commune,
        "departement": departement,
        "libdepartement": "LOT ET GARONNE",
        "ligneacheminement": "47000 AGEN",
        "categetab": categorie,
        "libcategetab": {"603": "Maison de Santé (L.6223-3)", "124": "Centre de Santé"}.get(categorie, "Autre"),
        "categagretab": "2202",
        "siret": "12345678900025",
        "dateouv": dateouv,
        "dateautor": dateouv,
        "datemaj": "2024-01-15",
    }


def geolocalisation_finess(numero: str, x: float, y: float) -> dict:
    return {
        "geolocalisation": "geolocalisation",
        "nofinesset": numero,
        "coordxet": f"{x:.1f}",
        "coordyet": f"{y:.1f}",
        "sourcecoordet": "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93",
        "datemaj": "2024-01-15",
    }


def fichier_finess(chemin, structures: list[dict], geolocalisations: list[dict], *, encodage="utf-8") -> None:
    lignes = ["finess;etalab;95;2024-01-23"]
    lignes += [";".join(s.get(c, "") for c in CHAMPS_STRUCTURE) for s in structures]
    lignes += [";".join(g.get(c, "") for c in CHAMPS_GEOLOCALISATION) for g in geolocalisations]
    chemin.write_bytes(("\n".join(lignes) + "\n").encode(encodage))
