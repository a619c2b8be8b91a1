"""Writes a `Territoire` in ONE transaction with bulk upserts: re-importing updates the rows, never duplicates
them; a failure leaves the database unchanged. Rows absent from the source are kept (other apps point at
communes and EPCI); a source without an outline for a row keeps the outline already stored.

Every table goes through `_upsert` (the one place that looks at the database vendor):
- PostgreSQL: the rows are streamed with COPY FROM STDIN into a temporary table, then one
  `INSERT … SELECT … ON CONFLICT … DO UPDATE … WHERE (row differs)` writes them: no model instance is built,
  unchanged rows are not rewritten, and outlines go as GeoJSON text without being parsed by Python;
- other databases (SQLite for `make run`): `bulk_create(update_conflicts=True)` in batches."""

import json
import time
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from bienvenuedoc.pages_en_cache import invalider_pages_publiques
from observatoire import carte
from observatoire.geojson import texte_geojson
from observatoire.models import EPCI, Commune, Departement, PopulationHistorique
from observatoire.texte import normaliser_nom

from .modele import ErreurImport, Territoire

TAILLE_LOT = 2000
TABLE_TEMPORAIRE = "import_territoire_lignes"


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


def _upsert(modele, unique: list[str], champs: list[str], lignes: list[tuple]) -> None:
    """Inserts or updates `lignes`, tuples of database values for the columns `unique + champs` (attnames:
    `departement_id`…). A `contour` value None keeps the outline already stored."""
    if not lignes:
        return
    if connection.vendor == "postgresql":
        _upsert_copy(modele, unique, champs, lignes)
    else:
        _upsert_bulk_create(modele, unique, champs, lignes)


def _upsert_bulk_create(modele, unique, champs, lignes) -> None:
    colonnes = [*unique, *champs]
    if "contour" in colonnes:
        _verifier_json(lignes, colonnes.index("contour"), unique)
    noms = {modele._meta.get_field(c).attname: modele._meta.get_field(c).name for c in colonnes}
    objets = [modele(**dict(zip(colonnes, ligne))) for ligne in lignes]
    mis_a_jour = [noms[c] for c in champs]
    cles = [noms[c] for c in unique]
    if "contour" in champs:
        autres = [c for c in mis_a_jour if c != "contour"]
        avec = [o for o in objets if o.contour is not None]
        sans = [o for o in objets if o.contour is None]
        for lot, maj in ((avec, mis_a_jour), (sans, autres)):
            if lot:
                modele.objects.bulk_create(
                    lot, batch_size=TAILLE_LOT, update_conflicts=True, unique_fields=cles, update_fields=maj
                )
        return
    modele.objects.bulk_create(
        objets, batch_size=TAILLE_LOT, update_conflicts=True, unique_fields=cles, update_fields=mis_a_jour
    )


def _verifier_json(lignes, rang: int, unique) -> None:
    """What PostgreSQL checks with its json cast (the outlines read as raw text were not parsed)."""
    for ligne in lignes:
        if ligne[rang] is not None:
            try:
                json.loads(ligne[rang])
            except json.JSONDecodeError as erreur:
                cle = " ".join(str(v) for v in ligne[: len(unique)])
                raise ErreurImport(
                    f"La base a refusé les données (contour de {cle} : JSON invalide, {erreur})."
                ) from erreur


def _difference(q: dict[str, str], champs: list[str], source: str) -> str:
    """SQL condition: the row `source` differs from the stored row `t` (an outline None is no difference)."""
    simples = [c for c in champs if c != "contour"]
    conditions = []
    if simples:
        conditions.append(
            f"({', '.join(f't.{q[c]}' for c in simples)}) IS DISTINCT FROM "
            f"({', '.join(f'{source}.{q[c]}' for c in simples)})"
        )
    if "contour" in champs:
        c = q["contour"]
        conditions.append(f"({source}.{c} IS NOT NULL AND {source}.{c} IS DISTINCT FROM t.{c})")
    return " OR ".join(conditions)


