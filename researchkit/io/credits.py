"""A transcription service's credit at the end of an export: ``Transcribed by https://otter.ai``.

Otter's text export ends with the line ``Transcribed by https://otter.ai`` below the last
speaker's words; other services and their users write ``Transcribed by Rev.com`` or
``Transcription by Descript``. The line is nobody's speech: the assembler sets it apart
like page furniture (it stays in the text, outside every turn, its span in
``Transcript.furniture``), so the last speaker's turn ends before it.

Google Meet's transcripts (a Google Doc, saved as text, Word or Markdown) end with two such
lines: ``Meeting ended after 01:40:23 👋`` and ``This editable transcript was computer
generated and might contain errors. People can also change the text after it was created.``
(in Markdown ``### Meeting ended after ...`` and ``*This editable transcript ...*``).

Microsoft Teams writes who switched the transcription on and off as lines of their own:
``Nick Miller started transcription`` below the title, date and duration, ``Nick Miller
stopped transcription`` below the last words (and both around a pause). Such an event line is
nobody's speech wherever it stands (:func:`meeting_events`).

Sonix's free plan ends its exports with ``(Transcribed by Sonix.ai - Remove this message by upgrading
your Sonix account today!)``: the credit in brackets with the upsell after it is one too.

Only the last paragraphs of the file count (at most :data:`MAX_FOOTER_LINES`, all of them
credits), and only lines that are nothing but the credit and one service name or address, or
Meet's two lines as Meet writes them.

Examples
--------
>>> is_service_credit("Transcribed by https://otter.ai"), is_service_credit("Transcribed by hand, checked by Anna.")
(True, False)
>>> is_service_credit("### Meeting ended after 00:22:45 👋"), is_service_credit("The meeting ended after 10 minutes.")
(True, False)
"""

from __future__ import annotations

import re
from typing import Sequence

__all__ = ["is_meeting_event", "is_service_credit", "meeting_events", "service_credit", "service_credits"]

#: Credit lines at the end of a file, at most (Meet writes two).
MAX_FOOTER_LINES = 3

_CREDIT_RE = re.compile(
    r"(?i:transcribed|transcription|transcript(?:ion)?\s+(?:made|created|generated|exported))\s+(?i:by|with|using|via)\s+"
    r"(?:https?://)?(?:www\.)?[A-Za-z0-9][\w-]{0,40}(?:\.[A-Za-z]{2,10}){1,2}/?\.?"
    r"|(?i:transcribed|transcription)\s+(?i:by|with|using|via)\s+(?:Otter|Rev|Descript|Trint|Sonix|Temi|Happy\s?Scribe|Amberscript|"
    r"Whisper|Microsoft\s+Teams|Zoom|Google\s+Meet|Fireflies|tl;dv|MacWhisper|noScribe)\.?"
    r"(?:\s+v(?:ers?\.?|ersion)?\s?\d{1,3}(?:\.\d{1,3}){0,3})?"
)
#: Sonix's free-plan footer: ``(Transcribed by Sonix.ai - Remove this message by upgrading your Sonix account today!)``.
_UPSELL_RE = re.compile(r"\((?P<credit>[^()\n]{1,80}?)\s[-–]\s(?i:remove this message)[^()\n]{0,100}\)")

#: Google Meet's last lines: the meeting's length (an emoji after it, or its mis-decoded bytes) and the notice.
_MEET_RE = re.compile(
    r"Meeting ended after \d{1,3}:\d{2}:\d{2}(?:\s{0,3}\S{1,8})?"
    r"|This editable transcript was computer generated and might contain errors\."
    r"(?: People can also change the text after it was created\.)?"
)
_MARKUP = " \t#*_>"

#: Teams' event line: the display name (a name, ``Miller, Nick``, an e-mail address), then the event.
_EVENT_RE = re.compile(r"(?P<name>[^\s:][^:\n]{0,79}?) (?:started|stopped) transcription")


def is_meeting_event(text: str) -> bool:
    """Whether a paragraph is only Teams' ``NAME started transcription`` or ``NAME stopped transcription``.

    Examples
    --------
    >>> is_meeting_event("Nick Miller started transcription"), is_meeting_event("**Miller, Nick** stopped transcription")
    (True, True)
    >>> is_meeting_event("Then she started transcription work in 1998."), is_meeting_event("P1: I stopped transcription")
    (False, False)
    """
    stripped = text.strip(_MARKUP)
    if len(stripped) > 120:
        return False
    found = _EVENT_RE.fullmatch(stripped.replace("**", ""))
    return found is not None and len(found.group("name").split()) <= 6


def meeting_events(texts: Sequence[str]) -> list[int]:
    """Indexes of Teams' transcription event lines, wherever they stand, when the file has speech besides them.

    Examples
    --------
    >>> meeting_events(["Nick Miller started transcription", "David Mulholland   0:03", "Hello.",
    ...                 "Nick Miller stopped transcription"])
    [0, 3]
    >>> meeting_events(["Nick Miller started transcription"])
    []
    """
    found = [i for i, text in enumerate(texts) if is_meeting_event(text)]
    return found if len(found) < sum(1 for text in texts if text.strip()) else []


def is_service_credit(text: str) -> bool:
    """Whether a paragraph is only a transcription service's credit (``Transcribed by https://otter.ai``).

    Examples
    --------
    >>> [is_service_credit(t) for t in ("Transcribed by Rev.com", "Transcription by Descript", "Transcribed by Otter.")]
    [True, True, True]
    >>> is_service_credit("R1: Transcribed by https://otter.ai"), is_service_credit("Transcribed by Anna de Vries")
    (False, False)

    Sonix's free plan closes with its credit in brackets and an upsell; noScribe adds its version:

    >>> is_service_credit("(Transcribed by Sonix.ai - Remove this message by upgrading your Sonix account today!)")
    True
    >>> is_service_credit("Transcribed with noScribe vers. 0.7"), is_service_credit("(Transcribed by Anna - remove this message)")
    (True, False)
    """
    if len(text) > 200:
        return False
    upsell = _UPSELL_RE.fullmatch(text.strip())
    credit = upsell.group("credit").strip() if upsell else text.strip()
    return _CREDIT_RE.fullmatch(credit) is not None or _MEET_RE.fullmatch(text.strip(_MARKUP)) is not None


def service_credits(texts: Sequence[str]) -> list[int]:
    """Indexes of the credit lines ending the file (in order), when speech comes before them; else ``[]``.

    Examples
    --------
    >>> service_credits(["Ann: Bye.", "Meeting ended after 01:40:23 👋",
    ...                  "This editable transcript was computer generated and might contain errors. "
    ...                  "People can also change the text after it was created.", ""])
    [1, 2]
    >>> service_credits(["Meeting ended after 00:01:00"]), service_credits(["Ann: Bye.", "Bo: Meeting ended after 00:01:00"])
    ([], [])
    """
    found: list[int] = []
    for i in range(len(texts) - 1, -1, -1):
        if not texts[i].strip():
            continue
        if len(found) < MAX_FOOTER_LINES and is_service_credit(texts[i]):
            found.append(i)
            continue
        return found[::-1]  # speech above the credits
    return []


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
