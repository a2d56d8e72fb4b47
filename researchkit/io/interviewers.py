"""Who interviews: interviewer names from the attributes or a title block, researcher codes,
roles written beside a name, and the askers of a hearing (used by :mod:`researchkit.io.assemble`).

Examples
--------
>>> interviewer_names({"interviewers": "A & B"})
('A', 'B')
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping, Sequence

from researchkit.io.metadata import credited_interviewer
from researchkit.io.questions import asks_question, infer_interviewer, infer_panel
from researchkit.io.coasker import second_asker
from researchkit.io.namedrespondent import interviewer_beside_respondent
from researchkit.io.roles import noscribe_codes, researcher_codes, role_word
from researchkit.io.speakers import LabelMap, LabelMatch
from researchkit.personnames import matching_names

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.io.assemble import RawParagraph

__all__ = ["interviewer_names", "is_interviewer_key", "person_names", "written_roles", "researcher_code_roles", "interviewers", "named_labels",
           "interviewer_roles", "credit_interviewer"]

_SPLIT_NAMES = re.compile(r";|,|&|\ben\b|\band\b|/")
#: Attribute keys that name the people interviewed (``Respondent: Anna de Vries``, ``Geïnterviewde: ...``).
_RESPONDENT_KEYS = frozenset({
    "respondent", "respondenten", "respondents", "geïnterviewde", "geinterviewde", "geïnterviewden", "geinterviewden",
    "interviewee", "interviewees", "deelnemer", "deelnemers", "participant", "participants", "gesprekspartner",
    "gesprekspartners", "ondervraagde", "narrator",
    # German, French, Spanish, Portuguese, Italian forms (``Befragte: ...``, ``Entrevistado: ...``, ``Enquêtée: ...``)
    "befragte", "befragter", "interviewpartner", "interviewpartnerin", "interviewte", "interviewter", "enquêté", "enquêtée",
    "interviewé", "interviewée", "entrevistado", "entrevistada", "entrevistados", "entrevistadas", "informante",
    "participante", "participantes", "intervistato", "intervistata",
})


#: Attribute keys that name the interviewer (``Interviewer: Ann de Wit``, ``Onderzoeker: ...``), in Dutch, English,
#: German, French, Spanish, Portuguese and Italian (``Entrevistadora: Betty Huerta``, ``Interviewerin: ...``).
_INTERVIEWER_KEYS = frozenset({
    "interviewer", "interviewers", "interviewster", "onderzoeker", "onderzoekers", "onderzoekster", "interviewerin",
    "interviewerinnen", "enquêteur", "enquêtrice", "enquêteurs", "intervieweur", "intervieweuse", "entrevistador",
    "entrevistadora", "entrevistadores", "entrevistadoras", "intervistatore", "intervistatrice", "moderator",
    "moderatorin", "moderatrice", "moderador", "moderadora", "gespreksleider",
})
#: Words a form writes around the role in a key (``Naam interviewer``, ``Name of interviewer``, ``Interviewer(s)``,
#: ``Interviewer 2``): the key still names the role.
_NAME_WORDS = frozenset({"naam", "namen", "name", "names", "van", "de", "of", "the", "s", "full", "volledige"})
#: Words that make a key about the respondent name them by a pseudonym (``Pseudoniem geïnterviewde``).
_PSEUDONYM_WORDS = frozenset({"pseudoniem", "pseudonym", "schuilnaam"})


@lru_cache(maxsize=4096, typed=True)  # a corpus asks for its few attribute keys once a document
def _key_role(key: object, extra: frozenset[str] = frozenset()) -> str:
    """The one role word of an attribute key once the words around it that only say "name" are gone, else ``""``.

    >>> _key_role("naam_interviewer"), _key_role("Name of interviewer"), _key_role("interviewer(s)"), _key_role("leeftijd")
    ('interviewer', 'interviewer', 'interviewer', 'leeftijd')
    >>> _key_role("datum_interview"), _key_role("Pseudoniem respondent", _PSEUDONYM_WORDS)
    ('', 'respondent')
    """
    words = [w for w in re.split(r"[\W_]+", str(key).casefold()) if w and not w.isdigit()]
    words = [w for w in words if w not in _NAME_WORDS and w not in extra]
    return words[0] if len(words) == 1 else ""


def is_interviewer_key(key: object) -> bool:
    """Whether an attribute key names the interviewer: ``interviewer``, ``Naam interviewer``, ``Interviewer 2``.

    Examples
    --------
    >>> [is_interviewer_key(k) for k in ("Interviewer", "naam_interviewer", "name_of_interviewer", "datum_interview")]
    [True, True, True, False]
    """
    return _key_role(key) in _INTERVIEWER_KEYS


def interviewer_names(attributes: Mapping) -> tuple[str, ...]:
    """Names listed under an attribute that names the interviewer (:func:`is_interviewer_key`).

    Dutch interview forms write the key as ``Naam interviewer``, English ones ``Name of interviewer``;
    both count as ``interviewer`` does.

    Examples
    --------
    >>> interviewer_names({"interviewer": "Marieke Hoekstra; Jeroen Postma"})
    ('Marieke Hoekstra', 'Jeroen Postma')
    >>> interviewer_names({"naam_interviewer": "Luci", "naam_respondent": "Seth"})
    ('Luci',)
    """
    names: list[str] = []
    for key, value in attributes.items():
        if is_interviewer_key(key) and value:
            names.extend(n.strip() for n in _SPLIT_NAMES.split(str(value)) if n.strip())
    return tuple(names)


def person_names(attributes: Mapping) -> tuple[str, ...]:
    """Names of the people interviewed listed in the attributes (``Respondent: Anna de Vries``, ``Naam geïnterviewde``,
    ``Pseudoniem respondent``).

    Examples
    --------
    >>> person_names({"geïnterviewde": "Anna de Vries en Piet Hoekstra", "datum": "3 maart"})
    ('Anna de Vries', 'Piet Hoekstra')
    >>> person_names({"naam_geïnterviewde": "Nina", "leeftijd": "23 jaar"})
    ('Nina',)
    """
    names: dict[str, None] = {}  # each name once, in order (a dict: thousands of names stay linear)
    for key, value in attributes.items():
        if _key_role(key, _PSEUDONYM_WORDS) in _RESPONDENT_KEYS and isinstance(value, str) and value:
            names.update(dict.fromkeys(n.strip() for n in _SPLIT_NAMES.split(value) if n.strip()))
    return tuple(names)


def named_labels(raw: list[dict], label_map: LabelMap, names: Sequence[str], attributes: Mapping, notes: list[str]) -> LabelMap:
    """Labels that name the interviewer otherwise than written in the metadata (``DE WIT`` for ``Ann de Wit``) are
    noted; a label that may name the interviewer or someone else named in the file (``De Vries`` beside
    ``Interviewer: Jan de Vries`` and ``Respondent: Anna de Vries``) is not given the interviewer role: the label
    map keeps it a respondent's, and a note names both people (never a silent guess).

    Examples
    --------
    >>> notes = []
    >>> raw = [{"speaker": "De Vries"}, {"speaker": "DE WIT"}]
    >>> m = named_labels(raw, LabelMap(), ("Jan de Vries", "Ann de Wit"), {"respondent": "Anna de Vries"}, notes)
    >>> m.role("De Vries", interviewers=("Jan de Vries",)), len(notes)
    ('respondent', 2)
    """
    if not names:
        return label_map
    others = [n for n in person_names(attributes) if n not in names]
    matched, ambiguous = {}, {}
    for label in dict.fromkeys(t["speaker"] for t in raw if t.get("speaker")):
        if label_map.known(label) is not None:
            continue
        found = matching_names(label, names)
        if not found:
            continue
        also = matching_names(label, others)
        if also:
            ambiguous[label] = (found, also)
        elif label.strip().casefold() not in {n.strip().casefold() for n in found}:
            matched[label] = found
    if matched:
        shown = ", ".join(f"{label!r} as {' or '.join(map(repr, found))}" for label, found in matched.items())
        notes.append(f"labels read as the interviewer named in the attributes (the file's metadata or the sheet): {shown}")
    for label, (found, also) in ambiguous.items():
        notes.append(f"{label!r} may be {' or '.join(map(repr, found))} (interviewer) or {' or '.join(map(repr, also))} "
                     f"(named in the attributes too): its turns are not given the interviewer role; pass "
                     f"labels={{{label!r}: 'interviewer'}} (or 'respondent') to say who it is")
    return label_map.with_entries(dict.fromkeys(ambiguous, "respondent")) if ambiguous else label_map


def written_roles(matches: Sequence[LabelMatch | None], label_map: LabelMap, locations: Sequence[str],
                   notes: list[str]) -> LabelMap:
    """Roles written once beside a name (``Jane Doe (Interviewer):``, ``Sandra Salinas, Entrevistadora:``, then
    ``Jane Doe:``; ``A (interviewer):``, then ``A:``) for that speaker's other turns too: the label map with those
    names added below the user's map (a written role word wins over what a one-letter label means by default)."""
    found: dict[str, dict[str, int]] = {}
    for index, m in enumerate(matches):
        role = role_word(m.qualifier) if m is not None and m.qualifier else None
        if role is not None:  # the user's own map still wins (with_entries puts it on top)
            found.setdefault(m.label, {}).setdefault(role, index)
    entries = {label: next(iter(roles)) for label, roles in found.items() if len(roles) == 1}
    if not entries:
        return label_map
    shown = ", ".join(f"{label!r} as {role} ({locations[next(iter(found[label].values()))]})" for label, role in entries.items())
    notes.append(f"role words written beside a name on one turn give that speaker's role in all turns: {shown}")
    return label_map.with_entries(entries)


