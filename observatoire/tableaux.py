"""The public tables of the observatory (dashboard, EPCI and commune pages): their columns, their cells as
shown (French number formats, « non disponible », « moins de 5 »), the server-side sort of `?tri=` and their
downloads (CSV and JSON with source, licence and date).

One catalogue of columns (`COLONNES`) serves the HTML tables, the map's indicators and the downloads, so the
map, the table and the files always give the same figures. A column reads an attribute of
`observatoire.indicateurs.Indicateurs`; the figures hidden from the public (`masque`: fewer than SEUIL_SECRET
GPs) are « moins de 5 » on the page and in every file (the files are always the public figures)."""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import formats, timezone

from bienvenuedoc.utils.tableur import tableau_csv

from .enums import JeuDonnees
from .indicateurs import SEUIL_SECRET, SEUIL_SOUS_DENSE, Indicateurs, TableauDeBord
from .texte import normaliser_nom

NIVEAUX = {"communes": "Communes", "epci": "Intercommunalités (EPCI)"}
LICENCE_DERIVEES = "Licence Ouverte / Open Licence 2.0 (Etalab) pour les données dérivées publiées ici"
NON_DISPONIBLE = "non disponible"
SECRET = f"moins de {SEUIL_SECRET}"
PRATICIENS = "praticiens"  # the `jeu` of the practitioner columns: RPPS extracts or the demo population


def _part_sous_2_5(i: Indicateurs) -> float | None:
    """Share (%) of the population living where the APL 2023 is under 2.5 (a commune: 100 or 0)."""
    if i.population_sous_2_5 is not None and i.population_apl:
        return round(100 * i.population_sous_2_5 / i.population_apl, 1)
    if i.apl is not None and i.nb_communes == 1:
        return 100.0 if i.apl < SEUIL_SOUS_DENSE else 0.0
    return None


@dataclass(frozen=True)
class Colonne:
    cle: str
    libelle: str
    jeu: str  # the data set (JeuDonnees value, PRATICIENS) its source and licence come from
    decimales: int | None = None  # None: an integer (thousands grouped); a number: a decimal figure
    signe: bool = False  # a change: « +0,12 »
    unite: str = ""
    niveaux: tuple[str, ...] = ("communes", "epci")
    carte: bool = False  # offered as a map indicator
    # the Indicateurs flags that hide this figure from the public (« moins de 5 »): `masque` (fewer than 5 GPs
    # in the BPE), `masque_ages` / `masque_departs` (set by the indicators), MASQUE_PRATICIENS (1 to 4
    # practitioners, set by masquer_praticiens)
    masques: tuple[str, ...] = ()
    lire: Callable[[Indicateurs], object] | None = None

    def valeur(self, ligne: Indicateurs):
        return self.lire(ligne) if self.lire else getattr(ligne, self.cle, None)

    def cachee(self, ligne: Indicateurs) -> bool:
        """Whether this figure of `ligne` is hidden from the public (fewer than SEUIL_SECRET GPs)."""
        return any(getattr(ligne, masque, False) for masque in self.masques)

    @property
    def texte(self) -> bool:
        return self.cle == "classement_frr"

    @property
    def praticiens(self) -> bool:
        return self.jeu == PRATICIENS

    def afficher(self, ligne: Indicateurs, sep: tuple[str, str] | None = None) -> str:
        """The cell as shown: French format, NON_DISPONIBLE for None, SECRET for a hidden figure."""
        if self.cachee(ligne):
            return SECRET
        valeur = self.valeur(ligne)
        if valeur is None or valeur == "":
            return NON_DISPONIBLE
        if self.texte:
            return ligne.libelle_frr
        return nombre(valeur, self.decimales, signe=self.signe, sep=sep)


def separateurs() -> tuple[str, str]:
    """(thousands, decimal) separators of the active language (fetch once per table: each look-up costs)."""
    return formats.get_format("THOUSAND_SEPARATOR"), formats.get_format("DECIMAL_SEPARATOR")


