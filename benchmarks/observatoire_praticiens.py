"""Practitioner indicators at scale: every commune of France and 100,000 practitioner-snapshot rows
(`PresencePraticien`), then the time and the number of queries of `tableau_de_bord` (public and staff) and
`evolution_praticiens` for Lot-et-Garonne.

Creates a throwaway database `bd_bench_praticiens` on the server of DATABASE_URL, migrates it, imports the
territory (all of France by default) and loads the presences in a child process, prints the figures and drops
the database. `charger_presences()` is also usable on its own, in a Django process whose communes are loaded
(the lead's page benchmarks): five yearly RPPS-like snapshots over every commune, GPs placed by population,
about 6 % leaving and as many arriving each year.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bienvenuedoc .venv/bin/python benchmarks/observatoire_praticiens.py
    … --taille 2000 --departements 47        (a small smoke run)"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from benchmarks.territoire import URL_PAR_DEFAUT, _executer_sql, _url_base  # noqa: E402

BASE_BENCH = "bd_bench_praticiens"
ANNEES = (2021, 2022, 2023, 2024, 2025)
DEPARTEMENT_MESURE = "47"


def charger_presences(nombre: int = 100_000, *, annees=ANNEES, graine: int = 1) -> dict:
    """Adds `nombre` PresencePraticien rows (len(annees) snapshots of nombre / len(annees) GPs each) over every
    commune in the database, with their practitioners and snapshots (jeu RPPS, every département in scope)."""
    import datetime

    from django.db import transaction
    from django.utils import timezone
    from stdnum import luhn

    from observatoire.enums import JeuDonnees, SourcePraticien
    from observatoire.models import Commune, Departement, ImportDonnees, Praticien, PresencePraticien

    rng = random.Random(graine)
    communes = list(Commune.objects.filter(population__gt=0).values_list("pk", "population"))
    if not communes:
        raise SystemExit("Aucune commune peuplée : importez d’abord le territoire.")
    ids, poids = zip(*communes, strict=True)
    par_annee = nombre // len(annees)
    perimetre = " ".join(sorted(Departement.objects.values_list("code", flat=True)))
    debut = time.perf_counter()
    with transaction.atomic():
        rang = 0

        def nouveaux(k):
            nonlocal rang
            fiches = []
            for _ in range(k):
                rang += 1
                corps = f"18{rang:08d}"
                fiches.append(
                    Praticien(
                        rpps=corps + luhn.calc_check_digit(corps),
                        nom=f"BANC{rang}",
                        annee_naissance=rng.randint(1955, 1995),
                        source=SourcePraticien.RPPS,
                    )
                )
            Praticien.objects.bulk_create(fiches, batch_size=5000)
            return {p.pk: rng.choices(ids, weights=poids)[0] for p in fiches}

        presents = nouveaux(par_annee)  # praticien pk → commune pk
        for annee in annees:
            if annee != annees[0]:
                partants = rng.sample(sorted(presents), k=round(0.06 * len(presents)))
                for pk in partants:
                    del presents[pk]
                presents.update(nouveaux(par_annee - len(presents)))
            date = datetime.date(annee, 12, 31)
            instantane = ImportDonnees.objects.create(
                jeu=JeuDonnees.RPPS,
                source="Banc d’essai (données synthétiques)",
                date_publication=date,
                millesime=str(annee),
                fichier=f"banc-{annee}",
                empreinte=f"banc-{graine}-{annee}",
                perimetre=perimetre,
                nb_lignes=len(presents),
                importe_le=timezone.now(),
            )
            PresencePraticien.objects.bulk_create(
                [
                    PresencePraticien(praticien_id=pk, instantane=instantane, commune_id=commune, date=date)
                    for pk, commune in presents.items()
                ],
                batch_size=5000,
            )
    return {
        "presences": PresencePraticien.objects.count(),
        "praticiens": Praticien.objects.count(),
        "chargement_s": round(time.perf_counter() - debut, 1),
    }


def _mesurer_fonction(fonction, repetitions: int = 5) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fonction()  # warm-up
    durees = []
    for _ in range(repetitions):
        with CaptureQueriesContext(connection) as requetes:
            debut = time.perf_counter()
            fonction()
            durees.append(time.perf_counter() - debut)
    durees.sort()
    return {"requetes": len(requetes), "mediane_ms": round(1000 * durees[len(durees) // 2], 1)}


def mesurer(taille: int, departements: list[str] | None) -> dict:
    """Runs in the child process, with DATABASE_URL pointing at the throwaway database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bienvenuedoc.settings")
    django.setup()
    from django.conf import settings

    from observatoire.importers.enregistrement import enregistrer_territoire
    from observatoire.importers.officiel import lire_donnees_officielles
    from observatoire.indicateurs import evolution_praticiens, tableau_de_bord
    from observatoire.models import Commune

    enregistrer_territoire(lire_donnees_officielles(Path(settings.DONNEES_OUVERTES_DIR), departements))
    figures = {"communes": Commune.objects.count(), **charger_presences(taille)}
    figures["tableau_public"] = _mesurer_fonction(lambda: tableau_de_bord(DEPARTEMENT_MESURE))
    figures["tableau_equipe"] = _mesurer_fonction(lambda: tableau_de_bord(DEPARTEMENT_MESURE, public=False))
    figures["evolution"] = _mesurer_fonction(lambda: evolution_praticiens(DEPARTEMENT_MESURE))
    figures["praticiens_47"] = tableau_de_bord(DEPARTEMENT_MESURE).departement.praticiens
    return figures


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taille", type=int, default=100_000, help="lignes PresencePraticien (défaut 100 000)")
    parser.add_argument("--departements", nargs="+", help="territoire importé (défaut : toute la France)")
    options = parser.parse_args(argv if argv is not None else sys.argv[1:])
    url = os.environ.get("DATABASE_URL", URL_PAR_DEFAUT)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"Ce banc mesure PostgreSQL : DATABASE_URL doit être une URL postgres:// (lu : {url}).")
    url_bench = _url_base(url, BASE_BENCH)
    environnement = {**os.environ, "DATABASE_URL": url_bench}
    _executer_sql(url, f"DROP DATABASE IF EXISTS {BASE_BENCH}")
    _executer_sql(url, f"CREATE DATABASE {BASE_BENCH}")
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=RACINE, env=environnement, check=True
        )
        commande = [sys.executable, __file__, "--mesurer", "--taille", str(options.taille)]
        if options.departements:
            commande += ["--departements", *options.departements]
        sortie = subprocess.run(
            commande, cwd=RACINE, env=environnement, check=True, stdout=subprocess.PIPE, text=True
        ).stdout
        figures = json.loads(sortie.strip().splitlines()[-1])
    finally:
        _executer_sql(url, f"DROP DATABASE IF EXISTS {BASE_BENCH}")
    print(
        f"Indicateurs des praticiens : {figures['communes']} communes, {figures['presences']} présences "
        f"({figures['praticiens']} praticiens) chargées en {figures['chargement_s']} s ; "
        f"{figures['praticiens_47']} praticiens en {DEPARTEMENT_MESURE}"
    )
    for cle, libelle in (
        ("tableau_public", "tableau_de_bord public"),
        ("tableau_equipe", "tableau_de_bord équipe"),
        ("evolution", "evolution_praticiens"),
    ):
        f = figures[cle]
        print(f"  {libelle} ({DEPARTEMENT_MESURE}) : {f['mediane_ms']} ms (médiane de 5), {f['requetes']} requêtes")
    return figures


if __name__ == "__main__":
    if "--mesurer" in sys.argv:
        arguments = argparse.ArgumentParser()
        arguments.add_argument("--mesurer", action="store_true")
        arguments.add_argument("--taille", type=int)
        arguments.add_argument("--departements", nargs="+")
        lus = arguments.parse_args()
        print(json.dumps(mesurer(lus.taille, lus.departements)))
    else:
        main()
