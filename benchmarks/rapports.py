"""Times the rendering of the observatory's PDF reports (WeasyPrint, map and charts drawn as SVG) on the real
Lot-et-Garonne: the département's report (goal: under 5 s) and the reports of every EPCI (goal: under 30 s),
both as the one « every EPCI » PDF and as one PDF per EPCI, each through `rapport_generer` as the Celery task
runs it (figures, SVG, HTML, PDF, file written).

Creates a throwaway database `bd_bench_rapports` on the server of DATABASE_URL, migrates it, imports the
territory of 47 and its health open data (`importer_territoire --departement 47` + `importer_observatoire
--departement 47`, from DONNEES_OUVERTES_DIR; `--extrait`: the extract shipped in the repository), measures in
a child process (median of `--repetitions`), prints the figures and drops the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bienvenuedoc .venv/bin/python benchmarks/rapports.py \
        [--extrait] [--repetitions 3]"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from benchmarks.territoire import URL_PAR_DEFAUT, _executer_sql, _url_base  # noqa: E402

BASE_BENCH = "bd_bench_rapports"
OBJECTIF_DEPARTEMENT_S = 5.0
OBJECTIF_EPCI_S = 30.0


def mesurer(repetitions: int) -> dict:
    """Runs in the child process, with DATABASE_URL pointing at the throwaway database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bienvenuedoc.settings")
    django.setup()
    import datetime

    from django.conf import settings

    from observatoire.models import EPCI
    from observatoire.rapports.models import Edition, Perimetre, Rapport
    from observatoire.rapports.services import rapport_generer

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-rapports-"))
    date = datetime.date.today()
    epcis = list(EPCI.objects.filter(communes__departement__code="47").distinct().order_by("nom"))

    def rendre(perimetre, epci=None) -> tuple[float, int]:
        rapport = Rapport.objects.create(
            departement_code="47", perimetre=perimetre, epci=epci, intitule="Banc", date=date, edition=Edition.PUBLIQUE
        )
        debut = time.perf_counter()
        rapport_generer(rapport.pk)
        duree = time.perf_counter() - debut
        rapport.refresh_from_db()
        assert rapport.statut == "pret", rapport.raison_echec
        return duree, rapport.pages

    rendre(Perimetre.EPCI, epcis[0])  # warm-up: fonts loaded, templates compiled (a worker keeps them)
    figures = {"departement": [], "tous_epci": [], "chaque_epci": [], "pages": {}}
    for _ in range(repetitions):
        duree, figures["pages"]["departement"] = rendre(Perimetre.DEPARTEMENT)
        figures["departement"].append(duree)
        duree, figures["pages"]["tous_epci"] = rendre(Perimetre.TOUS_EPCI)
        figures["tous_epci"].append(duree)
        figures["chaque_epci"].append(sum(rendre(Perimetre.EPCI, e)[0] for e in epcis))
    figures["nb_epci"] = len(epcis)
    figures["balise"] = getattr(settings, "RAPPORT_PDF_BALISE", True)
    return {k: (round(statistics.median(v), 2) if isinstance(v, list) else v) for k, v in figures.items()}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--extrait", action="store_true", help="l’extrait livré au lieu des fichiers officiels")
    parser.add_argument("--repetitions", type=int, default=3)
    options = parser.parse_args(argv if argv is not None else sys.argv[1:])
    url = os.environ.get("DATABASE_URL", URL_PAR_DEFAUT)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"Ce banc mesure PostgreSQL : DATABASE_URL doit être une URL postgres:// (lu : {url}).")
    environnement = {**os.environ, "DATABASE_URL": _url_base(url, BASE_BENCH)}
    environnement.pop("REDIS_URL", None)  # no broker: nothing is queued, the renders are called directly
    _executer_sql(url, f"DROP DATABASE IF EXISTS {BASE_BENCH}")
    _executer_sql(url, f"CREATE DATABASE {BASE_BENCH}")
    extrait = ["--extrait"] if options.extrait else []
    try:
        for commande in (
            ["migrate", "--noinput", "-v", "0"],
            ["importer_territoire", "--departement", "47", *extrait],
            ["importer_observatoire", "--departement", "47", *extrait],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *commande],
                cwd=RACINE,
                env=environnement,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        sortie = subprocess.run(
            [sys.executable, __file__, "--mesurer", str(options.repetitions)],
            cwd=RACINE,
            env=environnement,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        figures = json.loads(sortie.strip().splitlines()[-1])
    finally:
        _executer_sql(url, f"DROP DATABASE IF EXISTS {BASE_BENCH}")
    charge = os.getloadavg()[0]
    source = "extrait livré" if options.extrait else "fichiers officiels"
    balise = "balisés" if figures["balise"] else "non balisés"
    print(
        f"Rapports PDF {balise} de Lot-et-Garonne ({source}, {os.cpu_count()} cœurs, charge {charge:.1f}, médianes) :"
    )
    print(
        f"  département : {figures['departement']:.2f} s, {figures['pages']['departement']} pages "
        f"(objectif < {OBJECTIF_DEPARTEMENT_S:.0f} s)"
    )
    print(
        f"  chaque EPCI, un seul PDF : {figures['tous_epci']:.2f} s, {figures['pages']['tous_epci']} pages ; "
        f"un PDF par EPCI ({figures['nb_epci']}) : {figures['chaque_epci']:.2f} s (objectif < {OBJECTIF_EPCI_S:.0f} s)"
    )
    return figures


if __name__ == "__main__":
    if "--mesurer" in sys.argv:
        print(json.dumps(mesurer(int(sys.argv[sys.argv.index("--mesurer") + 1]))))
    else:
        main()
