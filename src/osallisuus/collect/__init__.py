"""Collecting answers the same way everywhere: the common minimum dataset as a data-entry
workbook, a printable questionnaire and a Webropol/Forms checklist, all made from the codebooks
so that what is collected with them ingests without rejections."""

from __future__ import annotations

from pathlib import Path


def write_kit(kind: str, out: str | Path, lang: str = "fi", organization: str | None = None,
              units: list[str] | None = None) -> Path:
    """Write one part of the kit: ``template`` (.xlsx), ``questionnaire`` (.html) or ``checklist`` (.md)."""
    if kind == "template":
        from .template import write_template

        return write_template(out, lang, organization, units)
    if kind == "questionnaire":
        from .questionnaire import write_questionnaire

        return write_questionnaire(out, lang, organization, units)
    if kind == "checklist":
        from .checklist import write_checklist

        return write_checklist(out, lang, organization, units)
    raise ValueError(f"unknown part of the collection kit: {kind!r}")
