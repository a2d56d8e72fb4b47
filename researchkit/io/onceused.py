"""Labels used once: when a name said once is a speaker, and the notes that name the others.

A name that labels one paragraph is usually words of the turn above (``Kijk: ...``), so the
assembler keeps it as text and a note asks the researcher to look. Two layouts make such a name a
speaker: labels with a time, among two or more other names written with a time (a meeting's
participant who speaks once), and titled names (``De heer Wilders (PVV)``) in a file labelled by
titled names (a debate, a hearing). Labels the user mapped with ``labels=``, and role words, are
speakers whatever their count; a note lists them so that the quality flag leaves them out.

Examples
--------
>>> titled_name("Mevrouw Ter Horst"), sentence_opener("Kijk", 0)
(True, True)
"""

from __future__ import annotations

import re

from bisect import bisect_right
from collections import Counter
from typing import Any, Mapping, Sequence

from researchkit.io.roles import DEFAULT_ROLE_LABELS, base_label, name_and_role, normalise_label
from researchkit.io.speakers import LabelMatch
from researchkit.transcripts import MAPPED_ONCE_NOTE, ONCE_USED_NOTE, ROLE_WORD_ONCE_NOTE, Turn, is_generic_speaker

__all__ = ["ONCE_USED_MIN_TURNS", "titled_name", "sentence_opener", "timed_label_lines_used_once",
           "titled_labels_used_once", "once_used_notes", "mapped_once_notes"]


def timed_label_lines_used_once(matches: Sequence[LabelMatch | None], name_counts: Counter) -> list[int]:
    """Labels with a time (Teams' and Otter's ``Rey Takeshima   0:03``, the speech below; Rev's
    ``Anna Smit (00:00:15):``) of a name used once, in a file where at least two other names label two or more
    such timed paragraphs: a meeting's or focus group's participant who speaks once is a speaker, not words of the
    turn above."""
    timed = [i for i, m in enumerate(matches) if m is not None and m.evidence == "name" and m.timestamp is not None]
    repeated = {matches[i].label for i in timed if name_counts[matches[i].label] >= 2}
    once = [i for i in timed if name_counts[matches[i].label] < 2]
    return once if len(repeated) >= 2 else []


#: Titles that open a name label in reports, hearings and interviews (lower case, without the period):
#: Dutch, French, German, Spanish and English; ``de heer`` is two words.
_TITLES = frozenset({"heer", "mevrouw", "mevr", "mw", "dhr", "minister", "staatssecretaris", "burgemeester", "wethouder",
                     "commissaris", "m", "mme", "mlle", "herr", "frau", "sr", "sra", "srta", "don", "doña", "mr", "mrs",
                     "ms", "dr", "prof", "senator", "representative", "councillor", "cllr", "lord", "baroness", "sir",
                     "dame", "präsident", "präsidentin", "vizepräsident", "vizepräsidentin", "alterspräsident",
                     "alterspräsidentin", "ministerin", "bundesminister", "bundesministerin", "staatsminister",
                     "staatsministerin", "abg"})


def titled_name(label: str) -> bool:
    """Whether ``label`` is a title and a name (``De heer Wilders (PVV)``, ``Mme Martin``, ``Minister Van Dam``).

    Examples
    --------
    >>> [titled_name(x) for x in ("De heer Van der Berg", "Mevrouw Ter Horst", "M. Dupont", "Herr Braun", "Anna", "De heer")]
    [True, True, True, True, False, False]
    >>> titled_name("Mme la rapporteure"), titled_name("M. le président"), titled_name("Mme la")
    (True, True, False)
    """
    words = label.split()
    if len(words) >= 2 and words[0].casefold() == "de" and words[1] == "heer":
        words = words[1:]
    if len(words) >= 3 and words[0] in {"M.", "Mme", "Mlle"} and words[1] in {"le", "la"}:
        return True  # a French record's office after the title: "Mme la rapporteure", "M. le ministre"
    return len(words) >= 2 and words[0].rstrip(".").casefold() in _TITLES and words[1][:1].isupper()


#: The chair of a debate or a hearing as the printed record labels it: ``De voorzitter``, ``The CHAIRMAN``, ``Le Président``.
_CHAIR_RE = re.compile(r"^(?i:(?:de|the|le|la|der|die)\s+)?(?i:(?:deputy\s+)?convener|voorzitter|voorzitster|chairman|"
                       r"chairwoman|chair|président|présidente|vorsitzende|vorsitzender)$")


#: The presiding officer a printed record names by office alone (``The PRESIDENT``, ``The DEPUTY SPEAKER``): a title too.
_PRESIDING_RE = re.compile(r"^The (?:ACTING |Acting )?(?:DEPUTY |Deputy )?(?:PRESIDENT|President|SPEAKER|Speaker|CHAIRMAN|Chairman|"
                           r"CHAIR|Chair)$")


#: The presiding officer of a German parliament before the name (``Präsidentin Gabriele Brakebusch``, ``Vizepräsident
#: Wulf Gallert``, ``Alterspräsident Dr. Hermann Otto Solms``): the chair of a Plenarprotokoll.
_GERMAN_PRESIDING_RE = re.compile(r"^(?:Vize|Alters)?[Pp]räsident(?:in)?\s+\S")

#: A member's party in one note in brackets after the name (``Wulf Gallert (DIE LINKE)``, ``Jan Korte (SPD)``,
#: ``(BÜNDNIS 90/DIE GRÜNEN)``): one to four words each opening with a capital, no comma, at most a group number.
_PARTY_NOTE_RE = re.compile(r"^[^()]+\s\((?:[A-ZÄÖÜ][\w&/.-]*|\d{2})(?:[ /](?:[A-ZÄÖÜ][\w&/.-]*|\d{2})){0,3}\)$")


