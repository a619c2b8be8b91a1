"""The back office's search ignores accents on PostgreSQL: « Nguyen » finds « Nguyễn » (issue 10).

DemandeAdmin searches `nom` and `prenom` with the `sans_accents` transform (bienvenuedoc/utils/recherche.py),
which PostgreSQL receives as `UPPER(bd_sans_accents((col)::text)) LIKE …`. This migration creates the
`unaccent` extension, the IMMUTABLE wrapper `bd_sans_accents` (unaccent itself is only STABLE: no index may
use it) and trigram GIN indexes on that very expression, replacing the accent-sensitive indexes of 0007 for
these two columns, so each branch of the search's OR stays an index scan (a BitmapOr). Other databases
(SQLite for `make run`) get nothing here: the function is registered from Python on each connection."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from bienvenuedoc.utils.recherche import SQL_CREER_FONCTION, SQL_SUPPRIMER_FONCTION

NOUVEAUX = [
    ("demande_nom_sans_accents_trgm_idx", "gin (UPPER(bd_sans_accents((nom)::text)) gin_trgm_ops)"),
    ("demande_prenom_sans_accents_trgm_idx", "gin (UPPER(bd_sans_accents((prenom)::text)) gin_trgm_ops)"),
]
ANCIENS = [
    ("demande_nom_trgm_idx", "gin (UPPER(nom::text) gin_trgm_ops)"),
    ("demande_prenom_trgm_idx", "gin (UPPER(prenom::text) gin_trgm_ops)"),
]


def _creer(schema_editor, index):
    for nom, definition in index:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {nom} ON accompagnement_demande USING {definition}")


def _supprimer(schema_editor, index):
    for nom, _ in index:
        schema_editor.execute(f"DROP INDEX IF EXISTS {nom}")


def en_avant(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(SQL_CREER_FONCTION)
    _creer(schema_editor, NOUVEAUX)
    _supprimer(schema_editor, ANCIENS)


def en_arriere(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _creer(schema_editor, ANCIENS)
    _supprimer(schema_editor, NOUVEAUX)
    schema_editor.execute(SQL_SUPPRIMER_FONCTION)


class Migration(migrations.Migration):
    dependencies = [("accompagnement", "0013_envoi_unique_avancement_groupe")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(en_avant, en_arriere),
    ]
