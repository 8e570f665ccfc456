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

from collections.abc import Sequence
from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from ..schema import CYCLE, DAYS_PER_MONTH, YEARLY_ROUNDS, round_rank
from .disclosure import (
    DEFAULT_MIN_N,
    OWN_SIZE,
    PROTECTS_OTHER,
    WHOLE_HIDDEN,
    group_codes,
    hidden_reason,
    protect,
    protect_row_totals,
    protect_table,
)
from .groups import as_text, once, shown_rows

STATUSES = ("waiting", "due", "overdue", "lapsed", "ended")
#: The ``month`` of undated answers in :func:`pace_table` (they are part of a round's total too).
UNDATED = ""
#: The ``round`` of a month's total over every round in :func:`pace_table`.
ALL_ROUNDS = ""
#: Rounds that end a person's sequence (``loppu`` too, where the unit records nothing after it).
ENDING = ("seuranta_12kk",)


@cache
def _rank(round_: str) -> int:
    """A round's place as a column of a pace table (:func:`round_rank` of it alone, once per name)."""
    return int(round_rank(pd.Series([round_])).iloc[0])


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
    measures_on = (~as_text(rows["round"]).isin(CYCLE)).any()
    return pd.Series(_status(last, measures_on, interval_months, as_of), index=last.index, dtype=object)


def _status(last: pd.DataFrame, measures_on: bool | np.ndarray, interval_months: int,
            as_of: date | pd.Timestamp) -> np.ndarray:
    """The status of each latest answer (:func:`follow_up_status`); ``measures_on``: whether its
    unit records anything after loppu."""
    rounds = as_text(last["round"])
    ended = (rounds.isin(ENDING) | ((rounds == "loppu") & ~measures_on)).to_numpy()
    months = ((pd.Timestamp(as_of) - last["date"].dt.normalize()).dt.days / DAYS_PER_MONTH).to_numpy()
    interval = np.where(rounds.isin(YEARLY_ROUNDS), 12, interval_months)
    return np.select([ended, months < interval, months < interval + 1, months < 2 * interval],
                     ["ended", "waiting", "due", "overdue"], "lapsed")


