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
    protect,
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
    data = frame.loc[coding.index, by].astype(str).assign(
        effect=coding["effect"].to_numpy(), auto=(coding["source"] != "confirmed").to_numpy(),
        themes=coding["themes"].fillna("").astype(str).str.split(";").to_numpy())
    if keys is None:
        keys = sorted({k for ks in data["themes"] for k in ks if k})
    rows = []
    for group, part in data.groupby(by, sort=True, observed=True):
        group = group if isinstance(group, tuple) else (group,)
        n_coded, n_auto = len(part), int(part["auto"].sum())
        effects = part["effect"].to_numpy()
        has = {k: np.array([k in ks for ks in part["themes"]]) for k in keys}
        has[""] = np.ones(n_coded, bool)
        for key in ["", *keys]:
            for effect in (ALL, *EFFECTS):
                in_effect = np.ones(n_coded, bool) if effect == ALL else effects == effect
                count = int((has[key] & in_effect).sum())
                rows.append({**dict(zip(by, group)), "theme": key, "effect": "" if effect == ALL else effect,
                             "n_coded": n_coded, "n_auto": n_auto, "count": count, "share": count / n_coded})
    table = pd.DataFrame(rows, columns=columns)
    if table.empty:
        return table.assign(suppressed_reason="", suppressed=pd.Series(dtype=bool), low_precision=pd.Series(dtype=bool))
    finest = _disclose(table, by, min_n)
    totals = [_sum_of_shown(finest, by, level) for level in range(1, len(by))]
    out = pd.concat([*totals, finest], ignore_index=True).sort_values(by, kind="stable")
    out["effect"] = out["effect"].replace("", ALL)
    return out.reset_index(drop=True)


def _disclose(table: pd.DataFrame, by: list[str], min_n: int) -> pd.DataFrame:
    """The disclosure model (:mod:`osallisuus.statistics.disclosure`) on one group level: a
    group under ``min_n`` coded answers shows nothing; a theme's total is hidden under
    ``min_n``; its effect groups are a breakdown of that total (and the effect distribution one
    of ``n_coded``), so they are protected together (:func:`protect`)."""
    out = table.copy()
    totals = out["effect"] == ""
    published = out["count"].astype(float).where(~totals | (out["count"] == 0) | (out["count"] >= min_n))
    effects = out.loc[~totals].groupby([*by, "theme"], observed=True)["count"]
    published.loc[~totals] = effects.transform(lambda counts: protect(counts, min_n))
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
