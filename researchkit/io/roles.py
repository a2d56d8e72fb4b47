"""The role vocabulary: which speaker labels mean interviewer, respondent or other, and :class:`LabelMap`.

Role words in Dutch, English, German, French and Spanish (a session's professional and client, patient or
pupil among them: :data:`ASKER_ROLE_WORDS`), generic speaker words
(``Speaker 1``, ``Spreker 2``, WhisperX's ``SPEAKER_00``), participant codes (``M1``), and the
map that turns a label into a role. Pure data and look-ups; :mod:`researchkit.io.speakers`
finds the labels in the text.

Examples
--------
>>> LabelMap().role("Geïnterviewde")
'respondent'
>>> normalise_label("SPEAKER_01")
'speaker'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Collection, Mapping, Sequence

from researchkit.errors import ConfigurationError
from researchkit.personnames import names_person
from researchkit.transcripts import GENERIC_SPEAKER_WORDS, ROLES

#: Default label → role map (lower-case, digits, dots, spaces and underscores stripped): Dutch,
#: English, German, French, Spanish and Italian role words and their usual abbreviations; oral
#: history's ``Narrator``, focus groups' ``Mod``, German ``IP`` (Interviewpartner), podcasts'
#: ``Host`` and ``Guest``; Dutch ``V:``/``A:`` (vraag, antwoord), ``GL`` (gespreksleider), ``Respondente``;
#: a notes template's ``Response``; a focus group's ``Assistant moderator`` (``Asst. Moderator``).
DEFAULT_ROLE_LABELS: dict[str, str] = {
    **dict.fromkeys(
        [
            "interviewer", "interviewers", "interviewster", "interviewerin", "int", "i", "iv", "q", "question",
            "vraag", "moderator", "moderatorin", "moderatrice", "gespreksleider", "gespreksleidster", "onderzoeker",
            "onderzoekster", "researcher", "facilitator", "forscher", "forscherin", "fragesteller", "frage",
            "enquêteur", "enquêtrice", "enqueteur", "intervieweur", "intervieweuse", "animateur", "animatrice",
            "entrevistador", "entrevistadora", "moderador", "moderadora", "investigador", "investigadora",
            "pregunta", "entrevistadores", "enq", "mod", "comoderator", "co-moderator", "host", "ques", "intervistatore",
            "intervistatrice", "onderzoekers", "gespreksleiders", "gl", "v",
            # the chair who puts the questions in a Dutch hearing (openbaar verhoor) or meeting
            "voorzitter", "voorzitster", "devoorzitter", "devoorzitster",
            # a focus group's second moderator (Krueger's "assistant moderator"), who asks too
            "assistantmoderator", "assistant-moderator", "asstmoderator", "asstmod", "cofacilitator", "co-facilitator",
            "assistentgespreksleider", "assistent-gespreksleider", "co-moderatorin", "comoderatorin",
        ],
        "interviewer",
    ),
    **dict.fromkeys(
        [
            "respondent", "resp", "interviewee", "geïnterviewde", "geinterviewde", "r", "a", "answer", "antwoord",
            "participant", "participante", "participants", "deelnemer", "deelneemster", "p", "informant",
            "informante", "befragte", "befragter", "befragt", "b", "teilnehmer", "teilnehmerin", "antwort",
            "enquêté", "enquêtée", "enquete", "enquetee", "interviewé", "interviewée", "interviewe",
            "réponse", "entrevistado", "entrevistada", "respuesta", "narrator", "narratrice", "ip", "interviewpartner",
            "interviewpartnerin", "interviewte", "interviewter", "zeitzeuge", "zeitzeugin", "guest", "ans",
            "intervistato", "intervistata", "respondente", "ondervraagde", "gesprekspartner", "geïnterviewden",
            "geinterviewden", "gast", "response", "responses",
            # the one helped, treated or taught in a session a researcher recorded (the other side: ASKER_ROLE_WORDS)
            *"""client cliënt cliente cliënte klient klientin patient patiënt patiente patiënte patientin pupil student
            studente studentin leerling leerlinge cursist cursiste learner counselee counsellee coachee hulpvrager
            ratsuchende ratsuchender schüler schülerin schueler schuelerin élève eleve étudiant étudiante etudiant
            etudiante""".split(),
        ],
        "respondent",
    ),
    # Group labels (several people speak at once) and people in the room who are neither side.
    **dict.fromkeys(
        [
            "both", "all", "allen", "iedereen", "beiden", "beide", "alle", "everyone", "everybody",
            "several", "meerdere", "tous", "toutes", "ensemble", "todos", "todas", "ambos", "ambas",
            "varios", "varias", "alleteilnehmer", "allensamen", "observer", "beobachter", "beobachterin",
            "observateur", "observatrice", "observador", "observadora", "waarnemer", "notetaker", "note-taker", "notulist",
            "audience", "audiencemember", "publiek", "zaal", "publikum", "público", "publico",
        ],
        "other",
    ),
}
#: The professional's word in a session a researcher recorded (therapy, counselling, a consultation, a lesson,
#: coaching): ``Therapeut``, ``Arts``, ``Docent``, ``Counsellor``, ``Lehrerin``, ``Médecin``. Such a label asks the
#: questions (role ``interviewer``) only in a file with no interviewer label of its own (:func:`professional_askers`);
#: beside ``Interviewer:`` the therapist or teacher is the one interviewed, as any other speaker. Keys as
#: :func:`normalise_label` writes them.
ASKER_ROLE_WORDS: frozenset[str] = frozenset("""
    therapist therapists psychotherapist counsellor counselor counsellors counselors doctor physician clinician gp
    teacher teachers tutor nurse coach mentor
    therapeut therapeute psychotherapeut hulpverlener hulpverleenster behandelaar arts huisarts dokter docent docente
    docenten leraar lerares leerkracht verpleegkundige verpleger verpleegster begeleider begeleidster counsellor
    therapeutin psychotherapeutin berater beraterin arzt ärztin aerztin lehrer lehrerin lehrkraft pfleger pflegerin
    pflegekraft krankenschwester
    thérapeute psychothérapeute conseiller conseillère conseillere médecin medecin docteur enseignant enseignante
    professeur professeure infirmier infirmière infirmiere
