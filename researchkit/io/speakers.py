"""Speaker-label grammar: find ``I:``, ``Interviewer 1:``, ``[00:12:03] R:`` ... and map labels to roles.

The grammar recognises, at the start of a paragraph:

- a bare label followed by a colon: ``I:``, ``R:``, ``Q:``, ``A:``, ``Interviewer:``,
  ``Interviewer 1:``, ``Interviewer1 :``, ``interviewee:``, ``Respondent 3:``,
  ``Moderator:``, a person's name up to 63 characters (``Jan de Vries:``);
- a timestamp before or after the label: ``[00:12:03] I:``, ``(00:12:03) R:``,
  ``00:12:03 R:``, ``I (00:12:03):``, ``I [12:03]:``;
- a label printed in bold in a Word file, with or without a colon.

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
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping

from researchkit.errors import ConfigurationError
from researchkit.transcripts import ROLES

MAX_LABEL_LENGTH = 63

#: Default label → role map (lower-case, digits, dots and spaces stripped): Dutch, English,
#: German, French and Spanish role words and their usual abbreviations.
DEFAULT_ROLE_LABELS: dict[str, str] = {
    **dict.fromkeys(
        [
            "interviewer", "interviewers", "interviewster", "interviewerin", "int", "i", "iv", "q", "question",
            "vraag", "moderator", "moderatorin", "moderatrice", "gespreksleider", "gespreksleidster", "onderzoeker",
            "onderzoekster", "researcher", "facilitator", "forscher", "forscherin", "fragesteller", "frage",
            "enquêteur", "enquêtrice", "enqueteur", "intervieweur", "intervieweuse", "animateur", "animatrice",
            "entrevistador", "entrevistadora", "moderador", "moderadora", "investigador", "investigadora",
            "pregunta", "entrevistadores",
        ],
        "interviewer",
    ),
    **dict.fromkeys(
        [
            "respondent", "resp", "interviewee", "geïnterviewde", "geinterviewde", "r", "a", "answer", "antwoord",
            "participant", "participante", "participants", "deelnemer", "deelneemster", "p", "informant",
            "informante", "befragte", "befragter", "befragt", "b", "teilnehmer", "teilnehmerin", "antwort",
            "enquêté", "enquêtée", "enquete", "enquetee", "interviewé", "interviewée", "interviewe",
            "réponse", "entrevistado", "entrevistada", "respuesta",
        ],
        "respondent",
    ),
    # Group labels: several people speak at once.
    **dict.fromkeys(
        [
            "both", "all", "allen", "iedereen", "beiden", "beide", "alle", "everyone", "everybody",
            "several", "meerdere", "tous", "toutes", "ensemble", "todos", "todas", "ambos", "ambas",
            "varios", "varias", "alleteilnehmer", "allensamen",
        ],
        "other",
    ),
}
#: Labels that mark a speaker without saying which role ("Spreker 2", "Speaker 1").
GENERIC_SPEAKER_LABELS: frozenset[str] = frozenset(
    {"spreker", "speaker", "sprecher", "sprecherin", "locuteur", "locutrice", "hablante", "orador", "oradora",
     "persoon", "person", "personne", "persona", "stem", "voice", "unknown", "onbekend", "unbekannt", "inconnu",
     "desconocido"}
)
#: Participant codes: one or two capitals and a number (``M1``, ``H12``, ``P3``, ``D2``).
PARTICIPANT_CODE_RE = re.compile(r"^[A-Z]{1,2}\s?\d{1,3}$")

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_LABEL = r"[^\W\d_][^:\n\[\]()]{0,%d}?" % (MAX_LABEL_LENGTH - 1)
_LABEL_RE = re.compile(
    rf"""^(?P<lead>\s*)
    (?:[\[(]?(?P<ts_before>{_TS})[\])]?\s*[-–]?\s*)?      # [00:12:03] or (00:12:03) or 00:12:03
    (?P<label>{_LABEL})                                   # the label itself
    \s*(?:[\[(](?P<ts_after>{_TS})[\])]\s*)?              # I (00:12:03)
    :(?!//)(?!\d)\s*                                      # the colon (not a URL, not a clock time)
    """,
    re.VERBOSE,
)
_TS_ONLY_RE = re.compile(rf"^\s*[\[(]?(?P<ts>{_TS})[\])]?\s*$")
_NUMBERED_RE = re.compile(r"^(?P<base>[^\d]+?)\s*\d+$")
_NAME_PARTICLES = {
    "van", "de", "der", "den", "het", "ter", "ten", "te", "la", "le", "du", "da", "di", "von",
    "vd", "v.d.", "'t", "in", "op", "bin", "al", "el", "mc", "mac", "y", "of", "and", "en",
}


def parse_timestamp(value: str) -> float:
    """Return seconds for ``HH:MM:SS``, ``MM:SS`` or ``HH:MM:SS.mmm``.

    Examples
    --------
    >>> parse_timestamp("01:02:03,5")
    3723.5
    >>> parse_timestamp("12:03")
    723.0
    """
    parts = value.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def normalise_label(label: str) -> str:
    """Key used to look a label up in a role map: lower case, no digits, spaces or dots.

    Examples
    --------
    >>> normalise_label("Interviewer 1")
    'interviewer'
    >>> normalise_label(" Q. ")
    'q'
    """
    key = unicodedata.normalize("NFC", label).casefold()
    key = re.sub(r"[\d\s.]+", "", key)
    return key


@dataclass(frozen=True)
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
        two paragraphs of the document).
    """

    label: str
    timestamp: float | None
    content_start: int
    evidence: str = "known"


def _looks_like_name(label: str) -> bool:
    words = label.replace("-", " ").split()
    if words and words[-1].isdigit():  # "Respondent 3", "Company 1"
        words = words[:-1]
    if not 1 <= len(words) <= 5:
        return False
    capitalised = 0
    for word in words:
        bare = word.strip(".,'’")
        if not bare:
            return False
        if bare.lower() in _NAME_PARTICLES:
            continue
        if bare[0].isupper() and not any(ch.isdigit() for ch in bare):
            capitalised += 1
            continue
        return False
    return capitalised >= 1


def match_label(
    paragraph: str,
    *,
    known: Mapping[str, str] | None = None,
    bold_prefix: int = 0,
) -> LabelMatch | None:
    """Find a speaker label at the start of ``paragraph``.

    A candidate is accepted when it is a known label (in ``known`` or the default
    map, numbers ignored), looks like a person's name (capitalised words, name
    particles such as *van der* allowed), or was printed in bold.

    Parameters
    ----------
    paragraph
        One paragraph of transcript text.
    known
        Extra label → role entries (the user's label map).
    bold_prefix
        Number of leading characters printed in bold (Word files); a bold label
        needs no colon.

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
    """
    lookup = {normalise_label(k): v for k, v in (known or {}).items()}
    m = _LABEL_RE.match(paragraph)
    if m:
        label = m.group("label").strip()
        key = normalise_label(label)
        bold_label = bold_prefix >= m.end("label")
        if key in lookup or key in DEFAULT_ROLE_LABELS or label in (known or {}) or key in GENERIC_SPEAKER_LABELS:
            evidence = "known"
        elif PARTICIPANT_CODE_RE.match(label):
            evidence = "code"
        elif bold_label and bool(paragraph[m.end():].strip()) and len(label.split()) <= 3:
            evidence = "bold"
        elif _looks_like_name(label) or bold_label:
            evidence = "name"
        else:
            evidence = ""
        if evidence and label:
            ts = m.group("ts_before") or m.group("ts_after")
            return LabelMatch(label, parse_timestamp(ts) if ts else None, m.end(), evidence)
    if bold_prefix:
        # A bold label without a colon: "**Interviewer** Goedemorgen".
        head = paragraph[:bold_prefix]
        label = head.strip().strip("*_").strip().rstrip(":").strip().strip("*_").rstrip(":").strip()
        ts_match = re.match(rf"^[\[(]?({_TS})[\])]?\s*", label)
        ts = None
        if ts_match:
            ts = parse_timestamp(ts_match.group(1))
            label = label[ts_match.end() :].strip()
        is_known = normalise_label(label) in lookup or normalise_label(label) in DEFAULT_ROLE_LABELS
        has_content = bool(paragraph[bold_prefix:].strip())
        if label and len(label) <= MAX_LABEL_LENGTH and has_content and (is_known or _looks_like_name(label)):
            start = bold_prefix
            while start < len(paragraph) and paragraph[start] in " \t:":
                start += 1
            # A bold name still has to label two paragraphs (a bold title is not a speaker).
            return LabelMatch(label, ts, start, "known" if is_known else "name")
    return None


def match_timestamp_only(paragraph: str) -> float | None:
    """Return the seconds if ``paragraph`` is nothing but a timestamp (``[00:05:00]``).

    Examples
    --------
    >>> match_timestamp_only("[00:05:00]")
    300.0
    """
    m = _TS_ONLY_RE.match(paragraph)
    return parse_timestamp(m.group("ts")) if m else None


@dataclass
class LabelMap:
    """Maps speaker labels to roles.

    The user's entries win over the defaults; numbers, case, dots and spaces are
    ignored when looking a label up (``Interviewer 2`` → ``interviewer``).
    Unknown labels (typically names) become ``respondent`` when the document also
    has an interviewer, else ``other``; a name listed as the document's interviewer
    in its attributes becomes ``interviewer``.

    Parameters
    ----------
    mapping
        Extra or overriding entries ``label -> role``.

    Examples
    --------
    >>> LabelMap({"Henk": "respondent"}).role("henk")
    'respondent'
    """

    mapping: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        bad = {k: v for k, v in self.mapping.items() if v not in ROLES}
        if bad:
            label, role = next(iter(bad.items()))
            raise ConfigurationError(
                "RK110",
                f"speaker label {label!r} is mapped to unknown role {role!r}"
                + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""),
                hint=f"use one of {', '.join(ROLES)}",
            )
        self._exact = {k.strip().casefold(): v for k, v in self.mapping.items()}
        self._normalised = {normalise_label(k): v for k, v in self.mapping.items()}

    def known(self, label: str) -> str | None:
        """Return the role for ``label`` if the map knows it, else ``None``."""
        exact = label.strip().casefold()
        if exact in self._exact:
            return self._exact[exact]
        key = normalise_label(label)
        if key in self._normalised:
            return self._normalised[key]
        return DEFAULT_ROLE_LABELS.get(key)

    def with_entries(self, entries: Mapping[str, str]) -> "LabelMap":
        """A copy with ``entries`` added below the user's own entries (e.g. a file's legend).

        Examples
        --------
        >>> LabelMap({"E": "respondent"}).with_entries({"E": "interviewer", "M": "respondent"}).role("E")
        'respondent'
        """
        merged = dict(entries)
        merged.update(self.mapping)
        return LabelMap(merged)

    def role(self, label: str, *, has_interviewer: bool = False, interviewers: tuple[str, ...] = ()) -> str:
        """Return the role of ``label`` (see class docstring for the rules)."""
        role = self.known(label)
        if role is not None:
            return role
        if PARTICIPANT_CODE_RE.match(label.strip()):
            return "respondent"  # M1, H12: participants of a focus group
        folded = label.strip().casefold()
        for name in interviewers:
            name = name.strip().casefold()
            if name and (folded == name or folded == name.split()[0]):
                return "interviewer"
        return "respondent" if has_interviewer or interviewers else "other"
