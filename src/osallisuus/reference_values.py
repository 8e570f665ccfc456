"""Published ESIS means a report compares with (``references.yaml``, cited there)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .yaml_files import safe_load


@dataclass(frozen=True)
class Reference:
    key: str
    mean: float
    labels: dict[str, str]
    source: str

    def label(self, language: str) -> str:
        return self.labels[language]


@lru_cache(maxsize=1)
def references() -> dict[str, Reference]:
    """Every shipped reference value by key.

    >>> references()["ph_vulnerable"].label("sv")
    'Päijänne-Tavastland, invånare i utsatt ställning (riktad enkät)'
    """
    text = (resources.files("osallisuus") / "references.yaml").read_text(encoding="utf-8")
    return {key: Reference(key, float(v["mean"]), dict(v["label"]), v["source"]) for key, v in safe_load(text).items()}
