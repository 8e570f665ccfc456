"""The attacker's audit of everything published, run before anything is written.

Every published mean is a constraint on the answers it covers: a mean over n answers shown
to d decimals puts their sum within ±n·0.5·10⁻ᵈ; a mean difference does the same for the sum
of after-answers minus before-answers. An attacker who knows who answered which round (staff
do) combines every such constraint of a publication. Answers that enter exactly the same
published statistics (an *atom*) cannot be told apart by them, so the attacker's question is:
for every group of fewer than ``min_n`` answers the attacker can single out — a small atom, or
what one published group has beyond another that overlaps it (a round's answers beyond its
pairs) — how narrow is the interval of its sum left by all constraints together? That is two
linear programs per group (HiGHS, as τ-ARGUS and sdcTable compute protection levels), one model
per measure and organization (below), re-solved warm for each objective. A group is not solved
where points that satisfy every constraint (earlier solutions) already give its sum values as far
apart as the level: its interval holds them, so it is at least as wide (:func:`~.bounds.ranges`).

Measures: the ESIS score (0-100, steps of 2.5 when every score is a multiple of 2.5) and each
statement (1-5, whole steps). Protection levels (:class:`Levels`): the *sum* of an atom's
answers stays uncertain over at least ``score`` points (statements: ``answer`` steps). For one
person that is their own answer; for a few, it holds even against all but one of them pooling
what they know of their own answers (the coalition that sdcTable's and τ-ARGUS's rules guard
against), so no one of them can be worked out by the others. Where an atom is narrower, one of
the statistics the attacker's bounds rest on is shown more coarsely (a mean to whole points
instead of 0.1, a statement mean to 0.1 instead of 0.01; derived statistics such as pairs and
respondent types before the rounds' levels, then the one over the fewest answers), or withheld
when it is already coarse; then the audit runs again. The published precision and what
coarsening and withholding touch are defined in
:mod:`osallisuus.statistics.disclosure` (:data:`~osallisuus.statistics.disclosure.FAMILIES`).

Organizations apart. A region's release (a total over organizations) couples every
organization's answers, and it can narrow one even when each organization's own statistic is shown
at full precision, because rounded means do not add up: A's 100 answers shown as 50.0, B's 5 as
50.1 and the region's 105 as 50.1 leave A's sum 5004.5 … 5005 (region minus B) instead of
4995 … 5005 (the bound "R − ΣB is w_A + 2·Σw_B wide" holds for the difference alone, not for its
intersection with A's own interval). So the region's releases stay in the audit, but one model per
organization is solved: its own releases and its part of each region release, the other
organizations' share of that sum taken as known (their true answers). That attacker knows more than
any reader, which makes the audit sound: every answer pattern x_A that organization A's model
leaves possible, together with the others' true answers x*, meets every published constraint (A's
own ones by construction, each region one because its known rest is the others' true share, every
other organization's at its true answers), so it is possible in the one joint model of the region
too. The joint attacker's interval for the sum of any group of A's answers therefore contains the
one A's model gives, and for a group spanning organizations it contains the interval of its part in
one organization shifted by the known rest. Every group the joint attacker targets has in some
organization a part that organization's model targets: an atom's part is an atom of that model (an
answer enters the same releases in both), what one release has beyond another is what its part has
beyond the other's part where they overlap there, or else the whole small part of the region's
release (:func:`_small_groups`). So if no organization's model leaves a group narrower than the
protection levels, the joint model does not either. The price is that the audit may act where the
joint one would not; the gain is that each model is one organization's size, so the audit grows
with the number of organizations instead of their square.

Not in the linear programs: statistics that are not linear in the answers (SDs, quartiles,
tests, shares, reliability, the mixed model) — they are published only for groups whose mean
is published, and rounded; counts are protected by :mod:`osallisuus.statistics.disclosure`.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..schema import ESIS_ITEMS
from ..settings import default
from .bounds import ranges
from .change import COMPARISONS, item_pair_groups, pair_groups, shown_firsts
from .disclosure import AUDIT_ORDER, DEFAULT_MIN_N, FAMILIES, published_rows
from .groups import answers, forget, group_levels, keyed, levels, slices
from .occasions import OCCASION, occasion_groups, year_pair_groups


@dataclass(frozen=True)
class Levels:
    """Protection levels: the narrowest interval an attacker may be left with for the mean of
    fewer than ``min_n`` answers: ``score`` ESIS points, ``answer`` steps of a statement."""

    score: float = default("protect_score")
    answer: float = default("protect_answer")


DEFAULT_LEVELS = Levels()


@dataclass
class Release:
    """One published mean as a constraint: Σ coef·x over ``rows`` (frame row labels) lies
    within ``offset + Σ weight · value`` of the published ``parts`` (table row, column, weight),
    each ± half its last digit. A statement mean is one part; the ten statement means of the
    same answers give their ESIS mean too (score = 2.5 · the sum of the statements − 25).

    Every coefficient is ``±scale``: ``+scale`` for the first ``plus`` rows, ``−scale`` for the
    rest (a mean difference: after-answers, then before-answers), so a release stores its row
    labels alone (:attr:`coef` spells the coefficients out when they are needed)."""

    table: str
    parts: list[tuple[object, str, float]]
    measure: str
    rows: np.ndarray
    scale: float
    plus: int
    offset: float = 0.0
    known: float = 0.0
    whole: int | None = None  # a part's: how many answers the whole release covers

    @property
    def size(self) -> int:
        """How many answers the published statistic covers (a part's: the whole release's)."""
        return len(self.rows) if self.whole is None else self.whole

    def __post_init__(self) -> None:
        self.rows = _compact(self.rows)

    @property
    def coef(self) -> np.ndarray:
        """The coefficient of each of ``rows``."""
        return np.r_[np.full(self.plus, self.scale), np.full(len(self.rows) - self.plus, -self.scale)]

    def families(self) -> list[tuple[str, object, str]]:
        return [(self.table, row, FAMILIES[self.table][0]) for row, _, _ in self.parts]

    def part(self, take: np.ndarray, rows: np.ndarray, rest: float) -> Release:
        """The release restricted to its answers at positions ``take`` (one organization's; ``rows``
        = ``self.rows[take]``, which releases of the same answers share), the rest of its sum
        (Σ coef · the true values of its other answers, ``rest``) taken as known (see
        "Organizations apart" above). ``take`` is increasing, so the part's positive coefficients
        come first as the release's do."""
        return Release(self.table, self.parts, self.measure, rows, self.scale, int(np.searchsorted(take, self.plus)),
                       self.offset, self.known + rest, self.size)


