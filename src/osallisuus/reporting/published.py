"""The published tables of one batch, made once: every report of the same data, period and
settings (and the export) shows the numbers of one audit
(:func:`osallisuus.statistics.tables.published_tables`). The first report of a batch computes
them for the whole store and keeps them in ``processed/published/`` (the newest few batches);
the others read them."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from ..intake.store import Store
from ..statistics.audit import Decision, Levels
from ..statistics.groups import REGION_BY, with_region
from ..statistics.tables import EXPORT_TABLES, published_tables

CACHE = "published"
KEEP = 8  # cached batches kept (the newest)


def batch_tables(store: Store, frame: pd.DataFrame, min_n: int, levels: Levels,
                 scope: dict, region: bool = False) -> tuple[dict[str, pd.DataFrame], list[Decision]]:
    """The audited tables of ``frame`` (the store's answers in the batch's period and rounds,
    described by ``scope``), from the store's cache when this batch made them already.

    One audit covers the region, organization and unit rows together
    (:data:`~osallisuus.statistics.groups.REGION_BY`), so a region total cannot be differenced
    against what a report shows. Reports get the organization and unit rows (``region=False``,
    the tables' columns as before); the export and the dashboard every row (``region=True``)."""
    tables, decisions = _region_tables(store, frame, min_n, levels, scope)
    if region:
        return tables, decisions
    return {name: _without_region(table) for name, table in tables.items()}, decisions


def _without_region(table: pd.DataFrame) -> pd.DataFrame:
    """The organization and unit rows (row labels kept: the audit's decisions name them)."""
    return table.loc[table["organization"].astype(str) != ""].drop(columns="region")


def _region_tables(store: Store, frame: pd.DataFrame, min_n: int, levels: Levels,
                   scope: dict) -> tuple[dict[str, pd.DataFrame], list[Decision]]:
    key = json.dumps({"data": store.version(), "min_n": min_n, "levels": [levels.score, levels.answer],
                      "scope": scope, "code": _code_version(), "by": REGION_BY}, sort_keys=True, default=str)
    path = store.processed / CACHE / f"{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"
    if path.exists():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError):
            pass  # a broken cache file is made again
    result = published_tables(with_region(frame), by=REGION_BY, min_n=min_n, names=EXPORT_TABLES, levels=levels)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        pickle.dump(result, out)
    os.replace(temporary, path)  # two reports writing at once leave one whole file
    for old in sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        old.unlink(missing_ok=True)  # earlier data versions and settings
    return result


def _code_version() -> str:
    """The installed package version and the audit's own source (a changed rule is a new key)."""
    try:
        installed = version("osallisuus")
    except PackageNotFoundError:
        installed = "?"
    source = Path(__file__).resolve().parent.parent / "statistics"
    digest = hashlib.sha256()
    for name in ("audit.py", "disclosure.py", "change.py", "describe.py", "groups.py", "occasions.py"):
        digest.update((source / name).read_bytes())
    return f"{installed}-{digest.hexdigest()[:12]}"
