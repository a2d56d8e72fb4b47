"""Zoom's saved meeting chat (``meeting_saved_chat.txt``): who wrote each message, and when.

Zoom saves a meeting's chat as text, one message per header line. Since 2021 the header is
alone on its line and the message on the lines below it, indented with a tab::

    09:00:46 From  Marius van der Wijden  to  Everyone:
    \tYes
    09:07:17 From  Pooja | ECH  to  Micah Zoltu(Direct Message):
    \tit was fine

Older clients wrote the message on the header line, after `` : ``
(``10:01:02\t From  Jan de Vries : Hello``, ``... From  Jan  to  Anna(Privately) : hi``).
The writer is the speaker (as written, whatever it looks like: a nickname, an e-mail in
brackets), the time the turn's timestamp; the recipient stays in the text, outside the turn.

The header is parsed with ``str`` searches, not a regular expression with two open runs, so
a hostile line costs time linear in its length.

Examples
--------
>>> match_chat_header("09:00:46 From  Marius van der Wijden  to  Everyone:")
('Marius van der Wijden', '09:00:46', 51)
>>> match_chat_header("10:01:02\\t From  Jan de Vries : Hello")
('Jan de Vries', '10:01:02', 31)
>>> match_chat_header("10:01 From the harbour to the sea: a long way") is None
True
"""

from __future__ import annotations

import re

__all__ = ["match_chat_header"]

#: The time and ``From`` that open a chat header (Zoom writes ``HH:MM:SS``; ``H:MM`` in short meetings).
_HEAD_RE = re.compile(r"^(?P<ts>\d{1,2}:\d{2}(?::\d{2})?)[ \t]+From[ \t]+(?=\S)")
#: The longest header line considered (a name, a recipient and the words around them).
MAX_HEADER = 300
#: The longest name or recipient.
MAX_NAME = 80


def _writer(part: str) -> str | None:
    """The writer in ``NAME`` or ``NAME  to  RECIPIENT`` (Zoom's two spaces around ``to`` first), or ``None``."""
    cut = part.find("  to  ")
    width = 6
    if cut < 0:
        cut, width = part.rfind(" to "), 4
    name = (part[:cut] if cut >= 0 else part).strip()
    recipient = part[cut + width :].strip() if cut >= 0 else ""
    if not name or len(name) > MAX_NAME or len(recipient) > MAX_NAME or ":" in name:
        return None
    return name


def match_chat_header(line: str) -> tuple[str, str, int] | None:
    """A Zoom chat header: ``(writer, time, where the message starts in line)``, else ``None``.

    A header alone on its line (the message below it) gives ``len(line)`` as the start. A
    one-line message needs Zoom's `` : `` between the header and the message, and a header
    alone needs a recipient (``to Everyone:``), so a sentence that starts with a time and
    ``From`` is not a header.

    Examples
    --------
    >>> match_chat_header("19:52:01 From  Brett Gustafson  to  Everyone:")
    ('Brett Gustafson', '19:52:01', 45)
    >>> match_chat_header("10:05:01 From Participant 3 to Jane Smith(Direct Message) : Will do.")
    ('Participant 3', '10:05:01', 60)
    >>> match_chat_header("10:05 From noon on we waited.") is None
    True
    """
    head = _HEAD_RE.match(line)
    if head is None or len(line) > 100_000:
        return None
    rest = line[head.end() :]
    end = rest.find(" : ")
    if 0 <= end <= MAX_HEADER:  # older clients: the message on the header line
        name = _writer(rest[:end])
        start = head.end() + end + 3
        while start < len(line) and line[start] in " \t":
            start += 1
        return (name, head.group("ts"), start) if name and start < len(line) else None
    stripped = rest.rstrip()
    if len(stripped) > MAX_HEADER or not stripped.endswith(":") or (" to " not in stripped):
        return None
    name = _writer(stripped[:-1])
    return (name, head.group("ts"), len(line)) if name else None
