"""Line numbers typed or printed before a transcript's lines (pure functions).

Transcripts prepared for qualitative analysis are often line-numbered, so that a quote
can be cited as ``(R07, lines 112–118)``: ``1  I: So tell me ...``, ``2  in the port?``;
numbers then a tab; numbers on every fifth line only; numbers on blank lines too. The
numbers are a citation apparatus, not speech: left in the text they would hide the label
behind them (``12 I:``) and ride along in every quote. So they are taken out of the
text, and each line's number is recorded in ``Transcript.line_numbers`` (the offset where
the line begins, and its number), from which :func:`line_range` gives a passage's lines.

Detection asks for clear evidence. A line *starts* with a whole number followed by
a space, a tab or the end of the line (so ``00:01:23``, ``1.``, ``2)`` and ``1,5`` never
count), and the numbers *count lines*: between two numbered lines the number goes up by
exactly the number of lines between them (every line, or every fifth), counting either
all lines or only the non-blank ones. Numbers that agree this way, on at least
:data:`MIN_NUMBERED` lines and on half of the lines (or, every fifth line numbered, on
half of the fifth lines), are line numbers; a year or an amount starting one sentence
(``1998 was hard``) never agrees with them and stays text. A numbering that starts again
(each page from 1) is several runs, each of at least three lines. Numbers alone on their
lines count only beside numbered lines of text, and a run of years (``1998``, ``1999``,
``2000`` ...) is a chronology, not a numbering.

Examples
--------
>>> found = find_line_numbers(["1  I: Where?", "2  R: In the port,", "3  at night.", "4  I: Who?"])
>>> found.lines[0], found.numbers
('I: Where?', [1, 2, 3, 4])
>>> find_line_numbers(["I: When?", "1998 was hard.", "R: Yes."]) is None
True
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Container, Sequence

from researchkit.errors import ConfigurationError
from researchkit.transcripts import Corpus, Transcript, canonical_text

if TYPE_CHECKING:  # pandas loads when a table is built
    import pandas as pd

#: A whole number at the start of a line, then a space, a tab or the line's end.
LEADING_NUMBER = re.compile(r"^(?P<lead>[ \t\f]*)(?P<n>\d{1,5})(?:[ \t\u00a0]+|$)")
#: Numbered lines a file needs before its numbers are taken for line numbers.
MIN_NUMBERED = 4
#: Share of the lines (of the step's lines, when every n-th line is numbered) that must be numbered.
MIN_COVERAGE = 0.5
#: The largest step between printed numbers (every tenth line).
MAX_STEP = 10


@dataclass
class LineNumbering:
    """Line numbers found before a file's lines.

    Attributes
    ----------
    lines
        The lines with their numbers taken out (the leading whitespace kept).
    numbers
        Each line's number: as printed, or counted from the nearest printed one when only
        every n-th line is numbered; ``None`` for lines outside the numbering.
    printed
        Indices of the lines whose number was taken out.
    step
        Lines between two printed numbers (1: every line).
    irregular
        Indices of non-blank lines inside the numbered part (every line numbered) that
        carry no number in sequence although the numbers around them count them (``5``,
        ``66``, ``7``); they are kept as written. A line the numbering skips (a running
        header between two pages) is not one.
    """

    lines: list[str]
    numbers: list[int | None]
    printed: list[int] = field(default_factory=list)
    step: int = 1
    irregular: list[int] = field(default_factory=list)

    def note(self, locations: Sequence[str]) -> list[str]:
        """The notes for a transcript: what was taken out, and lines that break the numbering.

        Parameters
        ----------
        locations
            Where each line is in the file (``"line 12"``), for the irregular lines.

        Examples
        --------
        >>> found = find_line_numbers(["1 I: Ja?", "2 R: Nee.", "3 I: Echt?", "4 R: Ja."])
        >>> found.note(["line 1", "line 2", "line 3", "line 4"])[0][:60]
        'line numbers taken out of the text: 4 numbered lines (1–4, e'
        """
        notes = [numbering_note([self.numbers[i] for i in self.printed], self.step)]
        if self.irregular:
            shown = ", ".join(f"{locations[i]} ({self.lines[i].strip()[:30]!r})" for i in self.irregular[:5])
            notes.append(
                f"{len(self.irregular)} line(s) in the numbered part carry no line number in sequence and were kept as "
                f"written: {shown}" + (" ..." if len(self.irregular) > 5 else "") + "; check them in the file"
            )
        return notes


def typed_number_length(line: str) -> int:
    """Characters of a number typed before a line's text (``12<tab>``), or 0.

    Examples
    --------
    >>> typed_number_length("12\tMarieke Wat zag u?"), typed_number_length("12"), typed_number_length("I: Ja")
    (3, 0, 0)
    """
    m = LEADING_NUMBER.match(line)
    return m.end() if m and m.end() < len(line) else 0


def every_nth_line(step: int) -> str:
    """``"every line"``, ``"every 2nd line"``, ``"every 5th line"`` (``"every 2th"`` before).

    Examples
    --------
    >>> [every_nth_line(n) for n in (1, 2, 3, 5, 21)]
    ['every line', 'every 2nd line', 'every 3rd line', 'every 5th line', 'every 21st line']
    """
    if step <= 1:
        return "every line"
    suffix = "th" if 10 <= step % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(step % 10, "th")
    return f"every {step}{suffix} line"


def numbering_note(printed: Sequence[int], step: int, *, where: str = "") -> str:
    """The note on line numbers taken out of a transcript's text.

    Examples
    --------
    >>> numbering_note([5, 10, 15, 20], 5, where="printed in the margin ")[:76]
    'line numbers printed in the margin taken out of the text: 4 numbered lines ('
    """
    every = every_nth_line(step)
    return (f"line numbers {where}taken out of the text: {len(printed)} numbered lines ({min(printed)}–{max(printed)}, "
            f"{every}); each line's number is kept in transcript.line_numbers (cite a passage with researchkit.io.line_range)")


def _candidates(lines: Sequence[str], exclude: Container[int] = ()) -> list[tuple[int, int, int, int]]:
    """``(index, number, start of the number, end of the prefix)`` for lines starting with a number."""
    out = []
    for i, line in enumerate(lines):
        m = LEADING_NUMBER.match(line) if i not in exclude else None
        if m and not (m.group("n").startswith("0") and len(m.group("n")) > 1):
            out.append((i, int(m.group("n")), m.start("n"), m.end()))
    return out


def _runs(found: Sequence[tuple[int, int, int, int]], position: Sequence[int]) -> list[list[tuple[int, int, int, int]]]:
    """Runs of candidates whose number minus position stays the same (the numbers count the lines).

    A run needs three lines, except a short last page whose numbering starts again at 1
    after the last long run (a court transcript's page of two lines).
    """
    by_key: dict[int, list[tuple[int, int, int, int]]] = {}
    for item in found:
        by_key.setdefault(item[1] - position[item[0]], []).append(item)
    runs = [members for members in by_key.values() if len(members) >= 3
            and Counter(b[1] - a[1] for a, b in zip(members, members[1:])).most_common(1)[0][0] <= MAX_STEP]
    last = max((members[-1][0] for members in runs), default=len(position))
    runs.extend(members for members in by_key.values() if len(members) < 3 and members[0][0] > last and members[0][1] == 1
                and all(b[1] - a[1] == 1 for a, b in zip(members, members[1:])))
    return runs


def _years(anchors: Sequence[tuple[int, int, int, int]]) -> bool:
    """Numbers that could all be years (1800–2100), fewer than a hundred of them: a chronology, not a numbering."""
    return len(anchors) < 100 and all(1800 <= n <= 2100 for _, n, _, _ in anchors)


def _best_numbering(lines: Sequence[str], exclude: Container[int]):
    """The counting (all lines, or non-blank ones) whose numbers agree best: ``(anchors, positions, step, other)``.

    ``other`` is the other counting's positions when its numbers agree on the same lines (no blank
    line between two printed numbers tells whether blank lines count), else ``None``.
    """
    found = _candidates(lines, exclude)
    if len(found) < MIN_NUMBERED:
        return None
    nonblank, count = [], 0
    for line in lines:
        nonblank.append(count)
        count += bool(line.strip())
    best, fits = None, []
    for position, total in ((list(range(len(lines))), len(lines)), (nonblank, count)):
        anchors = sorted(item for run in _runs(found, position) for item in run)
        if sum(end < len(lines[i].rstrip()) for i, _, _, end in anchors) < MIN_NUMBERED or _years(anchors):
            continue  # too few numbers with text behind them, or a list of years
        step = Counter(b[1] - a[1] for a, b in zip(anchors, anchors[1:]) if b[1] > a[1]).most_common(1)[0][0]
        coverage = len(anchors) * step / max(1, total if step > 1 else count)
        if coverage >= MIN_COVERAGE:
            fits.append((anchors, position, step))
            if best is None or len(anchors) > len(best[0]):
                best = (anchors, position, step)
    if best is None:
        return None
    other = next((position for anchors, position, step in fits if position is not best[1] and (anchors, step) == (best[0], best[2])),
                 None)
    return (*best, other)


def _counted(anchor: tuple[int, int, int, int], i: int, position: Sequence[int], other: Sequence[int] | None) -> int | None:
    """Line ``i``'s number counted from a printed one; ``None`` when the two countings disagree (blank lines between)."""
    number = anchor[1] + position[i] - position[anchor[0]]
    if other is not None and anchor[1] + other[i] - other[anchor[0]] != number:
        return None
    return number