def researcher_code_roles(full_text: str, raw: list[dict], label_map: LabelMap, notes: list[str]) -> LabelMap:
    """``R1``/``R2`` beside participants ``P4``: the researchers, so interviewers (:func:`roles.researcher_codes`),
    when the ``R`` codes end their turns with a question at least as often as the others (and ask at least once)."""
    if any(t["kind"] == "moderator" for t in raw):
        return label_map
    speakers = [t["speaker"] for t in raw if t["speaker"]]
    codes = researcher_codes(speakers, label_map)
    if not codes:
        return label_map
    asked = {True: [0, 0], False: [0, 0]}  # R codes, the others: [questions, turns]
    for t in raw:
        if t["speaker"]:
            counts = asked[t["speaker"] in codes]
            counts[0] += asks_question(full_text[t["start"] : t["end"]])
            counts[1] += 1
    (r_questions, r_turns), (o_questions, o_turns) = asked[True], asked[False]
    if r_questions == 0 or r_questions * o_turns < o_questions * r_turns:
        return label_map
    participants = sorted({s for s in speakers if s not in codes and label_map.known(s) == "respondent"})
    notes.append(f"speakers {', '.join(map(repr, codes))} read as researchers (role interviewer): the participants are "
                 f"labelled {', '.join(map(repr, participants[:5]))} and the 'R' codes end {r_questions} of {r_turns} turns "
                 f"with a question (the others {o_questions} of {o_turns}), so 'R' is not 'respondent' here; pass "
                 f"labels={{{next(iter(codes))!r}: 'respondent'}} if this is wrong")
    return label_map.with_entries(codes)


