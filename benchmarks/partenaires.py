"""Benchmark of the partner directory and the aid simulator on big data.

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/partenaires.py [--repetitions 50]

Works in a throwaway test database (created then destroyed, `test_<name>`): loads every commune of France
(the territory importer `importer_territoire --france` when it works, otherwise the real COG 2026 CSV of
DONNEES_OUVERTES_DIR bulk-created), a synthetic zoning for all of them, 500 aids with random criteria and
5,000 partners; then measures with Django's test client
- the simulator's server time (median and 95th percentile of N requests) and its query count;
- the directory's query count on several pages and filters, with 5,000 partners.
"""

import argparse
import csv
import os
import random
import statistics
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bienvenuedoc.settings_test")

NB_AIDES = 500
NB_PARTENAIRES = 5_000
SEUIL_MS = 50.0


def charger_territoire_france(stdout) -> str:
    """All communes of France: the project's importer if it runs, else the COG CSV bulk-created."""
    from django.conf import settings
    from django.core.management import call_command

    from observatoire.models import Commune

    try:
        call_command("importer_territoire", "--france", stdout=open(os.devnull, "w"))  # noqa: SIM115
        if Commune.objects.count() > 30_000:
            return "importer_territoire --france"
    except Exception as erreur:  # the importer is optional here: fall back to the CSV
        stdout.write(f"  (importer_territoire --france indisponible : {type(erreur).__name__} ; lecture du CSV)\n")
    from observatoire.models import EPCI, Departement
    from observatoire.texte import normaliser_nom

    Commune.objects.all().delete()
    chemin = Path(settings.DONNEES_OUVERTES_DIR) / "cog" / "communes-france-2026.csv"
    with chemin.open(encoding="utf-8") as fichier:
        lignes = list(csv.DictReader(fichier))
    departements = {}
    epcis = {}
    for ligne in lignes:
        departements.setdefault(
            ligne["dep_code"],
            Departement(
                code=ligne["dep_code"], nom=ligne["dep_nom"], region_code=ligne["reg_code"], region_nom=ligne["reg_nom"]
            ),
        )
        if ligne["epci_siren"]:
            epcis.setdefault(
                ligne["epci_siren"],
                EPCI(siren=ligne["epci_siren"], nom=ligne["epci_nom"], type=ligne["epci_type"] or "CC"),
            )
    Departement.objects.bulk_create(departements.values(), ignore_conflicts=True)
    EPCI.objects.bulk_create(epcis.values(), ignore_conflicts=True)
    dep_ids = dict(Departement.objects.values_list("code", "id"))
    epci_ids = dict(EPCI.objects.values_list("siren", "id"))
    Commune.objects.bulk_create(
        (
            Commune(
                code_insee=ligne["code_insee"],
                nom=ligne["nom"],
                nom_normalise=normaliser_nom(ligne["nom"]),
                departement_id=dep_ids[ligne["dep_code"]],
                epci_id=epci_ids.get(ligne["epci_siren"]),
                codes_postaux=" ".join(ligne["codes_postaux"].split("|")),
                population=int(ligne["population_municipale"] or 0),
                latitude=float(ligne["latitude"]) if ligne["latitude"] else None,
                longitude=float(ligne["longitude"]) if ligne["longitude"] else None,
            )
            for ligne in lignes
        ),
        batch_size=2_000,
    )
    return "CSV COG 2026 (bulk_create)"


def charger_zonage(rng) -> int:
    from observatoire.models import Commune
    from partenaires.enums import TypeZone
    from partenaires.models import ZonageCommune

    ZonageCommune.objects.all().delete()
    lignes = []
    for commune_id in Commune.objects.values_list("id", flat=True).iterator(chunk_size=5_000):
        lignes.append(
            ZonageCommune(
                commune_id=commune_id,
                type_zone=rng.choice([TypeZone.ZIP, TypeZone.ZAC, TypeZone.ZV, TypeZone.HORS_ZONE]),
                est_demo=True,
                source="benchmark",
            )
        )
        if rng.random() < 0.3:
            lignes.append(ZonageCommune(commune_id=commune_id, type_zone=TypeZone.ZFRR, est_demo=True))
    ZonageCommune.objects.bulk_create(lignes, batch_size=5_000)
    return len(lignes)


