"""The observatory's trend series: each one a table (the source of truth, always shown) and the data of its
chart (Chart.js, a progressive enhancement drawn by static/js/observatoire-graphiques.js). Real open data only:
GPs per département over the years (Assurance Maladie), open MSP and centres de santé (baromètre DITP),
the APL 2022 → 2023 (DREES) and the municipal populations over the COG editions (INSEE)."""

import json
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from bienvenuedoc.utils.tableur import tableau_csv

from .enums import CategorieGeneralistes, TypeStructure
from .indicateurs import SEUIL_SECRET, Indicateurs
from .indicateurs_praticiens import evolution_praticiens
from .models import MedecinsDepartement, PopulationHistorique, StructuresDepartement
from .tableaux import LICENCE_DERIVEES, NON_DISPONIBLE, SECRET, DecimalFrancais, nombre

LICENCE_OUVERTE = "Licence Ouverte / Open Licence 2.0 (Etalab)"


@dataclass
class Serie:
    """A table of figures by period: `colonnes` (label, decimals) of the values, `lignes` (period, values…)."""

    ident: str
    titre: str
    periode: str  # the first column's header
    colonnes: list[tuple[str, int | None]]
    lignes: list[tuple] = field(default_factory=list)
    source: str = ""
    type: str = "line"  # "line" or "bar"
    demo: bool = False  # figures of the demo population (fictitious), said under the table
    licence: str = LICENCE_OUVERTE

    @property
    def id_donnees(self) -> str:
        return f"donnees-graphique-{self.ident}"

    @property
    def graphique_possible(self) -> bool:
        return len(self.lignes) >= 2

    def cellules(self) -> list[tuple[str, list[str]]]:
        return [
            (
                str(periode),
                [
                    "non disponible" if v is None else nombre(v, decimales)
                    for v, (_l, decimales) in zip(valeurs, self.colonnes)
                ],
            )
            for periode, *valeurs in self.lignes
        ]

    def donnees_graphique(self) -> dict:
        """What Chart.js draws (json_script): labels and one dataset per value column."""
        return {
            "type": self.type,
            "titre": self.titre,
            "etiquettes": [str(periode) for periode, *_ in self.lignes],
            "series": [
                {"libelle": libelle, "valeurs": [_nombre_ou_rien(ligne[rang + 1]) for ligne in self.lignes]}
                for rang, (libelle, _d) in enumerate(self.colonnes)
            ],
        }


def _cellule(valeur, decimales: int | None) -> str:
    if valeur is None:
        return NON_DISPONIBLE
    return valeur if isinstance(valeur, str) else nombre(valeur, decimales)


def _nombre_ou_rien(valeur):
    """A hidden figure (SECRET) or an unknown one is a gap in the chart."""
    return None if isinstance(valeur, str) else valeur


def series_departement(code: str) -> list[Serie]:
    """GPs per year (Assurance Maladie) and open MSP / centres de santé (DITP) of the département. 2 queries."""
    medecins = Serie(
        "medecins-departement",
        "Médecins généralistes libéraux actifs du département",
        "Année",
        [("Effectif", None), ("Pour 100 000 habitants", 1)],
        source="Assurance Maladie (Cnam), data.ameli.fr, ensemble des médecins généralistes libéraux actifs",
    )
    medecins.lignes = list(
        MedecinsDepartement.objects.filter(zone=code, categorie=CategorieGeneralistes.ENSEMBLE)
        .order_by("annee")
        .values_list("annee", "effectif", "densite")
    )
    structures = Serie(
        "structures-departement",
        "Maisons de santé pluriprofessionnelles et centres de santé ouverts dans le département",
        "Date",
        [("MSP ouvertes", None), ("Centres de santé", None)],
        source="Baromètre des résultats de l’action publique (DITP), indicateurs IND-311 et IND-318",
        licence="Données publiques du Gouvernement (licence non précisée par le dépôt)",
    )
    par_date: dict = {}
    for date, type_, nombre_ in (
        StructuresDepartement.objects.filter(zone=code, nombre__isnull=False)
        .order_by("date")
        .values_list("date", "type", "nombre")
    ):
        par_date.setdefault(date, {})[type_] = nombre_
    structures.lignes = [
        (date.strftime("%m/%Y"), valeurs.get(TypeStructure.MSP), valeurs.get(TypeStructure.CENTRE_SANTE))
        for date, valeurs in sorted(par_date.items())
    ]
    return [s for s in (medecins, structures) if s.lignes]