def _upsert_copy(modele, unique, champs, lignes) -> None:
    table = connection.ops.quote_name(modele._meta.db_table)
    colonnes = [*unique, *champs]
    q = {c: connection.ops.quote_name(modele._meta.get_field(c).column) for c in colonnes}
    # The temporary table takes the target's column types. An outline is GeoJSON text: the json cast checks
    # it is valid JSON (without building jsonb) and gives the same text back.
    selection = ", ".join(q[c] for c in colonnes)
    valeurs = ", ".join(f"CAST(CAST(s.{q[c]} AS json) AS text)" if c == "contour" else f"s.{q[c]}" for c in colonnes)
    mises_a_jour = ", ".join(
        f"{q[c]} = COALESCE(EXCLUDED.{q[c]}, t.{q[c]})" if c == "contour" else f"{q[c]} = EXCLUDED.{q[c]}"
        for c in champs
    )
    cles = " AND ".join(f"t.{q[c]} = s.{q[c]}" for c in unique)
    # Rows identical to the stored ones are left out before the upsert (a hash anti-join is cheaper than a
    # speculative insertion per row), and the upsert does not rewrite a row that has not changed meanwhile.
    nouvelles = f"NOT EXISTS (SELECT 1 FROM {table} AS t WHERE {cles} AND NOT ({_difference(q, champs, 's')}))"
    with connection.cursor() as curseur:
        curseur.execute(f"DROP TABLE IF EXISTS {TABLE_TEMPORAIRE}")
        curseur.execute(
            f"CREATE TEMPORARY TABLE {TABLE_TEMPORAIRE} ON COMMIT DROP AS SELECT {selection} FROM {table} WITH NO DATA"
        )
        noms = ", ".join(q[c] for c in colonnes)
        with curseur.cursor.copy(f"COPY {TABLE_TEMPORAIRE} ({noms}) FROM STDIN") as copie:
            for ligne in lignes:
                copie.write_row(ligne)
        curseur.execute(
            f"INSERT INTO {table} AS t ({noms}) SELECT {valeurs} FROM {TABLE_TEMPORAIRE} AS s WHERE {nouvelles} "
            f"ON CONFLICT ({', '.join(q[c] for c in unique)}) DO UPDATE SET {mises_a_jour} "
            f"WHERE {_difference(q, champs, 'EXCLUDED')}"
        )
        curseur.execute(f"DROP TABLE {TABLE_TEMPORAIRE}")


def enregistrer_territoire(territoire: Territoire) -> Bilan:
    try:
        return _enregistrer(territoire)
    except DatabaseError as erreur:
        raise ErreurImport(f"La base a refusé les données ({erreur}).") from erreur


@transaction.atomic
def _enregistrer(territoire: Territoire) -> Bilan:
    debut = time.perf_counter()
    transaction.on_commit(carte.invalider)  # the maps' simplified outlines are recomputed
    transaction.on_commit(invalider_pages_publiques)  # and the public pages and downloads of the observatory
    _upsert(
        Departement,
        ["code"],
        ["nom", "region_code", "region_nom", "contour"],
        [(d.code, d.nom, d.region_code, d.region_nom, texte_geojson(d.contour)) for d in territoire.departements],
    )
    id_departement = dict(
        Departement.objects.filter(code__in=[d.code for d in territoire.departements]).values_list("code", "id")
    )
    _upsert(
        EPCI,
        ["siren"],
        ["nom", "type", "population", "contour"],
        [(e.siren, e.nom, e.type, e.population, texte_geojson(e.contour)) for e in territoire.epcis],
    )
    id_epci = dict(EPCI.objects.filter(siren__in=[e.siren for e in territoire.epcis]).values_list("siren", "id"))
    _upsert(
        Commune,
        ["code_insee"],
        [
            "nom",
            "nom_normalise",
            "departement_id",
            "epci_id",
            "codes_postaux",
            "population",
            "population_annee",
            "latitude",
            "longitude",
            "contour",
        ],
        [
            (
                c.code_insee,
                c.nom,
                normaliser_nom(c.nom),
                id_departement[c.departement_code],
                id_epci.get(c.epci_siren) if c.epci_siren else None,
                " ".join(c.codes_postaux),
                c.population,
                c.population_annee,
                c.latitude,
                c.longitude,
                texte_geojson(c.contour),
            )
            for c in territoire.communes
        ],
    )
    id_commune = dict(
        Commune.objects.filter(departement_id__in=id_departement.values()).values_list("code_insee", "id")
    )
    historiques = [
        (id_commune[c.code_insee], annee, population)
        for c in territoire.communes
        for annee, population in sorted(c.populations_historiques.items())
    ]
    _upsert(PopulationHistorique, ["commune_id", "annee"], ["population"], historiques)
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
