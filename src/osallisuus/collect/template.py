"""The data-entry workbook (``osallisuus template``): an answers sheet in the common minimum
dataset's columns, with drop-downs whose labels come from the codebooks, an instructions sheet
and a codebook sheet. What is typed into it ingests without rejections.

The drop-down lists live on a hidden sheet (a list written into the validation itself may hold
only 255 characters and no commas). No answer row is prefilled: a row holding only the
organization would be a rejected row, so a given organization becomes a one-entry drop-down.
"""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import InputError
from ..spreadsheet import FORMULA_START
from .fields import Field, check_language, fields, instrument_of
from .texts import texts

#: Rows of the answers sheet that carry drop-downs and formats (row 1 is the header).
ENTRY_ROWS = 5000
#: Longest respondent code: shorter than a henkilötunnus (11 characters), so one is refused.
CODE_MAX_LENGTH = 10
FILLS = {"required": "FFE699", "recommended": "BDD7EE", "optional": "E7E6E6"}
FONT = "Calibri"
_PROMPT_MAX, _TITLE_MAX = 255, 32  # Excel refuses longer validation messages


def clean_names(names: list[str], setting: str) -> list[str]:
    """Names from the command line, trimmed and without repeats; a name that a spreadsheet would
    run as a formula is refused (the message names the setting).

    >>> clean_names([" Paja ", "Olohuone", "paja", ""], "--units")
    ['Paja', 'Olohuone']
    """
    out: dict[str, str] = {}
    for name in (" ".join(n.split()) for n in names):
        if name.startswith(FORMULA_START):
            raise InputError(None, f"asetuksen {setting} nimi '{name}' alkaa merkillä, jota taulukko-ohjelma "
                             "pitää kaavana.", f"{setting} name '{name}' starts like a spreadsheet formula.",
                             "Poista nimen alusta merkki = + - tai @.", "Remove the leading = + - or @.")
        if name:
            out.setdefault(name.casefold(), name)
    return list(out.values())


def _height(*cells: tuple[str, float]) -> float:
    """A row height (points) that shows wrapped ``(text, column width)`` pairs whole: neither
    Excel nor LibreOffice grows a row for wrapped text written by openpyxl."""
    lines = max(math.ceil(len(text) / (width * 1.05)) if text else 1 for text, width in cells)
    return 15.0 * lines + 3


def _text(cell, value: str) -> None:
    """Write ``value`` as text even when it looks like a formula."""
    cell.value = value
    cell.data_type = "s"


def _validation(kind: str, t: dict, **kw) -> DataValidation:
    prompt_title, prompt = kw.pop("prompt", (t["choose_title"], t["choose_prompt"]))
    error = kw.pop("error", t["error_choice"])
    return DataValidation(type=kind, allow_blank=True, showInputMessage=True, showErrorMessage=True,
                          errorStyle="stop", errorTitle=t["error_title"][:_TITLE_MAX], error=error[:_PROMPT_MAX],
                          promptTitle=prompt_title[:_TITLE_MAX], prompt=prompt[:_PROMPT_MAX], **kw)


def _width(f: Field) -> int:
    """Column width of the answers sheet: room for the longest label and the longest header word
    (bold), names and open answers."""
    if f.key == "open_effect":
        return 40
    longest_word = max(len(word) for word in f.header.split())
    base = min(34, max(14, max(len(c) for c in f.choices) + 2)) if f.choices else 16
    if f.key in ("organization", "unit", "service"):
        base = 24
    return max(base, round(longest_word * 1.2) + 2)


def _answers_sheet(ws, cols: list[Field], lists: dict[str, str], t: dict) -> None:
    """Header row, widths, colours, formats and one validation per kind of column."""
    validations: dict[str, DataValidation] = {}
    for i, f in enumerate(cols, start=1):
        letter = get_column_letter(i)
        cell = ws.cell(row=1, column=i, value=f.header)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = PatternFill("solid", fgColor=FILLS[f.status])
        cell.border = Border(right=Side(style="thin", color="808080"), bottom=Side(style="thin", color="808080"))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter].width = _width(f)
        rng = f"{letter}2:{letter}{ENTRY_ROWS + 1}"
        source = lists.get(f.key)
        if source is not None:
            dv = validations.setdefault(source, _validation("list", t, formula1=source))
        elif f.key == "respondent":
            ws.column_dimensions[letter].number_format = "@"
            dv = validations.setdefault("respondent", _validation(
                "textLength", t, operator="between", formula1="1", formula2=str(CODE_MAX_LENGTH),
                prompt=(f.text, t["respondent_prompt"]), error=t["respondent_error"]))
        elif f.key == "date":
            ws.column_dimensions[letter].number_format = t["date_format"]
            dv = validations.setdefault("date", _validation(
                "date", t, operator="between", formula1="DATE(2000,1,1)", formula2="TODAY()",
                prompt=(f.text, t["date_prompt"]), error=t["date_error"]))
        else:  # free text: a reminder not to write names, under the column's own title
            ws.column_dimensions[letter].number_format = "@"
            dv = validations.setdefault(f.key, _validation(
                "textLength", t, operator="lessThanOrEqual", formula1="2000",
                prompt=(f.text, t["text_prompt"]), error=t["text_prompt"]))
        dv.add(rng)
    for dv in validations.values():
        ws.add_data_validation(dv)
    ws.row_dimensions[1].height = max(_height((f.header, _width(f) * 0.8)) for f in cols)  # bold text
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def _list_key(f: Field) -> str:
    """Columns that share one answer list share one key (all ESIS items; EUROHIS by scale)."""
    if f.key.startswith("esis"):
        return "esis"
    if f.key.startswith("eurohis"):
        return "eurohis:" + "|".join(f.choices or ())
    return f.key


