"""The hotline's activity over a period, aggregated in the database (no personal data leaves these
functions: only counts, shares and medians). A fixed number of queries whatever the number of cases.

Scope: the cases *received* in the period, their needs; referrals counted on the needs of those cases.

Statistical secrecy (`secret=True`, for readers who may not see every case, e.g. the Observatoire group): a
count from 1 to 4 is shown « < 5 »; every other count, totals included, is rounded to the nearest multiple of
5, and shares are computed from the rounded figures; a median computed on fewer than 5 cases is not shown.
Why rounding rather than secondary suppression: with exact totals, masking a second cell still gives the sum of
the two, and two overlapping periods (1-31 January, 1 January-1 February) give a single day's exact counts by
subtraction; with every published figure uncertain by ±2, neither a total minus the other rows nor one period
minus another yields a small count (the practice of NHS Digital: small counts suppressed, others rounded to 5).
The periods themselves must cover at least a month (admin_views.PeriodeForm)."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from observatoire.models import EPCI, Commune
from partenaires.enums import TypeBesoin
from partenaires.models import Partenaire

from ..enums import ProfilDemandeur, StatutBesoin, StatutDemande, TypeProjet
from ..models import Besoin, Demande

SECONDES_PAR_JOUR = 86400
SEUIL_SECRET = 5  # under statistical secrecy, counts below this are not published
MASQUE = f"< {SEUIL_SECRET}"
# The activity view shows figures at most this old (it says so): five aggregates over the period's cases and
# their needs cost ~150-200 ms of SQL on 100,000 cases / 400,000 needs (benchmarks/accompagnement.py).
DUREE_CACHE_ACTIVITE = 5 * 60
VERSION_CACHE_ACTIVITE = 3  # bump when Activite or Tableau change shape (pickled in the cache)
MOIS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


class Part(str):
    """A share in a table: reads « 33,3 % » on the page and in the CSV (it is that text), and keeps its
    `fraction` (0.333…) for the XLSX, which writes it as a number with a percent format."""

    fraction: float

    def __new__(cls, fraction: float):
        part = super().__new__(cls, f"{100 * fraction:.1f} %".replace(".", ","))
        part.fraction = fraction
        return part

    def __getnewargs__(self):  # pickled in the cache: rebuilt from the fraction, not from the text
        return (self.fraction,)


@dataclass
class Tableau:
    """One table of the activity view (and one sheet of the exports)."""

    titre: str
    colonnes: list[str]
    lignes: list[list] = field(default_factory=list)


@dataclass
class Activite:
    debut: date
    fin: date
    demandes: int | str  # str: « < 5 » under statistical secrecy
    besoins: int | str
    besoins_resolus: int | str
    part_besoins_resolus: float | None  # percent
    mediane_premiere_reponse_jours: float | str | None  # str: not published (too few cases)
    mediane_resolution_jours: float | str | None
    tableaux: list[Tableau]
    secret: bool = False

    def synthese(self) -> Tableau:
        def nombre(valeur):
            if valeur is None or isinstance(valeur, str):
                return valeur or "—"
            return f"{valeur:.1f}".replace(".", ",")

        lignes = [
            ["Demandes reçues", self.demandes],
            ["Besoins exprimés", self.besoins],
            ["Besoins résolus", self.besoins_resolus],
            [
                "Part des besoins résolus",
                "—" if self.part_besoins_resolus is None else Part(self.part_besoins_resolus / 100),
            ],
            ["Délai médian de première réponse (jours)", nombre(self.mediane_premiere_reponse_jours)],
            ["Délai médian de résolution d’une demande terminée (jours)", nombre(self.mediane_resolution_jours)],
        ]
        if self.secret:
            lignes.append(
                [
                    "Secret statistique",
                    f"effectifs de 1 à {SEUIL_SECRET - 1} affichés « {MASQUE} », autres effectifs (totaux compris) "
                    f"arrondis à {SEUIL_SECRET} près, délais médians publiés à partir de {SEUIL_SECRET} demandes",
                ]
            )
        return Tableau("Synthèse", ["Indicateur", "Valeur"], lignes)


def effectif_protege(n: int) -> int | str:
    """A count under statistical secrecy: 0 as is, 1 to 4 « < 5 », otherwise rounded to the nearest 5."""
    if n <= 0:
        return 0
    if n < SEUIL_SECRET:
        return MASQUE
    return (n + SEUIL_SECRET // 2) // SEUIL_SECRET * SEUIL_SECRET


def periode_par_defaut(aujourdhui: date | None = None) -> tuple[date, date]:
    """The last twelve months: from the first day of the month eleven months ago to today."""
    aujourdhui = aujourdhui or timezone.localdate()
    mois = aujourdhui.month - 11
    annee = aujourdhui.year + (mois - 1) // 12
    mois = (mois - 1) % 12 + 1
    return date(annee, mois, 1), aujourdhui


def _bornes(debut: date, fin: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(debut, time.min)),
        timezone.make_aware(datetime.combine(fin + timedelta(days=1), time.min)),
    )


class _Epoch(Func):
    """Seconds of a duration (PostgreSQL)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


