"""A known label after a time mark, its colon forgotten: ``[0:04:53.6] NL Yeah, that's right.``

Podcast and interview transcripts that open every paragraph with a time and a label
(``[0:01:52.3] CC: Welcome ...``) now and then lose the colon: ``[0:04:53.6] NL Yeah``. Without
it the line would stay in the turn above it. Such a paragraph opens a turn of that speaker when
the file's labels are established, and only then:

- the label is one the file writes with its colon after the same kind of time mark (the same
  brackets, the same number of time fields, a fraction or not), at least twice;
- at least half of the paragraphs that open with that kind of time mark are labelled with a
  colon (a file of time-marked labels, not time-marked speech);
- the label stands right after the time mark, as written (case and all), and speech follows it
  after a space.

A name anywhere else in the speech, or a label that is not the file's, is never taken.

Pure functions only.

Examples
--------
>>> from researchkit.io.speakers import match_label
>>> texts = ["[0:01:52.3] CC: Welcome.", "[0:02:10.1] NL: Thanks.", "[0:03:00.0] CC: So?",
...          "[0:04:53.6] NL Yeah, that's right.", "[0:05:30.0] NL: Indeed."]
>>> matches = [match_label(t) for t in texts]
>>> found = labels_after_time_without_colon(texts, matches)
>>> m = found[3]
>>> m.label, m.timestamp, texts[3][m.content_start:]
('NL', 293.6, "Yeah, that's right.")
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Collection, Sequence

from researchkit.io.speakers import LabelMatch, parse_timestamp

__all__ = ["labels_after_time_without_colon", "colonless_note"]

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
#: A time mark opening a paragraph: ``[0:04:53.6]``, ``(00:12)``, ``00:12:03``, then a blank.
_HEAD_RE = re.compile(rf"[ \t]*(?P<open>[\[(]?)(?P<ts>{_TIME})(?P<close>[\])]?)[ \t]+(?=\S)")
_PAIRS = ("", "[]", "()")


def _kind(head: re.Match) -> tuple[str, int, bool] | None:
    """The kind of a time mark: its brackets, its number of fields, a fraction or not (``None``: unbalanced brackets)."""
    brackets = head.group("open") + head.group("close")
    if brackets not in _PAIRS:
        return None
    ts = head.group("ts")
    return brackets, ts.count(":"), "." in ts or "," in ts


def labels_after_time_without_colon(
    texts: Sequence[str], matches: Sequence[LabelMatch | None], skip: Collection[int] = ()
) -> dict[int, LabelMatch]:
    """The paragraphs that open with a time mark and one of the file's labels without its colon, by index.

    Parameters
    ----------
    texts
        The paragraphs.
    matches
        The labels accepted on each paragraph (``None`` where there is none).
    skip
        Paragraphs that are something else (metadata, furniture, a format's own speaker).

    Returns
    -------
    dict
        Paragraph index -> the label found, with the time mark's time and the speech's start.
    """
    timed: Counter = Counter()
    colon: Counter = Counter()
    labels: dict[tuple, Counter] = defaultdict(Counter)
    evidence: dict[str, str] = {}
    heads: dict[int, tuple[re.Match, tuple]] = {}
    for i, text in enumerate(texts):
        head = _HEAD_RE.match(text)
        kind = _kind(head) if head is not None else None
        if kind is None:
            continue
        timed[kind] += 1
        heads[i] = (head, kind)
        m = matches[i]
        if m is None or m.own_line:
            continue
        written = text[head.end() : m.content_start]
        if written.startswith(m.label) and ":" in written[len(m.label) :]:
            colon[kind] += 1
            labels[kind][m.label] += 1
            evidence.setdefault(m.label, m.evidence)
    # The established labels of each kind by length, longest first: a paragraph's words are looked up once per length,
    # not compared with every label (a file may establish thousands).
    established: dict[tuple, list[tuple[int, set[str]]]] = {}
    for kind, counts in labels.items():
        if colon[kind] * 2 >= timed[kind]:
            by_length: dict[int, set[str]] = defaultdict(set)
            for lab, n in counts.items():
                if n >= 2:
                    by_length[len(lab)].add(lab)
            established[kind] = sorted(by_length.items(), reverse=True)
    found: dict[int, LabelMatch] = {}
    for i, (head, kind) in heads.items():
        if matches[i] is not None or i in skip or not established.get(kind):
            continue
        text, at = texts[i], head.end()
        for size, same_length in established[kind]:
            label = text[at : at + size]
            if label in same_length and text[at + size : at + size + 1] in (" ", "\t") and text[at + size :].strip():
                after = text[at + size :]
                start = at + size + len(after) - len(after.lstrip(" \t"))
                found[i] = LabelMatch(label, parse_timestamp(head.group("ts")), start, evidence[label])
                break
    return found


def colonless_note(found: Collection[int], locations: Sequence[str]) -> str:
    """The assembler's note on the labels read without their colon.

    Examples
    --------
    >>> colonless_note({3}, ["line 1", "line 2", "line 3", "line 7"])
    "1 paragraph(s) open with a time mark and one of the file's labels without its colon, read as that speaker's turn: line 7"
    """
    shown = ", ".join(locations[i] for i in sorted(found)[:8]) + (" ..." if len(found) > 8 else "")
    return (f"{len(found)} paragraph(s) open with a time mark and one of the file's labels without its colon, read as "
            f"that speaker's turn: {shown}")