def find_line_numbers(lines: Sequence[str], *, exclude: Container[int] = ()) -> LineNumbering | None:
    """Line numbers at the starts of ``lines``, taken out; ``None`` without clear evidence (module docstring).

    Parameters
    ----------
    lines
        A file's lines (or a Word file's paragraphs), blank ones included.
    exclude
        Indices of lines that never carry a line number (table rows with a speaker column).

    Returns
    -------
    LineNumbering or None

    Examples
    --------
    >>> lines = [f"{n if n % 5 == 0 else '':<4}{'I' if n % 3 else 'R'}: words on line {n}" for n in range(1, 21)]
    >>> lines[4]
    '5   I: words on line 5'
    >>> found = find_line_numbers(lines)
    >>> found.step, found.lines[4].strip(), found.numbers[:6]
    (5, 'I: words on line 5', [1, 2, 3, 4, 5, 6])
    """
    best = _best_numbering(lines, exclude)
    if best is None:
        return None
    anchors, position, step, other = best
    out = list(lines)
    numbers: list[int | None] = [None] * len(lines)
    for i, n, start, end in anchors:
        out[i] = lines[i][:start] + lines[i][end:]
        numbers[i] = n
    irregular: list[int] = []
    firsts = [a[0] for a in anchors]
    for i, line in enumerate(lines):
        if numbers[i] is not None or not line.strip():
            continue
        k = bisect.bisect(firsts, i)
        before, after = (anchors[k - 1] if k else None), (anchors[k] if k < len(anchors) else None)
        if step > 1 and before is not None and position[i] - position[before[0]] < step:
            numbers[i] = _counted(before, i, position, other)
        elif step > 1 and after is not None and 0 < position[after[0]] - position[i] < step:
            numbers[i] = _counted(after, i, position, other)
        elif step == 1 and before is not None and after is not None and \
                before[1] - position[before[0]] == after[1] - position[after[0]]:
            irregular.append(i)  # the numbers around it count it as a numbered line: a typo, or a number lost
    return LineNumbering(out, numbers, firsts, step, irregular)


