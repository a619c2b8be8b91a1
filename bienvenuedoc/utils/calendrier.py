"""The working-day calendar of the site: Monday to Friday, the eleven public holidays of metropolitan France
excluded. The back office's "late" line and the requester's target date both come from here, so they agree."""

from datetime import date, timedelta
from functools import lru_cache


def paques(annee: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = annee % 19, annee // 100, annee % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    mois = (h + ll - 7 * m + 114) // 31
    jour = (h + ll - 7 * m + 114) % 31 + 1
    return date(annee, mois, jour)


@lru_cache(maxsize=64)
def jours_feries(annee: int) -> frozenset[date]:
    """The eleven public holidays of metropolitan France: eight fixed ones, Easter Monday, Ascension Day
    (Easter + 39 days) and Whit Monday (Easter + 50 days)."""
    dimanche_paques = paques(annee)
    fixes = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    mobiles = [dimanche_paques + timedelta(days=n) for n in (1, 39, 50)]
    return frozenset([date(annee, m, j) for m, j in fixes] + mobiles)


def est_ouvre(jour: date) -> bool:
    return jour.weekday() < 5 and jour not in jours_feries(jour.year)


def jours_ouvres_entre(debut: date, fin: date) -> int:
    """Working days strictly after `debut` up to and including `fin` (0 when fin <= debut)."""
    if fin <= debut:
        return 0
    return sum(1 for n in range(1, (fin - debut).days + 1) if est_ouvre(debut + timedelta(days=n)))


def ajouter_jours_ouvres(debut: date, jours: int) -> date:
    """The `jours`-th working day after `debut` (`debut` itself when jours <= 0): the smallest date `d` with
    jours_ouvres_entre(debut, d) == jours."""
    jour = debut
    restants = jours
    while restants > 0:
        jour += timedelta(days=1)
        if est_ouvre(jour):
            restants -= 1
    return jour


def duree_en_mots(jours: int) -> tuple[int, str]:
    """A number of days as French readers say it, and exactly what the anonymisation applies: (3, "ans") for
    1095 days, (1, "an") for 365, else in days, (90, "jours") — 90 days are not « 3 mois »."""
    if jours >= 365 and jours % 365 == 0:
        ans = jours // 365
        return ans, "an" if ans == 1 else "ans"
    return jours, "jour" if jours == 1 else "jours"
