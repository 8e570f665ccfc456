"""Staff confirm the coding: the suggestion file, and storing their corrections.

* **answer_id** = ``v`` + 11 hex digits of SHA-256 of the answer's source file name and row
  in it (the store's ``source_file``, ``source_row``): stable when the same export is ingested
  again, starts with a letter so spreadsheets keep it as text.
* **check** = 12 hex digits of SHA-256 of the *masked* answer text: an answer whose text
  changed since its coding was suggested or confirmed is recognised, and its confirmation is
  not carried over (a hash of the masked text reveals nothing the masked text does not).
* ``write_suggestions`` writes one row per open answer (``.xlsx`` or ``.csv``). Already
  confirmed answers show their confirmed coding with ``confirmed`` = ``x``; ``why`` gives the
  rules' evidence (in the ``.xlsx`` with theme and effect labels: :func:`why_in`).
* ``publish``: staff mark with ``x`` the confirmed answers that may be quoted in a published
  report (theme examples, the open-answers appendix); no other answer is ever shown, so the
  masking is a second line. The mark is stored with the confirmation.
* ``apply_confirmations`` stores the rows marked in ``confirmed`` in
  ``DIR/processed/themes.csv`` (answer_id, check, themes, effect, publish, confirmed_at, file). Applying
  the same file again changes nothing. Rows whose answer is gone from the store, or whose
  text changed, are reported and not stored.

The ``.xlsx`` is in the report language (fi, sv, en): its headers, the effect and the
``theme_1`` ... ``theme_N`` drop-down lists show labels ("Myönteinen vaikutus", "Yhteisö ja
kuuluminen"); the keys are in a hidden first row (column keys) and a hidden sheet
:data:`KEYS_SHEET` (each effect and theme key beside its label, the drop-downs' lists), and
on apply every label is turned back into its key by exact match. ``check`` and ``themes`` (a
formula joining the theme columns; on apply the ``theme_N`` columns decide) are hidden. In a
``.csv`` (``;``-separated) edit ``themes`` as keys separated by ``;``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..intake.store import Store, replace_together
from ..spreadsheet import neutralise
from .codebook import EFFECTS, LanguageBook, labels, load_codebook, theme_keys
from .coding import NOT_COUNTED, Coder, evidence
from .masking import mask_text, signature, staff_names

THEMES_FILE = "themes.csv"
#: The rules' coding of every open answer, kept so that each answer is coded once.
AUTO_FILE = "themes_auto.parquet"
#: Every open answer masked, kept beside :data:`AUTO_FILE` so that each text is masked once: the
#: masker's dictionaries take seconds to load in every report kernel.
MASKED_FILE = "masked.parquet"
STORED = ["answer_id", "check", "themes", "effect", "publish", "confirmed_at", "file"]
MIN_THEME_COLUMNS = 4
_YES = {"x", "1", "kyllä", "k", "yes", "y", "ja", "true", "ok", "✓"}
_NO = {"", "0", "ei", "e", "no", "n", "nej", "false"}


def answer_ids(frame: pd.DataFrame) -> pd.Series:
    """Stable ids of the answers: from source file name and row (see the module docstring).

    >>> answer_ids(pd.DataFrame({"source_file": ["a.csv"], "source_row": [2]})).tolist()
    ['v111e6819710']
    """
    keys = frame["source_file"].astype(str) + "\x1f" + frame["source_row"].astype(str)
    return keys.map(lambda k: "v" + hashlib.sha256(k.encode()).hexdigest()[:11])


def text_check(masked: str) -> str:
    """The check of a masked answer text."""
    return hashlib.sha256(masked.encode()).hexdigest()[:12]


def open_answers(frame: pd.DataFrame, names: frozenset[str] = frozenset(), cache: Path | None = None) -> pd.DataFrame:
    """The rows with a non-empty open answer: ids, groups, masked text (``names``: staff names,
    :func:`~osallisuus.themes.masking.staff_names`; ``cache``: :data:`MASKED_FILE` of the
    store, see :func:`masked_texts`) and its check."""
    rows = frame[frame["open_effect"].fillna("").astype(str).str.strip() != ""]
    masked = masked_texts(rows["open_effect"].astype(str), names, cache)
    return pd.DataFrame({
        "answer_id": answer_ids(rows), "organization": rows["organization"].astype(str),
        "unit": rows["unit"].astype(str), "round": rows["round"].astype(str),
        "language": rows["language"].fillna("").astype(str), "text": masked,
        "check": masked.map(text_check), "open_effect": rows["open_effect"].astype(str),
    }, index=rows.index)


def masked_texts(texts: pd.Series, names: frozenset[str] = frozenset(), cache: Path | None = None) -> pd.Series:
    """Each text masked (:func:`~osallisuus.themes.masking.mask_text`), reusing what ``cache``
    holds for the same text under the same masking (:func:`~osallisuus.themes.masking.signature`).

    When a text is new, the cache is rewritten with exactly these texts, so answers no longer in
    the store leave no masked copy behind."""
    salt = signature(names)
    keys = texts.map(lambda text: hashlib.sha256(f"{salt}\x1f{text}".encode()).hexdigest()[:24])
    known = pd.DataFrame({"key": pd.Series(dtype=str), "text": pd.Series(dtype=str)})
    if cache is not None and cache.exists():
        known = pd.read_parquet(cache)
    lookup = dict(zip(known["key"], known["text"]))
    new = {key: mask_text(text, names) for key, text in zip(keys, texts) if key not in lookup}
    masked = keys.map({**lookup, **new})
    if new and cache is not None:
        rows = pd.DataFrame({"key": keys, "text": masked}).drop_duplicates("key")
        replace_together({cache: lambda path: rows.to_parquet(path, index=False)})
    return masked


def read_stored(data_dir: str | Path) -> pd.DataFrame:
    """The confirmed coding in ``DIR/processed/themes.csv`` (empty if none yet)."""
    path = Store(data_dir).processed / THEMES_FILE
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in STORED})
    stored = pd.read_csv(path, dtype=str, keep_default_na=False)
    return stored if "publish" in stored else stored.assign(publish="")  # stored before the publish mark


def coded_by_rules(answers: pd.DataFrame, coder: Coder, cache: Path | None = None) -> pd.DataFrame:
    """The rules' coding of ``answers`` (:func:`open_answers`), reusing what ``cache`` holds for
    the same answer, text and codebook: loading the lemmatiser's dictionary takes seconds, so a
    batch of reports codes each answer once (the cache is a file of the processed store)."""
    signature = hashlib.sha256(repr(sorted(coder.books.items())).encode()).hexdigest()[:12]
    keys = answers[["answer_id", "check"]].assign(signature=signature)
    known = pd.DataFrame(columns=["answer_id", "check", "signature", "themes", "effect", "why"])
    if cache is not None and cache.exists():
        known = pd.read_parquet(cache)
    hit = keys.reset_index().merge(known, on=["answer_id", "check", "signature"], how="left").set_index("index")
    missing = hit["effect"].isna()
    if missing.any():
        hit.loc[missing, ["themes", "effect", "why"]] = coder.code_frame(answers.loc[missing]).to_numpy()
        if cache is not None:
            rows = pd.concat([known[known["signature"] == signature], hit.loc[missing].reset_index(drop=True)])
            rows = rows.drop_duplicates(["answer_id", "check"], keep="last")
            replace_together({cache: lambda path: rows.to_parquet(path, index=False)})
    return hit[["themes", "effect", "why"]].loc[answers.index]


def effective_coding(frame: pd.DataFrame, stored: pd.DataFrame | None = None, coder: Coder | None = None,
                     cache: Path | None = None, names: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Coding of every open answer: the confirmed one where it still fits, else the rules.

    ``cache``: the store's :data:`AUTO_FILE`; the masked texts are kept beside it (:data:`MASKED_FILE`).

    Columns: the :func:`open_answers` columns, ``themes``, ``effect``, ``why``, ``source``
    (``confirmed`` or ``rules``) and
    ``publish`` (staff marked the confirmed answer as one that may be quoted).
    Index: the rows of ``frame`` with an open answer.
    """
    coder = coder or Coder()
    answers = open_answers(frame, names, cache.with_name(MASKED_FILE) if cache else None)
    out = answers.join(coded_by_rules(answers, coder, cache)).assign(source="rules", publish=False)
    if stored is None or not len(stored):
        return out
    fits = answers.reset_index().merge(stored[["answer_id", "check", "themes", "effect", "publish"]],
                                       on=["answer_id", "check"], suffixes=("", "_c")).set_index("index")
    out.loc[fits.index, ["themes", "effect"]] = fits[["themes", "effect"]].to_numpy()
    out.loc[fits.index, "publish"] = (fits["publish"] == "x").to_numpy()
    out.loc[fits.index, "why"] = ""
    out.loc[fits.index, "source"] = "confirmed"
    return out


