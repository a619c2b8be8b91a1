"""Backup and restore (scripts/sauvegarde.py, `make backup` / `make restore`) against the real PostgreSQL:
cases with needs, messages and documents are saved with pg_dump and the uploaded files, restored into a NEW
EMPTY database and a new media folder, and found again, the files byte for byte. Also: the refusals (a
database that is not empty, a damaged backup) and the SQLite copy of the embedded configuration."""

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection

from accompagnement.models import Besoin, Demande, Document, Message
from partenaires.models import Partenaire
from tests.accompagnement.factories import BesoinFactory, DemandeFactory, DocumentFactory, MessageFactory
from tests.partenaires.factories import PartenaireFactory

SCRIPT = Path(django_settings.BASE_DIR) / "scripts" / "sauvegarde.py"

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads from its own connection: commit the rows


def url_postgres(nom_base: str) -> str:
    d = connection.settings_dict
    identifiants = d["USER"] + (f":{d['PASSWORD']}" if d.get("PASSWORD") else "")
    return f"postgres://{identifiants}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{nom_base}"


def lancer(*arguments: str, database_url: str, media_root: Path, **env) -> subprocess.CompletedProcess:
    """Runs the script as `make backup` / `make restore` do, with the site's settings (not the test ones)."""
    environnement = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")}
    environnement.update(
        DJANGO_SETTINGS_MODULE="bienvenuedoc.settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        **env,
    )
    return subprocess.run(
        [sys.executable, str(SCRIPT), *arguments],
        env=environnement,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=django_settings.BASE_DIR,
    )


@pytest.fixture
def base_vide():
    """A new empty PostgreSQL database, dropped at the end."""
    d = connection.settings_dict
    nom = f"{d['NAME']}_restauration_{secrets.token_hex(4)}"[:63]
    parametres = {"host": d["HOST"] or "127.0.0.1", "port": d["PORT"] or 5432, "user": d["USER"]}
    if d.get("PASSWORD"):
        parametres["password"] = d["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **parametres) as admin:
        admin.execute(f'CREATE DATABASE "{nom}"')
    try:
        yield nom, parametres
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **parametres) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')


def lire(connexion, sql: str) -> list[tuple]:
    """Rows of a query on a psycopg connection (the restored database)."""
    return [tuple(ligne) for ligne in connexion.execute(sql).fetchall()]


def lire_ici(sql: str) -> list[tuple]:
    """Rows of a query on the test database (the one saved)."""
    with connection.cursor() as curseur:
        curseur.execute(sql)
        return [tuple(ligne) for ligne in curseur.fetchall()]


def contenu(execute) -> dict[str, list[tuple]]:
    """What must survive a restore, read by plain SQL (the same queries on both databases)."""
    d, b, m, doc, p = (x._meta.db_table for x in (Demande, Besoin, Message, Document, Partenaire))
    return {
        "demandes": execute(f"SELECT uuid, reference, prenom, nom, email, statut, message FROM {d} ORDER BY reference"),
        "besoins": execute(
            f"SELECT d.reference, b.type, b.statut, b.precision FROM {b} b JOIN {d} d ON d.id = b.demande_id "
            "ORDER BY d.reference, b.type"
        ),
        "messages": execute(
            f"SELECT d.reference, m.corps, m.de_demandeur FROM {m} m JOIN {d} d ON d.id = m.demande_id ORDER BY m.corps"
        ),
        "documents": execute(
            f"SELECT d.reference, doc.titre, doc.fichier FROM {doc} doc "
            f"JOIN {d} d ON d.id = doc.demande_id ORDER BY doc.fichier"
        ),
        "logos": execute(f"SELECT slug, logo FROM {p} WHERE logo <> '' ORDER BY slug"),
    }


