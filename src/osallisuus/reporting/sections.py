"""Building blocks of the HTML reports: notebooks/unit_report.ipynb and
notebooks/regional_summary.ipynb call these, one section per cell.

Everything shown comes from the suppressed result tables (:mod:`osallisuus.statistics.tables`), so a
group below ``min_n`` is hidden in tables and figures alike. Respondent codes never reach a
report; open answers only when ``show_open_answers`` is set, and then masked.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from IPython.display import HTML, Markdown, display

from ..statistics.change import alku_sd
from ..intake.codebook import load_codebooks
from ..errors import InputError
from ..instruments import score_all
from ..statistics.tables import result_tables
from .masking import mask_text
from ..schema import CANONICAL_COLUMNS, ROUNDS, SOURCE_COLUMNS
from ..intake.store import Store, with_round_order
from .texts import LANGUAGES, TEXTS

#: FinSote 2019 adult mean (THL; domain brief, "Reference means").
FINSOTE_2019 = 75.2
PALETTE = ["#1f5f8b", "#e07b39", "#5b9e47", "#9b59b6"]
REPORT_TABLES = ("summary", "items", "change", "change_items", "respondent_types", "mixed_model")
def section(method: Callable[..., None]) -> Callable[..., None]:
    """A report section: shows nothing when the group is too small to report."""

    @functools.wraps(method)
    def wrapped(self: Report, *args, **kwargs) -> None:
        if not self.too_small():
            method(self, *args, **kwargs)

    return wrapped


class Texts:
    """Texts and number formats in the report language (decimal comma in fi and sv)."""

    language: str
    min_n: int

    def t(self, key: str, **values) -> str:
        return TEXTS[self.language][key].format(min_n=self.min_n, **values)

    def num(self, x: float, decimals: int = 1) -> str:
        if x is None or pd.isna(x):
            return "–"
        text = f"{x:.{decimals}f}"
        return text if self.language == "en" else text.replace(".", ",").replace("-", "−")

    def pct(self, x: float) -> str:
        if x is None or pd.isna(x):
            return "–"
        return f"{100 * x:.0f}%" if self.language == "en" else f"{100 * x:.0f} %"

    def count(self, value: float) -> str:
        return self.t("suppressed") if pd.isna(value) else f"{int(value)}"

    def table(self, frame: pd.DataFrame) -> None:
        display(HTML(frame.to_html(index=False, border=0, classes="osallisuus", escape=True, na_rep="–")))

    def show(self, fig: plt.Figure) -> None:
        fig.tight_layout()
        display(fig)
        plt.close(fig)


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise InputError(None, f"raportin kieli '{language}' ei ole tuettu ({', '.join(LANGUAGES)}).",
                         f"report language '{language}' is not supported.")


def _style() -> None:
    sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE)
    plt.rcParams["figure.dpi"] = 110


class Report(Texts):
    """One report's data, tables and texts. Build it with :meth:`load`."""

    def __init__(self, frame: pd.DataFrame, store: Store, *, organization: str, unit: str, language: str,
                 min_n: int, max_missing: int, reference_mean: float, reference_label: str, period: str,
                 outside: int, source_rows: pd.Series | None = None, rc_sd: float | None = None,
                 show_open_answers: bool = False):
        _check_language(language)
        self.frame, self.store = frame, store
        self.organization, self.unit, self.language = organization, unit, language
        self.min_n, self.max_missing = min_n, max_missing
        self.reference_mean, self.reference_label = reference_mean, reference_label
        self.period, self.outside, self.show_open_answers = period, outside, show_open_answers
        self.source_rows = source_rows if source_rows is not None else frame["source_file"].value_counts()
        # a unit report needs unit-level rows only; an organization report also its total
        by = ("unit",) if unit else ("organization", "unit")
        self.tables = result_tables(frame, by=by, min_n=min_n, names=REPORT_TABLES, rc_sd=rc_sd) if len(frame) else {}
        _style()

    @classmethod
    def load(cls, data_dir: str, organization: str, unit: str = "", period_start: str = "", period_end: str = "",
             rounds: list[str] | tuple[str, ...] = ROUNDS, language: str = "fi", min_n: int = 5, max_missing: int = 0,
             reference_mean: float = FINSOTE_2019, reference_label: str = "FinSote 2019, aikuiset (THL)",
             show_open_answers: bool = False) -> Report:
        """Select one organization (and unit), period and rounds from the processed store."""
        store = Store(data_dir)
        frame = store.read_responses()
        check_scope(frame, organization, unit)
        rows = frame[(frame["organization"] == organization) & ((frame["unit"] == unit) if unit else True)]
        rows = rows[rows["round"].isin(list(rounds))]
        inside = pd.Series(True, index=rows.index)
        if period_start:
            inside &= rows["date"] >= pd.Timestamp(period_start)
        if period_end:
            inside &= rows["date"] <= pd.Timestamp(period_end)
        outside = int((~inside).sum())
        rows = rows[inside]
        if max_missing:
            rows = score_all(rows[list(CANONICAL_COLUMNS + SOURCE_COLUMNS)], esis_max_missing=max_missing)
        period = f"{period_start or '…'} – {period_end or '…'}" if period_start or period_end else ""
        return cls(with_round_order(rows.reset_index(drop=True)), store, organization=organization, unit=unit,
                   language=language, min_n=min_n, max_missing=max_missing, reference_mean=reference_mean,
                   reference_label=reference_label, period=period, outside=outside,
                   source_rows=frame["source_file"].value_counts(), rc_sd=alku_sd(frame),
                   show_open_answers=show_open_answers)

    # -- helpers ------------------------------------------------------------------------
    def _rows(self, name: str) -> pd.DataFrame:
        """The report's own rows of a result table: the unit's, or the organization total."""
        table = self.tables[name]
        mine = table["unit"] == self.unit
        if "organization" in table:
            mine &= table["organization"] == self.organization
        return table[mine]

    def n_respondents(self) -> int:
        """Respondents (codes, plus each anonymous answer) in the report's group."""
        return int(self.frame["respondent"].nunique() + self.frame["respondent"].isna().sum())

    def too_small(self) -> bool:
        return self.n_respondents() < self.min_n or len(self.frame) < self.min_n

    # -- sections -----------------------------------------------------------------------
    def header(self) -> None:
        who = self.unit or f"{self.organization}, {self.t('all_units')}"
        lines = [f"# {self.t('title')}: {who}", f"**{self.organization}**  "]
        lines.append(f"{self.t('period')}: {self.period or self.t('whole_period')} · {self.t('made')} "
                     f"{date.today():%d.%m.%Y} · {self.t('data_version')} {self.store.version()}")
        display(Markdown("\n".join(lines)))

    def too_small_notice(self) -> None:
        display(Markdown(f"> **{self.t('too_small')}**"))

    def total_hidden(self) -> bool:
        """True when the group's own totals are suppressed (a total that would reveal a small group)."""
        return bool(self._rows("summary")["suppressed"].any())

    @section
    def who(self) -> None:
        s = self._rows("summary").set_index("round")
        display(Markdown(f"## {self.t('who')}"))
        if self.total_hidden():
            display(Markdown(self.t("total_hidden")))
        else:
            n_anon = int(self.frame["respondent"].isna().sum())
            display(Markdown(self.t("who_text", n_answered=len(self.frame), n_people=self.n_respondents(),
                                    n_anon=self.count(n_anon if n_anon == 0 or n_anon >= self.min_n else np.nan))))
        self.table(pd.DataFrame({
            self.t("round"): [self.t(r) for r in s.index],
            self.t("answers"): [self.count(v) for v in s["n_answered"]],
            self.t("n") + " (ESIS)": [self.count(v) for v in s["n_scored"]],
        }))
        if self.total_hidden():
            return
        for col, key in (("language", "by_language"), ("service", "by_service")):
            groups = collapse_small(self._people_by(col), self.min_n, self.t("other"))
            display(Markdown(f"**{self.t(key)}** ({self.t('n').lower()}): " +
                             ", ".join(f"{k} {v}" for k, v in groups.items())))

    def _people_by(self, column: str) -> pd.Series:
        """Respondents per category (a code counts once, each anonymous answer once)."""
        people = self.frame.assign(_who=self.frame["respondent"].fillna(pd.Series(self.frame.index.astype(str),
                                                                                  index=self.frame.index)))
        return people.drop_duplicates("_who")[column].fillna("–").value_counts()

    @section
    def esis(self) -> None:
        s = self._rows("summary")
        display(Markdown(f"## {self.t('esis')}\n\n" + self.t(
            "esis_text", reference_label=self.reference_label, reference=self.num(self.reference_mean))))
        shown = s[~s["suppressed"] & s["esis_mean"].notna()]
        sentences = [self.t("esis_sentence", round=self.t(r.round), mean=self.num(r.esis_mean),
                            low=self.num(r.esis_ci_low), high=self.num(r.esis_ci_high), n=int(r.n_scored))
                     for r in shown.itertuples()]
        display(Markdown("\n".join(f"* {x}" for x in sentences)))
        if shown.empty:
            return
        fig, ax = plt.subplots(figsize=(6.5, 3.2))
        x = np.arange(len(shown))
        ax.errorbar(x, shown["esis_mean"], yerr=[shown["esis_mean"] - shown["esis_ci_low"],
                                                  shown["esis_ci_high"] - shown["esis_mean"]],
                    fmt="o", capsize=6, color=PALETTE[0], label=self.t("mean_ci"))
        ax.axhline(self.reference_mean, ls="--", color="grey", label=f"{self.t('reference')}: {self.reference_label}")
        ax.set_xticks(x, [self.t(r) for r in shown["round"]])
        ax.set_ylim(0, 100)
        ax.set_ylabel(self.t("score"))
        ax.legend(loc="lower right", fontsize=8)
        self.show(fig)

    @section
    def distribution(self) -> None:
        """Quartiles per round from the suppressed summary (no whiskers: min and max are
        single respondents' scores)."""
        s = self._rows("summary")
        s = s[s["esis_median"].notna()]
        display(Markdown(f"### {self.t('distribution')}\n\n{self.t('distribution_text')}"))
        if s.empty:
            return
        fig, ax = plt.subplots(figsize=(6.5, 0.9 + 0.5 * len(s)))
        y = np.arange(len(s))
        ax.barh(y, s["esis_q3"] - s["esis_q1"], left=s["esis_q1"], height=0.5, color=PALETTE[0], alpha=0.35,
                label=self.t("iqr"))
        ax.scatter(s["esis_median"], y, marker="|", s=400, color=PALETTE[0], label=self.t("median"))
        ax.set_yticks(y, [self.t(r) for r in s["round"]])
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel(self.t("score"))
        ax.legend(fontsize=8, loc="lower right")
        self.show(fig)

    @section
    def statements(self) -> None:
        items = self._rows("items")
        items = items[~items["suppressed"]]
        display(Markdown(f"## {self.t('statements')}\n\n{self.t('statements_text')}"))
        if items.empty:
            return
        first = items[items["round"] == items["round"].iloc[0]]
        books = load_codebooks()
        labels = [_wrap(books.item_text(i, self.language), 48) for i in first["item"]]
        fig, ax = plt.subplots(figsize=(7.5, 5.2))
        y = np.arange(len(first))
        ax.barh(y, first["share_agree"] * 100, color=PALETTE[0], label=self.t("agree"))
        ax.barh(y, first["share_fully_agree"] * 100, color=PALETTE[1], label=self.t("fully_agree"))
        ax.set_yticks(y, labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("%")
        ax.legend(loc="lower right", fontsize=8)
        self.show(fig)

    @section
    def change(self) -> None:
        display(Markdown(f"## {self.t('change')}\n\n{self.t('change_text')}"))
        rows = self._rows("change")
        rows = rows[~rows["suppressed"]]
        if rows.empty:
            display(Markdown(self.t("change_none")))
            return
        display(Markdown("\n".join("* " + self.t(
            "change_sentence", comparison=self.t(r.comparison), n=int(r.n_pairs), diff=self.num(r.mean_diff),
            low=self.num(r.ci_low), high=self.num(r.ci_high), improved=self.pct(r.share_improved),
            worsened=self.pct(r.share_worsened)) for r in rows.itertuples())))
        fig, ax = plt.subplots(figsize=(6.5, 0.6 + 0.55 * len(rows)))
        y = np.arange(len(rows))
        ax.hlines(y, rows["mean_before"], rows["mean_after"], color="lightgrey", lw=4)
        ax.scatter(rows["mean_before"], y, color=PALETTE[1], zorder=3, label=self.t("before"))
        ax.scatter(rows["mean_after"], y, color=PALETTE[0], zorder=3, label=self.t("after"))
        ax.set_yticks(y, [f"{self.t(c)} (n={int(n)})" for c, n in zip(rows["comparison"], rows["n_pairs"])])
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel(self.t("score"))
        ax.legend(fontsize=8, loc="lower right")
        self.show(fig)
        table = pd.DataFrame({
            self.t("comparison"): [self.t(c) for c in rows["comparison"]],
            self.t("n"): rows["n_pairs"].astype(int),
            self.t("before"): rows["mean_before"].map(self.num), self.t("after"): rows["mean_after"].map(self.num),
            self.t("diff"): rows["mean_diff"].map(self.num),
            self.t("ci"): [f"{self.num(a)} … {self.num(b)}" for a, b in zip(rows["ci_low"], rows["ci_high"])],
            "p (t)": rows["p_t"].map(lambda p: self.num(p, 3)),
            "p (Wilcoxon)": rows["p_wilcoxon"].map(lambda p: self.num(p, 3)),
            "d_z": rows["d_z"].map(lambda d: self.num(d, 2)), "r": rows["rank_biserial"].map(lambda d: self.num(d, 2)),
            self.t("improved"): rows["share_improved"].map(self.pct),
            self.t("unchanged"): rows["share_unchanged"].map(self.pct),
            self.t("worsened"): rows["share_worsened"].map(self.pct),
        })
        self.table(table)
        mixed = self._rows("mixed_model").set_index("term")
        if not mixed.empty and mixed["estimate"].notna().all():
            display(Markdown(self.t("mixed", vali=self._effect(mixed.loc["väli"]), loppu=self._effect(mixed.loc["loppu"]))))
        self._item_change()

    def _effect(self, row: pd.Series) -> str:
        return f"{self.num(row['estimate'])} ({self.num(row['ci_low'])} … {self.num(row['ci_high'])})"

    def _item_change(self) -> None:
        items = self._rows("change_items")
        items = items[~items["suppressed"]]
        if items.empty:
            return
        books = load_codebooks()
        display(Markdown(f"### {self.t('item_change')}"))
        self.table(pd.DataFrame({
            self.t("statement"): [books.item_text(i, self.language) for i in items["item"]],
            self.t("n"): items["n_pairs"].astype(int), self.t("diff"): items["mean_diff"].map(lambda d: self.num(d, 2)),
            "p (Holm)": items["p_holm"].map(lambda p: self.num(p, 3)),
        }))

    @section
    def types(self) -> None:
        display(Markdown(f"## {self.t('types')}\n\n{self.t('types_text')}"))
        rows = self._rows("respondent_types")
        self.table(pd.DataFrame({
            self.t("type"): [self.t(t) for t in rows["type"]],
            self.t("n"): [self.count(v) for v in rows["n"]],
            self.t("mean"): rows["esis_first_mean"].map(self.num),
        }))
        display(Markdown(f"*{self.t('cross_text')}*"))

    @section
    def wellbeing(self) -> None:
        s = self._rows("summary")
        if s["loneliness_n"].isna().all() and s["eurohis_n"].isna().all():
            return
        display(Markdown(f"## {self.t('wellbeing')}\n\n{self.t('lonely_text')}"))
        self.table(pd.DataFrame({
            self.t("round"): [self.t(r) for r in s["round"]],
            self.t("lonely"): [f"{self.pct(v)} (n={self.count(n)})" for v, n in zip(s["lonely_share"], s["loneliness_n"])],
            self.t("good_qol"): [f"{self.pct(v)} (n={self.count(n)})" for v, n in zip(s["good_qol_share"], s["eurohis_n"])],
            "EUROHIS-8": s["eurohis_mean"].map(lambda v: self.num(v, 2)),
        }))

    @section
    def pace(self) -> None:
        dated = self.frame.dropna(subset=["date"])
        if dated.empty or self.total_hidden():
            return
        display(Markdown(f"## {self.t('pace')}\n\n{self.t('pace_text')}"))
        months = dated["date"].dt.to_period("M").value_counts().sort_index()
        months = months.reindex(pd.period_range(months.index.min(), months.index.max(), freq="M"), fill_value=0)
        fig, ax = plt.subplots(figsize=(7, 2.8))
        shown = months.where(months >= self.min_n)
        ax.bar(range(len(months)), shown.fillna(0), color=PALETTE[0])
        for i, count in enumerate(months):
            if 0 < count < self.min_n:
                ax.text(i, 0.5, f"<{self.min_n}", ha="center", va="bottom", fontsize=7, color="grey")
        ax.set_xticks(range(len(months)), [p.strftime("%m/%y") for p in months.index], rotation=90, fontsize=7)
        ax.set_ylabel(self.t("answers"))
        self.show(fig)

    @section
    def howto(self) -> None:
        display(Markdown(f"## {self.t('howto')}\n\n{self.t('howto_text')}"))

    @section
    def methods(self) -> None:
        change = self.tables["change"]
        rc = change.iloc[0] if len(change) else None
        display(Markdown(f"## {self.t('methods')}\n\n" + self.t(
            "methods_text", max_missing=self.max_missing,
            rc=self.num(rc["rc_threshold"]) if rc is not None else "–",
            sd=self.num(rc["rc_sd"]) if rc is not None else "–",
            alpha=self.num(rc["rc_alpha"], 2) if rc is not None else "–")))
        rejected = self.store.read_rejected()
        files = set(self.frame["source_file"])
        mine = rejected[rejected["file"].isin(files)] if len(rejected) else rejected
        rejected_rows = int((mine["level"] == "row").sum()) if len(mine) else 0
        read = int(self.source_rows.reindex(list(files), fill_value=0).sum()) + rejected_rows
        display(Markdown(f"### {self.t('quality')}\n\n" + self.t(
            "quality_text", read=read, rejected_rows=rejected_rows,
            rejected_cells=int((mine["level"] == "cell").sum()) if len(mine) else 0,
            excluded=int(self.frame["esis_excluded"].notna().sum()), outside=self.outside)))

    @section
    def open_answers(self) -> None:
        if not self.show_open_answers:
            return
        answers = self.frame["open_effect"].dropna()
        if len(answers) < self.min_n:
            return
        display(Markdown(f"## {self.t('open')}\n\n{self.t('open_text')}\n\n" +
                         "\n".join(f"* {mask_text(a)}" for a in answers.sample(frac=1, random_state=1))))


class Regional(Texts):
    """All units side by side (notebooks/regional_summary.ipynb)."""

    def __init__(self, frame: pd.DataFrame, store: Store, language: str = "fi", min_n: int = 5,
                 reference_mean: float = FINSOTE_2019, reference_label: str = "FinSote 2019, aikuiset (THL)"):
        _check_language(language)
        self.frame, self.store, self.language, self.min_n = frame, store, language, min_n
        self.reference_mean, self.reference_label = reference_mean, reference_label
        self.tables = result_tables(frame, min_n=min_n, names=("summary", "change"), rc_sd=alku_sd(frame))
        _style()

    @classmethod
    def load(cls, data_dir: str, **options) -> Regional:
        store = Store(data_dir)
        return cls(store.read_responses(), store, **options)

    def _label(self, org: str, unit: str) -> str:
        return f"{unit} ({org})" if unit else f"{org}: {self.t('all_units')}"

    def header(self) -> None:
        display(Markdown(f"# {self.t('title')}: {self.t('regional')}\n\n{self.t('regional_text')}  \n"
                         f"{self.t('made')} {date.today():%d.%m.%Y} · {self.t('data_version')} {self.store.version()}"))

    def counts(self) -> None:
        s = self.tables["summary"]
        wide = s.set_index(["organization", "unit", "round"])["n_answered"].unstack("round").reindex(
            columns=list(ROUNDS))
        display(Markdown(f"## {self.t('who')}"))
        self.table(pd.DataFrame({
            self.t("unit"): [self._label(o, u) for o, u in wide.index],
            **{self.t(r): [self.count(v) for v in wide[r]] for r in ROUNDS},
        }))

    def means(self) -> None:
        s = self.tables["summary"]
        rows = s[(s["unit"] != "") & s["esis_mean"].notna()]
        display(Markdown(f"## {self.t('esis')}\n\n" + self.t(
            "esis_text", reference_label=self.reference_label, reference=self.num(self.reference_mean))))
        if rows.empty:
            return
        rows = rows.assign(label=[self._label(o, u) for o, u in zip(rows["organization"], rows["unit"])])
        labels = list(dict.fromkeys(rows["label"]))
        fig, ax = plt.subplots(figsize=(7.5, 0.8 + 0.45 * len(labels)))
        for k, rnd in enumerate(ROUNDS):
            part = rows[rows["round"] == rnd]
            y = np.array([labels.index(v) for v in part["label"]]) + (k - 1) * 0.22
            ax.errorbar(part["esis_mean"], y, xerr=[part["esis_mean"] - part["esis_ci_low"],
                                                     part["esis_ci_high"] - part["esis_mean"]],
                        fmt="o", capsize=3, color=PALETTE[k], label=self.t(rnd))
        ax.axvline(self.reference_mean, ls="--", color="grey", label=self.t("reference"))
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel(f"{self.t('score')} ({self.t('mean_ci')})")
        ax.legend(fontsize=8, loc="lower right")
        self.show(fig)
        hidden = s[(s["unit"] != "") & s["suppressed"]]
        if len(hidden):
            names = sorted({self._label(o, u) for o, u in zip(hidden["organization"], hidden["unit"])})
            display(Markdown(f"*{self.t('suppressed')}: {', '.join(names)}*"))

    def change(self) -> None:
        c = self.tables["change"]
        display(Markdown(f"## {self.t('change')}\n\n{self.t('change_text')}"))
        rows = c[(c["comparison"] == "first_last") & (c["unit"] != "")]
        self.table(pd.DataFrame({
            self.t("unit"): [self._label(o, u) for o, u in zip(rows["organization"], rows["unit"])],
            self.t("n"): [self.count(v) for v in rows["n_pairs"]],
            self.t("diff"): rows["mean_diff"].map(self.num),
            self.t("ci"): [f"{self.num(a)} … {self.num(b)}" for a, b in zip(rows["ci_low"], rows["ci_high"])],
            "d_z": rows["d_z"].map(lambda d: self.num(d, 2)),
            self.t("improved"): rows["share_improved"].map(self.pct),
            self.t("worsened"): rows["share_worsened"].map(self.pct),
        }))
        shown = rows[~rows["suppressed"]]
        if shown.empty:
            return
        fig, ax = plt.subplots(figsize=(7.5, 0.8 + 0.4 * len(shown)))
        y = np.arange(len(shown))
        ax.errorbar(shown["mean_diff"], y, xerr=[shown["mean_diff"] - shown["ci_low"], shown["ci_high"] - shown["mean_diff"]],
                    fmt="o", capsize=4, color=PALETTE[0])
        ax.axvline(0, color="grey", lw=1)
        ax.set_yticks(y, [self._label(o, u) for o, u in zip(shown["organization"], shown["unit"])], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(f"{self.t('diff')} ({self.t('first_last')}), {self.t('mean_ci')}")
        self.show(fig)

    def howto(self) -> None:
        display(Markdown(f"## {self.t('howto')}\n\n{self.t('howto_text')}"))


def collapse_small(counts: pd.Series, min_n: int, other: str) -> pd.Series:
    """Categories with fewer than ``min_n`` go into ``other``; while ``other`` itself is below
    ``min_n`` the next smallest category joins it, so no small count can be read or derived.

    >>> collapse_small(pd.Series({"fi": 40, "sv": 7, "en": 3}), 5, "muut").to_dict()
    {'fi': 40, 'muut': 10}
    """
    counts = counts.sort_values(ascending=False)
    shown, hidden = counts[counts >= min_n], counts[counts < min_n]
    while 0 < hidden.sum() < min_n and len(shown):
        hidden = pd.concat([hidden, shown.iloc[-1:]])
        shown = shown.iloc[:-1]
    if hidden.sum() == 0:
        return shown
    return pd.concat([shown, pd.Series({other: int(hidden.sum())})])


def check_scope(frame: pd.DataFrame, organization: str, unit: str) -> None:
    """Raise a clear error when the organization or unit is not in the data."""
    organizations = sorted(frame["organization"].dropna().unique())
    if organization not in organizations:
        raise InputError(None, f"organisaatiota '{organization}' ei ole aineistossa. Tunnetut: {', '.join(organizations)}.",
                         f"unknown organization '{organization}'.", "Korjaa nimi params-tiedostoon.", "Fix the name.")
    units = sorted(frame.loc[frame["organization"] == organization, "unit"].dropna().unique())
    if unit and unit not in units:
        raise InputError(None, f"yksikköä '{unit}' ei ole organisaatiossa {organization}. Tunnetut: {', '.join(units)}.",
                         f"unknown unit '{unit}'.", "Korjaa nimi params-tiedostoon.", "Fix the name.")


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


__all__ = ["Report", "Regional", "check_scope", "FINSOTE_2019"]
