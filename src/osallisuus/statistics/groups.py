"""Grouping, in one place: every statistic is computed for each organization (unit ""),
and for each unit, of ``by = ("organization", "unit")`` (or any other grouping columns)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pandas as pd

from .disclosure import published_rows

BY = ("organization", "unit")


def levels(by: Sequence[str]) -> list[list[str]]:
    """The grouping levels, coarsest first: ``[by[0]], [by[0], by[1]], ...``."""
    return [list(by[: i + 1]) for i in range(len(by))]


def keyed(keys: Sequence[str], by: Sequence[str], values: object) -> dict:
    """A row's key columns: the group's values, and "" for the finer columns (a total row).

    >>> keyed(["organization"], ("organization", "unit"), "A")
    {'organization': 'A', 'unit': ''}
    """
    values = values if isinstance(values, tuple) else (values,)
    key = dict(zip(keys, values))
    return {c: key.get(c, "") for c in by}


def group_levels(frame: pd.DataFrame, by: Sequence[str], extra: Sequence[str] = ("round",),
                 min_n: int | None = None) -> Iterator[tuple[dict, pd.DataFrame]]:
    """Yield (keys, rows) for every level of ``by``: first by[0] alone, then by[0:2] ...

    Keys of the coarser levels are "" for the finer columns (a parent total row). With
    ``min_n``, the coarser levels are computed from published parts only
    (:func:`~osallisuus.statistics.disclosure.published_rows`), so a total minus its shown
    parts reveals nothing.
    """
    coarse = published_rows(frame, by, min_n) if min_n is not None and len(by) > 1 else frame
    for level in levels(by):
        keys = level + list(extra)
        source = frame if len(level) == len(by) else coarse
        for values, rows in source.groupby(keys, observed=True, sort=True):
            values = values if isinstance(values, tuple) else (values,)
            yield {**keyed(level, by, values[: len(level)]), **dict(zip(extra, values[len(level):]))}, rows


