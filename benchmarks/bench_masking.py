"""Measure the masking of open answers on the independent probe set (tests/data/masking_probe*,
written by someone who had not read the masking code): the share of personal-data strings fully
masked, per kind, and the share of words of ordinary answers that were masked wrongly.

    python benchmarks/bench_masking.py [--misses]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from osallisuus.themes.masking import mask_text

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
_TOKEN = re.compile(r"\w+")


def fully_masked(text: str, secret: str) -> bool:
    """The secret no longer appears, and none of its words of two or more characters remains."""
    masked = mask_text(text)
    if secret in masked:
        return False
    left = {t.casefold() for t in _TOKEN.findall(masked)}
    return not any(len(t) >= 2 and t.casefold() in left - _placeholder_words() for t in _TOKEN.findall(secret)
                   if t.casefold() not in {w.casefold() for w in _TOKEN.findall(text.replace(secret, " "))})


def _placeholder_words() -> set[str]:
    return {"nimi", "puhelin", "sähköposti", "henkilötunnus", "päivämäärä", "osoite", "postinumero", "numero",
            "rekisterinumero", "tilinumero", "käyttäjä", "linkki"}


def wrongly_masked(text: str) -> tuple[int, int]:
    """(words of ``text`` lost in masking, words of ``text``)."""
    before = _TOKEN.findall(text)
    after = _TOKEN.findall(mask_text(text))
    rest = list(after)
    lost = 0
    for word in before:
        if word in rest:
            rest.remove(word)
        else:
            lost += 1
    return lost, len(before)


def measure() -> tuple[float, float, pd.DataFrame]:
    """(share of secrets fully masked, share of ordinary words wrongly masked, the probe with ``masked``)."""
    probe = pd.read_csv(DATA / "masking_probe.csv", dtype=str, keep_default_na=False)
    probe["masked"] = [fully_masked(t, s) for t, s in zip(probe["text"], probe["secret"])]
    ordinary = pd.read_csv(DATA / "ordinary_answers.csv", dtype=str, keep_default_na=False)
    counts = [wrongly_masked(t) for t in ordinary["text"]]
    return probe["masked"].mean(), sum(c[0] for c in counts) / sum(c[1] for c in counts), probe


if __name__ == "__main__":
    masked, wrong, probe = measure()
    print(f"masked {masked:.1%} of {len(probe)} personal-data strings; ordinary words wrongly masked {wrong:.2%}")
    print(probe.groupby("kind")["masked"].agg(["mean", "size"]).to_string())
    if "--misses" in sys.argv:
        for row in probe[~probe["masked"]].itertuples():
            print(f"{row.id} {row.kind}: {row.secret!r} -> {mask_text(row.text)!r}")
        ordinary = pd.read_csv(DATA / "ordinary_answers.csv", dtype=str, keep_default_na=False)
        for text in ordinary["text"]:
            if wrongly_masked(text)[0]:
                print("ORDINARY:", mask_text(text).replace("\n", " / "))