def nombre(valeur, decimales: int | None = None, *, signe: bool = False, sep: tuple[str, str] | None = None) -> str:
    """A figure in French: « 93 507 », « 3,03 », « +0,12 », « −0,21 » (the separators of the active language,
    as Django's number_format with grouping, without its cost on tables of thousands of cells)."""
    milliers, virgule = sep or separateurs()
    if decimales is None:
        texte = f"{int(valeur):,}".replace(",", milliers)
    else:
        entier, _, fraction = f"{round(float(valeur), decimales):,.{decimales}f}".partition(".")
        texte = entier.replace(",", milliers) + (virgule + fraction if fraction else "")
    if texte.lstrip("-").replace(milliers, "").strip("0,.") == "" and texte.startswith("-"):
        texte = texte[1:]  # « -0,0 » is 0
    return f"+{texte}" if signe and valeur > 0 else texte.replace("-", "−")


MASQUE_PRATICIENS = "masque_praticiens"
BPE_SECRET = ("masque",)
PRATICIENS_SECRET = (MASQUE_PRATICIENS,)
AGES_SECRET = ("masque_ages", MASQUE_PRATICIENS)
DEPARTS_SECRET = ("masque_departs", MASQUE_PRATICIENS)
APL, BPE, FRR, QPV = JeuDonnees.APL, JeuDonnees.MEDECINS_COMMUNE, JeuDonnees.FRR, JeuDonnees.QPV
COLONNES = [
    Colonne("nb_communes", "Communes", "cog", niveaux=("epci",)),
    Colonne("population_2020", "Population 2020", APL, unite="habitants"),
    Colonne("medecins", "Médecins généralistes libéraux (2020)", BPE, masques=BPE_SECRET),
    Colonne("densite", "Médecins pour 10 000 habitants (2020)", BPE, 1, carte=True, masques=BPE_SECRET),
    Colonne("habitants_par_medecin", "Habitants par médecin (2020)", BPE, carte=True, masques=BPE_SECRET),
    Colonne("apl", "APL 2023", APL, 2, unite="consultations par an et par habitant", carte=True),
    Colonne("evolution_apl", "Évolution de l’APL depuis 2022", APL, 2, signe=True, carte=True),
    Colonne("part_sous_2_5", "Part de la population sous APL 2,5", APL, 1, unite="%", carte=True, lire=_part_sous_2_5),
    Colonne("population_sous_2_5", "Habitants sous APL 2,5", APL, niveaux=("epci",)),
    Colonne("population_sous_4", "Habitants sous APL 4", APL, niveaux=("epci",)),
    Colonne("communes_sans_medecin", "Communes sans médecin (2020)", BPE, niveaux=("epci",)),
    Colonne("communes_frr", "Communes FRR", FRR, niveaux=("epci",)),
    Colonne("classement_frr", "FRR", FRR, niveaux=("communes",)),
    Colonne("nb_qpv", "QPV", QPV),
    Colonne("praticiens", "Médecins généralistes (praticiens)", PRATICIENS, masques=PRATICIENS_SECRET),
    Colonne(
        "densite_praticiens", "Praticiens pour 10 000 habitants", PRATICIENS, 1, carte=True, masques=PRATICIENS_SECRET
    ),
    Colonne(
        "part_60_ans_et_plus", "Part des 60 ans et plus", PRATICIENS, 1, unite="%", carte=True, masques=AGES_SECRET
    ),
    Colonne("age_median", "Âge médian", PRATICIENS, 1, unite="ans", carte=True, masques=AGES_SECRET),
    Colonne("arrivees", "Arrivées", PRATICIENS, masques=PRATICIENS_SECRET),
    Colonne("departs", "Départs", PRATICIENS, masques=DEPARTS_SECRET),
    Colonne("solde", "Solde arrivées − départs", PRATICIENS, signe=True, carte=True, masques=DEPARTS_SECRET),
    Colonne("nb_msp", "MSP", PRATICIENS, niveaux=("epci",)),
    Colonne("nb_cds", "Centres de santé", PRATICIENS, niveaux=("epci",)),
]
PAR_CLE = {c.cle: c for c in COLONNES}


