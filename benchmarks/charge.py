"""Load benchmark of the production shape: gunicorn as docker-compose.yml runs it, PostgreSQL, Redis, wrk.

    make bench-charge [DUREE=10]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bienvenuedoc .venv/bin/python benchmarks/charge.py \
        [--duree 10] [--pages annuaire,demande] [--garder | --reutiliser]

1. A throwaway PostgreSQL database `bd_bench_charge` on DATABASE_URL's server, migrated, loaded with the big
   data sets of the other benchmarks (their own loaders): every commune of France (territory importer), the
   100,000 cases of benchmarks/accompagnement.py on the real communes of the 47, the 5,000 partners, 500 aids
   and zoning of benchmarks/partenaires.py, then the observatory's health data of the 47 and the demo
   (`generer_demo`: content pages, events, offers); `collectstatic`.
2. gunicorn with the settings of docker-compose.yml (its `--workers`, DEBUG=false, NOMBRE_PROXIES=1, the cache
   and the broker on a Redis database of their own, flushed before and after) on 127.0.0.1, plus
   BANC_ESSAI_PLAFOND: a bare view answering "ok" through every middleware, the ceiling of this run.
3. `wrk -t2 -c50 -d<duree>s` on each page (loopback only). Every request carries `X-Forwarded-Proto: https` and
   its own client address in `X-Forwarded-For`, as the nginx proxy of the production shape sends them: the
   rate limits run their real code (a counter in Redis per address) without tripping, as they would for
   many visitors; one scenario sends the directory from ONE address and is expected to meet the limit
   (its 429s are counted apart). The request submission is POSTed at 20 connections with valid answers,
   the CSRF cookie and token, a distinct submission key and a fresh anti-spam token per request: the tokens
   are signed beforehand by the site's own code (`_jeton()`, as when the form is displayed) with the server's
   SECRET_KEY, at least ANTISPAM_DELAI_MINIMUM seconds before they are sent; each is spent once by the server.
   The requester's space opens with a real magic link; the back office (10 connections) with a session of a
   superuser whose second factor is verified, built as the code page would leave it.
4. Prints per page: req/s, p50/p95/p99, 2xx/3xx answers, 429s, other errors, ratio to the ceiling; the load
   average and cores before and after; the requests accepted vs the rows in the database afterwards; the
   RSS of each gunicorn worker. Then stops gunicorn and drops the database (unless --garder).

Pages: the list below, plus every page of tests/browser/test_pages_publiques.py::PAGES_PUBLIQUES (read from the
file), plus the pages whose address depends on the data (a partner, a content page, an event, an EPCI's territory
page…) when the URL exists in the site. Figures are only meaningful on a quiet machine: see the load printed.
"""

import argparse
import ast
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from benchmarks.territoire import URL_PAR_DEFAUT, _executer_sql, _url_base  # noqa: E402

BASE_BENCH = "bd_bench_charge"
REDIS_DB_PAR_DEFAUT = 14
DEPARTEMENT = "47"
NB_DEMANDES = 100_000
CONNEXIONS_POST = 20
FICHIER_TESTS_PAGES = RACINE / "tests" / "browser" / "test_pages_publiques.py"
SIMULATEUR = (
    "/aides/?profil=interne&type_projet=stage&commune=Agen&mode_exercice=liberal&secteur=non_concerne"
    "&engagement_annees=2&premiere_installation=non&aide_installation_recue=non"
)
# what a person types in the request form (tests/accompagnement/test_public_demande.py), the email made unique
FORMULAIRE_DEMANDE = {
    "prenom": "Inès",
    "nom": "Banc-Essai",
    "telephone": "06 12 34 56 78",
    "profil": "medecin_generaliste",
    "specialite": "Médecine générale",
    "rpps": "10101010105",
    "universite": "",
    "type_projet": "installation",
    "periode_debut": "2027-09-01",
    "periode_fin": "",
    "commune_1": "Agen (47000)",
    "mode_exercice": "liberal",
    "structures": "msp",
    "besoins": "logement",
    "precision_logement": "Maison avec jardin",
    "message": "Demande envoyée par le banc d’essai de charge.",
    "consentement": "on",
    "site_web": "",
}

