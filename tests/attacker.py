"""An attacker who knows who answered which round (as staff do) and reads the exported tables:
written apart from :mod:`osallisuus.statistics.audit`, from the README's definitions, to check it.

For every shown mean it rebuilds the answers the mean covers from the raw data, checks that the
published n matches, and turns the mean (to the decimals shown) into a linear constraint on those
answers; ten statement means of the same answers also give their ESIS mean. Then, for every group
of answers that no published statistic tells apart and that has fewer than ``min_n`` answers, it
solves two linear programs for the narrowest interval of the sum of their scores and of their
answers to each statement: for one person their own answer, for a few what is left of one of them
when the others pool what they know of their own. The same for what one published set of answers
has beyond another that overlaps it, when that is fewer than ``min_n`` answers."""

from __future__ import annotations

import copy
from collections import defaultdict

import numpy as np
import pandas as pd

ITEMS = [f"esis_{i:02d}" for i in range(1, 11)]
ROUNDS = ["alku", "väli", "loppu", "mittaus_4", "mittaus_5", "mittaus_6", "seuranta_6kk", "seuranta_12kk", "vuosimittaus"]
YEARLY = ["vuosimittaus"]  # answered once a year: one answer per person, round and year (README, "Rounds")


def latest(frame: pd.DataFrame) -> pd.DataFrame:
    """One answer per respondent, unit and round: the latest (README, "Methods")."""
    coded = frame[frame["respondent"].notna()].sort_values("date", kind="stable", na_position="first")
    year = pd.to_datetime(coded["date"]).dt.year.where(coded["round"].astype(str).isin(YEARLY))
    coded = coded.assign(_year=year.fillna(-1))
    keep = coded.drop_duplicates(["organization", "unit", "respondent", "round", "_year"], keep="last").index
    return frame.loc[frame.index.isin(keep) | frame["respondent"].isna()]


def _within(key: tuple, row) -> bool:
    """Whether a unit cell (organization, unit, ...) lies within a published row's group: its
    unit, its organization (``unit`` empty) or the region (``organization`` empty too)."""
    return (not row.organization or key[0] == row.organization) and (not row.unit or key[1] == row.unit)


