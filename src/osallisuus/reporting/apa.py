"""Results tables for a thesis, formatted as APA (7th ed.) asks: ``osa.apa_table``.

A result table (``osa.paired_change``, ``osa.summary``, ``osa.reliability`` or any table) becomes
a table of text in Finnish, Swedish or English: means with SDs, intervals in brackets, t with its
degrees of freedom, p with three decimals ("< .001", never ".000"), statistics that cannot
exceed 1 without a leading zero in English (".84"), decimal comma in Finnish and Swedish
("0,84", "< 0,001", as Finnish typography keeps the zero). Rows whose statistics are hidden
(fewer than ``min_n`` respondents) are left out and the note says so. The headers live in the
report catalogues (``locale``, keys ``apa_*``).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pandas as pd

from ..statistics.disclosure import DEFAULT_MIN_N
from ..texts import LANGUAGES, number, text

FORMATS = (".xlsx", ".html", ".docx")


def apa_table(table: pd.DataFrame, out: str | Path | None = None, language: str = "fi",
              title: str | None = None, decimals: int = 2, min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """An APA-style table of ``table``, written to ``out`` (.xlsx, .html or .docx) when given.

    Parameters
    ----------
    table : DataFrame
        A change table (``osa.paired_change``), a summary (``osa.summary``), a reliability
        table (``osa.reliability``), or any table (numbers with ``decimals`` decimals).
    out : path, optional
        ``.xlsx`` (Excel), ``.html`` (opens in a browser, pastes into Word) or ``.docx`` (needs
        the ``docx`` extra: ``pip install "osallisuus[docx]"``).
    language : {"fi", "sv", "en"}
        Headers, notes and number format.
    title : str, optional
        The table's title (italic in APA), written above it.
    decimals : int
        Decimals of effect sizes and other statistics (means and SDs of 0–100 scores have one).
    min_n : int
        The smallest group the table was made with (named in the note on left-out rows).

    Returns
    -------
    DataFrame
        The formatted table, every cell text. For a change table the columns are the group,
        ``n``, *M* (*SD*) before and after, the difference with its 95 % CI, *t*(df), *p*,
        *d*\\ :sub:`z` [95 % CI] and *g*\\ :sub:`av`.

    Examples
    --------
    >>> import osallisuus as osa
    >>> change = osa.paired_change(osa.example_data(), comparisons=["alku_loppu"])
    >>> t = osa.apa_table(change[change["unit"] == "Työpaja Orimattila"], language="en")
    >>> list(t.columns)[:3], t.iloc[0]["p"].startswith(("< .", "."))
    (['Group', 'n', 'Before M (SD)'], True)
    """
    if language not in LANGUAGES:
        raise ValueError(f"language: unknown {language!r}; use one of {', '.join(LANGUAGES)}")
    shown = table[~table["suppressed"]] if "suppressed" in table else table
    notes = []
    if {"n_pairs", "mean_diff", "d_z"} <= set(shown.columns):
        formatted = _change(shown, language, decimals)
        notes.append(text(language, "apa_note"))
    elif {"esis_mean", "esis_sd", "n_scored"} <= set(shown.columns):
        formatted = _summary(shown, language)
    elif {"alpha", "alpha_ci_low"} <= set(shown.columns):
        formatted = _reliability(shown, language, decimals)
    else:
        formatted = _any(shown, language, decimals)
    if len(shown) < len(table):
        notes.append(text(language, "apa_hidden", n=len(table) - len(shown), min_n=min_n))
    if out is not None:
        write(formatted, out, title or "", " ".join(notes))
    return formatted


def p_apa(p: float | None, language: str) -> str:
    """p as APA writes it: three decimals, "< .001" below that; no leading zero in English.

    >>> p_apa(0.00002, "en"), p_apa(0.0412, "en"), p_apa(0.0412, "fi"), p_apa(0.0004, "fi")
    ('< .001', '.041', '0,041', '< 0,001')
    """
    if p is None or pd.isna(p):
        return "–"
    shown = f"< {number(0.001, language, 3)}" if p < 0.001 else number(p, language, 3)
    return _no_leading_zero(shown, language)


def _no_leading_zero(shown: str, language: str) -> str:
    """English APA drops the zero of a statistic that cannot exceed 1 (".84", "-.12", "< .001").

    >>> _no_leading_zero("-0.12", "en"), _no_leading_zero("10.50", "en"), _no_leading_zero("0,84", "fi")
    ('-.12', '10.50', '0,84')
    """
    return re.sub(r"(?<![\d.])0\.", ".", shown) if language == "en" else shown


def _group(rows: pd.DataFrame) -> list[str]:
    return [u or o for o, u in zip(rows.get("organization", [""] * len(rows)), rows.get("unit", [""] * len(rows)))]


def _m_sd(mean: float, sd: float, language: str) -> str:
    return f"{number(mean, language, 1)} ({number(sd, language, 1)})"


def _ci(low: float, high: float, language: str, decimals: int) -> str:
    """An interval in brackets: "[0.12, 0.84]"; with a decimal comma the bounds are split by ";"."""
    separator = ", " if language == "en" else "; "
    return f"[{number(low, language, decimals)}{separator}{number(high, language, decimals)}]"


def _change(rows: pd.DataFrame, language: str, decimals: int) -> pd.DataFrame:
    t = lambda key: text(language, key)  # noqa: E731
    return pd.DataFrame({
        t("apa_group"): _group(rows),
        "n": [number(v, language, 0) for v in rows["n_pairs"]],
        t("apa_before"): [_m_sd(m, s, language) for m, s in zip(rows["mean_before"], rows["sd_before"])],
        t("apa_after"): [_m_sd(m, s, language) for m, s in zip(rows["mean_after"], rows["sd_after"])],
        t("apa_diff"): [f"{number(d, language, 1)} {_ci(lo, hi, language, 1)}"
                        for d, lo, hi in zip(rows["mean_diff"], rows["ci_low"], rows["ci_high"])],
        "t (df)": [f"{number(v, language, 2)} ({number(df, language, 0)})" for v, df in zip(rows["t"], rows["df"])],
        "p": [p_apa(p, language) for p in rows["p_t"]],
        f"d_z [{t('apa_ci')}]": [
            f"{number(d, language, decimals)} {_ci(lo, hi, language, decimals)}"
            for d, lo, hi in zip(rows["d_z"], rows["d_z_ci_low"], rows["d_z_ci_high"])],
        "g_av": [number(g, language, decimals) for g in rows["g_av"]],
    }, index=rows.index)


def _summary(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    t = lambda key: text(language, key)  # noqa: E731
    return pd.DataFrame({
        t("apa_group"): _group(rows),
        t("apa_round"): _rounds(rows, language),
        "n": [number(v, language, 0) for v in rows["n_scored"]],
        "M": [number(v, language, 1) for v in rows["esis_mean"]],
        "SD": [number(v, language, 1) for v in rows["esis_sd"]],
        t("apa_ci"): [_ci(lo, hi, language, 1) for lo, hi in zip(rows["esis_ci_low"], rows["esis_ci_high"])],
    }, index=rows.index)


def _reliability(rows: pd.DataFrame, language: str, decimals: int) -> pd.DataFrame:
    t = lambda key: text(language, key)  # noqa: E731
    return pd.DataFrame({
        t("apa_group"): _group(rows),
        t("apa_round"): _rounds(rows, language),
        "n": [number(v, language, 0) for v in rows["n"]],
        f"α [{t('apa_ci')}]": [
            _no_leading_zero(f"{number(a, language, decimals)} {_ci(lo, hi, language, decimals)}", language)
            for a, lo, hi in zip(rows["alpha"], rows["alpha_ci_low"], rows["alpha_ci_high"])],
    }, index=rows.index)


def _rounds(rows: pd.DataFrame, language: str) -> list[str]:
    """Round names in the language (alku → "start" in English)."""
    return [text(language, r) if r in ("alku", "väli", "loppu") else str(r) for r in rows.get("round", [""] * len(rows))]


def _any(rows: pd.DataFrame, language: str, decimals: int) -> pd.DataFrame:
    def cell(column: str, value: object) -> str:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or pd.isna(value):
            return "–" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        if column == "p" or column.startswith("p_"):
            return p_apa(float(value), language)
        return number(value, language, 0 if float(value).is_integer() and column.startswith("n") else decimals)

    return pd.DataFrame({c: [cell(c, v) for v in rows[c]] for c in rows.columns}, index=rows.index)


def write(formatted: pd.DataFrame, out: str | Path, title: str, note: str) -> Path:
    """Write the formatted table with its title and note: .xlsx, .html or .docx."""
    out = Path(out)
    if out.suffix not in FORMATS:
        raise ValueError(f"out: unknown file type {out.suffix!r}; use one of {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    {".xlsx": _xlsx, ".html": _html, ".docx": _docx}[out.suffix](formatted, out, title, note)
    return out


def _xlsx(formatted: pd.DataFrame, out: Path, title: str, note: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from ..spreadsheet import neutralise

    book = Workbook()
    sheet = book.active
    sheet.title = "APA"
    line = Side(style="thin")
    sheet.append([title])
    sheet["A1"].font = Font(italic=True)
    sheet.append(list(formatted.columns))
    for row in neutralise(formatted).itertuples(index=False):
        sheet.append(list(row))
    last = sheet.max_row
    for column, cells in enumerate(sheet.iter_cols(min_row=2, max_row=last), start=1):
        for cell in cells:
            top = line if cell.row == 2 else None
            bottom = line if cell.row in (2, last) else None
            cell.border = Border(top=top, bottom=bottom)
            cell.alignment = Alignment(horizontal="left" if column == 1 else "center")
        width = max(len(str(c.value or "")) for c in cells)
        sheet.column_dimensions[cells[0].column_letter].width = min(width + 2, 60)
    sheet.append([note])
    sheet.cell(row=last + 1, column=1).font = Font(italic=False, size=9)
    book.save(out)


def _html(formatted: pd.DataFrame, out: Path, title: str, note: str) -> None:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in formatted.columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in formatted.itertuples(index=False))
    style = ("body{font-family:'Times New Roman',serif;font-size:12pt} table{border-collapse:collapse}"
             "th{border-top:1px solid;border-bottom:1px solid;font-weight:normal;padding:4px 10px}"
             "td{padding:4px 10px;text-align:center} td:first-child,th:first-child{text-align:left}"
             "tr:last-child td{border-bottom:1px solid} caption{font-style:italic;text-align:left;padding-bottom:6px}"
             "p{font-size:10pt}")
    out.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{style}</style></head><body>"
                   f"<table><caption>{escape(title)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
                   f"</table><p>{escape(note)}</p></body></html>", encoding="utf-8")


def _docx(formatted: pd.DataFrame, out: Path, title: str, note: str) -> None:
    try:
        import docx
    except ImportError:
        raise ValueError('out: .docx needs python-docx: pip install "osallisuus[docx]" (or write .html and '
                         "paste it into Word)") from None
    document = docx.Document()
    if title:
        document.add_paragraph().add_run(title).italic = True
    grid = document.add_table(rows=1, cols=len(formatted.columns))
    for cell, name in zip(grid.rows[0].cells, formatted.columns):
        cell.text = str(name)
    for row in formatted.itertuples(index=False):
        for cell, value in zip(grid.add_row().cells, row):
            cell.text = str(value)
    document.add_paragraph(note)
    document.save(out)
