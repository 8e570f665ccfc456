"""Reading exports as received: Excel (xlsx/xls/ods), CSV and SPSS .sav.

A reader returns a :class:`Table`: the header cells as written, the data rows as raw values,
and each row's number as a person sees it in the file (Excel row number; CSV line number;
SPSS case number). Nothing is interpreted here beyond finding the header row.
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..schema import ITEM_COLUMNS
from .codebook import Codebooks

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
SAV_SUFFIXES = {".sav", ".zsav"}
HEADER_SEARCH_ROWS = 20
MIN_KNOWN_HEADERS = 3
_LABEL_NUMBER = re.compile(r"^\s*\(?\d{1,2}\s*[.):=-]?\s+(?=\D)")


@dataclass
class Table:
    """Raw rows of one file below its header row."""

    path: Path
    headers: list[str]
    frame: pd.DataFrame  # columns 0..n-1 in file order, raw values
    rows: np.ndarray  # the row number of each data row as shown in the file
    format: str
    sheet: str | None = None
    encoding: str | None = None
    preamble: int = 0  # rows above the header row
    skipped: list[tuple[int, str]] = field(default_factory=list)  # unreadable lines: (row, text)
    copy_of: str = ""  # the earlier sheet whose rows this sheet repeats (a backup copy)
    formula_blanks: list[tuple[int, int]] = field(default_factory=list)  # (data row, column): a formula, no value
    #: column position -> (its categories, the Arrow dictionary they were made from, same values in
    #: the same order): the cleaner reads distinct values from Arrow without converting them back
    #: (see :func:`arrow_categories`); a column whose categories were replaced is not used so
    arrow_dictionaries: dict[int, tuple] = field(default_factory=dict)


def read_table(path: str | Path, books: Codebooks) -> Table:
    """The first table of an export (see :func:`read_tables`)."""
    return read_tables(path, books)[0][0]


def read_tables(path: str | Path, books: Codebooks) -> tuple[list[Table], list[tuple[str, str]]]:
    """Every table of one export: a CSV or SPSS file is one; a workbook gives each sheet with a
    recognised header row. Also the sheets skipped, each with why (Finnish and English).
    Raises :class:`InputError` for a file that cannot be used at all."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "tiedostoa ei löydy.", "file not found.", "Tarkista polku.", "Check the path.")
    if path.stat().st_size == 0:
        raise InputError(path, "tiedosto on tyhjä.", "the file is empty.",
                         "Vie tiedot uudelleen kyselyohjelmasta.", "Export the data again.")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, books)
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path, books)], []
    if suffix in SAV_SUFFIXES:
        return [_read_sav(path, books)], []
    raise InputError(
        path, f"tiedostomuotoa {suffix or '(ei päätettä)'} ei tunneta.", f"unknown file type {suffix!r}.",
        "Tallenna tiedosto Excel- (.xlsx), CSV- (.csv) tai SPSS-muodossa (.sav).",
        "Save it as .xlsx, .csv or .sav.",
    )


def find_header(rows: list[list], books: Codebooks) -> tuple[int, int]:
    """Index of the row that looks most like a header, and how many cells it names."""
    best, best_known = -1, 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = sum(1 for cell in row if _is_text(cell) and books.match_header(cell) is not None)
        if known > best_known:
            best, best_known = i, known
    return best, best_known


def _is_text(cell: object) -> bool:
    return isinstance(cell, str) and cell.strip() != ""


def _no_header(path: Path, sheet: str | None = None) -> InputError:
    where = f" (välilehti {sheet})" if sheet else ""
    return InputError(
        path,
        f"en löydä otsikkoriviä{where}: sarakkeiden otsikoista ei tunnistu osallisuuskyselyn kysymyksiä.",
        "no header row with known question or column names was found.",
        "Tiedoston pitää olla kyselyn vienti, jossa on otsikkorivi (esim. Yksikkö, Mittauskerta ja "
        "osallisuusväittämät) tai README:n kanoninen muoto (organization, unit, round, esis_01 ... esis_10).",
        "Expected an export with a header row, or the canonical format described in the README.",
    )


