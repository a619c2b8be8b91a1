"""Writes a `Territoire` in ONE transaction with bulk upserts (INSERT … ON CONFLICT DO UPDATE, SQLite and
PostgreSQL): re-importing updates the rows, never duplicates them; a failure leaves the database unchanged.
Rows absent from the source are kept (other apps point at communes and EPCI). Contours read as raw GeoJSON
text are written as is by the fields' encoder (observatoire.geojson)."""

import hashlib
import time
from dataclasses import dataclass

from django.db import DatabaseError, connection, models, transaction
from django.db.models.functions import MD5, Cast

from observatoire.models import EPCI, Commune, Departement, PopulationHistorique
from observatoire.texte import normaliser_nom

from .geometrie import GeometrieBrute
from .modele import ErreurImport, Territoire

TAILLE_LOT = 2000
CHAMPS_COMMUNE = [
    "nom",
    "nom_normalise",
    "departement",
    "epci",
    "codes_postaux",
    "population",
    "population_annee",
    "latitude",
    "longitude",
]
CHAMPS_COMMUNE_ID = [f"{champ}_id" if champ in ("departement", "epci") else champ for champ in CHAMPS_COMMUNE]


@dataclass
class Bilan:
    source: str
    departements: list[str]
    nb_departements: int
    nb_epci: int
    nb_communes: int
    population: int
    millesime: int
    nb_populations_historiques: int
    nb_communes_sans_contour: int
    nb_communes_sans_centre: int
    duree_s: float


def _upsert(modele, objets: list, unique: list[str], champs: list[str]) -> None:
    modele.objects.bulk_create(
        objets, batch_size=TAILLE_LOT, update_conflicts=True, unique_fields=unique, update_fields=champs
    )


def _upsert_sans_effacer_contour(modele, objets: list, unique: list[str], champs: list[str]) -> None:
    """A source without an outline for a row keeps the outline already stored."""
    _upsert(modele, [o for o in objets if o.contour], unique, [*champs, "contour"])
    _upsert(modele, [o for o in objets if not o.contour], unique, champs)


def _empreinte(contour, vendeur: str) -> str | None:
    """MD5 of the outline as the database gives it back as text (PostgreSQL's jsonb output puts a space after
    every comma and colon and "type" first; SQLite keeps the text written). A difference only means a rewrite."""
    if isinstance(contour, GeometrieBrute):
        if vendeur == "postgresql":
            texte = f'{{"type": "{contour.type}", "coordinates": {contour.coordonnees.replace(",", ", ")}}}'
        else:
            texte = contour.json
    else:
        return None
    return hashlib.md5(texte.encode(), usedforsecurity=False).hexdigest()


def _communes_en_base(ids_departements) -> dict[str, tuple[tuple, str | None]]:
    """code INSEE -> (values of CHAMPS_COMMUNE_ID, MD5 of the stored outline) for the communes in scope."""
    lignes = (
        Commune.objects.filter(departement_id__in=list(ids_departements))
        .annotate(empreinte=MD5(Cast("contour", models.TextField())))
        .values_list("code_insee", *CHAMPS_COMMUNE_ID, "empreinte")
    )
    return {ligne[0]: (tuple(ligne[1:-1]), ligne[-1]) for ligne in lignes}


def enregistrer_territoire(territoire: Territoire) -> Bilan:
    try:
        return _enregistrer(territoire)
    except DatabaseError as erreur:
        raise ErreurImport(f"La base a refusé les données ({erreur}).") from erreur


@transaction.atomic
def _enregistrer(territoire: Territoire) -> Bilan:
    debut = time.perf_counter()
    _upsert_sans_effacer_contour(
        Departement,
        [
            Departement(code=d.code, nom=d.nom, region_code=d.region_code, region_nom=d.region_nom, contour=d.contour)
            for d in territoire.departements
        ],
        ["code"],
        ["nom", "region_code", "region_nom"],
    )
    id_departement = dict(
        Departement.objects.filter(code__in=[d.code for d in territoire.departements]).values_list("code", "id")
    )
    _upsert_sans_effacer_contour(
        EPCI,
        [
            EPCI(siren=e.siren, nom=e.nom, type=e.type, population=e.population, contour=e.contour)
            for e in territoire.epcis
        ],
        ["siren"],
        ["nom", "type", "population"],
    )
    id_epci = dict(EPCI.objects.filter(siren__in=[e.siren for e in territoire.epcis]).values_list("siren", "id"))
    # Only what changed is written: rewriting an unchanged outline costs more than everything else (JSON
    # parsing in the database), and ON CONFLICT parses the proposed row even when it is not written.
    existants = _communes_en_base(id_departement.values())
    vendeur = connection.vendor
    a_redessiner, a_mettre_a_jour = [], []
    for c in territoire.communes:
        valeurs = (
            c.nom,
            normaliser_nom(c.nom),
            id_departement[c.departement_code],
            id_epci.get(c.epci_siren) if c.epci_siren else None,
            " ".join(c.codes_postaux),
            c.population,
            c.population_annee,
            c.latitude,
            c.longitude,
        )
        etat = existants.get(c.code_insee)
        contour_change = c.contour is not None and (etat is None or etat[1] != _empreinte(c.contour, vendeur))
        if contour_change or etat is None or etat[0] != valeurs:
            commune = Commune(
                code_insee=c.code_insee,
                **dict(zip(CHAMPS_COMMUNE_ID, valeurs)),
                contour=c.contour if contour_change else None,
            )
            (a_redessiner if contour_change else a_mettre_a_jour).append(commune)
    _upsert(Commune, a_redessiner, ["code_insee"], CHAMPS_COMMUNE + ["contour"])
    _upsert(Commune, a_mettre_a_jour, ["code_insee"], CHAMPS_COMMUNE)
    id_commune = dict(
        Commune.objects.filter(departement_id__in=id_departement.values()).values_list("code_insee", "id")
    )
    en_base = {
        (commune_id, annee): population
        for commune_id, annee, population in PopulationHistorique.objects.filter(
            commune__departement_id__in=id_departement.values()
        ).values_list("commune_id", "annee", "population")
    }
    historiques = [
        (id_commune[c.code_insee], annee, population)
        for c in territoire.communes
        for annee, population in sorted(c.populations_historiques.items())
    ]
    _upsert(
        PopulationHistorique,
        [
            PopulationHistorique(commune_id=commune_id, annee=annee, population=population)
            for commune_id, annee, population in historiques
            if en_base.get((commune_id, annee)) != population
        ],
        ["commune", "annee"],
        ["population"],
    )
    return Bilan(
        source=territoire.source,
        departements=[d.code for d in territoire.departements],
        nb_departements=len(territoire.departements),
        nb_epci=len(territoire.epcis),
        nb_communes=len(territoire.communes),
        population=territoire.population,
        millesime=territoire.millesime,
        nb_populations_historiques=len(historiques),
        nb_communes_sans_contour=sum(1 for c in territoire.communes if not c.contour),
        nb_communes_sans_centre=sum(1 for c in territoire.communes if c.latitude is None),
        duree_s=time.perf_counter() - debut,
    )
