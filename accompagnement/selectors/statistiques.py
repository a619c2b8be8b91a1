"""The hotline's activity over a period, aggregated in the database (no personal data leaves these
functions: only counts, shares and medians). A fixed number of queries whatever the number of cases.

Scope: the cases *received* in the period, their needs; referrals counted on the needs of those cases."""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Case, Count, DurationField, ExpressionWrapper, F, FloatField, Func, Q, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from partenaires.enums import TypeBesoin

from ..enums import ProfilDemandeur, StatutBesoin, StatutDemande, TypeProjet
from ..models import Besoin, Demande

SECONDES_PAR_JOUR = 86400
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
    demandes: int
    besoins: int
    besoins_resolus: int
    part_besoins_resolus: float | None  # percent
    mediane_premiere_reponse_jours: float | None
    mediane_resolution_jours: float | None
    tableaux: list[Tableau]

    def synthese(self) -> Tableau:
        def nombre(valeur, suffixe=""):
            return "—" if valeur is None else f"{valeur:.1f}".replace(".", ",") + suffixe

        return Tableau(
            "Synthèse",
            ["Indicateur", "Valeur"],
            [
                ["Demandes reçues", self.demandes],
                ["Besoins exprimés", self.besoins],
                ["Besoins résolus", self.besoins_resolus],
                ["Part des besoins résolus", nombre(self.part_besoins_resolus, " %")],
                ["Délai médian de première réponse (jours)", nombre(self.mediane_premiere_reponse_jours)],
                ["Délai médian de résolution d’une demande terminée (jours)", nombre(self.mediane_resolution_jours)],
            ],
        )


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


def _medianes_jours(demandes) -> tuple[float | None, float | None]:
    """Median days from reception to first answer, and to closing for the cases closed « terminée »."""
    reponse = ExpressionWrapper(F("premiere_reponse_le") - F("recue_le"), output_field=DurationField())
    resolution = ExpressionWrapper(F("cloturee_le") - F("recue_le"), output_field=DurationField())
    if connection.vendor == "postgresql":
        # percentile_cont ignores NULLs: cases with no answer drop out of the first median; the second one
        # only looks at the cases closed « terminée » (a Case() gives NULL for the others).
        terminee = Case(When(statut=StatutDemande.TERMINEE, then=_Epoch(resolution)), output_field=FloatField())
        res = demandes.aggregate(reponse=_Mediane(_Epoch(reponse)), resolution=_Mediane(terminee))
        return (
            None if res["reponse"] is None else res["reponse"] / SECONDES_PAR_JOUR,
            None if res["resolution"] is None else res["resolution"] / SECONDES_PAR_JOUR,
        )
    lignes = list(demandes.values_list("recue_le", "premiere_reponse_le", "cloturee_le", "statut"))
    reponses = [(p - r).total_seconds() for r, p, _, _ in lignes if p]
    resolutions = [(c - r).total_seconds() for r, _, c, s in lignes if c and s == StatutDemande.TERMINEE]
    return (
        statistics.median(reponses) / SECONDES_PAR_JOUR if reponses else None,
        statistics.median(resolutions) / SECONDES_PAR_JOUR if resolutions else None,
    )


def _par_epci(debut_dt: datetime, fin_dt: datetime) -> list[tuple[str, int]]:
    """Cases per EPCI: an EPCI counts a case when it is among its desired EPCIs or contains one of its desired
    communes — each case once per EPCI (UNION removes the duplicates before counting)."""
    a_travers_epci = (
        Demande.epcis.through.objects.filter(demande__recue_le__gte=debut_dt, demande__recue_le__lt=fin_dt)
        .annotate(e=F("epci_id"), n=F("epci__nom"), d=F("demande_id"))
        .values_list("e", "n", "d")
        .order_by()
    )
    a_travers_communes = (
        Demande.communes.through.objects.filter(
            demande__recue_le__gte=debut_dt, demande__recue_le__lt=fin_dt, commune__epci__isnull=False
        )
        .annotate(e=F("commune__epci_id"), n=F("commune__epci__nom"), d=F("demande_id"))
        .values_list("e", "n", "d")
        .order_by()
    )
    sql, params = a_travers_epci.union(a_travers_communes).query.sql_with_params()
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT u.n, COUNT(*) FROM ({sql}) u GROUP BY u.e, u.n ORDER BY 2 DESC, 1", params)
        return [(nom, n) for nom, n in curseur.fetchall()]