def serie_apl(territoire: Indicateurs, departement: Indicateurs | None = None) -> Serie | None:
    """The APL 2022 and 2023 of a territory (and of its département beside it), from the indicators."""
    if territoire.apl is None and territoire.apl_avant is None:
        return None
    colonnes = [(territoire.nom, 2)]
    if departement is not None and departement is not territoire:
        colonnes.append((f"Département ({departement.nom})", 2))
    serie = Serie(
        "apl",
        "Accessibilité potentielle localisée aux médecins généralistes (APL)",
        "Année",
        colonnes,
        source="DREES, APL 2022 et 2023 (consultations accessibles par an et par habitant standardisé)",
        type="bar",
    )
    for annee, attribut in ((2022, "apl_avant"), (2023, "apl")):
        valeurs = [getattr(territoire, attribut)]
        if len(colonnes) == 2:
            valeurs.append(getattr(departement, attribut))
        serie.lignes.append((annee, *valeurs))
    return serie


def serie_population(nom: str, *, commune_id: int | None = None, communes_de_epci: tuple[str, str] | None = None):
    """Municipal population over the COG editions of a commune, or of an EPCI's communes in a département
    (`communes_de_epci`: (EPCI SIREN, département code)). One query."""
    lignes = PopulationHistorique.objects.all()
    if commune_id is not None:
        lignes = lignes.filter(commune_id=commune_id)
    else:
        siren, departement = communes_de_epci
        lignes = lignes.filter(commune__epci__siren=siren, commune__departement__code=departement)
    serie = Serie(
        "population",
        "Population municipale",
        "Année d’entrée en vigueur",
        [(nom, None)],
        source="INSEE, populations légales (millésimes du Code officiel géographique)",
    )
    serie.lignes = list(
        lignes.values("annee").annotate(total=Sum("population")).order_by("annee").values_list("annee", "total")
    )
    return serie if serie.lignes else None


def serie_praticiens(code_departement: str, *, epci: str | None = None, nom: str, demo: bool, public: bool = True):
    """The GPs counted each year from the practitioner snapshots (RPPS extracts or the demo population),
    with arrivals and departures since the previous year (departures hidden on fewer than 5). Two queries."""
    points = evolution_praticiens(code_departement, epci=epci, public=public)
    if not points:
        return None
    serie = Serie(
        "praticiens",
        f"Médecins généralistes comptés chaque année ({nom})",
        "Année",
        [("Effectif", None), ("Arrivées", None), ("Départs", None)],
        source="population fictive de démonstration" if demo else "Annuaire Santé (RPPS), extractions successives",
        demo=demo,
        licence="aucune : population fictive de démonstration" if demo else LICENCE_OUVERTE,
    )
    for point in points:
        effectif, arrivees, departs = point.effectif, point.arrivees, point.departs
        if public and 0 < effectif < SEUIL_SECRET:  # no figure on fewer than 5 practitioners
            effectif, arrivees, departs = SECRET, SECRET if arrivees is not None else None, None
        serie.lignes.append((point.annee, effectif, arrivees, departs))
    return serie


# --- downloads of a series ---------------------------------------------------------------------------------------
def metadonnees(serie: Serie, territoire: str) -> dict:
    return {
        "titre": f"{serie.titre}, {territoire}",
        "producteur": "Bienvenue Docteur, observatoire (données dérivées de la source ci-dessous)",
        "licence": LICENCE_DERIVEES,
        "genere_le": timezone.localtime().replace(microsecond=0).isoformat(),
        "secret_statistique": f"Les chiffres calculés sur moins de {SEUIL_SECRET} médecins ne sont pas publiés.",
        "sources": [
            {
                "source": serie.source,
                "licence": serie.licence,
                "donnees": "démonstration (fictives)" if serie.demo else "réelles",
            }
        ],
    }


def en_json(serie: Serie, territoire: str) -> bytes:
    cles = [serie.periode, *(libelle for libelle, _d in serie.colonnes)]
    document = {
        "metadonnees": metadonnees(serie, territoire),
        "colonnes": cles,
        "lignes": [
            dict(zip(cles, [periode, *(_nombre_ou_rien(v) for v in valeurs)], strict=True))
            for periode, *valeurs in serie.lignes
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=str).encode()


def en_csv(serie: Serie, territoire: str) -> bytes:
    """Like the tables' CSV (observatoire.tableaux.en_csv): comment lines « # … », then the table."""
    meta = metadonnees(serie, territoire)
    source = meta["sources"][0]
    commentaires = [
        meta["titre"],
        f"Licence : {meta['licence']}",
        f"Généré le : {meta['genere_le']}",
        meta["secret_statistique"],
        f"Source ({source['donnees']}) : {source['source']}. Licence : {source['licence']}",
    ]
    entete = "".join("# " + " ".join(ligne.replace(";", ",").split()) + "\r\n" for ligne in commentaires)
    corps = tableau_csv(
        [serie.periode, *(libelle for libelle, _d in serie.colonnes)],
        (
            [str(periode), *(DecimalFrancais(v) if isinstance(v, float) else v for v in valeurs)]
            for periode, *valeurs in serie.lignes
        ),
    )
    return "\ufeff".encode() + entete.encode() + corps.removeprefix("\ufeff".encode())