def number_lines(
    lines: Sequence[str], *, start: int = 0, where: str = "line", furniture: dict[int, str] | None = None,
) -> tuple[list[str], list[int | None], list[str]]:
    """Take line numbers out of ``lines[start:]`` (the lines above ``start`` are a header block).

    Returns the lines, each line's number (``None`` where there is none) and the notes;
    the lines come back unchanged, without numbers or notes, when there is no numbering.
    ``furniture``: :func:`researchkit.io.furniture.find_text_furniture` of ``lines[start:]`` when the caller
    has it (found here otherwise).

    Examples
    --------
    >>> number_lines(["Haven: Urk", "", "1\tI: Ja?", "2\tR: Nee.", "3\tI: O.", "4\tR: Ja."], start=2)[:2]
    (['Haven: Urk', '', 'I: Ja?', 'R: Nee.', 'I: O.', 'R: Ja.'], [None, None, 1, 2, 3, 4])
    """
    from researchkit.io.furniture import find_text_furniture

    if furniture is None:
        furniture = find_text_furniture(lines[start:])
    pages = {i for i, kind in furniture.items() if kind == "page number"}
    found = find_line_numbers(lines[start:], exclude=pages)  # a page number below the last line is not the next line
    if found is None:
        return list(lines), [None] * len(lines), []
    notes = found.note([f"{where} {start + 1 + i}" for i in range(len(found.lines))])
    return list(lines[:start]) + found.lines, [None] * start + found.numbers, notes