@pytest.fixture
def dossiers(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "medias"
    return {
        "medias": tmp_path / "medias",
        "sauvegarde": tmp_path / "sauvegardes" / "2026-12-03-101500",
        "medias_restaurees": tmp_path / "restauration" / "medias",
    }


@pytest.fixture
def dossiers_du_guichet(dossiers):
    """Two cases with needs, messages and documents (one binary, with every byte value), a partner's logo."""
    premiere = DemandeFactory(prenom="Inès", nom="Moreau", email="ines.moreau@exemple.test", en_cours=True)
    BesoinFactory(demande=premiere, type="logement", precision="Maison avec jardin près d’Agen")
    BesoinFactory(demande=premiere, type="emploi_conjoint")
    MessageFactory(demande=premiere, corps="Bonjour, où en est ma demande ? « guillemets » et émojis 😀")
    DocumentFactory(demande=premiere, titre="Liste des MSP")
    DocumentFactory(
        demande=premiere, titre="Plan", fichier=ContentFile(bytes(range(256)) * 4096 + b"\x00fin", name="plan.bin")
    )
    seconde = DemandeFactory(prenom="Karim", nom="Benali", etudiant=True)
    BesoinFactory(demande=seconde, type="terrain_stage")
    MessageFactory(demande=seconde, de_hotline=True, corps="Nous vous proposons un terrain de stage.")
    DocumentFactory(demande=seconde, titre="Convention", fichier=ContentFile(b"%PDF-1.4 convention\n", name="c.pdf"))
    PartenaireFactory(slug="habitat-47", logo=ContentFile(b"\x89PNG\r\n\x1a\nlogo", name="habitat.png"))
    return dossiers


def fichiers(racine: Path) -> dict[str, bytes]:
    return {str(p.relative_to(racine)): p.read_bytes() for p in sorted(racine.rglob("*")) if p.is_file()}


def test_sauvegarde_puis_restauration_dans_une_base_vide(dossiers_du_guichet, base_vide):
    dossiers = dossiers_du_guichet
    nom_base, parametres = base_vide
    attendu = contenu(lire_ici)
    assert len(attendu["demandes"]) == 2 and len(attendu["besoins"]) == 3 and len(attendu["documents"]) == 3
    fichiers_attendus = fichiers(dossiers["medias"])
    assert len(fichiers_attendus) == 4  # three documents and the logo

    sauvegarde = lancer(
        "sauvegarder",
        "--dossier",
        str(dossiers["sauvegarde"]),
        database_url=url_postgres(connection.settings_dict["NAME"]),
        media_root=dossiers["medias"],
    )
    assert sauvegarde.returncode == 0, sauvegarde.stderr
    assert "Sauvegarde terminée" in sauvegarde.stdout
    assert sorted(p.name for p in dossiers["sauvegarde"].iterdir()) == [
        "SHA256SUMS",
        "base.dump",
        "medias.tar.gz",
        "sauvegarde.json",
    ]
    # the checksum file is sha256sum's format
    subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=dossiers["sauvegarde"], check=True)

    restauration = lancer(
        "restaurer",
        str(dossiers["sauvegarde"]),
        database_url=url_postgres(nom_base),
        media_root=dossiers["medias_restaurees"],
    )
    assert restauration.returncode == 0, restauration.stderr
    assert "Restauration terminée" in restauration.stdout

    with psycopg.connect(dbname=nom_base, **parametres) as restauree:
        assert contenu(lambda sql: lire(restauree, sql)) == attendu
    assert fichiers(dossiers["medias_restaurees"]) == fichiers_attendus  # byte for byte

    # Restoring again over the restored (now not empty) database is refused without --force...
    refus = lancer(
        "restaurer",
        str(dossiers["sauvegarde"]),
        database_url=url_postgres(nom_base),
        media_root=dossiers["medias_restaurees"],
    )
    assert refus.returncode == 1
    assert "contient déjà" in refus.stderr and "FORCE=1" in refus.stderr
    # ... and done with FORCE=1 (make restore FORCE=1), the previous files kept aside.
    with psycopg.connect(dbname=nom_base, autocommit=True, **parametres) as restauree:
        restauree.execute(f"DELETE FROM {Message._meta.db_table}")
    forcee = lancer(
        "restaurer",
        str(dossiers["sauvegarde"]),
        database_url=url_postgres(nom_base),
        media_root=dossiers["medias_restaurees"],
        FORCE="1",
    )
    assert forcee.returncode == 0, forcee.stderr
    with psycopg.connect(dbname=nom_base, **parametres) as restauree:
        assert contenu(lambda sql: lire(restauree, sql)) == attendu
    assert fichiers(dossiers["medias_restaurees"]) == fichiers_attendus
    mis_de_cote = list(dossiers["medias_restaurees"].parent.glob("medias.avant-restauration-*"))
    assert len(mis_de_cote) == 1 and fichiers(mis_de_cote[0]) == fichiers_attendus