def _compact(rows: np.ndarray) -> np.ndarray:
    """Row labels of up to 2³¹ as int32 (a large store's releases hold every answer many times)."""
    rows = np.asarray(rows)
    if rows.dtype == np.int64 and len(rows) and -2**31 <= rows.min() and rows.max() < 2**31:
        return rows.astype(np.int32)
    return rows


@dataclass
class Finding:
    """An atom left too narrow: its size, measure, the interval of its mean, and the published
    statistics the attacker's bounds rest on (the binding constraints of the linear programs)."""

    measure: str
    size: int
    low: float
    high: float
    releases: list[Release] = field(default_factory=list)


@dataclass
class Decision:
    """What the audit did to one statistic (a family of columns in one table row)."""

    table: str
    row: object
    action: str  # "rounded" or "withheld"
    reason: str


# -- what a publication releases ------------------------------------------------------------
def releases(frame: pd.DataFrame, tables: dict[str, pd.DataFrame], by: Sequence[str], min_n: int,
             shown: pd.DataFrame | None = None) -> list[Release]:
    """Every linear statistic shown in ``tables`` with the answers it covers, found with the
    same definitions the tables use (:mod:`~osallisuus.statistics.groups`, :mod:`~osallisuus.statistics.change`).
    ``shown`` is ``published_rows(answers(frame), by, min_n)`` when the caller has it."""
    out: list[Release] = []
    by = list(by)
    wanted = [*by, "round", "respondent", "date", "months", "esis_score", *ESIS_ITEMS]
    frame = answers(frame)
    shown = published_rows(frame, by, min_n) if shown is None else shown
    tabled, paired = frame, shown  # the tables' own frames: pairs and occasions are made once of them (groups.once)
    frame, shown = (f[[c for c in wanted if c in f]] for f in (frame, shown))  # only what the sets depend on
    if "summary" in tables or "items" in tables:
        # the groups of group_levels (finest from every answer, totals from published cells), as slices
        for level in levels(by):
            source = frame if len(level) == len(by) else shown
            scored = source["esis_score"].notna().to_numpy()
            given = {item: scored & source[item].notna().to_numpy() for item in ESIS_ITEMS}
            for values, rows in slices(source, [*level, "round"]):
                k = (*_key(keyed(level, by, values[:-1]), by), str(values[-1]))
                every = _compact(source.index[rows[scored[rows]]])
                if "summary" in tables:
                    out += _mean(tables["summary"], "summary", k, [*by, "round"], "esis_mean", "esis_score", every)
                if "items" in tables:
                    statements = []
                    for item in ESIS_ITEMS:
                        answered = rows[given[item][rows]]  # scored ones: all of them is every scored answer
                        statements += _mean(tables["items"], "items", (*k, item), [*by, "round", "item"], "mean", item,
                                            every if len(answered) == len(every) else source.index[answered])
                    out += statements + _as_score(statements, -25.0)
    if "change" in tables:
        for comparison in COMPARISONS:
            for key, rows in pair_groups(frame, comparison, by, min_n, shown=paired, arrays=("_row_before", "_row_after")):
                k = (*_key(key, by), comparison)
                cols = [*by, "comparison"]
                out += _mean(tables["change"], "change", k, cols, "mean_before", "esis_score", rows["_row_before"])
                out += _mean(tables["change"], "change", k, cols, "mean_after", "esis_score", rows["_row_after"])
                out += _diff(tables["change"], "change", k, cols, "mean_diff", "esis_score", rows)
    if "change_items" in tables:
        rows_only = ["_row_before", "_row_after"]  # the answers each statement's pairs cover, not their values
        for key, per_item in item_pair_groups(frame, "first_last", by, min_n, shown=paired, columns=rows_only):
            statements = []
            for item, rows in per_item.items():
                k = (*_key(key, by), "first_last", item)
                statements += _diff(tables["change_items"], "change_items", k, [*by, "comparison", "item"], "mean_diff",
                                    item, rows)
                if len(statements) > 1 and np.array_equal(statements[-1].rows, statements[-2].rows):
                    statements[-1].rows = statements[-2].rows  # one array for the statements every pair answered
            out += statements + _as_score(statements, 0.0)
    if "respondent_types" in tables:
        firsts = shown_firsts(paired, by)
        firsts = firsts.loc[firsts["esis_first"].notna()]
        table = tables["respondent_types"]
        listed = table.loc[table["esis_first_mean"].notna()]
        finest = listed[by[-1]] != ""
        parts = {_key(r, [*by, "type"]) for r in listed.loc[finest].to_dict("records")}
        for key, rows in _type_sets(firsts, by, parts):
            out += _mean(table, "respondent_types", key, [*by, "type"], "esis_first_mean", "esis_score", rows)
    if "trajectory" in tables:
        for key, number, rows in occasion_groups(tabled, by, min_n):
            out += _mean(tables["trajectory"], "trajectory", (*_key(key, by), str(number)), [*by, OCCASION],
                         "esis_mean", "esis_score", rows["_row"])
    if "yearly_change" in tables:
        for key, year, rows in year_pair_groups(tabled, by, min_n):
            k, cols = (*_key(key, by), str(year)), [*by, "year"]
            out += _mean(tables["yearly_change"], "yearly_change", k, cols, "mean_before", "esis_score", rows["_row_before"])
            out += _mean(tables["yearly_change"], "yearly_change", k, cols, "mean_after", "esis_score", rows["_row_after"])
            out += _diff(tables["yearly_change"], "yearly_change", k, cols, "mean_diff", "esis_score", rows)
    if "cross_sectional" in tables:
        for key, rows in group_levels(shown, by, extra=(), min_n=min_n, shown=shown, columns=("round", "esis_score")):
            k = _key(key, by)
            for column, rnd in (("mean_before", "alku"), ("mean_after", "loppu")):
                given = rows.index[(rows["round"] == rnd).to_numpy() & rows["esis_score"].notna().to_numpy()]
                out += _mean(tables["cross_sectional"], "cross_sectional", k, by, column, "esis_score", given)
    return out