class _Mediane(Func):
    """PostgreSQL's percentile_cont(0.5), an ordered-set aggregate."""

    template = "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    contains_aggregate = True


def _medianes_jours(demandes) -> tuple[float | None, float | None, int, int]:
    """Median days from reception to first answer, and to closing for the cases closed « terminée »; then how
    many cases each median is computed on."""
    reponse = ExpressionWrapper(F("premiere_reponse_le") - F("recue_le"), output_field=DurationField())
    resolution = ExpressionWrapper(F("cloturee_le") - F("recue_le"), output_field=DurationField())
    if connection.vendor == "postgresql":
        # percentile_cont ignores NULLs: cases with no answer drop out of the first median; the second one
        # only looks at the cases closed « terminée » (a Case() gives NULL for the others).
        terminee = Case(When(statut=StatutDemande.TERMINEE, then=_Epoch(resolution)), output_field=FloatField())
        res = demandes.aggregate(
            reponse=_Mediane(_Epoch(reponse)),
            resolution=_Mediane(terminee),
            nb_reponses=Count("premiere_reponse_le"),
            nb_resolutions=Count(terminee),
        )
        return (
            None if res["reponse"] is None else res["reponse"] / SECONDES_PAR_JOUR,
            None if res["resolution"] is None else res["resolution"] / SECONDES_PAR_JOUR,
            res["nb_reponses"],
            res["nb_resolutions"],
        )
    lignes = list(demandes.values_list("recue_le", "premiere_reponse_le", "cloturee_le", "statut"))
    reponses = [(p - r).total_seconds() for r, p, _, _ in lignes if p]
    resolutions = [(c - r).total_seconds() for r, _, c, s in lignes if c and s == StatutDemande.TERMINEE]
    return (
        statistics.median(reponses) / SECONDES_PAR_JOUR if reponses else None,
        statistics.median(resolutions) / SECONDES_PAR_JOUR if resolutions else None,
        len(reponses),
        len(resolutions),
    )


def _par_epci(debut_dt: datetime, fin_dt: datetime) -> list[tuple[str, int]]:
    """Cases per EPCI: an EPCI counts a case when it is among its desired EPCIs or contains one of its desired
    communes — each case once per EPCI (COUNT(DISTINCT)). One grouped query on ids only (the period's cases
    read from `demande_activite_idx` alone, the desired communes from the through table's unique index); the
    dozen EPCI names are joined after the grouping, not carried through it."""
    demande = Demande._meta.db_table
    par_epci = Demande.epcis.through._meta.db_table
    par_commune = Demande.communes.through._meta.db_table
    commune = Commune._meta.db_table
    epci = EPCI._meta.db_table
    sql = f"""
        SELECT e.nom, x.n FROM (
            SELECT u.epci_id, COUNT(DISTINCT u.demande_id) AS n FROM (
                SELECT de.epci_id, de.demande_id
                FROM {par_epci} de JOIN {demande} d ON d.id = de.demande_id
                WHERE d.recue_le >= %s AND d.recue_le < %s
                UNION ALL
                SELECT c.epci_id, dc.demande_id
                FROM {par_commune} dc
                JOIN {demande} d ON d.id = dc.demande_id
                JOIN {commune} c ON c.id = dc.commune_id
                WHERE d.recue_le >= %s AND d.recue_le < %s AND c.epci_id IS NOT NULL
            ) u GROUP BY u.epci_id
        ) x JOIN {epci} e ON e.id = x.epci_id
        ORDER BY x.n DESC, e.nom"""
    with connection.cursor() as curseur:
        curseur.execute(sql, [debut_dt, fin_dt, debut_dt, fin_dt])
        return [(nom, n) for nom, n in curseur.fetchall()]


