"""Selectors of the observatory's health open data (imported by `importer_observatoire`): the FRR and QPV
lists other apps read, and the indicators per département, EPCI and commune."""

import datetime
from dataclasses import dataclass

from django.db.models import Count

from observatoire import indicateurs_praticiens
from observatoire.enums import CategorieGeneralistes, ClassementFRR, JeuDonnees, TypeStructure
from observatoire.indicateurs_praticiens import PointPraticiens, evolution_praticiens
from observatoire.models import (
    APLCommune,
    ClassementFRRCommune,
    Commune,
    ImportDonnees,
    MedecinsCommune,
    MedecinsDepartement,
    QuartierPrioritaire,
    StructuresDepartement,
)

__all__ = ["PointPraticiens", "evolution_praticiens"]  # trends of the practitioners, for the pages and reports


def instantane_courant(jeu: str) -> ImportDonnees | None:
    """The latest snapshot of a data set (its source, publication date and import date)."""
    return ImportDonnees.objects.filter(jeu=jeu).order_by("-importe_le").first()


def classements_frr(departement: str) -> list[tuple[int, str]]:
    """(commune id, FRR classification) of the département's communes, official list of July 2025."""
    return list(
        ClassementFRRCommune.objects.filter(commune__departement__code=departement).values_list(
            "commune_id", "classement"
        )
    )


def quartiers_prioritaires(departement: str) -> dict[int, list[str]]:
    """commune id → names (and codes) of its QPV 2024."""
    resultat: dict[int, list[str]] = {}
    lignes = QuartierPrioritaire.objects.filter(commune__departement__code=departement).order_by("code")
    for commune_id, code, nom in lignes.values_list("commune_id", "code", "nom"):
        resultat.setdefault(commune_id, []).append(f"{nom} ({code})")
    return resultat


def jeu_importe(jeu: JeuDonnees, departement: str) -> bool:
    """Whether a snapshot of `jeu` covers the département (an empty list of QPV is then a real « none »)."""
    return any(
        departement in p.split() for p in ImportDonnees.objects.filter(jeu=jeu).values_list("perimetre", flat=True)
    )


# --- indicators per département, EPCI and commune ----------------------------------------------------------------
SEUIL_SOUS_DENSE = 2.5  # APL under which a commune is under-served (DREES)
SEUIL_APL_FAIBLE = 4.0
SEUIL_SECRET = indicateurs_praticiens.SEUIL_SECRET  # a figure computed on fewer practitioners is not shown
ANNEE_BPE = 2020
APL_AVANT, APL_APRES = 2022, 2023


@dataclass
class Indicateurs:
    """The figures of one territory (département, EPCI or commune). `medecins*`: INSEE BPE 2020, with the
    population of 2020 (the one the DREES publishes with the APL 2022); `apl*`: DREES. None: unknown, or
    hidden from the public (`masque`: fewer than SEUIL_SECRET practitioners)."""

    code: str
    nom: str
    nb_communes: int = 0
    population_2020: int | None = None
    medecins: int | None = None
    masque: bool = False
    apl: float | None = None
    apl_avant: float | None = None
    population_apl: int | None = None  # population of the APL 2023 (INSEE 2021)
    population_sous_2_5: int | None = None
    population_sous_4: int | None = None
    communes_sans_medecin: int | None = None
    communes_frr: int = 0
    classement_frr: str = ""
    nb_qpv: int = 0
    # Practitioners (table Praticien / PresencePraticien: RPPS extracts, or the demo population): never summed
    # with the BPE 2020 `medecins` above. `source_praticiens` says which (« RPPS (Annuaire Santé) du … » or
    # « démonstration »); `date_praticiens` is the date of the counted snapshot; arrivals/departures are over
    # the period `debut_periode`–`fin_periode`. Ages and departures on fewer than SEUIL_SECRET: None publicly.
    praticiens: int | None = None
    densite_praticiens: float | None = None  # per 10,000 inhabitants, population of the matching year
    annee_population_praticiens: int | None = None
    part_60_ans_et_plus: float | None = None  # percent, of the practitioners whose birth year is known
    age_median: float | None = None
    arrivees: int | None = None
    departs: int | None = None
    solde: int | None = None
    nb_msp: int | None = None
    nb_cds: int | None = None
    source_praticiens: str = ""
    masque_ages: bool = False  # public: ages hidden (fewer than SEUIL_SECRET practitioners)
    masque_departs: bool = False  # public: departures and balance hidden (same rule)
    date_praticiens: datetime.date | None = None
    debut_periode: datetime.date | None = None
    fin_periode: datetime.date | None = None
    _poids: float = 0.0
    _somme_apl: float = 0.0
    _poids_avant: float = 0.0
    _somme_apl_avant: float = 0.0

    @property
    def densite(self) -> float | None:
        """GPs per 10,000 inhabitants (BPE 2020 / population 2020)."""
        if self.medecins is None or not self.population_2020:
            return None
        return round(self.medecins * 10_000 / self.population_2020, 1)

    @property
    def habitants_par_medecin(self) -> int | None:
        if not self.medecins or not self.population_2020:
            return None
        return round(self.population_2020 / self.medecins)

    @property
    def libelle_frr(self) -> str:
        return ClassementFRR(self.classement_frr).label if self.classement_frr else ""

    @property
    def evolution_apl(self) -> float | None:
        if self.apl is None or self.apl_avant is None:
            return None
        return round(self.apl - self.apl_avant, 3)