def merge_header_rows(rows: list[list], idx: int, books: Codebooks) -> list[str]:
    """The header row, its blank cells filled from the row above where that names a known
    column (Webropol's two-row header: questions above, matrix statements below; SurveyMonkey's,
    whose second row says "Response" under single questions, see ``header_placeholders``)."""
    from .codebook import normalize_header

    above = rows[idx - 1] if idx > 0 else []
    header = ["" if c is None else str(c) for c in rows[idx]]
    for pos, cell in enumerate(header):
        blank = not cell.strip() or normalize_header(cell) in books.placeholders
        if blank and pos < len(above) and _is_text(above[pos]) and books.match_header(above[pos]):
            header[pos] = str(above[pos])
    return header


def _trim_trailing_empty(rows: list[list]) -> list[list]:
    end = len(rows)
    while end and all(c is None or (isinstance(c, str) and not c.strip()) for c in rows[end - 1]):
        end -= 1
    return rows[:end]


def _read_excel(path: Path, books: Codebooks) -> tuple[list[Table], list[tuple[str, str]]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = workbook.sheet_names
        grids = {name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in sheets}
    except Exception as exc:  # calamine raises several types for broken files
        raise InputError(
            path, f"Excel-tiedostoa ei voi lukea: se on vioittunut tai ei ole Excel-tiedosto ({exc}).",
            f"cannot read the workbook: corrupt or not a spreadsheet ({exc}).",
            "Avaa tiedosto Excelissä ja tallenna se uudelleen .xlsx-muodossa.",
            "Open it in Excel and save it again as .xlsx.",
        ) from None
    formulas = _formula_cells(path)
    tables, skipped = [], []
    for name in sheets:
        if books.summary_mask([name])[0]:
            skipped.append((name, "yhteenvetovälilehti, ei vastaajien lomakkeita (a summary sheet, not respondents' forms)"))
            continue
        grid = _trim_trailing_empty(grids[name])
        idx, known = find_header(grid, books)
        if known >= MIN_KNOWN_HEADERS:
            table = _sheet_table(path, name, grid, idx, merge_header_rows(grid, idx, books))
            table.formula_blanks = [(r - idx - 1, c) for r, c in sorted(formulas.get(name, ()))
                                    if r > idx and c < len(table.headers) and table.frame.iat[r - idx - 1, c] is None]
            tables.append(table)
        else:
            skipped.append((name, "tyhjä välilehti (empty sheet)" if not grid else
                            "ei otsikkoriviä, jossa olisi tunnettuja sarakkeita (no header row with known columns)"))
    if not tables:
        raise _no_header(path)
    return _mark_copies(tables), skipped


def _formula_cells(path: Path) -> dict[str, set[tuple[int, int]]]:
    """The cells (row, column from A1, 0-based) that hold a formula, per sheet; read only when the
    workbook has formulas at all. A formula saved without its computed value (by a program, not
    by Excel) reads as blank: such cells are rejected by the cleaner, not taken as no answer."""
    import zipfile

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            if not any(re.search(rb"<f[ >/]", archive.read(n)) for n in sheets):
                return {}
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):  # calamine read it: its values stand
        return {}
    try:
        return {sheet.title: {(r, c) for r, row in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True))
                              for c, value in enumerate(row) if isinstance(value, str) and value.startswith("=")}
                for sheet in book.worksheets}
    finally:
        book.close()


def _mark_copies(tables: list[Table]) -> list[Table]:
    """Mark each sheet whose rows all appear in an earlier sheet with the same header (a backup
    copy, or a copy made before more answers came): its rows are read once, from the original."""
    from collections import Counter

    seen: list[tuple[Table, Counter]] = []
    for table in tables:
        rows = Counter(table.frame.itertuples(index=False, name=None))
        original = next((t for t, r in seen if t.headers == table.headers and rows and not rows - r), None)
        if original is not None:
            table.copy_of = original.sheet or ""
        else:
            seen.append((table, rows))
    return tables


