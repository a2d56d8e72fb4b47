"""Which columns of a transcript table hold the speaker, the text and the times.

A column is taken first by its whole name (:data:`COLUMN_NAMES`: ``speaker``, ``Tekst``,
``start_time``...). Research data sets name their columns after the thing and the unit
(``utterance_text`` and ``interlocutor`` in AnnoMI, ``userName``, ``utteranceMessage`` and
``utteranceStartSeconds`` in zoomGroupStats' tables, ``start_ms``): when no whole name fits,
a name is split into its words (snake_case, camelCase, spaces) and a column whose words hold
one of a role's words (:data:`COLUMN_WORDS`) is a candidate, unless a word says it is a count,
an index or a language (``utterance_id``, ``n_words``, ``utteranceLanguage``). A time column
must hold times: of ``utteranceStartSeconds`` and ``utteranceStartTime`` (a date and a clock
time) the one whose cells are times is taken. A time column named in milliseconds (``start_ms``,
``startMilliseconds``) is read as milliseconds.

Two candidates for the text, or for the speaker, that nothing tells apart are an error
(RK145) naming them: the user names the column with ``columns=``.

Examples
--------
>>> find_columns(["transcript_id", "utterance_id", "interlocutor", "timestamp", "utterance_text"])
{'speaker': 'interlocutor', 'text': 'utterance_text', 'start': 'timestamp'}
>>> find_columns(["Participant_ID", "Utterance", "Start_Time"])
{'speaker': 'Participant_ID', 'text': 'Utterance', 'start': 'Start_Time'}
>>> name_words("utteranceStartSeconds"), name_words("n_words"), name_words("OBSID")
(['utterance', 'start', 'seconds'], ['n', 'words'], ['obsid'])
"""

from __future__ import annotations

import re
from typing import Callable, Mapping, Sequence

from researchkit.io.metadata import normalise_key

__all__ = ["COLUMN_NAMES", "COLUMN_WORDS", "AmbiguousColumns", "find_columns", "name_words", "is_millisecond_column",
           "is_conversation_column"]

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "speaker": ("speaker", "speakers", "spreker", "sprecher", "locuteur", "hablante", "orador", "who", "wie", "role", "rol",
                "participant", "deelnemer", "name", "naam", "label", "speaker_name", "person", "persoon",
                "interlocutor", "caller", "talker", "username", "user", "speaker_label", "spk", "spkr", "tier"),
    "text": ("text", "tekst", "transcript", "transcription", "transcriptie", "utterance", "uiting", "content",
             "inhalt", "texte", "texto", "said", "quote", "turn_text", "sentence", "zin", "words", "comment",
             "message", "utterance_text", "annotation"),
    "start": ("start", "begin", "start_time", "starttime", "time", "timestamp", "tijd", "zeit", "temps", "tiempo",
              "inicio", "tc", "timecode", "in", "from", "van", "onset"),
    "end": ("end", "stop", "end_time", "endtime", "einde", "eind", "ende", "fin", "tot", "to", "out"),
}

#: The words that make a compound column name a candidate for a role (``utterance_text``, ``userName``).
COLUMN_WORDS: dict[str, frozenset[str]] = {
    "speaker": frozenset({"speaker", "spreker", "sprecher", "locuteur", "hablante", "interlocutor", "participant",
                          "deelnemer", "caller", "talker", "user", "person", "persoon", "spk", "spkr"}),
    "text": frozenset({"text", "tekst", "texte", "texto", "transcript", "transcription", "transcriptie", "utterance",
                       "uiting", "message", "sentence", "content", "inhalt"}),
    "start": frozenset({"start", "begin", "onset", "starttime", "inicio"}),
    "end": frozenset({"end", "stop", "endtime", "einde", "ende", "offset_end"}),
}

#: Words that make a column a count, an index or a property of the row, not the role itself.
_NOT_THE_THING = frozenset({"id", "ids", "idx", "index", "num", "number", "nr", "no", "n", "count", "len", "length",
                            "lang", "language", "type", "tag", "tags", "class", "label", "labels", "score", "confidence",
                            "sentiment", "duration", "dur", "window", "question", "questions", "gender", "sex", "age",
                            "role", "cleaned", "clean", "lemma", "lemmas", "pos", "tokens", "translation", "translated"})
_SPEAKER_IDS = frozenset({"id", "ids", "nr", "no", "number", "num"})
_TIME_WORDS = frozenset({"start", "begin", "onset", "end", "stop", "time", "times", "timestamp", "seconds", "sec", "secs",
                         "ms", "msec", "millis", "milliseconds", "offset", "date", "clock", "minutes", "min"})
_MILLIS = frozenset({"ms", "msec", "millis", "milliseconds", "millisecond"})
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


class AmbiguousColumns(ValueError):
    """Two or more columns are candidates for one role and nothing tells them apart: ``(role, names)``."""


