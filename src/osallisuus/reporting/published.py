"""The published tables of one batch, made once: every report of the same data, period and
settings (and the export) shows the numbers of one audit
(:func:`osallisuus.statistics.tables.published_tables`). The first report of a batch computes
them for the whole store and keeps them in ``processed/published/`` (the newest few batches);
the others read them."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..intake.store import Store
from ..statistics.disclosure import published_rows
from ..statistics.follow_up import unit_paces
from ..statistics.groups import BY, REGION_BY, TABLE_COLUMNS, answers, with_region
from .params import Job

if TYPE_CHECKING:  # the audit's and the tables' modules (scipy's statistics) load when tables are made
    from ..statistics.audit import Decision, Levels

#: The store columns a publication reads (``osallisuus export``, ``dashboard``, ``audit``): those of
#: the tables and their audit (:data:`~osallisuus.statistics.tables.TABLE_COLUMNS`), each unit's
#: service (the ``groups`` dimension) and the open answers with what identifies them (the themes).
PUBLICATION_COLUMNS = (*BY, *TABLE_COLUMNS, "service", "language", "open_effect", "source_file", "source_row")
CACHE = "published"
KEEP = 16  # cached tables kept (the newest): a batch's audited tables and its pace


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


def prepare(jobs: list[Job]) -> None:
    """Make the tables that the reports of ``jobs`` share, once per batch, before their kernels
    start (``osallisuus report`` calls this): each batch's audited tables, and its pace for unit
    reports (their batches first: the regional summary of the same answers reads them too).
    Each batch is selected once, and tables already made are not read here."""
    from ..statistics.audit import Levels
    from .selection import in_period, report_batch, scope

    frames: dict[tuple, pd.DataFrame] = {}
    done: set[tuple] = set()
    for job in sorted(jobs, key=lambda j: j.notebook.stem != "unit_report"):
        values, unit_report = job.parameters, job.notebook.stem == "unit_report"
        read = (values["data_dir"], values["max_missing"])
        settings = (values["period_start"], values["period_end"], tuple(values["rounds"]) if unit_report else None,
                    values["min_n"], values["protect_score"], values["protect_answer"])
        if (*read, *settings) in done:  # the same batch and settings as a report before
            continue
        done.add((*read, *settings))
        store = Store(values["data_dir"])
        if read not in frames:
            frames[read] = store.read_responses(max_missing=values["max_missing"])
        batch = answers(report_batch(frames[read], values) if unit_report else in_period(frames[read], values))
        if batch.empty:
            continue
        where = scope(batch, values)
        _region_tables(store, batch, values["min_n"], Levels(values["protect_score"], values["protect_answer"]),
                       where, load=False)
        if unit_report:
            batch_paces(store, batch, values["min_n"], where, load=False)


def _without_region(table: pd.DataFrame) -> pd.DataFrame:
    """The organization and unit rows (row labels kept: the audit's decisions name them)."""
    return table.loc[table["organization"].astype(str) != ""].drop(columns="region")


def _region_tables(store: Store, frame: pd.DataFrame, min_n: int, levels: Levels,
                   scope: dict, load: bool = True) -> tuple[dict[str, pd.DataFrame], list[Decision]]:
    from ..statistics.tables import EXPORT_TABLES, published_tables

    key = {"min_n": min_n, "levels": [levels.score, levels.answer], "scope": scope, "by": REGION_BY}
    return _cached(store, key, lambda: published_tables(with_region(frame), by=REGION_BY, min_n=min_n,
                                                        names=EXPORT_TABLES, levels=levels), load)


def batch_paces(store: Store, frame: pd.DataFrame, min_n: int, scope: dict,
                load: bool = True) -> dict[tuple, pd.DataFrame]:
    """Every unit's answers per month and round of ``frame`` (a batch, as for :func:`batch_tables`)
    as published (:func:`~osallisuus.statistics.follow_up.unit_paces`: months ``YYYY-MM``), by
    (organization, unit): made once per batch; a report reads its units' months."""
    def make() -> dict[tuple, pd.DataFrame]:
        paces = unit_paces(published_rows(frame, BY, min_n), BY, min_n)
        return {key: published for key, (_, published) in paces.items()}

    return _cached(store, {"min_n": min_n, "scope": scope, "table": "pace"}, make, load)


def _cached(store: Store, key: dict, make: Callable[[], Any], load: bool = True) -> Any:
    """``make()``, kept in the store's cache under ``key`` (with the data version and the code's).
    ``load=False``: only make it when it is not there (returns None when it is)."""
    text = json.dumps({**key, "data": store.version(), "code": _code_version()}, sort_keys=True, default=str)
    path = store.processed / CACHE / f"{hashlib.sha256(text.encode()).hexdigest()[:16]}.pickle"
    if path.exists() and not load:
        return None
    if path.exists():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError):
            pass  # a broken cache file is made again
    result = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        pickle.dump(result, out)
    os.replace(temporary, path)  # two reports writing at once leave one whole file
    for old in sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        old.unlink(missing_ok=True)  # earlier data versions and settings
    return result


@functools.cache
def _code_version() -> str:
    """The installed package version and every source and rule file of the package (``*.py``,
    ``*.yaml``): any changed rule — of the audit, a statistic, the scoring, a table — is a new key."""
    try:
        installed = version("osallisuus")
    except PackageNotFoundError:
        installed = "?"
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.yaml")]):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{installed}-{digest.hexdigest()[:12]}"
