"""The canonical long format: one row per answered questionnaire (README, "Canonical format")."""

from __future__ import annotations

ESIS_ITEMS: tuple[str, ...] = tuple(f"esis_{i:02d}" for i in range(1, 11))
EUROHIS_ITEMS: tuple[str, ...] = tuple(f"eurohis_{i:02d}" for i in range(1, 9))
LONELINESS = "loneliness"
ITEM_COLUMNS: tuple[str, ...] = ESIS_ITEMS + (LONELINESS,) + EUROHIS_ITEMS

ROUNDS: tuple[str, ...] = ("alku", "väli", "loppu")
ID_COLUMNS: tuple[str, ...] = ("respondent", "organization", "unit", "round", "date", "language")
BACKGROUND_COLUMNS: tuple[str, ...] = ("age_group", "gender", "service", "open_effect")
CANONICAL_COLUMNS: tuple[str, ...] = ID_COLUMNS + ITEM_COLUMNS + BACKGROUND_COLUMNS

#: Columns a file must have; without them it cannot be used at all.
REQUIRED_COLUMNS: tuple[str, ...] = ("organization", "unit", "round") + ESIS_ITEMS

#: Columns whose values come from codebook value lists (background/<lang>.yaml).
CODED_COLUMNS: tuple[str, ...] = ("round", "gender", "age_group", "language")
#: Free-text columns: trimmed and whitespace-collapsed, never mapped.
TEXT_COLUMNS: tuple[str, ...] = ("organization", "unit", "service", "open_effect")

#: Provenance columns added by ingest.
SOURCE_COLUMNS: tuple[str, ...] = ("source_file", "source_row")
#: Evidence of identity an export carries (its own response id, the time of answering), stored
#: as a salted hash: two rows are one answer only when this or the respondent code says so.
RESPONSE_ID = "response_id"
#: The workbook sheet a row came from ("" for CSV and SPSS files): rows are numbered per sheet.
SOURCE_SHEET = "source_sheet"
