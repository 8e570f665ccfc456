"""The canonical long format: one row per answered questionnaire (README, "Canonical format")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy as np
    import pandas as pd

ESIS_ITEMS: tuple[str, ...] = tuple(f"esis_{i:02d}" for i in range(1, 11))
EUROHIS_ITEMS: tuple[str, ...] = tuple(f"eurohis_{i:02d}" for i in range(1, 9))
LONELINESS = "loneliness"
ITEM_COLUMNS: tuple[str, ...] = ESIS_ITEMS + (LONELINESS,) + EUROHIS_ITEMS

#: The measurement rounds in the order a client meets them (the one home of the order): the
#: three-phase cycle alku, väli, loppu, further measurements of a repeating service (housing
#: every six months: 4., 5., 6. mittaus), follow-ups after the end, and the yearly measurement
#: of long-term clients. The words people write for them are in ``codebooks/rounds/<lang>.yaml``;
#: an organization adds its own rounds there (``DIR/codebooks``), after these.
ROUNDS: tuple[str, ...] = ("alku", "väli", "loppu", "mittaus_4", "mittaus_5", "mittaus_6",
                           "seuranta_6kk", "seuranta_12kk", "vuosimittaus")
#: The three-phase cycle of new clients (the round-pair comparisons and the round model use it).
CYCLE: tuple[str, ...] = ROUNDS[:3]
#: Rounds a person answers again every year: one answer per person, round and calendar year.
YEARLY_ROUNDS: tuple[str, ...] = ("vuosimittaus",)
#: Months since the person's first answer (in the same organization and unit), computed when the
#: store is read: reports can order measurements by occasion or by months.
MONTHS = "months"
#: Days in a month on average (365.25 / 12), for :data:`MONTHS`.
DAYS_PER_MONTH = 30.4375
ID_COLUMNS: tuple[str, ...] = ("respondent", "organization", "unit", "round", "date", "language")
BACKGROUND_COLUMNS: tuple[str, ...] = ("age_group", "gender", "service", "open_effect")
CANONICAL_COLUMNS: tuple[str, ...] = ID_COLUMNS + ITEM_COLUMNS + BACKGROUND_COLUMNS

#: Columns a file must have; without them it cannot be used at all.
REQUIRED_COLUMNS: tuple[str, ...] = ("organization", "unit", "round") + ESIS_ITEMS

#: Columns whose values come from codebook value lists (background/<lang>.yaml).
CODED_COLUMNS: tuple[str, ...] = ("round", "gender", "age_group", "language")
#: Free-text columns: trimmed and whitespace-collapsed, never mapped.
TEXT_COLUMNS: tuple[str, ...] = ("organization", "unit", "service", "open_effect")

#: Provenance columns added by ingest.
SOURCE_COLUMNS: tuple[str, ...] = ("source_file", "source_row")
#: Evidence of identity an export carries (its own response id, the time of answering), stored
#: as a salted hash: two rows are one answer only when this or the respondent code says so.
RESPONSE_ID = "response_id"
#: The workbook sheet a row came from ("" for CSV and SPSS files): rows are numbered per sheet.
SOURCE_SHEET = "source_sheet"


def round_rank(rounds: pd.Series, order: Iterable[str] = ()) -> pd.Series:
    """Each round's place in :data:`ROUNDS`; an organization's own rounds come after them in
    ``order`` or the order of an ordered category (a store's frames carry the order of the
    user's codebook: :func:`~osallisuus.intake.store.with_round_order`), else by name.

    >>> import pandas as pd
    >>> round_rank(pd.Series(["loppu", "alku", "oma kerta"])).tolist()
    [2, 0, 9]
    >>> ordered = pd.Categorical(["b", "a", "alku"], categories=[*ROUNDS, "b", "a"], ordered=True)
    >>> round_rank(pd.Series(ordered)).tolist()
    [9, 10, 0]
    """
    import numpy as np
    import pandas as pd

    codes, distinct = pd.factorize(rounds)  # ranked once per distinct value, not per answer
    names = pd.Series(distinct).astype("string")
    categories = rounds.cat.categories if getattr(rounds.dtype, "ordered", False) else ()
    own = own_rounds(set(names.dropna()), [*order, *categories])
    order = {r: i for i, r in enumerate([*ROUNDS, *own])}
    ranks = np.append(names.map(order).fillna(len(order)).to_numpy(dtype=int), len(order))  # [-1]: a missing round
    return pd.Series(ranks[codes], index=rounds.index, name=rounds.name)


def own_rounds(present: set[str], order: Iterable[str] = ()) -> list[str]:
    """The rounds of ``present`` beyond :data:`ROUNDS`: first those ``order`` names, in its
    order (a codebook's), then the rest by name.

    >>> own_rounds({"alku", "z", "b", "a"}, ["b", "x"])
    ['b', 'a', 'z']
    """
    known = [r for r in dict.fromkeys(order) if r in present and r not in ROUNDS]
    return known + sorted(present - set(ROUNDS) - set(known))


def rounds_in(rounds: pd.Series, order: Iterable[str] = ()) -> list[str]:
    """The rounds present in ``rounds``, in order (:func:`round_rank`; own rounds in ``order``).

    >>> import pandas as pd
    >>> rounds_in(pd.Series(["loppu", "alku", "loppu"]))
    ['alku', 'loppu']
    """
    import pandas as pd

    present = pd.Series(rounds.dropna().unique())  # each round once: the order is by rank alone
    return list(dict.fromkeys(present.astype(str).iloc[round_rank(present, order).argsort(kind="stable")]))


def round_slot(frame: pd.DataFrame) -> pd.Series:
    """What makes an answer one per person and round: the round, and for a yearly round
    (:data:`YEARLY_ROUNDS`) also the year of answering (a long-term client answers it every year).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"round": ["alku", "vuosimittaus", "vuosimittaus"],
    ...                   "date": pd.to_datetime(["2024-01-05", "2024-03-01", "2025-03-02"])})
    >>> round_slot(t).tolist()
    ['alku', 'vuosimittaus 2024', 'vuosimittaus 2025']
    """
    import pandas as pd

    rounds = frame["round"].astype("string")
    yearly = rounds.isin(YEARLY_ROUNDS).to_numpy(dtype=bool, na_value=False)
    if yearly.any():  # the year written only for the yearly rows, not every answer
        years = pd.to_datetime(frame["date"][yearly]).dt.year.astype("string").fillna("") if "date" in frame else ""
        rounds = rounds.where(~yearly, rounds[yearly] + " " + years)
    return rounds.astype(object)


def months_since_first(frame: pd.DataFrame, respondents: np.ndarray | None = None) -> pd.Series:
    """Months (one decimal) from each person's first dated answer in the same organization and
    unit; missing for anonymous or undated answers. ``respondents``: the respondent codes as numbers
    (equal codes, equal numbers; -1: none), when already known.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"organization": "A", "unit": "x", "respondent": ["r1", "r1", None],
    ...                   "date": pd.to_datetime(["2024-01-01", "2024-07-01", "2024-02-01"])})
    >>> months_since_first(t).tolist()
    [0.0, 6.0, nan]
    """
    import numpy as np
    import pandas as pd

    dates = pd.to_datetime(frame["date"]).dt.normalize()
    person = [pd.factorize(frame[c])[0] if c != "respondent" or respondents is None else respondents
              for c in ("organization", "unit", "respondent")]  # -1: missing
    known = np.logical_and.reduce([codes >= 0 for codes in person])
    sizes = [int(codes.max()) + 2 if len(codes) else 1 for codes in person]
    if isinstance(dates.dtype, np.dtype) and float(np.prod(sizes, dtype=float)) < 2**62:
        # one number per person (as groupby numbers the codes, -1 its own), their first dates found
        # in one pass: np.minimum.at over the dates as integers, a missing date never the least
        key = np.zeros(len(dates), dtype=np.int64)
        for codes, size in zip(person, sizes):
            key = key * size + (codes + 1)
        key, people = pd.factorize(key)
        stamps = dates.to_numpy().view(np.int64)
        missing = np.iinfo(np.int64).max
        least = np.full(len(people), missing, dtype=np.int64)
        np.minimum.at(least, key, np.where(dates.isna().to_numpy(), missing, stamps))
        least = least[key]
        least[least == missing] = np.iinfo(np.int64).min  # a person without a dated answer: NaT
        first = pd.Series(least.view(dates.dtype), index=dates.index, name=dates.name)
    else:
        first = dates.groupby(person).transform("min")
    months = ((dates - first).dt.days / DAYS_PER_MONTH).round(1)
    return months.where(known).astype(float)