def _as_score(statements: list[Release], offset: float) -> list[Release]:
    """The ESIS release the ten statement releases of the same answers make together."""
    if len(statements) != len(ESIS_ITEMS):
        return []
    first = statements[0]
    if any(r.rows is not first.rows and not np.array_equal(r.rows, first.rows) for r in statements[1:]):
        return []
    parts = [(row, column, 2.5) for r in statements for row, column, _ in r.parts]
    return [Release(first.table, parts, "esis_score", first.rows, first.scale, first.plus, offset)]


def _type_sets(firsts: pd.DataFrame, by: list[str], parts: set) -> Iterator[tuple[tuple, np.ndarray]]:
    """First answers per group and type; a total covers its shown parts."""
    firsts = firsts.assign(_listed=_as_text_in(firsts[[*by, "type"]], parts) if parts else False)
    for level in range(1, len(by) + 1):
        for values, rows in firsts.groupby([*by[:level], "type"], sort=False):
            values = values if isinstance(values, tuple) else (values,)
            if level < len(by):
                rows = rows.loc[rows["_listed"]]
            key = tuple(str(v) for v in values[:level]) + ("",) * (len(by) - level) + (str(values[-1]),)
            yield key, rows["_row"].to_numpy()


def _as_text_in(frame: pd.DataFrame, wanted: set) -> np.ndarray:
    """Which rows of ``frame``, their values as text, are in ``wanted``:
    ``pd.MultiIndex.from_frame(frame.astype(str)).isin(list(wanted))``, each distinct row made text once.

    >>> t = pd.DataFrame({"unit": pd.Categorical(["x", "y", "x", None]), "type": ["a", "a", "a", "b"]})
    >>> _as_text_in(t, {("x", "a"), ("y", "b")}).tolist()
    [True, False, True, False]
    """
    codes = [pd.factorize(frame[c])[0].astype(np.int64) + 1 for c in frame]  # 0: missing ("nan" as text)
    sizes = [int(c.max()) + 1 if len(c) else 1 for c in codes]
    if float(np.prod(sizes, dtype=float)) >= 2**62:
        return pd.MultiIndex.from_frame(frame.astype(str)).isin(list(wanted))
    combined = np.zeros(len(frame), dtype=np.int64)
    for c, size in zip(codes, sizes):
        combined = combined * size + c
    number, _ = pd.factorize(combined)  # numbered in the order each first appears
    rows = frame.iloc[np.flatnonzero(~pd.Series(number).duplicated().to_numpy())].astype(str)
    listed = np.array([tuple(row) in wanted for row in rows.itertuples(index=False)], dtype=bool)
    return listed[number]