def number_items(items: Sequence[tuple]) -> tuple[list[tuple], list[int | None], list[str]]:
    """Take line numbers out of a Word file's ``(text, location, bold prefix, label)`` items.

    Items with a label (a table row with a speaker column) never carry a line number; a
    bold prefix shrinks by the characters taken out with the number.

    Examples
    --------
    >>> items = [(f"{n}\tR: regel {n}", f"paragraph {n}", 0, None) for n in range(1, 6)]
    >>> out, numbers, notes = number_items(items)
    >>> out[0], numbers
    (('R: regel 1', 'paragraph 1', 0, None), [1, 2, 3, 4, 5])
    """
    texts = [item[0] for item in items]
    found = find_line_numbers(texts, exclude={i for i, item in enumerate(items) if item[3] is not None})
    if found is None:
        return list(items), [None] * len(items), []
    out = [(text, item[1], max(0, item[2] - (len(item[0]) - len(text))) if item[2] else 0, item[3])
           for text, item in zip(found.lines, items)]
    return out, found.numbers, found.note([item[1] for item in items])


def word_line_numbering(sections: Sequence) -> list[str]:
    """A note when Word's own line numbering (``w:lnNumType``) is on in a document's sections.

    Word draws those numbers while it lays out the pages; they are not in the document's
    text, so a ``.docx`` cannot give them. A PDF made from the file prints them, and the
    PDF reader records them.

    Examples
    --------
    >>> import docx
    >>> from docx.oxml import OxmlElement
    >>> from docx.oxml.ns import qn
    >>> d = docx.Document(); numbering = OxmlElement("w:lnNumType"); numbering.set(qn("w:countBy"), "5")
    >>> d.sections[0]._sectPr.append(numbering)
    >>> word_line_numbering(d.sections)[0][:62]
    "Word's line numbering is on (every 5th line, restarting on eac"
    """
    from docx.oxml.ns import qn

    for section in sections:
        element = section._sectPr.find(qn("w:lnNumType"))
        if element is None:
            continue
        step = int(element.get(qn("w:countBy"), "1") or 1)
        restart = {"continuous": "numbered through", "newSection": "restarting in each section"}.get(
            element.get(qn("w:restart"), "newPage"), "restarting on each page")
        every = every_nth_line(step)
        return [f"Word's line numbering is on ({every}, {restart}): Word draws these numbers when it lays out the "
                "pages, they are not in the document's text, so the transcript has no line numbers; to cite them, "
                "save the file as PDF and read the PDF, whose printed numbers are kept in transcript.line_numbers"]
    return []


def line_starts(paragraph_texts: Sequence[str], spans: Sequence[tuple[int, int]],
                numbered: Sequence[Sequence[tuple[int, int]]]) -> tuple[tuple[int, int], ...] | None:
    """Canonical ``(offset, number)`` pairs from each paragraph's ``(offset in its raw text, number)`` pairs.

    ``paragraph_texts`` are the non-empty paragraphs a reader gave the assembler, in order,
    and ``spans`` the transcript's paragraph spans; ``None`` when they do not line up.

    Examples
    --------
    >>> line_starts(["  I: Ja.", "R: Nee, niet", "echt."], [(0, 5), (6, 18), (19, 24)], [[(2, 7)], [(0, 8)], [(0, 9)]])
    ((0, 7), (6, 8), (19, 9))
    """
    if len(paragraph_texts) != len(spans):
        return None
    pairs = []
    for raw, (start, end), numbers in zip(paragraph_texts, spans, numbered):
        text = canonical_text(raw)
        lead = len(text) - len(text.lstrip())
        for inner, number in numbers:
            offset = start + max(0, len(unicodedata.normalize("NFC", raw[:inner])) - lead)
            pairs.append((min(offset, end), number))
    return tuple(sorted(pairs))


