"""Building blocks of the HTML reports: notebooks/unit_report.ipynb and
notebooks/regional_summary.ipynb call these, one section per cell.

Everything shown follows :mod:`osallisuus.statistics.disclosure`: statistics come from the
suppressed result tables, and every count (forms, respondents, months, languages, services,
respondent types, themes) is computed over published cells only, an organization's as the sum
of its units' published counts. Respondent codes never reach a report; open answers only when
``show_open_answers`` is set, and then masked. Texts and number formats are in the report's
language (:mod:`osallisuus.texts`); each figure has an alt text and is also saved as
PNG and SVG beside the report when the runner gives a ``figures_dir``.
"""

from __future__ import annotations

import base64
import functools
import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown, display

from ..intake.codebook import load_codebooks
from ..intake.store import Store, with_round_order
from ..reference_values import references
from ..safe_text import plain
from ..schema import round_rank, rounds_in
from ..settings import check_all
from ..statistics.audit import Levels
from ..statistics.change import mixed_model
from ..statistics.disclosure import (
    OWN_SIZE,
    PROTECTS_OTHER,
    WHOLE_HIDDEN,
    collapse_small,
    publish,
    published_rows,
    respondents,
    sum_of_units,
)
from ..statistics.follow_up import ALL_ROUNDS, STATUSES, follow_ups, sum_shown
from ..statistics.groups import answers
from ..statistics.occasions import occasion_model
from ..texts import TEXTS, day, month, number, number_range, p_value, percent, text
from ..versions import provenance_line
from . import figures
from .dashboard import DASHBOARD_FILE
from .html import SUMMARY_MIME
from .params import check_scope
from .published import batch_paces, batch_tables
from .selection import (
    ATTRITION_GAP,
    clear_changes,
    in_period,
    in_rounds,
    moved_apart,
    official,
    people_by,
    region_totals,
    report_batch,
    scope,
    unit_changes,
)


def section(method: Callable[..., None]) -> Callable[..., None]:
    """A report section: shows nothing when the group is too small to report."""

    @functools.wraps(method)
    def wrapped(self: Report, *args, **kwargs) -> None:
        if not self.too_small():
            method(self, *args, **kwargs)

    return wrapped


class Texts:
    """Texts, number formats and figures in the report's language."""

    language: str
    min_n: int
    frame: pd.DataFrame
    history: pd.DataFrame | None = None  # every period (set by load)
    figures_dir: str = ""
    _figure_count: int = 0

    def t(self, key: str, **values) -> str:
        """The text ``key``. An organization's own round (a round of the data without a name in
        the catalogue) is named as written; any other missing key fails."""
        if key not in TEXTS[self.language] and not values:
            rounds = self.data_rounds()
            if key in rounds:
                return plain(key)
            if key.startswith("in_") and key.removeprefix("in_") in rounds:
                return self.t("own_round", round=plain(key.removeprefix("in_")))
        return text(self.language, key, min_n=self.min_n, **values)

    def data_rounds(self) -> set[str]:
        """The rounds of the report's data (every period when loaded from a store)."""
        data = self.frame if self.history is None else self.history
        return set(data["round"].dropna().astype(str)) if "round" in data else set()

    def round_order(self) -> list[str]:
        """The rounds in the data's order: own rounds as the store's codebooks order them."""
        data = self.frame if self.history is None else self.history
        ordered = "round" in data and getattr(data["round"].dtype, "ordered", False)
        return list(data["round"].cat.categories) if ordered else []

    def rounds_in(self, rounds: pd.Series) -> list[str]:
        """The rounds present in ``rounds`` (e.g. a table's column) in the data's order."""
        return rounds_in(rounds, self.round_order())

    def num(self, x: float | None, decimals: int = 1) -> str:
        return number(x, self.language, decimals)

    def pct(self, x: float | None) -> str:
        return percent(x, self.language)

    def p(self, x: float | None) -> str:
        return p_value(x, self.language)

    def count(self, value: float, reason: str = OWN_SIZE) -> str:
        """A published count, or why it is hidden (never "fewer than" for a count hidden for another group)."""
        if not pd.isna(value):
            return number(value, self.language, 0)
        return self.t({PROTECTS_OTHER: "hidden_other", WHOLE_HIDDEN: "hidden_whole"}.get(reason, "suppressed"))

    def part(self) -> None:
        """A major part of the report begins: printed, it starts a new page (the template's CSS)."""
        display(HTML('<div class="part"></div>'))

    def table(self, frame: pd.DataFrame, names: int = 1) -> None:
        """A table; its first ``names`` columns are names (left-aligned, may wrap), the rest figures."""
        classes = "osallisuus" + (" two-names" if names == 2 else "")
        display(HTML(frame.to_html(index=False, border=0, classes=classes, escape=True, na_rep="–")))

    def show(self, fig: plt.Figure, alt: str) -> None:
        """Show a figure as an image with ``alt`` text (decimal commas on its axes in fi/sv), and
        save it as PNG and SVG in ``figures_dir`` for slides."""
        figures.localise(fig, lambda x: self.num(x, 0 if float(x).is_integer() else 1))
        figures.finish(fig)
        png = figures.render_png(fig, dpi=110)  # laid out and drawn once: the SVG keeps the PNG's layout
        if self.figures_dir:
            self._figure_count += 1
            folder = Path(self.figures_dir)
            folder.mkdir(parents=True, exist_ok=True)
            stem = folder / f"kuva{self._figure_count:02d}"
            stem.with_suffix(".png").write_bytes(png)
            figures.save_svg(fig, stem.with_suffix(".svg"))
        plt.close(fig)
        data = base64.b64encode(png).decode("ascii")
        display(HTML(f'<img class="figure" alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'))

    def interval(self, low: float, high: float, decimals: int = 1) -> str:
        """A confidence interval that does not break across lines: "1,8–7,9"."""
        return number_range(low, high, self.language, decimals)

    def values_of(self, rows: pd.DataFrame, column: str) -> list[str]:
        """``column`` of each row to the decimals it is published with (the audit may show a
        mean to whole points: :mod:`osallisuus.statistics.audit`)."""
        return [self.num(v, int(d)) for v, d in zip(rows[column], rows["decimals"])]

    def intervals(self, rows: pd.DataFrame, low: str = "ci_low", high: str = "ci_high") -> list[str]:
        return [self.interval(a, b, int(d)) for a, b, d in zip(rows[low], rows[high], rows["decimals"])]

    def audit_note(self, rows: pd.DataFrame) -> None:
        """Say so under a table where the audit rounded or withheld a figure."""
        if "audit" in rows and (rows["audit"] != "").any():
            display(Markdown(f"*{self.t('audit_note')}*"))

    def quality(self, shown: pd.DataFrame, excluded: int) -> None:
        """Data quality of the published forms ``shown``: how many, their rejected cells, and
        ``excluded`` forms without a score (counted where the ESIS n is shown)."""
        rejected = self.store.read_rejected()
        cells = 0
        if len(rejected):  # rejected cells in the published forms
            keys = pd.MultiIndex.from_arrays([rejected["file"], pd.to_numeric(rejected["row"], errors="coerce")])
            mine = pd.MultiIndex.from_arrays([shown["source_file"], shown["source_row"]])
            cells = int(((rejected["level"] == "cell").to_numpy() & keys.isin(mine)).sum())
        version = self.store.version() if self.store.responses_path.exists() else "–"
        display(Markdown(f"### {self.t('quality')}\n\n" + " ".join((
            self.t("quality_forms", forms=len(shown)), self.t("quality_rejected", rejected_cells=cells),
            self.t("quality_excluded", excluded=excluded),
            self.t("made_with", versions=provenance_line(), data_version=version)))))

    def coding_note(self, n_coded: int, n_auto: int) -> str:
        """Who coded the themes: rules alone, rules for some and staff for the rest, or staff."""
        if n_auto >= n_coded:
            return self.t("themes_all_auto")
        return self.t("themes_some_auto", auto=n_auto) if n_auto else self.t("themes_none_auto")

    def months_of(self, dated: pd.Series) -> str:
        """The span of ``dated`` in months, or the period setting when nothing is dated."""
        if dated.empty:
            start, end = self.settings["period_start"], self.settings["period_end"]
            if not (start or end):
                return self.t("whole_period")
            return "–".join(day(date.fromisoformat(d), self.language) if d else "…" for d in (start, end))
        first, last = (month(d.to_period("M"), self.language) for d in (dated.min(), dated.max()))
        return first if first == last else f"{first}–{last}"

    def marks(self, rows: pd.DataFrame, values: list[str]) -> list[str]:
        """``values`` with a "*" where the row is shown but rests on fewer than 20 respondents."""
        return [f"{v} *" if low else v for v, low in zip(values, rows["low_precision"])]


