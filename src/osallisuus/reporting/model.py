"""The published tables as a data model for Power BI and spreadsheets (``osallisuus export``,
``osallisuus dashboard``): fact tables and the dimension tables they join to.

* **Facts** are the audited tables of one publication
  (:func:`osallisuus.reporting.published.batch_tables` with ``region=True``), one row per
  group, with ``level`` (``region``, ``organization``, ``unit``): sum a count over the rows of
  *one* level, never over all rows (an organization row is the sum of its shown units).
* **Keys**: ``organization_id`` joins ``organizations``; ``group_id`` joins ``groups`` (one row
  per region, organization and unit: a report's group); ``round``, ``item``, ``comparison``,
  ``theme`` join their dimensions; ``service_id`` in ``groups`` joins ``services``.
* **One convention for every table**: keys first (:data:`KEY_COLUMNS`, then the table's own
  keys), then counts (whole numbers, nullable integers), then the statistics, then the
  disclosure flags (:data:`FLAG_COLUMNS`). Text in one language per cell: every label has a
  column per language (``name_fi``, ``name_sv``, ``name_en``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib import resources

import pandas as pd

from ..reference_values import references
from ..schema import ESIS_ITEMS, ROUNDS
from ..statistics.groups import level_of
from ..texts import LANGUAGES, TEXTS
from ..versions import provenance_line
from ..yaml_files import safe_load

KEY_COLUMNS = ["level", "organization_id", "group_id", "organization", "unit"]
#: The keys a fact table has beyond the group, in this order when present.
OWN_KEYS = ["year", "month", "round", "comparison", "item", "type", "before", "after", "theme", "effect", "status"]
FLAG_COLUMNS = ["suppressed", "suppressed_reason", "low_precision", "decimals", "audit"]
#: Columns left out of the model: ``note`` mixed two languages in one cell (the caution it gave
#: is in the data dictionary of ``cross_sectional``).
DROPPED = ["note", "region"]
FACTS = ("summary", "items", "reliability", "change", "change_items", "respondent_types", "cross_sectional", "themes",
         "pace", "follow_ups")
DIMENSIONS = ("organizations", "groups", "services", "rounds", "comparisons", "statements", "themes_dim", "references")


def is_count(column: str) -> bool:
    """Whether a column holds a count of people or answers (written as a whole number).

    >>> [c for c in ["n", "n_pairs", "eurohis_n", "count", "mean", "decimals"] if is_count(c)]
    ['n', 'n_pairs', 'eurohis_n', 'count', 'decimals']
    """
    return column in ("n", "count", "decimals") or column.startswith("n_") or column.endswith("_n")


def fact(table: pd.DataFrame, ids: pd.DataFrame) -> pd.DataFrame:
    """One published table as a fact: level and keys, columns in the model's order, counts as
    nullable integers, flags as booleans."""
    table = table.drop(columns=[c for c in DROPPED if c in table]).copy()
    table["organization"] = table["organization"].astype(str)
    table["unit"] = table["unit"].astype(str)
    table["level"] = level_of(table)
    table = table.merge(ids[["organization", "unit", "organization_id", "group_id"]], on=["organization", "unit"],
                        how="left", validate="many_to_one")
    for column in OWN_KEYS:
        if column in table and column != "year":
            table[column] = table[column].astype(str)
    counts = [c for c in table if is_count(c) and c not in KEY_COLUMNS]
    for column in counts:
        table[column] = pd.to_numeric(table[column], errors="coerce").round().astype("Int64")
    for column in ("suppressed", "low_precision"):
        if column in table:
            table[column] = table[column].astype(bool)
    keys = [c for c in KEY_COLUMNS + OWN_KEYS if c in table]
    flags = [c for c in FLAG_COLUMNS if c in table]
    counts = [c for c in counts if c not in flags]
    values = [c for c in table if c not in keys + flags + counts]
    return table[keys + counts + values + flags].reset_index(drop=True)


def group_ids(tables: dict[str, pd.DataFrame], frame: pd.DataFrame) -> pd.DataFrame:
    """The ``groups`` dimension: the region (id 0), then each organization (in name order) and
    its units; ``service`` is the service most of a unit's answers name."""
    keys = pd.concat([t[["organization", "unit"]].astype(str) for t in tables.values()]).drop_duplicates()
    orgs = sorted({o for o in keys["organization"] if o}, key=str.casefold)
    org_id = {"": 0, **{o: i + 1 for i, o in enumerate(orgs)}}
    keys = keys.assign(organization_id=keys["organization"].map(org_id), _unit=keys["unit"].str.casefold())
    keys = keys.sort_values(["organization_id", "_unit"]).drop(columns="_unit").reset_index(drop=True)
    keys.insert(0, "group_id", range(len(keys)))
    keys["organization_id"] = keys["organization_id"].astype("Int64")
    keys["level"] = level_of(keys)
    keys["service"] = _services(frame, keys)
    return keys


