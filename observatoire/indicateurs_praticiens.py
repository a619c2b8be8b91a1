"""Practitioner indicators of the observatory, from the `PresencePraticien` snapshots (RPPS extracts, or the demo
population when no RPPS extract covers the département — never both in one figure), aggregated in Python from
one query over the département's presences, whatever their number:

- at a date: the GPs present in the latest snapshot on or before it, their density per 10,000 inhabitants (the
  population of the matching year: `PopulationHistorique`, or the commune's current one), the share aged 60 and
  over and the median age (of those whose birth year is known);
- over a period: arrivals (present at its end, not at its start), departures (the reverse) and the balance,
  per territory (a GP moving between two communes leaves one and arrives in the other, not in the département);
- MSP and centres de santé (`Structure`) open at the date (the demo ones only where no real one is known).

Public figures: ages and departures computed on fewer than SEUIL_SECRET practitioners are None (`masque_*`)."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from observatoire.enums import CategorieStructure, JeuDonnees, SourcePraticien
from observatoire.models import ImportDonnees, PopulationHistorique, PresencePraticien, Structure

SEUIL_SECRET = 5
AGE_SENIOR = 60
JEUX_PRATICIENS = (JeuDonnees.RPPS, JeuDonnees.PRATICIENS_DEMO)


@dataclass(frozen=True)
class Instantane:
    pk: int
    jeu: str
    date: datetime.date

    @property
    def libelle(self) -> str:
        if self.jeu == JeuDonnees.RPPS:
            return f"Annuaire Santé (RPPS), extrait du {self.date:%d/%m/%Y}"
        return f"Population de démonstration (fictive, ce ne sont pas des données RPPS), état au {self.date:%d/%m/%Y}"


def instantanes_praticiens(imports, code_departement: str) -> list[Instantane]:
    """The practitioner snapshots covering the département, oldest first: the RPPS extracts if there is any,
    else the demo ones. `imports`: ImportDonnees rows already loaded (no query here)."""
    couvrants = [
        i
        for i in imports
        if i.jeu in JEUX_PRATICIENS and i.date_publication and code_departement in i.perimetre.split()
    ]
    jeu = JeuDonnees.RPPS if any(i.jeu == JeuDonnees.RPPS for i in couvrants) else JeuDonnees.PRATICIENS_DEMO
    return sorted(
        (Instantane(i.pk, i.jeu, i.date_publication) for i in couvrants if i.jeu == jeu), key=lambda i: i.date
    )


def _au(instantanes: list[Instantane], date: datetime.date | None) -> Instantane | None:
    candidats = [i for i in instantanes if date is None or i.date <= date]
    return candidats[-1] if candidats else None


@dataclass
class Periode:
    releve: Instantane  # the snapshot counted at the date
    debut: Instantane | None
    fin: Instantane


def choisir_periode(instantanes, *, date=None, debut=None, fin=None) -> Periode | None:
    """`date`: the day counted (default: `fin`, else today); `debut`–`fin`: the period of the arrivals and
    departures (default: from the snapshot before the counted one to the counted one)."""
    date = date or fin or timezone.localdate()
    releve = _au(instantanes, date)
    if releve is None:
        return None
    fin_ = _au(instantanes, fin) if fin else releve
    if fin_ is None:
        fin_ = releve
    if debut is not None:
        debut_ = _au(instantanes, debut)
    else:
        precedents = [i for i in instantanes if i.date < fin_.date]
        debut_ = precedents[-1] if precedents else None
    if debut_ is not None and debut_.date >= fin_.date:
        debut_ = None
    return Periode(releve=releve, debut=debut_, fin=fin_)


def age(annee_naissance: int, date: datetime.date) -> int:
    return date.year - annee_naissance


def _annee_population(populations: dict[int, dict[int, int]], annee: int) -> int | None:
    annees = {a for valeurs in populations.values() for a in valeurs}
    avant = [a for a in annees if a <= annee]
    if avant:
        return max(avant)
    return min(annees) if annees else None


def calculer(
    tableau, imports, par_pk, epci_de, populations_actuelles, *, public: bool, date=None, debut=None, fin=None
) -> None:
    """Fills the practitioner fields of `tableau` (a TableauDeBord: département, EPCIs, communes). `imports`:
    every ImportDonnees (already loaded); `par_pk`: commune pk → its Indicateurs; `epci_de`: commune pk → its
    EPCI’s Indicateurs; `populations_actuelles`: commune pk → (year, population) of the Commune rows. One to
    three queries, whatever the number of communes and practitioners."""
    dep = tableau.departement
    instantanes = instantanes_praticiens(imports, dep.code)
    _structures(tableau, par_pk, epci_de, date or fin or timezone.localdate())
    periode = choisir_periode(instantanes, date=date, debut=debut, fin=fin)
    if periode is None:
        return
    ids = {periode.releve.pk, periode.fin.pk} | ({periode.debut.pk} if periode.debut else set())
    lignes = PresencePraticien.objects.filter(instantane_id__in=ids, commune__departement__code=dep.code).values_list(
        "instantane_id", "praticien_id", "commune_id", "praticien__annee_naissance"
    )
    presents: dict[int, dict[int, int]] = defaultdict(dict)  # snapshot → praticien → commune
    naissances: dict[int, int | None] = {}
    for instantane_id, praticien_id, commune_id, annee in lignes:
        if commune_id in par_pk:
            presents[instantane_id][praticien_id] = commune_id
            naissances[praticien_id] = annee
    populations, annee_population = _populations(dep.code, periode.releve.date.year, populations_actuelles)

    def groupes(commune_pk):
        """The Indicateurs a commune counts in: itself, its EPCI, the département."""
        cibles = [par_pk[commune_pk], dep]
        if epci_de.get(commune_pk) is not None:
            cibles.append(epci_de[commune_pk])
        return cibles

    tous = [dep, *tableau.epcis, *tableau.communes]
    effectifs: dict[int, list[int]] = defaultdict(list)  # id(Indicateurs) → birth years known
    comptes: dict[int, int] = defaultdict(int)
    for praticien_id, commune_pk in presents[periode.releve.pk].items():
        for cible in groupes(commune_pk):
            comptes[id(cible)] += 1
            if naissances.get(praticien_id):
                effectifs[id(cible)].append(naissances[praticien_id])
    population_de: dict[int, int] = defaultdict(int)
    for commune_pk in par_pk:
        population = populations.get(commune_pk)
        if population is not None:
            for cible in groupes(commune_pk):
                population_de[id(cible)] += population
    mouvements = _mouvements(presents, periode, groupes) if periode.debut else None
    base_debut: dict[int, int] = defaultdict(int)
    if periode.debut:
        for commune_pk in presents[periode.debut.pk].values():
            for cible in groupes(commune_pk):
                base_debut[id(cible)] += 1

    for indic in tous:
        cle = id(indic)
        indic.source_praticiens = periode.releve.libelle
        indic.date_praticiens = periode.releve.date
        indic.debut_periode = periode.debut.date if periode.debut else None
        indic.fin_periode = periode.fin.date
        indic.praticiens = comptes.get(cle, 0)
        indic.annee_population_praticiens = annee_population
        if population_de.get(cle):
            indic.densite_praticiens = round(indic.praticiens * 10_000 / population_de[cle], 1)
        annees = effectifs.get(cle, [])
        secret_ages = public and len(annees) < SEUIL_SECRET
        if annees and not secret_ages:
            ages = [age(a, periode.releve.date) for a in annees]
            indic.part_60_ans_et_plus = round(100 * sum(a >= AGE_SENIOR for a in ages) / len(ages), 1)
            indic.age_median = float(statistics.median(ages))
        indic.masque_ages = bool(annees) and secret_ages
        if mouvements is not None:
            arrivees, departs = mouvements[cle]
            indic.arrivees = arrivees
            secret_departs = public and 0 < max(base_debut.get(cle, 0), indic.praticiens) < SEUIL_SECRET
            indic.masque_departs = secret_departs
            if not secret_departs:
                indic.departs = departs
                indic.solde = arrivees - departs


def _mouvements(presents, periode: Periode, groupes) -> dict[int, tuple[int, int]]:
    """id(Indicateurs) → (arrivals, departures) between the period's two snapshots."""
    avant, apres = presents[periode.debut.pk], presents[periode.fin.pk]
    territoires_avant = {p: {id(c) for c in groupes(commune)} for p, commune in avant.items()}
    territoires_apres = {p: {id(c) for c in groupes(commune)} for p, commune in apres.items()}
    resultat: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for praticien, dans in territoires_apres.items():
        for cle in dans - territoires_avant.get(praticien, set()):
            resultat[cle][0] += 1
    for praticien, dans in territoires_avant.items():
        for cle in dans - territoires_apres.get(praticien, set()):
            resultat[cle][1] += 1
    return defaultdict(lambda: (0, 0), {cle: (a, d) for cle, (a, d) in resultat.items()})