def follow_ups(rows: pd.DataFrame, interval_months: int, as_of: date | pd.Timestamp,
               min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """People of one unit by :data:`STATUSES`, as published (:func:`protect`: counts of 1 ...
    ``min_n - 1`` hidden, and another where the rest would pin them)."""
    counts = follow_up_status(rows, interval_months, as_of).value_counts().reindex(list(STATUSES), fill_value=0)
    return protect(counts, min_n)


def unit_pace(rows: pd.DataFrame, months: list[str], min_n: int = DEFAULT_MIN_N) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One unit's answers per month (``months``: ``YYYY-MM``, and :data:`UNDATED` for answers with
    no date) and round: the true counts and the table as published. The month × round cells by
    :func:`protect_table` (the rounds' answers are published too); the months' totals (column
    :data:`ALL_ROUNDS`, first) by :func:`protect_row_totals`. Reports and exports read this one table."""
    return _published_pace(pd.crosstab(_months(rows), as_text(rows["round"])), months, min_n)


def _months(rows: pd.DataFrame) -> pd.Series:
    """Each answer's month ``YYYY-MM`` (:data:`UNDATED`: no date), named ``date``."""
    day, days = pd.factorize(rows["date"])  # each distinct date written once; -1: no date
    return pd.Series(np.append(pd.Series(days).dt.to_period("M").astype(str).to_numpy(object), UNDATED)[day],
                     index=rows.index, name="date")


def _published_pace(counts: pd.DataFrame, months: list[str], min_n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`unit_pace` of a unit's month × round counts (its crosstab: the rounds it has answers in)."""
    counts = counts.reindex(index=months, fill_value=0)
    counts = counts[sorted(counts.columns, key=_rank)]
    published = protect_table(counts, min_n)
    published.insert(0, ALL_ROUNDS, protect_row_totals(counts, published, min_n))
    return counts, published


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


def unit_paces(rows: pd.DataFrame, by: Sequence[str], min_n: int = DEFAULT_MIN_N
               ) -> dict[tuple, tuple[pd.DataFrame, pd.DataFrame]]:
    """:func:`unit_pace` of every group of ``by`` in ``rows`` (published rows) over the same
    months: those of ``rows``' dated answers (and :data:`UNDATED` where any has no date); none
    when no answer has a date. A unit's table over fewer months (a report's) is those months' rows
    of it: a month without answers is a row of zeros, which no rule hides and no total narrows."""
    dated = rows["date"].dropna()
    if dated.empty:
        return {}
    months = [str(p) for p in pd.period_range(dated.min().to_period("M"), dated.max().to_period("M"), freq="M")]
    if rows["date"].isna().any():
        months.append(UNDATED)
    # one crosstab for every unit (a unit's own has the rounds it has answers in: its non-zero columns)
    codes = group_codes(rows, by)  # as groupby(by).ngroup() numbers them: NaN where a key is missing
    number = pd.Series(codes if (codes >= 0).all() else np.where(codes >= 0, codes, np.nan), index=rows.index)
    every = pd.crosstab([number.rename("_unit"), _months(rows)], as_text(rows["round"]))
    first = (~number.duplicated() & (number >= 0)).to_numpy()
    keys = rows.loc[first, list(by)].set_axis(number[first].to_numpy()).sort_index()
    out = {}
    for unit, key in zip(keys.index, keys.itertuples(index=False, name=None)):
        counts = every.loc[unit]
        out[key] = _published_pace(counts.loc[:, (counts != 0).any()], months, min_n)
    return out


def _unit_statuses(rows: pd.DataFrame, by: list[str], interval_months: int, as_of: date | pd.Timestamp) -> pd.DataFrame:
    """Each group's people by :data:`STATUSES` (:func:`follow_up_status` of every group of ``by``
    in ``rows`` at once: the same latest answers, as a person's answers lie in one group), a row
    per group in the order of the groups' keys."""
    groups = [rows[c] for c in by]
    measures_on = (~as_text(rows["round"]).isin(CYCLE)).groupby(groups, observed=True).transform("any")
    dated = rows.loc[rows["respondent"].notna() & rows["date"].notna()]
    dated = dated.assign(_rank=round_rank(dated["round"]), _on=measures_on).sort_values(["date", "_rank"], kind="stable")
    person = list(dict.fromkeys([*by, "organization", "unit", "respondent"]))
    last = dated.drop_duplicates(person, keep="last")
    status = pd.Series(_status(last, last["_on"].to_numpy(bool), interval_months, as_of), index=last.index)
    counts = status.groupby([last[c] for c in by], observed=True).value_counts().unstack(fill_value=0)
    every = rows.groupby(groups, observed=True, sort=True).size().index
    return counts.reindex(index=every, columns=list(STATUSES), fill_value=0)


# -- the published fact tables (``osallisuus export``, the dashboard) --------------------------
def pace_table(frame: pd.DataFrame, by: Sequence[str], min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """Answers per month (``YYYY-MM``; :data:`UNDATED` for answers with no date) and round of
    every group of ``by`` in ``frame``'s published cells (:func:`~osallisuus.statistics.disclosure.published_rows`), as published:
    a unit's months' totals (``round`` :data:`ALL_ROUNDS`) as a breakdown of its answers
    (:func:`protect`, as the reports' pace chart), its month × round table by :func:`protect_table`
    (which takes every total of at least ``min_n`` as known, so the shown months' totals tell
    nothing more; where the totals alone would still give a hidden count — January 1 at alku and 8
    at loppu, February 8 at alku: 9 − 8 — none of the unit's months' totals is shown); each
    coarser group's cell the sum of its units' cells where every one is shown (:func:`sum_shown`).
    Columns: ``by``, ``month``, ``round``, ``count``, ``suppressed``, ``suppressed_reason``; a
    group's rounds are those it has answers in."""
    by = list(by)
    columns = [*by, "month", "round", "count", "suppressed", "suppressed_reason"]
    paces = unit_paces(_shown(frame, by, min_n), by, min_n)
    if not paces:
        return pd.DataFrame(columns=columns)
    units = {}
    for key, (counts, published) in paces.items():
        reason = _cell_reasons(counts, published, min_n)
        reason.insert(0, ALL_ROUNDS, hidden_reason(counts.sum(axis=1), published[ALL_ROUNDS], min_n))
        units[key] = (published, reason)
    parts = [_long(by, key, table, reason) for key, (table, reason) in units.items()]
    for depth in range(len(by) - 1, 0, -1):
        groups: dict[tuple, list[pd.DataFrame]] = {}
        for key, (table, _) in units.items():
            groups.setdefault(key[:depth], []).append(table)
        for key, tables in groups.items():
            rounds = [ALL_ROUNDS, *sorted({r for t in tables for r in t.columns} - {ALL_ROUNDS},
                                          key=_rank)]
            total = sum_shown([t.reindex(columns=rounds, fill_value=0) for t in tables])
            reason = pd.DataFrame(np.where(total.isna(), PROTECTS_OTHER, ""), index=total.index, columns=total.columns)
            parts.append(_long(by, (*key, *[""] * (len(by) - depth)), total, reason))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(by, kind="stable").reset_index(drop=True)[columns]


def _cell_reasons(counts: pd.DataFrame, published: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """:func:`hidden_reason` of a unit's month × round cells, each month a breakdown of its own
    (``hidden_reason(counts.stack(), published[counts.columns].stack(), min_n, groups=[the
    months]).unstack()``), computed on the table's arrays."""
    n = counts.to_numpy()
    hidden = published[counts.columns].isna().to_numpy()
    bare = hidden | (published[counts.columns] == 0).to_numpy()  # every part hidden but the empty ones
    whole = bare.all(axis=1, keepdims=True)
    cells = np.where(hidden, np.where(whole, WHOLE_HIDDEN, np.where(n < min_n, OWN_SIZE, PROTECTS_OTHER)), "")
    return pd.DataFrame(cells, index=counts.index, columns=counts.columns).astype(str)


def _counted(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The columns the counts of :func:`pace_table` and :func:`follow_up_table` read (a large
    store's other columns would only slow every row selection)."""
    return frame[[c for c in [*by, "respondent", "round", "date"] if c in frame]]


def _shown(frame: pd.DataFrame, by: list[str], min_n: int) -> pd.DataFrame:
    """:func:`_counted` of the published rows, found once per ``frame`` object
    (:func:`~osallisuus.statistics.groups.shown_rows`): a publication's themes, pace and follow-up
    tables count the same rows."""
    return once(frame, ("follow_up", tuple(by), min_n), lambda: _counted(shown_rows(frame, by, min_n), by))


def _long(by: list[str], key: tuple, table: pd.DataFrame, reason: pd.DataFrame) -> pd.DataFrame:
    """One group's month × round table as rows, month by month (``table.stack()``), from its arrays."""
    months, rounds = table.index, table.columns
    count = table.to_numpy().ravel()
    return pd.DataFrame({"month": months.repeat(len(rounds)), "round": rounds[np.tile(np.arange(len(rounds)), len(months))],
                         "count": count, "suppressed_reason": reason.to_numpy().ravel(), "suppressed": pd.isna(count),
                         **dict(zip(by, key))})


def follow_up_table(frame: pd.DataFrame, by: Sequence[str], interval_months: int, as_of: date | pd.Timestamp,
                    min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """People by :data:`STATUSES` at ``as_of`` in every group of ``by`` in ``frame``'s published
    cells, as published: a unit's breakdown by :func:`follow_ups`, each coarser group's the sum of
    its units' where every one is shown (:func:`sum_shown`). Columns: ``by``, ``status``,
    ``count``, ``suppressed``, ``suppressed_reason``, ``as_of``, ``interval_months``."""
    by = list(by)
    rows = _shown(frame, by, min_n)
    units = {}
    for key, counts in _unit_statuses(rows, by, interval_months, as_of).iterrows():
        key = key if isinstance(key, tuple) else (key,)
        shown = protect(counts, min_n)
        units[key] = (shown, hidden_reason(counts, shown, min_n))
    parts = [(key, *value) for key, value in units.items()]
    for depth in range(len(by) - 1, 0, -1):
        groups: dict[tuple, list[pd.Series]] = {}
        for key, (counts, _) in units.items():
            groups.setdefault(key[:depth], []).append(counts)
        for key, members in groups.items():
            total = sum_shown(members)
            parts.append(((*key, *[""] * (len(by) - depth)), total,
                          pd.Series(np.where(total.isna(), PROTECTS_OTHER, ""), index=total.index)))
    out = pd.DataFrame([{**dict(zip(by, key)), "status": status, "count": counts[status],
                         "suppressed": bool(pd.isna(counts[status])), "suppressed_reason": reason[status]}
                        for key, counts, reason in parts for status in STATUSES],
                       columns=[*by, "status", "count", "suppressed", "suppressed_reason"])
    out = out.assign(as_of=str(pd.Timestamp(as_of).date()), interval_months=interval_months)
    return out.sort_values(by, kind="stable").reset_index(drop=True)