def _sheet_table(path: Path, sheet: str, grid: list[list], idx: int, headers: list[str]) -> Table:
    body = grid[idx + 1 :]
    width = len(headers)
    body = [[None if c == "" else c for c in r[:width]] + [None] * (width - len(r)) for r in body]
    frame = pd.DataFrame(body, columns=range(width), dtype=object)
    rows = np.arange(idx + 2, idx + 2 + len(body))
    return Table(path, headers, frame, rows, "xlsx", sheet=sheet, preamble=idx)


def sniff_encoding(head: bytes) -> str:
    """UTF-16 with a BOM; UTF-8 (with or without BOM) when the bytes decode as such; else
    Windows-1252."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a multi-byte character cut at the end is fine
            return "cp1252"
    return "utf-8"


def _read_csv(path: Path, books: Codebooks) -> Table:
    with path.open("rb") as fh:
        head_bytes = fh.read(256 * 1024)
    encoding = sniff_encoding(head_bytes)
    if b"\x00" in head_bytes and encoding != "utf-16":
        raise InputError(path, "tiedosto ei ole tekstimuotoinen CSV.", "not a text CSV file.",
                         "Tallenna tiedosto Excelistä muodossa CSV UTF-8.", "Save it as CSV UTF-8.")
    head = head_bytes.decode(encoding, errors="replace")
    lines = head.splitlines()[: HEADER_SEARCH_ROWS + 1]
    if len(head_bytes) == 256 * 1024:
        lines = lines[:-1]  # the last line may be cut
    delimiter, rows, idx = _best_delimiter(lines, books)
    if idx < 0:
        raise _no_header(path)
    headers = merge_header_rows(rows, idx, books)
    padded = delimiter != "," and headers[-1].endswith(",")  # a LibreOffice re-save, see _strip_padding
    headers[-1] = headers[-1].rstrip(",") if padded else headers[-1]
    frame, skipped, dictionaries = _parse_csv(path, encoding, delimiter, idx + 1, len(headers), threads=True)
    if skipped:  # number the bad lines exactly: parse again on one thread
        frame, skipped, dictionaries = _parse_csv(path, encoding, delimiter, idx + 1, len(headers), threads=False)
    bad_rows = {row for row, _ in skipped}
    first = idx + 2
    rows_no = np.arange(first, first + len(frame) + len(skipped))
    if bad_rows:
        rows_no = rows_no[~np.isin(rows_no, list(bad_rows))]
    if padded:
        frame[len(headers) - 1] = _strip_padding(frame[len(headers) - 1].array)
    last = _last_nonempty(frame)  # trailing blank lines are not rows; set-aside lines always have text
    return Table(path, headers, frame.iloc[:last], rows_no[:last], "csv", encoding=encoding, preamble=idx,
                 skipped=skipped, arrow_dictionaries=dictionaries)


def _best_delimiter(lines: list[str], books: Codebooks) -> tuple[str, list[list[str]], int]:
    """The delimiter whose header row names most known columns (the sniffer's guess first), the
    rows split with it, and the header row's index (-1 when none names enough)."""
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines[:HEADER_SEARCH_ROWS]), delimiters=";,\t|").delimiter
    except csv.Error:
        sniffed = ";"
    best = (sniffed, [], -1, 0)
    for delimiter in dict.fromkeys([sniffed, ";", ",", "\t"]):
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        idx, known = find_header(rows, books)
        if known > best[3]:
            best = (delimiter, rows, idx, known)
    delimiter, rows, idx, known = best
    return delimiter, rows, idx if known >= MIN_KNOWN_HEADERS else -1


