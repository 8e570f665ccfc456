"""Grouping and the answers a statistic covers, in one place: every statistic is computed for
each organization (unit ""), and for each unit, of ``by = ("organization", "unit")`` (or any
other grouping columns), over :func:`answers`: one answer per respondent, unit and round."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import numpy as np
import pandas as pd

from ..schema import ESIS_ITEMS, YEARLY_ROUNDS, round_rank, round_slot
from .disclosure import group_codes, published_rows

BY = ("organization", "unit")
#: The grouping of a whole publication (the export, the dashboard, and the reports' shared audit):
#: one region above the organizations. ``region`` is a constant column (:func:`with_region`), so
#: a region row has ``organization == unit == ""``, an organization row ``unit == ""``.
REGION_BY = ("region", *BY)
#: The columns the result tables (:mod:`osallisuus.statistics.tables`) and the audit read with
#: their default settings, beside the grouping columns: the rest of a large store is left out of
#: their many row selections. Here, with the groups, so that a publication's columns are known
#: before the tables' modules (and scipy) are imported.
TABLE_COLUMNS = ("respondent", "round", "date", "months", "esis_score", *ESIS_ITEMS, "eurohis_score", "eurohis_good_qol",
                 "lonely")
#: Names of the levels of :data:`REGION_BY` rows, coarsest first.
LEVELS = ("region", "organization", "unit")
_ONCE = "osallisuus_one_per_round"
T = TypeVar("T")


def check_table(frame: pd.DataFrame, by: Sequence[str] = BY, scores: Sequence[str] = ("esis_score",)) -> None:
    """Stop with a plain message when ``by`` names a column ``frame`` lacks, or the table has not
    been scored (``scores`` missing), instead of a bare ``KeyError`` deep inside a statistic.

    >>> check_table(pd.DataFrame({"organization": [], "unit": [], "esis_score": []}), by=["unti"])
    Traceback (most recent call last):
    ValueError: by: no column 'unti' in the table (did you mean 'unit'?); columns: organization, unit, esis_score
    >>> check_table(pd.DataFrame({"organization": [], "unit": []}))
    Traceback (most recent call last):
    ValueError: the table has no column 'esis_score': it is not scored. Use osa.load(DIR) (scored by ingest) or osa.score(frame).
    """
    import difflib

    if isinstance(by, str):
        raise ValueError(f"by must be a list of column names, e.g. by=[{by!r}], not a string")
    for column in by:
        if column not in frame.columns:
            close = difflib.get_close_matches(column, [str(c) for c in frame.columns], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"by: no column {column!r} in the table{hint}; columns: {', '.join(map(str, frame.columns))}")
    missing = [c for c in scores if c not in frame.columns]
    if missing:
        raise ValueError(f"the table has no column {missing[0]!r}: it is not scored. "
                         "Use osa.load(DIR) (scored by ingest) or osa.score(frame).")


def answers(frame: pd.DataFrame) -> pd.DataFrame:
    """The answers every statistic covers: one per respondent, unit and round (a yearly round:
    and year), the latest (by date, then the order stored), as ingest keeps a repeated answer;
    each anonymous answer counts. Row labels are kept, so a statistic's answers can be traced to the store.

    >>> t = pd.DataFrame({"organization": "A", "unit": "x", "round": "alku", "respondent": ["r1", "r1", None, None],
    ...                   "date": pd.to_datetime(["2025-01-02", "2025-01-01", None, None])})
    >>> answers(t).index.tolist()
    [0, 2, 3]
    """
    if frame.attrs.get(_ONCE) or frame.empty or "respondent" not in frame:
        return frame
    keys = [c for c in ("organization", "unit", "respondent") if c in frame] + (["_slot"] if "round" in frame else [])
    position = pd.Series(range(len(frame)))
    coded = frame["respondent"].notna().to_numpy()
    # the answers that share their keys with another (a store has few or none): only those are sorted
    repeated = np.zeros(len(frame), dtype=bool)
    repeated[coded] = _same_keys(frame.loc[coded], keys)
    slotted = frame.loc[repeated]
    slotted = slotted.assign(_slot=round_slot(slotted)) if "round" in frame else slotted
    order = slotted[keys + ["date"] if "date" in frame else keys].set_axis(position.to_numpy()[repeated])
    if "date" in order:
        order = order.sort_values("date", kind="stable", na_position="first")
    keep = pd.Series(True, index=position)
    keep[order.index] = ~order.duplicated(keys, keep="last")
    out = frame.loc[keep.to_numpy()]
    out.attrs[_ONCE] = True
    return out


def _same_keys(rows: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Which of ``rows`` share their ``keys`` (``_slot``: :func:`~osallisuus.schema.round_slot`)
    with another row: ``rows.assign(_slot=round_slot(rows)).duplicated(keys, keep=False)``,
    from small integer codes (a category's own codes) rather than the slots' texts.

    >>> t = pd.DataFrame({"unit": ["x", "x", "y", "x"], "respondent": ["a", "a", "a", "b"],
    ...                   "round": pd.Categorical(["alku", "alku", "alku", "alku"])})
    >>> _same_keys(t, ["unit", "respondent", "_slot"]).tolist()
    [True, True, False, False]
    """
    codes = []
    for key in keys:
        if key == "_slot":
            column = rows["round"]
            if not isinstance(column.dtype, pd.CategoricalDtype) or column.isin(YEARLY_ROUNDS).any():
                column = round_slot(rows)  # a yearly round's slot has its year
        else:
            column = rows[key]
        codes.append(column.cat.codes.to_numpy() if isinstance(column.dtype, pd.CategoricalDtype)
                     else pd.factorize(column)[0])  # -1: missing, as duplicated() groups them
    sizes = [int(c.max()) + 2 if len(c) else 1 for c in codes]
    if float(np.prod(sizes, dtype=float)) >= 2**62:
        return pd.DataFrame(dict(enumerate(codes))).duplicated(keep=False).to_numpy()
    combined = np.zeros(len(rows), dtype=np.int64)
    for c, size in zip(codes, sizes):
        combined = combined * size + (c.astype(np.int64) + 1)
    return pd.Series(combined).duplicated(keep=False).to_numpy()