def _lists_sheet(ws, cols: list[Field], organization: str | None, units: list[str]) -> dict[str, str]:
    """Write every drop-down list into its own column; returns column key -> range formula."""
    by_key: dict[str, list[str]] = {}
    for f in cols:
        if f.choices:
            by_key.setdefault(_list_key(f), list(f.choices))
    if organization:
        by_key["organization"] = [organization]
    if units:
        by_key["unit"] = list(units)
    ranges: dict[str, str] = {}
    for i, (key, values) in enumerate(by_key.items(), start=1):
        letter = get_column_letter(i)
        for row, value in enumerate(values, start=1):
            _text(ws.cell(row=row, column=i), value)
        ranges[key] = f"{quote_sheetname(ws.title)}!${letter}$1:${letter}${len(values)}"
    return {f.key: ranges[_list_key(f)] for f in cols if _list_key(f) in ranges}


def _instructions_sheet(ws, lang: str, organization: str | None) -> None:
    t = texts(lang)
    width = 72
    ws.column_dimensions["A"].width = width
    title = f"{t['title']}: {organization}" if organization else str(t["title"])
    rows: list[tuple[str, str]] = [("title", title)]
    if t["unofficial"]:
        rows.append(("note", str(t["unofficial"])))
    for heading, paragraphs in t["instructions"]:
        rows.append(("heading", heading))
        rows += [("text", p) for p in paragraphs]
    rows.append(("note", str(t["legend"])))
    fonts = {"title": Font(name=FONT, bold=True, size=14), "heading": Font(name=FONT, bold=True, size=12),
             "note": Font(name=FONT, italic=True), "text": Font(name=FONT)}
    for r, (kind, text) in enumerate(rows, start=1):
        cell = ws.cell(row=r, column=1)
        _text(cell, text)
        cell.font = fonts[kind]
        cell.alignment = Alignment(wrap_text=True, vertical="bottom" if kind == "heading" else "top")
        if kind == "title":
            ws.row_dimensions[r].height = 1.4 * _height((text, width * 0.75))
        else:
            ws.row_dimensions[r].height = 30 if kind == "heading" else _height((text, width)) + 4
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def allowed_text(f: Field, lang: str) -> str:
    """What the codebook sheet says a column accepts."""
    t = texts(lang)
    if f.choices:
        return "; ".join(f.choices)
    return str(t["code_text"] if f.key == "respondent" else t["date_text"] if f.key == "date" else t["free_text"])


def describe(f: Field, lang: str) -> str:
    """One line about a column, in ``lang``."""
    d = texts(lang)["describe"]
    inst = instrument_of(f.key)
    if inst in ("esis", "eurohis"):
        return d[inst].format(n=int(f.key.split("_")[1]))
    return d[f.key]


def _codebook_sheet(ws, cols: list[Field], lang: str, organization: str | None, units: list[str]) -> None:
    t = texts(lang)
    widths = (36, 16, 14, 52, 44)
    for i, (head, width) in enumerate(zip(t["codebook_headers"], widths), start=1):
        cell = ws.cell(row=1, column=i, value=head)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[1].height = _height(*zip(t["codebook_headers"], widths))
    for r, f in enumerate(cols, start=2):
        allowed = allowed_text(f, lang)
        if f.key == "organization" and organization:
            allowed = organization
        if f.key == "unit" and units:
            allowed = "; ".join(units)
        values = (f.header, f.key, t["status"][f.status], allowed, describe(f, lang))
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            _text(cell, value)
            cell.font = Font(name=FONT)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=r, column=3).fill = PatternFill("solid", fgColor=FILLS[f.status])
        ws.row_dimensions[r].height = _height(*zip(values, widths))
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def build_template(lang: str = "fi", organization: str | None = None, units: list[str] | None = None) -> Workbook:
    """The data-entry workbook in ``lang`` (fi, sv or en).

    >>> wb = build_template("fi", "Testi ry", ["Paja", "Olohuone"])
    >>> wb.sheetnames
    ['Ohjeet', 'Vastaukset', 'Koodikirja', 'Listat']
    >>> wb["Vastaukset"]["E1"].value, wb["Vastaukset"].freeze_panes
    ('Mittauskerta', 'B2')
    """
    check_language(lang)
    t = texts(lang)
    org = (clean_names([organization], "--organization") or [None])[0] if organization else None
    unit_names = clean_names(units or [], "--units")
    cols = fields(lang)
    wb = Workbook()
    instructions = wb.active
    instructions.title = str(t["sheet_instructions"])
    answers = wb.create_sheet(str(t["sheet_answers"]))
    codebook = wb.create_sheet(str(t["sheet_codebook"]))
    lists = wb.create_sheet(str(t["sheet_lists"]))
    lists.sheet_state = "hidden"
    _answers_sheet(answers, cols, _lists_sheet(lists, cols, org, unit_names), t)
    _instructions_sheet(instructions, lang, org)
    _codebook_sheet(codebook, cols, lang, org, unit_names)
    return wb


def write_template(out: str | Path, lang: str = "fi", organization: str | None = None,
                   units: list[str] | None = None) -> Path:
    """Write the workbook to ``out`` (an ``.xlsx`` file); returns the path."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise InputError(out, "asetuksen --out tiedostonimen pitää päättyä .xlsx.", "--out must end in .xlsx.",
                         "Anna esimerkiksi --out vastaukset.xlsx.", "For example --out answers.xlsx.")
    wb = build_template(lang, organization, units)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
