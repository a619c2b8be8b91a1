"""Indexes for the back office's search (DemandeAdmin.search_fields) on PostgreSQL.

Django's admin searches `nom`, `prenom` and `email` with icontains and `reference`, `rpps` with iexact, which
PostgreSQL receives as `UPPER("col"::text) LIKE UPPER('%…%')` and `UPPER("col"::text) = UPPER('…')`: the
plain B-tree indexes on the columns cannot serve them, so every search read the whole table. These indexes
are on the very expressions Django writes — trigram GIN indexes (pg_trgm) for the LIKE '%…%' ones, B-tree
for the equalities — so each branch of the search's OR is an index scan (a BitmapOr). Other databases
(SQLite for `make run`) get nothing: the table is small there."""

from django.db import migrations

INDEX = [
    ("demande_nom_trgm_idx", "gin (UPPER(nom::text) gin_trgm_ops)"),
    ("demande_prenom_trgm_idx", "gin (UPPER(prenom::text) gin_trgm_ops)"),
    ("demande_email_trgm_idx", "gin (UPPER(email::text) gin_trgm_ops)"),
    ("demande_reference_upper_idx", "btree (UPPER(reference::text))"),
    ("demande_rpps_upper_idx", "btree (UPPER(rpps::text))"),
]


def creer_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for nom, definition in INDEX:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {nom} ON accompagnement_demande USING {definition}")


def supprimer_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nom, _ in INDEX:
        schema_editor.execute(f"DROP INDEX IF EXISTS {nom}")


class Migration(migrations.Migration):
    dependencies = [("accompagnement", "0006_groupes_configuration")]

    operations = [migrations.RunPython(creer_index, supprimer_index)]
