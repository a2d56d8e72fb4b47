"""Line ends a text file may have besides ``\\n``, ``\\r\\n`` and ``\\r``: U+2028, U+0085, U+2029 and form feeds.

:func:`researchkit.transcripts.canonical_text` makes ``\\r\\n`` and ``\\r`` line feeds; text files carry other
line ends too, which the text and subtitle readers make line ends here, before the lines are counted and read:

- **U+2028 LINE SEPARATOR** (a manual line break, Shift+Enter, in text exported from Word or Mac apps), **U+0085
  NEXT LINE** (NEL, text converted from EBCDIC or Latin-1 systems) and **U+2029 PARAGRAPH SEPARATOR**: a line end,
  replaced by a line feed. In a text file every line is a paragraph, so a label after one opens a turn; in a
  subtitle cue it is a new line of the cue.
- **A form feed** (U+000C, the page break of text converted from PDF): a line end. A form feed inside a line gets
  a line feed before it, so it opens the next line, where ``pdftotext`` writes it and where the page furniture
  rules (:mod:`researchkit.io.furniture`) count page breaks; like other blank space at a line's start it is not
  part of the paragraph.

The canonical text is the text after this (offsets are into it, as always); a note says what was changed.

Examples
--------
>>> unify_line_ends("I: Ja\\u2028R: Nee\\fI: O.")
('I: Ja\\nR: Nee\\n\\x0cI: O.', ['1 line separator(s) (U+2028) read as line ends', \
'1 form feed(s) (page breaks) inside a line read as line ends'])
"""

from __future__ import annotations

import re

__all__ = ["unify_line_ends", "OTHER_LINE_ENDS"]

#: Characters read as a line end and replaced by a line feed, with the name a note gives them.
OTHER_LINE_ENDS = {"\u2028": "line separator(s) (U+2028)", "\x85": "next-line character(s) (U+0085, NEL)",
                   "\u2029": "paragraph separator(s) (U+2029)"}
#: A form feed inside a line (not at its start, nor right after another form feed).
_INNER_FORM_FEED = re.compile(r"(?<![\n\r\f])\f")


def unify_line_ends(text: str) -> tuple[str, list[str]]:
    """``text`` with U+2028, U+0085 and U+2029 as line feeds and a line feed before each form feed inside a line,
    and the notes saying so (none when the text has none of them).

    Examples
    --------
    >>> unify_line_ends("a\\n\\fb")
    ('a\\n\\x0cb', [])
    >>> unify_line_ends("a\\x85b")[0]
    'a\\nb'
    """
    notes = []
    for char, name in OTHER_LINE_ENDS.items():
        count = text.count(char)
        if count:
            text = text.replace(char, "\n")
            notes.append(f"{count} {name} read as line ends")
    if "\f" in text:
        text, count = _INNER_FORM_FEED.subn("\n\f", text)
        if count:
            notes.append(f"{count} form feed(s) (page breaks) inside a line read as line ends")
    return text, notes