class Years(Texts):
    """The year-over-year part of an annual report (organization report and regional summary):
    each year's numbers exactly as that year's own annual report publishes them, so nothing new
    is released, and which units joined or left, so that composition is not read as change."""

    store: Store
    settings: dict[str, Any]
    tables: dict[str, pd.DataFrame]

    def report_year(self) -> int | None:
        """The calendar year the report covers (period 1.1.–31.12. of one year, as ``params --year``)."""
        start, end = self.settings["period_start"], self.settings["period_end"]
        if start.endswith("-01-01") and end == f"{start[:4]}-12-31":
            return int(start[:4])
        return None

    def year_tables(self, year: int) -> dict[str, pd.DataFrame]:
        """The published tables of ``year``'s batch (every organization's answers of that year),
        as that year's annual report publishes them: the year-over-year part shows nothing new.
        Made once per year (kept here, and in the store's cache for the batch's other reports)."""
        if year == self.report_year():
            return self.tables
        if self.history is None:
            return {}
        made = self.__dict__.setdefault("_year_tables", {})
        if year not in made:
            batch = answers(self.history[self.history["date"].dt.year == year])
            levels = Levels(self.settings["protect_score"], self.settings["protect_answer"])
            settings = {**self.settings, "period_start": f"{year}-01-01", "period_end": f"{year}-12-31"}
            made[year] = batch_tables(self.store, batch, self.min_n, levels, scope(batch, settings))[0] if len(
                batch) else {}
        return made[year]

    def years_of(self, organization: str) -> list[int]:
        """The years up to the report's year in which ``organization`` has dated answers (none
        when the report does not cover one calendar year)."""
        year, history = self.report_year(), self.history
        if year is None or history is None:
            return []
        mine = history[(history["organization"] == organization) & history["date"].notna()]
        return sorted(y for y in set(mine["date"].dt.year) if y <= year)

    def year_records(self, organization: str, years: list[int]) -> list[dict[str, Any]]:
        """``organization``'s published numbers in each of ``years``: units shown, the start
        round's summary row, the first → latest change row, respondent types, units joined/left."""
        records, units_before = [], None
        for y in years:
            tables = self.year_tables(y)
            record: dict[str, Any] = {"year": y}
            if tables:
                def org(name: str, tables=tables) -> pd.DataFrame:
                    t = tables[name]
                    return t[(t["organization"] == organization) & (t["unit"] == "")]
                summary, change, types = org("summary"), org("change"), org("respondent_types")
                unit_rows = tables["summary"]
                shown_units = set(unit_rows.loc[(unit_rows["organization"] == organization) & (unit_rows["unit"] != "")
                                                & ~unit_rows["suppressed"], "unit"])
                start = summary[summary["round"].astype(str) == "alku"]
                first_last = change[change["comparison"] == "first_last"]
                counts = types.set_index("type")["n"] if len(types) else pd.Series(dtype=float)
                record.update(units=shown_units, start=start.iloc[0] if len(start) else None,
                              change=first_last.iloc[0] if len(first_last) else None, types=counts)
                record["joined"] = sorted(shown_units - units_before) if units_before is not None else []
                record["left"] = sorted(units_before - shown_units) if units_before is not None else []
                units_before = shown_units
            records.append(record)
        return records

    def years_table(self, records: list[dict[str, Any]], organization: str = "") -> pd.DataFrame:
        """The years side by side: one row per record of :meth:`year_records` (first the
        ``organization``'s name, when given: the regional summary)."""
        named = {self.t("organization"): [plain(organization)] * len(records)} if organization else {}
        return pd.DataFrame({
            **named,
            self.t("year"): [str(r["year"]) for r in records],
            self.t("units_shown"): [self.num(len(r.get("units", ())), 0) for r in records],
            self.t("respondents"): [self._respondents_of(r.get("types")) for r in records],
            self.t("start_level"): [self._level(r.get("start")) for r in records],
            self.t("first_latest"): [self._year_change(r.get("change")) for r in records],
            self.t("retention"): [self._retention(r.get("types")) for r in records],
        })

    def unit_moves(self, records: list[dict[str, Any]]) -> list[str]:
        """Sentences naming the units that joined or left, year by year."""
        changes = [self.t("units_joined", year=str(r["year"]), units=", ".join(plain(u) for u in r["joined"]))
                   for r in records if r.get("joined")]
        return changes + [self.t("units_left", year=str(r["year"]), units=", ".join(plain(u) for u in r["left"]))
                          for r in records if r.get("left")]

    def _respondents_of(self, types: pd.Series | None) -> str:
        if types is None or types.empty or types.isna().any():
            return "×"
        return self.num(types.sum(), 0)

    def _level(self, row: pd.Series | None) -> str:
        if row is None or pd.isna(row["esis_mean"]):
            return "×"
        return f"{self.num(row['esis_mean'], int(row['decimals']))} (n\u00a0=\u00a0{self.num(row['n_scored'], 0)})"

    def _year_change(self, row: pd.Series | None) -> str:
        if row is None or pd.isna(row["mean_diff"]):
            return "×"
        return (f"{_signed(self.num(row['mean_diff'], int(row['decimals'])))} ({self.interval(row['ci_low'], row['ci_high'])}; "
                f"n\u00a0=\u00a0{self.num(row['n_pairs'], 0)})")

    def _retention(self, types: pd.Series | None) -> str:
        """Share of the year's starters with a follow-up the same year: repeated / (repeated + start only)."""
        if types is None or types.empty:
            return "×"
        repeated, start_only = types.get("repeated"), types.get("start_only")
        if pd.isna(repeated) or pd.isna(start_only) or repeated + start_only == 0:
            return "×"
        return self.pct(repeated / (repeated + start_only))