def _populations(code_departement: str, annee: int, actuelles: dict) -> tuple[dict[int, int], int | None]:
    """commune pk → population of the year in force at `annee` (one query for the historical ones; the current
    ones are given); the same year for every commune, so that densities compare."""
    par_commune: dict[int, dict[int, int]] = defaultdict(dict)
    for commune_id, annee_pop, population in PopulationHistorique.objects.filter(
        commune__departement__code=code_departement
    ).values_list("commune_id", "annee", "population"):
        par_commune[commune_id][annee_pop] = population
    for commune_id, (annee_pop, population) in actuelles.items():
        par_commune[commune_id].setdefault(annee_pop, population)
    choisie = _annee_population(par_commune, annee)
    if choisie is None:
        return {}, None
    return {pk: valeurs[choisie] for pk, valeurs in par_commune.items() if choisie in valeurs}, choisie


def _structures(tableau, par_pk, epci_de, date: datetime.date) -> None:
    lignes = list(
        Structure.objects.filter(
            Q(date_ouverture__isnull=True) | Q(date_ouverture__lte=date),
            Q(date_fermeture__isnull=True) | Q(date_fermeture__gt=date),
            commune__departement__code=tableau.departement.code,
            categorie__in=[CategorieStructure.MSP, CategorieStructure.CENTRE_SANTE],
        ).values_list("commune_id", "categorie", "source")
    )
    if not lignes:
        return
    reelles = [(commune, categorie) for commune, categorie, source in lignes if source != SourcePraticien.DEMO]
    # the demo structures only when no real one (FINESS, staff input) is known in the département: never mixed
    lignes = reelles or [(commune, categorie) for commune, categorie, _source in lignes]
    for indic in [tableau.departement, *tableau.epcis, *tableau.communes]:
        indic.nb_msp = indic.nb_cds = 0
    for commune_id, categorie in lignes:
        cibles = [tableau.departement, par_pk.get(commune_id), epci_de.get(commune_id)]
        for cible in cibles:
            if cible is None:
                continue
            if categorie == CategorieStructure.MSP:
                cible.nb_msp += 1
            else:
                cible.nb_cds += 1


