"""Evaluation of the theme coding on labelled sets: per set, per language and per voice.

Not a test. Each set is a CSV with at least ``language, themes, effect, text`` (themes
separated by ``;``, one effect; optional ``voice`` and ``split``). Given sets:

* ``tests/data/themes_eval.csv``, its ``dev`` and ``heldout`` parts (split fixed before the rules),
  as ``dev`` and ``heldout``;
* ``tests/data/themes_dev_G.csv``, ``_K``, ``_L``, ``_P``, ``_Q``, ``_U``, ``_V``, ``_X``, ``_Z``, ``_AB``, ``_AD`` and ``_AE``:
  development answers written outside the rule writing by sessions that never saw the rules (issue 23), as
  ``dev_G`` … ``dev_AE``: read for the rules like ``dev``;
* every ``tests/data/themes_heldout/set_*.csv`` (answers written outside the project, never used
  to write rules) or the files given with ``--sets``.

Prints, per set and per group (source — the writer, from the id — language, voice): answers, macro-F1 over the themes, effect
accuracy, the share of positive answers coded negative and coded unclear; per set the
confusion table of effects (rows labelled, columns coded) and per-theme F1. ``--json FILE``
stores the figures; ``--compare BEFORE.json AFTER.json`` prints them side by side.

The script uses only :class:`osallisuus.themes.Coder`, so the same script measures any version
of the coder: to measure the code of another commit, put its ``src`` first on the path::

    git worktree add /tmp/before 6310d53
    PYTHONPATH=/tmp/before/src .venv/bin/python benchmarks/eval_themes.py --json before.json
    .venv/bin/python benchmarks/eval_themes.py --json after.json
    .venv/bin/python benchmarks/eval_themes.py --compare before.json after.json

Only figures are printed (``--errors`` lists wrongly coded answers, of the development sets only;
``--dev-only`` codes those alone:
the other sets are never read for writing rules).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "data" / "themes_eval.csv"
DEV_FILES = {name: ROOT / "tests" / "data" / f"themes_{name}.csv"
             for name in ("dev_G", "dev_K", "dev_L", "dev_P", "dev_Q", "dev_U", "dev_V", "dev_X", "dev_Z", "dev_AB",
                                  "dev_AD", "dev_AE")}
DEV_SETS = ("dev", *DEV_FILES)  # the sets rules may be written on
HELDOUT_DIR = ROOT / "tests" / "data" / "themes_heldout"
EFFECTS = ("positive", "none", "negative", "unclear")


def _sets(column: pd.Series) -> list[set[str]]:
    return [set(filter(None, str(v).split(";"))) for v in column]


def theme_f1(truth: pd.Series, coded: pd.Series, keys: list[str]) -> pd.DataFrame:
    """Per-theme n, precision, recall and F1 (themes never labelled nor coded are left out)."""
    t, p = _sets(truth), _sets(coded)
    rows = []
    for key in keys:
        tp = sum(key in a and key in b for a, b in zip(t, p))
        fp = sum(key not in a and key in b for a, b in zip(t, p))
        fn = sum(key in a and key not in b for a, b in zip(t, p))
        if not tp + fp + fn:
            continue
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        rows.append({"theme": key, "n": tp + fn, "precision": prec, "recall": rec,
                     "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0})
    return pd.DataFrame(rows, columns=["theme", "n", "precision", "recall", "f1"])


def figures(labelled: pd.DataFrame, coded: pd.DataFrame, keys: list[str]) -> dict:
    """n, macro-F1, effect accuracy, share of positive answers coded negative / unclear."""
    table = theme_f1(labelled["themes"], coded["themes"], keys)
    positive = labelled["effect"].to_numpy() == "positive"
    got = coded["effect"].to_numpy()
    return {"n": len(labelled), "macro_f1": float(table["f1"].mean()) if len(table) else float("nan"),
            "effect_accuracy": float((labelled["effect"].to_numpy() == got).mean()),
            "positive_n": int(positive.sum()),
            "positive_as_negative": float((got[positive] == "negative").mean()) if positive.any() else float("nan"),
            "positive_as_unclear": float((got[positive] == "unclear").mean()) if positive.any() else float("nan")}


def source(answer_id: str) -> str:
    """Who wrote an answer, from its id: ``G1_012`` → ``G1``, ``e001`` → ``e``."""
    return answer_id.split("_")[0] if "_" in answer_id else answer_id.rstrip("0123456789")


def load_sets(paths: list[Path]) -> dict[str, pd.DataFrame]:
    """The labelled sets by name: the evaluation set's dev and heldout parts, then the others."""
    ev = pd.read_csv(EVAL, keep_default_na=False, dtype=str)
    sets = {"dev": ev[ev["split"] == "dev"]}
    for name, path in DEV_FILES.items():
        if path.exists():
            sets[name] = pd.read_csv(path, keep_default_na=False, dtype=str)
    sets["heldout"] = ev[ev["split"] == "heldout"]
    for path in paths:
        frame = pd.read_csv(path, keep_default_na=False, dtype=str)
        frame["effect"] = frame["effect"].str.strip().str.lower()
        sets[path.stem] = frame
    return sets