def masquer_praticiens(tableau: TableauDeBord) -> TableauDeBord:
    """For the public, the practitioner figures of a territory with 1 to 4 practitioners are hidden too (the
    ages are already hidden by the indicators): « moins de 5 » on the pages, the map and in the files."""
    if tableau.public:
        for ligne in [tableau.departement, *tableau.epcis, *tableau.communes]:
            if ligne.praticiens is not None and 0 < ligne.praticiens < SEUIL_SECRET:
                setattr(ligne, MASQUE_PRATICIENS, True)
    return tableau


INDICATEUR_PAR_DEFAUT = "densite"


def _a_des_praticiens(tableau: TableauDeBord) -> bool:
    return tableau.departement.praticiens is not None or bool(tableau.departement.source_praticiens)


def colonnes(tableau: TableauDeBord, niveau: str) -> list[Colonne]:
    """The columns of a level; the practitioner ones only once practitioners are counted."""
    avec_praticiens = _a_des_praticiens(tableau)
    return [c for c in COLONNES if niveau in c.niveaux and (avec_praticiens or not c.praticiens)]


def indicateurs_carte(tableau: TableauDeBord) -> list[Colonne]:
    return [c for c in colonnes(tableau, "communes") if c.carte]


def indicateur_choisi(tableau: TableauDeBord, cle: str | None) -> Colonne:
    choix = {c.cle: c for c in indicateurs_carte(tableau)}
    return choix.get(cle or "", choix[INDICATEUR_PAR_DEFAUT])


def praticiens_demo(tableau: TableauDeBord) -> bool:
    """Whether the practitioner figures are those of the demo population (never official)."""
    return "démonstration" in tableau.departement.source_praticiens.lower() or (
        JeuDonnees.PRATICIENS_DEMO in tableau.sources and JeuDonnees.RPPS not in tableau.sources
    )


# --- sort ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tri:
    cle: str  # "nom" or a column key
    descendant: bool

    @property
    def parametre(self) -> str:
        return ("-" if self.descendant else "") + self.cle

    def aria(self, cle: str) -> str:
        if cle != self.cle:
            return ""
        return "descending" if self.descendant else "ascending"

    def suivant(self, cle: str) -> str:
        """The `tri` parameter of a header's link: the other direction when it is the current column."""
        if cle == self.cle:
            return cle if self.descendant else f"-{cle}"
        return cle


def lire_tri(parametre: str | None, cols: list[Colonne]) -> Tri:
    """`?tri=apl` (ascending) or `?tri=-apl` (descending); anything else: by name."""
    parametre = (parametre or "").strip()
    descendant = parametre.startswith("-")
    cle = parametre.lstrip("-")
    if cle != "nom" and cle not in {c.cle for c in cols}:
        return Tri("nom", False)
    return Tri(cle, descendant)


def trier(lignes: list[Indicateurs], tri: Tri) -> list[Indicateurs]:
    """Sorted by name or by a column; territories without a value (or with a hidden one) always last."""
    if tri.cle == "nom":
        return sorted(lignes, key=lambda i: (normaliser_nom(i.nom), i.code), reverse=tri.descendant)
    colonne = PAR_CLE[tri.cle]

    def valeur(i: Indicateurs):
        if colonne.cachee(i):
            return None
        v = colonne.valeur(i)
        return None if v in (None, "") else v

    avec = [i for i in lignes if valeur(i) is not None]
    sans = sorted((i for i in lignes if valeur(i) is None), key=lambda i: (normaliser_nom(i.nom), i.code))
    avec.sort(key=lambda i: (normaliser_nom(i.nom), i.code))
    avec.sort(key=valeur, reverse=tri.descendant)  # stable: ties stay by name
    return avec + sans