def activite(debut: date, fin: date) -> Activite:
    debut_dt, fin_dt = _bornes(debut, fin)
    demandes = Demande.objects.filter(recue_le__gte=debut_dt, recue_le__lt=fin_dt)
    besoins = Besoin.objects.filter(demande__recue_le__gte=debut_dt, demande__recue_le__lt=fin_dt)

    par_mois = {
        timezone.localtime(m).date() if isinstance(m, datetime) else m: n
        for m, n in demandes.annotate(mois=TruncMonth("recue_le"))
        .values("mois")
        .annotate(n=Count("pk"))
        .order_by("mois")
        .values_list("mois", "n")
    }
    mois_lignes = []
    curseur = date(debut.year, debut.month, 1)
    while curseur <= fin:
        mois_lignes.append([f"{MOIS_FR[curseur.month - 1]} {curseur.year}", par_mois.get(curseur, 0)])
        curseur = date(curseur.year + curseur.month // 12, curseur.month % 12 + 1, 1)

    par_profil = dict(demandes.values("profil").annotate(n=Count("pk")).values_list("profil", "n").order_by())
    par_projet = dict(demandes.values("type_projet").annotate(n=Count("pk")).values_list("type_projet", "n").order_by())
    par_type_besoin = {
        t: (n, r, o)
        for t, n, r, o in besoins.values("type")
        .annotate(
            n=Count("pk"),
            r=Count("pk", filter=Q(statut=StatutBesoin.RESOLU)),
            o=Count("pk", filter=Q(partenaire__isnull=False)),
        )
        .values_list("type", "n", "r", "o")
        .order_by()
    }
    par_partenaire = list(
        besoins.filter(partenaire__isnull=False)
        .values("partenaire__nom")
        .annotate(n=Count("pk"), r=Count("pk", filter=Q(statut=StatutBesoin.RESOLU)))
        .values_list("partenaire__nom", "n", "r")
        .order_by("-n", "partenaire__nom")
    )
    total_demandes = sum(par_profil.values())
    total_besoins = sum(n for n, _, _ in par_type_besoin.values())
    resolus = sum(r for _, r, _ in par_type_besoin.values())
    mediane_reponse, mediane_resolution = _medianes_jours(demandes)

    def part(n, total):
        return f"{100 * n / total:.1f} %".replace(".", ",") if total else "—"

    tableaux = [
        Tableau("Demandes reçues par mois", ["Mois", "Demandes"], mois_lignes),
        Tableau(
            "Demandes par profil",
            ["Profil", "Demandes", "Part"],
            [
                [libelle, par_profil.get(v, 0), part(par_profil.get(v, 0), total_demandes)]
                for v, libelle in ProfilDemandeur.choices
            ],
        ),
        Tableau(
            "Demandes par type de projet",
            ["Type de projet", "Demandes", "Part"],
            [
                [libelle, par_projet.get(v, 0), part(par_projet.get(v, 0), total_demandes)]
                for v, libelle in TypeProjet.choices
            ],
        ),
        Tableau(
            "Besoins par type",
            ["Type de besoin", "Besoins", "Résolus", "Part résolue", "Orientés vers un partenaire"],
            [
                [libelle, n, r, part(r, n), o]
                for v, libelle in TypeBesoin.choices
                for n, r, o in [par_type_besoin.get(v, (0, 0, 0))]
            ],
        ),
        Tableau(
            "Demandes par intercommunalité souhaitée",
            ["EPCI", "Demandes"],
            [list(x) for x in _par_epci(debut_dt, fin_dt)],
        ),
        Tableau(
            "Orientations par partenaire",
            ["Partenaire", "Besoins orientés", "Dont résolus"],
            [list(x) for x in par_partenaire],
        ),
    ]
    return Activite(
        debut=debut,
        fin=fin,
        demandes=total_demandes,
        besoins=total_besoins,
        besoins_resolus=resolus,
        part_besoins_resolus=100 * resolus / total_besoins if total_besoins else None,
        mediane_premiere_reponse_jours=mediane_reponse,
        mediane_resolution_jours=mediane_resolution,
        tableaux=tableaux,
    )
