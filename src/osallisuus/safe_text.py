"""Text from the data is text, never markup: the one place where a name, a label or an open
answer is made safe to put into a report's Markdown or HTML.

Every character that could start Markdown (links, images, emphasis, headings, lists, tables,
``$`` math, autolinks) or HTML is written as a numeric character reference: Markdown never
reads a reference as syntax, and the browser shows the character itself.
"""

from __future__ import annotations

#: Characters that form Markdown, math, HTML or an autolink.
SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|$~&\"'=:^@%;/")


def plain(value: object) -> str:
    """``value`` as plain text for Markdown or HTML, on one line.

    >>> plain("Paja <b>*1*</b>")
    'Paja &#60;b&#62;&#42;1&#42;&#60;&#47;b&#62;'
    """
    text = " ".join(str(value).split())
    return "".join(f"&#{ord(c)};" if c in SPECIAL else c for c in text)


#: Defence in depth for every HTML file the project writes: no script runs and nothing is
#: fetched (images only from ``data:``, styles only inline), even if some text escaped :func:`plain`.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
