"""The header lines of a CHAT (TalkBank) transcript: participants, ``@ID``, speaker labels and roles.

CHAT declares who speaks before the first utterance::

    @Participants:\tCHI Ross Target_Child, MOT Mother, INV Ursula_Bellugi Investigator
    @ID:\teng|Brown|CHI|2;06.|male|||Target_Child|||

An entry of ``@Participants`` is a code (``CHI``, written before each of the speaker's
utterances as ``*CHI:``), an optional name and a role; ``@ID`` gives a participant's language,
corpus, age, sex, group, SES, role, education and a custom field, ``|``-separated.

- **Speaker label**: the participant's name when ``@Participants`` gives one, else the role,
  else the code; underscores (CHAT's spaces inside a name or role) are written as spaces
  (``Ursula Bellugi``, ``Target Child``). Two participants that would get the same label (three
  ``Participant``\\ s of a batchalign file) are told apart by their code: ``Participant (PAR0)``.
- **Role** for researchkit, from the CHAT role (:data:`CHAT_ROLES`): ``Investigator``,
  ``Interviewer``, ``Experimenter``, ``Examiner``, ``Researcher``, ``Host`` ask; ``Target_Child``,
  ``Target_Adult``, ``Participant``, ``Subject``, ``Patient``, ``Informant``, ``Narrator``,
  ``Interviewee``, ``Guest`` are the people studied (``respondent``); every other role (``Mother``,
  ``Sibling``, ``Adult``, ``Speaker``, ``Unidentified``, ``Environment`` ...) is ``other``.

Pure functions; :mod:`researchkit.io.talkbank` reads the file.

Examples
--------
>>> people, notes = parse_participants("CHI Ross Target_Child, MOT Mother", line=4)
>>> [(p.code, p.name, p.role) for p in people], notes
([('CHI', 'Ross', 'Target_Child'), ('MOT', '', 'Mother')], [])
>>> speaker_labels(people, ["CHI", "MOT"])
{'CHI': 'Ross', 'MOT': 'Mother'}
>>> chat_role("Target_Child"), chat_role("Investigator"), chat_role("Mother")
('respondent', 'interviewer', 'other')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

__all__ = ["Participant", "parse_participants", "parse_id", "apply_ids", "speaker_labels", "chat_role", "CHAT_ROLES",
           "ID_FIELDS", "participants_attribute", "respondent_attributes"]

#: CHAT roles (lower case, without ``_`` and spaces) and the researchkit role each gets; others are ``other``.
CHAT_ROLES: dict[str, str] = {
    **dict.fromkeys(["investigator", "interviewer", "experimenter", "examiner", "researcher", "host"], "interviewer"),
    **dict.fromkeys(["targetchild", "targetadult", "participant", "subject", "patient", "informant", "narrator",
                     "interviewee", "guest", "respondent"], "respondent"),
}
#: The fields of an ``@ID`` line after its speaker code, in order (``language|corpus|code|age|...``).
ID_FIELDS = ("language", "corpus", "code", "age", "sex", "group", "ses", "role", "education", "custom")
#: The ``@ID`` fields that describe the person, kept as attributes of the one respondent.
PERSON_FIELDS = ("age", "sex", "group", "ses", "education", "custom")
_CODE_RE = re.compile(r"[^\s,:|*%@]{1,32}")


@dataclass(frozen=True)
class Participant:
    """One entry of ``@Participants``, with its ``@ID`` fields once :func:`apply_ids` has read them.

    Attributes
    ----------
    code
        The speaker code (``CHI``), as the main tiers write it (``*CHI:``).
    name
        The name as written (``Ursula_Bellugi``), ``""`` when the entry gives none.
    role
        The CHAT role as written (``Target_Child``), ``""`` when the entry gives none.
    line
        The line of ``@Participants`` in the file.
    details
        The ``@ID`` fields (``age``, ``sex``, ``corpus`` ...) that are not empty.
    """

    code: str
    name: str
    role: str
    line: int
    details: dict = field(default_factory=dict)


def parse_participants(value: str, *, line: int) -> tuple[list[Participant], list[str]]:
    """The entries of an ``@Participants`` value, and notes on entries that are not ``code [name] role``.

    An entry of one word is a code without a role; of more than three words, the words between
    the code and the role are the name (a slip: CHAT writes spaces in a name as ``_``).

    Examples
    --------
    >>> people, notes = parse_participants("PAR0 Participant, INV Jan de Vries Investigator,", line=5)
    >>> [(p.code, p.name, p.role) for p in people]
    [('PAR0', '', 'Participant'), ('INV', 'Jan de Vries', 'Investigator')]
    >>> parse_participants("CHI, *MOT Mother", line=5)[1]
    ["line 5: @Participants entry 'CHI' gives no role", "line 5: @Participants entry '*MOT Mother' has no valid speaker code; left out"]
    """
    people: list[Participant] = []
    notes: list[str] = []
    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        words = entry.split()
        if not _CODE_RE.fullmatch(words[0]):
            notes.append(f"line {line}: @Participants entry {entry[:60]!r} has no valid speaker code; left out")
            continue
        if len(words) == 1:
            notes.append(f"line {line}: @Participants entry {entry[:60]!r} gives no role")
        name = " ".join(words[1:-1])
        people.append(Participant(words[0], name, words[-1] if len(words) > 1 else "", line))
    return people, notes


def parse_id(value: str) -> dict[str, str] | None:
    """The fields of an ``@ID`` value (only those that are not empty), or ``None`` when it names no code.

    Examples
    --------
    >>> parse_id("eng|Pitt|PAR|58;|female|Control||Participant|30||")
    {'language': 'eng', 'corpus': 'Pitt', 'code': 'PAR', 'age': '58;', 'sex': 'female', 'group': 'Control', 'role': 'Participant', 'education': '30'}
    >>> parse_id("just words") is None
    True
    """
    parts = [part.strip() for part in value.split("|")]
    if len(parts) < 3 or not _CODE_RE.fullmatch(parts[2]):
        return None
    return {key: part for key, part in zip(ID_FIELDS, parts) if part}


def apply_ids(people: Sequence[Participant], ids: Iterable[tuple[int, dict[str, str]]]) -> tuple[list[Participant], list[str]]:
    """The participants with their ``@ID`` fields; notes on ``@ID`` lines of codes ``@Participants`` lacks.

    A code without an ``@Participants`` entry is added from its ``@ID`` (its role from the ``@ID``).

    Examples
    --------
    >>> people, _ = parse_participants("CHI Target_Child", line=3)
    >>> people, notes = apply_ids(people, [(4, {"code": "CHI", "age": "2;06."}), (5, {"code": "MOT", "role": "Mother"})])
    >>> [(p.code, p.role, p.details) for p in people], notes
    ([('CHI', 'Target_Child', {'age': '2;06.'}), ('MOT', 'Mother', {})], ['line 5: @ID of MOT, who is not in @Participants; added with role Mother'])
    """
    by_code = {p.code: p for p in people}
    notes: list[str] = []
    for line, fields in ids:
        code = fields["code"]
        details = {k: v for k, v in fields.items() if k not in {"code", "role"}}
        if code in by_code:
            by_code[code] = replace(by_code[code], details={**by_code[code].details, **details})
        else:
            role = fields.get("role", "")
            notes.append(f"line {line}: @ID of {code}, who is not in @Participants; added" + (f" with role {role}" if role else ""))
            by_code[code] = Participant(code, "", role, line, details)
    return list(by_code.values()), notes


def chat_role(role: str) -> str:
    """The researchkit role of a CHAT role (:data:`CHAT_ROLES`; ``other`` for the rest).

    Examples
    --------
    >>> chat_role("Target_Adult"), chat_role("target child"), chat_role("Sibling"), chat_role("")
    ('respondent', 'respondent', 'other', 'other')
    """
    return CHAT_ROLES.get(re.sub(r"[\s_]+", "", role.casefold()), "other")


def speaker_labels(people: Sequence[Participant], codes: Iterable[str]) -> dict[str, str]:
    """Each speaker code's label: the name, else the role, else the code (``_`` as spaces); clashes get their code.

    ``codes`` are the codes the main tiers use; a code no participant declares is its own label.

    Examples
    --------
    >>> people, _ = parse_participants("PAR0 Participant, STU Participant, INV Ann_Lee Investigator", line=3)
    >>> speaker_labels(people, ["PAR0", "STU", "INV", "XYZ"])
    {'PAR0': 'Participant (PAR0)', 'STU': 'Participant (STU)', 'INV': 'Ann Lee', 'XYZ': 'XYZ'}
    """
    base: dict[str, str] = {}
    for p in people:
        base[p.code] = (p.name or p.role or p.code).replace("_", " ").strip() or p.code
    for code in codes:
        base.setdefault(code, code)
    counts = Counter(label.casefold() for label in base.values())
    return {code: label if counts[label.casefold()] == 1 or label == code else f"{label} ({code})"
            for code, label in base.items()}


def participants_attribute(people: Sequence[Participant]) -> str:
    """The participants as one attribute value: ``CODE: name, role, age, sex ...`` per participant.

    Examples
    --------
    >>> people, _ = parse_participants("CHI Ross Target_Child, MOT Mother", line=3)
    >>> people, _ = apply_ids(people, [(4, {"code": "CHI", "language": "eng", "age": "2;06.", "sex": "male"})])
    >>> participants_attribute(people)
    'CHI: Ross, Target_Child, 2;06., male; MOT: Mother'
    """
    parts = []
    for p in people:
        described = [v for v in (p.name, p.role, *(p.details.get(k, "") for k in PERSON_FIELDS)) if v]
        parts.append(f"{p.code}: {', '.join(described)}" if described else p.code)
    return "; ".join(parts)


def respondent_attributes(people: Sequence[Participant]) -> dict[str, str]:
    """The ``@ID`` person fields (age, sex, group, SES, education, custom) of the one respondent, if there is one.

    With no respondent, or several, the fields stay in the ``participants`` attribute only.

    Examples
    --------
    >>> people, _ = parse_participants("PAR Participant, INV Investigator", line=3)
    >>> people, _ = apply_ids(people, [(4, {"code": "PAR", "age": "58;", "sex": "female", "group": "Control"})])
    >>> respondent_attributes(people)
    {'age': '58;', 'sex': 'female', 'group': 'Control'}
    """
    respondents = [p for p in people if chat_role(p.role) == "respondent"]
    if len(respondents) != 1:
        return {}
    return {k: respondents[0].details[k] for k in PERSON_FIELDS if k in respondents[0].details}
