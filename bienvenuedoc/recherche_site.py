"""The site search (/recherche/): pages, news, events, partners, aids and offers, grouped by kind.

bienvenuedoc is the lowest layer and may not import the apps above it: each app declares its kinds of results
in a module `recherche_site.py` (`source_enregistrer(Source(...))`), found by `autodiscover_modules` the first
time a search runs. One query per kind, whatever the number of matches (the count comes with the rows, as a
window function).

- PostgreSQL: full-text search with the `french` configuration (stemming: « internes » finds « interne »,
  « logements » finds « logement »), both sides without accents through `bd_sans_accents` (the IMMUTABLE
  wrapper of `unaccent`, see bienvenuedoc/utils/recherche.py); every word must match; ranked by ts_rank.
  Each table searched has a GIN index on that very vector (migrations built with
  `operations_index_recherche`), so only the matching rows are read; the offers aside (their text joins the
  commune's name, which no index of theirs can hold). A source's `champs` and its index change together.
- SQLite (`make run`): every word must appear in the concatenated text (icontains, accents ignored through the
  same function registered from Python), newest first.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, F, Func, Q, TextField, Value, Window
from django.db.models.functions import Coalesce, Concat
from django.utils.module_loading import autodiscover_modules

from .utils.recherche import NOM_FONCTION_SQL, SansAccents, sans_accents

TextField.register_lookup(SansAccents)  # the SQLite fallback's `recherche_texte__sans_accents__icontains`

LONGUEUR_MIN = 2
LONGUEUR_MAX = 100
MOTS_MAX = 8
RESULTATS_PAR_TYPE = 10


@dataclass(frozen=True)
class Resultat:
    titre: str
    url: str
    extrait: str = ""
    precision: str = ""  # a date, a commune, a kind: one short line


@dataclass(frozen=True)
class Source:
    """A kind of result. `objets`: the published objects (a queryset factory); `champs`: the text expressions
    searched (field names or expressions giving text; the first is weighted A on PostgreSQL); `resultat`: the
    row turned into what the page shows; `ordre_secours`: the order when no rank exists (SQLite)."""

    cle: str
    libelle: str
    ordre: int
    objets: Callable
    champs: tuple
    resultat: Callable[[object], Resultat]
    ordre_secours: tuple = ("-pk",)


@dataclass
class Groupe:
    source: Source
    total: int
    resultats: list[Resultat] = field(default_factory=list)

    @property
    def cle(self) -> str:
        return self.source.cle

    @property
    def libelle(self) -> str:
        return self.source.libelle


_SOURCES: dict[str, Source] = {}
_decouvertes = False


def source_enregistrer(source: Source) -> Source:
    _SOURCES[source.cle] = source
    return source


def sources() -> list[Source]:
    global _decouvertes
    if not _decouvertes:
        autodiscover_modules("recherche_site")
        _decouvertes = True
    return sorted(_SOURCES.values(), key=lambda s: (s.ordre, s.cle))


def mots_de(texte: str) -> list[str]:
    """The words searched: accents kept (PostgreSQL removes them), at most MOTS_MAX, empty for too short a text."""
    texte = " ".join((texte or "").split())[:LONGUEUR_MAX]
    if len(texte) < LONGUEUR_MIN:
        return []
    return texte.split()[:MOTS_MAX]


def _texte(champ):
    expression = F(champ) if isinstance(champ, str) else champ
    return Coalesce(expression, Value(""), output_field=TextField())


def _sans_accents_sql(expression):
    return Func(expression, function=NOM_FONCTION_SQL, output_field=TextField())


def _filtrer_postgresql(qs, source: Source, mots: list[str]):
    vecteur = SearchVector(_sans_accents_sql(_texte(source.champs[0])), config="french", weight="A")
    for champ in source.champs[1:]:
        vecteur = vecteur + SearchVector(_sans_accents_sql(_texte(champ)), config="french", weight="B")
    requete = SearchQuery(sans_accents(" ".join(mots)), config="french", search_type="plain")
    return (
        qs.annotate(recherche_vecteur=vecteur)
        .filter(recherche_vecteur=requete)
        .annotate(recherche_rang=SearchRank(F("recherche_vecteur"), requete))
        .order_by("-recherche_rang", *source.ordre_secours)
    )


def _filtrer_secours(qs, source: Source, mots: list[str]):
    morceaux = []
    for champ in source.champs:
        morceaux += [_texte(champ), Value(" ")]
    qs = qs.annotate(recherche_texte=Concat(*morceaux, output_field=TextField()))
    filtre = Q()
    for mot in mots:
        filtre &= Q(recherche_texte__sans_accents__icontains=mot)
    return qs.filter(filtre).order_by(*source.ordre_secours)


def rechercher(texte: str, *, limite: int = RESULTATS_PAR_TYPE) -> list[Groupe]:
    """The groups of results (kinds without a match left out), one query per kind."""
    mots = mots_de(texte)
    if not mots:
        return []
    groupes = []
    for source in sources():
        qs = source.objets()
        if connection.vendor == "postgresql":
            qs = _filtrer_postgresql(qs, source, mots)
        else:
            qs = _filtrer_secours(qs, source, mots)
        lignes = list(qs.annotate(recherche_total=Window(Count("pk")))[:limite])
        if lignes:
            groupes.append(Groupe(source, lignes[0].recherche_total, [source.resultat(o) for o in lignes]))
    return groupes