class _ParmiLesDemandesDe(Func):
    """`besoin.demande_id` among the ids of a subquery. On PostgreSQL `= ANY(ARRAY(subquery))`: the period's
    cases are listed once (an InitPlan), then the needs are probed through their demande_id index — instead of
    a hash join that reads all 400,000 needs (benchmarks/accompagnement.py). Elsewhere, a plain IN."""

    output_field = BooleanField()

    def _compiler(self, compiler, connection, gabarit):
        colonne, sous_requete = self.get_source_expressions()
        sql_colonne, params_colonne = compiler.compile(colonne)
        sql_sous_requete, params_sous_requete = compiler.compile(sous_requete)
        return gabarit.format(colonne=sql_colonne, sous_requete=sql_sous_requete), (
            *params_colonne,
            *params_sous_requete,
        )

    def as_sql(self, compiler, connection, **extra_context):
        return self._compiler(compiler, connection, "{colonne} IN {sous_requete}")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self._compiler(compiler, connection, "{colonne} = ANY(ARRAY{sous_requete})")


def _demandes_par_mois_profil_projet(demandes) -> list[tuple[date, str, str, int]]:
    """One grouped pass over the period's cases; the three tables (month, profile, project) add it up."""
    return [
        (timezone.localtime(mois).date() if isinstance(mois, datetime) else mois, profil, projet, n)
        for mois, profil, projet, n in demandes.annotate(mois=TruncMonth("recue_le"))
        .values("mois", "profil", "type_projet")
        .annotate(n=Count("pk"))
        .values_list("mois", "profil", "type_projet", "n")
        .order_by()
    ]


def _besoins_par_type_et_partenaire(demandes) -> list[tuple[str, int | None, int, int]]:
    """One grouped pass over the needs of the period's cases: (type, partner id, needs, resolved)."""
    return list(
        Besoin.objects.filter(_ParmiLesDemandesDe(F("demande_id"), Subquery(demandes.order_by().values("pk"))))
        .values("type", "partenaire_id")
        # no COUNT(id): every column read is in `besoin_activite_idx` (an index-only scan)
        .annotate(n=Count("*"), r=Count("statut", filter=Q(statut=StatutBesoin.RESOLU)))
        .values_list("type", "partenaire_id", "n", "r")
        .order_by()
    )