@dataclass
class Reference:
    """A département figure against France, from one source and year."""

    libelle: str
    departement: float | None
    france: float | None
    source: str
    annee: str


@dataclass
class TableauDeBord:
    departement: Indicateurs
    epcis: list[Indicateurs]
    communes: list[Indicateurs]
    references: list[Reference]
    sources: dict[str, ImportDonnees]
    public: bool

    @property
    def a_des_donnees(self) -> bool:
        return bool(self.sources)


def _ajouter(cible: Indicateurs, commune: Indicateurs) -> None:
    cible.nb_communes += 1
    for champ in ("population_2020", "medecins", "population_apl"):
        valeur = getattr(commune, champ)
        if valeur is not None:
            setattr(cible, champ, (getattr(cible, champ) or 0) + valeur)
    if commune.apl is not None:
        cible.population_sous_2_5 = (cible.population_sous_2_5 or 0) + (
            commune.population_apl if commune.apl < SEUIL_SOUS_DENSE else 0
        )
        cible.population_sous_4 = (cible.population_sous_4 or 0) + (
            commune.population_apl if commune.apl < SEUIL_APL_FAIBLE else 0
        )
    if commune.medecins is not None:
        cible.communes_sans_medecin = (cible.communes_sans_medecin or 0) + (commune.medecins == 0)
    cible.communes_frr += bool(commune.classement_frr and commune.classement_frr != ClassementFRR.NON_CLASSEE)
    cible.nb_qpv += commune.nb_qpv
    cible._poids += commune._poids
    cible._somme_apl += commune._somme_apl
    cible._poids_avant += commune._poids_avant
    cible._somme_apl_avant += commune._somme_apl_avant


def _moyennes(cible: Indicateurs) -> None:
    """APL of a group of communes: mean weighted by the standardised population (the DREES method)."""
    if cible._poids:
        cible.apl = round(cible._somme_apl / cible._poids, 3)
    if cible._poids_avant:
        cible.apl_avant = round(cible._somme_apl_avant / cible._poids_avant, 3)


def _masquer(indicateurs: Indicateurs) -> None:
    if indicateurs.medecins is not None and 0 < indicateurs.medecins < SEUIL_SECRET:
        indicateurs.medecins = None
        indicateurs.masque = True