def _cell(table: pd.DataFrame, label: object, column: str) -> object:
    """``table.at[label, column]``, from the column's values found once (while one audit runs)."""
    name = (id(table), ("_values", column))
    if name not in _KEYS:
        _KEYS[name] = dict(zip(table.index, table[column].to_numpy()))
    return _KEYS[name][label]


def _missing(table: pd.DataFrame, label: object, column: str) -> bool:
    """``pd.isna(table.at[label, column])``, from the column's missing values found once (while one audit runs)."""
    name = (id(table), ("_missing", column))
    if name not in _KEYS:
        _KEYS[name] = dict(zip(table.index, table[column].isna().to_numpy()))
    return bool(_KEYS[name][label])


def _key(values: dict, columns: Sequence[str]) -> tuple:
    return tuple(str(values[c]) for c in columns)


_KEYS: dict[tuple[int, tuple], dict[tuple, object]] = {}


def _lookup(table: pd.DataFrame, columns: Sequence[str]) -> dict[tuple, object]:
    """Row labels of ``table`` by their key columns' values (kept while one audit runs)."""
    name = (id(table), tuple(columns))
    if name not in _KEYS:
        _KEYS[name] = {tuple(str(v) for v in values): label
                       for label, values in zip(table.index, table[list(columns)].itertuples(index=False))}
    return _KEYS[name]


def _mean(table, name, key, columns, column, measure, rows) -> list[Release]:
    label = _lookup(table, columns).get(key)
    rows = np.asarray(rows)
    if label is None or len(rows) == 0 or _missing(table, label, column):
        return []
    return [Release(name, [(label, column, 1.0)], measure, rows, 1.0 / len(rows), len(rows))]


def _diff(table, name, key, columns, column, measure, pairs: pd.DataFrame | dict[str, np.ndarray]) -> list[Release]:
    """``pairs``: a frame or arrays by column (:func:`~osallisuus.statistics.change.item_pair_groups`)."""
    label = _lookup(table, columns).get(key)
    after, before = np.asarray(pairs["_row_after"]), np.asarray(pairs["_row_before"])
    n = len(after)
    if label is None or n == 0 or _missing(table, label, column):
        return []
    rows = np.concatenate([after, before])
    return [Release(name, [(label, column, 1.0)], measure, rows, 1.0 / n, n)]