""".split())


def professional_askers(labels: Collection[str], label_map: LabelMap) -> frozenset[str]:
    """The labels that are a professional's word (:data:`ASKER_ROLE_WORDS`) and so the interviewer, in a file whose
    labels (``labels``) name no interviewer; the user's map wins (a label it knows is none of them).

    Examples
    --------
    >>> sorted(professional_askers({"Therapeut", "Cliënt"}, LabelMap()))
    ['Therapeut']
    >>> professional_askers({"Interviewer", "Docent", "Leerling"}, LabelMap())
    frozenset()
    >>> professional_askers({"Arts 2", "Patiënt"}, LabelMap({"Arts": "respondent"}))
    frozenset()
    """
    if any(label_map.known(label) == "interviewer" for label in labels):
        return frozenset()
    return frozenset(label for label in labels
                     if label_map.known(label) is None and normalise_label(base_label(label)) in ASKER_ROLE_WORDS)


#: Labels of a transcriber's or analyst's note, not of a person (``Note: the recorder stopped``, a notes
#: template's ``**Observations**:`` and ``**Themes**:`` beside ``**Response**:``): a label used like a name
#: (twice or more) gets role ``other``. Not role words: ``## Summary`` alone stays a heading.
NOTE_LABELS: frozenset[str] = frozenset(
    {
        "note", "notes", "nb", "comment", "comments", "memo", "memos", "observation", "observations", "theme",
        "themes", "summary", "insight", "insights", "takeaway", "takeaways", "notitie", "notities", "opmerking",
        "opmerkingen", "aantekening", "aantekeningen", "observatie", "observaties", "samenvatting", "themas",
        "thema's", "notiz", "notizen", "anmerkung", "anmerkungen", "bemerkung", "bemerkungen", "beobachtung",
        "beobachtungen", "zusammenfassung", "remarque", "remarques", "commentaire", "commentaires", "résumé",
        "nota", "notas", "comentario", "comentarios", "observación", "observaciones", "resumen",
    }
)
#: Small words between the note words of a longer note label (``Notas de observación``, ``Notes of the interviewer``).
_NOTE_JOINERS = frozenset({"de", "del", "des", "du", "of", "the", "on", "from", "der", "die", "zur", "zum", "van", "von",
                           "la", "le", "les", "el", "los", "las", "d", "y", "et", "and", "und", "en"})


def is_note_label(label: str) -> bool:
    """Whether a label names a transcriber's or analyst's note (role ``other``), not a person: a note word
    (:data:`NOTE_LABELS`: ``Note``, ``Observations``), or words of which the first and at least one more are note
    words (``[NOTAS DE OBSERVACIÓN]``, ``Notas de observación probe``); a bracketed qualifier is ignored.

    Examples
    --------
    >>> is_note_label("Notes"), is_note_label("NOTAS DE OBSERVACIÓN"), is_note_label("[Notas de observación probe]")
    (True, True, True)
    >>> is_note_label("Memo Garcia"), is_note_label("Interviewer"), is_note_label("Note taker")
    (False, False, False)
    """
    base = base_label(label).strip().strip("[]<>").strip()
    if normalise_label(base) in NOTE_LABELS:
        return True
    words = [normalise_label(w) for w in re.split(r"[\s\-–—/']+", base) if w]
    words = [w for w in words if w and w not in _NOTE_JOINERS]
    return len(words) >= 2 and words[0] in NOTE_LABELS and sum(w in NOTE_LABELS for w in words) >= 2


#: Labels that mark a speaker without saying which role ("Spreker 2", "Speaker 1"): the data model's list.
GENERIC_SPEAKER_LABELS: frozenset[str] = GENERIC_SPEAKER_WORDS
#: Participant codes: one or two capitals and a number (``M1``, ``H12``, ``P3``, ``D2``).
PARTICIPANT_CODE_RE = re.compile(r"^[A-Z]{1,2}\s?\d{1,3}$")

#: A short qualifier in brackets after a name (``(SL)``, ``(Host)``, ``(she/her)``); not a time.
QUAL = r"\((?![\d\s])[^()\n:]{1,24}\)"
#: A qualifier at a label's end: in round brackets, or a note in square brackets (``Interviewer [JS]``).
_QUAL_TAIL_RE = re.compile(rf"(?:{QUAL}|\[[^\[\]\n:]{{1,30}}\])$")


@functools.lru_cache(maxsize=8192)  # the same few labels, thousands of times per corpus
def normalise_label(label: str) -> str:
    """Key used to look a label up in a role map: lower case, no digits, spaces, dots, underscores, ``#``,
    or the marks of German gender-inclusive writing (``*``, ``:``, ``/``).

    The underscore goes so that WhisperX's ``SPEAKER_00`` is the generic ``speaker``, the ``#`` so
    that ``Participant #37`` is a participant; the gender marks so that ``Interviewer*in``,
    ``Interviewer:in``, ``Interviewer_in`` and ``Befragte/r`` are ``Interviewerin`` and ``Befragter``.

    Examples
    --------
    >>> normalise_label("Interviewer 1"), normalise_label("Participant #37")
    ('interviewer', 'participant')
    >>> normalise_label(" Q. ")
    'q'
    >>> normalise_label("Interviewer*in"), normalise_label("Interviewte:r"), normalise_label("Befragte/r")
    ('interviewerin', 'interviewter', 'befragter')
    """
    key = unicodedata.normalize("NFC", label).casefold()
    key = re.sub(r"[\d\s._?#*:/]+", "", key)  # "Spreker ?": an exporter's unknown speaker
    return key


def base_label(label: str) -> str:
    """The label without a bracketed qualifier at its end, for role look-ups.

    Examples
    --------
    >>> base_label("Interviewer (Host)")
    'Interviewer'
    >>> base_label("Jan de Vries"), base_label("Interviewer [JS]")
    ('Jan de Vries', 'Interviewer')
    """
    m = _QUAL_TAIL_RE.search(label, max(0, len(label) - 33))  # a qualifier is at most 32 characters
    return (label[: m.start()] if m else label).strip() or label


#: The separators between a name and a role word in one label: ``Sandra Salinas, Entrevistadora``,
#: ``Jan de Vries – interviewer``, ``INTERVIEWER - Jane Doe``.
_NAME_ROLE_SEPARATORS = (",", " – ", " — ", " - ")
#: A role word in round brackets at a label's end: ``Jane Doe (interviewer)``.
_ROLE_QUAL_RE = re.compile(r"^(?P<name>[^()]{1,60}?)\s*\((?P<role>[^()]{3,30})\)$")


def role_word(word: str) -> str | None:
    """The role of a role word of three letters or more written beside a name (``Entrevistadora``, ``interviewer``),
    else ``None``; one- and two-letter codes (``I``, ``R``, ``IV``) are not read so.

    Examples
    --------
    >>> role_word("Entrevistadora"), role_word("Participant 3"), role_word("R"), role_word("Pescador")
    ('interviewer', 'respondent', None, None)
    """
    key = normalise_label(word)
    return DEFAULT_ROLE_LABELS.get(key) if len(key) >= 3 else None


def name_and_role(label: str) -> tuple[str, str] | None:
    """The name and the role of a label that writes both: ``(name, role)``, else ``None``.

    A role word (three letters or more: ``Entrevistadora``, ``interviewer``, ``Participant``; never
    a one-letter code such as ``I`` or ``R``) after the name and a comma or a dash, before the
    name and a dash, or after the name in round brackets.

    Examples
    --------
    >>> name_and_role("Sandra Salinas, Entrevistadora"), name_and_role("INTERVIEWER - Jane Doe")
    (('Sandra Salinas', 'interviewer'), ('Jane Doe', 'interviewer'))
    >>> name_and_role("Jan de Vries – respondent"), name_and_role("Jane Doe (interviewer)")
    (('Jan de Vries', 'respondent'), ('Jane Doe', 'interviewer'))
    >>> name_and_role("Pedro Gómez, Pescador") is None, name_and_role("Yes, I") is None, name_and_role("Interviewer") is None
    (True, True, True)
    """
    bracketed = _ROLE_QUAL_RE.match(label.strip())
    if bracketed and (role := role_word(bracketed.group("role"))) and role_word(bracketed.group("name")) is None:
        return bracketed.group("name").strip(), role
    for separator in _NAME_ROLE_SEPARATORS:
        head, found, tail = label.partition(separator)
        head, tail = head.strip(), tail.strip()
        if not (found and head and tail) or separator in tail:
            continue
        if (role := role_word(tail)) and role_word(head) is None:
            return head, role  # "Sandra Salinas, Entrevistadora"
        if separator != "," and (role := role_word(head)) and role_word(tail) is None:
            return tail, role  # "INTERVIEWER - Jane Doe"
    return None


@dataclass
class LabelMap:
    """Maps speaker labels to roles.

    The user's entries win over the defaults; numbers, case, dots and spaces are
    ignored when looking a label up (``Interviewer 2`` → ``interviewer``).
    Unknown labels (typically names) become ``respondent`` when the document also
    has an interviewer, else ``other``; a name listed as the document's interviewer
    in its attributes becomes ``interviewer``, also when the label writes it otherwise
    (``DE WIT``, ``Mevr. De Wit``, ``A. de Wit`` for ``Ann de Wit``: :func:`researchkit.personnames.names_person`).

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
        self._known: dict[str, str | None] = {}  # label -> known(label): a file asks for its few labels per turn

    def known(self, label: str) -> str | None:
        """Return the role for ``label`` if the map knows it, else ``None``."""
        try:
            return self._known[label]
        except KeyError:
            role = self._look_up(label)
            if len(self._known) < 10_000:  # a file of a million different labels keeps no million entries
                self._known[label] = role
            return role

    def _look_up(self, label: str) -> str | None:
        exact = label.strip().casefold()
        if exact in self._exact:
            return self._exact[exact]
        key = normalise_label(label)
        if key in self._normalised:
            return self._normalised[key]
        if key in DEFAULT_ROLE_LABELS:
            return DEFAULT_ROLE_LABELS[key]
        written = name_and_role(label)  # "Sandra Salinas, Entrevistadora", "Jane Doe (interviewer)": the user's map
        if written is not None:  # of the name wins over the role word written with it
            name = written[0].strip().casefold()
            return self._exact.get(name) or self._normalised.get(normalise_label(written[0])) or written[1]
        base = base_label(label)  # "Interviewer (Host)" is an interviewer
        if base != label.strip():
            return self.known(base)
        return None

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
        if is_note_label(label):
            return "other"  # "Note:", "Observations:", "[NOTAS DE OBSERVACIÓN]:": nobody's speech
        if PARTICIPANT_CODE_RE.match(label.strip()):
            return "respondent"  # M1, H12: participants of a focus group
        folded = label.strip().casefold()
        for name in interviewers:  # "DE WIT", "Mevr. De Wit", "A. de Wit" for "Ann de Wit" (researchkit.personnames)
            if name.strip() and (folded == name.strip().casefold() or names_person(label, name)):
                return "interviewer"
        return "respondent" if has_interviewer or interviewers else "other"