# --- trends ------------------------------------------------------------------------------------------------------
class PointPraticiens(NamedTuple):
    annee: int
    effectif: int
    arrivees: int | None
    departs: int | None


def evolution_praticiens(code_departement: str, *, epci: str | None = None, public: bool = True):
    """Per year (the last snapshot of each year), the GPs of the département — or of one EPCI (its SIREN), its
    communes in the département — with the arrivals and departures since the previous year's snapshot (None
    for the first year; departures None publicly on fewer than SEUIL_SECRET practitioners). Two queries."""
    instantanes = instantanes_praticiens(
        ImportDonnees.objects.filter(jeu__in=JEUX_PRATICIENS).only("pk", "jeu", "date_publication", "perimetre"),
        code_departement,
    )
    par_annee = {i.date.year: i for i in instantanes}  # the last one of each year (sorted by date)
    if not par_annee:
        return []
    filtre = {"commune__departement__code": code_departement}
    if epci:
        filtre["commune__epci__siren"] = epci
    presents: dict[int, set[int]] = defaultdict(set)
    for instantane_id, praticien_id in PresencePraticien.objects.filter(
        instantane_id__in=[i.pk for i in par_annee.values()], **filtre
    ).values_list("instantane_id", "praticien_id"):
        presents[instantane_id].add(praticien_id)
    points, precedent = [], None
    for annee, instantane in sorted(par_annee.items()):
        actuels = presents[instantane.pk]
        arrivees = departs = None
        if precedent is not None:
            arrivees, departs = len(actuels - precedent), len(precedent - actuels)
            if public and 0 < max(len(actuels), len(precedent)) < SEUIL_SECRET:
                departs = None
        points.append(PointPraticiens(annee, len(actuels), arrivees, departs))
        precedent = actuels
    return points