# wrk's script: per-request client address and POST body, status counts, one JSON line at the end.
LUA = r"""
local threads = {}
compteur = 0
n2xx, n3xx, n429, nerreurs = 0, 0, 0, 0
jetons = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  if FICHIER_JETONS ~= "" then
    local i = 0
    for ligne in io.lines(FICHIER_JETONS) do
      if i % NB_THREADS == id then table.insert(jetons, ligne) end
      i = i + 1
    end
  end
end

function request()
  compteur = compteur + 1
  if ADRESSE_UNIQUE then
    wrk.headers["X-Forwarded-For"] = "127.0.0.2"
  else
    wrk.headers["X-Forwarded-For"] = string.format(
      "127.%d.%d.%d", 10 + id, math.floor(compteur / 250) % 250, compteur % 250 + 1)
  end
  if #jetons > 0 then
    local jeton = jetons[(compteur - 1) % #jetons + 1]
    local n = string.format("%s-%02d-%012d", PREFIXE, id, compteur)
    local corps = CORPS .. "&jeton=" .. jeton .. "&cle_envoi=" .. n .. "&email=" .. n .. "%40exemple.test"
    return wrk.format("POST", nil, nil, corps)
  end
  return wrk.format(nil)
end

function response(status, headers, body)
  if status == 429 then n429 = n429 + 1
  elseif status >= 400 then nerreurs = nerreurs + 1
  elseif status >= 300 then n3xx = n3xx + 1
  else n2xx = n2xx + 1 end
end

function done(summary, latency, requests)
  local t = {n2xx = 0, n3xx = 0, n429 = 0, nerreurs = 0}
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + th:get(k) end
  end
  local e = summary.errors
  io.write(string.format(
    'RESULTAT {"requetes": %d, "duree_us": %d, "p50": %d, "p95": %d, "p99": %d, "n2xx": %d, "n3xx": %d, '
    .. '"n429": %d, "nerreurs": %d, "connexion": %d, "lecture": %d, "ecriture": %d, "delai": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), t.n2xx, t.n3xx, t.n429, t.nerreurs, e.connect, e.read, e.write, e.timeout))
end
"""


def charge_machine() -> str:
    un, cinq, _ = os.getloadavg()
    return f"charge {un:.2f} (1 min) / {cinq:.2f} (5 min), {os.cpu_count()} cœurs"


def workers_docker_compose() -> int:
    """The `--workers` of the web service in docker-compose.yml: the benchmark runs what production runs."""
    texte = (RACINE / "docker-compose.yml").read_text(encoding="utf-8")
    trouve = re.search(r"gunicorn bienvenuedoc\.wsgi[^\n]*--workers (\d+)", texte)
    return int(trouve.group(1)) if trouve else 3


