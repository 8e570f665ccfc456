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

Disclosure: a group with ``n_coded < min_n`` shows nothing; every ``count`` (and its share)
under ``min_n`` is hidden, and the ``all`` count of a theme is hidden too when its hidden
effect cells add up to 1 ... ``min_n - 1`` (it would reveal them by subtraction). In the
effect distribution (``theme == ""``), whose ``all`` count is ``n_coded`` itself, the smallest
shown effect count is hidden instead. Confirmed coding is used where it exists.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..statistics.disclosure import DEFAULT_MIN_N, suppress
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
    >>> [(r.theme, r.n_coded, r.count) for r in t[t["effect"] == "all"].itertuples()]
    [('', 6.0, 6.0), ('community', 6.0, 5.0), ('support', 6.0, nan)]
    """
    by = list(by)
    data = frame.loc[coding.index, by].astype(str).assign(
        effect=coding["effect"].to_numpy(), auto=(coding["source"] != "confirmed").to_numpy(),
        themes=coding["themes"].fillna("").str.split(";").to_numpy())
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
    columns = [*by, "theme", "effect", "n_coded", "n_auto", "count", "share"]
    table = pd.DataFrame(rows, columns=columns)
    if table.empty:
        return table.assign(suppressed=pd.Series(dtype=bool), low_precision=pd.Series(dtype=bool))
    # cells: a theme's count per effect group, the "" (all) row being the parent
    cells = suppress(table, "count", ["share"], parent=[*by, "theme"], child="effect", min_n=min_n)
    _hide_smallest_sibling(table, cells, by, min_n)
    # groups: everything of a group under min_n coded answers
    groups = suppress(table, "n_coded", [], parent=by[:1], child="__none__", min_n=min_n)
    hidden = groups["suppressed"].to_numpy()
    out = cells.assign(n_coded=groups["n_coded"].to_numpy())
    out.loc[hidden, ["n_auto", "count", "share"]] = np.nan
    out["suppressed"] = hidden | cells["suppressed"].to_numpy()
    out["low_precision"] = groups["low_precision"].to_numpy()
    out["effect"] = out["effect"].replace("", ALL)
    return out.reset_index(drop=True)


def _hide_smallest_sibling(table: pd.DataFrame, cells: pd.DataFrame, by: list[str], min_n: int) -> None:
    """In the effect distribution, hide the smallest shown effect count where n_coded minus the
    shown ones would reveal hidden counts of 1 ... min_n - 1."""
    dist = table.index[(table["theme"] == "") & (table["effect"] != "")]
    for _, part in table.loc[dist].groupby(by, observed=True):
        idx = part.index
        hidden = cells.loc[idx, "count"].isna()
        total = table.loc[idx, "count"][hidden].sum()
        if 0 < total < min_n and (~hidden).any():
            smallest = table.loc[idx, "count"][~hidden].idxmin()
            cells.loc[smallest, ["count", "share"]] = np.nan
            cells.loc[smallest, "suppressed"] = True


def theme_examples(coding: pd.DataFrame, theme: str, k: int = 3, seed: int = 13) -> list[str]:
    """Up to ``k`` masked example answers coded with ``theme`` (for ``show_open_answers: true``).

    Confirmed answers are preferred; the choice is reproducible (``seed``). The texts are the
    masked ones of :func:`osallisuus.themes.confirm.open_answers`.

    >>> c = pd.DataFrame({"themes": ["support", "support;community", "community"],
    ...                   "text": ["Ohjaaja [nimi] auttoi.", "Apua sain.", "Porukka."], "source": ["rules"] * 3})
    >>> theme_examples(c, "support", k=1)
    ['Apua sain.']
    """
    hits = coding[coding["themes"].fillna("").str.split(";").map(lambda ks: theme in ks)]
    order = hits.assign(_c=hits["source"] != "confirmed").sample(frac=1, random_state=seed)
    return order.sort_values("_c", kind="stable")["text"].head(k).tolist()