# -- the attack ------------------------------------------------------------------------------
def attack(frame: pd.DataFrame, found: list[Release], published: list[tuple[float, float] | None],
           min_n: int, levels: Levels, steps: dict[str, float] | None = None) -> list[Finding]:
    """Solve the attacker's problem for every measure: groups of fewer than ``min_n`` answers
    (:func:`_small_groups`) whose sum is left narrower than the protection level. ``published`` gives each release's value and
    half-width as published (None: withheld); ``steps`` keeps each measure's scale step (:func:`_step`)
    while one audit runs."""
    steps = {} if steps is None else steps
    findings = []
    for measure in dict.fromkeys(r.measure for r in found):
        chosen = [i for i, r in enumerate(found) if r.measure == measure and published[i] is not None]
        if not chosen:
            continue
        mine = [found[i] for i in chosen]
        sizes, matrix = _atoms(mine)
        score = measure == "esis_score"
        low, high = (0.0, 100.0) if score else (1.0, 5.0)
        if measure not in steps:
            steps[measure] = _step(frame[measure], 2.5 if score else 1.0)
        step = steps[measure]
        centre = np.array([published[i][0] for i in chosen])
        half = np.array([published[i][1] for i in chosen]) + 1e-9
        groups = _small_groups(matrix, sizes, min_n, np.array([r.whole is not None for r in mine]))
        level = levels.score if score else levels.answer
        wide = functools.partial(_wide, step=step, level=level)
        for group, (lo, hi), binding in ranges(matrix, centre - half, centre + half, low * sizes, high * sizes, groups,
                                               wide):
            k = sizes[group].sum()
            lo, hi = _on_lattice(lo, step), _on_lattice(hi, step, up=False)
            if hi - lo < level - 1e-9:  # the sum: see the module docstring
                findings.append(Finding(measure, int(k), lo / k, hi / k, [r for r, b in zip(mine, binding) if b]))
    return findings


def _wide(least: float, greatest: float, step: float, level: float) -> bool:
    """Whether sums a group takes at points that satisfy every published number (:func:`~.bounds.ranges`'
    ``wide``) already span the protection ``level`` on the lattice, with a margin of a thousandth of a
    step for the solver's tolerance (which grows with the answers a published mean covers)."""
    margin = 1e-3 * (step or level)
    return _on_lattice(greatest - margin, step, up=False) - _on_lattice(least + margin, step) >= level


def _small_groups(matrix: np.ndarray, sizes: np.ndarray, min_n: int, parts: np.ndarray | None = None,
                  ) -> list[np.ndarray]:
    """The groups of fewer than ``min_n`` answers whose sum an attacker targets: every small
    atom, and what one published group has beyond another that overlaps it (a round's answers
    beyond its pairs, an organization's beyond its pooled pairs), as the atoms they are made of.
    Rows marked in ``parts`` are one organization's part of a region's release: a small part is a
    target as a whole (what the region's group has beyond another may lie in this organization).

    >>> m = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    >>> [g.tolist() for g in _small_groups(m, np.array([9.0, 2.0, 6.0]), 5)]
    [[1]]
    >>> [g.tolist() for g in _small_groups(m, np.array([9.0, 2.0, 3.0]), 5, np.array([False, False, True]))]
    [[1], [2]]
    """
    member = matrix != 0
    weights = member.astype(float)
    groups = {(int(a),) for a in np.flatnonzero(sizes < min_n)}
    both = weights @ (weights * sizes).T  # [i, j]: answers in release i and in release j
    beyond = (weights @ sizes)[:, None] - both  # [i, j]: answers of release i not in release j
    first, second = np.nonzero((both > 0) & (beyond > 0.5) & (beyond < min_n - 0.5))
    for start in range(0, len(first), 4096):  # the atoms of each (i, j), deduplicated as bit rows
        rows = member[first[start:start + 4096]] & ~member[second[start:start + 4096]]
        for row in np.unique(np.packbits(rows, axis=1), axis=0):
            groups.add(tuple(int(a) for a in np.flatnonzero(np.unpackbits(row)[:len(sizes)])))
    if parts is not None:
        for i in np.flatnonzero(parts & (member @ sizes < min_n)):
            groups.add(tuple(int(a) for a in np.flatnonzero(member[i])))
    return [np.array(g) for g in sorted(groups)]


