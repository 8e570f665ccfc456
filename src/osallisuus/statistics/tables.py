"""The result tables (tidy, suppressed, stable schema) and their export for Power BI and
spreadsheets (written by :mod:`osallisuus.reporting.export`). The schema is documented in the
README, "Data dictionary"."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from ..memory import give_back_memory
from .audit import DEFAULT_LEVELS, Decision, Levels, protect_tables
from .change import cross_sectional, item_change, mixed_model, paired_change, respondent_types
from .describe import items, summary
from .disclosure import DEFAULT_MIN_N, publish, published_rows
from .groups import BY, TABLE_COLUMNS, answers, completing, keys_as_categories
from .occasions import occasion_model, trajectory, yearly_change
from .reliability import reliability

TABLES: dict[str, Callable[..., pd.DataFrame]] = {
    "summary": summary,
    "items": items,
    "reliability": reliability,
    "change": paired_change,
    "change_items": item_change,
    "respondent_types": respondent_types,
    "cross_sectional": cross_sectional,
    "trajectory": trajectory,
    "yearly_change": yearly_change,
    "mixed_model": mixed_model,
    "occasion_model": occasion_model,
}
#: What ``osallisuus export`` writes. The mixed models are left out: statsmodels' MixedLM takes
#: minutes on hundreds of thousands of respondents; reports and the API still offer them.
EXPORT_TABLES = tuple(name for name in TABLES if name not in ("mixed_model", "occasion_model"))
#: What the audit checks together: every table whose means reports or the export publish.
AUDITED_TABLES = ("summary", "items", "change", "change_items", "respondent_types", "cross_sectional", "trajectory",
                  "yearly_change")
#: The tables computed from the published rows (``shown``), which :func:`result_tables` finds once.
FROM_SHOWN = ("summary", "items", "reliability", "change", "change_items", "respondent_types", "cross_sectional")


def result_tables(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
                  names: Sequence[str] = tuple(TABLES), rc_sd: float | None = None,
                  shown: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Every result table of ``frame`` (the canonical table with scores), suppression applied.
    The published rows (:func:`~osallisuus.statistics.disclosure.published_rows` of
    :func:`~osallisuus.statistics.groups.answers`) are found once for all tables (``shown``, when
    the caller has them).

    ``rc_sd`` is a fixed SD behind reliable change (default: each group's own alku SD). The
    values are as computed, to full precision: what is published comes from :func:`published_tables`.

    >>> import osallisuus as osa
    >>> tables = osa.result_tables(osa.example_data(), names=["summary", "change"])
    >>> sorted(tables), bool(tables["summary"]["suppressed"].any())
    (['change', 'summary'], True)
    """
    frame = answers(frame)
    if shown is None and any(name in FROM_SHOWN for name in names):
        shown = published_rows(frame, by, min_n)
    extra = {name: {"shown": shown} for name in FROM_SHOWN}
    if rc_sd is not None:
        extra["change"]["rc_sd"] = rc_sd
    with completing(frame):  # the groups every table completes (groups.complete): found once, for these alone
        return {name: TABLES[name](frame, by=by, min_n=min_n, **extra.get(name, {})) for name in names}


def table_frame(frame: pd.DataFrame, by: Sequence[str] = BY) -> pd.DataFrame:
    """The answers (:func:`~osallisuus.statistics.groups.answers`) the published tables and their
    audit are computed from: only the columns they read (:data:`TABLE_COLUMNS`), the keys as
    categories (:func:`~osallisuus.statistics.groups.keys_as_categories`)."""
    frame = answers(frame)
    return keys_as_categories(frame[[c for c in frame if c in (*by, *TABLE_COLUMNS)]], by)


def published_tables(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
                     names: Sequence[str] = EXPORT_TABLES, levels: Levels = DEFAULT_LEVELS
                     ) -> tuple[dict[str, pd.DataFrame], list[Decision]]:
    """The result tables as they are published (reports, figures and the export alike): the
    audit (:mod:`osallisuus.statistics.audit`) runs over every table in :data:`AUDITED_TABLES`,
    whichever ``names`` are asked for, so that every publication of the same data shows the same
    numbers; values are rounded to their published precision. Also returns what the audit did.

    >>> import osallisuus as osa
    >>> tables, decisions = osa.published_tables(osa.example_data(), names=["summary"])
    >>> list(tables), bool((tables["summary"]["esis_mean"].dropna() * 10 % 1 < 1e-6).all())
    (['summary'], True)
    """
    frame = table_frame(frame, by)
    shown = published_rows(frame, by, min_n)  # once, for every table and the audit
    audited = result_tables(frame, by, min_n, names=AUDITED_TABLES, shown=shown)
    # before the audit, whose memory a large store's process keeps: the working sets need not add up
    rest = publish(result_tables(frame, by, min_n, names=[n for n in names if n not in AUDITED_TABLES], shown=shown))
    give_back_memory()
    protected, decisions = protect_tables(frame, audited, by, min_n, levels, shown=shown)
    return {name: protected[name] if name in protected else rest[name] for name in names}, decisions