def stale(frame: pd.DataFrame, stored: pd.DataFrame, names: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    """Stored confirmations whose answer changed, and those whose answer is gone."""
    answers = open_answers(frame, names).set_index("answer_id")["check"]
    present = stored["answer_id"].isin(answers.index)
    changed = stored[present & (stored["answer_id"].map(answers) != stored["check"])]["answer_id"].tolist()
    return changed, stored[~present]["answer_id"].tolist()


def write_suggestions(data_dir: str | Path, out: str | Path, coder: Coder | None = None, language: str = "fi") -> Path:
    """Write the suggestion file (``.xlsx`` or ``.csv``) for all open answers in the store; the
    ``.xlsx`` in ``language`` (fi, sv, en: headers, effect and theme labels), the ``.csv`` with keys."""
    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise InputError(out, "tiedoston pääte ei ole .xlsx eikä .csv.", "the file name ends neither in .xlsx nor .csv.",
                         "Anna nimi, joka päättyy .xlsx tai .csv.", "Give a name ending in .xlsx or .csv.")
    coder = coder or Coder(str(data_dir))
    coded = effective_coding(Store(data_dir).read_responses(), read_stored(data_dir), coder,
                             names=staff_names(data_dir))
    table = coded.assign(confirmed=(coded["source"] == "confirmed").map({True: "x", False: ""}),
                         publish=coded["publish"].map({True: "x", False: ""}))
    table = table[["answer_id", "organization", "unit", "round", "language", "text", "effect", "themes", "why",
                   "confirmed", "publish", "check"]].reset_index(drop=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        neutralise(table).to_csv(out, sep=";", index=False, encoding="utf-8-sig")
    else:
        table["why"] = table["why"].fillna("").map(lambda why: why_in(why, coder.books, language))
        _write_xlsx(neutralise(table), out, coder.books, language)
    return out


KEYS_SHEET = "keys"  # hidden sheet: effect and theme keys beside their labels (the drop-downs' lists)
HIDDEN = ("check", "themes")  # columns staff need not see


def choice_labels(books: dict[str, LanguageBook], language: str) -> tuple[dict[str, str], dict[str, str]]:
    """Effect key -> label and theme key -> label in ``language``, as the staff sheet shows them.

    >>> effects, themes = choice_labels(load_codebook(), "sv")
    >>> effects["none"], themes["community"]
    ('Ingen effekt', 'Gemenskap och tillhörighet')
    """
    from ..texts import text

    return {e: text(language, f"effect_{e}") for e in EFFECTS}, labels(books, language)


def why_in(why: str, books: dict[str, LanguageBook], language: str) -> str:
    """The rules' evidence (a coding's ``why``) in ``language``: theme and effect labels, not keys.

    >>> why_in("support: ohjaaja auttaa (positive); community: ei/not kuulua (negative); community: ryhmä* (negative)",
    ...        load_codebook(), "sv")
    'Stöd och handledning: ohjaaja auttaa → Positiv effekt; Gemenskap och tillhörighet: kuulua (nekad), ryhmä → Negativ'
    """
    from ..texts import text

    effects, themes = choice_labels(books, language)
    effects.update({reason: text(language, f"sheet_why_{reason}") for reason in NOT_COUNTED})
    words: dict[tuple[str, str], list[str]] = {}  # one item per theme and direction
    for e in evidence(why):
        negated = f" ({text(language, 'sheet_why_negated')})" if e.negated else ""
        words.setdefault((e.theme, e.polarity), []).append(e.words.replace("*", "") + negated)
    return "; ".join(
        f"{text(language, 'sheet_why_general') if theme == 'effect' else themes.get(theme, theme)}: "
        f"{', '.join(found)} → {effects.get(polarity, polarity)}" for (theme, polarity), found in words.items())


def _from_labels(books: dict[str, LanguageBook]) -> tuple[dict[str, str], dict[str, str]]:
    """Every language's effect and theme label (and each key itself) -> key, for reading a sheet back."""
    from ..texts import LANGUAGES

    effects, themes = {e: e for e in EFFECTS}, {k: k for k in theme_keys(books)}
    for language in LANGUAGES:
        e, t = choice_labels(books, language)
        effects.update({v.lower(): k for k, v in e.items()})
        themes.update({v.lower(): k for k, v in t.items()})
    return effects, themes


def _write_xlsx(table: pd.DataFrame, out: Path, books: dict[str, LanguageBook], language: str) -> None:
    """The sheet in ``language``: headers and drop-downs show labels; row 1 (hidden) holds the
    column keys and the hidden sheet :data:`KEYS_SHEET` the keys beside the labels, so that
    :func:`read_confirmations` turns every choice back into its key exactly."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..texts import text

    effects, themes = choice_labels(books, language)
    split = table["themes"].fillna("").str.split(";").map(lambda ks: [k for k in ks if k])
    n_theme = max(MIN_THEME_COLUMNS, int(split.map(len).max()) if len(split) else 0)
    wb = Workbook()
    ws = wb.active
    ws.title = text(language, "sheet_answers")
    columns = [*table.columns[:8], *(f"theme_{i}" for i in range(1, n_theme + 1)), *table.columns[8:]]
    ws.append(columns)
    ws.append([text(language, "sheet_col_theme", n=c[6:]) if c.startswith("theme_") else text(language, f"sheet_col_{c}")
               for c in columns])
    col = {name: get_column_letter(i + 1) for i, name in enumerate(columns)}
    first, last = col["theme_1"], col[f"theme_{n_theme}"]
    for r, (row, keys) in enumerate(zip(table.itertuples(index=False), split), start=3):
        values = dict(zip(table.columns, row))
        values["effect"] = effects.get(values["effect"], values["effect"])
        values["themes"] = f'=_xlfn.TEXTJOIN(";",TRUE,{first}{r}:{last}{r})'
        values.update({f"theme_{i + 1}": themes.get(k, k) for i, k in enumerate(keys)})
        ws.append([values.get(c, "") for c in columns])
    ws.row_dimensions[1].hidden = True
    for cell in ws[2]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "B3"
    ws.page_setup.orientation = "landscape"  # printed: the columns on one page wide
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "2:2"
    widths = {"answer_id": 15, "organization": 20, "unit": 20, "round": 13, "language": 8, "text": 70, "effect": 22,
              "why": 80, "confirmed": 15, "publish": 17}
    for name, width in widths.items():
        ws.column_dimensions[col[name]].width = width
    for r in range(3, len(table) + 3):
        ws[f"{col['text']}{r}"].alignment = Alignment(wrap_text=True, vertical="top")
    for name in columns:
        if name.startswith("theme_"):
            ws.column_dimensions[col[name]].width = 30
        if name in HIDDEN:
            ws.column_dimensions[col[name]].hidden = True

    keys = wb.create_sheet(KEYS_SHEET)
    keys.sheet_state = "hidden"
    keys.append(["effect", "label", "theme", "label"])
    effect_rows, theme_rows = list(effects.items()), list(themes.items())
    for i in range(max(len(effect_rows), len(theme_rows))):
        keys.append([*(effect_rows[i] if i < len(effect_rows) else ("", "")),
                     *(theme_rows[i] if i < len(theme_rows) else ("", ""))])
    sheet = wb.create_sheet(text(language, "sheet_themes"))
    sheet.append([text(language, "sheet_col_label"), text(language, "sheet_col_definition")])
    book = books.get(language)
    for key, label in themes.items():
        sheet.append([label, book.themes[key].definition if book and key in book.themes else ""])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 90
    help_sheet = wb.create_sheet(text(language, "sheet_help"))
    for line in text(language, "sheet_help_text").splitlines():
        help_sheet.append([line])

    end = len(table) + 2
    rules = [(f"{KEYS_SHEET}!$B$2:$B${len(effect_rows) + 1}", f"{col['effect']}3:{col['effect']}{end}"),
             (f"{KEYS_SHEET}!$D$2:$D${len(theme_rows) + 1}", f"{first}3:{last}{end}"),
             ('"x"', f"{col['confirmed']}3:{col['confirmed']}{end}"),
             ('"x"', f"{col['publish']}3:{col['publish']}{end}")]
    for formula, cells in rules:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                            errorTitle="osallisuus", error=text(language, "sheet_choose"))
        dv.add(cells)
        ws.add_data_validation(dv)
    wb.save(out)


@dataclass
class ApplyResult:
    """What applying a confirmation file did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # the answer's text changed since: not stored
    gone: list[str] = field(default_factory=list)  # the answer is no longer in the store: not stored
    not_marked: int = 0

    def summary(self) -> str:
        """Plain-language summary, Finnish and English."""
        fi = (f"Vahvistettu koodaus tallennettu: {len(self.added)} uutta, {len(self.updated)} muutettua, "
              f"{len(self.unchanged)} ennallaan; {self.not_marked} riviä ilman confirmed-merkintää ohitettiin.")
        en = (f"(Stored: {len(self.added)} new, {len(self.updated)} changed, {len(self.unchanged)} unchanged; "
              f"{self.not_marked} rows not marked confirmed were skipped.)")
        lines = [fi, en]
        if self.changed:
            lines.append(f"Vastauksen teksti on muuttunut, vahvistusta ei tallennettu ({len(self.changed)}; "
                         f"the answer's text changed, not stored): {', '.join(self.changed)}")
        if self.gone:
            lines.append(f"Vastausta ei enää ole aineistossa, ei tallennettu ({len(self.gone)}; "
                         f"the answer is no longer in the data, not stored): {', '.join(self.gone)}")
        return "\n".join(lines)


def read_confirmations(path: str | Path, keys: list[str], books: dict[str, LanguageBook] | None = None) -> pd.DataFrame:
    """The marked rows of a suggestion file: answer_id, check, themes, effect. Bad input -> InputError.

    Effects and themes may be given as keys or as labels in any report language (``books``: the
    codebook the labels come from); a label is matched exactly (case aside), never guessed."""
    path = Path(path)
    labelled = False
    try:
        if path.suffix.lower() == ".xlsx":
            with pd.ExcelFile(path, engine="calamine") as book:
                labelled = KEYS_SHEET in book.sheet_names  # row 1 keys, row 2 the headers staff read
            table = pd.read_excel(path, sheet_name=0, dtype=str, engine="calamine", skiprows=[1] if labelled else None)
        elif path.suffix.lower() == ".csv":
            head = path.read_text(encoding="utf-8-sig").split("\n", 1)[0]
            table = pd.read_csv(path, sep=";" if head.count(";") >= head.count(",") else ",", dtype=str,
                                keep_default_na=False, encoding="utf-8-sig")
        else:
            raise ValueError("not .xlsx or .csv")
    except (OSError, ValueError) as exc:
        raise InputError(path, f"tiedostoa ei voi lukea ({exc}).", f"the file cannot be read ({exc}).",
                         "Anna 'themes suggest' -komennon tekemä .xlsx- tai .csv-tiedosto.",
                         "Give the .xlsx or .csv file made by 'themes suggest'.") from exc
    table = table.fillna("").astype(str)
    theme_cols = [c for c in table.columns if str(c).startswith("theme_")]
    needed = {"answer_id", "check", "effect", "confirmed"} | (set() if theme_cols else {"themes"})
    missing = sorted(needed - set(table.columns))
    if missing:
        raise InputError(path, f"sarakkeita puuttuu: {', '.join(missing)}.", f"columns missing: {', '.join(missing)}.",
                         "Käytä 'themes suggest' -komennon tekemää tiedostoa sarakkeita poistamatta.",
                         "Use the file made by 'themes suggest' without removing columns.")
    first = 3 if labelled else 2  # the sheet row of the table's first row
    mark = table["confirmed"].str.strip().str.lower()
    publish = table["publish"].str.strip().str.lower() if "publish" in table else pd.Series("", index=table.index)
    errors = [f"rivi/row {i + first}: {name} = {v!r}" for name, values in (("confirmed", mark), ("publish", publish))
              for i, v in values.items() if v not in _YES | _NO]
    marked = table[mark.isin(_YES)]
    effect_key, theme_key = _from_labels(books if books is not None else load_codebook())
    rows = []
    for i, row in marked.iterrows():
        parts = [row[c] for c in theme_cols] if theme_cols else row["themes"].split(";")
        named = list(dict.fromkeys(p.strip() for p in parts if p.strip()))
        themes = [theme_key.get(t.lower(), t) for t in named]
        unknown = [t for t, k in zip(named, themes) if k not in keys]
        effect = effect_key.get(row["effect"].strip().lower(), row["effect"].strip().lower())
        if unknown:
            errors.append(f"rivi/row {i + first}: tuntematon teema / unknown theme {', '.join(unknown)}")
        if effect not in EFFECTS:
            errors.append(f"rivi/row {i + first}: effect = {row['effect']!r}")
        rows.append({"answer_id": row["answer_id"].strip(), "check": row["check"].strip(),
                     "themes": ";".join(k for k in keys if k in themes), "effect": effect,
                     "publish": "x" if publish[i] in _YES else ""})
    if errors:
        raise InputError(path, "tiedostossa on arvoja, joita ei voi käyttää:\n  " + "\n  ".join(errors),
                         "the file has values that cannot be used (listed above).",
                         f"Teemat: {', '.join(keys)}; effect: {', '.join(EFFECTS)}; confirmed ja publish: x tai tyhjä.",
                         f"Themes: {', '.join(keys)}; effect: {', '.join(EFFECTS)}; confirmed and publish: x or empty.")
    out = pd.DataFrame(rows, columns=["answer_id", "check", "themes", "effect", "publish"])
    out.attrs["not_marked"] = int((~mark.isin(_YES)).sum())
    return out


def apply_confirmations(path: str | Path, data_dir: str | Path, coder: Coder | None = None) -> ApplyResult:
    """Store the confirmed rows of a suggestion file in ``DIR/processed/themes.csv`` (idempotent)."""
    coder = coder or Coder(str(data_dir))
    confirmed = read_confirmations(path, coder.keys, coder.books)
    answers = open_answers(Store(data_dir).read_responses(), staff_names(data_dir)).set_index("answer_id")["check"]
    stored = read_stored(data_dir).set_index("answer_id", drop=False)
    result = ApplyResult(not_marked=confirmed.attrs["not_marked"])
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for row in confirmed.itertuples(index=False):
        if row.answer_id not in answers.index:
            result.gone.append(row.answer_id)
        elif answers[row.answer_id] != row.check:
            result.changed.append(row.answer_id)
        elif row.answer_id in stored.index:
            old = stored.loc[row.answer_id]
            if (old["check"], old["themes"], old["effect"], old["publish"]) == (row.check, row.themes, row.effect,
                                                                                row.publish):
                result.unchanged.append(row.answer_id)
            else:
                stored.loc[row.answer_id, ["check", "themes", "effect", "publish", "confirmed_at", "file"]] = [
                    row.check, row.themes, row.effect, row.publish, now, Path(path).name]
                result.updated.append(row.answer_id)
        else:
            new = pd.DataFrame([[row.answer_id, row.check, row.themes, row.effect, row.publish, now, Path(path).name]],
                               columns=STORED, index=[row.answer_id])
            stored = pd.concat([stored, new]) if len(stored) else new
            result.added.append(row.answer_id)
    if result.added or result.updated:
        target = Store(data_dir).processed / THEMES_FILE
        table = stored[STORED].sort_values("answer_id")
        replace_together({target: lambda p: table.to_csv(p, index=False, encoding="utf-8")})
    return result