def _atoms(found: list[Release]) -> tuple[np.ndarray, np.ndarray]:
    """Answers grouped by the statistics (and coefficients) they enter: the atoms' sizes and the
    release × atom coefficient matrix."""
    lengths = np.array([len(r.rows) for r in found])
    plus = np.array([r.plus for r in found])
    scale = np.array([r.scale for r in found], dtype=float)
    rows = np.concatenate([r.rows for r in found])
    # as numpy's own index type: indexing and np.bincount with int32 indices convert them on every use
    count, inverse = _distinct(rows.astype(np.intp, copy=False) if np.can_cast(rows.dtype, np.intp) else rows)
    rng = np.random.default_rng(0)  # a fingerprint of each answer's (release, coefficient) list
    weights = rng.standard_normal((2, len(found)))
    runs = np.column_stack([plus, lengths - plus]).ravel()  # each release's +scale rows, then its −scale rows
    prints = [np.round(np.bincount(inverse, weights=np.repeat(np.column_stack([w * scale, w * -scale]).ravel(), runs),
                                   minlength=count), 9) for w in weights]
    # np.unique(fingerprints, return_inverse=True, return_counts=True), hashed rather than sorted:
    # the atoms numbered in the order of their sorted fingerprints all the same
    codes, first = pd.factorize(prints[0] + 1j * prints[1])
    rank = np.empty(len(first), dtype=np.intp)
    rank[np.argsort(first)] = np.arange(len(first))
    sizes = np.bincount(rank[codes], minlength=len(first))  # answers per atom
    atom = rank[codes][inverse]  # each concatenated row's atom
    matrix = np.zeros((len(found), len(sizes)))
    start = 0
    for i, r in enumerate(found):  # each release's answers, in the order concatenated above
        matrix[i, atom[start:start + r.plus]] = r.scale  # equal for every member of an atom
        matrix[i, atom[start + r.plus:start + len(r.rows)]] = -r.scale
        start += len(r.rows)
    return sizes.astype(float), matrix


def _distinct(rows: np.ndarray) -> tuple[int, np.ndarray]:
    """How many distinct row labels, and each label's number among them (as
    ``np.unique(rows, return_inverse=True)`` numbers them), by marking them in an array rather
    than sorting where they are small non-negative integers (a store's rows)."""
    if not len(rows):
        return 0, np.zeros(0, dtype=np.intp)
    low, high = int(rows.min()), int(rows.max())
    if low < 0 or high - low >= 4 * len(rows) + 2**20:
        labels, inverse = np.unique(rows, return_inverse=True)
        return len(labels), inverse
    if low:
        rows = rows - low
    present = np.zeros(high - low + 1, dtype=bool)
    present[rows] = True
    labels = np.flatnonzero(present)
    number = np.empty(len(present), dtype=np.intp)  # only the labels' entries are read
    number[labels] = np.arange(len(labels))
    return len(labels), number[rows]


def _step(values: pd.Series, step: float) -> float:
    """The scale's step when every value lies on it (the attacker knows it), else 0."""
    x = values.dropna().to_numpy(float)
    return step if len(x) and np.allclose(x / step, np.round(x / step)) else 0.0


def _on_lattice(x: float, step: float, up: bool = True) -> float:
    if not step:
        return x
    return (np.ceil(x / step - 1e-6) if up else np.floor(x / step + 1e-6)) * step


# -- protection ------------------------------------------------------------------------------
def protect_tables(frame: pd.DataFrame, tables: dict[str, pd.DataFrame], by: Sequence[str] = ("organization", "unit"),
                   min_n: int = DEFAULT_MIN_N, levels: Levels = DEFAULT_LEVELS, shown: pd.DataFrame | None = None,
                   ) -> tuple[dict[str, pd.DataFrame], list[Decision]]:
    """``tables`` as they may be published: rounded to the published precision, coarser or
    withheld where the audit finds an atom too narrow. Each model (:func:`_models`: an
    organization, with its part of the region's releases) is attacked until nothing is too
    narrow, and again whenever a statistic it contains has changed since. ``shown``: as in :func:`releases`."""
    from .disclosure import publish

    decisions: list[Decision] = []
    coarse: dict[tuple, int] = {}
    withheld: set[tuple] = set()
    _KEYS.clear()
    every = releases(frame, tables, by, min_n, shown)  # once; then each model's own
    for made in (frame, shown):  # the pairs and occasions the releases were found from
        forget(made)
    same = _same_statistics(every)
    models = _models(frame, tables, every, by)
    del every  # a region's releases live on as their organizations' parts only
    seen: dict[int, list] = {}
    rounded: dict[tuple, float] = {}
    steps: dict[str, float] = {}
    while True:
        changed = False
        for m, found in enumerate(models):
            published = _published(tables, found, coarse, withheld, rounded)
            while seen.get(m) != published:
                findings = attack(frame, found, published, min_n, levels, steps)
                if findings:
                    acted: set[tuple] = set()
                    for finding in findings:  # one step for every atom found, each on what is still fine
                        decisions += _act(finding, coarse, withheld, same, acted)
                    changed = True
                else:
                    seen[m] = published
                published = _published(tables, found, coarse, withheld, rounded)
        if not changed:  # a statistic one model changed may be in another (a region's)
            break
    _KEYS.clear()
    return publish(tables, coarse, withheld), decisions


