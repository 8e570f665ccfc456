"""The tidy theme table for reports and ``export``, and masked example answers per theme.

:func:`theme_table` columns, one row per group × theme × effect group:

* the ``by`` columns (default ``organization``, ``unit``);
* ``theme``: theme key, or ``""`` for the effect distribution of all answers of the group;
* ``effect``: ``all`` or one of positive / none / negative / unclear;
* ``n_coded``: answers with an open answer in the group (all coded, also those with no theme);
* ``n_auto``: of those, coded automatically by the rules (the rest were confirmed by staff);
* ``count``: answers in the effect group coded with the theme (``theme == ""``: all answers
  in the effect group);
* ``share``: ``count / n_coded`` (so the effect groups' shares add up to the ``all`` share);
* ``suppressed``, ``low_precision``: as in :func:`osallisuus.statistics.disclosure.suppress`.

Disclosure follows :mod:`osallisuus.statistics.disclosure`: a group with ``n_coded < min_n``
shows nothing; a theme's ``all`` count under ``min_n`` is hidden; the effect groups are a
breakdown of that count (and of ``n_coded`` for ``theme == ""``), so a small one is hidden
together with the next smallest (``suppressed_reason`` says which). Rows of coarser levels
(``unit == ""``: the organization) are sums of the shown rows below them. Confirmed coding is
used where it exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..statistics.disclosure import (
    DEFAULT_MIN_N,
    LOW_PRECISION_N,
    PROTECTS_OTHER,
    hidden_reason,
    protect_groups,
)
from ..statistics.groups import shown_rows
from .codebook import EFFECTS

ALL = "all"


def theme_table(frame: pd.DataFrame, coding: pd.DataFrame, by: Sequence[str] = ("organization", "unit"),
                min_n: int = DEFAULT_MIN_N, keys: Sequence[str] | None = None) -> pd.DataFrame:
    """Counts and shares of each theme per group and effect group, suppressed (see module doc).

    ``coding`` is :func:`osallisuus.themes.confirm.effective_coding` of ``frame`` (index = the
    rows of ``frame`` with an open answer; columns ``themes``, ``effect``, ``source``).
    ``keys``: the themes to list (e.g. ``Coder().keys`` for all; default: those that occur).
    ``by=("organization",)`` gives the regional view per organization.

    >>> frame = pd.DataFrame({"organization": ["A"] * 6, "unit": ["x"] * 6})
    >>> coding = pd.DataFrame({"themes": ["community"] * 5 + ["support"],
    ...                        "effect": ["positive"] * 6, "source": ["rules"] * 6})
    >>> t = theme_table(frame, coding, keys=["community", "support"])
    >>> [(r.theme, r.n_coded, r.count) for r in t[(t["effect"] == "all") & (t["unit"] == "x")].itertuples()]
    [('', 6.0, 6.0), ('community', 6.0, 5.0), ('support', 6.0, nan)]
    """
    by = list(by)
    columns = [*by, "theme", "effect", "n_coded", "n_auto", "count", "share"]
    if coding.empty:
        return pd.DataFrame(columns=[*columns, "suppressed_reason", "suppressed", "low_precision"])
    themes = coding["themes"].fillna("").astype(str)
    if keys is None:
        keys = sorted({k for ks in themes.str.split(";") for k in ks if k})
    table = _counts(frame.loc[coding.index, by].astype(str), coding.assign(themes=themes), list(keys), columns)
    if table.empty:
        return table.assign(suppressed_reason="", suppressed=pd.Series(dtype=bool), low_precision=pd.Series(dtype=bool))
    finest = _disclose(table, by, min_n)
    totals = [_sum_of_shown(finest, by, level) for level in range(1, len(by))]
    out = pd.concat([*totals, finest], ignore_index=True).sort_values(by, kind="stable")
    out["effect"] = out["effect"].replace("", ALL)
    return out.reset_index(drop=True)


def _counts(groups: pd.DataFrame, coding: pd.DataFrame, keys: list[str], columns: list[str]) -> pd.DataFrame:
    """:func:`theme_table`'s rows before disclosure: per group of ``groups`` (its columns, sorted;
    answers without a group name left out), each theme ("" = every answer) with each effect group
    ("" = all, then :data:`EFFECTS`), in that order."""
    by = list(groups.columns)
    grouped = groups.groupby(by, sort=True, observed=True)
    group = grouped.ngroup()
    named = group.notna().to_numpy()
    if not named.any():
        return pd.DataFrame([], columns=columns)
    coding, group = coding[named], group[named].to_numpy(int)
    names = grouped.size().index.to_frame(index=False)
    has = np.column_stack([np.ones(len(coding), bool), coding["themes"].str.get_dummies(sep=";").reindex(
        columns=keys, fill_value=0).to_numpy(bool)])
    effect = coding["effect"].to_numpy()
    in_effect = np.column_stack([np.ones(len(coding), bool), *(effect == e for e in EFFECTS)])
    both = (has[:, :, None] & in_effect[:, None, :]).reshape(len(coding), -1)
    counts = np.column_stack([np.bincount(group, both[:, j], len(names)) for j in range(both.shape[1])])
    n_coded = np.bincount(group, minlength=len(names))
    n_auto = np.bincount(group, (coding["source"] != "confirmed").to_numpy(), len(names)).astype(int)
    row_group = np.repeat(np.arange(len(names)), both.shape[1])
    count = counts.ravel().astype(int)
    return pd.DataFrame({
        **{c: names[c].to_numpy(object)[row_group] for c in by},
        "theme": np.tile(np.repeat(np.array(["", *keys], dtype=object), 1 + len(EFFECTS)), len(names)),
        "effect": np.tile(np.array(["", *EFFECTS], dtype=object), len(names) * (1 + len(keys))),
        "n_coded": n_coded[row_group], "n_auto": n_auto[row_group], "count": count,
        "share": count / n_coded[row_group],
    }, columns=columns)


def _disclose(table: pd.DataFrame, by: list[str], min_n: int) -> pd.DataFrame:
    """The disclosure model (:mod:`osallisuus.statistics.disclosure`) on one group level: a
    group under ``min_n`` coded answers shows nothing; a theme's total is hidden under
    ``min_n``; its effect groups are a breakdown of that total (and the effect distribution one
    of ``n_coded``), so they are protected together (:func:`~osallisuus.statistics.disclosure.protect`)."""
    out = table.copy()
    totals = out["effect"] == ""
    published = out["count"].astype(float).where(~totals | (out["count"] == 0) | (out["count"] >= min_n))
    published.loc[~totals] = protect_groups(out.loc[~totals], [*by, "theme"], "count", min_n)
    group_shown = out["n_coded"] >= min_n
    published = published.where(group_shown)
    out["suppressed_reason"] = hidden_reason(out["count"], published, min_n)
    out["count"], out["share"] = published, out["share"].where(published.notna())
    out.loc[~group_shown, ["n_coded", "n_auto"]] = np.nan
    out["suppressed"] = published.isna()
    out["low_precision"] = group_shown & (out["n_coded"] < LOW_PRECISION_N)
    return out


def _sum_of_shown(finest: pd.DataFrame, by: list[str], depth: int) -> pd.DataFrame:
    """Totals of a coarser level (e.g. the organization) as sums of the shown group rows."""
    keys = by[:depth]
    shown = finest[finest["n_coded"].notna()]
    groups = shown.drop_duplicates(by).groupby(keys, observed=True)[["n_coded", "n_auto"]].sum()
    counts = shown.groupby([*keys, "theme", "effect"], observed=True)["count"].sum(min_count=1).reset_index()
    out = counts.join(groups, on=keys).assign(**{c: "" for c in by[depth:]})
    out["share"] = out["count"] / out["n_coded"]
    out["suppressed_reason"] = np.where(out["count"].isna(), PROTECTS_OTHER, "")
    out["suppressed"] = out["count"].isna()
    out["low_precision"] = out["n_coded"] < LOW_PRECISION_N
    return out[finest.columns]


def theme_examples(coding: pd.DataFrame, theme: str, k: int = 3, seed: int = 13) -> list[str]:
    """Up to ``k`` masked example answers coded with ``theme`` (for ``show_open_answers: true``),
    only of those staff marked publishable (``publish``); the choice is reproducible (``seed``).
    The texts are the masked ones of :func:`osallisuus.themes.confirm.open_answers`.

    >>> c = pd.DataFrame({"themes": ["support", "support;community", "support"], "publish": [True, True, False],
    ...                   "text": ["Ohjaaja [nimi] auttoi.", "Apua sain.", "Sain apua."]})
    >>> sorted(theme_examples(c, "support"))
    ['Apua sain.', 'Ohjaaja [nimi] auttoi.']
    """
    hits = coding[coding["publish"] & coding["themes"].fillna("").str.split(";").map(lambda ks: theme in ks)]
    return hits.sample(frac=1, random_state=seed)["text"].head(k).tolist()


def themes_of(frame: pd.DataFrame, data_dir: str | Path, by: Sequence[str] = ("organization", "unit"),
              min_n: int = DEFAULT_MIN_N, books: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The theme table of ``frame``'s published cells (:func:`~osallisuus.statistics.disclosure.published_rows`), with the
    coding staff confirmed in ``data_dir``, and that coding (for examples)."""
    from ..intake.store import Store
    from .codebook import load_codebook, theme_keys
    from .coding import Coder
    from .confirm import AUTO_FILE, effective_coding, read_stored
    from .masking import staff_names

    rows = shown_rows(frame, by, min_n)  # found once: the pace and follow-up tables count them too
    books = books if books is not None else load_codebook(data_dir)
    cache = Store(data_dir).processed / AUTO_FILE
    coding = effective_coding(rows, read_stored(data_dir), Coder(books=books), cache=cache,
                              names=staff_names(data_dir))
    return theme_table(rows, coding, by=by, min_n=min_n, keys=theme_keys(books)), coding


def code_all(frame: pd.DataFrame, data_dir: str | Path) -> None:
    """Mask and code every open answer of ``frame`` by the rules into the store's caches, so that
    the report kernels of a batch only read them (``osallisuus report`` calls this first)."""
    from ..intake.store import Store
    from .codebook import load_codebook
    from .coding import Coder
    from .confirm import AUTO_FILE, MASKED_FILE, coded_by_rules, open_answers
    from .masking import staff_names

    processed = Store(data_dir).processed
    answers = open_answers(frame, staff_names(data_dir), processed / MASKED_FILE)
    if len(answers):
        coded_by_rules(answers, Coder(books=load_codebook(data_dir)), processed / AUTO_FILE)
