"""The speaker label at the start of one paragraph, as the assembler looks for it.

Two ways in: :func:`match_paragraph` reads the paragraph as written, and through Markdown
escapes and block quotes (``> SPEAKER\\_01:``), trying a label with a colon or in bold, a
paragraph that is only a label (:func:`researchkit.io.speakers.match_label_line`; also a name
printed wholly in bold, as Word and web pages set it above the speech), ``Q.``/``A.``, and a printed
hearing's ``Mr. POLIS.`` (:mod:`researchkit.io.hearings`), a label with its colon after a committee's question
number (``Q12 Chair: ...``, :mod:`researchkit.io.questionnumbers`), also after a time mark opening the paragraph
(NVivo's and f4's ``#00:00:05-2# I: ...``) or a play link saved as Markdown (``[13:30](javascript:void(0);) Ann: ...``):
the label's time;
:func:`match_after_time` reads the rest of a paragraph whose opening time a reader has
already taken (an ``.lrc`` line's ``[01:02.03]``, an HTML play link), and only a label with a
colon or a label line there: a plain line of speech after a time is never taken for a name.
Offsets in the result are into the whole paragraph as written.

Examples
--------
>>> match_paragraph("> I: Hoe gaat het?", 0, {}, False).content_start
5
>>> m = match_paragraph("#00:00:05-2# I: Hoe gaat het?", 0, {}, False)
>>> m.label, m.timestamp, m.content_start
('I', 5.2, 16)
>>> m = match_after_time("[00:12.34] Interviewer: Where?", 10, 12.34, {})
>>> m.label, m.timestamp, m.content_start
('Interviewer', 12.34, 24)
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from researchkit.io.hearings import match_affiliation_label, match_hearing_label
from researchkit.io.markup import match_through_markup
from researchkit.io.questionnumbers import question_number_prefix
from researchkit.io.speakers import LabelMatch, match_label, match_label_line, match_lower_label_line, match_qa_label
from researchkit.io.timemarks import match_link_time, match_time_mark_start

__all__ = ["match_paragraph", "match_after_time"]


def match_paragraph(text: str, bold: int, known: Mapping[str, str], after_time: bool) -> LabelMatch | None:
    """The label at the start of a paragraph, seen through Markdown escapes and block quotes (``> SPEAKER\\_01:``).

    Parameters
    ----------
    text
        The paragraph.
    bold
        How many leading characters are printed in bold.
    known
        The user's label map.
    after_time
        The paragraph above is nothing but a time (a plain name may then be a label line).
    """

    def match(written: str, bold_prefix: int) -> LabelMatch | None:
        number = question_number_prefix(written)
        if number is not None:  # a committee's numbered question, "Q12 Chair: ...": the label after the number
            found = match_label(written[number:], known=known, bold_prefix=max(0, bold_prefix - number))
            if found is not None:
                return replace(found, content_start=found.content_start + number)
        return (match_affiliation_label(written) or match_label(written, known=known, bold_prefix=bold_prefix)
                or match_label_line(written, known=known, after_timestamp=after_time, plain=True) or match_qa_label(written)
                or _bold_label_line(written, bold_prefix, known) or match_hearing_label(written)
                or match_lower_label_line(written))

    mark = match_time_mark_start(text) or match_link_time(text)
    if mark is not None and mark[1] < len(text):  # NVivo's and f4's "#00:00:05-2# I: ...", a play link "[13:30](...) Ann: ..."
        return match_after_time(text, mark[1], mark[0], known)
    found, positions = match_through_markup(text, bold, match)
    return replace(found, content_start=positions[found.content_start]) if found is not None and positions else found


def _bold_label_line(text: str, bold: int, known: Mapping[str, str]) -> LabelMatch | None:
    """A paragraph printed wholly in bold that is only a name or role word (Word's bold ``Kiah`` above the speech),
    read as Markdown's ``**Kiah**`` label line is; the name still has to label two paragraphs."""
    stripped = text.strip()
    if not bold or not stripped or bold < len(text.rstrip()) or "*" in stripped:
        return None
    found = match_label_line(f"**{stripped}**", known=known)
    return replace(found, content_start=len(text)) if found is not None else None


def match_after_time(text: str, time_prefix: int, timestamp: float | None, known: Mapping[str, str]) -> LabelMatch | None:
    """The label after the first ``time_prefix`` characters (a time already read as ``timestamp``), else ``None``.

    The label's own time, if it has one, wins over ``timestamp``.
    """
    rest = text[time_prefix:]
    skipped = time_prefix + len(rest) - len(rest.lstrip())
    rest = rest.lstrip()
    found = (match_label(rest, known=known) or match_label_line(rest, known=known)) if rest else None
    if found is None:
        return None
    return replace(found, content_start=found.content_start + skipped,
                   timestamp=found.timestamp if found.timestamp is not None else timestamp)