def pages_des_tests() -> list[str]:
    """PAGES_PUBLIQUES of the axe test (a literal list), read without importing the test module."""
    arbre = ast.parse(FICHIER_TESTS_PAGES.read_text(encoding="utf-8"))
    for noeud in arbre.body:
        if isinstance(noeud, ast.Assign) and any(getattr(c, "id", "") == "PAGES_PUBLIQUES" for c in noeud.targets):
            return [p for p in ast.literal_eval(noeud.value) if isinstance(p, str)]
    return []


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environnement(url_base: str, redis_db: int, port: int) -> dict:
    """The environment of docker-compose.yml's web service, on this machine's services."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER"}}
    redis = f"redis://127.0.0.1:6379/{redis_db}"
    env.update(
        DJANGO_SETTINGS_MODULE="bienvenuedoc.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}",
        DATABASE_URL=url_base,
        REDIS_URL=redis,
        CELERY_BROKER_URL=redis,  # no worker: what the requests queue waits in Redis, flushed at the end
        EMAIL_URL="consolemail://",
        DEPARTEMENT=DEPARTEMENT,
        NOMBRE_PROXIES="1",
        BANC_ESSAI_PLAFOND="true",
        SITE_URL=f"https://127.0.0.1:{port}",
    )
    return env


def vider_redis(redis_db: int) -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=redis_db).flushdb()


# --- data ------------------------------------------------------------------------------------------------


def charger_donnees(out) -> None:
    """The loaders of the other benchmarks, in an order that keeps their ids apart (the cases are copied with
    explicit ids, so before the demo's own cases)."""
    import random

    from django.core.management import call_command

    from benchmarks import accompagnement, partenaires

    rng = random.Random(2026)
    etapes = [
        ("migrations", lambda: call_command("migrate", "--noinput", verbosity=0)),
        ("communes de France", lambda: partenaires.charger_territoire_france(out)),
        (
            f"{NB_DEMANDES} demandes",
            lambda: accompagnement.charger(NB_DEMANDES, rng, departement_existant=DEPARTEMENT),
        ),
        ("zonage", lambda: partenaires.charger_zonage(rng)),
        (
            f"{partenaires.NB_PARTENAIRES} partenaires, {partenaires.NB_AIDES} aides",
            lambda: partenaires.charger_partenaires_et_aides(rng, DEPARTEMENT),
        ),
        (
            "observatoire (47)",
            lambda: call_command("importer_observatoire", "--departement", DEPARTEMENT, verbosity=0, stdout=out),
        ),
        ("démonstration (47)", lambda: call_command("generer_demo", stdout=open(os.devnull, "w"))),  # noqa: SIM115
    ]
    for libelle, etape in etapes:
        debut = time.perf_counter()
        etape()
        out.write(f"  {libelle} : {time.perf_counter() - debut:.1f} s\n")
        out.flush()


def preparer_acces() -> dict:
    """What the scenarios need from the database: addresses of data-dependent pages, a requester's magic link,
    a back-office session (password + verified second factor, as the code page leaves it)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import Resolver404, resolve, reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accompagnement.enums import StatutDemande
    from accompagnement.models import Demande
    from accompagnement.services.acces import jeton_creer
    from observatoire.models import EPCI
    from partenaires.models import Partenaire

    def existe(chemin: str) -> bool:
        try:
            resolve(urllib.parse.urlsplit(chemin).path)
            return True
        except Resolver404:
            return False

    admin = get_user_model().objects.get(username="bench")
    appareil, _ = TOTPDevice.objects.get_or_create(user=admin, name="banc", defaults={"confirmed": True})
    session = SessionStore()
    session[SESSION_KEY] = str(admin.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
    session.create()
    demande = Demande.objects.filter(statut=StatutDemande.EN_COURS, email__startswith="demandeur").order_by("-pk")[0]
    partenaire = Partenaire.objects.filter(slug="partenaire-00042").first() or Partenaire.objects.first()
    siren = (
        EPCI.objects.filter(communes__departement__code=DEPARTEMENT)
        .order_by("siren")
        .values_list("siren", flat=True)
        .first()
    )
    dynamiques = [("annuaire : fiche d’un partenaire", f"/partenaires/{partenaire.slug}/")]
    try:
        from bienvenuedoc.contenus.models import Actualite, Evenement, Page

        for libelle, modele in (("page de contenu", Page), ("actualité", Actualite), ("événement", Evenement)):
            objet = modele.objects.filter(publie=True).order_by("pk").first()
            if objet is not None:
                dynamiques.append((libelle, objet.get_absolute_url()))
    except ImportError:
        pass
    try:
        from remplacements.models import Offre

        offre = Offre.objects.filter(statut="publiee").order_by("pk").first()
        if offre is not None:
            dynamiques.append(("une offre", reverse("remplacements:offre", kwargs={"uuid": offre.uuid})))
    except ImportError:
        pass
    if siren:
        dynamiques.append(("territoire d’un EPCI", f"/territoire/{siren}/"))
        dynamiques.append(("observatoire : page d’un EPCI", f"/observatoire/epci/{siren}/"))
    dynamiques += [
        ("observatoire : carte des communes (JSON)", "/observatoire/carte.json?niveau=communes&indicateur=apl"),
        ("observatoire : tableau des communes (CSV)", "/observatoire/donnees/communes.csv"),
    ]
    return {
        "session": session.session_key,
        "espace": reverse("accompagnement:espace", kwargs={"jeton": jeton_creer(demande=demande)}),
        "demande_pk": demande.pk,
        "dynamiques": [(libelle, chemin) for libelle, chemin in dynamiques if existe(chemin)],
        "existe": {chemin: existe(chemin) for chemin in pages_des_tests()},
    }


def jetons_antispam(nombre: int, chemin: Path) -> float:
    """`nombre` anti-spam tokens made by the form's own code, URL-encoded, one a line. Returns when made."""
    from bienvenuedoc.utils.antispam import _jeton

    with chemin.open("w") as fichier:
        for _ in range(nombre):
            fichier.write(urllib.parse.quote(_jeton(), safe="") + "\n")
    return time.time()


def nombre_demandes() -> int:
    from accompagnement.models import Demande

    return Demande.objects.count()


# --- server ----------------------------------------------------------------------------------------------


def demarrer_gunicorn(env: dict, port: int, workers: int, journal: Path) -> subprocess.Popen:
    commande = [
        str(RACINE / ".venv" / "bin" / "gunicorn"),
        "bienvenuedoc.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]
    sortie = journal.open("w")
    processus = subprocess.Popen(commande, cwd=RACINE, env=env, stdout=sortie, stderr=subprocess.STDOUT)
    limite = time.monotonic() + 60
    while time.monotonic() < limite:
        if processus.poll() is not None:
            raise RuntimeError(f"gunicorn s’est arrêté (journal : {journal})")
        try:
            reponse = urllib.request.urlopen(
                urllib.request.Request(
                    f"http://127.0.0.1:{port}/banc-essai/plafond/", headers={"X-Forwarded-Proto": "https"}
                ),
                timeout=2,
            )
            if reponse.status == 200:
                return processus
        except urllib.error.HTTPError:  # the server answers (the ceiling view is off: benchmarks/lighthouse.py)
            return processus
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    processus.terminate()
    raise RuntimeError("gunicorn ne répond pas après 60 s")


def rss_workers(pid_maitre: int) -> list[int]:
    """RSS (MB) of the gunicorn workers: the children of the master."""
    tailles = []
    for dossier in Path("/proc").iterdir():
        if not dossier.name.isdigit():
            continue
        try:
            stat = (dossier / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid != pid_maitre:
                continue
            for ligne in (dossier / "status").read_text().splitlines():
                if ligne.startswith("VmRSS:"):
                    tailles.append(int(ligne.split()[1]) // 1024)
        except (OSError, ValueError, IndexError):
            continue
    return sorted(tailles)


def attendre_le_repos(base: str, entetes: dict, limite: float = 10.0) -> None:
    """What a scenario left queued in gunicorn when wrk stopped (sync workers: a backlog of slow requests) is
    answered before the next scenario starts: waits until the ceiling view answers fast twice in a row."""
    fin = time.monotonic() + limite
    rapides = 0
    while rapides < 2 and time.monotonic() < fin:
        debut = time.perf_counter()
        premier_statut(base, "/banc-essai/plafond/", entetes)
        rapides = rapides + 1 if time.perf_counter() - debut < 0.05 else 0
        time.sleep(0.2)


def premier_statut(base: str, chemin: str, entetes: dict) -> int:
    requete = urllib.request.Request(base + chemin, headers={**entetes, "X-Forwarded-For": "127.0.0.3"})
    try:
        return urllib.request.urlopen(requete, timeout=30).status
    except urllib.error.HTTPError as erreur:
        return erreur.code
    except (urllib.error.URLError, TimeoutError):
        return 0


def wrk(base: str, chemin: str, *, duree: int, connexions: int, entetes: dict, dossier: Path, post=None, unique=False):
    script = dossier / "scenario.lua"
    fichier_jetons, corps, prefixe = "", "", secrets.token_hex(4)
    if post:
        fichier_jetons, corps = str(post["jetons"]), post["corps"]
    script.write_text(
        f"FICHIER_JETONS = {json.dumps(fichier_jetons)}\nCORPS = {json.dumps(corps)}\n"
        f'PREFIXE = "banc-charge-{prefixe}"\nNB_THREADS = 2\nADRESSE_UNIQUE = {"true" if unique else "false"}\n' + LUA
    )
    commande = ["wrk", "-t2", f"-c{connexions}", f"-d{duree}s", "--timeout", "10s", "-s", str(script)]
    for nom, valeur in entetes.items():
        commande += ["-H", f"{nom}: {valeur}"]
    if post:
        commande += ["-H", "Content-Type: application/x-www-form-urlencoded"]
    commande.append(base + chemin)
    resultat = subprocess.run(commande, capture_output=True, text=True, timeout=duree + 60)
    for ligne in resultat.stdout.splitlines():
        if ligne.startswith("RESULTAT "):
            return json.loads(ligne.removeprefix("RESULTAT "))
    raise RuntimeError(f"wrk sans résultat : {resultat.stdout[-500:]} {resultat.stderr[-500:]}")


def ligne_tableau(libelle: str, r: dict, plafond: float | None, statut: int) -> str:
    rps = r["requetes"] / (r["duree_us"] / 1e6) if r["duree_us"] else 0.0
    ratio = f"{100 * rps / plafond:5.1f} %" if plafond else "    —  "
    autres = r["nerreurs"] + r["connexion"] + r["lecture"] + r["ecriture"] + r["delai"]
    return (
        f"{libelle[:46]:46s} {statut:>4d} {rps:>8.1f} {r['p50'] / 1000:>7.1f} {r['p95'] / 1000:>7.1f} "
        f"{r['p99'] / 1000:>7.1f} {r['n2xx']:>7d} {r['n3xx']:>6d} {r['n429']:>6d} {autres:>7d} {ratio:>8s}"
    )


def scenarios(acces: dict) -> list[dict]:
    """(label, path, connections, extra) — the fixed list, the axe test's public pages, the data-dependent ones."""
    admin = "/gestion/accompagnement/demande/"
    session = {"Cookie": f"sessionid={acces['session']}"}
    liste = [
        {"libelle": "accueil", "chemin": "/"},
        {"libelle": "mentions légales", "chemin": "/mentions-legales/"},
        {"libelle": "formulaire de demande (GET)", "chemin": "/demande/"},
        {
            "libelle": "envoi d’une demande (POST, 20 connexions)",
            "chemin": "/demande/",
            "post": True,
            "c": CONNEXIONS_POST,
        },
        {"libelle": "simulateur avec réponses", "chemin": SIMULATEUR},
        {"libelle": "catalogue des aides", "chemin": "/aides/catalogue/"},
        {"libelle": "annuaire, page 1", "chemin": "/partenaires/"},
        {"libelle": "annuaire, recherche + type", "chemin": "/partenaires/?q=partenaire+01&type=logement"},
        {"libelle": "annuaire, une seule adresse (429 attendus)", "chemin": "/partenaires/", "unique": True},
        {"libelle": "espace du demandeur (lien privé)", "chemin": acces["espace"]},
        {"libelle": "gestion : liste des demandes (10 conn.)", "chemin": admin, "c": 10, "entetes": session},
        {
            "libelle": "gestion : page d’une demande (10 conn.)",
            "chemin": f"{admin}{acces['demande_pk']}/change/",
            "c": 10,
            "entetes": session,
        },
        {"libelle": "offres (liste)", "chemin": "/offres/"},
        {"libelle": "offres (carte JSON)", "chemin": "/offres/carte.json"},
        {"libelle": "événements", "chemin": "/evenements/"},
        {"libelle": "actualités", "chemin": "/actualites/"},
    ]
    connus = {s["chemin"] for s in liste}
    for chemin in pages_des_tests():
        if chemin not in connus and acces["existe"].get(chemin):
            liste.append({"libelle": chemin, "chemin": chemin})
            connus.add(chemin)
    for libelle, chemin in acces["dynamiques"]:
        if chemin not in connus:
            liste.append({"libelle": libelle, "chemin": chemin})
            connus.add(chemin)
    return liste


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duree", type=int, default=10, help="secondes de wrk par page (défaut 10)")
    parser.add_argument("--connexions", type=int, default=50)
    parser.add_argument("--pages", default="", help="seulement les pages dont le libellé ou le chemin contient…")
    parser.add_argument("--redis-db", type=int, default=REDIS_DB_PAR_DEFAUT, help="base Redis dédiée (vidée)")
    parser.add_argument("--garder", action="store_true", help="garder la base chargée (pour --reutiliser)")
    parser.add_argument("--reutiliser", action="store_true", help="reprendre la base gardée sans recharger")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.stderr.write("wrk manque : make bench-charge l’installe (scripts/apt.sh wrk).\n")
        return 2
    url = os.environ.get("DATABASE_URL", URL_PAR_DEFAUT)
    if not url.startswith("postgres"):
        sys.stderr.write("Ce banc d’essai demande PostgreSQL : DATABASE_URL=postgres://…\n")
        return 2
    url_base = _url_base(url, BASE_BENCH)
    port = port_libre()
    env = environnement(url_base, args.redis_db, port)
    out = sys.stdout
    debut_total = time.perf_counter()
    out.write(f"Avant : {charge_machine()}\n")
    if not args.reutiliser:
        _executer_sql(url, f'DROP DATABASE IF EXISTS "{BASE_BENCH}" WITH (FORCE)')
        _executer_sql(url, f'CREATE DATABASE "{BASE_BENCH}"')
    vider_redis(args.redis_db)
    os.environ.update(env)  # this process reads the same settings as gunicorn (SECRET_KEY for the tokens)
    import django

    django.setup()
    from django.db import connection

    dossier = Path(tempfile.mkdtemp(prefix="bench-charge-"))
    gunicorn = None
    try:
        if not args.reutiliser:
            out.write(f"Chargement de « {BASE_BENCH} » :\n")
            charger_donnees(out)
        acces = preparer_acces()
        debut = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=RACINE, env=env, check=True
        )
        out.write(f"  collectstatic : {time.perf_counter() - debut:.1f} s\n")
        workers = workers_docker_compose()
        gunicorn = demarrer_gunicorn(env, port, workers, dossier / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        entetes = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip, br"}
        liste = [
            s
            for s in scenarios(acces)
            if not args.pages or any(m in s["libelle"] or m in s["chemin"] for m in args.pages.split(","))
        ]
        # POST: one fresh token per request, made now so they are old enough when sent
        nb_jetons = max(2_000, 500 * args.duree)
        jetons = dossier / "jetons.txt"
        jetons_faits = jetons_antispam(nb_jetons, jetons)
        csrf = secrets.token_hex(16)  # 32 characters: the cookie's secret, accepted as is in the form
        champs = {**FORMULAIRE_DEMANDE, "csrfmiddlewaretoken": csrf}
        corps_post = urllib.parse.urlencode(champs)
        entetes_post = {**entetes, "Cookie": f"csrftoken={csrf}", "Origin": f"https://127.0.0.1:{port}"}
        out.write(
            f"gunicorn : {workers} workers sync (docker-compose.yml), DEBUG=false, Redis base {args.redis_db}, "
            f"{len(liste)} scénarios de {args.duree} s — {charge_machine()}\n\n"
        )
        titre = (
            f"{'page':46s} {'HTTP':>4s} {'req/s':>8s} {'p50 ms':>7s} {'p95 ms':>7s} {'p99 ms':>7s} "
            f"{'2xx':>7s} {'3xx':>6s} {'429':>6s} {'erreurs':>7s} {'plafond':>8s}"
        )
        options = {"duree": args.duree, "entetes": entetes, "dossier": dossier}
        plafond_r = wrk(base, "/banc-essai/plafond/", connexions=args.connexions, **options)
        plafond = plafond_r["requetes"] / (plafond_r["duree_us"] / 1e6)
        attendre_le_repos(base, entetes)
        out.write(titre + "\n" + ligne_tableau("plafond : vue nue « ok »", plafond_r, None, 200) + "\n")
        out.flush()
        avant_demandes = nombre_demandes()
        acceptees = 0
        for s in liste:
            entetes_page = {**entetes, **s.get("entetes", {})}
            post = None
            if s.get("post"):
                attente = jetons_faits + float(os.environ.get("ANTISPAM_DELAI_MINIMUM", 3.0)) + 0.5 - time.time()
                time.sleep(max(0.0, attente))
                post = {"jetons": jetons, "corps": corps_post}
                entetes_page = entetes_post
            statut = premier_statut(base, s["chemin"], entetes_page) if not post else 302
            r = wrk(
                base,
                s["chemin"],
                duree=args.duree,
                connexions=s.get("c", args.connexions),
                entetes=entetes_page,
                dossier=dossier,
                post=post,
                unique=s.get("unique", False),
            )
            if post:
                acceptees += r["n3xx"]
            out.write(ligne_tableau(s["libelle"], r, plafond, statut) + "\n")
            out.flush()
            attendre_le_repos(base, entetes)
        fin_r = wrk(base, "/banc-essai/plafond/", connexions=args.connexions, **options)
        out.write(ligne_tableau("plafond, de nouveau à la fin", fin_r, plafond, 200) + "\n")
        rss = rss_workers(gunicorn.pid)
        enregistrees = nombre_demandes() - avant_demandes
        # wrk counts the answers received before its time is up; the submissions still in flight then (at most
        # one per connection) are saved too, without being counted: rows − accepted is between 0 and 20
        en_vol = enregistrees - acceptees
        out.write(
            f"\nDemandes envoyées et acceptées (redirection vers la confirmation) : {acceptees} ; nouvelles lignes "
            f"en base : {enregistrees} — "
            + (
                f"toutes enregistrées ({en_vol} encore en vol à l’arrêt de wrk)"
                if 0 <= en_vol <= CONNEXIONS_POST
                else "ÉCART : des demandes acceptées manquent en base"
            )
            + "\n"
        )
        out.write(
            f"RSS des workers après la mesure : {', '.join(f'{t} Mo' for t in rss)} (objectif < 150 Mo : "
            f"{'OK' if rss and max(rss) < 150 else 'DÉPASSÉ'})\n"
        )
        out.write(f"Après : {charge_machine()} — {time.perf_counter() - debut_total:.0f} s au total\n")
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        connection.close()
        vider_redis(args.redis_db)
        if not args.garder:
            _executer_sql(url, f'DROP DATABASE IF EXISTS "{BASE_BENCH}" WITH (FORCE)')
        shutil.rmtree(dossier, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
