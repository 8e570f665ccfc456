"""MkDocs hook: the checklist pages show the checklist the installed package writes
(``osallisuus checklist``), so the guide never copies it by hand."""

import re

from osallisuus.collect.checklist import build_checklist

PLACEHOLDER = re.compile(r"<!-- checklist (fi|sv|en) -->")


def on_page_markdown(markdown: str, **_kwargs) -> str:
    def table(match: re.Match) -> str:
        lines = build_checklist(match.group(1)).splitlines()
        return "\n".join(line.replace("# ", "## ", 1) if line.startswith("# ") else line for line in lines[1:])

    return PLACEHOLDER.sub(table, markdown)