def with_line_numbers(transcript: Transcript, paragraph_texts: Sequence[str],
                      numbered: Sequence[int | None | Sequence[tuple[int, int]]]) -> Transcript:
    """``transcript`` with its ``line_numbers`` set from the paragraphs a reader assembled it from.

    ``paragraph_texts`` and ``numbered`` hold every paragraph the reader passed on (empty
    ones are skipped here, as the assembler skips them); ``numbered`` gives each one's line
    number (``None``: none), or its ``(offset in the paragraph, number)`` pairs when a
    paragraph joins several numbered lines. Without any number the transcript is returned
    as it is; when the paragraphs do not line up with the transcript's, with a note.

    Examples
    --------
    >>> from researchkit.io.assemble import RawParagraph, assemble
    >>> texts = ["I: Waar?", "", "R: In de haven."]
    >>> t = assemble("d", [RawParagraph(x, "line") for x in texts])
    >>> with_line_numbers(t, texts, [1, 2, 3]).line_numbers
    ((0, 1), (9, 3))
    """
    numbered = [[] if n is None else [(0, n)] if isinstance(n, int) else n for n in numbered]
    if not any(numbered):
        return transcript
    kept = [(text, numbers) for text, numbers in zip(paragraph_texts, numbered) if canonical_text(text).strip()]
    pairs = line_starts([text for text, _ in kept], transcript.paragraphs, [numbers for _, numbers in kept])
    if pairs is None or any(transcript.text[s:e] != canonical_text(text).strip()
                            for (text, _), (s, e) in zip(kept, transcript.paragraphs)):
        note = "line numbers were taken out of the text but could not be placed on its paragraphs; line_range gives nothing"
        return replace(transcript, notes=transcript.notes + (note,))
    return replace(transcript, line_numbers=pairs)


