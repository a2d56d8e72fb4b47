"""Page furniture: running headers, footers and page numbers (pure functions).

The PDF reader drops what sits in a page's margins; the text reader finds the same
furniture in ``.txt`` files converted from PDF or typed with page breaks, where a page
is known from a form feed (``\\f``) or from page numbers alone on their lines. A text
file's furniture stays in the canonical text (never drop text); the assembler keeps it
out of turn boundaries and records its spans in ``Transcript.furniture``.

Detection is conservative:

- a **running header** (or footer) is a line in the first or last two lines of a page
  that repeats, digits ignored, on at least half of the pages (and, in text files, at
  least three times); a line with ``Page 3`` in it whose number goes up from page to
  page, three times or more (``Smith Oral History, Page 2``, ``..., Page 3``) is one too;
- a **page number** (``3``, ``- 3 -``, ``Page 3 of 12``, ``Pagina 3``) counts at a form
  feed when it says ``Page`` or its number follows the page count (two such numbers at
  least), and elsewhere only alone between blank lines (or far to the right, as a court
  reporter prints it right below the page's last line) in a run of at least three
  numbers going up (``3``, ``4``, ``5``; an excerpt's ``62``, ``63``, ``67``): a year in
  speech is never one;
- a **line-number block** is a run of at least five numbers alone on their lines, counting
  up by a fixed step, mostly with no text between them (``1``, ``2``, ... ``40``): the column of
  line numbers of a numbered PDF, which converters write apart from the text, so the
  numbers cannot be given to the lines they stood beside.

Examples
--------
>>> furniture_key("Smith Oral History, Page 12")
'smith oral history, page #'
>>> is_page_number("- 3 -"), is_page_number("Page 3 of 12"), is_page_number("1998 was hard")
(True, True, False)
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Container, Iterable, Sequence

PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:page|pagina|página|seite|p\.)\s*)?\d{1,4}(?:\s*(?:of|van|von|de|sur|/)\s*\d{1,4})?\W*$", re.IGNORECASE
)
_PAGE_WORD = re.compile(r"\b(?:page|pagina|página|seite|p\.)\s*(?P<n>\d{1,4})\b", re.IGNORECASE)
#: Lines that repeat on this many pages in text files before they count as a running header.
MIN_HEADER_REPEATS = 3


def furniture_key(line: str) -> str:
    """A line compared across pages: stripped, case-folded, every number as ``#``.

    Examples
    --------
    >>> furniture_key("  Interview with J. Smith — Page 3 ")
    'interview with j. smith — page #'
    """
    return re.sub(r"\d+", "#", line.strip().casefold())


def is_page_number(line: str) -> bool:
    """Whether ``line`` is nothing but a page number (``3``, ``- 3 -``, ``Page 3 of 12``, ``Pagina 3``).

    Examples
    --------
    >>> is_page_number("Pagina 3"), is_page_number("3."), is_page_number("Tape 3")
    (True, True, False)
    """
    return bool(PAGE_NUMBER.match(line.strip()))


def repeated_keys(pages: Iterable[Iterable[str]]) -> Counter:
    """On how many pages each line (by :func:`furniture_key`) occurs; each page counts once.

    Examples
    --------
    >>> repeated_keys([["Smith, p. 1", "x"], ["Smith, p. 2"]])["smith, p. #"]
    2
    """
    return Counter(k for lines in pages for k in {furniture_key(line) for line in lines})


def header_threshold(n_pages: int, minimum: int = 2) -> int:
    """Pages a line must repeat on to be a header: half of them, and at least ``minimum``.

    Examples
    --------
    >>> header_threshold(4), header_threshold(10, minimum=3), header_threshold(3, minimum=3)
    (2, 5, 3)
    """
    return max(minimum, (n_pages + 1) // 2)


def _number(line: str) -> int:
    return int(re.search(r"\d+", line).group())


#: The largest jump between page numbers of one run (an excerpt of a report: ``62, 63, 67, 68``).
MAX_PAGE_STEP = 5


def _runs(candidates: Sequence[tuple[int, int]], min_run: int) -> set[int]:
    """Indices of ``(index, number)`` candidates in runs of page numbers going up (``3, 4, 5``; ``62, 63, 67``).

    Each number is one to :data:`MAX_PAGE_STEP` above the one before, at least one step is
    exactly one, and two candidates are never on adjacent lines (a list of years is not pages).
    """
    found: set[int] = set()
    run: list[tuple[int, int]] = []
    for item in candidates:
        if run and not (1 <= item[1] - run[-1][1] <= MAX_PAGE_STEP and item[0] - run[-1][0] > 2):
            if len(run) >= min_run and _has_unit_step(run):
                found.update(i for i, _ in run)
            run = []
        run.append(item)
    if len(run) >= min_run and _has_unit_step(run):
        found.update(i for i, _ in run)
    return found


def _has_unit_step(run: Sequence[tuple[int, int]]) -> bool:
    return any(b[1] - a[1] == 1 for a, b in zip(run, run[1:]))


def _line_pages(lines: Sequence[str]) -> list[int]:
    """The page of each line, counting form feeds before its first visible character."""
    if not any("\f" in line for line in lines):
        return [0] * len(lines)  # no page breaks: every line on the first page, without stripping each one
    page, out = 0, []
    for line in lines:
        lead = len(line) - len(line.lstrip())
        page += line[:lead].count("\f")
        out.append(page)
        page += line[lead:].count("\f")
    return out


def _numbered_headers(lines: Sequence[str], visible: Sequence[int]) -> set[int]:
    """Lines with ``Page N`` in them that repeat (digits ignored) with N going up by one."""
    by_key: dict[str, list[tuple[int, int]]] = {}
    for i in visible:
        m = _PAGE_WORD.search(lines[i])
        if m and not is_page_number(lines[i]) and len(lines[i].split()) <= 12:
            by_key.setdefault(furniture_key(lines[i]), []).append((i, int(m.group("n"))))
    return {i for found in by_key.values() for i in _runs(found, MIN_HEADER_REPEATS)}


#: Blanks before a number alone on its line that set it at the right margin (a court reporter's page number).
RIGHT_MARGIN = 30


def _plain_page_numbers(lines: Sequence[str], visible: Sequence[int]) -> set[int]:
    """Page numbers alone between blank lines, or set far to the right (a stenographic transcript's page number
    right below the page's last line), in a run of at least three consecutive numbers."""
    blank = lambda i: i < 0 or i >= len(lines) or not lines[i].strip()  # noqa: E731
    right = lambda i: len(lines[i]) - len(lines[i].lstrip(" \t")) >= RIGHT_MARGIN  # noqa: E731
    candidates = [(i, _number(lines[i])) for i in visible if is_page_number(lines[i])
                  and ((blank(i - 1) and blank(i + 1)) or right(i))
                  and _number(lines[i]) < 1000]  # "1998" alone is a year
    return _runs(candidates, MIN_HEADER_REPEATS)


def _boundary_page_numbers(lines: Sequence[str], pages: dict[int, list[int]]) -> set[int]:
    """Page numbers first or last on a page (at a form feed): with ``Page``, or following the page count."""
    candidates = [(i, page) for page, idx in pages.items() for i in {idx[0], idx[-1]} if is_page_number(lines[i])]
    offsets = Counter(_number(lines[i]) - page for i, page in candidates)
    return {i for i, page in candidates if _PAGE_WORD.search(lines[i]) or offsets[_number(lines[i]) - page] >= 2}


#: Numbers alone on their lines a column of line numbers needs before it is one.
MIN_NUMBER_COLUMN = 5


def _close_column(run: list[tuple[int, int]], found: set[int]) -> None:
    adjacent = sum(b[0] - a[0] == 1 for a, b in zip(run, run[1:]))
    years = all(1800 <= n <= 2100 for _, n in run)  # a chronology, one year a line
    if len(run) >= MIN_NUMBER_COLUMN and adjacent * 2 >= len(run) - 1 and not years:
        found.update(i for i, _ in run)


def _number_columns(lines: Sequence[str], visible: Sequence[int], skip: Container[int]) -> set[int]:
    """Numbers alone on their lines counting up by a fixed step, mostly with no text between them.

    A PDF converter (pdfminer, ``pdftotext`` without ``-layout``) writes a PDF's column of
    line numbers as a block of its own (``1``, ``2``, ... ``40``) between the text blocks;
    page numbers, one per page, are never on adjacent lines.
    """
    numbers = [(k, int(lines[i].strip())) for k, i in enumerate(visible)  # k: adjacent when no text is between
               if i not in skip and lines[i].strip().isdigit() and len(lines[i].strip()) <= 5]
    found: set[int] = set()
    run: list[tuple[int, int]] = []
    step = 0
    for item in numbers:
        diff = item[1] - run[-1][1] if run else 0
        if run and (diff == step or (len(run) == 1 and 1 <= diff <= 10)):
            step = diff
            run.append(item)
            continue
        _close_column(run, found)
        run, step = [item], 0
    _close_column(run, found)
    return {visible[k] for k in found}


_CUE_RANGE = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}\s*-->\s*\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}")


