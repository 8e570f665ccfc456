"""Change over many occasions for the same people: services that measure again and again
(three-month cycles, housing every six months, long-term clients once a year).

* :func:`occasions`: each respondent's scored answers numbered 1, 2, 3 ... in the order of the
  rounds (:data:`~osallisuus.schema.ROUNDS`), then the date — the person's *occasions*;
* :func:`trajectory`: the mean ESIS per occasion number with its 95 % CI and n, over the people
  measured at least twice (the people behind later points are fewer: n is shown per point);
* :func:`yearly_change`: for long-term clients, the paired change from one yearly measurement
  (:data:`~osallisuus.schema.YEARLY_ROUNDS`) to the next year's, per pair of years;
* :func:`occasion_model`: a linear mixed model of ESIS on years since the person's first answer
  (:data:`~osallisuus.schema.MONTHS` / 12) with a random intercept per respondent — the change
  per year over every occasion, with lme4's standard errors.

First → latest change with reliable-change shares is ``paired_change(comparisons=["first_last"])``
(:mod:`~osallisuus.statistics.change`). Every table is suppressed like the others; the means go
through the audit (:mod:`~osallisuus.statistics.audit`). Change without a comparison group is not
proof of the service's effect.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..schema import CYCLE, MONTHS, YEARLY_ROUNDS, months_since_first, round_rank
from .change import RC_Z, fixed_effects_cov, paired_stats
from .disclosure import DEFAULT_MIN_N, suppress
from .groups import BY, answers, complete, keyed, levels, once, people_of

OCCASION = "occasion"
TRAJECTORY_VALUES = ["esis_mean", "ci_low", "ci_high", "months_median"]
YEARLY_VALUES = ["mean_before", "mean_after", "mean_diff", "ci_low", "ci_high", "d_z"]


def beyond_cycle(rows: pd.DataFrame, by: Sequence[str]) -> pd.Series:
    """Whether a row's finest group measures beyond the three-phase cycle (any round after
    alku, väli, loppu): only there do occasions add to the round tables, and only there are the
    trajectory and the model over occasions published (a cycle unit's numbers stay those of the
    rounds: no new differences to protect)."""
    later = ~rows["round"].astype(str).isin(CYCLE)
    return later.groupby([rows[c] for c in by], observed=True).transform("any").astype(bool)


def _any_beyond_cycle(frame: pd.DataFrame) -> bool:
    """Whether any answer of ``frame`` is in a round beyond the three-phase cycle (a yearly one
    too): without one, there are no occasions beyond it (:func:`beyond_cycle`) and no yearly pairs."""
    return not pd.Series(frame["round"].unique()).astype(str).isin(CYCLE).all()


def occasions(frame: pd.DataFrame, by: Sequence[str] = BY) -> pd.DataFrame:
    """Scored answers with a respondent code (one per respondent, unit and round, a yearly round
    once a year: :func:`~osallisuus.statistics.groups.answers`), numbered per person within the
    finest group of ``by``: ``occasion`` 1, 2, ... by round order, then date; ``_row`` names the
    row of ``frame``; ``months`` since the person's first answer as the store gives it.

    >>> t = pd.DataFrame({"organization": "A", "unit": "x", "respondent": ["r", "r", "s"],
    ...                   "round": ["loppu", "alku", "alku"], "esis_score": [60.0, 50.0, 40.0],
    ...                   "date": pd.to_datetime(["2025-07-01", "2025-01-01", "2025-02-01"])})
    >>> occasions(t)[["respondent", "round", "occasion", "months"]].values.tolist()
    [['r', 'alku', 1, 0.0], ['s', 'alku', 1, 0.0], ['r', 'loppu', 2, 5.9]]
    """
    rows = answers(frame)
    if MONTHS not in rows:
        rows = rows.assign(**{MONTHS: months_since_first(rows)})
    rows = rows.loc[rows["respondent"].notna() & rows["esis_score"].notna()]
    rows = rows.assign(_rank=round_rank(rows["round"]), _row=rows.index)
    rows = rows.sort_values(["_rank", "date"], kind="stable", na_position="first")
    number = rows.groupby(people_of(rows, by), observed=True, sort=False).cumcount() + 1
    return rows.assign(**{OCCASION: number.astype(int)}).drop(columns="_rank")


def _occasions_once(frame: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """:func:`occasions` of the columns the trajectory, the yearly change and their audit read,
    made once per ``frame`` (:func:`~osallisuus.statistics.groups.once`)."""
    read = [*by, "organization", "unit", "respondent", "round", "date", "esis_score", MONTHS]
    return once(frame, ("occasions", tuple(by)), lambda: occasions(frame[[c for c in frame if c in read]], by))


def occasion_groups(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N
                    ) -> Iterator[tuple[dict, int, pd.DataFrame]]:
    """(keys, occasion, answers) of people measured at least twice, for every level of ``by``:
    a total pools only the groups whose occasion has at least ``min_n`` people (so a total minus
    its shown parts reveals nothing)."""
    if not _any_beyond_cycle(frame):
        return
    rows = _occasions_once(frame, by)
    rows = rows.loc[beyond_cycle(rows, by)]  # a person's answers are all in one finest group: first the groups
    rows = rows.loc[rows.groupby(people_of(rows, by), observed=True)[OCCASION].transform("size") >= 2]
    shown = rows.groupby([*by, OCCASION], observed=True)[OCCASION].transform("size") >= min_n
    for level in levels(by):
        source = rows if len(level) == len(by) else rows.loc[shown]
        for values, part in source.groupby([*level, OCCASION], observed=True, sort=True):
            yield keyed(level, by, values[:-1]), int(values[-1]), part


def trajectory(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """Mean ESIS per occasion of the people measured at least twice, with the t-based 95 % CI,
    n and the median months since their first answer (the ``trajectory`` table), for groups that
    measure beyond the three-phase cycle (:func:`beyond_cycle`).

    >>> import osallisuus as osa
    >>> frame = osa.example_data()
    >>> later = frame.assign(round=frame["round"].astype(str).replace({"loppu": "seuranta_6kk"}))
    >>> table = trajectory(later)
    >>> row = table[(table["unit"] == "Työpaja Orimattila") & (table["occasion"] == 1)].iloc[0]
    >>> bool(row["n"] >= 5), bool(row["months_median"] == 0)
    (True, True)
    """
    records = []
    for key, number, rows in occasion_groups(frame, by, min_n):
        scores = rows["esis_score"].to_numpy(float)
        n, mean = len(scores), scores.mean()
        low = high = np.nan
        if n >= 2 and scores.std(ddof=1) > 0:
            low, high = stats.t.interval(0.95, n - 1, loc=mean, scale=stats.sem(scores))
        records.append({**key, OCCASION: number, "n": n, "esis_mean": mean, "ci_low": low, "ci_high": high,
                        "months_median": rows[MONTHS].median()})
    table = pd.DataFrame.from_records(records, columns=[*by, OCCASION, "n", *TRAJECTORY_VALUES])
    numbers = sorted(set(table[OCCASION])) or [1]
    table = complete(table, frame, by, {OCCASION: numbers})
    table[OCCASION] = table[OCCASION].astype(int)
    table = table.sort_values([*by, OCCASION], kind="stable").reset_index(drop=True)
    return suppress(table, "n", TRAJECTORY_VALUES, min_n=min_n)


def year_pair_groups(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N
                     ) -> Iterator[tuple[dict, int, pd.DataFrame]]:
    """(keys, year, pairs) of long-term clients' yearly measurements: each person's yearly answer
    in ``year`` (``before``, ``_row_before``) and in the next year (``after``, ``_row_after``), for
    every level of ``by``; a total pools the groups with at least ``min_n`` pairs that year."""
    if not _any_beyond_cycle(frame):  # no yearly round
        return
    rows = _occasions_once(frame, by)
    rows = rows.loc[rows["round"].astype(str).isin(YEARLY_ROUNDS) & rows["date"].notna()]
    rows = rows.assign(year=pd.to_datetime(rows["date"]).dt.year.astype(int))
    person = [*by, "respondent"]
    before = rows[[*person, "year", "esis_score", "_row"]]
    after = before.assign(year=before["year"] - 1)
    paired = before.merge(after, on=[*person, "year"], suffixes=("_before", "_after"))
    paired = paired.rename(columns={"esis_score_before": "before", "esis_score_after": "after"})
    shown = paired.groupby([*by, "year"], observed=True)["year"].transform("size") >= min_n
    for level in levels(by):
        source = paired if len(level) == len(by) else paired.loc[shown]
        for values, part in source.groupby([*level, "year"], observed=True, sort=True):
            yield keyed(level, by, values[:-1]), int(values[-1]), part


def yearly_change(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
                  rc_threshold: float = np.nan) -> pd.DataFrame:
    """Paired change of long-term clients from their yearly measurement in ``year`` to the next
    year's (the ``yearly_change`` table): means, mean difference with its 95 % CI, d_z.

    >>> import osallisuus as osa
    >>> list(yearly_change(osa.example_data()).columns)[:5]
    ['organization', 'unit', 'year', 'n_pairs', 'mean_before']
    """
    records = []
    for key, year, rows in year_pair_groups(frame, by, min_n):
        found = paired_stats(rows["before"], rows["after"], rc_threshold)
        records.append({**key, "year": year, **{k: found[k] for k in ["n_pairs", *YEARLY_VALUES]}})
    table = pd.DataFrame.from_records(records, columns=[*by, "year", "n_pairs", *YEARLY_VALUES])
    years = sorted(set(table["year"]))
    table = complete(table, frame, by, {"year": years} if years else None)  # every group has a row
    table["year"] = pd.to_numeric(table["year"]).astype("Int64")
    return suppress(table.sort_values([*by, "year"], kind="stable").reset_index(drop=True), "n_pairs",
                    YEARLY_VALUES, min_n=min_n)


def occasion_model(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
                   depth: int | None = None) -> pd.DataFrame:
    """ESIS ~ years since the person's first answer, random intercept per respondent
    (statsmodels MixedLM, REML; lme4: ``lmer(esis ~ years + (1 | respondent))``), over every
    occasion of the people with a code, for groups that measure beyond the three-phase cycle
    (:func:`beyond_cycle`) with at least ``min_n`` people answering at least twice. ``estimate``
    is the change per year with lme4's standard error
    (:func:`~osallisuus.statistics.change.fixed_effects_cov`), Wald 95 % CI and p. ``depth``:
    fit only the groups of the first ``depth`` levels of ``by`` (the finer ones keep their counts)."""
    import statsmodels.formula.api as smf

    rows = occasions(frame, by).dropna(subset=[MONTHS])
    rows = rows.loc[beyond_cycle(rows, by)]
    person = pd.Series(["\x1f".join(map(str, key)) for key in rows[[*by, "respondent"]].itertuples(index=False)],
                       index=rows.index, dtype=object)
    rows = rows.assign(years=rows[MONTHS] / 12.0, subject=person)
    repeated = rows.groupby("subject")["subject"].transform("size") >= 2
    shown = repeated.groupby([rows[c] for c in by]).transform("sum") >= min_n
    records = []
    for level in levels(by):
        source = rows if len(level) == len(by) else rows.loc[shown]
        for values, part in source.groupby(level, observed=True, sort=True):
            n_people = int(part.loc[repeated.loc[part.index], "subject"].nunique())
            record = {**keyed(level, by, values), "term": "years", "n_respondents": n_people, "n_answers": len(part)}
            if n_people >= min_n and part["years"].nunique() > 1 and (depth is None or len(level) <= depth):
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    fit = smf.mixedlm("esis_score ~ years", part, groups=part["subject"]).fit(reml=True)
                se = float(np.sqrt(fixed_effects_cov(fit)[1, 1]))
                estimate = float(fit.fe_params["years"])
                record.update(estimate=estimate, se=se, ci_low=estimate - RC_Z * se, ci_high=estimate + RC_Z * se,
                              p=2 * stats.norm.sf(abs(estimate / se)),
                              converged=bool(fit.converged) and not any("converge" in str(w.message).lower()
                                                                        for w in caught))
            records.append(record)
    table = pd.DataFrame.from_records(records).reindex(
        columns=[*by, "term", "n_respondents", "n_answers", "estimate", "se", "ci_low", "ci_high", "p", "converged"])
    table = complete(table, frame, by, {"term": ["years"]})
    return suppress(table, "n_respondents", ["n_answers", "estimate", "se", "ci_low", "ci_high", "p"], min_n=min_n)
