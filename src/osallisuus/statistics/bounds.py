"""The least and greatest sums of unknown values that published numbers leave possible: linear
programs solved with HiGHS, as an attacker would solve them (the audit of :mod:`.audit`, the
two-way breakdowns of :func:`.disclosure.protect_table`)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator

import numpy as np

#: Solutions kept per call of :func:`ranges` as points a group's sum can take (its ``wide``).
POINTS = 64


def ranges(matrix: np.ndarray, row_low: np.ndarray, row_high: np.ndarray, col_low: np.ndarray, col_high: np.ndarray,
           groups: list[np.ndarray], wide: Callable[[float, float], bool] | None = None,
           ) -> Iterator[tuple[np.ndarray, tuple[float, float], np.ndarray]]:
    """For each group of columns: the least and greatest sum of their values subject to
    ``row_low ≤ matrix·x ≤ row_high`` and the column bounds, and which rows bind (non-zero
    duals); where a solve ends otherwise (unbounded), the column bounds' sum. One HiGHS model,
    re-solved warm for each objective, in the process's one :func:`solver`: a call left unfinished
    is not resumed after another has started.

    ``wide(least, greatest)``: a group whose sums at the solutions of the first :data:`POINTS`
    solves (each a point that satisfies every constraint) already span a range ``wide`` accepts is
    not solved: the true range holds that one, so it is at least as wide. It is yielded with that
    range and no binding rows."""
    import highspy

    h = solver()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = matrix.shape[1], matrix.shape[0]
    lp.col_cost_ = np.zeros(matrix.shape[1])
    lp.col_lower_, lp.col_upper_ = col_low, col_high
    lp.row_lower_, lp.row_upper_ = row_low, row_high
    columns = [np.flatnonzero(matrix[:, j]) for j in range(matrix.shape[1])]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.r_[0, np.cumsum([len(c) for c in columns])].astype(np.int32)
    lp.a_matrix_.index_ = np.concatenate(columns).astype(np.int32) if columns else np.array([], np.int32)
    lp.a_matrix_.value_ = np.concatenate([matrix[c, j] for j, c in enumerate(columns)]) if columns else np.array([])
    h.passModel(lp)
    points, kept = np.empty((POINTS, matrix.shape[1])), 0
    for group in groups:
        if wide is not None and kept:
            sums = points[:kept, group].sum(axis=1)
            if wide(float(sums.min()), float(sums.max())):
                yield group, (float(sums.min()), float(sums.max())), np.zeros(matrix.shape[0], dtype=bool)
                continue
        h.changeColsCost(len(group), group.astype(np.int32), np.ones(len(group)))
        ends, binding = [], np.zeros(matrix.shape[0], dtype=bool)
        for sense, fallback in ((highspy.ObjSense.kMinimize, col_low), (highspy.ObjSense.kMaximize, col_high)):
            h.changeObjectiveSense(sense)
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                ends.append(float(fallback[group].sum()))
                continue
            solution = h.getSolution()  # one copy of the solution per solve
            values = np.asarray(solution.col_value)
            ends.append(float(values[group].sum()))
            binding |= np.abs(np.asarray(solution.row_dual)) > 1e-9
            if kept < POINTS:
                points[kept], kept = values, kept + 1
        h.changeColsCost(len(group), group.astype(np.int32), np.zeros(len(group)))
        yield group, (ends[0], ends[1]), binding


@functools.cache
def solver():
    """One quiet HiGHS instance per process (it prints a banner on creation, at the C level)."""
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    return h
