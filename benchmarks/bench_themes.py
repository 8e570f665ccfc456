"""Benchmark: quality of the theme coding on the labelled evaluation set, and its speed.

Not a test. ``tests/data/themes_eval.csv`` holds answers written for this project, labelled by
hand (themes separated by ``;``, one effect). Its ``split`` column was fixed before any rule
was written (``heldout`` when the SHA-256 of the text is divisible by 3): rules were tuned on
``dev`` only; ``heldout`` shows how the rules hold up on answers they were not tuned on.

Prints per split: per-theme precision, recall and F1, macro-F1 over the themes, effect
accuracy and the effect confusion; for the weakest held-out theme its confusion (and, with
``--errors SPLIT``, the answers it got wrong). Then the time and peak memory (max RSS, a fresh
process) of coding ``--rows`` answers made by joining 1-3 evaluation answers at random; with
``--before SRC`` also of another commit's coder, in the same run. Held-out sets written
outside the project: ``benchmarks/eval_themes.py``.

    .venv/bin/python benchmarks/bench_themes.py [--rows 100000] [--errors dev] [--before /tmp/wt/src]

Goal (issue 13): macro-F1 >= 0.8 and effect accuracy >= 0.85.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

EVAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "themes_eval.csv"
EFFECTS = ("positive", "none", "negative", "unclear")

CHILD = r"""
import json, resource, sys, time
import numpy as np, pandas as pd
rows, path = int(sys.argv[1]), sys.argv[2]
ev = pd.read_csv(path, keep_default_na=False)
rng = np.random.default_rng(13)
picks = [rng.choice(len(ev), size=rng.integers(1, 4)) for _ in range(rows)]
frame = pd.DataFrame({"open_effect": [" ".join(ev["text"].iloc[p]) for p in picks],
                      "language": [ev["language"].iloc[p[0]] for p in picks]})
t0 = time.perf_counter()
from osallisuus.themes import Coder
coder = Coder()
coder.code("Lämmittely.", "fi"); coder.code("Warm-up.", "en"); coder.code("Uppvärmning.", "sv")
t1 = time.perf_counter()
coded = coder.code_frame(frame)
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load": t1 - t0, "code": t2 - t1, "peak_mib": peak,
                  "words": int(frame["open_effect"].str.split().str.len().sum())}))
"""


def _sets(column: pd.Series) -> list[set[str]]:
    return [set(filter(None, str(v).split(";"))) for v in column]


def evaluate(ev: pd.DataFrame, coded: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, float, float]:
    """Per-theme precision/recall/F1 table, macro-F1 and effect accuracy."""
    truth, pred = _sets(ev["themes"]), _sets(coded["themes"])
    rows = []
    for key in keys:
        tp = sum(key in t and key in p for t, p in zip(truth, pred))
        fp = sum(key not in t and key in p for t, p in zip(truth, pred))
        fn = sum(key in t and key not in p for t, p in zip(truth, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        rows.append({"theme": key, "n": tp + fn, "tp": tp, "fp": fp, "fn": fn,
                     "precision": prec, "recall": rec, "f1": f1})
    table = pd.DataFrame(rows)
    return table, table["f1"].mean(), float((ev["effect"].to_numpy() == coded["effect"].to_numpy()).mean())


def confusion(ev: pd.DataFrame, coded: pd.DataFrame, key: str) -> str:
    """2x2 confusion of one theme, and what the rules said instead on its misses."""
    truth, pred = _sets(ev["themes"]), _sets(coded["themes"])
    tp = sum(key in t and key in p for t, p in zip(truth, pred))
    fn = sum(key in t and key not in p for t, p in zip(truth, pred))
    fp = sum(key not in t and key in p for t, p in zip(truth, pred))
    tn = len(truth) - tp - fn - fp
    instead = pd.Series([k for t, p in zip(truth, pred) if key in t and key not in p for k in (p - t) or {"(none)"}])
    extra = pd.Series([k for t, p in zip(truth, pred) if key not in t and key in p for k in t or {"(none)"}])
    return (f"               coded {key}   not coded\n"
            f"  labelled         {tp:5d}       {fn:5d}\n"
            f"  not labelled     {fp:5d}       {tn:5d}\n"
            f"  misses coded instead as: {instead.value_counts().to_dict()}\n"
            f"  false alarms labelled as: {extra.value_counts().to_dict()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--errors", choices=["dev", "heldout"], help="list the wrongly coded answers of a split")
    parser.add_argument("--no-scale", action="store_true", help="skip the timing run")
    parser.add_argument("--time-only", action="store_true", help="only the timing run (no figures of any split)")
    parser.add_argument("--before", type=Path, metavar="SRC",
                        help="also time the coder in SRC (another commit's src/, e.g. a git worktree) in the same run")
    args = parser.parse_args()

    if not args.time_only:
        quality(args.errors)
    if not args.no_scale:
        timing(args.rows, args.before)


def quality(errors: str | None) -> None:
    """Per split: per-theme figures, macro-F1, effect accuracy and confusion; the weakest held-out theme."""
    from osallisuus.themes import Coder

    ev = pd.read_csv(EVAL, keep_default_na=False)
    coder = Coder()
    coded = coder.code_frame(ev.rename(columns={"text": "open_effect"}))
    pd.set_option("display.width", 120)
    results = {}
    for split in ("dev", "heldout"):
        mask = ev["split"] == split
        table, macro, acc = evaluate(ev[mask], coded[mask], coder.keys)
        results[split] = table
        print(f"\n=== {split}: {mask.sum()} answers "
              f"({', '.join(f'{k} {v}' for k, v in ev[mask]['language'].value_counts().items())}) ===")
        print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
        print(f"macro-F1 {macro:.3f}   effect accuracy {acc:.3f}")
        print("effect confusion (rows labelled, columns coded):")
        print(pd.crosstab(ev[mask]["effect"], coded[mask]["effect"]).reindex(index=EFFECTS, columns=EFFECTS,
                                                                               fill_value=0).to_string())
        if errors == split:
            truth, pred = _sets(ev[mask]["themes"]), _sets(coded[mask]["themes"])
            for (_, row), t, p, (_, c) in zip(ev[mask].iterrows(), truth, pred, coded[mask].iterrows()):
                if t != p or row["effect"] != c["effect"]:
                    print(f"  {row['id']} [{row['language']}] {row['text']}\n      labelled {sorted(t)} {row['effect']}"
                          f" | coded {sorted(p)} {c['effect']} | {c['why']}")
    weakest = results["heldout"].sort_values(["f1", "n"]).iloc[0]["theme"]
    heldout = ev["split"] == "heldout"
    print(f"\nWeakest held-out theme: {weakest}\n{confusion(ev[heldout], coded[heldout], weakest)}")



def timing(rows: int, before: Path | None) -> None:
    """Time and peak memory of coding ``rows`` answers, in a fresh process; ``before``: also another src/."""
    import os

    for label, src in (("before", before), ("now", None))[0 if before else 1:]:
        env = {**os.environ, "PYTHONPATH": str(src)} if src else None
        out = subprocess.run([sys.executable, "-c", CHILD, str(rows), str(EVAL)], capture_output=True,
                             text=True, check=True, env=env)
        m = json.loads(out.stdout)
        print(f"\nCoding {rows} answers ({m['words']} words), {label}: {m['code']:.1f} s "
              f"({rows / m['code']:.0f} answers/s), codebook and lemmatiser load {m['load']:.1f} s, "
              f"peak memory {m['peak_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
