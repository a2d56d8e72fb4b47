"""An analyst's memos in curly braces between the speech: ``{Ensembles need a common core.}``.

Researchers who annotate a transcript as they read it put their codes and memos on lines
of their own in curly braces, below the answer they are about (an Otter export annotated
in a text editor). Such a line is nobody's speech: like a section heading
(:mod:`researchkit.io.sections`) it ends the turn above it and becomes a turn with no
speaker and role ``other``, so a code on the respondent's words never covers the
researcher's memo; the memo stays in the text. Consecutive memo lines form one turn, and
speech below them without a new label goes on as the speaker before them.

A memo line is a paragraph below the first speaker label, without a label of its own,
that is one pair of curly braces around at least three words (``{laughs}`` alone is the
speaker's, a transcriber's mark), with no brace inside.

Examples
--------
>>> sorted(annotation_lines(["P4: It varies.", "{Ensembles need flexibility.}", "{laughs}"], ["P4", None, None]))
[1]
"""

from __future__ import annotations

import re
from typing import Callable, Collection, Sequence

__all__ = ["annotation_lines", "annotation_note", "is_annotation"]

#: One braced memo, at most 400 characters (a memo, not a hidden paragraph of speech).
_MEMO_RE = re.compile(r"\{(?P<memo>[^{}\n]{1,400})\}")
MIN_WORDS = 3


def is_annotation(text: str) -> bool:
    """Whether a paragraph is one analyst's memo in curly braces (three words or more).

    Examples
    --------
    >>> is_annotation("{Flexibility is necessary.}"), is_annotation("{laughs}"), is_annotation("{a} and {b c d}")
    (True, False, False)
    """
    found = _MEMO_RE.fullmatch(text.strip())
    return found is not None and len(found.group("memo").split()) >= MIN_WORDS


def annotation_lines(texts: Sequence[str], labels: Sequence[object | None], skip: Collection[int] = ()) -> set[int]:
    """Indexes of the memo paragraphs below the first label (see the module docstring).

    Parameters
    ----------
    texts
        The paragraphs' texts.
    labels
        The label found on each paragraph (``None`` where there is none).
    skip
        Paragraphs that are something else already (page furniture, legend, metadata).
    """
    return unlabelled_below_first_label(texts, labels, skip, is_annotation)


def unlabelled_below_first_label(texts: Sequence[str], labels: Sequence[object | None], skip: Collection[int],
                                 keep: Callable[[str], bool]) -> set[int]:
    """Indexes of the paragraphs below the first label that have no label, are not in ``skip`` and whose
    text ``keep`` accepts (memo lines, stage directions: what sits between turns without being speech).

    Examples
    --------
    >>> sorted(unlabelled_below_first_label(["x", "I: Hi", "x", "R: Yo", "x"], [None, "I", None, "R", None], {4}, lambda t: t == "x"))
    [2]
    """
    first = next((i for i, label in enumerate(labels) if label is not None), None)
    if first is None:
        return set()
    return {i for i in range(first + 1, len(texts)) if labels[i] is None and i not in skip and keep(texts[i])}


def annotation_note(indexes: Collection[int], locations: Sequence[str]) -> str:
    """The assembler's note on the memo lines set apart from the speech.

    Examples
    --------
    >>> annotation_note({3, 4, 9}, [f"line {i + 1}" for i in range(10)])
    "3 line(s) in curly braces between turns read as an analyst's memos, not speech (a turn with no speaker, role 'other'): line 4, line 5, line 10; speech below them without a new label goes on as the speaker before them"
    """
    shown = ", ".join(locations[i] for i in sorted(indexes)[:8]) + (" ..." if len(indexes) > 8 else "")
    return (f"{len(indexes)} line(s) in curly braces between turns read as an analyst's memos, not speech (a turn "
            f"with no speaker, role 'other'): {shown}; speech below them without a new label goes on as the speaker before them")
