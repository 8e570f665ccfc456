"""What the reports select and count, as plain functions of tables (no IPython, no figures):
the sections in :mod:`osallisuus.reporting.sections` render what these return, and tests call
them directly. Every input is a published (suppressed, audited) table or the report's own
published answers."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..intake.codebook import CODEBOOK_DIR
from ..intake.store import with_round_order
from ..schema import ROUNDS, rounds_in
from ..yaml_files import safe_load

#: Points by which start-only respondents may start lower than those who stayed before the
#: key findings warn about attrition (a documented rule of thumb, about a third of an SD).
ATTRITION_GAP = 5.0
#: Points by which one unit must rise and another fall before an organization's key findings
#: say that its units moved in different directions (2.5 points: one answer step on every
#: statement, the smallest change a person's score can make).
DIVERGENCE = 2.5


def in_period(frame: pd.DataFrame, settings: dict[str, Any]) -> pd.DataFrame:
    """The answers dated within ``period_start`` … ``period_end`` (either may be empty: no limit;
    with a limit, undated answers are left out)."""
    inside = pd.Series(True, index=frame.index)
    if settings["period_start"]:
        inside &= frame["date"] >= pd.Timestamp(settings["period_start"])
    if settings["period_end"]:
        inside &= frame["date"] <= pd.Timestamp(settings["period_end"])
    return frame[inside]


def in_rounds(frame: pd.DataFrame, settings: dict[str, Any]) -> pd.DataFrame:
    """The answers of a unit report's ``rounds`` (an own round always)."""
    return frame[frame["round"].isin(settings["rounds"]) | ~frame["round"].isin(ROUNDS)]


def report_batch(frame: pd.DataFrame, settings: dict[str, Any]) -> pd.DataFrame:
    """The answers of a unit report's batch (every organization's): its rounds within its
    period, own rounds in the store's codebook order."""
    return with_round_order(in_period(in_rounds(frame, settings), settings))


def unit_changes(change: pd.DataFrame, organization: str) -> pd.DataFrame:
    """An organization's units' first→last change rows of the published change table (hidden ones too)."""
    return change[(change["organization"] == organization) & (change["unit"] != "")
                  & (change["comparison"] == "first_last")]


def moved_apart(rows: pd.DataFrame, threshold: float = DIVERGENCE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shown change rows that rose and that fell by ``threshold`` points or more; both
    empty unless some rose and others fell.

    >>> rows = pd.DataFrame({"mean_diff": [4.8, -5.8, 0.5], "suppressed": False})
    >>> [len(part) for part in moved_apart(rows)]
    [1, 1]
    """
    shown = rows[~rows["suppressed"].astype(bool) & rows["mean_diff"].notna()]
    up, down = shown[shown["mean_diff"] >= threshold], shown[shown["mean_diff"] <= -threshold]
    return (up, down) if len(up) and len(down) else (shown.iloc[:0], shown.iloc[:0])


def clear_changes(change: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Units' shown first→last changes, and those whose 95 % CI lies wholly above and wholly below zero."""
    shown = change[(change["comparison"] == "first_last") & (change["unit"] != "") & ~change["suppressed"].astype(bool)
                   & change["mean_diff"].notna()]
    return shown, shown[shown["ci_low"] > 0], shown[shown["ci_high"] < 0]


def region_totals(summary: pd.DataFrame, order: Sequence[str] = ()) -> pd.Series:
    """Answers per round in the region: the sum of the organizations' published counts (a
    hidden organization total adds nothing; NaN where none is shown), own rounds in ``order``.

    >>> s = pd.DataFrame({"unit": ["", "", "x", "x"], "round": ["alku"] * 3 + ["loppu"],
    ...                   "n_answered": [10.0, float("nan"), 7.0, 8.0]})
    >>> region_totals(s).to_dict()
    {'alku': 10.0, 'loppu': nan}
    """
    orgs = summary[summary["unit"] == ""]
    rounds = rounds_in(summary["round"], order)
    return orgs.groupby(orgs["round"].astype(str))["n_answered"].sum(min_count=1).reindex(rounds)


def people_by(rows: pd.DataFrame, column: str) -> pd.Series:
    """Respondents per category (a code counts once, each anonymous answer once)."""
    who = rows["respondent"].fillna(pd.Series(rows.index.astype(str), index=rows.index))
    return rows.assign(_who=who).drop_duplicates("_who")[column].fillna("–").value_counts()


@functools.lru_cache(maxsize=16)
def official(instrument: str, language: str) -> bool:
    """Whether the shipped codebook marks ``instrument``'s wording in ``language`` as THL's official one.

    >>> official("esis", "fi"), official("esis", "sv")
    (True, False)
    """
    path = CODEBOOK_DIR / instrument / f"{language}.yaml"
    return path.exists() and bool(safe_load(path.read_text(encoding="utf-8")).get("official", False))


def scope(batch: pd.DataFrame, settings: dict[str, Any]) -> dict:
    """What a batch's tables depend on besides the store: its answers and scoring rule."""
    return {"rows": hashlib.sha256(batch.index.to_numpy().tobytes()).hexdigest(), "max_missing": settings["max_missing"]}