# --- downloads ----------------------------------------------------------------------------------------------------
def sources(tableau: TableauDeBord, cols: list[Colonne]) -> list[dict]:
    """Each data set behind the columns: source, licence, vintage, import date; the demo practitioners say so."""
    resultat = [
        {
            "jeu": "cog",
            "source": "INSEE, Code officiel géographique 2026 ; DGCL, composition des EPCI à fiscalité propre",
            "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
            "millesime": "2026",
            "donnees": "réelles",
        }
    ]
    vus = set()
    for colonne in cols:
        if colonne.jeu in vus or colonne.jeu == "cog":
            continue
        vus.add(colonne.jeu)
        if colonne.praticiens:
            demo = praticiens_demo(tableau)
            resultat.append(
                {
                    "jeu": PRATICIENS,
                    "source": tableau.departement.source_praticiens or "médecins généralistes (praticiens)",
                    "licence": "aucune : population fictive de démonstration"
                    if demo
                    else "Licence Ouverte / Open Licence 2.0 (Etalab)",
                    "millesime": str(tableau.departement.date_praticiens or ""),
                    "donnees": "démonstration (fictives)" if demo else "réelles",
                }
            )
            continue
        instantane = tableau.sources.get(colonne.jeu)
        if instantane is None:
            continue
        resultat.append(
            {
                "jeu": colonne.jeu,
                "source": instantane.source,
                "licence": instantane.licence,
                "millesime": instantane.millesime,
                "importe_le": timezone.localtime(instantane.importe_le).date().isoformat(),
                "donnees": "réelles",
            }
        )
    return resultat


def metadonnees(tableau: TableauDeBord, cols: list[Colonne], titre: str) -> dict:
    return {
        "titre": titre,
        "producteur": "Bienvenue Docteur, observatoire (données dérivées des sources ci-dessous)",
        "licence": LICENCE_DERIVEES,
        "genere_le": timezone.localtime().replace(microsecond=0).isoformat(),
        "secret_statistique": f"Les chiffres calculés sur moins de {SEUIL_SECRET} médecins ne sont pas publiés "
        "(valeur vide, « masque » vrai).",
        "sources": sources(tableau, cols),
    }


def _valeur_brute(colonne: Colonne, ligne: Indicateurs):
    if colonne.cachee(ligne):
        return None
    return _valeur_publiable(colonne, ligne)


def _valeur_publiable(colonne: Colonne, ligne: Indicateurs):
    """_valeur_brute of a figure already known not to be hidden."""
    valeur = colonne.valeur(ligne)
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    return valeur if valeur != "" else None


