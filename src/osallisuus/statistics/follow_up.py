"""Pace of accumulation for service supervisors: answers per month by round, and the people
whose next measurement is due or overdue by the service's interval (counts only; published
through :func:`~osallisuus.statistics.disclosure.protect` like every breakdown).

A person's next measurement is expected ``interval_months`` after their latest answer (a yearly
round: 12 months). It is *not* expected after the end of a sequence: ``seuranta_12kk``, and
``loppu`` in a unit that records nothing after loppu (a unit measuring on — 4. mittaus, follow-ups
— expects one). Status at the day ``as_of``, in whole months since the latest answer m:
``waiting`` m < interval; ``due`` interval ≤ m < interval + 1; ``overdue`` interval + 1 ≤ m <
2 · interval; ``lapsed`` m ≥ 2 · interval (probably left the service); ``ended``: no next
measurement expected (the breakdown then adds up to the unit's people). **Assumption** (no official
rule): the month of grace and the lapse at twice the interval are defaults of this module.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from ..schema import CYCLE, DAYS_PER_MONTH, YEARLY_ROUNDS, round_rank
from .disclosure import DEFAULT_MIN_N, protect, protect_table

STATUSES = ("waiting", "due", "overdue", "lapsed", "ended")
#: Rounds that end a person's sequence (``loppu`` too, where the unit records nothing after it).
ENDING = ("seuranta_12kk",)


def latest_answers(rows: pd.DataFrame) -> pd.DataFrame:
    """Each coded person's latest dated answer in a unit (by date, then round order)."""
    dated = rows.loc[rows["respondent"].notna() & rows["date"].notna()]
    dated = dated.assign(_rank=round_rank(dated["round"])).sort_values(["date", "_rank"], kind="stable")
    return dated.drop_duplicates(["organization", "unit", "respondent"], keep="last").drop(columns="_rank")


def follow_up_status(rows: pd.DataFrame, interval_months: int, as_of: date | pd.Timestamp) -> pd.Series:
    """The status (:data:`STATUSES`) of each coded person of one unit, indexed like
    :func:`latest_answers`.

    >>> t = pd.DataFrame({"organization": "A", "unit": "x", "respondent": ["a", "b", "c", "d", "e"],
    ...                   "round": ["alku", "väli", "alku", "vuosimittaus", "loppu"],
    ...                   "date": pd.to_datetime(["2025-05-20", "2025-02-20", "2024-10-01", "2024-12-01",
    ...                                           "2025-01-01"])})
    >>> status = follow_up_status(t, 3, pd.Timestamp("2025-06-01"))
    >>> dict(zip(t.loc[status.index, "respondent"], status))  # e's loppu is not the end: d measures on
    {'c': 'lapsed', 'd': 'waiting', 'e': 'overdue', 'b': 'due', 'a': 'waiting'}
    """
    last = latest_answers(rows)
    rounds = last["round"].astype(str)
    measures_on = (~rows["round"].astype(str).isin(CYCLE)).any()
    ended = (rounds.isin(ENDING) | ((rounds == "loppu") & ~measures_on)).to_numpy()
    months = ((pd.Timestamp(as_of) - last["date"].dt.normalize()).dt.days / DAYS_PER_MONTH).to_numpy()
    interval = np.where(rounds.isin(YEARLY_ROUNDS), 12, interval_months)
    status = np.select([ended, months < interval, months < interval + 1, months < 2 * interval],
                       ["ended", "waiting", "due", "overdue"], "lapsed")
    return pd.Series(status, index=last.index, dtype=object)


def follow_ups(rows: pd.DataFrame, interval_months: int, as_of: date | pd.Timestamp,
               min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """People of one unit by :data:`STATUSES`, as published (:func:`protect`: counts of 1 ...
    ``min_n - 1`` hidden, and another where the rest would pin them)."""
    counts = follow_up_status(rows, interval_months, as_of).value_counts().reindex(list(STATUSES), fill_value=0)
    return protect(counts, min_n)


def answers_by_round(rows: pd.DataFrame, span: pd.PeriodIndex, min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """Answers of one unit per month (rows) and round (columns) as published: the month's
    forms and the round's answers are published too, so both ways (:func:`protect_table`)."""
    dated = rows.loc[rows["date"].notna()]
    table = pd.crosstab(dated["date"].dt.to_period("M"), dated["round"].astype(str))
    table = table.reindex(index=list(span), fill_value=0)
    table = table[sorted(table.columns, key=lambda r: int(round_rank(pd.Series([r])).iloc[0]))]
    return protect_table(table, min_n)


def sum_shown(parts: list[pd.Series] | list[pd.DataFrame]) -> pd.Series | pd.DataFrame:
    """The units' published breakdowns added up, a cell only where every unit's part is shown
    (a hidden part makes the total hidden too: a total over shown parts only would read as a count).

    >>> sum_shown([pd.Series({"due": 6.0, "overdue": np.nan}), pd.Series({"due": 0.0, "overdue": 7.0})]).tolist()
    [6.0, nan]
    """
    if isinstance(parts[0], pd.DataFrame):
        grouped = pd.concat(parts, keys=range(len(parts))).groupby(level=1, sort=False)
        return grouped.sum().where(grouped.count() == len(parts))
    table = pd.concat(parts, axis=1, keys=range(len(parts)))
    return table.sum(axis=1).where(table.notna().all(axis=1))