def tableau_de_bord(
    code_departement: str,
    *,
    public: bool = True,
    date: datetime.date | None = None,
    debut: datetime.date | None = None,
    fin: datetime.date | None = None,
) -> TableauDeBord:
    """Every indicator of the département, its EPCIs (their communes in the département) and its communes,
    in a fixed number of queries (9, 11 once practitioners are imported) whatever the number of communes and
    practitioners. `public`: GP counts of 1 to 4 (and what is computed from them) are hidden, and so are the
    practitioners' ages and departures computed on fewer than 5; staff see everything. `date`: the day the
    practitioners are counted (default today); `debut`–`fin`: the period of their arrivals and departures
    (default: between the last two snapshots), see observatoire/indicateurs_praticiens.py."""
    communes = list(
        Commune.objects.filter(departement__code=code_departement)
        .order_by("nom", "code_insee")
        .values_list(
            "id",
            "code_insee",
            "nom",
            "epci_id",
            "epci__nom",
            "epci__siren",
            "departement__nom",
            "population_annee",
            "population",
        )
    )
    filtre = {"commune__departement__code": code_departement}
    apl = APLCommune.objects.filter(**filtre, annee__in=[APL_AVANT, APL_APRES]).values_list(
        "commune_id", "annee", "apl", "population", "population_standardisee"
    )
    bpe = dict(MedecinsCommune.objects.filter(**filtre, annee=ANNEE_BPE).values_list("commune_id", "nombre"))
    frr = dict(ClassementFRRCommune.objects.filter(**filtre).values_list("commune_id", "classement"))
    qpv = dict(
        QuartierPrioritaire.objects.filter(**filtre)
        .values("commune_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("commune_id", "n")
    )
    par_commune = {
        pk: Indicateurs(
            code=code,
            nom=nom,
            nb_communes=1,
            medecins=bpe.get(pk),
            classement_frr=frr.get(pk, ""),
            nb_qpv=qpv.get(pk, 0),
        )
        for pk, code, nom, *_ in communes
    }
    for commune_id, annee, valeur, population, poids in apl:
        ligne = par_commune[commune_id]
        if annee == APL_APRES:
            ligne.apl, ligne.population_apl = valeur, population
            ligne._poids, ligne._somme_apl = poids, valeur * poids
        else:
            ligne.apl_avant, ligne.population_2020 = valeur, population
            ligne._poids_avant, ligne._somme_apl_avant = poids, valeur * poids

    nom_departement = communes[0][6] if communes else code_departement
    departement = Indicateurs(code=code_departement, nom=nom_departement)
    epcis: dict[int | None, Indicateurs] = {}
    epci_de: dict[int, Indicateurs] = {}
    for pk, _code, _nom, epci_id, epci_nom, siren, *_ in communes:
        ligne = par_commune[pk]
        _ajouter(departement, ligne)
        if epci_id is not None:
            epci = epcis.setdefault(epci_id, Indicateurs(code=siren, nom=epci_nom))
            _ajouter(epci, ligne)
            epci_de[pk] = epci
    groupes = [departement, *epcis.values()]
    for groupe in groupes:
        _moyennes(groupe)
    if public:
        for ligne in [*groupes, *par_commune.values()]:
            _masquer(ligne)
    imports = list(ImportDonnees.objects.order_by("importe_le"))
    tableau = TableauDeBord(
        departement=departement,
        epcis=sorted(epcis.values(), key=lambda e: (-(e.population_2020 or 0), e.nom)),
        communes=list(par_commune.values()),
        references=_references(code_departement),
        sources={i.jeu: i for i in imports},  # the latest of each set
        public=public,
    )
    populations = {pk: (annee, population) for pk, *_, annee, population in communes if annee and population}
    indicateurs_praticiens.calculer(
        tableau, imports, par_commune, epci_de, populations, public=public, date=date, debut=debut, fin=fin
    )
    return tableau


def _references(code: str) -> list[Reference]:
    """The département against France: Assurance Maladie 2024 GPs, DITP MSP and centres de santé."""
    references = []
    ameli = {
        zone: (effectif, densite, annee)
        for zone, effectif, densite, annee in MedecinsDepartement.objects.filter(
            zone__in=[code, "FR"], categorie=CategorieGeneralistes.ENSEMBLE
        )
        .order_by("annee")
        .values_list("zone", "effectif", "densite", "annee")
    }
    if code in ameli:
        effectif, densite, annee = ameli[code]
        france = ameli.get("FR", (None, None, annee))
        source = "Assurance Maladie (Cnam), data.ameli.fr, médecins généralistes libéraux actifs"
        references += [
            Reference("Médecins généralistes libéraux (effectif)", effectif, france[0], source, str(annee)),
            Reference("Médecins généralistes libéraux pour 100 000 habitants", densite, france[1], source, str(annee)),
        ]
    structures: dict[tuple[str, str], tuple] = {}
    for zone, type_, date, nombre in (
        StructuresDepartement.objects.filter(zone__in=[code, "FR"], nombre__isnull=False)
        .order_by("date")
        .values_list("zone", "type", "date", "nombre")
    ):
        structures[(zone, type_)] = (nombre, date)
    for type_ in TypeStructure:
        if (code, type_) in structures:
            nombre, date = structures[(code, type_)]
            france = structures.get(("FR", type_), (None, date))
            references.append(
                Reference(
                    type_.label,
                    nombre,
                    france[0] if france[1] == date else None,
                    "Baromètre des résultats de l’action publique (DITP)",
                    date.strftime("%m/%Y"),
                )
            )
    return references