def _models(frame: pd.DataFrame, tables: dict[str, pd.DataFrame], found: list[Release],
            by: Sequence[str]) -> list[list[Release]]:
    """The attacker's models, audited apart: the coarsest groups of ``by`` share no answers; below
    a region (:data:`~osallisuus.statistics.groups.REGION_BY`), each organization's releases
    with its part of every region release, the other organizations' answers taken as known
    (module docstring, "Organizations apart")."""
    by = list(by)
    if len(by) < 2:
        return [found]
    keys = {name: dict(zip(table.index, zip(*(table[c] for c in by[:2])))) for name, table in tables.items()}
    tops: dict[str, list[Release]] = {}
    for r in found:
        tops.setdefault(str(keys[r.table][r.parts[0][0]][0]), []).append(r)
    if len(by) < 3:
        return list(tops.values())
    codes, names = _text_codes(frame[by[1]])
    codes = codes.astype(np.int16) if len(names) < 2**15 else codes  # small codes: a stable argsort is a radix sort
    positions = _positions(frame.index)
    values: dict[str, np.ndarray] = {}  # each measure's true answers, by position
    splits: dict[int, tuple] = {}  # each region release's answers by organization, by its rows' array
    models = []
    for top in tops.values():
        own: dict[str, list[Release]] = {}
        parts: dict[str, list[Release]] = {}
        for r in top:
            org = str(keys[r.table][r.parts[0][0]][1])
            if org:
                own.setdefault(org, []).append(r)
                continue
            if r.measure not in values:
                values[r.measure] = frame[r.measure].to_numpy(dtype=float, na_value=np.nan)
            if id(r.rows) not in splits:  # a region release: split by organization (once for releases of the same answers)
                position = positions(r.rows)
                mine = codes[position]
                order = np.argsort(mine, kind="stable")
                ordered = mine[order]
                starts = np.r_[0, np.flatnonzero(ordered[1:] != ordered[:-1]) + 1]
                takes = np.split(order, starts[1:])
                splits[id(r.rows)] = position, mine, ordered[starts], takes, [r.rows[t] for t in takes]
            position, mine, present, takes, rows = splits[id(r.rows)]
            sums = _signed_sums(values[r.measure][position], r.plus, mine, len(names))
            whole = math.fsum(sums)
            for code, take, labels in zip(present, takes, rows):  # the others' share: Σ coef · values, once rounded
                parts.setdefault(names[code], []).append(r.part(take, labels, r.scale * (whole - sums[code])))
        models += [own.get(org, []) + parts.get(org, []) for org in dict.fromkeys([*own, *parts])]
    return models


def _signed_sums(values: np.ndarray, plus: int, groups: np.ndarray, count: int) -> np.ndarray:
    """Per group (codes ``groups``, ``count`` of them): the sum of ``values``, the first ``plus``
    of them added and the rest subtracted (a release's coefficients over its scale).

    Summed in order, without BLAS (whose threads make the order, and so the last digit, depend on
    the machine): exact where the values lie on a grid of halves (scores in steps of 2.5,
    statements 1–5), so a release's part and its known rest are Σ coef · values correctly rounded."""
    signed = values.copy()
    signed[plus:] *= -1.0
    return np.bincount(groups, weights=signed, minlength=count)


def _text_codes(column: pd.Series) -> tuple[np.ndarray, Sequence[str]]:
    """``pd.factorize(column.astype(str))``, without a string for every row where ``column`` is a
    category without missing values (the categories' texts, in the order they first appear)."""
    if not isinstance(column.dtype, pd.CategoricalDtype) or not (column.cat.codes.to_numpy() >= 0).all():
        return pd.factorize(column.astype(str))
    codes, first = pd.factorize(column.cat.codes.to_numpy())
    texts = column.cat.categories.astype(str)
    return codes, [texts[c] for c in first]


def _positions(index: pd.Index) -> Callable[[np.ndarray], np.ndarray]:
    """Row labels to positions in ``index``: one lookup array where the labels are small
    non-negative integers (a store's rows), else the index's own lookup."""
    labels = index.to_numpy()
    if not (len(labels) and labels.dtype.kind in "iu" and labels.min() >= 0 and labels.max() < 4 * len(labels) + 2**20
            and index.is_unique):
        return index.get_indexer
    at = np.full(int(labels.max()) + 1, -1, dtype=np.intp)
    at[labels] = np.arange(len(labels))
    return lambda rows: at[rows]


