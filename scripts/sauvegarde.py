#!/usr/bin/env python3
"""Sauvegarde et restauration du guichet : la base de données et les fichiers déposés (MEDIA_ROOT :
documents des demandes, photos des agents, logos).

    scripts/sauvegarde.py sauvegarder [--dossier DOSSIER]     # make backup
    scripts/sauvegarde.py restaurer DOSSIER [--force]         # make restore DOSSIER=… [FORCE=1]

La base et le dossier des fichiers sont ceux du site : DATABASE_URL, MEDIA_ROOT (et le fichier .env), lus par
les réglages du projet (bienvenuedoc/settings.py), comme `manage.py`.

Une sauvegarde est un dossier daté, `sauvegardes/AAAA-MM-JJ-HHMMSS/` par défaut (SAUVEGARDES_DIR pour un autre
emplacement, --dossier pour un chemin précis), qui contient :
- `base.dump` : PostgreSQL, `pg_dump --format=custom` (le client pg_dump de la version du serveur, pris dans
  /usr/lib/postgresql/<version>/bin s’il y est, sinon dans le PATH ; plus ancien que le serveur, il est refusé) ;
  ou `base.sqlite3` : SQLite (configuration embarquée de `make run`), copie cohérente par l’API de sauvegarde de
  SQLite, même si le site tourne ;
- `medias.tar.gz` : tout MEDIA_ROOT ;
- `sauvegarde.json` : date, moteur, nom de la base, versions (jamais de mot de passe) ;
- `SHA256SUMS` : empreintes des fichiers (vérifiables aussi par `sha256sum -c SHA256SUMS`).

La restauration vérifie les empreintes, refuse d’écraser une base qui contient déjà des tables ou un dossier de
fichiers non vide (sauf --force), restaure la base par `pg_restore --clean --if-exists --no-owner` en une seule
transaction (une erreur laisse la base comme avant) puis les fichiers. Avec --force, l’ancien dossier des
fichiers est gardé à côté (`<MEDIA_ROOT>.avant-restauration-<date>`), de même que l’ancien fichier SQLite.

Une sauvegarde contient des données personnelles : la ranger comme la base elle-même (accès restreint,
chiffrement du support, durée de conservation).
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
FICHIER_EMPREINTES = "SHA256SUMS"
FICHIER_MANIFESTE = "sauvegarde.json"
DUMP_POSTGRES = "base.dump"
COPIE_SQLITE = "base.sqlite3"
ARCHIVE_MEDIAS = "medias.tar.gz"


class Erreur(Exception):
    """Un refus ou un échec expliqué à la personne qui lance la commande (message en français)."""


def dire(message: str) -> None:
    print(message, flush=True)


# --- Configuration du site --------------------------------------------------------------------------------


def reglages():
    """La base et MEDIA_ROOT tels que le site les voit (DATABASE_URL, MEDIA_ROOT, .env)."""
    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bienvenuedoc.settings")
    from django.conf import settings

    base = settings.DATABASES["default"]
    return base, Path(settings.MEDIA_ROOT)


def moteur(base: dict) -> str:
    if "postgresql" in base["ENGINE"]:
        return "postgresql"
    if "sqlite3" in base["ENGINE"]:
        return "sqlite"
    raise Erreur(f"Moteur de base de données non pris en charge par la sauvegarde : {base['ENGINE']}.")


def environnement_postgres(base: dict) -> dict:
    """Connection parameters for libpq's tools, through the environment (never on the command line, where
    `ps` would show the password)."""
    env = dict(os.environ)
    for variable, cle in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if base.get(cle):
            env[variable] = str(base[cle])
    env["PGDATABASE"] = base["NAME"]
    if base.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = base["OPTIONS"]["sslmode"]
    return env


def connexion_postgres(base: dict):
    import psycopg

    parametres = {"dbname": base["NAME"], "autocommit": True}
    for cle, nom in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if base.get(cle):
            parametres[nom] = base[cle]
    try:
        return psycopg.connect(**parametres, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise Erreur(f"Impossible de se connecter à la base PostgreSQL « {base['NAME']} » : {exc}") from None


def outil_postgres(nom: str, version_serveur: int) -> str:
    """pg_dump / pg_restore of the server's major version (Debian installs each version in its own folder);
    an older client cannot read a newer server, so it is refused."""
    majeure = version_serveur // 10000
    candidat = Path(f"/usr/lib/postgresql/{majeure}/bin/{nom}")
    chemin = str(candidat) if candidat.is_file() else shutil.which(nom)
    if not chemin:
        raise Erreur(
            f"{nom} est introuvable : installez le client PostgreSQL {majeure} (paquet postgresql-client-{majeure})."
        )
    sortie = subprocess.run([chemin, "--version"], capture_output=True, text=True, check=True).stdout
    trouve = re.search(r"(\d+)(?:\.\d+)?", sortie)
    if not trouve or int(trouve[1]) < majeure:
        raise Erreur(
            f"{chemin} est trop ancien ({sortie.strip()}) pour le serveur PostgreSQL {majeure} : "
            f"installez postgresql-client-{majeure}."
        )
    return chemin


def lancer(commande: list[str], env: dict | None = None) -> None:
    resultat = subprocess.run(commande, env=env, capture_output=True, text=True)
    if resultat.returncode != 0:
        raise Erreur(f"{Path(commande[0]).name} a échoué (code {resultat.returncode}) :\n{resultat.stderr.strip()}")


# --- Empreintes -------------------------------------------------------------------------------------------


def empreinte(chemin: Path) -> str:
    h = hashlib.sha256()
    with chemin.open("rb") as f:
        for bloc in iter(lambda: f.read(1 << 20), b""):
            h.update(bloc)
    return h.hexdigest()


def ecrire_empreintes(dossier: Path, noms: list[str]) -> None:
    lignes = [f"{empreinte(dossier / nom)}  {nom}\n" for nom in sorted(noms)]
    (dossier / FICHIER_EMPREINTES).write_text("".join(lignes), encoding="utf-8")


def verifier_empreintes(dossier: Path) -> list[str]:
    fichier = dossier / FICHIER_EMPREINTES
    if not fichier.is_file():
        raise Erreur(f"{fichier} est absent : ce dossier n’est pas une sauvegarde complète.")
    noms = []
    for ligne in fichier.read_text(encoding="utf-8").splitlines():
        attendue, _, nom = ligne.partition("  ")
        chemin = dossier / nom
        if "/" in nom or not chemin.is_file():
            raise Erreur(f"Fichier de la sauvegarde absent : {nom}.")
        if empreinte(chemin) != attendue:
            raise Erreur(f"Le fichier {nom} ne correspond pas à son empreinte : la sauvegarde est abîmée.")
        noms.append(nom)
    return noms


# --- Sauvegarder ------------------------------------------------------------------------------------------


def sauvegarder(destination: Path | None) -> Path:
    base, medias = reglages()
    sorte = moteur(base)
    if destination is None:
        parent = Path(os.environ.get("SAUVEGARDES_DIR") or RACINE / "sauvegardes")
        destination = parent / datetime.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    if destination.exists() and any(destination.iterdir()):
        raise Erreur(f"Le dossier {destination} existe déjà et n’est pas vide : choisissez-en un autre.")
    destination.mkdir(parents=True, exist_ok=True)
    destination.chmod(0o700)  # personal data: readable by the operator only
    manifeste = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "moteur": sorte,
        "base": base["NAME"] if sorte == "postgresql" else Path(base["NAME"]).name,
        "medias": str(medias),
    }
    dire(f"Sauvegarde dans {destination}")
    if sorte == "postgresql":
        with connexion_postgres(base) as connexion:
            version = connexion.info.server_version
        pg_dump = outil_postgres("pg_dump", version)
        lancer([pg_dump, "--format=custom", f"--file={destination / DUMP_POSTGRES}"], env=environnement_postgres(base))
        manifeste["version_serveur"] = version
        fichiers = [DUMP_POSTGRES]
        dire(f"  base PostgreSQL « {base['NAME']} » : {DUMP_POSTGRES}")
    else:
        source = Path(base["NAME"])
        if not source.is_file():
            raise Erreur(f"La base SQLite {source} n’existe pas : rien à sauvegarder.")
        with sqlite3.connect(source) as origine, sqlite3.connect(destination / COPIE_SQLITE) as copie:
            origine.backup(copie)
        fichiers = [COPIE_SQLITE]
        dire(f"  base SQLite {source.name} : {COPIE_SQLITE}")
    with tarfile.open(destination / ARCHIVE_MEDIAS, "w:gz") as archive:
        if medias.is_dir():
            archive.add(medias, arcname=".")
    nombre = sum(1 for p in medias.rglob("*") if p.is_file()) if medias.is_dir() else 0
    dire(f"  fichiers déposés ({medias}) : {ARCHIVE_MEDIAS}, {nombre} fichier(s)")
    fichiers.append(ARCHIVE_MEDIAS)
    (destination / FICHIER_MANIFESTE).write_text(json.dumps(manifeste, indent=2, ensure_ascii=False) + "\n")
    fichiers.append(FICHIER_MANIFESTE)
    ecrire_empreintes(destination, fichiers)
    dire(f"Sauvegarde terminée. Pour la restaurer : make restore DOSSIER={destination}")
    return destination


# --- Restaurer --------------------------------------------------------------------------------------------


def tables_postgres(base: dict) -> int:
    with connexion_postgres(base) as connexion:
        return connexion.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg_toast%'"
        ).fetchone()[0]


def tables_sqlite(chemin: Path) -> int:
    if not chemin.is_file() or chemin.stat().st_size == 0:
        return 0
    with sqlite3.connect(chemin) as connexion:
        return connexion.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]


def mettre_de_cote(chemin: Path, horodatage: str) -> Path:
    ancien = chemin.with_name(f"{chemin.name}.avant-restauration-{horodatage}")
    chemin.rename(ancien)
    return ancien


def restaurer(dossier: Path, *, force: bool) -> None:
    if not dossier.is_dir():
        raise Erreur(f"Le dossier de sauvegarde {dossier} n’existe pas (make restore DOSSIER=sauvegardes/…).")
    noms = verifier_empreintes(dossier)
    base, medias = reglages()
    sorte = moteur(base)
    attendu = DUMP_POSTGRES if sorte == "postgresql" else COPIE_SQLITE
    if attendu not in noms:
        autre = "PostgreSQL" if sorte == "sqlite" else "SQLite"
        raise Erreur(
            f"Cette sauvegarde est celle d’une base {autre} et le site est configuré sur {sorte} : "
            "vérifiez DATABASE_URL."
        )
    horodatage = datetime.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    # Refuse before changing anything.
    if sorte == "postgresql":
        occupees = tables_postgres(base)
        cible = f"la base PostgreSQL « {base['NAME']} »"
    else:
        occupees = tables_sqlite(Path(base["NAME"]))
        cible = f"la base SQLite {base['NAME']}"
    medias_occupes = medias.is_dir() and any(medias.iterdir())
    if not force and occupees:
        raise Erreur(
            f"{cible} contient déjà {occupees} table(s) : la restauration les remplacerait. "
            "Relancez avec --force (make restore FORCE=1) pour l’écraser, ou restaurez dans une base vide."
        )
    if not force and medias_occupes:
        raise Erreur(
            f"Le dossier des fichiers {medias} n’est pas vide. Relancez avec --force (make restore FORCE=1) : "
            "il sera mis de côté avant la restauration."
        )
    dire(f"Restauration de {dossier}")
    if sorte == "postgresql":
        with connexion_postgres(base) as connexion:
            version = connexion.info.server_version
        pg_restore = outil_postgres("pg_restore", version)
        lancer(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={base['NAME']}",
                str(dossier / DUMP_POSTGRES),
            ],
            env=environnement_postgres(base),
        )
    else:
        cible_sqlite = Path(base["NAME"])
        if cible_sqlite.exists():
            dire(f"  ancienne base mise de côté : {mettre_de_cote(cible_sqlite, horodatage)}")
        with sqlite3.connect(dossier / COPIE_SQLITE) as origine, sqlite3.connect(cible_sqlite) as copie:
            origine.backup(copie)
    dire(f"  {cible} restaurée")
    if medias_occupes:
        dire(f"  ancien dossier des fichiers mis de côté : {mettre_de_cote(medias, horodatage)}")
    medias.mkdir(parents=True, exist_ok=True)
    with tarfile.open(dossier / ARCHIVE_MEDIAS, "r:gz") as archive:
        archive.extractall(medias, filter="data")  # no path outside the folder, no links out, no device files
    nombre = sum(1 for p in medias.rglob("*") if p.is_file())
    dire(f"  fichiers déposés restaurés dans {medias} : {nombre} fichier(s)")
    dire("Restauration terminée. Appliquez les migrations si le code est plus récent : manage.py migrate.")


def main(arguments: list[str] | None = None) -> int:
    analyseur = argparse.ArgumentParser(description="Sauvegarde et restauration de la base et des fichiers déposés.")
    commandes = analyseur.add_subparsers(dest="commande", required=True)
    s = commandes.add_parser("sauvegarder", help="sauvegarde la base et MEDIA_ROOT dans un dossier daté")
    s.add_argument("--dossier", type=Path, help="dossier de la sauvegarde (défaut : sauvegardes/AAAA-MM-JJ-HHMMSS)")
    r = commandes.add_parser("restaurer", help="restaure une sauvegarde dans la base et MEDIA_ROOT du site")
    r.add_argument("dossier", type=Path, help="dossier d’une sauvegarde (sauvegardes/AAAA-MM-JJ-HHMMSS)")
    r.add_argument("--force", action="store_true", help="écrase une base non vide (les anciens fichiers sont gardés)")
    options = analyseur.parse_args(arguments)
    try:
        if options.commande == "sauvegarder":
            sauvegarder(options.dossier)
        else:
            restaurer(options.dossier, force=options.force or os.environ.get("FORCE") == "1")
    except Erreur as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