def en_json(tableau: TableauDeBord, cols: list[Colonne], lignes: list[Indicateurs], titre: str) -> bytes:
    """The table as JSON: `metadonnees` (licence, sources, date) then one object per territory."""
    document = {
        "metadonnees": metadonnees(tableau, cols, titre),
        "colonnes": [{"cle": "code", "libelle": "Code"}, {"cle": "nom", "libelle": "Nom"}]
        + [{"cle": c.cle, "libelle": c.libelle, "unite": c.unite, "jeu": c.jeu} for c in cols]
        + [{"cle": "masque", "libelle": "Chiffres sur moins de 5 médecins masqués"}],
        "lignes": [
            {
                "code": i.code,
                "nom": i.nom,
                **{c.cle: _valeur_brute(c, i) for c in cols},
                "masque": any(c.cachee(i) for c in cols),
            }
            for i in lignes
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def en_csv(tableau: TableauDeBord, cols: list[Colonne], lignes: list[Indicateurs], titre: str) -> bytes:
    """The table as CSV (tableau_csv: « ; », UTF-8 with BOM, cells safe from formulas), preceded by comment
    lines « # … » giving the title, licence, sources and date (read them with `comment="#"`)."""
    meta = metadonnees(tableau, cols, titre)
    commentaires = [
        meta["titre"],
        f"Licence : {meta['licence']}",
        f"Généré le : {meta['genere_le']}",
        meta["secret_statistique"].replace("(valeur vide, « masque » vrai)", f"(« {SECRET} »)"),
        *(
            f"Source ({s['donnees']}) : {s['source']}, {s['millesime']}. Licence : {s['licence']}"
            for s in meta["sources"]
        ),
    ]
    entete = "".join(
        "# " + " ".join(ligne.replace(" ; ", ", ").replace(";", ",").split()) + "\r\n" for ligne in commentaires
    )
    corps = tableau_csv(
        ["Code", "Nom", *(c.libelle + (f" ({c.unite})" if c.unite else "") for c in cols)],
        ([i.code, i.nom, *(_cellule_csv(c, i) for c in cols)] for i in lignes),
    )
    return "\ufeff".encode() + entete.encode() + corps.removeprefix("\ufeff".encode())


def _cellule_csv(colonne: Colonne, ligne: Indicateurs):
    if colonne.cachee(ligne):
        return SECRET
    if colonne.texte:
        return ligne.libelle_frr
    valeur = _valeur_publiable(colonne, ligne)
    if valeur is None:
        return ""
    if isinstance(valeur, float):
        return DecimalFrancais(valeur)
    return valeur


class DecimalFrancais(float):
    """A figure written « 3,03 » in the CSV, as French spreadsheets read it (a number, not a text: the CSV
    injection guard leaves it alone, « -0,21 » included)."""

    def __str__(self):
        return repr(float(self)).replace(".", ",")


# --- HTML tables ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entete:
    cle: str
    libelle: str
    unite: str
    aria_sort: str  # "ascending", "descending" or ""
    url: str  # the same page sorted by this column (the other way when it is the current one)
    numerique: bool


@dataclass(frozen=True)
class Cellule:
    texte: str
    etat: str = ""  # "nd" (non disponible), "secret" (moins de 5) or ""


@dataclass(frozen=True)
class LigneTable:
    code: str
    nom: str
    url: str
    cellules: list[Cellule]


def table_html(cols: list[Colonne], lignes: list[Indicateurs], tri: Tri, *, niveau: str, parametres: dict, ancre: str):
    """(headers, rows) of a sortable table: each header links to `?<parametres>&tri=…#<ancre>` (works without
    JavaScript); each row names its territory with a link to its page."""
    from urllib.parse import urlencode

    from django.urls import reverse

    def url_tri(cle: str) -> str:
        return "?" + urlencode({**parametres, "tri": tri.suivant(cle)}) + f"#{ancre}"

    entetes = [Entete("nom", "Nom", "", tri.aria("nom"), url_tri("nom"), False)] + [
        Entete(c.cle, c.libelle, c.unite, tri.aria(c.cle), url_tri(c.cle), not c.texte) for c in cols
    ]
    vue = "observatoire:commune" if niveau == "communes" else "observatoire:epci"
    modele_url = reverse(vue, args=["CODE"])  # one reverse, not one per row
    sep = separateurs()
    rangees = []
    for ligne in lignes:
        cellules = []
        for colonne in cols:
            texte = colonne.afficher(ligne, sep)
            etat = "secret" if texte == SECRET else "nd" if texte == NON_DISPONIBLE else ""
            cellules.append(Cellule(texte, etat))
        rangees.append(LigneTable(ligne.code, ligne.nom, modele_url.replace("CODE", ligne.code), cellules))
    return entetes, rangees


@dataclass(frozen=True)
class ChiffreCle:
    libelle: str
    valeurs: list[Cellule]  # one per territory compared
    source: str


def chiffres_cles(tableau: TableauDeBord, cols: list[Colonne], territoires: list[Indicateurs]) -> list[ChiffreCle]:
    """A territory's figures beside its EPCI and its département: one row per column, with its source."""
    par_jeu = {s["jeu"]: s for s in sources(tableau, cols)}
    lignes = []
    for colonne in cols:
        source = par_jeu.get(colonne.jeu)
        texte_source = f"{source['source']}, {source['millesime']}".rstrip(", ") if source else NON_DISPONIBLE
        if source and source["donnees"] != "réelles":
            texte_source += f" ({source['donnees']})"
        cellules = []
        for territoire in territoires:
            texte = colonne.afficher(territoire)
            etat = "secret" if texte == SECRET else "nd" if texte == NON_DISPONIBLE else ""
            cellules.append(Cellule(texte, etat))
        libelle = colonne.libelle + (f" ({colonne.unite})" if colonne.unite else "")
        lignes.append(ChiffreCle(libelle, cellules, texte_source))
    return lignes
