"""Speaker labels written without a colon at the start of each paragraph: ``Interviewer In principe ...``.

Some transcripts pasted from a recording's transcript view lose the colon (and the line break) after
the speaker's name, so each paragraph opens with the label and the speech runs on after a blank::

    Interviewer Mis ik er al eentje heel snel in jouw ogen?
    Business Application Manager Nee volgens mij niet.
    Interviewer De scope liggen ook een beetje de interfaces naar MES.

Without a colon nothing marks where a label ends, so such labels are read only in a file that has no
label of any other kind, and only with this evidence:

- a role word of three letters or more (``Interviewer``, ``Respondent``, ``Participant 3``,
  ``Geïnterviewde``; never a one-letter code such as ``I`` or ``R``, which opens speech: ``I think``)
  opens at least three paragraphs, followed by more words;
- each other label opens at least three paragraphs too, is one to four capitalised words
  (``Business Application Manager``, ``Anna``), and is the longest run of words that at least
  four in five of the paragraphs opening with its first word share (``Business Application
  Manager`` when the word after it varies: ``Nee``, ``Ja``, ``Hoe``);
- a label that is not a role word comes right after another label's paragraph at least twice
  in three times (the speakers take turns), it is no words of the speech (a single word the file
  also writes in lower case, as ``So``, ``And`` and ``Yes``; words with ``I`` or another one-letter
  word among them; words the file also writes together in lower case, as ``And then``), and its
  words are not all role words of a heading (``Interview Transcript``).

Pure functions; :func:`researchkit.io.assemble.assemble` uses them when no paragraph has a label.

Examples
--------
>>> texts = ["Interviewer Hoe gaat het?", "Anna Goed, dank je.", "Interviewer En je werk?", "Anna Druk.",
...          "Interviewer Waarom?", "Anna Veel klanten."]
>>> [(m.label, m.content_start) if m else None for m in bare_labels(texts)][:2]
[('Interviewer', 12), ('Anna', 5)]
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Collection, Sequence

from researchkit.io.roles import role_word
from researchkit.io.speakers import MAX_LABEL_LENGTH, LabelMatch

__all__ = ["bare_labels", "bare_label_note"]

#: The first words of a paragraph: capitalised words (a trailing number allowed: ``Participant 3``) and the next word.
_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*|\d{1,3}")
#: The most words a label without a colon may have.
MAX_WORDS = 4
#: How many paragraphs each label must open.
MIN_USES = 3


def _opening_words(text: str) -> list[tuple[str, int]]:
    """The first words of ``text``'s first line with where each ends, up to ``MAX_WORDS + 1`` words."""
    words: list[tuple[str, int]] = []
    line_end = text.find("\n")
    line = text if line_end < 0 else text[:line_end]
    pos = len(line) - len(line.lstrip(" \t"))
    while len(words) <= MAX_WORDS:
        m = _WORD_RE.match(line, pos)
        if m is None:
            break
        words.append((m.group(), m.end()))
        if m.end() >= len(line) or line[m.end()] not in " \t":
            break  # "Ja," "Nee." end the run: punctuation is speech
        pos = m.end()
        while pos < len(line) and line[pos] in " \t":
            pos += 1
    return words


def _label_words(words: list[tuple[str, int]]) -> int:
    """How many of the opening words may be a label: capitalised words, a number after a word."""
    n = 0
    for i, (word, _) in enumerate(words[:MAX_WORDS]):
        if word[0].isupper() or (word.isdigit() and i > 0):
            n += 1
        else:
            break
    return n


