"""Speaker-label grammar: find ``I:``, ``Interviewer 1:``, ``[00:12:03] R:`` ... and map labels to roles.

The grammar recognises, at the start of a paragraph:

- a bare label followed by a colon: ``I:``, ``R:``, ``Q:``, ``A:``, ``Interviewer:``,
  ``Interviewer 1:``, ``Interviewer1 :``, ``interviewee:``, ``Respondent 3:``,
  ``Moderator:``, a person's name up to 63 characters (``Jan de Vries:``);
- a timestamp before or after the label: ``[00:12:03] I:``, ``(00:12:03) R:``,
  ``00:12:03 R:``, ``I (00:12:03):``, ``I [12:03]:``, or a time range before it
  (``[00:00:02–00:00:32] I:``, the start is the turn's time);
- a qualifier in brackets after a name, as Zoom and Teams write it: ``Ashlee Kupor (SL):``
  (the label keeps it: ``"Ashlee Kupor (SL)"``); a note in square brackets after a label
  (``Speaker 1 [Blue]:``, ``P3 [female, 40s]:``) is not part of the label: it stays in the
  text and is kept in :attr:`LabelMatch.qualifier`;
- a second note in round brackets after the first: a verbatim record's interpretation note after a delegate's
  name and delegation, ``Mr. Delattre (France) (spoke in French):`` (label ``Mr. Delattre (France)``, qualifier
  ``spoke in French``), a member's party after the seat, ``Sharon Dowey (South Scotland) (Con):`` (label
  ``Sharon Dowey (South Scotland)``, qualifier ``Con``);
- a label printed in bold, with or without a colon, with the timestamp inside or
  outside the bold (``**Interviewer (00:07):**``, ``**Ali**  0:00``);
- a bracketed timestamp right after the label (``Andrew: [00:04:19.13] Yeah``), or between the label and the
  speech without a colon, as Trint writes it (``Speaker 1 [00:00:00] Yeah``);
- a label in square brackets, as WhisperX writes it: ``[SPEAKER_00]: Okay`` (label ``SPEAKER_00``),
  or followed by a bracketed time without a colon: ``[Speaker 1] [00:04] What?``; in angle brackets
  (``<Respondent 3>:``, label ``Respondent 3``);
- a pseudonym or placeholder (:mod:`researchkit.io.placeholders`) keeps its brackets, as the speaker's name:
  ``[PERSOON-1]:`` and ``[PERSOON-1]`` alone on a line are ``[PERSOON-1]``, ``Respondent [X]:`` is
  ``Respondent [X]``; a name redacted to hashes (``###-1:``) is a label.

:func:`match_label_line` recognises a paragraph that is nothing but a label, with the
speech in the paragraphs below it (Otter ``Name  0:10``, ``### Name``, ``**Name**``,
``[Name] 10:01:02``, Word's ``00:00:05 Spreker 1``, Zoom's chat header
``09:00:46 From  Jan  to  Everyone:``, :mod:`researchkit.io.chat`). Times written outside the labels
(a line that is only a time, f4's ``#00:01:23-4#``, a time closing a paragraph) are read by
:mod:`researchkit.io.timemarks`.

Pure functions only; the readers feed paragraphs in and the assembler builds turns.

Examples
--------
>>> m = match_label("[00:12:03] Interviewer 1: Goedemorgen.")
>>> m.label, m.timestamp, m.content_start
('Interviewer 1', 723.0, 26)
>>> LabelMap().role("Geïnterviewde")
'respondent'
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Mapping

from researchkit.io.roles import (  # noqa: F401 -- re-exported: the role vocabulary moved to io/roles.py
    DEFAULT_ROLE_LABELS, GENERIC_SPEAKER_LABELS, PARTICIPANT_CODE_RE, QUAL as _QUAL, LabelMap, base_label, is_note_label,
    name_and_role, normalise_label,
)
from researchkit.io.chat import match_chat_header
from researchkit.io.placeholders import is_placeholder, match_redaction_label, placeholder_label
from researchkit.io.labelevidence import (  # noqa: F401 -- label_evidence is re-exported
    DIARIZER_ID_RE as _DIARIZER_ID_RE, label_evidence,
)

MAX_LABEL_LENGTH = 63
#: The longest line that can be only a label: a label, heading or bold marks, a time before and after it.
MAX_LABEL_LINE = 200

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_LABEL = r"[^\W\d_][^:\n\[\]()]{0,%d}?" % (MAX_LABEL_LENGTH - 1)
#: A note in square brackets after a label (``[Blue]``, ``[female, 40s]``, ``[JS]``): no colon, so never a time.
_SQUARE_QUAL = r"[^\[\]\n:\s][^\[\]\n:]{0,29}"
_SQUARE_QUAL_TAIL_RE = re.compile(rf"\s*\[(?P<squal>{_SQUARE_QUAL})\]$")
#: A second note in round brackets after a label's first (``Sharon Dowey (South Scotland) (Con):``, the Scottish
#: Parliament's Official Report: a member's seat, then the party) is a note, kept as the qualifier, not in the name.
#: The note of a verbatim record that a delegate spoke in another language, read from the interpretation (the UN's
#: ``Mr. Delattre (France) (spoke in French):``, its French and Spanish records' ``(parle en anglais)``,
#: ``(habla en francés)``): a note after the name and its delegation, never part of the speaker.
#: (Blanks written ``[ ]``: the pattern goes into the verbose ``_LABEL_RE``.)
_SPOKE_IN = r"(?:(?:spoke|speaks|speaking)[ ]in|interpretation[ ]from|parle[ ]en|s['’]exprime[ ]en|habla[ ]en)[ ][^\W\d_][^()\n:]{1,30}"
_SPOKE_IN_RE = re.compile(rf"\(({_SPOKE_IN})\)")
_LABEL_RE = re.compile(
    rf"""^(?P<lead>\s*)
    (?:[\[(]?(?P<ts_before>{_TS})(?:\s*(?:-->|[-–—])\s*{_TS})?[\])]?(?:\s*[-–])?\s*)?  # [00:12:03], 00:12:03, [00:02–00:32]
    (?P<open>\[)?(?P<label>{_LABEL})(?(open)\])           # the label itself; WhisperX's [SPEAKER_00]
    (?:\s*(?P<qual>{_QUAL})(?P<after>(?:[ \t]+[^\W\d_][^\s:\[\]()]{{0,30}}){{0,2}}))?  # Ashlee Kupor (SL), Elizabeth (Jake) Feinler
    (?:[ \t]*\((?P<lang>{_SPOKE_IN}|(?![\d\s])[^()\n:]{{1,24}})\))?  # Mr. Delattre (France) (spoke in French), Ann Ure (Fife) (Con)
    (?:\s*\[(?P<squal>{_SQUARE_QUAL})\])?                   # Speaker 1 [Blue], P3 [female, 40s]
    \s*(?:[\[(](?P<ts_after>{_TS})(?:\s*(?:-->|[-–—])\s*{_TS})?[\])]\s*)?  # I (00:12:03); [SPEAKER_00] [00:01.000 --> 00:05.000]
    :(?!//)(?!\d)\s*                                      # the colon (not a URL, not a clock time)
    """,
    re.VERBOSE,
)
#: A diarizer's speaker id as BBC's kaldi and the transcript editors built on it (autoEdit, digital paper edit,
#: react-transcript-editor) write it: ``F_S12``, ``M_S3`` (gender, speaker number).
#: WhisperX's and pyannote's ``SPEAKER_00``.
_SPEAKER_ID_RE = re.compile(r"^SPEAKER_\d{1,3}$", re.IGNORECASE)
#: A label, a tab, a bracketed time, a tab, the speech: react-transcript-editor's "text with speakers and
#: timecodes" export (``F_S12 \t [00:00:13] \t There is a day.``); the tabs make it a label without a colon.
_TAB_TS_RE = re.compile(rf"^(?P<label>[^\W\d_][^:\n\t\[\]()]{{0,{MAX_LABEL_LENGTH - 1}}}?) ?\t ?\[(?P<ts>{_TS})\] ?\t ?(?=\S)")
#: A label, a space, a clock time with hours, two spaces or a tab, the speech: Word's Transcribe layout
#: (``Speaker 1 00:00:00`` above the speech) copied onto one line, ``Speaker 1 00:00:00  Hello and welcome``.
_SPACED_CLOCK_RE = re.compile(
    rf"^[ \t]*(?P<label>[^\W\d_][^:\n\t\[\]()]{{0,{MAX_LABEL_LENGTH - 1}}}?) (?P<ts>\d{{1,2}}:\d{{2}}:\d{{2}}(?:[.,]\d{{1,3}})?)(?: {{2,}}|\t)(?=\S)")
#: A label in square brackets and a bracketed time, no colon: ``[Speaker 1] [00:04] What?`` (Oxide and Friends).
_BRACKET_TS_RE = re.compile(rf"^\s*\[(?P<label>{_LABEL})\]\s*[\[(](?P<ts>{_TS})[\])][ \t]+(?=\S)")
#: A label, a blank, a time in square brackets, a blank, the speech, no colon: Trint's Word and text exports
#: (``Speaker 1 [00:00:00] Good morning.``, ``Unidentified [00:01:01] ...``); a name still needs two turns.
_SPACED_BRACKET_TS_RE = re.compile(rf"^[ \t]*(?P<label>{_LABEL})[ \t]+\[(?P<ts>{_TS})\][ \t]+(?=\S)")
#: A cue's time range on a line of its own, Teams' unpadded ``0:0:3.270 --> 0:0:4.250`` included.
_LOOSE_TS = r"\d{1,2}:\d{1,2}(?::\d{1,2})?(?:[.,]\d{1,3})?"
_RANGE_ONLY_RE = re.compile(rf"^\s*(?:#{{1,6}}\s+)?[\[(]?(?P<ts>{_LOOSE_TS})\s*(?:-->|[-–])\s*{_LOOSE_TS}[\])]?\s*$")
#: A time in front of a label line: ``00:00:05 Spreker 1``, ``[00:00:00.22] - Speaker 1``, or a cue's range
#: (``00:00:00,120 --> 00:09:58,720 [Speaker 0]``, the speech below).
_TS_LEAD_RE = re.compile(rf"^\\?[\[(]?(?P<ts>{_TS})(?:\s?-->\s?{_TS})?\\?[\])]?(?:\s*[-–])?\s*(?=\S)")
#: The longest time mark or timestamp at a line's end (``#00:01:23-456#``, ``\\[00:01:23.456\\]``): the patterns
#: anchored at the end search only the last characters, so a long run of spaces cannot make them quadratic.
_TAIL_WINDOW = 16
#: A bracketed timestamp right after a label, Markdown escapes allowed: ``[00:04:19.13]``, ``\\[00:04:19.13\\]``;
#: with a colon after a bold label (``**Daniel Filan** (00:09):``, AXRP).
_TS_NEXT_RE = re.compile(rf"\\?[\[(](?P<ts>{_TS})\\?[\])]:?(?:\s+|$)")
#: A bare timestamp that is all that follows a label: ``**Ali**  0:00``.
_TS_REST_RE = re.compile(rf"\s*(?P<ts>{_TS})\s*$")
#: A time with hours, minutes and seconds that is all that follows a label (``Speaker 0: 00:00:00``, bitcointranscripts):
#: the label's time, the speech below. A time of day without seconds (``R: 10:30``) is an answer.
_CLOCK_REST_RE = re.compile(r"[ \t]*(?P<ts>\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)[ \t]*$")
#: The end of a label line: a timestamp, bare or in brackets (``Swarup Donepudi  0:10``, ``(00:03)``).
_TS_TAIL_RE = re.compile(rf"(?:\\?[\[(](?P<ts>{_TS})\\?[\])]|(?:^|(?<=\s))(?P<bare>{_TS}))$")
_HEADING_RE = re.compile(r"^#{1,6}\s+")
#: A label line's time with its last digit lost (``Ronald Steenstra 11:0``).
_CUT_TIME_RE = re.compile(r"(?<=\S)\s+\d{1,2}:\d?$")
_BOLD_RE = re.compile(r"^(\*\*|__)(?P<inner>[^*_\n]+?)\1(?P<rest>.*)$")
#: Capitalised headings that are never a name alone on a line (``INTRODUCTION``, ``END OF TAPE``).
_CAPS_HEADINGS = frozenset("introduction chapter part section end tape side index contents appendix transcript interview "
                           "abstract summary biography notes note session conclusion preface foreword".split())


def parse_timestamp(value: str) -> float:
    """Return seconds for ``HH:MM:SS``, ``MM:SS`` or ``HH:MM:SS.mmm``.

    Examples
    --------
    >>> parse_timestamp("01:02:03,5")
    3723.5
    >>> parse_timestamp("12:03")
    723.0
    >>> parse_timestamp("01:33.52")
    93.52
    """
    parts = value.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return round(seconds, 3)  # milliseconds: "01:33.52" is 93.52, not 93.52000000000001


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """A speaker label found at the start of a paragraph.

    Attributes
    ----------
    label
        The label as written, without timestamp and colon (``"Interviewer 1"``).
    timestamp
        Seconds, if a timestamp was written with the label.
    content_start
        Offset in the paragraph where the spoken content begins.
    evidence
        Why the label was accepted: ``"known"`` (a role label), ``"bold"`` or
        ``"code"`` (a participant code such as ``M1``; the assembler accepts codes
        only when the document uses codes at least twice) or ``"name"`` (looks like
        a person's name; the assembler accepts a name only when it labels at least
        two paragraphs of the document) or ``"caps"`` (a name in capitals alone on a line).
    own_line
        The paragraph is nothing but the label (:func:`match_label_line`); the
        speech is in the paragraphs below it.
    qualifier
        A note in square brackets written after the label (``Speaker 1 [Blue]:`` gives
        ``"Blue"``); it stays in the text, outside the turn, and is not part of ``label``.
    """

    label: str
    timestamp: float | None
    content_start: int
    evidence: str = "known"
    own_line: bool = False
    qualifier: str = ""

    def __post_init__(self) -> None:
        if type(self.label) is str:  # one string per label, not one per paragraph (a file of 300,000 short turns)
            object.__setattr__(self, "label", sys.intern(self.label))


def _skip_timestamp(paragraph: str, start: int, *, bare: bool = False) -> tuple[float | None, int]:
    """A timestamp right after a label at ``start``: its seconds and where the speech begins.

    Bracketed (``[00:04:19.13] Yeah``) always; a bare one (``0:00``) only when ``bare`` and it is
    all that is left of the paragraph. Spoken times (``R: 10:30, I think``) are never taken.
    """
    m = _TS_NEXT_RE.match(paragraph, start)
    if m is None and bare:
        m = _TS_REST_RE.match(paragraph, start)
    if m is None:
        return None, start
    return parse_timestamp(m.group("ts")), m.end()


def _strip_label_tail(label: str) -> tuple[str, float | None]:
    """Split a timestamp off the end of a label (``Interviewer (00:07)`` -> ``Interviewer``, 7.0)."""
    m = _TS_TAIL_RE.search(label, max(0, len(label) - _TAIL_WINDOW))
    if m is None or not label[: m.start()].strip():
        return label, None
    return label[: m.start()].strip(), parse_timestamp(m.group("ts") or m.group("bare"))


def _match_colon_label(
    paragraph: str, lookup: Mapping[str, str], known: Mapping[str, str] | None, bold_prefix: int
) -> LabelMatch | None:
    """``Label:`` with timestamps and a qualifier, as matched by ``_LABEL_RE``."""
    m = _LABEL_RE.match(paragraph)
    if not m:
        return None
    label = paragraph[m.start("label") : m.end("after") if m.group("qual") else m.end("label")].strip()
    squal = (m.group("squal") or m.group("lang") or "").strip()
    spoke = _SPOKE_IN_RE.fullmatch(m.group("qual") or "") if not m.group("after") and not squal else None
    if spoke is not None:  # "The President (spoke in Russian):": the interpreters' note, not the speaker's name
        label, squal = paragraph[m.start("label") : m.end("label")].strip(), spoke.group(1)
    pseudonym = m.group("open") is not None and is_placeholder(m.group("label"))
    if pseudonym:  # "[PERSOON-1]:", "[naam]:": the token is the name, brackets and all
        label = paragraph[m.start("open") : m.end("after") if m.group("qual") else m.end("label") + 1].strip()
    if squal and is_placeholder(squal):  # "Respondent [X]:": the placeholder is part of the name, not a note
        label, squal = paragraph[m.start("open") if pseudonym else m.start("label") : m.end("squal") + 1].strip(), ""
    bold_label = bold_prefix >= m.end("label")
    evidence = label_evidence(label, lookup, known)
    if pseudonym and evidence != "known":
        evidence = "name"  # a pseudonym stands for a name: it must label two paragraphs, as the name did
    if evidence not in {"known", "code"}:
        if bold_label and bool(paragraph[m.end():].strip()) and len(label.split()) <= 3:
            evidence = "bold"
        elif evidence == "name" or bold_label:
            evidence = "name"
        elif _timed_short_label(label, paragraph, m.end()):
            evidence = "name"
    if not evidence or not label:
        return None
    ts = m.group("ts_before") or m.group("ts_after")
    timestamp = parse_timestamp(ts) if ts else None
    alone = _CLOCK_REST_RE.match(paragraph, m.end()) if timestamp is None else None
    if alone is not None:  # "Speaker 0: 00:00:00", the speech on the lines below: a label line with its time
        return LabelMatch(label, parse_timestamp(alone.group("ts")), len(paragraph), evidence, own_line=True,
                          qualifier=squal)
    after, start = _skip_timestamp(paragraph, m.end())
    return LabelMatch(label, timestamp if timestamp is not None else after, start, evidence, qualifier=squal)


def _timed_short_label(label: str, paragraph: str, colon_end: int) -> bool:
    """A short label that is not written as a name but has a time in brackets right after its colon, as Sonix writes
    speakers the user renamed (``Team mem. 1: [00:00:09] Good day.``): a name, so it must label two paragraphs.

    Examples
    --------
    >>> _timed_short_label("Team mem. 1", "Team mem. 1: [00:00:09] Good day.", 13)
    True
    >>> _timed_short_label("he said", "he said: no.", 8), _timed_short_label("a b c d e", "a b c d e: [00:01] x", 10)
    (False, False)
    """
    return len(label.split()) <= 4 and _TS_NEXT_RE.match(paragraph, colon_end) is not None


#: One token of letters and digits, as studies' random or coded participant ids (``kDp3Cy37``, ``p07``, ``U12-b``).
_ANONYMOUS_ID_RE = re.compile(r"^(?=[^\W_]*[^\W\d_])(?=[^\W_]*\d)[^\W_][\w-]{1,23}$")


def _match_bold_label(paragraph: str, lookup: Mapping[str, str], known: Mapping[str, str] | None, bold_prefix: int) -> LabelMatch | None:
    """A bold label, colon and timestamp inside or outside the bold: ``**Interviewer (00:07):** Dag``."""
    head = paragraph[:bold_prefix]
    label = head.strip().strip("*_").strip().rstrip(":").strip().strip("*_").rstrip(":").strip()
    ts = None
    ts_match = re.match(rf"^[\[(]?({_TS})[\])]?\s*", label)
    if ts_match:
        ts = parse_timestamp(ts_match.group(1))
        # "(0:02) **Sebastián:**": the time opened the line, outside the bold; the label is what the bold holds
        label = label[ts_match.end() :].strip().strip("*_").strip().rstrip(":").strip()
    label, tail_ts = _strip_label_tail(label)
    if tail_ts is not None:  # "**Jason: (00:00:00)**": the colon before the time is the label's, not the name's
        label = label.rstrip(":").rstrip()
    ts = ts if ts is not None else tail_ts
    label, qualifier = split_square_qualifier(label)
    if label.startswith("[") and label.endswith("]") and is_note_label(label):
        label = label[1:-1].strip()  # "**[NOTAS DE OBSERVACIÓN]:**": a note label in brackets, as "[Note]:" reads
    if not paragraph[bold_prefix:].strip() or not label or len(label) > MAX_LABEL_LENGTH:
        return None
    evidence = label_evidence(label, lookup, known, max_words=6)
    if evidence not in {"known", "name"} and _ANONYMOUS_ID_RE.match(label) and ":" in head:
        evidence = "name"  # "**kDp3Cy37**:", a study's random participant id: a name's evidence, two turns needed
    if evidence == "code" and label != base_label(label):
        evidence = "name"  # "**E2 (probe):**": a participant code with a note, two turns needed as a bold name
    if evidence not in {"known", "name"}:
        return None
    start = bold_prefix
    while start < len(paragraph) and paragraph[start] in " \t:":
        start += 1
    after, start = _skip_timestamp(paragraph, start, bare=True)
    # A bold name still has to label two paragraphs (a bold title is not a speaker).
    return LabelMatch(label, ts if ts is not None else after, start, evidence, qualifier=qualifier)


def split_square_qualifier(label: str) -> tuple[str, str]:
    """A label without the note in square brackets at its end, and the note (``""`` without one).

    Examples
    --------
    >>> split_square_qualifier("P3 [female, 40s]"), split_square_qualifier("Interviewer")
    (('P3', 'female, 40s'), ('Interviewer', ''))
    >>> split_square_qualifier("Respondent [X]")
    ('Respondent [X]', '')
    """
    m = _SQUARE_QUAL_TAIL_RE.search(label)
    if m is None or not label[: m.start()].strip() or is_placeholder(m.group("squal")):
        return label, ""  # "Respondent [X]": a placeholder is part of the name
    return label[: m.start()].strip(), m.group("squal").strip()


def match_label(
    paragraph: str,
    *,
    known: Mapping[str, str] | None = None,
    bold_prefix: int = 0,
) -> LabelMatch | None:
    """Find a speaker label at the start of ``paragraph``.

    A candidate is accepted when it is a known label (in ``known`` or the default
    map, numbers and a bracketed qualifier ignored), looks like a person's name
    (capitalised words, name particles such as *van der* allowed), or was printed
    in bold. A bracketed timestamp right after the label is read too, and the
    speech starts after it.

    Parameters
    ----------
    paragraph
        One paragraph of transcript text.
    known
        Extra label → role entries (the user's label map).
    bold_prefix
        Number of leading characters printed in bold (Word files, ``**...**`` in
        Markdown); a bold label needs no colon.

    Returns
    -------
    LabelMatch or None

    Examples
    --------
    >>> match_label("Interviewer1 : ok").label
    'Interviewer1'
    >>> match_label("Dat is het punt: niemand kijkt.") is None
    True
    >>> match_label("I (00:12:03): En toen?").timestamp
    723.0
    >>> m = match_label("Ashlee Kupor (SL): Let's do that")
    >>> m.label, m.evidence
    ('Ashlee Kupor (SL)', 'name')
    >>> m = match_label("Speaker 0: 00:00:05")
    >>> m.label, m.timestamp, m.own_line, match_label("R: 10:30").content_start
    ('Speaker 0', 5.0, True, 3)
    >>> match_label("Elizabeth (Jake) Feinler:  My pleasure.").label
    'Elizabeth (Jake) Feinler'
    >>> m = match_label("Speaker 1 [Blue]: Hello")
    >>> m.label, m.qualifier, m.content_start
    ('Speaker 1', 'Blue', 18)
    >>> m = match_label("[Speaker 2] [00:04] What?")
    >>> m.label, m.timestamp, m.content_start
    ('Speaker 2', 4.0, 20)
    >>> m = match_label("Speaker 1 [00:01:05] She was born there.")
    >>> m.label, m.timestamp, m.content_start
    ('Speaker 1', 65.0, 21)
    >>> m = match_label("F_S12 \\t [00:00:13] \\t There is a day.")
    >>> m.label, m.timestamp, m.evidence
    ('F_S12', 13.0, 'known')
    >>> m = match_label("Speaker 1 00:00:08  Right. Using that.")
    >>> m.label, m.timestamp, m.content_start
    ('Speaker 1', 8.0, 20)
    >>> m = match_label("**Interviewer (00:07):** We are", bold_prefix=24)
    >>> m.label, m.timestamp, m.content_start
    ('Interviewer', 7.0, 25)
    >>> m = match_label("**Jason: (00:01:03)** Back then", bold_prefix=21)
    >>> m.label, m.timestamp, m.content_start
    ('Jason', 63.0, 22)
    >>> m = match_label("**kDp3Cy37**: The overall experience", bold_prefix=13)
    >>> m.label, m.evidence, m.content_start
    ('kDp3Cy37', 'name', 14)
    >>> m = match_label("Interviewer:in: Wie lange?")
    >>> m.label, m.content_start
    ('Interviewer:in', 16)
    """
    chat = match_chat_header(paragraph)
    if chat is not None and chat[2] < len(paragraph):  # Zoom's older chat: "10:01:02\t From  Jan : Hello"
        return LabelMatch(chat[0], parse_timestamp(chat[1]), chat[2], "known")
    lookup = {normalise_label(k): v for k, v in (known or {}).items()}
    found = _match_gender_colon_label(paragraph, lookup, known) if ":" in paragraph[:48] else None
    if found is None:
        found = _match_colon_label(paragraph, lookup, known, bold_prefix)
    if found is None and ":" in paragraph[:80]:
        found = (_match_angle_label(paragraph, lookup, known) or _match_redaction_label(paragraph)
                 or _match_placeholder_label(paragraph, lookup, known))
    if found is None:
        bracketed = _BRACKET_TS_RE.match(paragraph)
        evidence = label_evidence(bracketed.group("label").strip(), lookup, known) if bracketed else ""
        if evidence:
            found = LabelMatch(bracketed.group("label").strip(), parse_timestamp(bracketed.group("ts")), bracketed.end(), evidence)
    if found is None:
        spaced_bracket = _SPACED_BRACKET_TS_RE.match(paragraph)
        label = spaced_bracket.group("label").strip() if spaced_bracket else ""
        evidence = label_evidence(label, lookup, known) if label else ""
        if evidence in {"known", "name"}:
            found = LabelMatch(label, parse_timestamp(spaced_bracket.group("ts")), spaced_bracket.end(), evidence)
    if found is None:
        tabbed = _TAB_TS_RE.match(paragraph)
        label = tabbed.group("label").strip() if tabbed else ""
        if label:  # the tabs and the time are the evidence; a name still needs two turns (the assembler checks)
            found = LabelMatch(label, parse_timestamp(tabbed.group("ts")), tabbed.end(),
                               label_evidence(label, lookup, known) or "name")
    if found is None:
        spaced = _SPACED_CLOCK_RE.match(paragraph)
        label = spaced.group("label").strip() if spaced else ""
        evidence = label_evidence(label, lookup, known) if label and len(label.split()) <= 6 else ""
        if evidence in {"known", "name"}:  # a name still needs two turns (the assembler checks)
            found = LabelMatch(label, parse_timestamp(spaced.group("ts")), spaced.end(), evidence)
    if found is None and bold_prefix:
        found = _match_bold_label(paragraph, lookup, known, bold_prefix)
    return found


#: A label in angle brackets with its colon, a time before it allowed: ``<Respondent 3>:``, ``<I>:``, ``<NAAM>:``. The
#: label starts with a capital, so HTML's ``<b>``, ``<i>`` or ``<br>`` is never one.
_ANGLE_RE = re.compile(
    rf"^[ \t]*(?:[\[(]?(?P<ts>{_TS})[\])]?[ \t]*)?<(?P<label>[^\W\d_a-z][^<>\n:\[\]()]{{0,{MAX_LABEL_LENGTH - 1}}}?)>[ \t]*:(?!//)(?!\d)[ \t]*")


def _match_angle_label(paragraph: str, lookup: Mapping[str, str], known: Mapping[str, str] | None) -> LabelMatch | None:
    """``<Respondent 3>: Goed.``: the label without its angle brackets, a placeholder (``<NAAM>``) with them.

    Examples
    --------
    >>> m = _match_angle_label("<Respondent 3>: Goed.", {}, None)
    >>> m.label, m.evidence, m.content_start
    ('Respondent 3', 'known', 16)
    >>> _match_angle_label("<NAAM>: Ja.", {}, None).label, _match_angle_label("<b>: x", {}, None)
    ('<NAAM>', None)
    """
    m = _ANGLE_RE.match(paragraph)
    if m is None:
        return None
    label = m.group("label").strip()
    if is_placeholder(label):
        label = f"<{label}>"
        evidence = "known" if label_evidence(label, lookup, known) == "known" else "name"
    else:
        evidence = label_evidence(label, lookup, known)
        if evidence not in {"known", "code", "name"}:
            return None
    timestamp, start = _skip_timestamp(paragraph, m.end())
    if m.group("ts"):
        timestamp = parse_timestamp(m.group("ts"))
    return LabelMatch(label, timestamp, start, evidence)


#: A placeholder in round or double square brackets with its colon, a time before or after it allowed:
#: ``(PERSOON-1): Ja.``, ``[00:01:02] [[PERSOON-1]]: Ja.`` (:func:`researchkit.io.placeholders.placeholder_label`).
_PLACEHOLDER_RE = re.compile(
    rf"^[ \t]*(?:[\[(]?(?P<ts>{_TS})[\])]?[ \t]*)?(?P<label>\([^()\n]{{1,40}}\)|\[\[[^\[\]\n]{{1,40}}\]\])"
    rf"[ \t]*(?:[\[(](?P<ts_after>{_TS})[\])][ \t]*)?:(?!//)(?!\d)[ \t]*")


def _match_placeholder_label(paragraph: str, lookup: Mapping[str, str], known: Mapping[str, str] | None) -> LabelMatch | None:
    """``(PERSOON-1): Ja.``, ``[[PERSOON-1]]: Ja.``: a pseudonym in other brackets as the speaker's name.

    A name's evidence (it must label two paragraphs, as the name did) unless the user's label map names it.

    Examples
    --------
    >>> m = _match_placeholder_label("(PERSOON-1): Ja, dat klopt.", {}, None)
    >>> m.label, m.evidence, m.content_start
    ('(PERSOON-1)', 'name', 13)
    >>> _match_placeholder_label("(Ik weet het niet): ja", {}, None) is None
    True
    """
    m = _PLACEHOLDER_RE.match(paragraph)
    label = placeholder_label(m.group("label")) if m is not None else None
    if label is None:
        return None
    evidence = "known" if label_evidence(label, lookup, known) == "known" else "name"
    ts = m.group("ts") or m.group("ts_after")
    timestamp, start = _skip_timestamp(paragraph, m.end())
    return LabelMatch(label, parse_timestamp(ts) if ts else timestamp, start, evidence)


def _match_redaction_label(paragraph: str) -> LabelMatch | None:
    """``###-1: Goed.``: a name redacted to hashes as a label; a name's evidence (it must label two paragraphs)."""
    found = match_redaction_label(paragraph)
    if found is None:
        return None
    timestamp, start = _skip_timestamp(paragraph, found[1])
    return LabelMatch(found[0], timestamp, start, "name")


#: A role word in German gender-inclusive writing with a colon (``Interviewer:in:``, ``Interviewte:r:``,
#: ``Teilnehmer:in 3:``): the first colon is part of the label. Bounded runs only.
_GENDER_COLON_RE = re.compile(r"^[ \t]*(?P<label>[^\W\d_]{2,40}:(?:innen|in|r|e)(?:[ ]\d{1,3})?)[ \t]*:(?:[ \t]+|$)")


def _match_gender_colon_label(paragraph: str, lookup: Mapping[str, str], known: Mapping[str, str] | None) -> LabelMatch | None:
    """``Interviewer:in: Wie lange?``: a role word with the gender colon, read whole (not ``Interviewer`` saying ``in: ...``)."""
    m = _GENDER_COLON_RE.match(paragraph)
    if m is None or label_evidence(m.group("label"), lookup, known) != "known":
        return None
    timestamp, start = _skip_timestamp(paragraph, m.end())
    return LabelMatch(m.group("label"), timestamp, start, "known")


_QA_PERIOD_RE = re.compile(r"^(?P<label>[QA])\.[ \t]+(?=\S)")


def match_qa_label(paragraph: str) -> LabelMatch | None:
    """``Q.`` or ``A.`` with a period, as oral histories and depositions write them.

    The evidence is ``"qa"``: the assembler accepts these only in a file that uses both
    ``Q.`` and ``A.`` at least twice (``A. Smith wrote...`` once is text).

    Examples
    --------
    >>> m = match_qa_label("Q. Where were you born?")
    >>> m.label, m.content_start, m.evidence
    ('Q', 3, 'qa')
    >>> match_qa_label("Q.E.D.") is None
    True
    """
    found = _QA_PERIOD_RE.match(paragraph)
    if found is None:
        return None
    return LabelMatch(found.group("label"), None, found.end(), evidence="qa")


def match_label_line(
    paragraph: str, *, known: Mapping[str, str] | None = None, after_timestamp: bool = False, plain: bool = False
) -> LabelMatch | None:
    """Recognise a paragraph that is nothing but a speaker label; the speech is below it.

    Accepted shapes: a Markdown heading (``### Bryan Robinson  0:01``, ``#### Zac``), a
    bold label (``**Matt Yonkovit**``, ``**Speaker 1 (00:01)**``), and a label followed
    by a timestamp (``Swarup Donepudi  0:10``, ``Interviewer (00:03)``,
    ``[Interviewer] 10:01:02``) or preceded by one (Word's Transcribe ``00:00:05 Spreker 1``,
    ``[00:00:00.22] - Speaker 1``). A plain line without a timestamp is a label line only
    right below a line that is nothing but a time (``after_timestamp``: Teams' cue
    ``0:0:3.270 --> 0:0:4.250`` with the name on the next line); elsewhere it may be a
    heading or a short answer. A name of at most four words in capitals alone on a
    line (``SMITH``, ``MR. SMITH``, ``DR. JONES``; not ``INTRODUCTION``, ``CHAPTER 1``
    or ``END OF TAPE``) is one with evidence ``"caps"``: the assembler takes it only
    when it labels two paragraphs and the file has another such name or another label.
    ``content_start`` is the paragraph's length; names still have to be used at least
    twice (the assembler checks).

    Parameters
    ----------
    paragraph
        One paragraph of transcript text.
    known
        Extra label → role entries (the user's label map).
    after_timestamp
        The paragraph above is nothing but a time (see :func:`match_timestamp_only`).
    plain
        Also accept a plain role word or name of two to five words with no mark at all
        (Teams pasted without times: ``Mirjam Veenstra``, speech below); evidence ``"plain"``,
        which the assembler takes only in a file with two such labels used at least twice;
        and a label line whose time lost its last digit (``Ronald Steenstra 11:0``).

    Returns
    -------
    LabelMatch or None

    Examples
    --------
    >>> match_label_line("00:00:05 Spreker 1").timestamp
    5.0
    >>> m = match_label_line("00:00:00,120 --> 00:09:58,720 [Speaker 0]")
    >>> m.label, m.timestamp
    ('Speaker 0', 0.12)
    >>> match_label_line("Anna de Boer", after_timestamp=True).label
    'Anna de Boer'
    >>> m = match_label_line("Swarup Donepudi  0:10  ")
    >>> m.label, m.timestamp, m.content_start
    ('Swarup Donepudi', 10.0, 23)
    >>> match_label_line("### Interviewer (00:03)").timestamp
    3.0
    >>> match_label_line("Introduction") is None
    True
    >>> match_label_line("MR. SMITH").evidence, match_label_line("INTRODUCTION") is None
    ('caps', True)
    >>> m = match_label_line("### Speaker 1 [Blue]  0:01")
    >>> m.label, m.qualifier, m.timestamp
    ('Speaker 1', 'Blue', 1.0)
    """
    chat = match_chat_header(paragraph.strip())
    if chat is not None and chat[2] == len(paragraph.strip()):  # Zoom's chat: "09:00:46 From  Jan  to  Everyone:"
        return LabelMatch(chat[0], parse_timestamp(chat[1]), len(paragraph), "known", own_line=True)
    text = paragraph.strip()
    if len(text) > MAX_LABEL_LINE:
        return None  # speech, not a label line: and a whole interview on one line is not split into words here
    marked = False
    heading = _HEADING_RE.match(text)
    if heading:
        text, marked = text[heading.end() :].strip(), True
    bold = _BOLD_RE.match(text)
    if bold:
        text, marked = (bold.group("inner") + bold.group("rest")).strip(), True
    text = text.rstrip(":").strip()
    lead_ts = None
    lead = _TS_LEAD_RE.match(text)
    if lead:
        lead_ts, text = parse_timestamp(lead.group("ts")), text[lead.end() :]
    label, ts = _strip_label_tail(text)
    ts = ts if ts is not None else lead_ts
    cut = _CUT_TIME_RE.search(label) if plain and ts is None else None
    if cut:  # Teams' time cut short by hand ("Ronald Steenstra 11:0"): the label line still, without a time
        label, marked = label[: cut.start()], True
    label = label.rstrip(":").strip()
    pseudonym = placeholder_label(label, alone=ts is None)
    if pseudonym is not None:  # "[PERSOON-1]", "[[PERSOON-1]] 10:01:02" above the speech: the pseudonym is the name, and its own mark
        evidence = "known" if label_evidence(pseudonym, {normalise_label(k): v for k, v in (known or {}).items()},
                                             known) == "known" else "name"
        return LabelMatch(pseudonym, ts, len(paragraph), evidence, own_line=True)
    if label.startswith("[") and label.endswith("]"):
        label = label[1:-1].strip()  # Zoom: "[Name] 10:01:02"; needs its timestamp
    label, qualifier = split_square_qualifier(label) if marked or ts is not None else (label, "")
    numbered = _DIARIZER_ID_RE.match(label) or _SPEAKER_ID_RE.match(label)  # F_S12, SPEAKER_00: an underscore, no emphasis
    # A diarizer's id alone on a line is its own mark: nobody says "SPEAKER_00" (aTrain's and WhisperX's text exports
    # write it above the speaker's segments).
    marked = marked or bool(numbered)
    caps = not (marked or ts is not None or after_timestamp) and _is_caps_name(label)
    bare = plain and not (marked or ts is not None or after_timestamp or caps)
    if not (marked or ts is not None or after_timestamp or caps or bare) or not label or len(label) > MAX_LABEL_LENGTH:
        return None
    if bare and (label[-1] in ".,;!?" or (len(label.split()) < 2 and normalise_label(label) not in DEFAULT_ROLE_LABELS)):
        return None  # "Ja.", "Oké": one-word lines are answers unless a role word
    if label[-1] in "?!" or (label[-1] == "." and len(label.split()[-1]) > 3) or any(ch in label for ch in "[]*#:") or (
        "_" in label and not numbered
    ):
        return None
    lookup = {normalise_label(k): v for k, v in (known or {}).items()}
    evidence = label_evidence(label, lookup, known, max_words=6 if marked else 5)
    if not evidence:
        return None
    return LabelMatch(label, ts, len(paragraph), "caps" if caps else "plain" if bare else evidence, own_line=True,
                      qualifier=qualifier)


#: A name in lower case alone on a line with its colon (``danah:``, as danah boyd writes her name; the speech below).
_LOWER_LABEL_LINE_RE = re.compile(r"^[ \t]*(?P<label>[^\W\d_A-Z][^\W\d_]{1,30}(?:[ '’-][^\W\d_]{1,30}){0,2})[ \t]*:[ \t]*$")


def match_lower_label_line(paragraph: str) -> LabelMatch | None:
    """A name written in lower case alone on a line with a colon (``danah:``), the speech below it.

    Evidence ``"lower"``: the assembler takes it only when it labels two paragraphs or more in a
    file with another label used twice (``Rebecca:`` above the other turns), as it does names in capitals.

    Examples
    --------
    >>> m = match_lower_label_line("danah:")
    >>> m.label, m.evidence, m.own_line
    ('danah', 'lower', True)
    >>> match_lower_label_line("Rebecca:") is None, match_lower_label_line("so: that was it") is None
    (True, True)
    """
    m = _LOWER_LABEL_LINE_RE.match(paragraph)
    if m is None or not m.group("label")[0].islower():
        return None
    return LabelMatch(m.group("label"), None, len(paragraph), "lower", own_line=True)


def _is_caps_name(label: str) -> bool:
    """``SMITH``, ``MR. SMITH``: at most four words, all capitals, no digits, not a heading word."""
    words = label.replace(".", ". ").split()
    letters = [ch for ch in label if ch.isalpha()]
    return (1 <= len(words) <= 4 and len(letters) >= 2 and label.upper() == label and not any(ch.isdigit() for ch in label)
            and not any(w.strip(".,").casefold() in _CAPS_HEADINGS for w in words))