def _strip_padding(column: pd.Categorical) -> pd.Categorical:
    """The last column of a semicolon file that LibreOffice opened with "," as the separator and
    saved again: rows shorter than the widest end with padding commas ("5,," is "5")."""
    stripped = pd.Index([str(c).rstrip(",") for c in column.categories], dtype=object)
    codes, uniques = pd.factorize(stripped.where(stripped != "", None))
    new_codes = np.where(column.codes >= 0, codes[column.codes], -1)
    return pd.Categorical.from_codes(new_codes, categories=pd.Index(uniques, dtype=object), validate=False)


def _parse_csv(path: Path, encoding: str, delimiter: str, skip: int, width: int, threads: bool):
    """Fields as categorical strings (only a blank is missing: "NA" or "NULL" stay text, so the
    cleaner can report them, see ``clean.MISSING_MARKERS``); lines with the wrong field count are
    set aside. Columns are dictionary-encoded while parsing, so later steps map each distinct
    value once instead of each row. A line break inside a value is read only in a file that has
    quotes (CSV quotes such a value): Arrow parses a file without them in parallel blocks."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    skipped: list[tuple[int, str]] = []

    def set_aside(row) -> str:
        skipped.append((row.number or -1, row.text[:200]))
        return "skip"

    names = [str(i) for i in range(width)]
    quotes = _has_quotes(path)

    def parse(values: pa.DataType):
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=skip, column_names=names, encoding=_arrow_encoding(encoding),
                                           use_threads=threads, block_size=1 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False,
                                             invalid_row_handler=set_aside, newlines_in_values=quotes),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.dictionary(pa.int32(), values)),
                                                 null_values=[""], strings_can_be_null=True,
                                                 quoted_strings_can_be_null=True),
        ).unify_dictionaries()

    try:
        # fields read as bytes: each column's distinct values are checked as UTF-8 and made text
        # once, not every field while parsing; a column with bytes that are not UTF-8 is read again
        # as text, so that Arrow's message says what and where as before
        table = parse(pa.binary())
        try:
            texts = [_as_text(table.column(i)) for i in range(width)]
        except pa.ArrowInvalid:
            skipped.clear()
            table = parse(pa.string())
            texts = [(table.column(i), table.column(i).chunk(0).dictionary if table.column(i).num_chunks else None)
                     for i in range(width)]
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(
            path, f"CSV-tiedostoa ei voi lukea ({exc}).", f"cannot parse the CSV file ({exc}).",
            "Tallenna tiedosto Excelistä uudelleen muodossa CSV UTF-8.", "Save it again as CSV UTF-8.",
        ) from None
    columns = {i: _categorical(*texts[i]) for i in range(width)}
    dictionaries = {i: (columns[i].categories, texts[i][1]) for i in range(width) if texts[i][1] is not None}
    return pd.DataFrame(columns, copy=False), skipped, dictionaries


def _as_text(column) -> tuple:
    """A column of byte strings on one dictionary (all its chunks) and that dictionary as UTF-8
    text (``pa.string()``; None for a column without chunks). Raises ``ArrowInvalid`` for bytes
    that are not UTF-8."""
    import pyarrow as pa

    return column, column.chunk(0).dictionary.cast(pa.string()) if column.num_chunks else None


def arrow_categories(table: Table, position: int):
    """The distinct values of a column as the Arrow string array its categories were made from
    (:attr:`Table.arrow_dictionaries`), or None (another reader, or categories replaced since)."""
    made = table.arrow_dictionaries.get(position)
    column = table.frame[position]
    if made is None or not isinstance(column.dtype, pd.CategoricalDtype) or column.cat.categories is not made[0]:
        return None
    return made[1]


def _has_quotes(path: Path) -> bool:
    """Whether the file has a double quote byte anywhere (in UTF-16 too: its quote's low byte)."""
    with path.open("rb") as fh:
        if not fh.seek(0, 2):
            return False
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(b'"') >= 0


def _arrow_encoding(encoding: str) -> str:
    """Arrow decodes "utf8" natively; any other name goes through a slow Python codec."""
    return "utf8" if encoding in ("utf-8", "utf-8-sig") else encoding


def _categorical(column, dictionary=None) -> pd.Categorical:
    """A dictionary-encoded Arrow column (one shared dictionary) as a pandas Categorical, its
    categories from ``dictionary`` (default: the column's own, which its indices point into)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.num_chunks == 0:
        return pd.Categorical([], categories=[])
    indices = pa.chunked_array([chunk.indices for chunk in column.chunks], type=pa.int32())
    codes = pc.fill_null(indices, -1).to_numpy()
    dictionary = column.chunk(0).dictionary if dictionary is None else dictionary
    categories = pd.Index(dictionary.to_numpy(zero_copy_only=False), dtype=object)
    try:  # an Arrow dictionary holds each value once: not checked again
        dtype = pd.CategoricalDtype._from_fastpath(categories, ordered=False)
    except (AttributeError, TypeError):  # a pandas whose private constructor is gone or changed
        dtype = pd.CategoricalDtype(categories)
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _last_nonempty(frame: pd.DataFrame) -> int:
    if len(frame) and _nonempty(frame.iloc[-1:])[0]:  # the usual file: its last row has a value
        return len(frame)
    hits = np.flatnonzero(_nonempty(frame))
    return int(hits[-1]) + 1 if len(hits) else 0


def _nonempty(frame: pd.DataFrame) -> np.ndarray:
    """Which rows have a value in any column."""
    nonempty = np.zeros(len(frame), dtype=bool)
    for _, column in frame.items():  # a category's code -1 is a blank
        categorical = isinstance(column.dtype, pd.CategoricalDtype)
        nonempty |= column.cat.codes.to_numpy() >= 0 if categorical else column.notna().to_numpy()
    return nonempty


def _labelled(value: object, labels: dict, item: bool) -> object:
    """An SPSS value with its value label: "5 Täysin samaa mieltä" for an answer item (the value
    in front of the label's text, replacing any number the label carries itself), the label
    alone for other variables."""
    label = labels.get(value)
    if label is None or not item:
        return value if label is None else label
    code = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{code} {_LABEL_NUMBER.sub('', str(label))}"


def _read_sav(path: Path, books: Codebooks) -> Table:
    """An SPSS file: answer items as "code label" (the cleaner keeps the code where the label
    agrees with it, so a scale coded the other way round is caught), other labelled values as
    their label."""
    import pyreadstat

    try:
        # user_missing=True keeps codes such as 9 "en osaa sanoa" visible (tooling.md).
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    except Exception as exc:  # pyreadstat raises its own error types
        raise InputError(path, f"SPSS-tiedostoa ei voi lukea ({exc}).", f"cannot read the SPSS file ({exc}).",
                         "Tallenna tiedosto SPSS:ssä uudelleen.", "Save it again from SPSS.") from None
    names = list(frame.columns)
    labels = [meta.column_names_to_labels.get(n) or n for n in names]
    name_hits = sum(books.match_header(n) is not None for n in names)
    label_hits = sum(books.match_header(lbl) is not None for lbl in labels)
    headers = names if name_hits >= label_hits else labels
    if max(name_hits, label_hits) < MIN_KNOWN_HEADERS:
        raise _no_header(path)
    frame = frame.astype(object).where(frame.notna(), None)
    for name, header in zip(names, headers):
        value_labels = meta.variable_value_labels.get(name)
        if value_labels:
            match = books.match_header(header)
            item = match is not None and match.column in ITEM_COLUMNS
            frame[name] = frame[name].map(lambda v, vl=value_labels, item=item: _labelled(v, vl, item))
    frame.columns = range(len(headers))
    return Table(path, [str(h) for h in headers], frame, np.arange(1, len(frame) + 1), "sav")