def bare_labels(texts: Sequence[str], skip: set[int] = frozenset()) -> list[LabelMatch | None]:
    """Labels without a colon opening the paragraphs, one entry per paragraph (``None`` where there is none).

    Returns all ``None`` when the evidence above is missing.

    Parameters
    ----------
    texts
        The paragraphs, none of which has a label.
    skip
        Paragraphs that are never labels (metadata, furniture, a legend).

    Examples
    --------
    >>> bare_labels(["So I went there", "Yes", "So I think", "And so", "So I said"]) == [None] * 5
    True
    """
    openings = [_opening_words(t) if i not in skip else [] for i, t in enumerate(texts)]
    empty: list[LabelMatch | None] = [None] * len(texts)
    by_first: dict[str, list[int]] = {}
    for i, words in enumerate(openings):
        if len(words) >= 2 and _label_words(words) >= 1:  # a label and at least one word of speech after it
            by_first.setdefault(words[0][0], []).append(i)
    labels: dict[str, int] = {}  # label -> words
    for first, found in by_first.items():
        if len(found) < MIN_USES:
            continue
        size = 1
        while size < MAX_WORDS:
            longer = Counter(tuple(w for w, _ in openings[i][: size + 1]) for i in found
                             if len(openings[i]) > size + 1 and _label_words(openings[i]) > size)
            if not longer or longer.most_common(1)[0][1] * 5 < len(found) * 4:
                break
            size += 1
        label = " ".join(w for w, _ in openings[found[0]][:size])
        shared = [i for i in found if " ".join(w for w, _ in openings[i][:size]) == label and len(openings[i]) > size]
        if len(shared) >= MIN_USES and len(label) <= MAX_LABEL_LENGTH:
            labels[label] = size
    anchors = {label for label in labels if role_word(label) is not None}
    if not anchors:
        return empty
    lower = _lower_case_words(texts)
    # One label per first word (the labels are made per first word above): a paragraph can only open with its own.
    by_word = {label.split(" ", 1)[0]: label for label in labels}
    at: dict[int, str] = {}
    for i, words in enumerate(openings):
        label = by_word.get(words[0][0]) if words else None
        if label is not None and len(words) > labels[label] and " ".join(w for w, _ in words[: labels[label]]) == label:
            at[i] = label
    others = sorted(set(labels) - anchors)
    written_lower = _written_in_lower_case([label for label in others if len(label.split()) > 1], texts)
    previous: dict[int, str | None] = {}
    last: str | None = None
    for i in sorted(at):  # the label of the nearest labelled paragraph above each labelled paragraph
        previous[i], last = last, at[i]
    uses: dict[str, list[int]] = {}
    for i, label in at.items():
        uses.setdefault(label, []).append(i)
    accepted = set(anchors)
    for label in others:
        if _is_speech(label, lower, written_lower) or all(role_word(w) is not None or w.casefold() in {"transcript", "interview"}
                                                   for w in label.split() if not w.isdigit()):
            continue
        found = uses.get(label, [])
        after_other = sum(1 for i in found if previous[i] not in (None, label))
        if after_other * 3 >= len(found) * 2:
            accepted.add(label)
    if len(accepted) < 2:
        return empty
    out = list(empty)
    for i, label in at.items():
        if label not in accepted:
            continue
        size = labels[label]
        start = openings[i][size - 1][1]
        while start < len(texts[i]) and texts[i][start] in " \t":
            start += 1
        out[i] = LabelMatch(label, None, start, "known" if label in anchors else "name")
    return out


def _is_speech(label: str, lower: set[str], written_lower: Collection[str]) -> bool:
    """Words that are speech, not a name: one word the file also writes in lower case (``So``, ``Yes``), words
    with a one-letter word among them (``So I``), or words the file also writes in lower case together (``And then``:
    ``label`` is in ``written_lower``, :func:`_written_in_lower_case`).

    Examples
    --------
    >>> _is_speech("So", {"so", "yes"}, set()), _is_speech("So I", set(), set()), _is_speech("Anna", {"so"}, set())
    (True, True, False)
    >>> _is_speech("Business Application Manager", {"business"}, set()), _is_speech("And then", set(), {"And then"})
    (False, True)
    """
    words = label.split()
    if len(words) == 1:
        return words[0].casefold() in lower
    return any(len(w) == 1 for w in words) or label in written_lower


def _written_in_lower_case(labels: Sequence[str], texts: Sequence[str]) -> set[str]:
    """The ``labels`` of several words that the file also writes in lower case, from the start of a word (``and then``
    for ``And then``, ``the business application manager`` for ``Business Application Manager``).

    One pass over the words of the file, whatever the number of labels: each word is looked up among the labels'
    first words in lower case, and only there is the rest of the label compared.

    Examples
    --------
    >>> sorted(_written_in_lower_case(["And then", "Anna Smit", "Big Boss"], ["And then we left, and then", "joanna smit", "big"]))
    ['And then']
    """
    by_first: dict[str, list[tuple[str, str]]] = {}
    for label in labels:
        low = label.lower()
        by_first.setdefault(low.split(" ", 1)[0], []).append((label, low))
    found: set[str] = set()
    if not by_first:
        return found
    for text in texts:
        for word in _WORD_RE.finditer(text):
            for label, low in by_first.get(word.group(), ()):
                if label not in found and text.startswith(low, word.start()):
                    found.add(label)
    return found


def _lower_case_words(texts: Sequence[str]) -> set[str]:
    """Every word written in lower case in the file (``so``, ``and``, ``yes``)."""
    words: set[str] = set()
    for text in texts:
        words.update(w for w in re.findall(r"[^\W\d_]+", text) if w.islower())
    return words


def bare_label_note(matches: Sequence[LabelMatch | None], locations: Sequence[str]) -> str:
    """The note naming the labels read without a colon.

    Examples
    --------
    >>> bare_label_note([LabelMatch("Interviewer", None, 12), None, LabelMatch("Anna", None, 5)], ["line 1", "line 2", "line 3"])
    "labels without a colon read at the start of 2 paragraph(s) (first: line 1): 'Anna', 'Interviewer'; put a colon after each label in the file if a paragraph's first words are speech"
    """
    found = [i for i, m in enumerate(matches) if m is not None]
    names = ", ".join(repr(label) for label in sorted({m.label for m in matches if m is not None}))
    return (f"labels without a colon read at the start of {len(found)} paragraph(s) (first: {locations[found[0]]}): "
            f"{names}; put a colon after each label in the file if a paragraph's first words are speech")