def _two_notes(m: LabelMatch) -> bool:
    """A name with two notes in round brackets, the second kept as the qualifier: a member's seat and party
    (``Sharon Dowey (South Scotland) (Con)``), a delegate's country and language (``Mr. Delattre (France) (spoke in
    French)``): a parliament's or an assembly's way of labelling, as a title is."""
    return bool(m.qualifier) and m.label.endswith(")") and "(" in m.label and not m.label.startswith(("(", "["))


def titled_labels_used_once(matches: Sequence[LabelMatch | None], name_counts: Counter) -> list[int]:
    """Name labels with a title (``De heer Wilders (PVV)``, an interruption in a debate; ``Minister Van Dam``;
    ``Mme Martin``; a member's seat and party, ``Sharon Dowey (South Scotland) (Con)``) used once, in a file where another titled name, or the chair (``De voorzitter``), labels two or more
    paragraphs: in a hearing or a
    debate the titles are the file's way of labelling, and a member who speaks once is a speaker, not words of the
    turn above."""
    chair = sum(1 for m in matches if m is not None and (_CHAIR_RE.match(m.label) or _GERMAN_PRESIDING_RE.match(m.label)))
    titled = [i for i, m in enumerate(matches) if m is not None and m.evidence == "name"
              and (titled_name(m.label) or _two_notes(m) or _PRESIDING_RE.match(m.label)
                   or (chair >= 2 and _PARTY_NOTE_RE.match(m.label)))]
    if not any(name_counts[matches[i].label] >= 2 for i in titled) and chair < 2:
        return []  # the chair who gives the floor twice (``De voorzitter:``) makes the file a debate or a hearing too
    return [i for i in titled if name_counts[matches[i].label] < 2]


#: Labelled turns a file needs before a label used once is worth a note (and a quality flag).
ONCE_USED_MIN_TURNS = 6


def once_used_notes(
    cleaned: list[tuple[str, Any, int]],
    candidates: list[LabelMatch | None],
    refused: list[int],
    matches: list[LabelMatch | None],
) -> list[str]:
    """A note naming labels used once (``MS. MARTINEZ:`` among thirty ``Q:``/``A:``), kept as text.

    They stay in the turn before them (a one-off ``Kijk:`` is usually speech); the note,
    and the quality flag that reads it, ask the researcher to look. Lines above the first
    label (a title, a header) are not counted, nor is one ordinary capitalised word in plain
    type (``Twee: camera's.``, ``Kijk: ...``): a sentence opener far more often than a speaker.
    """
    labelled = [i for i, m in enumerate(matches) if m is not None]
    if len(labelled) < ONCE_USED_MIN_TURNS:
        return []
    shown = [
        f"{candidates[i].label!r} ({cleaned[i][1].location})"
        for i in refused
        if i > labelled[0] and not candidates[i].own_line and candidates[i].evidence != "qa"
        and len(candidates[i].label.split()) <= 4 and not sentence_opener(candidates[i].label, cleaned[i][2])
    ]
    if not shown:
        return []
    return [f"{ONCE_USED_NOTE}: {', '.join(shown[:5])}" + (" ..." if len(shown) > 5 else "")
            + "; pass labels=... if they are speakers"]


def sentence_opener(label: str, bold_prefix: int) -> bool:
    """One capitalised word, not in capitals and not in bold (``Twee``, ``Kijk``): how sentences start."""
    return bold_prefix == 0 and len(label.split()) == 1 and not label.isupper() and label[:1].isupper()


def mapped_once_notes(
    turns: Sequence[Turn], known: Mapping[str, str], locations: Sequence[str], spans: Sequence[tuple[int, int]]
) -> list[str]:
    """Notes naming the labels used once that the user's ``labels=`` names (``Mevrouw Ter Horst``)
    and those that are role words (``Interviewster``, ``Enquêtrice``, ``Entrevistadora``) or a name written with its
    role word (``Sandra Salinas, Entrevistadora``, ``Jan de Vries – interviewer``, ``Jane Doe (interviewer)``).

    The researcher has mapped the first, and a role word is a label whatever its count, so both
    are speakers; the quality flag "label(s) used once" reads these notes and leaves them out
    (:data:`researchkit.transcripts.MAPPED_ONCE_NOTE`, :data:`researchkit.transcripts.ROLE_WORD_ONCE_NOTE`).
    Only written where that flag would look: six or more labelled turns of two or more labels.
    """
    labelled = [t for t in turns if t.speaker]
    counts = Counter(t.speaker for t in labelled)
    if len(labelled) < ONCE_USED_MIN_TURNS or len(counts) < 2:
        return []
    keys = {normalise_label(k) for k in known}
    once = [t for t in labelled if counts[t.speaker] == 1]
    named = [t for t in once if t.speaker in known or normalise_label(t.speaker) in keys
             or normalise_label(base_label(t.speaker)) in keys]
    named_ids = {id(t) for t in named}  # not `t not in named`: comparing turns field by field was quadratic
    role_words = [t for t in once if id(t) not in named_ids and not is_generic_speaker(t.speaker) and (normalise_label(t.speaker) in DEFAULT_ROLE_LABELS
                                                         or normalise_label(base_label(t.speaker)) in DEFAULT_ROLE_LABELS
                                                         or name_and_role(t.speaker) is not None)]  # "Ana Ruiz, Entrevistadora"
    starts = [s for s, _ in spans]
    notes = []
    for start, listed in ((MAPPED_ONCE_NOTE, named), (ROLE_WORD_ONCE_NOTE, role_words)):
        if listed:
            shown = [f"{t.speaker!r} ({locations[max(0, bisect_right(starts, t.start) - 1)]})" for t in listed]
            notes.append(f"{start}: {', '.join(shown)}")
    return notes