def line_range(transcript: Transcript, start: int, end: int) -> tuple[int, int] | None:
    """The source's line numbers of the passage ``text[start:end]``: ``(first, last)``.

    The source printed the numbers (``12  I: ...``, Word's line numbering in a PDF); they
    are in ``transcript.line_numbers``. Where a line has no number of its own (only every
    fifth line was numbered and the lines between could not be counted), the range is
    widened to the numbered lines around the passage, so it always contains the passage:
    it starts at the numbered line at or before ``start`` (at line 1 above a first printed
    ``5``) and ends one before the numbered line that follows the passage. Numbers are
    given as printed: where the numbering starts again on each page, a passage over a page
    break reads ``(38, 3)``. ``None`` when the transcript has no line numbers, or the
    passage lies in unnumbered lines above the numbering (a title) or runs on into lines
    below the last numbered one (where the numbering stopped: their numbers are unknown); a
    range never leaves out a line of the passage.

    Parameters
    ----------
    transcript
        The transcript the offsets belong to.
    start, end
        Offsets into ``transcript.text`` (``end`` exclusive), as in the codings table.

    Raises
    ------
    ConfigurationError
        RK160 when the offsets are not a passage of the text.

    Examples
    --------
    >>> t = Transcript("R07", "I: Where?\\nR: In the port,\\nat night.", line_numbers=((0, 112), (10, 113), (26, 114)))
    >>> line_range(t, 13, 35)
    (113, 114)
    >>> t = Transcript("R08", "a\\nb\\nc\\nd\\ne\\nf", line_numbers=((0, 5), (10, 10)))  # every fifth line numbered
    >>> line_range(t, 2, 3), line_range(t, 10, 11)
    ((5, 9), (10, 10))
    >>> line_range(Transcript("R09", "Title\\nI: Ja.", line_numbers=((6, 1),)), 0, 5) is None
    True
    >>> t = Transcript("R10", "I: Ja.\\nR: Nee.\\nEnd of tape", line_numbers=((0, 1), (7, 2)))
    >>> line_range(t, 10, 14), line_range(t, 10, 26) is None
    ((2, 2), True)
    """
    if not 0 <= start <= end <= len(transcript.text):
        raise ConfigurationError(
            "RK160", f"{transcript.doc_id}: the passage {start}–{end} is not inside the text (0–{len(transcript.text)})",
            hint="pass offsets of this transcript's text, as in its codings (start inclusive, end exclusive)",
        )
    pairs = transcript.line_numbers
    if not pairs:
        return None
    offsets = [offset for offset, _ in pairs]
    first = bisect.bisect_right(offsets, start) - 1
    last = bisect.bisect_left(offsets, max(start + 1, end)) - 1
    lead_in = pairs[0][1] - 1  # lines above the first printed number (5, when every fifth line is numbered)
    if last < 0:
        return (1, lead_in) if 1 <= lead_in < MAX_STEP else None
    if first < 0 and lead_in >= MAX_STEP and transcript.text[start : pairs[0][0]].strip():
        return None  # the passage starts above a numbering that starts late (at 11, say): lines without a known number
    first_number = pairs[first][1] if first >= 0 else (1 if 1 <= lead_in < MAX_STEP else pairs[0][1])
    last_number = pairs[last][1]
    if last + 1 < len(pairs) and pairs[last + 1][1] - 1 > last_number:
        last_number = pairs[last + 1][1] - 1  # lines without a number of their own up to the next numbered one
    elif last + 1 == len(pairs) and _past_the_numbering(transcript, pairs[last][0], end):
        return None  # the passage runs on into lines below the last numbered one, whose numbers nobody printed
    return first_number, last_number


def _past_the_numbering(transcript: Transcript, last_line: int, end: int) -> bool:
    """Whether ``text[:end]`` has speech below the paragraph of the last numbered line (page furniture aside)."""
    line_end = transcript.text.find("\n", last_line)
    if line_end < 0 or line_end >= end:
        return False
    furniture = [span for span in transcript.furniture if span[1] > line_end and span[0] < end]
    return any(not ch.isspace() and not any(s <= line_end + i < e for s, e in furniture)
               for i, ch in enumerate(transcript.text[line_end:end]))


def with_line_ranges(codings: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """A copy of a codings table with each passage's source lines: ``line_first`` and ``line_last``.

    The columns are :func:`line_range` of each row's ``doc_id``, ``start`` and ``end``
    (nullable integers: empty where the transcript has no line numbers), for citing
    quotes as ``(R07, lines 112–118)``.

    Parameters
    ----------
    codings
        A table with at least ``doc_id``, ``start`` and ``end`` (a codings table, a query's
        passages).
    corpus
        The corpus the offsets belong to.

    Raises
    ------
    ConfigurationError
        RK161 when a column is missing; RK160 when a passage is not inside its text.

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.transcripts import Corpus
    >>> corpus = Corpus([Transcript("R07", "I: Where?\\nR: In the port,\\nat night.", line_numbers=((0, 112), (10, 113), (26, 114)))])
    >>> with_line_ranges(pd.DataFrame({"doc_id": ["R07"], "start": [13], "end": [35]}), corpus)
      doc_id  start  end  line_first  line_last
    0    R07     13   35         113        114
    """
    import pandas as pd

    from researchkit.codings import require_columns

    require_columns(codings, ["doc_id", "start", "end"], error=ConfigurationError, code="RK161", name="passages")
    ranges = [line_range(corpus[doc_id], int(start), int(end))
              for doc_id, start, end in zip(codings["doc_id"], codings["start"], codings["end"])]
    out = codings.copy()
    out["line_first"] = pd.array([r[0] if r else None for r in ranges], dtype="Int64")
    out["line_last"] = pd.array([r[1] if r else None for r in ranges], dtype="Int64")
    return out
