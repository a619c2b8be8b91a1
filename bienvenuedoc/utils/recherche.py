"""Search that ignores accents and case, the same on PostgreSQL and SQLite.

`champ__sans_accents__icontains=…` (the `SansAccents` transform, registered on the fields that need it)
compares both sides without accents: « Nguyen » finds « Nguyễn », « LEFÈVRE » finds « Lefèvre ».

- PostgreSQL: `bd_sans_accents(text)`, an IMMUTABLE wrapper of the `unaccent` extension (created by the
  migration that indexes the searched columns, e.g. accompagnement 0014). `unaccent()` itself is only STABLE
  (its dictionary could change), so no index can be built on it; the wrapper names its dictionary and is
  declared IMMUTABLE, so a trigram index on `UPPER(bd_sans_accents(col))` serves the search's LIKE '%…%'.
- SQLite (`make run`): the function of the same name is registered on the connection from Python
  (`sans_accents` below), deterministic, before the query runs.
"""

import unicodedata

from django.db.models import CharField, Transform

NOM_FONCTION_SQL = "bd_sans_accents"

# Letters that Unicode does not decompose but unaccent.rules spells out.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l"})

SQL_CREER_FONCTION = f"""
CREATE OR REPLACE FUNCTION {NOM_FONCTION_SQL}(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
"""
SQL_SUPPRIMER_FONCTION = f"DROP FUNCTION IF EXISTS {NOM_FONCTION_SQL}(text)"


def sans_accents(texte: str | None) -> str | None:
    """The text without accents or diacritics, case kept: "Nguyễn Lefèvre Œuvre" -> "Nguyen Lefevre OEuvre"."""
    if texte is None:
        return None
    decompose = unicodedata.normalize("NFKD", texte.translate(_LIGATURES))
    return unicodedata.normalize("NFC", "".join(c for c in decompose if not unicodedata.combining(c)))


class SansAccents(Transform):
    """`nom__sans_accents__icontains="lefevre"`: both sides without accents (bilateral)."""

    lookup_name = "sans_accents"
    function = NOM_FONCTION_SQL
    bilateral = True
    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        # the argument is cast to text so that the expression is the one the PostgreSQL indexes are built on
        return super().as_sql(compiler, connection, template="%(function)s((%(expressions)s)::text)")

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_function(NOM_FONCTION_SQL, 1, sans_accents, deterministic=True)
        return super().as_sql(compiler, connection, template="%(function)s(%(expressions)s)")


def sql_vecteur_recherche(colonnes: list[str]) -> str:
    """The weighted search vector of the site search (bienvenuedoc/recherche_site.py) written in SQL, for an
    expression index: `colonnes` in the order of the source's `champs` (the first weighted A, the others B). It
    must stay, to the character once parsed, the expression `_filtrer_postgresql` sends, or PostgreSQL will not
    use the index (tests/contenus/test_recherche.py reads the plan)."""
    morceaux = [
        f"setweight(to_tsvector('french'::regconfig, COALESCE({NOM_FONCTION_SQL}(COALESCE({colonne}, '')), '')),"
        f" '{'A' if rang == 0 else 'B'}')"
        for rang, colonne in enumerate(colonnes)
    ]
    vecteur = morceaux[0]
    for morceau in morceaux[1:]:
        vecteur = f"({vecteur} || {morceau})"
    return vecteur


def operations_index_recherche(index: list[tuple[str, str, list[str]]]):
    """The migration operations creating (PostgreSQL only) the GIN indexes of the site search on the tables'
    search vectors: `index` lists (index name, table, columns). The `unaccent` extension and the IMMUTABLE
    wrapper are created if absent (accompagnement 0014 creates them too; an index may only use an IMMUTABLE
    function) and left in place when going back (they are not only these indexes'). SQLite (`make run`) gets
    nothing: its search scans the rows."""
    from django.db import migrations

    def en_avant(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        schema_editor.execute(SQL_CREER_FONCTION)
        for nom, table, colonnes in index:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {nom} ON {table} USING gin (({sql_vecteur_recherche(colonnes)}))"
            )

    def en_arriere(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for nom, _, _ in index:
            schema_editor.execute(f"DROP INDEX IF EXISTS {nom}")

    return [migrations.RunPython(en_avant, en_arriere)]
