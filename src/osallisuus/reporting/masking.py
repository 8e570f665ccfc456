"""Masking open answers before anyone reads them outside the store: e-mail addresses, phone
numbers and capitalised words inside a sentence (names). A heuristic: a name that starts a
sentence is not caught, so open answers are shown only on opt-in."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(\+?\d[\d ()-]{6,}\d)")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÅÄÖ][a-zåäö]{2,}\b")


def mask_text(text: str) -> str:
    """Mask e-mail addresses, phone numbers and capitalised words inside a sentence (names).

    >>> mask_text("Ohjaaja Maija auttoi, soita 040 123 4567 tai maija@example.org.")
    'Ohjaaja [nimi] auttoi, soita [puhelin] tai [sähköposti].'
    """
    text = _EMAIL.sub("[sähköposti]", text)
    text = _PHONE.sub("[puhelin]", text)
    return _NAME.sub("[nimi]", text)