class Report(Years):
    """One report's data, tables and texts. Build it with :meth:`load`."""

    def __init__(self, frame: pd.DataFrame, store: Store, settings: dict[str, Any], *,
                 batch: pd.DataFrame | None = None, figures_dir: str = ""):
        """``frame``: the report's own answers; ``batch``: every answer of the same period and
        rounds (default ``frame``), whose audited tables every report of the batch shares."""
        frame = answers(frame)
        self.frame, self.store, self.settings = frame, store, settings
        self.history: pd.DataFrame | None = None  # every period (set by load): the annual report's earlier years
        self.organization, self.unit, self.language = settings["organization"], settings["unit"], settings["language"]
        self.min_n, self.max_missing = settings["min_n"], settings["max_missing"]
        self.reference = references()[settings["reference"]]
        self.show_open_answers = settings["show_open_answers"]
        self.figures_dir = figures_dir
        self.shown = published_rows(frame, min_n=self.min_n)  # what every count is computed over
        self._respondents = int(sum_of_units(self.shown, lambda rows: pd.Series({"n": respondents(rows)})).sum())
        self.scored_with = store.scored_with() if store.responses_path.exists() else settings["max_missing"]
        self.batch = frame if batch is None else answers(batch)
        levels = Levels(settings["protect_score"], settings["protect_answer"])
        self.tables, self.audit = (batch_tables(store, self.batch, self.min_n, levels, scope(self.batch, settings))
                                   if len(frame) else ({}, []))
        if len(frame):  # the models are fitted for the report's own group only (not part of the export):
            by = ("unit",) if self.unit else ("organization", "unit")  # an organization's total, not its units
            self.tables["mixed_model"] = publish({"mixed_model": mixed_model(frame, by=by, min_n=self.min_n, depth=1)})[
                "mixed_model"]
            self.tables["occasion_model"] = publish(
                {"occasion_model": occasion_model(frame, by=by, min_n=self.min_n, depth=1)})["occasion_model"]
        figures.style()

    @classmethod
    def load(cls, data_dir: str, figures_dir: str = "", **settings: Any) -> Report:
        """Select one organization (and unit), period and rounds from the processed store.

        ``settings`` are the report settings by name (:mod:`osallisuus.settings`); each is
        checked, and a missing one takes its default. ESIS scores follow ``max_missing``: when
        the store was scored with another rule, they are computed again and the methods
        section says so. ``figures_dir``: where figures are also saved (the runner sets it).
        """
        values = check_all(settings, "unit_report")
        store = Store(data_dir)
        frame = store.read_responses(max_missing=values["max_missing"])
        check_scope(frame, values["organization"], values["unit"])
        batch = report_batch(frame, values)
        rows = batch[(batch["organization"] == values["organization"])
                     & ((batch["unit"] == values["unit"]) if values["unit"] else True)]
        report = cls(rows, store, values, batch=batch, figures_dir=figures_dir)
        report.history = with_round_order(in_rounds(frame, values))  # every period: the annual report's earlier years
        return report

    # -- helpers ------------------------------------------------------------------------
    def _rows(self, name: str) -> pd.DataFrame:
        """The report's own rows of a result table: the unit's, or the organization total
        (selected once per table; the sections read them a few times each)."""
        order = self.round_order()
        made = self.__dict__.setdefault("_own_rows", {})
        key = (name, tuple(order))
        if key not in made:
            table = self.tables[name]
            mine = table["unit"] == self.unit
            if "organization" in table:
                mine &= table["organization"] == self.organization
            rows = table[mine]
            if "round" in rows:  # own rounds: the codebook's order
                rows = rows.iloc[round_rank(rows["round"], order).argsort(kind="stable")]
            made[key] = rows
        return made[key].copy(deep=False)  # a section's own columns stay its own

    def _by_unit(self, per_unit: Callable[[pd.DataFrame], pd.Series]) -> pd.Series:
        """A breakdown of the report's group: the sum of its units' published breakdowns."""
        return sum_of_units(self.shown, per_unit)

    def n_respondents(self) -> int:
        """Respondents in published cells (codes once, each anonymous answer once), summed over units."""
        return self._respondents

    def too_small(self) -> bool:
        return self.n_respondents() < self.min_n

    def covered(self) -> str:
        """The months the report's published answers come from ("1/2024–12/2025"); the period
        setting (or "whole data") when no published answer has a date."""
        dated = self.shown["date"].dropna() if not self.too_small() else pd.Series(dtype="datetime64[ns]")
        return self.months_of(dated)

    def _types(self) -> pd.Series:
        rows = self._rows("respondent_types")
        return rows.set_index("type")["n"] if len(rows) else pd.Series(dtype=float)

    # -- sections -----------------------------------------------------------------------
    def header(self) -> None:
        who = self.unit or f"{self.organization}, {self.t('all_units')}"
        title = f"{self.t('title')}: {who}"
        lines = [f"# {self.t('title')}: {plain(who)}", f"**{plain(self.organization)}**  "]
        lines.append(f"{self.t('period')}: {self.covered()} · {self.t('made')} {day(date.today(), self.language)}")
        display(Markdown("\n".join(lines)))
        small = self.too_small()
        display({SUMMARY_MIME: {"state": "notice" if small else "full", "n": 0 if small else self.n_respondents(),
                                "title": title}}, raw=True)
        units = self.frame[["organization", "unit"]].drop_duplicates()
        left_out = len(units) - len(self.shown[["organization", "unit"]].drop_duplicates())
        if not self.unit and left_out and not small:
            display(Markdown(self.t("units_left_out", n=left_out)))

    def too_small_notice(self) -> None:
        key = "too_small" if self.unit or self.frame["unit"].nunique() <= 1 else "too_small_units"
        display(Markdown(f"> **{self.t(key)}**"))

    @section
    def key_findings(self) -> None:
        """Three to five plain sentences from the numbers, each with its n, and what cannot be concluded."""
        s = self._rows("summary")
        s = s[s["esis_mean"].notna()]
        sentences = []
        if len(s):
            first, last = s.iloc[0], s.iloc[-1]
            sentences.append(self.t("kf_level", round_in=self.t(f"in_{first['round']}"),
                                    mean=self.num(first["esis_mean"], int(first["decimals"])),
                                    n=int(first["n_scored"]), reference_label=self.reference.label(self.language),
                                    reference=self.num(self.reference.mean)))
            if len(s) > 1:
                sentences[-1] += " " + self.t("kf_level_last", round_in=self.t(f"in_{last['round']}"),
                                              mean=self.num(last["esis_mean"], int(last["decimals"])),
                                              n=int(last["n_scored"]))
        change = self._rows("change")
        change = change[(change["comparison"] == "first_last") & ~change["suppressed"]]
        if len(change):
            sentences.extend(self.change_sentences(change.iloc[0]))
        else:
            sentences.append(self.t("kf_change_none"))
        types = self._types()
        started, followed = types.get("repeated", 0) + types.get("start_only", 0), types.get("repeated", 0)
        if not pd.isna(started) and started >= self.min_n:
            sentences.append(self.t("kf_retention", started=int(started), followed=self.count(followed),
                                    share=self.pct(followed / started) if not pd.isna(followed) else "–"))
        if not self.unit:
            sentences.extend(self.divergence())
        if self.attrition_gap() >= ATTRITION_GAP:
            sentences.append(self.t("kf_attrition", gap=self.num(self.attrition_gap())))
        sentences.append(self.t("kf_caution"))
        if self.n_respondents() < 20:
            sentences.append(self.t("kf_low_precision"))
        display(Markdown(f"## {self.t('key_findings')}\n\n" + "\n".join(f"* {x}" for x in sentences)))

    def change_sentences(self, c: pd.Series) -> list[str]:
        """The paired change of one published change row, and its reliable-change shares, in words."""
        d = int(c["decimals"])
        shown = self.num(c["mean_diff"], d)
        moved = ("moved_none" if shown.strip("0,.−-") == "" else
                 "moved_up" if c["mean_diff"] > 0 else "moved_down")
        words = [self.t("kf_change", n=int(c["n_pairs"]), interval=self.interval(c["ci_low"], c["ci_high"], d),
                        moved=self.t(moved, diff=shown.lstrip("−-")))]
        if not pd.isna(c["share_improved"]):
            none_worse = self.pct(c["share_worsened"]) == self.pct(0)
            words.append(self.t("kf_reliable_none_worse" if none_worse else "kf_reliable",
                                improved=self.pct(c["share_improved"]), worsened=self.pct(c["share_worsened"])))
        return words

    def unit_changes(self) -> pd.DataFrame:
        """The organization's units' published first→last change rows (hidden ones included)."""
        return unit_changes(self.tables["change"], self.organization)

    def divergence(self) -> list[str]:
        """A key finding when the organization's units moved in different directions: at least
        one rose and another fell by :data:`DIVERGENCE` points or more (shown changes only)."""
        up, down = moved_apart(self.unit_changes())
        if up.empty:
            return []

        def listed(part: pd.DataFrame) -> str:
            return ", ".join(f"{plain(u)} {_signed(v)}" for u, v in zip(part["unit"], self.values_of(part, "mean_diff")))

        return [self.t("kf_divergence", up=listed(up), down=listed(down))]

    def attrition_gap(self) -> float:
        """How many points lower start-only respondents started than those who stayed (NaN if not shown)."""
        rows = self._rows("respondent_types")
        means = rows.set_index("type")["esis_first_mean"] if len(rows) else pd.Series(dtype=float)
        return float(means.get("repeated", float("nan")) - means.get("start_only", float("nan")))

    @section
    def units(self) -> None:
        """An organization report's units side by side: respondents and mean at the first round,
        the first→last change with its CI and reliable-change shares; hidden cells say why.
        Every number is a cell of the audited published tables."""
        if self.unit:
            return
        summary = self.tables["summary"]
        summary = summary[(summary["organization"] == self.organization) & (summary["unit"] != "")]
        rounds = self.rounds_in(summary["round"]) or ["alku"]
        start = summary[summary["round"].astype(str) == rounds[0]].set_index("unit")
        change = self.unit_changes().set_index("unit")
        names = sorted(set(self.frame["unit"].astype(str)))
        in_round = self.t(f"in_{rounds[0]}")
        display(Markdown(f"## {self.t('units')}\n\n{self.t('units_text', round_in=in_round[0].lower() + in_round[1:])}"))

        def cell(table: pd.DataFrame, unit: str, column: str, shown: Callable[[pd.Series], str]) -> str:
            if unit not in table.index:
                return self.t("suppressed")
            row = table.loc[unit]
            if row["suppressed"] or pd.isna(row[column]):
                return self.count(float("nan"), row["suppressed_reason"]) if row["suppressed"] else "–"
            return shown(row)

        def column(table: pd.DataFrame, name: str, shown: Callable[[pd.Series], str]) -> list[str]:
            return [cell(table, u, name, shown) for u in names]

        at_start = self.t(rounds[0])
        self.table(pd.DataFrame({
            self.t("unit"): [plain(u) for u in names],
            f"{self.t('n')}, {at_start}": column(start, "n_scored", lambda r: self.num(r["n_scored"], 0)),
            f"{self.t('mean')}, {at_start}": column(start, "esis_mean",
                                                    lambda r: self.num(r["esis_mean"], int(r["decimals"]))),
            self.t("pairs"): column(change, "n_pairs", lambda r: self.num(r["n_pairs"], 0)),
            self.t("diff"): column(change, "mean_diff", lambda r: _signed(self.num(r["mean_diff"], int(r["decimals"])))),
            self.t("ci"): column(change, "ci_low", lambda r: self.interval(r["ci_low"], r["ci_high"], int(r["decimals"]))),
            self.t("improved"): column(change, "share_improved", lambda r: self.pct(r["share_improved"])),
            self.t("worsened"): column(change, "share_worsened", lambda r: self.pct(r["share_worsened"])),
        }))
        self.audit_note(pd.concat([start, change]))

    @section
    def who(self) -> None:
        s = self._rows("summary").set_index("round")
        display(Markdown(f"## {self.t('who')}"))
        types = self._rows("respondent_types").set_index("type")
        anonymous = types["n"].get("anonymous", 0.0) if len(types) else 0.0
        reason = types["suppressed_reason"].get("anonymous", OWN_SIZE) if len(types) else OWN_SIZE
        display(Markdown(self.t("who_text", n_answered=self.num(len(self.shown), 0), n_people=self.num(
            self.n_respondents(), 0), n_anon=self.count(anonymous, reason))))
        self.table(pd.DataFrame({
            self.t("round"): [self.t(r) for r in s.index],
            self.t("answers"): [self.count(v) for v in s["n_answered"]],
            self.t("n_scored"): [self.count(v) for v in s["n_scored"]],
        }))
        names = load_codebooks().written
        for col, key in (("language", "by_language"), ("service", "by_service")):
            groups = self._by_unit(lambda rows, col=col: collapse_small(people_by(rows, col), self.min_n, "\0other"))
            groups = groups.sort_values(ascending=False)
            label = {k: self._category(names, col, k) for k in groups.index}
            display(Markdown(f"**{self.t(key)}** ({self.t('n').lower()}): " +
                             ", ".join(f"{label[k]} {self.num(v, 0)}" for k, v in groups.items())))

    def _category(self, names: dict, column: str, value: str) -> str:
        """A category as the reader knows it: "muut", a language's name, or the text as written."""
        if value == "\0other":
            return self.t("other")
        if value == "–":
            return self.t("unknown")
        if column == "language":
            name = names.get(("value", "language", self.language, value), value)
            return plain(name.capitalize() if self.language == "en" else name)
        return plain(value)

    @section
    def esis(self) -> None:
        s = self._rows("summary")
        label = self.reference.label(self.language)
        display(Markdown(f"## {self.t('esis')}\n\n" + self.t(
            "esis_text", reference_label=label, reference=self.num(self.reference.mean))))
        shown = s[~s["suppressed"] & s["esis_mean"].notna()]
        if len(shown):
            values = ", ".join(f"{self.t(r)} {m}" for r, m in zip(shown["round"], self.values_of(shown, "esis_mean")))
            self.show(figures.round_means(shown, [self.t(r) for r in shown["round"]], self.reference.mean,
                                          f"{self.t('reference')}: {label}", self.t("mean_ci"), self.t("score")),
                      self.t("alt_means", values=values, reference=self.num(self.reference.mean)))
            self.table(pd.DataFrame({
                self.t("round"): [self.t(r) for r in shown["round"]],
                self.t("n"): self.marks(shown, [self.num(v, 0) for v in shown["n_scored"]]),
                self.t("mean"): self.values_of(shown, "esis_mean"),
                self.t("ci"): self.intervals(shown, "esis_ci_low", "esis_ci_high"),
            }))
            self.audit_note(shown)
            if shown["low_precision"].any():
                display(Markdown(self.t("low_precision_mark").replace("*", "\\*", 1)))
        refs = references()
        display(Markdown(f"**{self.t('references')}**: " + "; ".join(
            f"{r.label(self.language)}: {self.num(r.mean)}" for r in refs.values() if r.key != self.reference.key)))

    @section
    def distribution(self) -> None:
        """Quartiles per round from the suppressed summary (no whiskers: min and max are
        single respondents' scores)."""
        s = self._rows("summary")
        s = s[s["esis_median"].notna()]
        if s.empty:
            return
        display(Markdown(f"### {self.t('distribution')}\n\n{self.t('distribution_text')}"))
        values = ", ".join(f"{self.t(r)} {a}–{b}–{c}" for r, a, b, c in zip(
            s["round"], self.values_of(s, "esis_q1"), self.values_of(s, "esis_median"), self.values_of(s, "esis_q3")))
        self.show(figures.quartiles(s, [self.t(r) for r in s["round"]], self.t("iqr"), self.t("median"),
                                    self.t("score")), self.t("alt_quartiles", values=values))

    @section
    def statements(self) -> None:
        items = self._rows("items")
        items = items[~items["suppressed"]]
        if items.empty:
            return
        rounds = list(dict.fromkeys(items["round"]))
        first = items[items["round"] == rounds[0]]
        display(Markdown(f"## {self.t('statements')}\n\n{self.t('statements_text', round=self.t(rounds[0]))}"))
        books = load_codebooks()
        statements = [books.item_text(i, self.language) for i in first["item"]]
        top, bottom = first["share_agree"].idxmax(), first["share_agree"].idxmin()
        self.show(figures.agreement(first, statements, self.t("agree"), self.t("fully_agree")),
                  self.t("alt_statements", round=self.t(rounds[0]), top=books.item_text(first.loc[top, "item"], self.language),
                         top_share=self.pct(first.loc[top, "share_agree"]),
                         bottom=books.item_text(first.loc[bottom, "item"], self.language),
                         bottom_share=self.pct(first.loc[bottom, "share_agree"])))
        wide = items.pivot(index="item", columns="round", values="share_agree")
        people = items.groupby("round", observed=True)["n"].max()
        columns = {r: self.t("agree_in", round=self.t(r), n=int(people[r])) for r in dict.fromkeys((rounds[0], rounds[-1]))}
        self.table(pd.DataFrame({
            self.t("statement"): [books.item_text(i, self.language) for i in wide.index],
            **{label: wide[r].map(self.pct).tolist() for r, label in columns.items()},
        }))
        if not official("esis", self.language):
            display(Markdown(f"*{self.t('statements_unofficial')}*"))
        if len(columns) > 1:
            note = self.t("statements_people", first=self.t(rounds[0]), last=self.t(rounds[-1]),
                          n_first=int(people[rounds[0]]), n_last=int(people[rounds[-1]]), change=self.t("change"))
            display(Markdown(f"*{note}*"))

    @section
    def change(self) -> None:
        display(Markdown(f"## {self.t('change')}\n\n{self.t('change_text')}"))
        rows = self._rows("change")
        rows = rows[~rows["suppressed"]]
        if rows.empty:
            display(Markdown(self.t("change_none")))
            return
        drawn = rows[rows["mean_before"].notna()]
        labels = [f"{self.t(c)} (n = {int(n)})" for c, n in zip(drawn["comparison"], drawn["n_pairs"])]
        values = ", ".join(f"{self.t(c)} {a} → {b}" for c, a, b in zip(
            rows["comparison"], self.values_of(rows, "mean_before"), self.values_of(rows, "mean_after")))
        changes = [_signed(d) for d in self.values_of(drawn, "mean_diff")]
        self.show(figures.dumbbell(drawn, labels, self.t("before"), self.t("after"), self.t("score"), changes),
                  self.t("alt_change", values=values))
        self.table(pd.DataFrame({
            self.t("comparison"): [self.t(c) for c in rows["comparison"]],
            self.t("n"): self.marks(rows, [self.num(v, 0) for v in rows["n_pairs"]]),
            self.t("before"): self.values_of(rows, "mean_before"), self.t("after"): self.values_of(rows, "mean_after"),
            self.t("diff"): [_signed(d) for d in self.values_of(rows, "mean_diff")],
            self.t("ci"): self.intervals(rows),
        }))
        self.table(pd.DataFrame({  # reliable change and the tests apart, so that no table runs past the page's margin
            self.t("comparison"): [self.t(c) for c in rows["comparison"]],
            self.t("improved"): rows["share_improved"].map(self.pct),
            self.t("unchanged"): rows["share_unchanged"].map(self.pct),
            self.t("worsened"): rows["share_worsened"].map(self.pct),
            "p (t)": rows["p_t"].map(self.p), "p (Wilcoxon)": rows["p_wilcoxon"].map(self.p),
            "d_z": rows["d_z"].map(lambda d: self.num(d, 2)), "r": rows["rank_biserial"].map(lambda d: self.num(d, 2)),
        }))
        self.audit_note(rows)
        if rows["low_precision"].any():
            display(Markdown(self.t("low_precision_mark").replace("*", "\\*", 1)))
        mixed = self._rows("mixed_model").set_index("term")
        if not mixed.empty and mixed["estimate"].notna().all():
            display(Markdown(self.t("mixed", vali=self._effect(mixed.loc["väli"]),
                                    loppu=self._effect(mixed.loc["loppu"]))))
        self._item_change()

    @section
    def occasions(self) -> None:
        """Services that measure again and again: the mean at each occasion of the people measured
        at least twice, the change per year over every occasion, and long-term clients' change
        from one yearly measurement to the next. Only for groups measuring beyond alku, väli, loppu."""
        rows = self._rows("trajectory")
        rows = rows[~rows["suppressed"] & rows["esis_mean"].notna()]
        yearly = self._rows("yearly_change")
        yearly = yearly[~yearly["suppressed"] & yearly["mean_diff"].notna()]
        if len(rows) < 2 and yearly.empty:
            return
        display(Markdown(f"## {self.t('occasions')}\n\n{self.t('occasions_text')}"))
        if len(rows) >= 2:
            labels = [self.t("occasion_n", n=int(k)) for k in rows["occasion"]]
            drawn = rows.rename(columns={"ci_low": "esis_ci_low", "ci_high": "esis_ci_high"})
            values = ", ".join(f"{label} {m}" for label, m in zip(labels, self.values_of(rows, "esis_mean")))
            self.show(figures.round_means(drawn, labels, self.reference.mean,
                                          f"{self.t('reference')}: {self.reference.label(self.language)}",
                                          self.t("mean_ci"), self.t("score")),
                      self.t("alt_trajectory", values=values, reference=self.num(self.reference.mean)))
            self.table(pd.DataFrame({
                self.t("occasion"): labels,
                self.t("months_from_start"): [self.num(v, 0) for v in rows["months_median"]],
                self.t("n"): self.marks(rows, [self.num(v, 0) for v in rows["n"]]),
                self.t("mean"): self.values_of(rows, "esis_mean"),
                self.t("ci"): self.intervals(rows),
            }))
            self.audit_note(rows)
        model = self._rows("occasion_model")
        if len(model) and model["estimate"].notna().all():
            row = model.iloc[0]
            display(Markdown(self.t("occasion_model", per_year=_signed(self.num(row["estimate"])),
                                    interval=self.interval(row["ci_low"], row["ci_high"]),
                                    n=int(row["n_respondents"]))))
        if len(yearly):
            display(Markdown(f"### {self.t('yearly')}\n\n{self.t('yearly_text')}"))
            self.table(pd.DataFrame({
                self.t("years"): [f"{y} → {y + 1}" for y in yearly["year"].astype(int)],
                self.t("n"): self.marks(yearly, [self.num(v, 0) for v in yearly["n_pairs"]]),
                self.t("before"): self.values_of(yearly, "mean_before"),
                self.t("after"): self.values_of(yearly, "mean_after"),
                self.t("diff"): [_signed(d) for d in self.values_of(yearly, "mean_diff")],
                self.t("ci"): self.intervals(yearly),
            }))
            self.audit_note(yearly)

    @section
    def years(self) -> None:
        """The annual report's year-over-year part (an organization report for a calendar year,
        when the store has the organization's answers from earlier years): each year's published
        respondents, start level, first → latest change and retention side by side, and which
        units joined or left, so that a change in who is measured is not read as change."""
        years = self.years_of(self.organization)
        if self.unit or len(years) < 2:
            return
        records = self.year_records(self.organization, years)
        display(Markdown(f"## {self.t('years_title')}\n\n{self.t('years_text')}"))
        self.table(self.years_table(records))
        changes = self.unit_moves(records)
        display(Markdown("\n".join(f"* {c}" for c in changes) if changes else self.t("units_same")))
        display(Markdown(self.t("years_caution")))

    def _effect(self, row: pd.Series) -> str:
        return f"{_signed(self.num(row['estimate']))} ({self.interval(row['ci_low'], row['ci_high'])})"

    def _item_change(self) -> None:
        items = self._rows("change_items")
        items = items[~items["suppressed"]]
        if items.empty:
            return
        books = load_codebooks()
        display(Markdown(f"### {self.t('item_change')}"))
        self.table(pd.DataFrame({
            self.t("statement"): [books.item_text(i, self.language) for i in items["item"]],
            self.t("n"): [self.num(v, 0) for v in items["n_pairs"]],
            self.t("diff"): [_signed(d) for d in self.values_of(items, "mean_diff")],
            "p (Holm)": items["p_holm"].map(self.p),
        }))

    @section
    def types(self) -> None:
        display(Markdown(f"## {self.t('types')}\n\n{self.t('types_text')}"))
        rows = self._rows("respondent_types")
        self.table(pd.DataFrame({
            self.t("type"): [self.t(t) for t in rows["type"]],
            self.t("n"): [self.count(v, r) for v, r in zip(rows["n"], rows["suppressed_reason"])],
            self.t("mean"): self.values_of(rows, "esis_first_mean"),
        }))
        self.audit_note(rows)
        display(Markdown(f"*{self.t('cross_text')}*"))

    @section
    def wellbeing(self) -> None:
        s = self._rows("summary")
        if s["loneliness_n"].isna().all() and s["eurohis_n"].isna().all():
            return
        display(Markdown(f"## {self.t('wellbeing')}\n\n{self.t('lonely_text')}"))
        self.table(pd.DataFrame({
            self.t("round"): [self.t(r) for r in s["round"]],
            self.t("lonely"): [f"{self.pct(v)} (n = {self.count(n)})" for v, n in zip(s["lonely_share"], s["loneliness_n"])],
            self.t("good_qol"): [f"{self.pct(v)} (n = {self.count(n)})"
                                 for v, n in zip(s["good_qol_share"], s["eurohis_n"])],
            "EUROHIS-8": s["eurohis_mean"].map(lambda v: self.num(v, 2)),
        }))

    @section
    def themes(self) -> None:
        """Themes of the open answers (counts per effect group), under the same disclosure rules."""
        from ..themes.codebook import labels, load_codebook
        from ..themes.tables import theme_examples, themes_of

        books = load_codebook(self.store.root)
        table, coding = themes_of(self.frame, self.store.root, min_n=self.min_n, books=books)
        mine = table[(table["organization"] == self.organization) & (table["unit"] == self.unit)]
        if mine.empty or mine["n_coded"].isna().all():
            return
        names = labels(books, self.language)
        everything = mine[mine["theme"] == ""].set_index("effect")
        n_coded, n_auto = int(everything.loc["all", "n_coded"]), int(everything.loc["all", "n_auto"])
        display(Markdown(f"## {self.t('themes')}\n\n" + self.t("themes_text", n=n_coded) + " "
                         + self.coding_note(n_coded, n_auto) + " "
                         + self.t("open_shown" if self.show_open_answers else "open_not_shown")))
        wide = mine[mine["theme"] != ""].pivot(index="theme", columns="effect", values="count")
        reasons = mine[mine["theme"] != ""].pivot(index="theme", columns="effect", values="suppressed_reason")
        wide = wide.reindex([k for k in names if k in wide.index and wide.loc[k, "all"] != 0])
        wide = wide.sort_values("all", ascending=False)

        def cell(theme: str, effect: str) -> str:
            value = wide.loc[theme, effect]
            if pd.isna(value):
                return self.count(value, reasons.loc[theme, effect])
            return f"{int(value)} ({self.pct(value / n_coded)})" if effect == "all" else f"{int(value)}"

        self.table(pd.DataFrame({
            self.t("theme"): [names[k] for k in wide.index],
            **{self.t(f"effect_{e}"): [cell(k, e) for k in wide.index]
               for e in ("all", "positive", "none", "negative", "unclear")},
        }))
        if self.show_open_answers:
            shown = [k for k in wide.index if wide.loc[k, "all"] >= self.min_n]
            mine_rows = coding.index.intersection(self.shown.index)
            for key in shown[:5]:
                examples = theme_examples(coding.loc[mine_rows], key, k=3)
                if examples:
                    display(Markdown(f"**{plain(names[key])}**\n\n" + "\n".join(f"* {plain(e)}" for e in examples)))

    @functools.cached_property
    def unit_paces(self) -> tuple[pd.PeriodIndex, list[pd.DataFrame]]:
        """The months of the published answers and each unit's answers per month and round over
        them as published: the rows of the batch's table (:func:`batch_paces`), once per report."""
        dated = self.shown["date"].dropna()
        if dated.empty:
            return pd.PeriodIndex([], freq="M"), []
        span = pd.period_range(dated.min().to_period("M"), dated.max().to_period("M"), freq="M")
        paces = batch_paces(self.store, self.batch, self.min_n, scope(self.batch, self.settings))
        return span, [paces[unit].loc[[str(p) for p in span]].set_axis(list(span), axis=0)
                      for unit, _ in self.shown.groupby(["organization", "unit"])]

    def monthly_counts(self) -> pd.Series:
        """Forms per month as the pace chart draws them (hidden: NaN), the units' published months
        added up where every unit's month is shown (:func:`sum_shown`); empty when no form has a date."""
        span, parts = self.unit_paces
        if not parts:
            return pd.Series(dtype=float)
        return sum_shown([p[ALL_ROUNDS] for p in parts]).reindex(list(span))

    @section
    def pace(self) -> None:
        counts = self.monthly_counts()
        if counts.empty:
            return
        shown = counts.notna().any()  # every month's total may be withheld (follow_up.unit_pace)
        display(Markdown(f"## {self.t('pace')}\n\n{self.t('pace_text' if shown else 'pace_withheld')}"))
        if shown:
            top = counts.idxmax()
            alt = self.t("alt_pace", first=month(counts.index[0], self.language),
                         last=month(counts.index[-1], self.language), top=month(top, self.language),
                         top_n=self.num(counts[top], 0))
            self.show(figures.monthly(counts, "×", self.t("answers"), [month(p, self.language) for p in counts.index]),
                      alt)
        self._rounds_by_month()
        self._follow_ups()

    def _rounds_by_month(self) -> None:
        """Answers per month by round: each unit's months as published, summed over units."""
        span, parts = self.unit_paces
        table = sum_shown(parts).reindex(list(span)).drop(columns=ALL_ROUNDS)
        table = table[self.rounds_in(pd.Series(table.columns))]
        display(Markdown(f"### {self.t('rounds_by_month')}\n\n{self.t('rounds_by_month_text')}"))
        self.table(pd.DataFrame({
            self.t("month"): [month(p, self.language) for p in table.index],
            **{self.t(r): ["×" if pd.isna(v) else self.num(v, 0) for v in table[r]] for r in table.columns},
        }))

    def _follow_ups(self) -> None:
        """People whose next measurement is due or overdue (counts per unit, as published, summed)."""
        dated = self.frame["date"].dropna()
        if dated.empty:
            return
        as_of = pd.Timestamp(self.settings["period_end"]) if self.settings["period_end"] else dated.max()
        interval = self.settings["interval_months"]
        counts = sum_shown([follow_ups(rows, interval, as_of, self.min_n)
                            for _, rows in self.shown.groupby(["organization", "unit"])])
        display(Markdown(f"### {self.t('follow_ups')}\n\n" + self.t(
            "follow_ups_text", interval=interval, day=day(as_of.date(), self.language))))
        self.table(pd.DataFrame({
            self.t("status"): [self.t(f"status_{s}", interval=str(interval), twice=str(2 * interval)) for s in STATUSES],
            self.t("n"): ["×" if pd.isna(counts.get(s)) else self.num(counts.get(s), 0) for s in STATUSES],
        }))

    @section
    def howto(self) -> None:
        self.part()
        display(Markdown(f"## {self.t('howto')}\n\n{self.t('howto_text')}"))

    @section
    def methods(self) -> None:
        change = self._rows("change")
        change = change[change["rc_sd"].notna()]
        rc = change.iloc[0] if len(change) else None
        rule = self.t("rule_all") if self.max_missing == 0 else self.t("rule_some", max_missing=self.max_missing)
        rescored = "" if self.scored_with == self.max_missing else " " + self.t(
            "rescored", max_missing=self.max_missing, stored=self.scored_with)
        display(Markdown(f"## {self.t('methods')}\n\n" + self.t(
            "methods_text", rule=rule,
            rc=self.num(rc["rc_threshold"]) if rc is not None else "–",
            sd=self.num(rc["rc_sd"]) if rc is not None else "–",
            alpha=self.num(rc["rc_alpha"], 2) if rc is not None else "–") + rescored))
        s = self._rows("summary")
        scored = s[s["n_scored"].notna()]  # only where the ESIS n is shown, or it could be worked out
        self.quality(self.shown, int((scored["n_answered"] - scored["n_scored"]).sum()))

    @section
    def open_answers(self) -> None:
        """The answers staff marked publishable (``themes apply``), masked, as an appendix."""
        from ..themes.tables import themes_of

        if not self.show_open_answers or self.shown["open_effect"].dropna().shape[0] < self.min_n:
            return
        _, coding = themes_of(self.frame, self.store.root, min_n=self.min_n)
        published = coding.loc[coding.index.intersection(self.shown.index)]
        published = published[published["publish"]]["text"]
        self.part()
        display(Markdown(f"## {self.t('open')}\n\n{self.t('open_text', n=len(published))}\n\n" +
                         "\n".join(f"* {plain(a)}" for a in published.sample(frac=1, random_state=1))))


