"""Markdown headings between speaker turns: ``## Part 2``, ``### ~ 3 Min``, ``# Section B``.

Transcripts kept in Markdown mark sections of the conversation with headings (a part of
the interview guide, a time mark every few minutes). Such a heading is nobody's speech:
it ends the turn before it and becomes a turn of its own with no speaker and role
``other`` (the same shape as the title lines above the first label), so no code is ever
counted for a speaker because it covers a heading. The heading stays in the text, and
speech that follows it without a new label goes on as the speaker before the heading, in
a new turn.

A heading is a line that starts with one to six ``#`` and a space and that is not a
speaker label line (``### Bryan Robinson  0:01`` starts a turn) and not only a time
(``## 00:20:00`` gives the next turn its time); a heading the reader found in the file's
structure (HTML ``h2``, a text line underlined with ``===`` or ``---`` as Markdown's setext and
reStructuredText's section titles are: :func:`underlined_headings`) counts too; an underline
counts only below a heading, never alone (a ``---`` below a labelled line stays in that turn). Only headings below the first speaker
label count: headings above it are the title block. Consecutive headings form one section
turn, and so do ``Key: value`` metadata lines right below a heading (``## Interview 2``
then ``**Date:** 2026-06-27``: a new interview's header). A thematic break (``---``) is not
a heading: it stays in the turn around it, as it always did.

Examples
--------
>>> texts = ["# Interview 3", "I: Where?", "R: Here.", "## Part 2", "I: When?"]
>>> sorted(section_headings(texts, [None, "I", "R", None, "I"]))
[3]
"""

from __future__ import annotations

import re
from typing import Collection, Sequence

from researchkit.io.timemarks import match_timestamp_only

__all__ = ["section_headings", "section_note", "is_heading", "underlined_headings"]

_HEADING_RE = re.compile(r"^#{1,6}[ \t]+\S")
#: A section title's underline (Markdown setext ``===``/``---``, reStructuredText's ``=``, ``-``, ``~``, ``^``).
_UNDERLINE_RE = re.compile(r"^ {0,3}(=+|-+|~+|\^+)[ \t]*$")


def underlined_headings(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines that are an underlined section title and its underline.

    A title is a line with text right above a line of one of ``=``, ``-``, ``~``, ``^`` (three or
    more, no blank line between); ``-``, ``~`` and ``^`` must be at least as long as the title, as
    reStructuredText asks, so a short ``---`` rule under a line of speech is no underline. ``=``
    may be shorter (Markdown's setext headings). A title that is itself an underline or a list
    item's bullet line is none.

    Examples
    --------
    >>> sorted(underlined_headings(["I: Hello.", "1. Ms Jane Runeckles", "====", "Part 2", "------", "R: Hi.", "---"]))
    [1, 2, 3, 4]
    """
    found: set[int] = set()
    for i in range(1, len(lines)):
        under = _UNDERLINE_RE.match(lines[i])
        title = lines[i - 1].strip()
        if under is None or not title or _UNDERLINE_RE.match(lines[i - 1]) or title[0] in "-*+>|":
            continue
        if len(under.group(1)) >= 3 and (under.group(1)[0] == "=" or len(under.group(1)) >= len(title)):
            found.update((i - 1, i))
    return found


def is_heading(text: str) -> bool:
    """Whether a paragraph is a Markdown heading (and not only a time).

    Examples
    --------
    >>> is_heading("### ~ 3 Min"), is_heading("#hashtag"), is_heading("## 00:20:00"), is_heading(r"\\# Part 2")
    (True, False, False, False)
    """
    text = text.strip()
    return _HEADING_RE.match(text) is not None and match_timestamp_only(text) is None


def section_headings(
    texts: Sequence[str], labels: Sequence[object | None], skip: Collection[int] = (), attached: Collection[int] = (),
    marked: Collection[int] = (),
) -> set[int]:
    """Indexes of the unlabelled paragraphs below the first label that are section markers (see the module docstring).

    Parameters
    ----------
    texts
        The paragraphs' texts.
    labels
        The label found on each paragraph (``None`` where there is none).
    skip
        Paragraphs that are something else already (page furniture, legend, metadata).
    attached
        Paragraphs that belong to a heading right above them (``Key: value`` metadata lines).
    marked
        Paragraphs the reader found to be headings (HTML ``h2``), whatever their text.

    Examples
    --------
    >>> texts = ["I: Where?", "R: Here.", "## Interview 2", "Date: 2026-06-27", "I: When?"]
    >>> sorted(section_headings(texts, ["I", "R", None, None, "I"], skip={3}, attached={3}))
    [2, 3]
    """
    first = next((i for i, label in enumerate(labels) if label is not None), None)
    if first is None:
        return set()
    found: set[int] = set()
    for i in range(first + 1, len(texts)):
        if labels[i] is not None:
            continue
        underline = i in marked and _UNDERLINE_RE.match(texts[i]) is not None
        if underline and i - 1 not in found:
            continue  # an underline counts below its title only
        if (i not in skip and (is_heading(texts[i]) or i in marked)) or (i in attached and i - 1 in found):
            found.add(i)
    return found


def section_note(indexes: Collection[int], texts: Sequence[str], locations: Sequence[str]) -> str:
    """The assembler's note on the headings read as section markers.

    Examples
    --------
    >>> section_note({1}, ["I: Hi", "## Part 2"], ["line 1", "line 2"])
    "1 heading(s) between turns read as section markers, not speech (a turn with no speaker, role 'other'): line 2 ('## Part 2'); speech below a heading without a new label goes on as the speaker before it"
    """
    ordered = [i for i in sorted(indexes) if i - 1 not in indexes]
    shown = ", ".join(f"{locations[i]} ({texts[i][:40]!r})" for i in ordered[:5]) + (" ..." if len(ordered) > 5 else "")
    return (f"{len(ordered)} heading(s) between turns read as section markers, not speech (a turn with no "
            f"speaker, role 'other'): {shown}; speech below a heading without a new label goes on as the speaker before it")
