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
_ENTRY = re.compile(r"^\s*(?P<code>[A-Z][A-Za-z]{0,2}\d{0,2}(?:\s?[-–]\s?[A-Z]{0,2}\d{1,2})?)\s*[:=]\s*"
                    r"(?P<value>[^\W\d_][^\W\d_ .'/()-]*(?:[ '/-][^\W_][\w.'/()-]*){0,3})\s*$")
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
    """The legend entries of one paragraph (``M: Mujer`` or ``M: Mujer, H: Hombre``), else ``None``."""
    if len(text) > MAX_LEGEND_LINE or ":" not in text and "=" not in text:
        return None
    pieces = [p for p in re.split(r"\s*[,;|]\s*|\t+", text.strip()) if p]
    found = []
    for piece in pieces:
        m = _ENTRY.match(piece)
        if not m:
            return None
        found.append((m.group("code"), m.group("value").strip()))
    return found or None


def _role_of(value: str) -> str | None:
    first = value.split()[0] if value.split() else ""
    key = normalise_label(first)
    if key in DEFAULT_ROLE_LABELS:
        return DEFAULT_ROLE_LABELS[key]
    if first.casefold() in PERSON_WORDS:
        return "respondent"
    return None


def find_legend(texts: Sequence[str]) -> Legend:
    """Find a legend among the first paragraphs (see module docstring).

    A legend is a heading such as ``Leyenda:`` followed by ``code: description``
    lines, or at least two such lines whose descriptions are role or person words.
    It ends at the first paragraph that is neither.

    Examples
    --------
    >>> find_legend(["I: Hoe gaat het?", "R: Goed."]).entries
    {}
    """
    legend = Legend()
    headed = False
    candidates: list[tuple[int, list[tuple[str, str]]]] = []
    for index, text in enumerate(texts[:MAX_LEGEND_SCAN]):
        stripped = text.strip().rstrip(":").strip()
        if stripped.casefold() in LEGEND_HEADINGS and not candidates:
            headed = True
            legend.paragraphs.add(index)
            continue
        entries = _entries(text)
        if entries is None:
            if candidates:
                break
            continue
        if not headed and not all(_role_of(value) for _, value in entries):
            if candidates:
                break
            continue
        candidates.append((index, entries))
    n_entries = sum(len(e) for _, e in candidates)
    codes = [code for _, entries in candidates for code, _ in entries]
    if n_entries < (1 if headed else 2) or len(set(codes)) != len(codes):
        return Legend()
    for index, entries in candidates:
        legend.paragraphs.add(index)
        for code, value in entries:
            legend.entries[code] = value
            role = _role_of(value)
            if role:
                legend.roles[code] = role
    return legend