def _same_statistics(found: list[Release]) -> dict[tuple, list[tuple]]:
    """The families that publish the same statistic (the same answers and coefficients), by
    family: they are coarsened and withheld together, or the other would give it back."""
    # row labels signed by their coefficients: their count, sum and sum of squares are equal for
    # equal contents, so only releases that share them are sorted and digested (most are told
    # apart by them alone)
    # (releases of the same answers share their rows' array: each array and signs is read once)
    signs = [(id(r.rows), r.plus, float(np.sign(r.scale))) for r in found]
    moments = {sign: _moments(_signed(r)) for sign, r in dict(zip(signs, found)).items()}
    cheap = [(r.measure, *moments[sign]) for r, sign in zip(found, signs)]
    shared = {key for key, count in Counter(cheap).items() if count > 1}
    digests: dict[tuple, bytes] = {}
    by_content: dict[tuple, list[tuple]] = {}
    for i, (r, key, sign) in enumerate(zip(found, cheap, signs)):
        # a digest, not the bytes, keeps memory low; two statistics that shared a digest by chance
        # would only be protected together
        if key in shared and sign not in digests:
            # a stable sort (timsort) merges the runs of ascending labels a release is made of
            digests[sign] = hashlib.blake2b(np.sort(_signed(r), kind="stable").tobytes()).digest()
        content = (*key, digests[sign]) if key in shared else (*key, i)
        by_content.setdefault(content, []).extend(r.families())
    out: dict[tuple, list[tuple]] = {}
    for families in by_content.values():
        for family in families:
            out.setdefault(family, [])
            out[family] += [f for f in families if f not in out[family]]
    return out


def _signed(release: Release) -> np.ndarray:
    """1 + each row label (row 0 has a sign too), times the sign of its coefficient (:attr:`Release.coef`)."""
    out = release.rows.astype(np.int64) + 1
    out[release.plus:] *= -1
    return out * int(np.sign(release.scale))


def _moments(values: np.ndarray) -> tuple[int, int, int]:
    """Count, sum and sum of squares of integers (wrapping around in int64: equal for equal values)."""
    return len(values), int(values.sum()), int((values * values).sum())


def _published(tables: dict[str, pd.DataFrame], found: list[Release], coarse: dict[tuple, int],
               withheld: set[tuple], rounded: dict[tuple, float] | None = None) -> list[tuple[float, float] | None]:
    """Each release's value and half-width as it would be published now (None: withheld);
    ``rounded`` keeps each value at each precision while one audit runs."""
    from .disclosure import decimals_of

    rounded = {} if rounded is None else rounded
    out: list[tuple[float, float] | None] = []
    for r in found:
        value, half = r.offset - r.known, 0.0
        for (row, column, weight), family in zip(r.parts, r.families()):
            if family in withheld:
                value = None
                break
            d = coarse.get(family, decimals_of(r.table, column))
            key = (r.table, row, column, d)
            if key not in rounded:  # as publish rounds
                rounded[key] = float(np.round(float(_cell(tables[r.table], row, column)), d))
            value += weight * rounded[key]
            half += abs(weight) * 0.5 * 10.0 ** -d
        out.append(None if value is None else (value, half))
    return out


def _act(finding: Finding, coarse: dict[tuple, int], withheld: set[tuple], same: dict[tuple, list[tuple]],
         acted: set[tuple]) -> list[Decision]:
    """Coarsen one statistic the attacker's bounds rest on (with every family that publishes the
    same statistic): derived statistics before levels (:data:`~osallisuus.statistics.disclosure.AUDIT_ORDER`),
    then the one over the fewest answers; withhold it when it is already coarse. Nothing when one
    of them was already changed in this round (the next round checks again)."""
    candidates = sorted(finding.releases, key=lambda r: (AUDIT_ORDER.index(r.table), r.size,
                                                         str(r.parts[0][0])))
    if any(f in acted for r in candidates for f in r.families()):
        return []
    reason = (f"{finding.size} answer(s) not in any other shown group: {finding.measure} mean "
              f"{finding.low:.1f}…{finding.high:.1f}")
    chosen = next((r for r in candidates if any(f not in coarse for f in r.families())), None)
    action = "rounded" if chosen is not None else "withheld"
    chosen = chosen or next(r for r in candidates if any(f not in withheld for f in r.families()))
    decisions = []
    for family in dict.fromkeys(f for own in chosen.families() for f in same.get(own, [own])):
        table = family[0]
        if action == "rounded" and family not in coarse:
            coarse[family] = FAMILIES[table][1][1]
        elif action == "withheld":
            withheld.add(family)
        else:
            continue
        acted.add(family)
        decisions.append(Decision(table, family[1], action, reason))
    return decisions
