"""A transcription service's credit at the end of an export: ``Transcribed by https://otter.ai``.

Otter's text export ends with the line ``Transcribed by https://otter.ai`` below the last
speaker's words; other services and their users write ``Transcribed by Rev.com`` or
``Transcription by Descript``. The line is nobody's speech: the assembler sets it apart
like page furniture (it stays in the text, outside every turn, its span in
``Transcript.furniture``), so the last speaker's turn ends before it.

Only the last paragraph of the file counts, and only a line that is nothing but the credit
and one service name or address.

Examples
--------
>>> is_service_credit("Transcribed by https://otter.ai"), is_service_credit("Transcribed by hand, checked by Anna.")
(True, False)
"""

from __future__ import annotations

import re
from typing import Sequence

__all__ = ["is_service_credit", "service_credit"]

_CREDIT_RE = re.compile(
    r"(?i:transcribed|transcription|transcript(?:ion)?\s+(?:made|created|generated|exported))\s+(?i:by|with|using|via)\s+"
    r"(?:https?://)?(?:www\.)?[A-Za-z0-9][\w-]{0,40}(?:\.[A-Za-z]{2,10}){1,2}/?\.?"
    r"|(?i:transcribed|transcription)\s+(?i:by|with|using|via)\s+(?:Otter|Rev|Descript|Trint|Sonix|Temi|Happy\s?Scribe|Amberscript|"
    r"Whisper|Microsoft\s+Teams|Zoom|Google\s+Meet|Fireflies|tl;dv|MacWhisper|noScribe)\.?"
)


def is_service_credit(text: str) -> bool:
    """Whether a paragraph is only a transcription service's credit (``Transcribed by https://otter.ai``).

    Examples
    --------
    >>> [is_service_credit(t) for t in ("Transcribed by Rev.com", "Transcription by Descript", "Transcribed by Otter.")]
    [True, True, True]
    >>> is_service_credit("R1: Transcribed by https://otter.ai"), is_service_credit("Transcribed by Anna de Vries")
    (False, False)
    """
    return len(text) <= 120 and _CREDIT_RE.fullmatch(text.strip()) is not None


def service_credit(texts: Sequence[str]) -> int | None:
    """Index of the last non-empty paragraph when it is a service's credit, else ``None``.

    Examples
    --------
    >>> service_credit(["R1  25:17", "no one in a way. Yeah.", "Transcribed by https://otter.ai", ""])
    2
    >>> service_credit(["Transcribed by https://otter.ai"]) is None  # nothing else: not a footer
    True
    """
    last = next((i for i in range(len(texts) - 1, -1, -1) if texts[i].strip()), None)
    if last is None or last == 0 or not is_service_credit(texts[last]):
        return None
    return last