def cue_numbers(lines: Sequence[str], visible: Sequence[int]) -> set[int]:
    """Cue numbers of a subtitle file (``.srt``) pasted into a text file: a line that is only a whole number,
    right above a cue's time range (``00:00:02.960 --> 00:00:09.090``); at least three, rising.

    Examples
    --------
    >>> lines = ["1", "00:00:02.960 --> 00:00:09.090", "Moderator: Hi.", "", "2", "00:00:09.090 --> 00:00:09.820",
    ...          "Participant: Yes.", "", "3", "00:00:10.350 --> 00:00:11.210", "Moderator: Good."]
    >>> sorted(cue_numbers(lines, [i for i, line in enumerate(lines) if line.strip()]))
    [0, 4, 8]
    """
    found = [i for k, i in enumerate(visible[:-1])
             if lines[i].strip().isdigit() and _CUE_RANGE.match(lines[visible[k + 1]])]
    numbers = [int(lines[i]) for i in found]
    rising = sum(b > a for a, b in zip(numbers, numbers[1:]))
    return set(found) if len(found) >= 3 and rising >= (len(found) - 1) / 2 else set()


_WEBVTT_HEADER = re.compile(r"^\ufeff?WEBVTT(?:[ \t].*)?$")


def subtitle_furniture(lines: Sequence[str], visible: Sequence[int]) -> dict[int, str]:
    """A subtitle file's own lines in a text or Word file that holds one (Zoom's audio transcript saved as
    ``.txt``, a ``.vtt`` pasted into Word): the cue numbers (:func:`cue_numbers`) and a ``WEBVTT`` first line
    above cue time ranges.

    Examples
    --------
    >>> lines = ["WEBVTT", "", "1", "00:00:01.000 --> 00:00:04.000", "Ana: Hi.", "", "2", "00:00:04.500 --> 00:00:09.250",
    ...          "Rob: Yes.", "", "3", "00:00:09.800 --> 00:00:12.000", "Rob: Since 2010."]
    >>> subtitle_furniture(lines, [i for i, line in enumerate(lines) if line.strip()])
    {0: 'subtitle header', 2: 'cue number', 6: 'cue number', 10: 'cue number'}
    >>> subtitle_furniture(["WEBVTT is a format.", "Ana: Hi."], [0, 1])
    {}
    """
    found = {i: "cue number" for i in cue_numbers(lines, visible)}
    if visible and _WEBVTT_HEADER.match(lines[visible[0]].strip()) and any(_CUE_RANGE.match(lines[i]) for i in visible[1:]):
        found[visible[0]] = "subtitle header"
    return dict(sorted(found.items()))


