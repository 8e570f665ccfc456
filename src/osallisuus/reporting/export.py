"""Writing result tables for Power BI and spreadsheets: CSV, one Excel workbook, or Parquet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..spreadsheet import neutralise

FORMATS = ("csv", "xlsx", "parquet")


def export(tables: dict[str, pd.DataFrame], out: str | Path, fmt: str = "csv") -> list[Path]:
    """Write tables to ``out``: one UTF-8 CSV or Parquet file per table, or one Excel workbook.

    Text in CSV and Excel files cannot run as a formula (:func:`osallisuus.spreadsheet.neutralise`);
    Parquet, read by programs, keeps the text as it is.

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
                neutralise(table).to_excel(writer, sheet_name=name[:31], index=False)
        return [path]
    paths = []
    for name, table in tables.items():
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            neutralise(table).to_csv(path, index=False, encoding="utf-8")
        else:
            table.to_parquet(path, index=False)
        paths.append(path)
    return paths