def evaluate(sets: dict[str, pd.DataFrame], coder) -> dict:
    """Figures per set (``all``) and per language and voice, the effect confusion, theme F1."""
    out = {}
    for name, frame in sets.items():
        coded = coder.code_frame(frame.rename(columns={"text": "open_effect"}))
        entry = {"all": figures(frame, coded, coder.keys), "groups": {}}
        if "id" in frame and frame["id"].map(source).nunique() > 1:
            frame = frame.assign(source=frame["id"].map(source))
        for column in ("source", "language", "voice"):
            if column in frame:
                for value, part in frame.groupby(column):
                    entry["groups"][f"{column}={value}"] = figures(part, coded.loc[part.index], coder.keys)
        entry["confusion"] = (pd.crosstab(frame["effect"], coded["effect"])
                              .reindex(index=EFFECTS, columns=EFFECTS, fill_value=0).to_dict())
        entry["themes"] = theme_f1(frame["themes"], coded["themes"], coder.keys).to_dict("records")
        out[name] = entry
    return out


def _row(name: str, f: dict) -> str:
    return (f"{name:<28} {f['n']:>4}  {f['macro_f1']:.3f}  {f['effect_accuracy']:.3f}  "
            f"{f['positive_as_negative']:>6.1%}  {f['positive_as_unclear']:>6.1%}")


def show(results: dict) -> None:
    """Print the figures of one run."""
    print(f"{'set / group':<28} {'n':>4}  mF1    eff.acc  pos→neg  pos→uncl")
    for name, entry in results.items():
        if name.startswith("_"):
            continue
        print(_row(name, entry["all"]))
        for group, f in entry["groups"].items():
            print(_row(f"  {group}", f))
    for name, entry in results.items():
        conf = pd.DataFrame(entry["confusion"]).reindex(index=EFFECTS, columns=EFFECTS)
        print(f"\n{name}: effect confusion (rows labelled, columns coded)\n{conf.to_string()}")
        themes = pd.DataFrame(entry["themes"])
        print("theme F1: " + ", ".join(f"{r.theme} {r.f1:.2f} (n {r.n})" for r in themes.itertuples()))


def compare(before: dict, after: dict) -> None:
    """Print before and after side by side, as a Markdown table."""
    print("| set / group | n | macro-F1 before | after | effect acc. before | after "
          "| pos→neg before | after |\n|---|---|---|---|---|---|---|---|")
    for name, entry in after.items():
        if name.startswith("_"):
            continue
        rows = [(name, entry["all"], before.get(name, {}).get("all"))]
        rows += [(f"  {g}", f, before.get(name, {}).get("groups", {}).get(g)) for g, f in entry["groups"].items()]
        for label, a, b in rows:
            b = b or {"macro_f1": float("nan"), "effect_accuracy": float("nan"), "positive_as_negative": float("nan")}
            print(f"| {label} | {a['n']} | {b['macro_f1']:.2f} | {a['macro_f1']:.2f} | {b['effect_accuracy']:.2f} "
                  f"| {a['effect_accuracy']:.2f} | {b['positive_as_negative']:.1%} | {a['positive_as_negative']:.1%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="*", type=Path, help="labelled CSV files (default: themes_heldout/set_*.csv)")
    parser.add_argument("--json", type=Path, help="store the figures in this file")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--errors", action="store_true", help="list the wrongly coded answers of the development sets")
    parser.add_argument("--dev-only", action="store_true",
                        help="only the development sets (for work on the rules: no held-out answer is coded)")
    args = parser.parse_args()
    if args.compare:
        compare(*(json.loads(p.read_text(encoding="utf-8")) for p in args.compare))
        return

    import osallisuus
    from osallisuus.themes import Coder

    print(f"coder: {Path(osallisuus.__file__).parent}", file=sys.stderr)
    paths = args.sets if args.sets is not None else sorted(HELDOUT_DIR.glob("set_*.csv"))
    sets = load_sets([] if args.dev_only else paths)
    if args.dev_only:
        sets = {name: frame for name, frame in sets.items() if name in DEV_SETS}
    coder = Coder()
    results = evaluate(sets, coder)
    show(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    if args.errors:
        for name in DEV_SETS:
            dev = sets.get(name, pd.DataFrame())
            if not len(dev):
                continue
            coded = coder.code_frame(dev.rename(columns={"text": "open_effect"}))
            for (_, row), (_, c) in zip(dev.iterrows(), coded.iterrows()):
                if set(filter(None, row["themes"].split(";"))) != set(filter(None, c["themes"].split(";"))) \
                        or row["effect"] != c["effect"]:
                    print(f"  {row['id']} [{row['language']}] {row['text']}\n      labelled {row['themes']} "
                          f"{row['effect']} | coded {c['themes']} {c['effect']} | {c['why']}")

if __name__ == "__main__":
    main()
