"""Lighthouse scores of the main public pages, served in the production shape.

    make bench-lighthouse
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bienvenuedoc .venv/bin/python benchmarks/lighthouse.py

Lighthouse is the npm package pinned in benchmarks/lighthouse/package.json (installed by the make target into
.make/lighthouse, never into static/), run headless on Debian's /usr/bin/chromium. The site is what `make run`
shows — a throwaway PostgreSQL database `bd_bench_lighthouse` with the territory, the observatory data and the
demo of the 47 — after `collectstatic`, served by gunicorn with the settings of docker-compose.yml (DEBUG=false,
whitenoise's compressed static files), as benchmarks/charge.py starts it. Lighthouse's own defaults (a
mid-range phone, throttled network and CPU) apply. Map tiles are switched off (CARTE_TUILES_URL empty: this
machine reaches no tile server, and failed tile requests would be counted as console errors), and so is the
redirect to HTTPS (plain HTTP on loopback; in production nginx ends TLS).

Prints performance, accessibility, best practices and SEO per page (0–100) and, under each page, the audits
that cost points, so that they can be fixed.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from benchmarks.charge import (  # noqa: E402
    DEPARTEMENT,
    SIMULATEUR,
    demarrer_gunicorn,
    environnement,
    port_libre,
    vider_redis,
)
from benchmarks.territoire import URL_PAR_DEFAUT, _executer_sql, _url_base  # noqa: E402

BASE_BENCH = "bd_bench_lighthouse"
REDIS_DB = 13
LIGHTHOUSE = RACINE / ".make" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def pages() -> list[tuple[str, str]]:
    from django.urls import Resolver404, resolve

    from bienvenuedoc.contenus.models import Page
    from observatoire.models import EPCI

    liste = [
        ("accueil", "/"),
        ("formulaire de demande", "/demande/"),
        ("résultats du simulateur", SIMULATEUR),
        ("annuaire", "/partenaires/"),
        ("événements", "/evenements/"),
    ]
    page = Page.objects.filter(publie=True).order_by("pk").first()
    if page is not None:
        liste.append(("page de contenu", page.get_absolute_url()))
    siren = (
        EPCI.objects.filter(communes__departement__code=DEPARTEMENT).order_by("siren").values_list("siren", flat=True)
    ).first()
    if siren:
        liste.append(("territoire d’un EPCI", f"/territoire/{siren}/"))
    gardees = []
    for libelle, chemin in liste:
        try:
            resolve(chemin.split("?")[0])
            gardees.append((libelle, chemin))
        except Resolver404:
            continue
    return gardees


def lighthouse(url: str, dossier: Path) -> dict:
    sortie = dossier / "rapport.json"
    commande = [
        "node",
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
        "--extra-headers",
        json.dumps({"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.4"}),
        "--output=json",
        f"--output-path={sortie}",
        "--quiet",
    ]
    # Lighthouse sometimes fails to record the trace of a load (« NO_NAVSTART »): that run is tried again, twice at
    # most; a page that fails three times stops the benchmark.
    for essai in range(3):
        resultat = subprocess.run(commande, timeout=240, cwd=dossier, env={**os.environ, "CHROME_PATH": CHROMIUM})
        if resultat.returncode == 0:
            break
        print(f"  Lighthouse a échoué sur {url} (essai {essai + 1} sur 3)", file=sys.stderr)
    resultat.check_returncode()
    return json.loads(sortie.read_text(encoding="utf-8"))


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--garder", action="store_true", help="garder la base (pour --reutiliser)")
    parser.add_argument("--reutiliser", action="store_true", help="reprendre la base gardée sans recharger")
    parser.add_argument("--rapports", help="dossier où garder les rapports JSON complets de Lighthouse")
    args = parser.parse_args(argv)
    for manque, conseil in ((LIGHTHOUSE, "make bench-lighthouse l’installe"), (Path(CHROMIUM), "apt chromium")):
        if not manque.exists():
            sys.stderr.write(f"{manque} manque ({conseil}).\n")
            return 2
    url = os.environ.get("DATABASE_URL", URL_PAR_DEFAUT)
    url_base = _url_base(url, BASE_BENCH)
    port = port_libre()
    env = environnement(url_base, REDIS_DB, port)
    # plain HTTP on loopback (TLS is nginx's in production): Lighthouse fetches robots.txt without the extra
    # headers, so the redirect to HTTPS is off rather than answering it a 301
    env.update(CARTE_TUILES_URL="", BANC_ESSAI_PLAFOND="false", SECURE_SSL_REDIRECT="false")
    if not args.reutiliser:
        _executer_sql(url, f'DROP DATABASE IF EXISTS "{BASE_BENCH}" WITH (FORCE)')
        _executer_sql(url, f'CREATE DATABASE "{BASE_BENCH}"')
    vider_redis(REDIS_DB)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    dossier = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    gunicorn = None
    try:
        debut = time.perf_counter()
        silence = open(os.devnull, "w")  # noqa: SIM115
        if not args.reutiliser:
            call_command("migrate", "--noinput", verbosity=0)
            call_command("importer_territoire", "--departement", DEPARTEMENT, stdout=silence)
            call_command("importer_observatoire", "--departement", DEPARTEMENT, stdout=silence)
            call_command("generer_demo", stdout=silence)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=RACINE, env=env, check=True
        )
        print(f"Démonstration du {DEPARTEMENT} chargée et collectstatic en {time.perf_counter() - debut:.0f} s")
        liste = pages()
        connection.close()
        gunicorn = demarrer_gunicorn(env, port, 3, dossier / "gunicorn.log")
        print(f"\n{'page':28s} {'perf.':>6s} {'access.':>8s} {'bonnes pr.':>10s} {'SEO':>5s}")
        for libelle, chemin in liste:
            rapport = lighthouse(f"http://127.0.0.1:{port}{chemin}", dossier)
            if args.rapports:
                Path(args.rapports).mkdir(parents=True, exist_ok=True)
                nom = "".join(c if c.isalnum() else "-" for c in libelle)
                shutil.copy(dossier / "rapport.json", Path(args.rapports) / f"{nom}.json")
            notes = {c: rapport["categories"][c]["score"] for c in CATEGORIES}
            print(
                f"{libelle:28s} "
                + " ".join(
                    f"{'—' if notes[c] is None else round(notes[c] * 100):>{w}}"
                    for c, w in zip(CATEGORIES, (6, 8, 10, 5), strict=True)
                ),
                flush=True,
            )
            for categorie in CATEGORIES:
                for ref in rapport["categories"][categorie]["auditRefs"]:
                    audit = rapport["audits"][ref["id"]]
                    if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
                        valeur = audit.get("displayValue") or ""
                        print(f"    {categorie} − {ref['id']} ({audit['score']:.2f}) {valeur}")
                        for element in (audit.get("details") or {}).get("items", [])[:3]:
                            detail = element.get("description") or element.get("url") or element.get("source")
                            print(f"        {str(detail)[:150]}")
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        connection.close()
        vider_redis(REDIS_DB)
        if not args.garder:
            _executer_sql(url, f'DROP DATABASE IF EXISTS "{BASE_BENCH}" WITH (FORCE)')
        shutil.rmtree(dossier, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