class Attacker:
    def __init__(self, frame: pd.DataFrame, tables: dict[str, pd.DataFrame], min_n: int = 5):
        self.frame, self.tables, self.min_n = latest(frame).copy(), tables, min_n
        self.constraints: list[tuple[str, dict, float, float]] = []  # measure, {row: coef}, low, high

    # -- the sets ---------------------------------------------------------------------------
    def _shown(self, table: str) -> pd.DataFrame:
        t = self.tables[table]
        return t[~t["suppressed"].astype(bool)].fillna({"organization": "", "unit": ""})

    def _cells(self) -> dict[tuple, pd.Index]:
        """Answers of each published unit cell (unit and round): from the summary's shown rows.
        Where fewer than min_n are scored, their scores enter nothing (the README's rule 4)."""
        s = self._shown("summary")
        cells = {}
        for r in s[s["unit"] != ""].itertuples():
            rows = self.frame[(self.frame["organization"] == r.organization) & (self.frame["unit"] == r.unit)
                              & (self.frame["round"] == r.round)]
            assert len(rows) == r.n_answered, ("summary", r.organization, r.unit, r.round)
            if pd.isna(r.n_scored):
                self.frame.loc[rows.index, "esis_score"] = np.nan
            cells[(r.organization, r.unit, r.round)] = rows.index
        return cells

    def _add(self, measure: str, rows: dict, value: float, decimals: int) -> None:
        half = 0.5 * 10.0 ** -decimals + 1e-9
        self.constraints.append((measure, rows, value - half, value + half))

    def _mean(self, measure: str, index, value: float, decimals: int, sign: float = 1.0) -> dict:
        return {i: sign / len(index) for i in index}

    def read(self) -> Attacker:
        f = self.frame
        cells = self._cells()
        scored = {k: v[f.loc[v, "esis_score"].notna().to_numpy()] for k, v in cells.items()}
        # summary and items, unit rows and organization rows (sums of the units' shown cells)
        s = self._shown("summary")
        items = self._shown("items") if "items" in self.tables else None
        for r in s.itertuples():
            parts = [k for k in scored if _within(k, r) and k[2] == r.round]
            if not r.unit:
                parts = [k for k in parts if not pd.isna(s[(s["unit"] == k[1]) & (s["round"] == k[2])
                                                           & (s["organization"] == k[0])]["n_scored"].iloc[0])]
            index = pd.Index(np.concatenate([scored[k] for k in parts])) if parts else pd.Index([])
            if pd.isna(r.esis_mean):
                continue
            assert len(index) == r.n_scored, ("summary scored", r.organization, r.unit, r.round)
            self._add("esis_score", self._mean("esis_score", index, r.esis_mean, r.decimals), r.esis_mean, r.decimals)
            if items is not None:
                mine = items[(items["organization"] == r.organization) & (items["unit"] == r.unit)
                             & (items["round"] == r.round) & items["mean"].notna()]
                for i in mine.itertuples():
                    answered = index[f.loc[index, i.item].notna().to_numpy()]
                    assert len(answered) == i.n, ("items", r.unit, r.round, i.item)
                    self._add(i.item, self._mean(i.item, answered, i.mean, i.decimals), i.mean, i.decimals)
                if len(mine) == len(ITEMS) and (mine["n"] == len(index)).all():  # ten statements give the score
                    value = 2.5 * mine["mean"].sum() - 25
                    half = 2.5 * (0.5 * 10.0 ** -mine["decimals"].astype(float)).sum()
                    self.constraints.append(("esis_score", self._mean("", index, 0, 0), value - half, value + half))
        self._pairs(cells)
        self._types(cells)
        if "trajectory" in self.tables:
            self._trajectory(cells)
        if "yearly_change" in self.tables:
            self._yearly(cells)
        return self

    # -- issue 21: occasions and yearly measurements ----------------------------------------------
    def _occasions(self, cells: dict) -> dict[tuple, pd.DataFrame]:
        """Each unit's people measured at least twice: their scored answers numbered 1, 2, ...
        by round order, then date (README, "Change over many occasions"); only units that
        measure beyond alku, väli and loppu have a trajectory."""
        out = {}
        for org, unit in {(k[0], k[1]) for k in cells}:
            rows = self._people(cells, org, unit)
            if rows["round"].astype(str).isin(ROUNDS[:3]).all():
                continue
            rows = rows[rows["respondent"].notna() & rows["esis_score"].notna()]
            rows = rows.assign(_o=rows["round"].astype(str).map(ROUNDS.index)).sort_values(["_o", "date"], kind="stable")
            rows = rows.assign(occasion=rows.groupby("respondent").cumcount() + 1)
            out[(org, unit)] = rows[rows.groupby("respondent")["occasion"].transform("size") >= 2]
        return out

    def _trajectory(self, cells: dict) -> None:
        t = self._shown("trajectory")
        sets = self._occasions(cells)
        for r in t[t["esis_mean"].notna()].itertuples():
            keys = [(r.organization, r.unit)] if r.unit else [
                k for k in sets if _within(k, r) and not t[(t["organization"] == k[0]) & (t["unit"] == k[1])
                                                           & (t["occasion"] == r.occasion)].empty]
            index = [i for k in keys if k in sets for i in sets[k].index[sets[k]["occasion"] == r.occasion]]
            if len(index) != r.n:
                continue  # a total over parts not all shown: not rebuilt here
            self._add("esis_score", {i: 1 / len(index) for i in index}, r.esis_mean, r.decimals)

    def _yearly(self, cells: dict) -> None:
        """Long-term clients: a person's yearly answer in a year and in the next one, within a unit."""
        y = self._shown("yearly_change")
        pairs = {}
        for org, unit in {(k[0], k[1]) for k in cells}:
            rows = self._people(cells, org, unit)
            rows = rows[rows["respondent"].notna() & rows["esis_score"].notna() & rows["round"].astype(str).isin(YEARLY)]
            rows = rows.assign(year=pd.to_datetime(rows["date"]).dt.year, _i=rows.index)
            after = rows.assign(year=rows["year"] - 1)[["respondent", "year", "_i"]]
            pairs[(org, unit)] = rows[["respondent", "year", "_i"]].merge(after, on=["respondent", "year"],
                                                                         suffixes=("_before", "_after"))
        for r in y[y["mean_diff"].notna()].itertuples():
            keys = [(r.organization, r.unit)] if r.unit else [k for k in pairs if _within(k, r)]
            mine = [p[p["year"] == r.year] for k, p in pairs.items() if k in keys]
            both = pd.concat(mine) if mine else pd.DataFrame(columns=["_i_before", "_i_after"])
            if len(both) != r.n_pairs:
                continue  # a total pools only units with enough pairs: not rebuilt here
            n = len(both)
            self._add("esis_score", {i: 1 / n for i in both["_i_before"]}, r.mean_before, r.decimals)
            self._add("esis_score", {i: 1 / n for i in both["_i_after"]}, r.mean_after, r.decimals)
            diff = {**{i: 1 / n for i in both["_i_after"]}, **{i: -1 / n for i in both["_i_before"]}}
            self._add("esis_score", diff, r.mean_diff, r.decimals)

    @classmethod
    def together(cls, attackers: list[Attacker]) -> Attacker:
        """One attacker who reads several publications at once (e.g. each year's annual tables,
        side by side in an annual report), over the same answers; the readers stay as they were."""
        joined = copy.copy(attackers[0])
        joined.constraints = [c for attacker in attackers for c in attacker.constraints]
        return joined

    def _people(self, cells: dict, org: str, unit: str) -> pd.DataFrame:
        index = [i for k, v in cells.items() if k[0] == org and k[1] == unit for i in v]
        return self.frame.loc[index]

    def _pair_sets(self, cells: dict, comparison: str) -> dict[tuple, pd.DataFrame]:
        """Each unit's pairs of ``comparison`` (row labels ``before``, ``after``), by respondent:
        ``first_last`` a person's first and last scored answer (round order, then date) if they
        are two; ``a_b`` their first scored answer at round a and at round b."""
        out = {}
        for org, unit in {(k[0], k[1]) for k in cells}:
            rows = self._people(cells, org, unit)[["respondent", "esis_score", "round", "date"]]  # the columns read
            rows = rows[rows["respondent"].notna() & rows["esis_score"].notna()]
            rows = rows.assign(_o=rows["round"].astype(str).map(ROUNDS.index)).sort_values(["respondent", "_o", "date"],
                                                                                           kind="stable")
            if comparison == "first_last":
                rows = rows[rows["respondent"].duplicated(keep=False)]  # two answers or more
                firsts, lasts = ~rows["respondent"].duplicated(), ~rows["respondent"].duplicated(keep="last")
                pairs = pd.DataFrame({"before": rows.index[firsts.to_numpy()], "after": rows.index[lasts.to_numpy()]})
            else:
                sides = []
                for side, name in zip(comparison.split("_"), ("before", "after")):
                    mine = rows[rows["round"] == side]
                    mine = mine[~mine["respondent"].duplicated()]
                    sides.append(pd.DataFrame({"respondent": mine["respondent"].to_numpy(), name: mine.index}))
                pairs = sides[0].merge(sides[1], on="respondent")[["before", "after"]]  # by respondent, as sorted
            out[(org, unit)] = pairs
        return out

    def _pairs(self, cells: dict) -> None:
        c = self._shown("change")
        for comparison in ("first_last", "alku_väli", "alku_loppu", "väli_loppu"):
            sets = self._pair_sets(cells, comparison)
            rows = c[c["comparison"] == comparison]
            shown_units = set(zip(rows.loc[rows["unit"] != "", "organization"], rows.loc[rows["unit"] != "", "unit"]))
            for r in rows.itertuples():
                keys = [(r.organization, r.unit)] if r.unit else [k for k in sets if _within(k, r) and k in shown_units]
                pairs = pd.concat([sets[k] for k in keys]) if keys else pd.DataFrame(columns=["before", "after"])
                assert len(pairs) == r.n_pairs, ("change", r.organization, r.unit, comparison)
                if pd.isna(r.mean_diff):
                    continue
                n = len(pairs)
                self._add("esis_score", {i: 1 / n for i in pairs["before"]}, r.mean_before, r.decimals)
                self._add("esis_score", {i: 1 / n for i in pairs["after"]}, r.mean_after, r.decimals)
                diff = {**{i: 1 / n for i in pairs["after"]}, **{i: -1 / n for i in pairs["before"]}}
                self._add("esis_score", diff, r.mean_diff, r.decimals)
                if comparison == "first_last" and "change_items" in self.tables:
                    self._item_pairs(r, pairs)

    def _item_pairs(self, r, pairs: pd.DataFrame) -> None:
        ci = self._shown("change_items")
        mine = ci[(ci["organization"] == r.organization) & (ci["unit"] == r.unit) & ci["mean_diff"].notna()]
        f = self.frame
        for i in mine.itertuples():
            both = pairs[f.loc[pairs["before"], i.item].notna().to_numpy() & f.loc[pairs["after"], i.item].notna().to_numpy()]
            if len(both) != i.n_pairs:  # a total pools only units where enough pairs answered: not rebuilt here
                continue
            n = len(both)
            diff = {**{x: 1 / n for x in both["after"]}, **{x: -1 / n for x in both["before"]}}
            self._add(i.item, diff, i.mean_diff, i.decimals)
        if len(mine) == len(ITEMS):
            value = 2.5 * mine["mean_diff"].sum()
            half = 2.5 * (0.5 * 10.0 ** -mine["decimals"].astype(float)).sum()
            n = len(pairs)
            diff = {**{x: 1 / n for x in pairs["after"]}, **{x: -1 / n for x in pairs["before"]}}
            self.constraints.append(("esis_score", diff, value - half, value + half))

    def _types(self, cells: dict) -> None:
        t = self._shown("respondent_types")
        t = t[t["esis_first_mean"].notna()]
        f = self.frame
        for r in t.itertuples():
            units = [(r.organization, r.unit)] if r.unit else sorted({k[:2] for k in cells if _within(k, r)})
            firsts = []
            for org, unit in units:
                part = t[(t["organization"] == org) & (t["unit"] == unit) & (t["type"] == r.type)]
                if not r.unit and part.empty:
                    continue
                rows = self._people(cells, org, unit)[["respondent", "round", "date"]]  # the columns read
                if r.type == "anonymous":
                    firsts += list(rows.index[rows["respondent"].isna()])
                    continue
                rows = rows[rows["respondent"].notna()].assign(_o=lambda x: x["round"].astype(str).map(ROUNDS.index))
                rows = rows.sort_values(["_o", "date"], kind="stable", na_position="first")
                alku = (rows["round"] == "alku").groupby(rows["respondent"]).agg(["any", "all"])  # by respondent
                kind = np.where(alku["any"] & ~alku["all"], "repeated", np.where(alku["any"], "start_only",
                                                                                  "follow_up_only"))
                first = pd.Series(rows.index, index=rows["respondent"].to_numpy())
                first = first[~first.index.duplicated()].reindex(alku.index)  # each person's first answer
                firsts += list(first[kind == r.type])
            index = [i for i in firsts if not pd.isna(f.loc[i, "esis_score"])]
            if len(index) != r.n_scored:
                continue  # a total over parts not all shown: not rebuilt here
            self._add("esis_score", {i: 1 / len(index) for i in index}, r.esis_first_mean, r.decimals)

    # -- the attack ---------------------------------------------------------------------------
    def _targets(self, member: np.ndarray, sizes: np.ndarray) -> list[list[int]]:
        """Groups of fewer than min_n answers to solve for: each small atom, and for any two
        overlapping published sets, the answers of one that the other lacks (a round's answers
        beyond its pairs)."""
        out = {(a,) for a in range(len(sizes)) if sizes[a] < self.min_n}
        for i in range(len(member)):
            lack = member[i] & ~member  # row j: what set i has that set j lacks
            size = lack.astype(float) @ sizes
            for j in np.flatnonzero((member[i] & member).any(axis=1) & (size > 0) & (size < self.min_n)):
                out.add(tuple(np.flatnonzero(lack[j])))
        return [list(g) for g in out]

    def narrowest(self, levels: dict[str, float]) -> list[tuple[str, int, float, float]]:
        """(measure, size, low, high) of every small group of answers left narrower than its level."""
        found = []
        for measure in dict.fromkeys(m for m, *_ in self.constraints):
            mine = [c for c in self.constraints if c[0] == measure]
            signature = defaultdict(list)
            for k, (_, rows, _, _) in enumerate(mine):
                for i, coef in rows.items():
                    signature[i].append((k, round(coef, 12)))
            groups = defaultdict(list)
            for i, sig in signature.items():
                groups[tuple(sig)].append(i)
            atoms = list(groups.values())
            where = {i: a for a, members in enumerate(atoms) for i in members}
            matrix = np.zeros((len(mine), len(atoms)))
            for k, (_, rows, _, _) in enumerate(mine):
                for i, coef in rows.items():
                    matrix[k, where[i]] = coef
            low, high = np.array([c[2] for c in mine]), np.array([c[3] for c in mine])
            scale = (0.0, 100.0) if measure == "esis_score" else (1.0, 5.0)
            step = 2.5 if measure == "esis_score" else 1.0  # the scale's steps: sums of answers lie on them
            sizes = np.array([len(a) for a in atoms], float)
            bounds = [(scale[0] * k, scale[1] * k) for k in sizes]
            solver = _Solver(matrix, low, high, [b[0] for b in bounds], [b[1] for b in bounds])
            for group in self._targets(matrix != 0, sizes):
                size = sizes[group].sum()
                ends = solver.range(group)
                # the group's sum: what is left of one member's answer when the others pool their own
                ends = [np.ceil(ends[0] / step - 1e-6) * step, np.floor(ends[1] / step + 1e-6) * step]
                if ends[1] - ends[0] < levels["esis_score" if measure == "esis_score" else "statement"] - 1e-6:
                    found.append((measure, int(size), ends[0], ends[1]))
        return found


