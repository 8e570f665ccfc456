"""The result tables (tidy, suppressed, stable schema) and their export for Power BI and
spreadsheets. The schema is documented in the README, "Data dictionary"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from .change import cross_sectional, item_change, mixed_model, paired_change, respondent_types
from .describe import BY, items, summary
from .disclosure import DEFAULT_MIN_N
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
FORMATS = ("csv", "xlsx", "parquet")
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


def export(tables: dict[str, pd.DataFrame], out: str | Path, fmt: str = "csv") -> list[Path]:
    """Write tables to ``out``: one UTF-8 CSV or Parquet file per table, or one Excel workbook.

    >>> import tempfile, osallisuus as osa
    >>> tables = osa.result_tables(osa.example_data(), names=["summary"])
    >>> [p.name for p in osa.export(tables, tempfile.mkdtemp(), "xlsx")]
    ['osallisuus_tulokset.xlsx']
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        path = out / "osallisuus_tulokset.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, table in tables.items():
                table.to_excel(writer, sheet_name=name[:31], index=False)
        return [path]
    paths = []
    for name, table in tables.items():
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            table.to_csv(path, index=False, encoding="utf-8")
        else:
            table.to_parquet(path, index=False)
        paths.append(path)
    return paths