def name_words(name: object) -> list[str]:
    """A column name's words in lower case: ``utteranceStartSeconds`` -> utterance, start, seconds."""
    return [w.casefold() for w in _WORD.findall(str(name))]


def is_millisecond_column(name: object) -> bool:
    """Whether a time column's name says milliseconds (``start_ms``, ``tStartMs``, ``startMilliseconds``).

    Examples
    --------
    >>> is_millisecond_column("start_ms"), is_millisecond_column("tStartMs"), is_millisecond_column("start")
    (True, True, False)
    """
    return bool(_MILLIS & set(name_words(name)))


def find_columns(
    columns: Sequence[object],
    *,
    named: Mapping[str, str] | None = None,
    is_time: Callable[[object], bool] | None = None,
    compound: bool = True,
) -> dict[str, str]:
    """Map ``speaker``/``text``/``start``/``end`` to the sheet's columns (see the module docstring).

    ``is_time(column)`` tells whether a candidate time column holds times; without it the
    first candidate is taken. ``compound=False`` takes whole names only (a Word table's header).

    Raises
    ------
    AmbiguousColumns
        When two compound names are candidates for the text or the speaker.

    Examples
    --------
    >>> find_columns(["Spreker", "Tekst", "Tijd"])
    {'speaker': 'Spreker', 'text': 'Tekst', 'start': 'Tijd'}
    >>> find_columns(["userName", "utteranceMessage", "utteranceStartTime", "utteranceStartSeconds"],
    ...              is_time=lambda c: c.endswith("Seconds"))
    {'speaker': 'userName', 'text': 'utteranceMessage', 'start': 'utteranceStartSeconds'}
    """
    found: dict[str, str] = {}
    by_key = {normalise_key(str(c)): c for c in columns}
    for role, names in COLUMN_NAMES.items():
        if named and role in named:
            found[role] = named[role]
            continue
        for name in names:
            if name in by_key:
                found[role] = by_key[name]
                break
    taken = {str(c) for c in found.values()}
    if compound:
        for role in ("text", "speaker", "start", "end"):
            if role in found:
                continue
            candidates = [c for c in columns if str(c) not in taken and _compound(c, role)]
            if not candidates and role == "speaker":  # participant_id, speaker_code: an id is a speaker's label
                candidates = [c for c in columns if str(c) not in taken and _compound(c, role, ids=True)]
            candidates = list(dict.fromkeys(candidates))
            if role in {"start", "end"}:
                candidates = [c for c in candidates if is_time is None or is_time(c)]
            if not candidates:
                continue
            if len(candidates) > 1:  # the thing itself is named last: utterance_text, not text_source
                last = [c for c in candidates if name_words(c)[-1] in COLUMN_WORDS[role]]
                candidates = last if len(last) == 1 else candidates
            if len(candidates) > 1 and role in {"text", "speaker"}:
                raise AmbiguousColumns(role, [str(c) for c in candidates])
            found[role] = candidates[0]
            taken.add(str(candidates[0]))
    return {role: found[role] for role in COLUMN_NAMES if role in found}


def _compound(column: object, role: str, *, ids: bool = False) -> bool:
    """A name of two or more words, one of the role's, none that makes it a count, an index or a property
    (with ``ids``, an id word allowed)."""
    words = name_words(column)
    if len(words) < 2 or (_NOT_THE_THING - (_SPEAKER_IDS if ids else frozenset())) & set(words):
        return False
    if role == "start" and "end" in words or role == "end" and "start" in words:
        return False
    if role in {"text", "speaker"} and _TIME_WORDS & set(words):
        return False  # utteranceStartSeconds is a time, not the utterance
    return bool(COLUMN_WORDS[role] & set(words))


#: Words naming a conversation (a transcript, a session, a lesson observation) in a column of ids.
_CONVERSATION_WORDS = frozenset({"transcript", "conversation", "convo", "session", "dialogue", "dialog", "interview",
                                 "meeting", "observation", "obs", "episode", "doc", "document", "video", "lesson",
                                 "focusgroup", "group"})
_ID_WORDS = frozenset({"id", "ids", "idx", "no", "nr", "number", "num", "code", "key"})


def is_conversation_column(name: object) -> bool:
    """Whether a column names the conversation each row belongs to (``doc_id``, ``transcript_id``, ``OBSID``,
    ``batchMeetingId``, ``video_id``, ``conversation``), as tables of a whole corpus have.

    Examples
    --------
    >>> [is_conversation_column(c) for c in ("transcript_id", "OBSID", "batchMeetingId", "conversation", "utterance_id", "group")]
    [True, True, True, True, False, False]
    """
    words = name_words(name)
    key = normalise_key(str(name))
    if key in {"obsid", "docid", "doc", "document", "conversation", "transcript_id", "session", "dialogue_id"}:
        return True
    return bool(_CONVERSATION_WORDS & set(words)) and bool(_ID_WORDS & set(words))