def charger_partenaires_et_aides(rng, departement_code: str) -> None:
    import datetime

    from observatoire.models import EPCI, Commune
    from partenaires.enums import (
        CategorieCumul,
        ModeExercice,
        ProfilAide,
        TypeAide,
        TypeBesoin,
        TypePartenaire,
        TypeProjet,
        TypeZone,
    )
    from partenaires.models import AideFinanciere, Partenaire, ServicePartenaire

    communes = list(
        Commune.objects.filter(departement__code=departement_code).values_list("id", "latitude", "longitude")
    )
    epcis = list(
        EPCI.objects.filter(communes__departement__code=departement_code).distinct().values_list("id", flat=True)
    )
    partenaires = [
        Partenaire(
            nom=f"Partenaire {n:05d}",
            slug=f"partenaire-{n:05d}",
            type=rng.choice(TypePartenaire.values),
            description="Partenaire de banc d’essai",
            texte_recherche=f"partenaire {n:05d} partenaire de banc d essai",
            couvre_tout_departement=rng.random() < 0.2,
            latitude=communes[n % len(communes)][1],
            longitude=communes[n % len(communes)][2],
            ville="Ville",
        )
        for n in range(NB_PARTENAIRES)
    ]
    Partenaire.objects.bulk_create(partenaires, batch_size=1_000)
    ServicePartenaire.objects.bulk_create(
        (ServicePartenaire(partenaire=p, type_besoin=t) for p in partenaires for t in rng.sample(TypeBesoin.values, 3)),
        batch_size=2_000,
    )
    lien = Partenaire.epcis_couverts.through
    lien.objects.bulk_create((lien(partenaire=p, epci_id=rng.choice(epcis)) for p in partenaires), batch_size=2_000)
    lien_c = Partenaire.communes_couvertes.through
    lien_c.objects.bulk_create(
        (lien_c(partenaire=p, commune_id=rng.choice(communes)[0]) for p in partenaires[::3]), batch_size=2_000
    )
    aides = []
    for n in range(NB_AIDES):
        aides.append(
            AideFinanciere(
                nom=f"Aide {n:03d}",
                slug=f"aide-{n:03d}",
                financeur=rng.choice(partenaires),
                type=rng.choice(TypeAide.values),
                resume="Aide de banc d’essai",
                montant_min=1_000,
                montant_max=rng.choice([1_000, 5_000, 10_000]),
                montant_unite="une fois",
                conditions="Conditions de banc d’essai.",
                profils=rng.sample(ProfilAide.values, rng.randint(0, 3)),
                profils_exclus=rng.sample(ProfilAide.values, rng.randint(0, 1)),
                projets=rng.sample(TypeProjet.values, rng.randint(0, 2)),
                modes_exercice=rng.sample(ModeExercice.values, rng.randint(0, 2)),
                zones=rng.sample(TypeZone.values, rng.randint(0, 2)),
                engagement_min_annees=rng.choice([None, None, 2, 5]),
                exige_secteur_1_optam=rng.random() < 0.3,
                categorie_cumul=rng.choice(CategorieCumul.values),
                exige_convention_l1511_8=rng.random() < 0.2,
                source_url="https://www.ameli.fr/",
                date_verification=datetime.date(2026, 11, 24),
            )
        )
    AideFinanciere.objects.bulk_create(aides)
    lien_ac = AideFinanciere.communes.through
    lien_ac.objects.bulk_create(
        lien_ac(aidefinanciere=a, commune_id=c[0]) for a in aides[::5] for c in rng.sample(communes, 20)
    )
    lien_ae = AideFinanciere.epcis.through
    lien_ae.objects.bulk_create(lien_ae(aidefinanciere=a, epci_id=rng.choice(epcis)) for a in aides[1::5])


