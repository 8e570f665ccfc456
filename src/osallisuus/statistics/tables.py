"""The result tables (tidy, suppressed, stable schema) and their export for Power BI and
spreadsheets (written by :mod:`osallisuus.reporting.export`). The schema is documented in the
README, "Data dictionary"."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from .change import cross_sectional, item_change, mixed_model, paired_change, respondent_types
from .describe import items, summary
from .disclosure import DEFAULT_MIN_N
from .groups import BY
from .reliability import reliability

TABLES: dict[str, Callable[..., pd.DataFrame]] = {
    "summary": summary,
    "items": items,
    "reliability": reliability,
    "change": paired_change,
    "change_items": item_change,
    "respondent_types": respondent_types,
    "cross_sectional": cross_sectional,
    "mixed_model": mixed_model,
}
#: What ``osallisuus export`` writes. The mixed model is left out: statsmodels' MixedLM takes
#: minutes on hundreds of thousands of respondents; reports and the API still offer it.
EXPORT_TABLES = tuple(name for name in TABLES if name != "mixed_model")


def result_tables(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
                  names: Sequence[str] = tuple(TABLES), rc_sd: float | None = None) -> dict[str, pd.DataFrame]:
    """Every result table of ``frame`` (the canonical table with scores), suppression applied.

    ``rc_sd`` is the SD behind reliable change (default: that of ``frame``'s alku scores); a
    report on part of the data passes the whole data's, so its shares match the export's.

    >>> import osallisuus as osa
    >>> tables = osa.result_tables(osa.example_data(), names=["summary", "change"])
    >>> sorted(tables), bool(tables["summary"]["suppressed"].any())
    (['change', 'summary'], True)
    """
    extra = {"change": {"rc_sd": rc_sd}} if rc_sd is not None else {}
    return {name: TABLES[name](frame, by=by, min_n=min_n, **extra.get(name, {})) for name in names}
