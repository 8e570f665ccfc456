"""Writing the published data model (:mod:`osallisuus.reporting.model`) for Power BI and
spreadsheets: CSV or Parquet files, or one Excel workbook, with a README and a data dictionary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..spreadsheet import neutralise
from ..texts import TEXTS
from .model import FACTS, dictionary

FORMATS = ("csv", "xlsx", "parquet")
README = "README.md"
DICTIONARY = "dictionary"


def export(tables: dict[str, pd.DataFrame], out: str | Path, fmt: str = "csv", meta: dict[str, str] | None = None,
           language: str = "fi") -> list[Path]:
    """Write tables to ``out``: one UTF-8 CSV or Parquet file per table, or one Excel workbook.
    With ``meta`` (:func:`osallisuus.reporting.model.metadata`) the tables are a model
    (:func:`osallisuus.reporting.model.build`): its data dictionary is written too, and a
    README in ``language`` that says what every column means.

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
    words = dictionary(tables) if meta is not None else None
    if fmt == "xlsx":
        from .workbook import write_workbook  # openpyxl: for workbooks only

        paths = [write_workbook(tables, words, meta, language, out / "osallisuus_tulokset.xlsx")]
    else:
        paths = [_write(table, out / f"{name}.{fmt}", fmt) for name, table in tables.items()]
    if words is not None:
        if fmt != "xlsx":  # the workbook has its own dictionary sheet
            paths.append(_write(words, out / f"{DICTIONARY}.{fmt}", fmt))
        paths.append(out / README)
        (out / README).write_text(readme(tables, words, meta, language), encoding="utf-8")
    return paths


def _write(table: pd.DataFrame, path: Path, fmt: str) -> Path:
    if fmt == "parquet":
        table.to_parquet(path, index=False)
    else:
        neutralise(table).to_csv(path, index=False, encoding="utf-8")
    return path


def readme(tables: dict[str, pd.DataFrame], words: pd.DataFrame, meta: dict[str, str], language: str) -> str:
    """The export folder's README in ``language``: what the tables are, the publication's
    metadata, how the tables join, and every column's type, unit and meaning."""
    t = TEXTS[language]
    lines = [f"# {t['export_readme_title']}", "", t["export_readme_intro"].format(min_n=meta["min_n"]), "",
             f"## {t['export_readme_metadata']}", ""]
    lines += [f"- {t['meta_' + key]}: {value}" for key, value in meta.items()]
    lines += ["", t["export_readme_join"], "", f"## {t['export_readme_tables']}", ""]
    for name in tables:
        kind = t["export_readme_fact"] if name in FACTS else t["export_readme_dimension"]
        lines += [f"### {name} ({kind})", "", "| column | type | unit | meaning |", "| --- | --- | --- | --- |"]
        for row in words[words["table"] == name].itertuples():
            lines.append(f"| `{row.column}` | {getattr(row, 'type_' + language)} | {getattr(row, 'unit_' + language)} "
                         f"| {getattr(row, 'meaning_' + language)} |")
        lines.append("")
    lines.append(t["export_readme_dictionary"])
    return "\n".join(lines) + "\n"
