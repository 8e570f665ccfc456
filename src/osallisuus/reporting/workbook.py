"""The export as one Excel workbook that opens ready to read: a first sheet with the
publication's metadata and how to read the tables, one formatted Excel table per sheet (header
style, frozen header, filter buttons, column widths, number formats: counts as whole numbers,
decimals as published, shown with the reader's own decimal separator), the data dictionary, and
a print setup that fits every sheet to the page width."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from ..spreadsheet import neutral_text, neutralise
from ..statistics.disclosure import decimals_of
from ..texts import TEXTS
from .model import is_count, unit_of

STYLE = "TableStyleMedium2"
MAX_WIDTH = 50
README_SHEET = {"fi": "Lue ensin", "sv": "Läs först", "en": "Read me"}
DICTIONARY_SHEET = "dictionary"


def number_format(table: str, column: str, values: pd.Series) -> str | None:
    """The Excel number format of a column: counts ``0``, shares ``0.0%``, other numbers with
    their published decimals (Excel shows them with the reader's decimal separator).

    >>> number_format("summary", "esis_mean", pd.Series([55.4])), number_format("summary", "n_answered", pd.Series([3]))
    ('0.0', '0')
    """
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return None
    if is_count(column) or pd.api.types.is_integer_dtype(values):
        return "0"
    if unit_of(table, column) == "share":
        return "0.0%"
    try:
        places = decimals_of(table, column)
    except KeyError:
        places = 2
    return "0." + "0" * places if places else "0"


def write_workbook(model: dict[str, pd.DataFrame], words: pd.DataFrame | None, meta: dict[str, str] | None,
                   language: str, path: Path) -> Path:
    """Write ``model`` (and, with ``meta``, the read-me and dictionary sheets) to ``path``."""
    book = Workbook()
    book.remove(book.active)
    if meta is not None:
        _readme(book.create_sheet(README_SHEET[language]), model, meta, language)
    sheets = dict(model)
    if words is not None:
        sheets[DICTIONARY_SHEET] = words[["table", "column", "type", f"unit_{language}", f"meaning_{language}",
                                          *[c for c in words if c.startswith("meaning_") and c != f"meaning_{language}"]]]
    for name, table in sheets.items():
        _table_sheet(book.create_sheet(name[:31]), name, table)
    book.save(path)
    return path


def _readme(sheet, model: dict[str, pd.DataFrame], meta: dict[str, str], language: str) -> None:
    t = TEXTS[language]
    sheet.append([t["export_readme_title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append([t["export_readme_intro"].format(min_n=meta["min_n"]).replace("`", "")])
    sheet.append([t["export_readme_join"].replace("`", "")])
    sheet.append([t["export_readme_dictionary"].replace("dictionary.csv", DICTIONARY_SHEET)])
    sheet.append([])
    sheet.append([t["export_readme_metadata"]])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for key, value in meta.items():
        sheet.append([t["meta_" + key], neutral_text(value)])
    sheet.append([])
    sheet.append([t["export_readme_tables"]])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for name, table in model.items():
        sheet.append([name, len(table)])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 40
    for row in sheet.iter_rows(min_row=3, max_row=5):
        sheet.merge_cells(start_row=row[0].row, start_column=1, end_row=row[0].row, end_column=2)
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row[0].row].height = 75
    _print_setup(sheet, header=False)


def _table_sheet(sheet, name: str, table: pd.DataFrame) -> None:
    shown = neutralise(table)
    sheet.append(list(shown.columns))
    for row in shown.astype(object).itertuples(index=False):
        sheet.append([None if _missing(v) else v for v in row])
    last = get_column_letter(max(1, shown.shape[1]))
    if len(shown):
        excel = Table(displayName=f"t_{name}", ref=f"A1:{last}{len(shown) + 1}")
        excel.tableStyleInfo = TableStyleInfo(name=STYLE, showRowStripes=True)
        sheet.add_table(excel)
    sheet.freeze_panes = "A2"
    for i, column in enumerate(table.columns, start=1):
        letter = get_column_letter(i)
        fmt = number_format(name, column, table[column])
        if fmt is not None:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = fmt
        longest = max([len(str(column))] + [len(str(v)) for v in shown[column].head(500) if not _missing(v)])
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, longest + 3)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    _print_setup(sheet, header=True)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _print_setup(sheet, header: bool) -> None:
    """Landscape A4, every column on the page's width (as many pages down as needed), the header
    row repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if header:
        sheet.print_title_rows = "1:1"