def is_label_line(line: str) -> bool:
    """A line starting with a role label, a participant code or ``Q.``/``A.``: speech, never a page header.

    Examples
    --------
    >>> is_label_line("I: Hello?"), is_label_line("Smith Oral History, Page 2")
    (True, False)
    """
    from researchkit.io.speakers import match_label, match_qa_label

    m = match_label(line.strip())
    return (m is not None and m.evidence in {"known", "code"}) or match_qa_label(line.strip()) is not None


def find_text_furniture(lines: Sequence[str], *, is_speech: Callable[[str], bool] = is_label_line) -> dict[int, str]:
    """Running headers and page numbers in a text file's lines (see module docstring).

    Parameters
    ----------
    lines
        The file's lines (form feeds still in them).
    is_speech
        Lines that can never be a header (by default a line starting with a role label).

    Returns
    -------
    dict
        Line index → ``"running header"``, ``"page number"``, ``"line number"`` (a
        block of line numbers a PDF converter wrote apart from the text), ``"cue number"`` or
        ``"subtitle header"`` (a subtitle file pasted into a text file: see :func:`subtitle_furniture`).

    Examples
    --------
    >>> page = ["Smith Oral History", "", "SMITH: We left {0}.", "", "{1}", "\\f"]
    >>> lines = [x.format(word, n) for n, word in enumerate(["early", "late", "at last", "twice"], 1) for x in page]
    >>> sorted(find_text_furniture(lines).items())[:3]
    [(0, 'running header'), (4, 'page number'), (6, 'running header')]
    >>> find_text_furniture(["I: When?", "", "1998", "", "R: Then."])
    {}
    """
    visible = [i for i, line in enumerate(lines) if line.strip()]
    found = subtitle_furniture(lines, visible)
    found.update((i, "running header") for i in _numbered_headers(lines, visible) if i not in found)
    line_page = _line_pages(lines)
    if line_page and line_page[-1] > 0:
        by_page: dict[int, list[int]] = {}
        for i in visible:
            by_page.setdefault(line_page[i], []).append(i)
        found.update((i, "page number") for i in _boundary_page_numbers(lines, by_page) if i not in found)
    else:
        found.update((i, "page number") for i in _plain_page_numbers(lines, visible) if i not in found)
        breaks = {i for i, kind in found.items() if kind == "page number"} or set(found)
        page, line_page = 0, []
        for i in range(len(lines)):
            page += i in breaks
            line_page.append(page)
    found.update((i, "line number") for i in _number_columns(lines, visible, found))
    pages: dict[int, list[int]] = {}
    for i in visible:
        if i not in found:
            pages.setdefault(line_page[i], []).append(i)
    if len(pages) < 2:
        return found
    margins = [[lines[i] for i in dict.fromkeys(idx[:2] + idx[-2:])] for idx in pages.values()]
    repeats = repeated_keys(margins)
    threshold = header_threshold(len(pages), MIN_HEADER_REPEATS)
    for idx in pages.values():
        for i in dict.fromkeys(idx[:2] + idx[-2:]):
            line = lines[i]
            if repeats[furniture_key(line)] >= threshold and len(line.split()) <= 12 and any(ch.isalpha() for ch in line) \
                    and not is_speech(line):
                found[i] = "running header"
    return dict(sorted(found.items()))
