"""Times the import of the whole territory reference of France (COG 2026: ~35,000 communes, 1,255 EPCI,
109 départements and collectivités, 5 editions of populations, 2018 outlines recomposed) into PostgreSQL.

Creates a throwaway database `bd_bench_territoire` on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bienvenuedoc), migrates it, imports twice (first load, then re-import =
update of every row) in a child process, prints seconds and rows, and drops the database. Phases: reading
the files (Python), writing (COPY into temporary tables + one INSERT … ON CONFLICT per table, see
observatoire/importers/enregistrement.py), commit (PostgreSQL checks the deferred foreign keys of the rows
inserted: ~210,000 on a first import, none when nothing changed).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bienvenuedoc .venv/bin/python benchmarks/territoire.py"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

RACINE = Path(__file__).resolve().parent.parent
BASE_BENCH = "bd_bench_territoire"
URL_PAR_DEFAUT = "postgres://postgres@127.0.0.1:5432/bienvenuedoc"


def _url_base(url: str, base: str) -> str:
    parties = urlsplit(url)
    return urlunsplit(parties._replace(path=f"/{base}"))


def _executer_sql(url: str, sql: str) -> None:
    import psycopg

    parties = urlsplit(url)
    with psycopg.connect(
        host=parties.hostname or "127.0.0.1",
        port=parties.port or 5432,
        user=parties.username or "postgres",
        password=parties.password,
        dbname="postgres",
        autocommit=True,
    ) as connexion:
        connexion.execute(sql)


def mesurer() -> dict:
    """Runs in the child process, with DATABASE_URL pointing at the throwaway database."""
    import django

    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bienvenuedoc.settings")
    django.setup()
    from django.conf import settings

    from observatoire.importers.enregistrement import enregistrer_territoire
    from observatoire.importers.officiel import lire_donnees_officielles
    from observatoire.models import EPCI, Commune, Departement, PopulationHistorique

    figures = {}
    for passage in ("premier_import", "reimport"):
        debut = time.perf_counter()
        territoire = lire_donnees_officielles(Path(settings.DONNEES_OUVERTES_DIR), None)
        lecture = time.perf_counter() - debut
        bilan = enregistrer_territoire(territoire)
        total = time.perf_counter() - debut
        figures[passage] = {
            "total_s": round(total, 2),
            "lecture_s": round(lecture, 2),
            "ecriture_s": round(bilan.duree_s, 2),
            "validation_s": round(total - lecture - bilan.duree_s, 2),
        }
    figures["lignes"] = {
        "departements": Departement.objects.count(),
        "epci": EPCI.objects.count(),
        "communes": Commune.objects.count(),
        "communes_avec_contour": Commune.objects.filter(contour__isnull=False).count(),
        "populations_historiques": PopulationHistorique.objects.count(),
    }
    return figures


def main() -> dict:
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
        sortie = subprocess.run(
            [sys.executable, __file__, "--mesurer"],
            cwd=RACINE,
            env=environnement,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        figures = json.loads(sortie.strip().splitlines()[-1])
    finally:
        _executer_sql(url, f"DROP DATABASE IF EXISTS {BASE_BENCH}")
    lignes = figures["lignes"]
    charge = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Import du territoire, toute la France, PostgreSQL ({os.cpu_count()} cœurs, charge {charge:.1f}) :")
    for passage, libelle in (("premier_import", "premier import (base vide)"), ("reimport", "ré-import (mise à jour)")):
        f = figures[passage]
        print(
            f"  {libelle} : {f['total_s']:.1f} s (lecture {f['lecture_s']:.1f} s, écriture {f['ecriture_s']:.1f} s, "
            f"validation {f['validation_s']:.1f} s)"
        )
    print(
        f"  lignes : {lignes['communes']} communes ({lignes['communes_avec_contour']} avec contour), "
        f"{lignes['epci']} EPCI, {lignes['departements']} départements, "
        f"{lignes['populations_historiques']} populations historiques"
    )
    return figures


if __name__ == "__main__":
    if "--mesurer" in sys.argv:
        print(json.dumps(mesurer()))
    else:
        main()