def _services(frame: pd.DataFrame, keys: pd.DataFrame) -> pd.Series:
    if "service" not in frame or frame["service"].isna().all():
        return pd.Series("", index=keys.index)
    most = (frame.dropna(subset=["service"]).groupby(["organization", "unit"], observed=True)["service"]
            .agg(lambda s: s.astype(str).value_counts().index[0]))
    named = {(str(o), str(u)): s for (o, u), s in most.items()}
    return pd.Series([named.get((o, u), "") for o, u in zip(keys["organization"], keys["unit"])], index=keys.index)


def _names(key: str | Sequence[str], prefix: str = "name") -> dict[str, list[str]]:
    """A column per language of the catalogue texts of ``key`` (a list of keys: one row each)."""
    keys = [key] if isinstance(key, str) else list(key)
    return {f"{prefix}_{lang}": [str(TEXTS[lang][k]) for k in keys] for lang in LANGUAGES}


def dimensions(groups: pd.DataFrame, themes: pd.DataFrame | None, region: str = "",
               data_dir: str | None = None) -> dict[str, pd.DataFrame]:
    """Every dimension table; ``region`` names the region (default: "the whole region" per language)."""
    services = sorted({s for s in groups["service"] if s}, key=str.casefold)
    service_id = {s: i + 1 for i, s in enumerate(services)}
    groups = groups.assign(service_id=groups["service"].map(service_id).astype("Int64"))
    organizations = groups.loc[groups["level"] != "unit", ["organization_id", "organization"]].copy()
    organizations["level"] = groups.loc[organizations.index, "level"]
    organizations["organization"] = organizations["organization"].where(organizations["organization"] != "", region)
    organizations["n_units"] = organizations["organization_id"].map(
        groups[groups["level"] == "unit"].groupby("organization_id").size()).fillna(
        (groups["level"] == "unit").sum()).astype("Int64")
    statements = pd.DataFrame({"item": list(ESIS_ITEMS), "order": range(1, len(ESIS_ITEMS) + 1),
                               **{f"text_{lang}": [_statement(item, lang) for item in ESIS_ITEMS] for lang in LANGUAGES}})
    rounds = pd.DataFrame({"round": list(ROUNDS), "order": range(1, len(ROUNDS) + 1), **_names(ROUNDS)})
    comparisons = ("first_last", "alku_väli", "alku_loppu", "väli_loppu")
    refs = references().values()
    out = {
        "organizations": organizations[["organization_id", "level", "organization", "n_units"]].reset_index(drop=True),
        "groups": groups[["group_id", "level", "organization_id", "organization", "unit", "service_id", "service"]],
        "services": pd.DataFrame({"service_id": pd.array(range(1, len(services) + 1), dtype="Int64"), "service": services}),
        "rounds": rounds,
        "comparisons": pd.DataFrame({"comparison": list(comparisons), "order": range(1, 5), **_names(comparisons)}),
        "statements": statements,
        "references": pd.DataFrame({"reference": [r.key for r in refs], "esis_mean": [r.mean for r in refs],
                                    **{f"name_{lang}": [r.label(lang) for r in refs] for lang in LANGUAGES},
                                    "source": [r.source for r in refs]}),
    }
    if themes is not None and len(themes):
        out["themes_dim"] = _theme_names(sorted({t for t in themes["theme"].astype(str) if t}), data_dir)
    return out


def _statement(item: str, language: str) -> str:
    """A statement's wording in ``language`` from the shipped ESIS codebook."""
    path = resources.files("osallisuus") / "codebooks" / "esis" / f"{language}.yaml"
    return safe_load(path.read_text(encoding="utf-8"))["items"].get(item, "")


def _theme_names(keys: list[str], data_dir: str | None = None) -> pd.DataFrame:
    from ..themes.codebook import labels, load_codebook

    books = load_codebook(data_dir)
    return pd.DataFrame({"theme": keys, **{f"name_{lang}": [labels(books, lang).get(k, k) for k in keys]
                                           for lang in LANGUAGES}})


