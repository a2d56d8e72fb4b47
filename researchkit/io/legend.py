"""Legend (key) lines at the top of a transcript: ``M: Mujer``, ``E = Entrevistador``.

Focus-group transcripts often start with a key to the speaker codes. Such lines look
like speaker turns (``M: Mujer``) but are metadata: they must not become turns, and a
later stray ``M:`` must not be taken for the speaker they describe. The legend also
tells the roles of the codes when its values are role words (``E: Entrevistador``).

Pure functions over paragraph texts.

Examples
--------
>>> legend = find_legend(["Grupo 3", "M: Mujer", "H: Hombre", "E: Entrevistador", "E: ¿Qué pensáis?"])
>>> legend.entries, sorted(legend.paragraphs), legend.roles["E"]
({'M': 'Mujer', 'H': 'Hombre', 'E': 'Entrevistador'}, [1, 2, 3], 'interviewer')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from researchkit.io.speakers import DEFAULT_ROLE_LABELS, normalise_label

#: Headings that introduce a legend.
LEGEND_HEADINGS = frozenset(
    {"legend", "legenda", "key", "leyenda", "clave", "légende", "legende", "schlüssel", "sleutel",
     "abbreviations", "afkortingen", "abreviaturas", "abkürzungen", "abréviations", "sprecher", "sprekers",
     "speakers", "participants", "deelnemers", "participantes", "teilnehmer"}
)
#: Words describing a participant (not a role label themselves): the code is a respondent.
PERSON_WORDS = frozenset(
    {"mujer", "mujeres", "hombre", "hombres", "man", "men", "mannen", "vrouw", "vrouwen", "woman", "women",
     "female", "male", "frau", "frauen", "mann", "männer", "femme", "femmes", "homme", "hommes", "chica",
     "chico", "joven", "jongere", "persoon", "person", "participante", "deelnemer", "teilnehmer", "teilnehmerin",
     "madre", "padre", "moeder", "vader", "mother", "father", "student", "estudiante", "alumno", "alumna",
     "docente", "profesor", "profesora", "teacher", "leraar", "patient", "patiënt", "paciente"}
)
#: A code and what joins it to its description: ``M:``, ``E =``, ``I - ``, ``M1-M5:``.
_CODE = re.compile(r"(?<![\w(])(?P<code>[A-Z][A-Za-z]{0,3}\d{0,2}(?:\s?[-–]\s?[A-Z]{0,2}\d{1,2})?)(?:\s*[:=]\s*|\s+[-–—]\s+)")
#: A description: up to four words, then maybe a note in brackets (``Respondent (farmer, 54)``).
_VALUE = re.compile(r"[^\W\d_][^\W\d_ .'/()-]*(?:[ '/-][^\W_][\w.'/-]*){0,3}(?:\s*\([^()\n]{1,40}\))?")
#: What separates two entries on one line: ``,``, ``;``, ``|``, `` / ``, ``. ``, a tab or a wide gap.
_BETWEEN = re.compile(r"^\s*[,;|/]\s*$|^\.\s+$|^\s*\t\s*$|^\s{2,}$")
#: A legend heading opening a one-line legend: ``Key: I = interviewer, R = respondent``.
_HEADED_LINE = re.compile(r"^\s*(?P<head>[^\W\d_][^\W\d_ ]*)\s*(?:[:=]|\s[-–—])\s*(?=\S)")
#: A Markdown list marker opening a legend line (``- I: Interviewer``).
_LIST_ITEM = re.compile(r"^[-*+][ \t]+(?=\S)")
#: A Markdown link as a description: its text is the description (``[Person YzCTXF](data/people/YzCTXF.md)``).
_MD_LINK = re.compile(r"\[(?P<text>[^\[\]\n]{1,60})\]\([^()\s]{1,300}\)")
#: A wiki link (Obsidian, Foam) as a description: ``[[Person j5mWdx]]``, ``[[people/j5mWdx|Person j5mWdx]]``.
_WIKI_LINK = re.compile(r"\[\[(?:[^\[\]|\n]{1,120}\|)?(?P<text>[^\[\]|\n]{1,60})\]\]")
#: A proper name of two or more capitalised words as a description (``Amazon Alexa``, ``Maria Lopez``).
_PROPER_NAME = re.compile(r"^[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){1,3}$")
MAX_LEGEND_SCAN = 15
MAX_LEGEND_LINE = 200


@dataclass
class Legend:
    """A legend found at the top of a transcript.

    Attributes
    ----------
    entries
        Code → description as written (``{"M": "Mujer"}``).
    paragraphs
        Indexes of the paragraphs that belong to the legend (heading included).
    roles
        Code → role, for the descriptions that name a role or a kind of participant.
    """

    entries: dict[str, str] = field(default_factory=dict)
    paragraphs: set[int] = field(default_factory=set)
    roles: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """``"M: Mujer; H: Hombre"``, for the ``legend`` attribute."""
        return "; ".join(f"{code}: {value}" for code, value in self.entries.items())


def _entries(text: str) -> list[tuple[str, str]] | None:
    """The legend entries of one paragraph (``M: Mujer``, ``M: Mujer, H: Hombre``, ``(I = Interviewer; R = Respondent)``), else ``None``.

    Every part of the line must belong to an entry: a code, ``:``/``=``/a dash, and a short
    description; entries are separated by ``,``, ``;``, ``|``, ``/``, a full stop or a tab.
    """
    line = text.strip()
    if len(line) > MAX_LEGEND_LINE or not any(mark in line for mark in ":=-–—"):
        return None
    line = _MD_LINK.sub(r"\g<text>", _LIST_ITEM.sub("", line, count=1))  # "- P1: [Person YzCTXF](people/YzCTXF.md)"
    line = _WIKI_LINK.sub(r"\g<text>", line)  # an Obsidian note's "P1: [[Person j5mWdx]]"
    if line.startswith("(") and line.endswith(")"):
        line = line[1:-1].strip()
    codes = [m for m in _CODE.finditer(line)]
    if not codes or codes[0].start() != 0:
        return None
    kept = [codes[0]]
    for m in codes[1:]:  # a code counts only where a separator ends the description before it
        value = line[kept[-1].end() : m.start()]
        cut = len(value.rstrip(" \t,;|/."))
        if _VALUE.fullmatch(value[:cut]) and _BETWEEN.match(value[cut:] or "x"):
            kept.append(m)
    found = []
    for m, after in zip(kept, kept[1:] + [None]):
        value = line[m.end() : after.start() if after is not None else len(line)].rstrip(" \t,;|/.")
        if not _VALUE.fullmatch(value):
            return None
        found.append((m.group("code"), value))
    return found


def _role_of(value: str) -> str | None:
    """The role a description names: its first word (``Interviewer (Jan)``), else a word in brackets (``Jane Smith (interviewer)``)."""
    words = value.split()
    bracketed = [w.strip("()") for w in re.findall(r"\([^()]*\)", value) for w in w.split()]
    for word in words[:1] + bracketed:
        key = normalise_label(word.strip(",;."))
        if key in DEFAULT_ROLE_LABELS:
            return DEFAULT_ROLE_LABELS[key]
        if word.casefold() in PERSON_WORDS:
            return "respondent"
    return None


def _names_below_roles(entries: list[tuple[str, str]], candidates: list[tuple[int, list[tuple[str, str]]]]) -> bool:
    """Whether entries below two or more that name roles go on with the legend: new codes described by a proper name
    of two or more capitalised words (``A: Amazon Alexa``, the voice assistant in the room; ``P3: Maria Lopez``)."""
    above = [code for _, found in candidates for code, _ in found]
    return (len(above) >= 2 and all(code not in above for code, _ in entries)
            and all(_PROPER_NAME.match(value) and all(w[0].isupper() for w in value.split()) for _, value in entries))


def _headed_line(text: str) -> list[tuple[str, str]] | None:
    """The entries of a one-line legend after its heading (``Key: I = interviewer, R = respondent``), else ``None``."""
    m = _HEADED_LINE.match(text)
    if m is None or m.group("head").casefold() not in LEGEND_HEADINGS:
        return None
    return _entries(text[m.end():])


def find_legend(texts: Sequence[str]) -> Legend:
    """Find a legend among the first paragraphs (see module docstring).

    A legend is a heading such as ``Leyenda:`` followed by ``code: description``
    lines, or at least two such lines whose descriptions are role or person words.
    It ends at the first paragraph that is neither. A legend may stand on one line
    (``I = Interviewer; P = Participant``, ``I: interviewer, R: respondent``, entries
    separated by ``;``, ``,`` or ``|``), also after its heading
    (``Key: I = interviewer, R = respondent``); ``=``, ``:`` and a dash between spaces
    (``I - interviewer``) join a code to its description. A description names a role by
    its first word (``Interviewer (Jan)``) or by a word in brackets (``Jane Smith (interviewer)``).

    Examples
    --------
    >>> find_legend(["I: Hoe gaat het?", "R: Goed."]).entries
    {}
    >>> legend = find_legend(["Key: I = interviewer, R = respondent", "I: Where were you born?"])
    >>> legend.roles, sorted(legend.paragraphs)
    ({'I': 'interviewer', 'R': 'respondent'}, [0])

    A Markdown list of codes, a description written as a link to the person's page:

    >>> find_legend(["- I: Interviewer", "- P1: [Person YzCTXF](people/YzCTXF.md)", "00:02 I: Hallo"]).roles
    {'I': 'interviewer', 'P1': 'respondent'}

    An Obsidian note's wiki links, and a code described by a proper name below the role lines:

    >>> find_legend(["I: Interviewer", "P1: [[Person j5mWdx]]", "A: Amazon Alexa", "00:10 I: Hallo"]).entries
    {'I': 'Interviewer', 'P1': 'Person j5mWdx', 'A': 'Amazon Alexa'}
    """
    legend = Legend()
    headed = titled = False
    candidates: list[tuple[int, list[tuple[str, str]]]] = []
    for index, text in enumerate(texts[:MAX_LEGEND_SCAN]):
        stripped = text.strip().rstrip(":").strip()
        if stripped.casefold() in LEGEND_HEADINGS and not candidates:
            headed = True
            legend.paragraphs.add(index)
            continue
        one_line = _headed_line(text) if not candidates and not headed else None
        if one_line is not None:  # the heading is on this line: the lines below continue it only with role words
            titled = True
            candidates.append((index, one_line))
            continue
        entries = _entries(text)
        if entries is None:
            if candidates:
                break
            continue
        if not headed and not all(_role_of(value) for _, value in entries):
            if candidates and _names_below_roles(entries, candidates):
                candidates.append((index, entries))  # "A: Amazon Alexa" below "I: Interviewer", "P1: Person ..."
                continue
            if candidates:
                break
            continue
        candidates.append((index, entries))
    n_entries = sum(len(e) for _, e in candidates)
    codes = [code for _, entries in candidates for code, _ in entries]
    if n_entries < (1 if headed or titled else 2) or len(set(codes)) != len(codes):
        return Legend()
    for index, entries in candidates:
        legend.paragraphs.add(index)
        for code, value in entries:
            legend.entries[code] = value
            role = _role_of(value)
            if role:
                legend.roles[code] = role
    return legend