class _Solver:
    """min and max of a sum of variables subject to row_low ≤ A·x ≤ row_high and bounds (HiGHS, warm)."""

    def __init__(self, matrix, row_low, row_high, col_low, col_high):
        import highspy

        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        self.inf = highspy.kHighsInf
        n = matrix.shape[1]
        self.h.addVars(n, np.asarray(col_low, float), np.asarray(col_high, float))
        for k in range(matrix.shape[0]):
            cols = np.flatnonzero(matrix[k])
            self.h.addRow(float(row_low[k]), float(row_high[k]), len(cols), cols.astype(np.int32), matrix[k, cols])
        self.sense = highspy.ObjSense
        self.ok = highspy.HighsModelStatus.kOptimal

    def range(self, group: list[int]) -> tuple[float, float]:
        """min and max of the sum of ``group``'s variables."""
        for j in group:
            self.h.changeColCost(j, 1.0)
        out = []
        for sense in (self.sense.kMinimize, self.sense.kMaximize):
            self.h.changeObjectiveSense(sense)
            self.h.run()
            assert self.h.getModelStatus() == self.ok
            out.append(sum(self.h.getSolution().col_value[j] for j in group))
        for j in group:
            self.h.changeColCost(j, 0.0)
        return out[0], out[1]


# -- counts: the pace tables (issue 21) ------------------------------------------------------------
def pinned_counts(table: pd.DataFrame, true: pd.DataFrame, margins: list[tuple[list[tuple], float]],
                  min_n: int = 5) -> list[tuple]:
    """Hidden cells of a published count ``table`` (NaN = ×) that a reader can work out exactly
    from its shown cells and the published ``margins`` (sums of cells: ``([(row, column), ...],
    total)``, e.g. a month's forms or a round's answers over the period), while their ``true``
    count is 1 ... ``min_n - 1``: (row, column, count)."""
    cells = [(r, c) for r in table.index for c in table.columns]
    where = {cell: k for k, cell in enumerate(cells)}
    total = float(true.to_numpy().sum())
    low = [0.0 if pd.isna(table.loc[cell]) else float(table.loc[cell]) for cell in cells]
    high = [total if pd.isna(table.loc[cell]) else float(table.loc[cell]) for cell in cells]
    matrix = np.zeros((len(margins), len(cells)))
    for k, (parts, _) in enumerate(margins):
        for cell in parts:
            matrix[k, where[cell]] = 1.0
    sums = np.array([value for _, value in margins], float)
    solver = _Solver(matrix, sums, sums, low, high)
    found = []
    for cell in cells:
        if pd.isna(table.loc[cell]) and 0 < true.loc[cell] < min_n:
            a, b = solver.range([where[cell]])
            if b - a < 1 - 1e-6:
                found.append((*cell, int(true.loc[cell])))
    return found