def build(tables: dict[str, pd.DataFrame], frame: pd.DataFrame, region: str = "",
          data_dir: str | None = None) -> dict[str, pd.DataFrame]:
    """The model of one publication: facts (``tables``, audited, with region rows) and
    dimensions (theme names from ``data_dir``'s theme codebook); ``region`` names the region's
    rows (default: their organization is empty and the dashboard says "the whole region")."""
    groups = group_ids(tables, frame)
    facts = {name: fact(table, groups) for name, table in tables.items()}
    dims = dimensions(groups, tables.get("themes"), region, data_dir)
    if region:  # the region's rows say its name (keys and levels are as without it)
        facts = {name: _named(table, region) for name, table in facts.items()}
        dims["groups"] = _named(dims["groups"], region)
    return {**facts, **dims}


def _named(table: pd.DataFrame, region: str) -> pd.DataFrame:
    return table.assign(organization=table["organization"].where(table["level"] != "region", region))


def metadata(data_version: object, min_n: int, levels: object, period: tuple[str, str],
             made: dt.datetime | None = None) -> dict[str, str]:
    """The publication's metadata, written beside every export (README, xlsx first sheet,
    dashboard), with the package versions that made it (:func:`osallisuus.versions.provenance_line`)."""
    made = made or dt.datetime.now().replace(microsecond=0)
    return {"data_version": str(data_version), "min_n": str(min_n),
            "protect_score": str(getattr(levels, "score", "")), "protect_answer": str(getattr(levels, "answer", "")),
            "period_start": period[0], "period_end": period[1], "made": made.isoformat(sep=" "),
            "versions": provenance_line()}


# -- the data dictionary -----------------------------------------------------------------------
_KEYS = {"level", "round", "comparison", "item", "type", "before", "after", "theme", "effect", "reference", "year",
         "month", "status"}
_STATISTICS = {"t", "df", "wilcoxon_v", "mann_whitney_w", "d_z", "rank_biserial", "alpha", "alpha_ci_low",
               "alpha_ci_high", "rc_alpha"}


def unit_of(table: str, column: str) -> str:
    """The unit of a column (the catalogues' ``unit_<unit>`` names it).

    >>> [unit_of("items", c) for c in ("n", "mean", "esis_mean", "mean_diff", "p_t", "share")]
    ['people', 'scale', 'points', 'difference', 'p', 'share']
    """
    if column in ("suppressed", "low_precision"):
        return "flag"
    if column == "decimals":
        return "decimals"
    if column in ("n_coded", "n_auto") or (column == "count" and table != "follow_ups"):
        return "answers"
    if column == "interval_months":
        return "months"
    if column == "as_of":
        return "date"
    if column == "n_pairs":
        return "pairs"
    if is_count(column):
        return "people"
    if column.endswith("_id") or column in _KEYS:
        return "key"
    if column in _STATISTICS:
        return "statistic"
    if column.startswith("p_") or column == "p":
        return "p"
    if "share" in column:
        return "share"
    if column == "mean_diff":
        return "scale" if table == "change_items" else "difference"
    if column == "mean" or column == "eurohis_mean":
        return "scale"
    if column.startswith(("esis_", "mean_", "ci_", "rc_")):
        return "points"
    return "code" if column in ("suppressed_reason", "audit", "wilcoxon_method") else "text"


def type_of(values: pd.Series) -> str:
    """The column's type (the catalogues' ``type_<type>`` names it)."""
    if pd.api.types.is_bool_dtype(values):
        return "boolean"
    if pd.api.types.is_integer_dtype(values):
        return "integer"
    if pd.api.types.is_float_dtype(values):
        return "decimal"
    return "text"


def meaning(table: str, column: str, language: str) -> str:
    """What a column means, in ``language`` (the catalogues' ``dd_<column>``, or ``dd_<table>.<column>``
    where a column means something else in one table)."""
    entries = TEXTS[language]
    for prefix in ("name", "text"):
        if column.startswith(prefix + "_") and column[len(prefix) + 1:] in LANGUAGES:
            return entries["dd_" + prefix].format(language=entries["language_" + column[len(prefix) + 1:]])
    return entries.get(f"dd_{table}.{column}", entries.get("dd_" + column))


def dictionary(model: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per table and column of ``model``: kind (fact or dimension), type, unit and
    meaning, each text in a column per language."""
    rows = []
    for name, table in model.items():
        for column in table.columns:
            unit, kind = unit_of(name, column), type_of(table[column])
            rows.append({"table": name, "column": column, "kind": "fact" if name in FACTS else "dimension",
                         "type": kind,
                         **{f"type_{lang}": TEXTS[lang]["type_" + kind] for lang in LANGUAGES},
                         **{f"unit_{lang}": TEXTS[lang]["unit_" + unit] for lang in LANGUAGES},
                         **{f"meaning_{lang}": meaning(name, column, lang) for lang in LANGUAGES}})
    return pd.DataFrame(rows)
