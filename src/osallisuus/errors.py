"""Errors meant for people: what is wrong, where, and what to do, in Finnish and English."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A file (or parameter) that cannot be used at all. The command exits non-zero."""

    def __init__(self, path: str | Path | None, fi: str, en: str, fix_fi: str = "", fix_en: str = ""):
        self.path = str(path) if path is not None else None
        self.fi, self.en, self.fix_fi, self.fix_en = fi, en, fix_fi, fix_en
        super().__init__(self.message())

    def message(self) -> str:
        where = f"{self.path}: " if self.path else ""
        lines = [f"{where}{self.fi}"]
        if self.fix_fi:
            lines.append(f"  Korjaus: {self.fix_fi}")
        lines.append(f"  ({self.en}{' ' + self.fix_en if self.fix_en else ''})")
        return "\n".join(lines)