#: What :func:`once` made of each frame, by the frame's id, while the frame lives.
_MADE: dict[int, tuple[weakref.ref, dict]] = {}


def once(frame: pd.DataFrame, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, made once per ``frame`` object and ``key`` and kept while the frame lives: the
    tables and the audit of one publication read the same pairs and occasions of the same frame
    (the result is shared: do not change it)."""
    name = id(frame)
    entry = _MADE.get(name)
    if entry is None or entry[0]() is not frame:
        entry = (weakref.ref(frame, lambda _: _MADE.pop(name, None)), {})
        _MADE[name] = entry
    if key not in entry[1]:
        entry[1][key] = make()
    return entry[1][key]


def shown_rows(frame: pd.DataFrame, by: Sequence[str], min_n: int) -> pd.DataFrame:
    """``published_rows(frame, by, min_n)``, found once per ``frame`` object (:func:`once`): a
    publication's theme, pace and follow-up tables count the same rows (do not change them)."""
    return once(frame, ("published_rows", tuple(by), min_n), lambda: published_rows(frame, by, min_n))


def forget(frame: pd.DataFrame, what: str | None = None) -> None:
    """Drop what :func:`once` made of ``frame`` (its memory), when nothing reads it again; with
    ``what``, only what it made under keys that begin with ``what``."""
    if what is None:
        _MADE.pop(id(frame), None)
        return
    entry = _MADE.get(id(frame))
    if entry is not None and entry[0]() is frame:
        for key in [k for k in entry[1] if isinstance(k, tuple) and k[:1] == (what,)]:
            del entry[1][key]


def people_of(rows: pd.DataFrame, keys: Sequence[str]) -> list[pd.Series]:
    """The grouping of ``rows`` by ``keys`` and respondent, the respondent by its category code
    where it is a category (:func:`keys_as_categories`): the same groups, but pandas does not
    recode a large store's many respondent categories on every grouping. Rows without a code
    are left out of the groups either way (code -1 is dropped as a missing key)."""
    who = rows["respondent"]
    codes = who.cat.codes.where(who.cat.codes >= 0) if isinstance(who.dtype, pd.CategoricalDtype) else who
    return [rows[k] for k in keys] + [codes]


def keys_as_categories(frame: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """``frame`` with its grouping columns and respondent codes as categories (in sorted order, so
    groups come in the order of the text): grouping and selecting rows of a large table then works
    on small integer codes instead of strings. Attributes (:func:`answers`' mark) are kept.

    >>> t = keys_as_categories(pd.DataFrame({"unit": ["y", "x"], "respondent": ["r1", None]}), ["unit"])
    >>> t["unit"].cat.categories.tolist(), t["respondent"].isna().tolist()
    (['x', 'y'], [False, True])
    """
    out = frame.astype({c: "category" for c in [*by, "respondent"] if c in frame})
    out.attrs.update(frame.attrs)
    return out


def as_text(column: pd.Series) -> pd.Series:
    """``column.astype(str)``, each category made text once where ``column`` is a category
    (:func:`keys_as_categories`; a store's rounds): not a string for every row.

    >>> c = pd.Series(pd.Categorical(["alku", None, "väli"], categories=["alku", "väli", "x"]))
    >>> as_text(c).equals(c.astype(str))
    True
    """
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column.astype(str)
    texts = pd.array(column.cat.categories.astype(str))
    return pd.Series(texts.take(column.cat.codes.to_numpy(), allow_fill=True), index=column.index, name=column.name)


def with_region(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the constant ``region`` column of :data:`REGION_BY` (rows are kept as they are)."""
    out = frame.assign(region="")
    out.attrs.update(frame.attrs)
    return out


def level_of(table: pd.DataFrame) -> pd.Series:
    """Each row's level (:data:`LEVELS`) from its key columns: empty organization and unit is the
    region, an empty unit an organization.

    >>> level_of(pd.DataFrame({"organization": ["", "A", "A"], "unit": ["", "", "x"]})).tolist()
    ['region', 'organization', 'unit']
    """
    org, unit = table["organization"].astype(str) == "", table["unit"].astype(str) == ""
    return pd.Series(np.where(org, LEVELS[0], np.where(unit, LEVELS[1], LEVELS[2])), index=table.index)


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
                 min_n: int | None = None, shown: pd.DataFrame | None = None,
                 columns: Sequence[str] | None = None) -> Iterator[tuple[dict, pd.DataFrame]]:
    """Yield (keys, rows) for every level of ``by``: first by[0] alone, then by[0:2] ...

    Keys of the coarser levels are "" for the finer columns (a parent total row). With
    ``min_n``, the coarser levels are computed from published parts only
    (:func:`~osallisuus.statistics.disclosure.published_rows`), so a total minus its shown
    parts reveals nothing; ``shown`` is ``published_rows(frame, by, min_n)`` when the caller has it.
    With ``columns``, the rows have only those columns beside the keys (fewer copied per group).
    """
    if min_n is None or len(by) < 2:
        coarse = frame
    else:
        coarse = published_rows(frame, by, min_n) if shown is None else shown
    if columns is not None:
        keep = list(dict.fromkeys([*by, *extra, *columns]))
        subset = frame[keep]
        frame, coarse = subset, subset if coarse is frame else coarse[keep]
    for level in levels(by):
        keys = level + list(extra)
        source = frame if len(level) == len(by) else coarse
        for values, rows in source.groupby(keys, observed=True, sort=True):
            values = values if isinstance(values, tuple) else (values,)
            yield {**keyed(level, by, values[: len(level)]), **dict(zip(extra, values[len(level):]))}, rows


def level_sources(frame: pd.DataFrame, by: Sequence[str], min_n: int | None = None, shown: pd.DataFrame | None = None,
                  ) -> Iterator[tuple[list[str], pd.DataFrame]]:
    """(level, rows) for every level of ``by``, coarsest first: the rows :func:`group_levels`
    groups by the level (``frame`` itself, or the published rows ``shown``; no copies), for
    grouped passes over a whole level rather than a loop over its groups."""
    if min_n is None or len(by) < 2:
        coarse = frame
    else:
        coarse = published_rows(frame, by, min_n) if shown is None else shown
    for level in levels(by):
        yield level, frame if len(level) == len(by) else coarse


def group_arrays(frame: pd.DataFrame, by: Sequence[str], min_n: int | None = None, shown: pd.DataFrame | None = None,
                 columns: Sequence[str] = (), extra: Sequence[str] = ("round",)) -> Iterator[tuple[dict, dict[str, np.ndarray]]]:
    """What :func:`group_levels` yields, in its order, with each group's ``columns`` as float
    arrays (NaN where missing) of its rows in their order: one sort per level, the arrays views
    of it, instead of a frame copied per group."""
    for level, source in level_sources(frame, by, min_n, shown):
        keys = [*level, *extra]
        codes = group_codes(source, keys)
        count = int(codes.max()) + 1 if len(codes) else 0
        order = _stable_order(codes)
        bounds = np.searchsorted(codes[order], np.arange(count + 1))  # code -1 (a missing key) before 0
        groups = source[keys].iloc[order[bounds[:-1]]].to_numpy(dtype=object)  # each group's keys, from its first row
        arrays = {c: source[c].to_numpy(float, na_value=np.nan)[order] for c in columns}
        for g, values in enumerate(groups):
            values = tuple(values)
            at = slice(bounds[g], bounds[g + 1])
            yield ({**keyed(level, by, values[: len(level)]), **dict(zip(extra, values[len(level):]))},
                   {c: a[at] for c, a in arrays.items()})


def _stable_order(codes: np.ndarray) -> np.ndarray:
    """``np.argsort(codes, kind="stable")``; small group numbers as int16, which numpy sorts by
    radix (the same order)."""
    if len(codes) and codes.min() >= -2**15 and codes.max() < 2**15:
        codes = codes.astype(np.int16)
    return np.argsort(codes, kind="stable")


def slices(frame: pd.DataFrame, keys: list[str]) -> Iterator[tuple[tuple, np.ndarray]]:
    """(key values, row positions) of every group of ``frame`` by ``keys``: one sort, no copies."""
    codes = group_codes(frame, keys)
    if not len(codes):
        return
    order = _stable_order(codes)
    bounds = np.searchsorted(codes[order], np.arange(codes.max() + 2))
    values = frame[keys].iloc[order[bounds[:-1]]].to_numpy(dtype=object)  # each group's first row's keys
    for g in range(len(bounds) - 1):
        yield tuple(values[g]), order[bounds[g]:bounds[g + 1]]


#: The frames whose groups :func:`complete` keeps (:func:`completing`), by id.
_COMPLETING: set[int] = set()


@contextmanager
def completing(frame: pd.DataFrame) -> Iterator[None]:
    """Within: :func:`complete` finds the groups of ``frame`` at each level once, for every table
    it completes (:func:`~osallisuus.statistics.tables.result_tables`); after, they are forgotten
    (the frame may change)."""
    _COMPLETING.add(id(frame))
    try:
        yield
    finally:
        _COMPLETING.discard(id(frame))
        forget(frame, "distinct")


def _distinct_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame.drop_duplicates()`` (each distinct row's first, in order), from the group numbers of
    :func:`~osallisuus.statistics.disclosure.group_codes` where every column is a category without
    missing values (a store's keys and rounds): not every row's values hashed.

    >>> t = pd.DataFrame({"unit": pd.Categorical(["y", "x", "y"]), "round": pd.Categorical(["alku"] * 3)})
    >>> _distinct_rows(t).equals(t.drop_duplicates())
    True
    """
    if len(frame.columns) and all(isinstance(frame[c].dtype, pd.CategoricalDtype) for c in frame):
        codes = group_codes(frame, list(frame.columns))
        if (codes >= 0).all():
            return frame.iloc[np.flatnonzero(~pd.Series(codes).duplicated().to_numpy())]
    return frame.drop_duplicates()


def complete(table: pd.DataFrame, frame: pd.DataFrame, by: Sequence[str], extra: dict[str, list] | None = None,
             within: Sequence[str] = ()) -> pd.DataFrame:
    """``table`` with a row for every group of ``frame`` at every level of ``by``, for each value
    of the ``within`` columns the group has in ``frame`` (e.g. its rounds) and every combination
    of the ``extra`` columns' values; a row added here has no count, so
    :func:`~osallisuus.statistics.disclosure.suppress` hides it: a unit's own row as too small,
    a total as hidden to protect another group (its parts exist but none is published).

    >>> t = pd.DataFrame({"organization": ["A"], "unit": ["x"], "n": [7]})
    >>> f = pd.DataFrame({"organization": ["A", "A"], "unit": ["x", "y"]})
    >>> complete(t, f, ("organization", "unit"))[["unit", "n", "suppressed_reason"]].astype(object).fillna("").values.tolist()
    [['', '', 'protects_another_group'], ['x', 7.0, ''], ['y', '', 'fewer_than_min_n']]
    """
    from .disclosure import OWN_SIZE, PROTECTS_OTHER

    within = list(within)
    keys = []
    for level in levels(by):
        columns = level + within
        if id(frame) in _COMPLETING:  # the tables of one publication complete the same frame: its groups found once
            distinct = once(frame, ("distinct", *columns), lambda columns=columns: _distinct_rows(frame[columns]))
        else:
            distinct = _distinct_rows(frame[columns])
        for values in distinct.itertuples(index=False):
            keys.append({**keyed(level, by, tuple(values)[: len(level)]), **dict(zip(within, tuple(values)[len(level):]))})
    grid = pd.DataFrame(keys, columns=[*by, *within]).drop_duplicates()
    for column, values in (extra or {}).items():
        grid = grid.merge(pd.DataFrame({column: values}), how="cross")
    on = [*by, *within, *(extra or {})]
    table = table.copy()
    for column in on:  # one type for the keys (rounds may be categories)
        table[column] = table[column].astype(str)
        grid[column] = grid[column].astype(str)
    out = grid.merge(table, on=on, how="left", indicator=True)
    added = (out.pop("_merge") == "left_only").to_numpy()
    given = out["suppressed_reason"] if "suppressed_reason" in out else pd.Series("", index=out.index)
    total = (out[by[-1]] == "").to_numpy()
    out["suppressed_reason"] = np.where(added, np.where(total, PROTECTS_OTHER, OWN_SIZE), given.fillna(""))
    order = [*by] + (["_order"] if "round" in out else [])
    out["_order"] = round_rank(out["round"]) if "round" in out else 0
    return out.sort_values(order, kind="stable").drop(columns="_order").reset_index(drop=True)