class Regional(Years):
    """All units side by side (notebooks/regional_summary.ipynb). Build it with :meth:`load`.

    Organizations are told apart from units by their own column; the region total is the sum
    of the organizations' published counts (no region-wide mean is published: it would be a
    statistic outside the audited tables)."""

    def __init__(self, frame: pd.DataFrame, store: Store, settings: dict[str, Any], figures_dir: str = ""):
        self.frame, self.store, self.settings, self.figures_dir = frame, store, settings, figures_dir
        self.language, self.min_n = settings["language"], settings["min_n"]
        self.reference = references()[settings["reference"]]
        frame = self.frame = answers(frame)
        levels = Levels(settings["protect_score"], settings["protect_answer"])
        self.tables, self.audit = batch_tables(store, frame, self.min_n, levels, scope(frame, settings)) if len(frame) else (
            {}, [])
        self.shown = published_rows(frame, min_n=self.min_n) if len(frame) else frame
        figures.style()

    @classmethod
    def load(cls, data_dir: str, figures_dir: str = "", **settings: Any) -> Regional:
        """The whole store; ``settings`` by name, checked (:mod:`osallisuus.settings`)."""
        values = check_all(settings, "regional_summary")
        store = Store(data_dir)
        frame = store.read_responses(max_missing=values["max_missing"])
        summary = cls(in_period(frame, values), store, values, figures_dir)
        summary.history = with_round_order(frame)  # every period: the annual summary's earlier years
        return summary

    def _label(self, org: str, unit: str) -> str:
        return f"{unit} ({org})" if unit else f"{org}: {self.t('all_units')}"

    def _labels(self, rows: pd.DataFrame) -> pd.Series:
        return pd.Series([self._label(o, u) for o, u in zip(rows["organization"], rows["unit"])], index=rows.index)

    def _who(self, keys: list[tuple[str, str]]) -> dict[str, list[str]]:
        """The organization and unit columns of a table: an organization's own row says "all units"."""
        return {self.t("organization"): [plain(o) for o, _ in keys],
                self.t("unit"): [plain(u) if u else self.t("org_total") for _, u in keys]}

    def title(self) -> str:
        region = self.settings["region"]
        return f"{self.t('title')}: {region}" if region else f"{self.t('title')}: {self.t('regional')}"

    def header(self) -> None:
        dated = self.shown["date"].dropna() if len(self.shown) else pd.Series(dtype="datetime64[ns]")
        region = f"**{self.t('regional')}**  \n" if self.settings["region"] else ""
        display(Markdown(f"# {plain(self.title())}\n\n{region}{self.t('period')}: "
                         f"{self.months_of(dated)} · {self.t('made')} {day(date.today(), self.language)}\n\n"
                         f"{self.t('regional_text')}\n\n{self.t('dash_link', file=DASHBOARD_FILE)}"))
        n = int(self.shown.groupby(["organization", "unit"], observed=True).apply(respondents).sum()) if len(
            self.frame) else 0
        display({SUMMARY_MIME: {"state": "full" if n else "notice", "n": n, "title": self.title()}}, raw=True)

    def key_findings(self) -> None:
        """Plain sentences from the published tables: how many units are shown, the region's
        answers, the spread of the units' means, and which units' change is clear either way."""
        s = self.tables.get("summary")
        if s is None or s.empty:
            return
        units = s[s["unit"] != ""][["organization", "unit"]].drop_duplicates()
        shown_units = s[(s["unit"] != "") & ~s["suppressed"]][["organization", "unit"]].drop_duplicates()
        orgs = s["organization"].nunique()
        sentences = [self.t("rk_units", shown=len(shown_units), orgs=orgs)]
        if len(units) > len(shown_units):
            sentences[-1] += " " + self.t("rk_hidden", hidden=len(units) - len(shown_units))
        totals = region_totals(self.tables["summary"], self.round_order())
        if totals.notna().any():
            sentences.append(self.t("rk_answers", n=int(totals.sum()),
                                    rounds=", ".join(f"{self.t(r)} {self.num(v, 0)}" for r, v in totals.dropna().items())))
        means = s[(s["unit"] != "") & (s["round"].astype(str) == "alku") & s["esis_mean"].notna()]
        if len(means) > 1:
            low, high = means["esis_mean"].idxmin(), means["esis_mean"].idxmax()
            ends = [self.num(means.loc[i, "esis_mean"], int(means.loc[i, "decimals"])) for i in (low, high)]
            sentences.append(self.t("rk_means", range="–".join(ends), reference=self.num(self.reference.mean)))
        shown, up, down = clear_changes(self.tables["change"])
        if len(shown):
            sentences.append(self.t("rk_change", n=len(shown), up=self._names(up), down=self._names(down)))
        sentences.append(self.t("kf_caution"))
        display(Markdown(f"## {self.t('key_findings')}\n\n" + "\n".join(f"* {x}" for x in sentences)))

    def years(self) -> None:
        """The annual summary's year-over-year part by organization (a calendar-year summary, for
        each organization with answers in two or more years): the organization report's years
        side by side, every cell as that year's annual report publishes it; no region total
        (a sum over years or organizations would be a new figure, outside the audited tables)."""
        if not len(self.frame):
            return
        orgs = {o: self.years_of(o) for o in sorted(set(self.history["organization"]))} if self.history is not None else {}
        orgs = {o: years for o, years in orgs.items() if len(years) >= 2}
        if not orgs:
            return
        records = {o: self.year_records(o, years) for o, years in orgs.items()}
        display(Markdown(f"## {self.t('years_title')}\n\n{self.t('regional_years_text')}"))
        self.table(pd.concat([self.years_table(r, organization=o) for o, r in records.items()]), names=2)
        changes = [f"{plain(o)}: {c}" for o, r in records.items() for c in self.unit_moves(r)]
        display(Markdown("\n".join(f"* {c}" for c in changes) if changes else self.t("units_same")))
        display(Markdown(self.t("years_caution")))

    def _names(self, rows: pd.DataFrame) -> str:
        if rows.empty:
            return self.t("no_units")
        return ", ".join(f"{plain(u)} ({_signed(v)})" for u, v in zip(rows["unit"], self.values_of(rows, "mean_diff")))

    def counts(self) -> None:
        s = self.tables["summary"]
        rounds = self.rounds_in(s["round"])
        wide = s.set_index(["organization", "unit", "round"])["n_answered"].unstack("round").reindex(columns=rounds)
        keys = list(wide.index)
        totals = region_totals(self.tables["summary"], self.round_order())
        display(Markdown(f"## {self.t('who')}\n\n{self.t('regional_counts_text')}"))
        table = pd.DataFrame({
            **self._who(keys),
            **{self.t(r): [self.count(v) for v in wide[r]] for r in rounds},
        })
        region = pd.DataFrame({table.columns[0]: [self.t("region_total")], table.columns[1]: [""],
                               **{self.t(r): [self.count(totals[r]) if not pd.isna(totals[r]) else "–"] for r in rounds}})
        self.table(pd.concat([table, region], ignore_index=True), names=2)

    def means(self) -> None:
        s = self.tables["summary"]
        rows = s[(s["unit"] != "") & s["esis_mean"].notna()]
        display(Markdown(f"## {self.t('esis')}\n\n" + self.t(
            "esis_text", reference_label=self.reference.label(self.language), reference=self.num(self.reference.mean))))
        if rows.empty:
            return
        fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.6 * rows["unit"].nunique()))
        figures.plot_means(rows, ax=ax, reference=self.reference.mean, labels=self._labels(rows),
                           round_names={r: self.t(r) for r in self.rounds_in(rows["round"])}, reference_label=self.t("reference"),
                           xlabel=f"{self.t('score')}, {self.t('mean_ci')}")
        self.show(fig, self.t("alt_regional"))
        wide = s[s["esis_mean"].notna()].set_index(["organization", "unit", "round"])
        display(Markdown(f"### {self.t('unit_means')}"))
        keys = list(dict.fromkeys((o, u) for o, u, _ in wide.index))
        self.table(pd.DataFrame({
            **self._who(keys),
            **{self.t(r): [self._mean_cell(wide, (o, u, r)) for o, u in keys] for r in self.rounds_in(s["round"])},
        }), names=2)
        self.audit_note(wide)

    def _mean_cell(self, wide: pd.DataFrame, key: tuple) -> str:
        if key not in wide.index:
            return "–"
        row = wide.loc[key]
        mark = " *" if row["low_precision"] else ""
        return f"{self.num(row['esis_mean'], int(row['decimals']))} (n\u00a0=\u00a0{self.num(row['n_scored'], 0)}){mark}"

    def change(self) -> None:
        c = self.tables["change"]
        display(Markdown(f"## {self.t('change')}\n\n{self.t('change_text')}"))
        rows = c[(c["comparison"] == "first_last") & (c["unit"] != "")]
        self.table(pd.DataFrame({
            **self._who(list(zip(rows["organization"], rows["unit"]))),
            self.t("n"): [self.count(v) for v in rows["n_pairs"]],
            self.t("diff"): [_signed(d) for d in self.values_of(rows, "mean_diff")],
            self.t("ci"): self.intervals(rows),
            "d_z": rows["d_z"].map(lambda d: self.num(d, 2)),
            self.t("improved"): rows["share_improved"].map(self.pct),
            self.t("worsened"): rows["share_worsened"].map(self.pct),
        }), names=2)
        self.audit_note(rows)
        shown = rows[~rows["suppressed"] & rows["mean_diff"].notna()]
        if shown.empty:
            return
        fig, ax = plt.subplots(figsize=(7.5, 1.0 + 0.55 * len(shown)))
        figures.plot_change(shown, ax=ax, labels=self._labels(shown),
                            xlabel=f"{self.t('diff')} ({self.t('first_last')}), {self.t('mean_ci')}")
        self.show(fig, self.t("alt_regional_change"))

    def howto(self) -> None:
        self.part()
        display(Markdown(f"## {self.t('howto')}\n\n{self.t('howto_text')}"))

    def themes(self) -> None:
        """Mentions of each theme per organization (sums of the units' shown counts)."""
        from ..themes.codebook import labels, load_codebook
        from ..themes.tables import themes_of

        books = load_codebook(self.store.root)
        table, _ = themes_of(self.frame, self.store.root, min_n=self.min_n, books=books)
        rows = table[(table["unit"] == "") & (table["effect"] == "all") & (table["theme"] != "")]
        if rows.empty:
            return
        names = labels(books, self.language)
        wide = rows.pivot(index="theme", columns="organization", values="count")
        wide = wide.reindex([k for k in names if k in wide.index and (wide.loc[k] != 0).any()])
        totals = table[(table["unit"] == "") & (table["effect"] == "all") & (table["theme"] == "")]
        n_coded, n_auto = int(totals["n_coded"].sum()), int(totals["n_auto"].sum())
        display(Markdown(f"## {self.t('themes')}\n\n{self.t('themes_regional')} {self.coding_note(n_coded, n_auto)}"))
        self.table(pd.DataFrame({self.t("theme"): [names[k] for k in wide.index],
                                 **{org: [self.count(v, PROTECTS_OTHER) for v in wide[org]] for org in wide.columns}}))

    def methods(self) -> None:
        """How the figures were made and what was left out, for the region's published answers."""
        s = self.tables["summary"]
        units = s[(s["unit"] != "")]
        scored = units[units["n_scored"].notna() & units["n_answered"].notna()]
        display(Markdown(f"## {self.t('methods')}\n\n" + self.t("methods_regional")))
        self.quality(self.shown, int((scored["n_answered"] - scored["n_scored"]).sum()))


def _signed(text: str) -> str:
    """A change with its sign: "+5,8", "−1,2", "0,0"."""
    return text if text.startswith(("−", "-", "–")) or text.strip("0,.") == "" else f"+{text}"


__all__ = ["Report", "Regional"]