def test_une_sauvegarde_abimee_est_refusee_et_la_base_reste_vide(dossiers_du_guichet, base_vide):
    dossiers = dossiers_du_guichet
    nom_base, parametres = base_vide
    sauvegarde = lancer(
        "sauvegarder",
        "--dossier",
        str(dossiers["sauvegarde"]),
        database_url=url_postgres(connection.settings_dict["NAME"]),
        media_root=dossiers["medias"],
    )
    assert sauvegarde.returncode == 0, sauvegarde.stderr
    archive = dossiers["sauvegarde"] / "medias.tar.gz"
    archive.write_bytes(archive.read_bytes()[:-10] + b"0123456789")

    refus = lancer(
        "restaurer",
        str(dossiers["sauvegarde"]),
        database_url=url_postgres(nom_base),
        media_root=dossiers["medias_restaurees"],
        FORCE="1",
    )
    assert refus.returncode == 1
    assert "Le fichier medias.tar.gz ne correspond pas à son empreinte" in refus.stderr
    with psycopg.connect(dbname=nom_base, **parametres) as restauree:
        assert lire(restauree, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    assert not dossiers["medias_restaurees"].exists()


def test_dossier_absent(dossiers):
    refus = lancer(
        "restaurer", "/nulle/part", database_url=url_postgres("inutile"), media_root=dossiers["medias_restaurees"]
    )
    assert refus.returncode == 1
    assert "Le dossier de sauvegarde /nulle/part n’existe pas" in refus.stderr


@pytest.mark.django_db(transaction=False)
def test_sqlite_la_base_est_copiee_puis_restauree(tmp_path):
    """The embedded configuration (make run) uses SQLite: the backup is a consistent copy of the file."""
    source = tmp_path / "db-47.sqlite3"
    with sqlite3.connect(source) as base:
        base.execute("CREATE TABLE accompagnement_demande (reference TEXT, email TEXT)")
        base.execute("INSERT INTO accompagnement_demande VALUES ('BD-2026-00001', 'ines@exemple.test')")
    medias = tmp_path / "medias"
    (medias / "documents").mkdir(parents=True)
    (medias / "documents" / "liste.pdf").write_bytes(b"%PDF-1.4 liste\n")
    sauvegarde = tmp_path / "sauvegarde"

    resultat = lancer(
        "sauvegarder", "--dossier", str(sauvegarde), database_url=f"sqlite:///{source}", media_root=medias
    )
    assert resultat.returncode == 0, resultat.stderr
    assert (sauvegarde / "base.sqlite3").is_file()

    cible = tmp_path / "restauree" / "db-47.sqlite3"
    cible.parent.mkdir()
    resultat = lancer(
        "restaurer", str(sauvegarde), database_url=f"sqlite:///{cible}", media_root=tmp_path / "restauree" / "medias"
    )
    assert resultat.returncode == 0, resultat.stderr
    with sqlite3.connect(cible) as base:
        assert base.execute("SELECT reference, email FROM accompagnement_demande").fetchall() == [
            ("BD-2026-00001", "ines@exemple.test")
        ]
    assert (tmp_path / "restauree" / "medias" / "documents" / "liste.pdf").read_bytes() == b"%PDF-1.4 liste\n"

    # over an existing database: refused, then done with --force, the old file kept aside
    refus = lancer("restaurer", str(sauvegarde), database_url=f"sqlite:///{source}", media_root=tmp_path / "vide")
    assert refus.returncode == 1 and "contient déjà 1 table(s)" in refus.stderr
    resultat = lancer(
        "restaurer", str(sauvegarde), "--force", database_url=f"sqlite:///{source}", media_root=tmp_path / "vide"
    )
    assert resultat.returncode == 0, resultat.stderr
    assert list(tmp_path.glob("db-47.sqlite3.avant-restauration-*"))