def activite(debut: date, fin: date, *, secret: bool = False) -> Activite:
    """Five queries: cases grouped by month, profile and project; the two medians; needs grouped by type and
    partner; cases per EPCI; the names of the partners referred to. `secret`: statistical secrecy (see the
    module's docstring), for readers who may not see every case."""
    c = effectif_protege if secret else (lambda n: n)
    debut_dt, fin_dt = _bornes(debut, fin)
    demandes = Demande.objects.filter(recue_le__gte=debut_dt, recue_le__lt=fin_dt)

    par_mois, par_profil, par_projet = Counter(), Counter(), Counter()
    for mois, profil, projet, n in _demandes_par_mois_profil_projet(demandes):
        par_mois[mois] += n
        par_profil[profil] += n
        par_projet[projet] += n
    mois_lignes = []
    curseur = date(debut.year, debut.month, 1)
    while curseur <= fin:
        mois_lignes.append([f"{MOIS_FR[curseur.month - 1]} {curseur.year}", c(par_mois.get(curseur, 0))])
        curseur = date(curseur.year + curseur.month // 12, curseur.month % 12 + 1, 1)

    par_type_besoin = defaultdict(lambda: [0, 0, 0])  # type → needs, resolved, referred
    par_partenaire_id = defaultdict(lambda: [0, 0])  # partner → referred, resolved
    for type_besoin, partenaire_id, n, r in _besoins_par_type_et_partenaire(demandes):
        ligne = par_type_besoin[type_besoin]
        ligne[0] += n
        ligne[1] += r
        if partenaire_id is not None:
            ligne[2] += n
            par_partenaire_id[partenaire_id][0] += n
            par_partenaire_id[partenaire_id][1] += r
    noms = dict(Partenaire.objects.filter(pk__in=list(par_partenaire_id)).values_list("pk", "nom"))
    par_partenaire = sorted(
        ((noms[pk], n, r) for pk, (n, r) in par_partenaire_id.items()), key=lambda ligne: (-ligne[1], ligne[0])
    )
    total_demandes = sum(par_profil.values())
    total_besoins = sum(n for n, _, _ in par_type_besoin.values())
    resolus = sum(r for _, r, _ in par_type_besoin.values())
    mediane_reponse, mediane_resolution, nb_reponses, nb_resolutions = _medianes_jours(demandes)
    if secret:
        non_publie = f"non publié (moins de {SEUIL_SECRET} demandes)"
        mediane_reponse = mediane_reponse if nb_reponses >= SEUIL_SECRET else non_publie
        mediane_resolution = mediane_resolution if nb_resolutions >= SEUIL_SECRET else non_publie

    def part(n, total):
        # under secrecy, n and total are the published (rounded) figures: a share never reveals more than them
        n, total = c(n), c(total)
        if isinstance(n, str) or isinstance(total, str) or not total:
            return "—"
        return Part(n / total)

    tableaux = [
        Tableau("Demandes reçues par mois", ["Mois", "Demandes"], mois_lignes),
        Tableau(
            "Demandes par profil",
            ["Profil", "Demandes", "Part"],
            [
                [libelle, c(par_profil.get(v, 0)), part(par_profil.get(v, 0), total_demandes)]
                for v, libelle in ProfilDemandeur.choices
            ],
        ),
        Tableau(
            "Demandes par type de projet",
            ["Type de projet", "Demandes", "Part"],
            [
                [libelle, c(par_projet.get(v, 0)), part(par_projet.get(v, 0), total_demandes)]
                for v, libelle in TypeProjet.choices
            ],
        ),
        Tableau(
            "Besoins par type",
            ["Type de besoin", "Besoins", "Résolus", "Part résolue", "Orientés vers un partenaire"],
            [
                [libelle, c(n), c(r), part(r, n), c(o)]
                for v, libelle in TypeBesoin.choices
                for n, r, o in [par_type_besoin.get(v, (0, 0, 0))]
            ],
        ),
        Tableau(
            "Demandes par intercommunalité souhaitée",
            ["EPCI", "Demandes"],
            [[nom, c(n)] for nom, n in _par_epci(debut_dt, fin_dt)],
        ),
        Tableau(
            "Orientations par partenaire",
            ["Partenaire", "Besoins orientés", "Dont résolus"],
            [[nom, c(n), c(r)] for nom, n, r in par_partenaire],
        ),
    ]
    return Activite(
        debut=debut,
        fin=fin,
        demandes=c(total_demandes),
        besoins=c(total_besoins),
        besoins_resolus=c(resolus),
        part_besoins_resolus=_pourcentage(c(resolus), c(total_besoins)),
        mediane_premiere_reponse_jours=mediane_reponse,
        mediane_resolution_jours=mediane_resolution,
        tableaux=tableaux,
        secret=secret,
    )


def _pourcentage(n, total) -> float | None:
    if isinstance(n, str) or isinstance(total, str) or not total:
        return None
    return 100 * n / total


def activite_en_cache(debut: date, fin: date, *, secret: bool = False) -> tuple[Activite, datetime]:
    """`activite(debut, fin)` computed at most every DUREE_CACHE_ACTIVITE seconds per period, with the moment it
    was computed (the page states it: « chiffres mis à jour il y a N minutes »). Only aggregates are cached,
    no personal data."""
    cle = f"accompagnement:activite:v{VERSION_CACHE_ACTIVITE}:{debut:%Y-%m-%d}:{fin:%Y-%m-%d}:{int(secret)}"
    en_cache = cache.get(cle)
    if en_cache is None:
        en_cache = (activite(debut, fin, secret=secret), timezone.now())
        cache.set(cle, en_cache, DUREE_CACHE_ACTIVITE)
    return en_cache
