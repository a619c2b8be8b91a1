"""The working-day calendar: French public holidays, counting and adding working days."""

from datetime import date, timedelta

import pytest

from bienvenuedoc.utils.calendrier import (
    ajouter_jours_ouvres,
    duree_en_mots,
    est_ouvre,
    jours_feries,
    jours_ouvres_entre,
    paques,
)


@pytest.mark.parametrize(
    ("annee", "dimanche"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)), (2038, date(2038, 4, 25))],
)
def test_paques(annee, dimanche):
    assert paques(annee) == dimanche


def test_jours_feries_2026():
    assert jours_feries(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),
        date(2026, 5, 8),
        date(2026, 5, 14),  # Ascension
        date(2026, 5, 25),  # Whit Monday
        date(2026, 7, 14),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
    }


def test_jours_feries_mobiles_2025():
    feries = jours_feries(2025)
    assert {date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)} <= feries
    assert date(2026, 4, 6) not in feries


def test_est_ouvre():
    assert est_ouvre(date(2026, 4, 7))  # Tuesday
    assert not est_ouvre(date(2026, 4, 6))  # Easter Monday
    assert not est_ouvre(date(2026, 4, 4))  # Saturday
    assert not est_ouvre(date(2026, 4, 5))  # Sunday
    assert not est_ouvre(date(2026, 5, 14))  # Ascension, a Thursday


def test_jours_ouvres_entre():
    # Friday 10 → Tuesday 14 July 2026 (weekend, 14 July off): Monday only
    assert jours_ouvres_entre(date(2026, 7, 10), date(2026, 7, 14)) == 1
    assert jours_ouvres_entre(date(2026, 7, 14), date(2026, 7, 10)) == 0
    assert jours_ouvres_entre(date(2026, 7, 10), date(2026, 7, 10)) == 0
    # the week of Ascension 2026: Monday 11 → Friday 15 May has 3 working days after the Monday
    assert jours_ouvres_entre(date(2026, 5, 11), date(2026, 5, 15)) == 3
    # across the new year: Wednesday 31 Dec 2025 → Friday 2 Jan 2026 (1 January off)
    assert jours_ouvres_entre(date(2025, 12, 31), date(2026, 1, 2)) == 1


def test_ajouter_jours_ouvres_saute_week_ends_et_feries():
    # Thursday 2 April 2026 + 2 working days: Friday 3, (weekend, Easter Monday), Tuesday 7
    assert ajouter_jours_ouvres(date(2026, 4, 2), 2) == date(2026, 4, 7)
    # Friday 22 May 2026 + 1: Whit Monday is off → Tuesday 26
    assert ajouter_jours_ouvres(date(2026, 5, 22), 1) == date(2026, 5, 26)
    # Wednesday 13 May 2026 + 2: Ascension (14) off → Friday 15, Monday 18
    assert ajouter_jours_ouvres(date(2026, 5, 13), 2) == date(2026, 5, 18)
    assert ajouter_jours_ouvres(date(2026, 5, 13), 0) == date(2026, 5, 13)


@pytest.mark.parametrize("jours", [1, 2, 5, 10])
@pytest.mark.parametrize("debut", [date(2026, 4, 2), date(2026, 5, 13), date(2026, 7, 10), date(2026, 12, 24)])
def test_ajouter_est_l_inverse_de_compter(debut, jours):
    cible = ajouter_jours_ouvres(debut, jours)
    assert est_ouvre(cible)
    assert jours_ouvres_entre(debut, cible) == jours
    assert jours_ouvres_entre(debut, cible - timedelta(days=1)) == jours - 1


@pytest.mark.parametrize(
    ("jours", "en_mots"),
    [
        (1095, (3, "ans")),
        (365, (1, "an")),
        (730, (2, "ans")),
        (180, (180, "jours")),
        (90, (90, "jours")),
        (1, (1, "jour")),
    ],
)
def test_duree_en_mots(jours, en_mots):
    assert duree_en_mots(jours) == en_mots