def noscribe_roles(raw: list[dict], label_map: LabelMap, found: tuple[str, ...], notes: list[str]) -> LabelMap:
    """noScribe's ``S00``, ``S01`` (:func:`roles.noscribe_codes`) take their roles as generic speakers do, not as
    participant codes: the speaker who asks the questions (``found``) is the interviewer, the others respondents
    when someone interviews, else ``other``."""
    speakers = [t["speaker"] for t in raw if t["speaker"]]
    codes = [c for c in noscribe_codes(speakers) if label_map.known(c) is None]
    if not codes:
        return label_map
    asking = bool(found) or any(label_map.known(s) == "interviewer" for s in speakers)
    entries = {c: "interviewer" if c in found else ("respondent" if asking else "other") for c in codes}
    notes.append(f"speakers {', '.join(map(repr, codes))} are noScribe's speaker numbers (from 'S00'), not participant "
                 f"codes: roles {', '.join(f'{c} {r}' for c, r in entries.items())}; pass labels={{'S00': 'interviewer'}} "
                 "(or the right speaker) to name them")
    return label_map.with_entries(entries)


def interviewers(full_text: str, raw: list[dict], label_map: LabelMap, attributes: Mapping, notes: list[str]) -> tuple[str, ...]:
    """Interviewer names from the attributes, else the speaker who asks the questions (a note says so)."""
    names = interviewer_names(attributes)
    if names:
        return names
    beside = interviewer_beside_respondent(raw, label_map.known, person_names(attributes))  # "Naam geïnterviewde: Nina"
    if beside is not None:
        notes.append(beside[1])
        return (beside[0],)
    panel = infer_panel(full_text, raw, label_map.known)  # a hearing's several askers, one witness
    if panel is not None:
        notes.append(panel[1])
        return panel[0]
    asker = infer_interviewer(full_text, raw, label_map.known)
    if asker is None:
        return ()
    notes.append(asker[1])
    second = second_asker(full_text, raw, label_map.known, asker[0])  # a focus group's second moderator
    if second is None:
        return (asker[0],)
    notes.append(second[1])
    return (asker[0], second[0])


def interviewer_roles(full_text: str, raw: list[dict], label_map: LabelMap, attributes: Mapping, notes: list[str]
                      ) -> tuple[LabelMap, tuple[str, ...]]:
    """The label map and the interviewer names the assembler gives each turn its role with: :func:`interviewers`,
    :func:`noscribe_roles`, then :func:`named_labels` (labels that write the interviewer's name otherwise, and the
    ambiguous ones)."""
    names = interviewers(full_text, raw, label_map, attributes, notes)
    return named_labels(raw, noscribe_roles(raw, label_map, names, notes), names, attributes, notes), names


def credit_interviewer(
    cleaned: list[tuple[str, RawParagraph, int]], matches: Sequence[LabelMatch | None], attributes: dict, notes: list[str]
) -> None:
    """An interviewer credited above the first label (``Conducted by Thomas Haigh``) becomes the attribute."""
    if any(is_interviewer_key(k) for k in attributes):
        return
    first = next((i for i, m in enumerate(matches) if m is not None), None)
    if first is None:
        return
    name = credited_interviewer([text for text, _, _ in cleaned[:first]])
    if name:
        attributes["interviewer"] = name
        notes.append(f"interviewer {name!r} taken from the title block; the speaker labelled with this name "
                     "(or its surname) is the interviewer")