#: noScribe's speaker numbers (``S00``, ``S01``): two digits, counted from ``S00``.
_NOSCRIBE_CODE_RE = re.compile(r"^S\d\d$")


def noscribe_codes(speakers: Sequence[str]) -> list[str]:
    """The labels that are noScribe's speaker numbers, when the file has ``S00`` (no participant is numbered 00).

    Such a label only numbers a voice the diarizer found, as WhisperX's ``SPEAKER_00`` does: it is
    not a participant code (``S1`` of a student focus group).

    Examples
    --------
    >>> noscribe_codes(["S00", "S01", "S00", "Interviewer"]), noscribe_codes(["S01", "S02"])
    (['S00', 'S01'], [])
    """
    codes = sorted({s.strip() for s in speakers if _NOSCRIBE_CODE_RE.match(s.strip())})
    return codes if "S00" in codes else []


#: A researcher's code (``R1``, ``R 2``) and a participant's (``P4``, ``P 12``).
_R_CODE_RE = re.compile(r"^R\s?\d{1,3}$")
_P_CODE_RE = re.compile(r"^P\s?\d{1,3}$")


def researcher_codes(speakers: Sequence[str], label_map: LabelMap) -> dict[str, str]:
    """``R1``, ``R2`` as interviewers when the file's respondents are ``P`` codes and no label is an interviewer.

    ``R`` alone means respondent (Dutch ``I:``/``R:``), but a study that numbers its
    participants ``P1``-``P10`` numbers its researchers ``R1``, ``R2`` (Otter exports of
    interviews with two researchers: one asks, one takes notes). Only when both kinds of
    code speak, no speaker is a known interviewer, and the user's own map says nothing
    about the ``R`` codes.

    Parameters
    ----------
    speakers
        The speaker labels of one file, as written.
    label_map
        The file's label map (the user's entries win).

    Returns
    -------
    dict
        ``{label: "interviewer"}`` for each ``R`` code, or ``{}``.

    Examples
    --------
    >>> researcher_codes(["R1", "P4", "R2", "P4"], LabelMap())
    {'R1': 'interviewer', 'R2': 'interviewer'}
    >>> researcher_codes(["I", "R1", "P4"], LabelMap()), researcher_codes(["R1", "R2"], LabelMap())
    ({}, {})
    >>> researcher_codes(["R1", "P4"], LabelMap({"R1": "respondent"}))
    {}
    """
    codes = sorted({s for s in speakers if _R_CODE_RE.match(s.strip())})
    if not codes or not any(_P_CODE_RE.match(s.strip()) for s in speakers):
        return {}
    if any(label_map.known(s) == "interviewer" for s in speakers if s):
        return {}
    own = {k.strip().casefold() for k in label_map.mapping} | {normalise_label(k) for k in label_map.mapping}
    if any(c.casefold() in own or normalise_label(c) in own for c in codes):
        return {}
    return dict.fromkeys(codes, "interviewer")