def mesurer(client, url: str, repetitions: int) -> tuple[list[float], int, int, float, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up (template loading, caches)
    durees = []
    statut = 0
    for _ in range(repetitions):
        debut = time.perf_counter()
        reponse = client.get(url)
        durees.append((time.perf_counter() - debut) * 1000)
        statut = reponse.status_code
    with CaptureQueriesContext(connection) as requetes:
        client.get(url)
    temps = [(float(q["time"]) * 1000, q["sql"]) for q in requetes.captured_queries]
    plus_lente = max(temps, default=(0.0, ""))
    return durees, len(requetes), statut, sum(t for t, _ in temps), f"{plus_lente[0]:.1f} ms : {plus_lente[1][:90]}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=50)
    parser.add_argument("--profil", action="store_true", help="profil cProfile d’une requête du simulateur")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import teardown_test_environment

    from benchmarks.outils import figer_comme_un_worker, preparer_mesure_serveur

    out = sys.stdout
    preparer_mesure_serveur()
    ancien_nom = connection.settings_dict["NAME"]
    # a database of its own, never the test database pytest reuses
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_partenaires_{ancien_nom}"[:63]
    nom_base = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rng = random.Random(2026)
        debut = time.perf_counter()
        origine = charger_territoire_france(out)
        from observatoire.models import Commune

        nb_communes = Commune.objects.count()
        nb_zonage = charger_zonage(rng)
        charger_partenaires_et_aides(rng, "47")
        out.write(
            f"Base {connection.vendor} « {nom_base} » : {nb_communes} communes ({origine}), {nb_zonage} lignes de "
            f"zonage, {NB_AIDES} aides, {NB_PARTENAIRES} partenaires — chargés en "
            f"{time.perf_counter() - debut:.1f} s\n"
        )
        figer_comme_un_worker()
        with override_settings(RATELIMIT_ENABLE=False, DEPARTEMENT="47"):
            client = Client()
            scenarios = [
                (
                    "simulateur, interne, commune par son nom",
                    "/aides/?profil=interne&type_projet=stage&commune=Agen"
                    "&mode_exercice=liberal&secteur=non_concerne&engagement_annees=2&premiere_installation=non"
                    "&aide_installation_recue=non",
                ),
                (
                    "simulateur, remplaçant, nom et code postal",
                    "/aides/?profil=remplacant&type_projet=installation"
                    "&commune=Villeneuve-sur-Lot+%2847300%29&mode_exercice=liberal&secteur=secteur_1_optam&engagement_annees=5"
                    "&premiere_installation=oui&aide_installation_recue=oui&aide_installation_date=2020-03-01",
                ),
                (
                    "simulateur, médecin, code INSEE",
                    "/aides/?profil=medecin_installe&type_projet=cabinet_secondaire"
                    "&commune=47157&mode_exercice=mixte&secteur=secteur_1_optam&engagement_annees=3"
                    "&premiere_installation=non&aide_installation_recue=non&maitre_stage=on",
                ),
            ]
            out.write(f"\nSimulateur « /aides/ » ({args.repetitions} requêtes chacun, temps serveur client de test)\n")
            medianes = []
            for libelle, url in scenarios:
                durees, requetes, statut, sql_ms, plus_lente = mesurer(client, url, args.repetitions)
                mediane = statistics.median(durees)
                medianes.append(mediane)
                p95 = statistics.quantiles(durees, n=20)[-1]
                out.write(
                    f"  {libelle:42s} HTTP {statut}  médiane {mediane:6.1f} ms  p95 {p95:6.1f} ms  "
                    f"{requetes} requêtes SQL ({sql_ms:.1f} ms ; la plus lente {plus_lente})\n"
                )
            if args.profil:
                import cProfile
                import pstats

                profil = cProfile.Profile()
                profil.runcall(client.get, scenarios[0][1])
                pstats.Stats(profil, stream=out).sort_stats("tottime").print_stats(15)
            out.write(
                f"  → médiane la plus haute {max(medianes):.1f} ms (objectif < {SEUIL_MS:.0f} ms) : "
                f"{'OK' if max(medianes) < SEUIL_MS else 'DÉPASSÉ'}\n"
            )
            out.write(f"\nAnnuaire « /partenaires/ » avec {NB_PARTENAIRES} partenaires\n")
            from observatoire.models import EPCI

            siren = EPCI.objects.filter(communes__departement__code="47").values_list("siren", flat=True).first()
            for libelle, url in [
                ("page 1", "/partenaires/"),
                ("page 120", "/partenaires/?page=120"),
                ("recherche + type", "/partenaires/?q=partenaire+01&type=logement"),
                ("besoin + EPCI", f"/partenaires/?besoin=logement&epci={siren}"),
                ("fiche partenaire", "/partenaires/partenaire-00042/"),
            ]:
                durees, requetes, statut, sql_ms, _ = mesurer(client, url, max(5, args.repetitions // 5))
                out.write(
                    f"  {libelle:20s} HTTP {statut}  {requetes} requêtes SQL ({sql_ms:.1f} ms)  médiane "
                    f"{statistics.median(durees):6.1f} ms\n"
                )
    finally:
        connection.creation.destroy_test_db(ancien_nom, verbosity=0)
        teardown_test_environment()
    return 0


if __name__ == "__main__":
    sys.exit(main())
