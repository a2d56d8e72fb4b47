"""Metadata blocks at the top of a transcript: YAML front matter or ``Key: value`` lines.

Pure functions over lines of text. A header block is recognised only when it cannot
be the start of the conversation itself: at least two ``Key: value`` lines with
distinct keys, short values, at least one key that is not a speaker label, and
(in text files) ended by a blank line, a ``---`` line or the end of the file. A key
that opens another line further down (``Anna de Boer: ...`` twice) is a speaker, not
metadata (unless it is a metadata key such as ``Datum``), and so is a key with an
unclosed bracket (Rev's ``Anna (00:00:05): ...`` splits at the time's colon): the block
ends before it.

Examples
--------
>>> attrs, n = parse_header_lines(["Respondent: R07", "Haven: Harlingen", "", "I: Dag."])
>>> attrs, n
({'respondent': 'R07', 'haven': 'Harlingen'}, 3)
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Sequence

import yaml

from researchkit.yamlsafe import safe_load

from researchkit.io.attendees import is_participants_heading
from researchkit.io.officers import is_office_key, officers_block
from researchkit.io.speakers import DEFAULT_ROLE_LABELS, GENERIC_SPEAKER_LABELS, normalise_label
from researchkit.personnames import NameIndex

#: Keys that name metadata, not a speaker (normalised: lower case, no spaces, digits or dots).
METADATA_KEYS: frozenset[str] = frozenset(
    {
        "date", "datum", "fecha", "time", "tijd", "zeit", "uhrzeit", "heure", "hora", "location", "locatie",
        "plaats", "place", "ort", "lieu", "lugar", "duration", "duur", "dauer", "durée", "duración", "context",
        "kontext", "contexte", "contexto", "topic", "subject", "onderwerp", "thema", "thème", "tema", "title",
        "titel", "titre", "título", "recorded", "recordedon", "recording", "opname", "transcribedby",
        "transcriber", "language", "taal", "sprache", "langue", "idioma", "project", "projekt", "projet",
        "proyecto", "attendees", "present", "aanwezig", "anwesend", "setting", "mode", "format", "file",
        "filename", "bestand", "bestandsnaam", "audiobestand", "dateiname", "length", "lengte", "länge",
    }
)
_BOLD_KEY_RE = re.compile(r"^\s*(\*\*|__)(?P<key>[^*_\n]{1,42}?)\1")
#: A Markdown list marker before a metadata line (``- **Date**: 6/28``).
_LIST_ITEM_RE = re.compile(r"^\s*[-*+][ \t]+(?=\S)")
_BREAK_RE = re.compile(r"^\s*(#{1,6}\s.*|[-*_=]{3,}\s*)$")

#: The value is greedy up to its last non-space: a lazy value before ``\s*$`` was quadratic in a long run of spaces.
_KV_RE = re.compile(r"^\s*(?P<key>[^\W\d_][\w .()/-]{0,40}?)\s*:\s*(?P<value>(?:.*\S)?)\s*$")
MAX_VALUE_LENGTH = 150


def normalise_key(key: str) -> str:
    """Attribute key as stored: NFC, lower case, spaces and dashes as underscores.

    Examples
    --------
    >>> normalise_key("Date of interview")
    'date_of_interview'
    """
    return re.sub(r"[\s\-]+", "_", unicodedata.normalize("NFC", key.strip().casefold()))


def normalise_value(value: object) -> object:
    """Make a metadata value JSON- and CSV-friendly (dates become ISO strings, text NFC).

    A file saved on a Mac may write ``é`` as ``e`` and an accent (NFD); in NFC the value equals
    the same value from another file, so respondents group together.

    Examples
    --------
    >>> import datetime
    >>> normalise_value(datetime.date(2026, 3, 2))
    '2026-03-02'
    >>> normalise_value(" Harlinge\\u0301n ") == "Harling\\u00e9n"
    True
    """
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.strip())
    return value


def _is_speaker_key(key: str) -> bool:
    """A role word or a generic speaker (``Interviewer``, ``Spreker 1``, ``Speaker 2``) as a key."""
    return normalise_label(key) in DEFAULT_ROLE_LABELS or normalise_label(key) in GENERIC_SPEAKER_LABELS


#: The key of a ``Key:`` line, for counting keys that recur (speakers) without reading the values.
_KEY_RE = re.compile(r"^\s*(?P<key>[^\W\d_][\w .()/-]{0,40}?)\s*:")


def _recurring_keys(lines: Sequence[str]) -> set[str]:
    """Normalised keys that open two or more lines: speakers taking turns, not metadata.

    Examples
    --------
    >>> sorted(_recurring_keys(["Anna: Hoe lang?", "Piet: Twaalf jaar.", "Anna: En daarvoor?"]))
    ['anna']
    """
    seen: set[str] = set()
    again: set[str] = set()
    for line in lines:
        m = _KEY_RE.match(line[:60])
        if m:
            key = normalise_key(m.group("key"))
            (again if key in seen else seen).add(key)
    return again


def _unclosed(key: str) -> bool:
    """A key with an opening bracket it does not close: a label split at its time's colon (``Anna (00``)."""
    return key.count("(") != key.count(")")


def parse_header_lines(lines: Sequence[str], *, require_terminator: bool = True) -> tuple[dict, int]:
    """Parse a leading ``Key: value`` block.

    Parameters
    ----------
    lines
        The first lines (or paragraphs) of a transcript.
    require_terminator
        Text files: the block must be followed by a blank line, a ``---`` line or
        the end. Word files pass ``False`` (the block ends at the first paragraph
        that is not ``Key: value``).

    Returns
    -------
    (attributes, consumed)
        The attributes found and how many lines belong to the block (including a
        terminating ``---`` or blank line); ``({}, 0)`` if there is no block.
    """
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    attrs: dict[str, str] = {}
    keys_seen: list[str] = []
    recurring: set[str] | None = None
    keys_below: dict[str, int] = {}
    given = NameIndex()  # the values above, for _opens_conversation
    i = start
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.strip() in {"---", "***", "___"}:
            break
        m = _KV_RE.match(line)
        if not m or len(m.group("value")) > MAX_VALUE_LENGTH or not m.group("value") or _unclosed(m.group("key")):
            if require_terminator:
                return {}, 0
            break
        key = normalise_key(m.group("key"))
        value = m.group("value")
        if _is_speaker_key(m.group("key")) and (value[-1] in ".?!…" or len(value.split()) > 6):
            break  # "Interviewer: Welkom." or "Spreker 1: [00:00:03] Goedemorgen." is the conversation starting
        if not _is_speaker_key(m.group("key")) and normalise_label(m.group("key")) not in METADATA_KEYS:
            recurring = _recurring_keys(lines) if recurring is None else recurring
            if key in recurring:
                break  # "Anna de Boer: Hoe lang ...?" opening two lines is a speaker taking turns
        if attrs and _opens_conversation((m.group("key"), value), given, lines, i, keys_below):
            break  # "Interviewer: Ann de Wit", then "DE WIT: Hoe lang ...?" (a Word file, no blank line between)
        if key in attrs:
            if require_terminator:
                return {}, 0
            break
        attrs[key] = normalise_value(m.group("value"))
        if len(attrs[key]) <= MAX_VALUE_LENGTH:
            given.add(attrs[key])
        keys_seen.append(m.group("key"))
        i += 1
    non_label_keys = sum(not _is_speaker_key(k) for k in keys_seen)
    if len(attrs) < 2 or non_label_keys < (1 if require_terminator else 2):
        return {}, 0
    if require_terminator and i < len(lines) and lines[i].strip() not in {"", "---", "***", "___"}:
        return {}, 0
    if i < len(lines) and lines[i].strip() in {"", "---", "***", "___"}:
        i += 1
    return attrs, i


def split_front_matter(lines: Sequence[str]) -> tuple[dict, int] | None:
    """Parse YAML front matter (``---`` ... ``---``) at the very top.

    Returns
    -------
    (attributes, consumed) or None
        ``None`` when the text does not start with ``---``.

    Raises
    ------
    ValueError
        ``(line_number, message)`` when the YAML is malformed or not a mapping;
        the caller turns it into a file error.

    Examples
    --------
    >>> split_front_matter(["---", "port: Delfzijl", "date: 2026-03-25", "---", "I: Dag."])
    ({'port': 'Delfzijl', 'date': '2026-03-25'}, 4)
    """
    if not lines or lines[0].strip() != "---":
        return None
    for end in range(1, len(lines)):
        if lines[end].strip() in {"---", "..."}:
            break
    else:
        raise ValueError(1, "front matter starts with '---' on line 1 but is never closed by a '---' line")
    block = "\n".join(lines[1:end])
    try:
        data = safe_load(block) if block.strip() else {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(err, "problem", None) or str(err)
        raise ValueError(line, f"front matter is not valid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValueError(2, f"front matter must be 'key: value' pairs, found {type(data).__name__}")
    attrs = {normalise_key(str(k)): normalise_value(v) for k, v in data.items()}
    return attrs, end + 1


def _key_value(paragraph: str) -> tuple[str, str] | None:
    """``Key: value`` or ``**Key:** value`` (the colon inside or after the bold, a list marker before it), else ``None``."""
    item = _LIST_ITEM_RE.match(paragraph)
    if item:
        paragraph = paragraph[item.end() :]
    bold = _BOLD_KEY_RE.match(paragraph)
    if bold:
        paragraph = bold.group("key") + paragraph[bold.end() :]
    m = _KV_RE.match(paragraph)
    if not m or not m.group("value") or len(m.group("value")) > 2 * MAX_VALUE_LENGTH or any(ch.isdigit() for ch in m.group("key")):
        return None  # a digit in the key: "Interviewer (00:07): ..." is a turn
    return m.group("key").strip(), m.group("value")


def _is_conversation(key: str, value: str) -> bool:
    """``Interviewer: Welcome.`` starts the conversation: a role word followed by a sentence."""
    return normalise_label(key) in DEFAULT_ROLE_LABELS and (value[-1] in ".?!…" or len(value.split()) > 12)


def _opens_conversation(pair: tuple[str, str], block: NameIndex, paragraphs: Sequence[str], index: int, keys_below: dict[str, int]) -> bool:
    """A ``Key: value`` below a metadata line that is the first turn, in a file with no blank line between them
    (Word): the key names a person given in the block (``Interviewer: Ann de Wit``, then ``DE WIT: Hoe lang ...?``,
    :func:`researchkit.personnames.names_person`), or it is no metadata or role word, says a sentence and opens
    another paragraph below (a speaker label used again; a metadata key is written once)."""
    key, value = pair
    if normalise_label(key) in METADATA_KEYS or normalise_label(key) in DEFAULT_ROLE_LABELS:
        return False  # a role word starts the conversation only with a sentence (_is_conversation)
    if block.names_anyone(key):  # the values of the block above (those no longer than MAX_VALUE_LENGTH)
        return True
    if value.rstrip()[-1:] not in tuple(".?!…") and len(value.split()) <= 6:
        return False  # "Participants: Vera Drozd" again below a second heading is metadata
    return _key_count(key, paragraphs, keys_below) >= 2


#: A person's name and nothing else: capitalised words and Dutch particles, a title before it (``Bergkamp``,
#: ``de heer R. Sluiter``, ``Van der Lee``).
_NAME_ONLY_RE = re.compile(r"^(?:(?i:de\s+heer|mevrouw|mevr\.|mw\.|dhr\.)\s+)?[A-Z][\w'’.-]*"
                           r"(?:\s+(?:[A-Z][\w'’.-]*|van|von|de|der|den|ter|ten|in|['’]t)){0,4}$")


def _office_holder(pair: tuple[str, str], paragraphs: Sequence[str], keys_below: dict[str, int]) -> bool:
    """``Voorzitter: Bergkamp`` under the title of a Handelingen item: a role word and only a name says who holds the
    office, not a turn, when no other paragraph opens with that key (the chair speaks as ``De voorzitter:``)."""
    key, value = pair
    if normalise_label(key) not in DEFAULT_ROLE_LABELS or not _NAME_ONLY_RE.match(value.strip()):
        return False
    return _key_count(key, paragraphs, keys_below) < 2


def _names_the_interview(block: list[tuple[str, str]], paragraphs: Sequence[str], keys_below: dict[str, int]) -> bool:
    """A block of two or more ``Key: value`` lines, one of them not a role word, that gives a role word and only a name
    written nowhere else as a label (``Entrevistadora: Betty Huerta``, then ``Rol: Dirección General``; the speech
    below is labelled ``**BETTY:**``): it says who interviewed, it is not a turn."""
    if len(block) < 2 or all(normalise_label(key) in DEFAULT_ROLE_LABELS for key, _ in block):
        return False
    return any(_office_holder(pair, paragraphs, keys_below) for pair in block)


def _key_count(key: str, paragraphs: Sequence[str], keys_below: dict[str, int]) -> int:
    """How many paragraphs open with ``key`` and a colon; the counts of every key are made once per file into
    ``keys_below`` (empty until a block first asks)."""
    if not keys_below:
        keys_below[""] = 0
        for paragraph in paragraphs:
            other = _key_value(paragraph)
            if other is not None:
                keys_below[normalise_key(other[0])] = keys_below.get(normalise_key(other[0]), 0) + 1
    return keys_below.get(normalise_key(key), 0)


def _office_start(paragraph: str) -> bool:
    """A paragraph that may open a committee's officers block anywhere in the file (``Voorzitter: Van Weijenberg``)."""
    pair = _key_value(paragraph)
    return pair is not None and is_office_key(pair[0])


def _is_title(paragraph: str) -> bool:
    """A first line that names the file (``Transcript interview R07``): short, no colon, not a sentence."""
    text = paragraph.strip().strip("*_#").strip()
    return bool(text) and ":" not in text and len(text.split()) <= 10 and text[-1] not in ".?!…"


#: The credit words: English ``Conducted by``, ``Interviewed by``; Dutch ``Afgenomen door``, ``Geïnterviewd door``,
#: ``Interview door``, ``Gesprek gevoerd door``.
_CREDIT_WORDS = (r"(?i:(?:(?:oral\s+history\s+)?interviews?\s+)?(?:conducted|interviewed)\s+by"
                 r"|(?:(?:het\s+)?(?:interview|gesprek)\s+)?(?:afgenomen|gehouden|gevoerd|uitgevoerd)\s+door"
                 r"|ge[iï]nterviewd\s+door|interview\s+door)")
#: A name after the credit: capitalised words and particles, Dutch ones in lower case (``Ann de Wit``, ``Anton van 't Hof``).
_CREDIT_NAME = (r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|van|von|de|der|den|du|da|di|del|le|la|ter|ten|v\.d\."
                r"|(?:in\s+)?['’]t|d['’][A-Z][\w-]*)){1,4}")
_CREDIT_RE = re.compile(
    rf"^{_CREDIT_WORDS}:?\s+(?P<name>{_CREDIT_NAME})"
    r"(?:\s*[.,]?|,\s+\S.*|\s+(?i:on|in|at|op|te)\s+\S.*)$"  # then the date or place: ", 12 June 1998", " on 2017-09-30"
)


#: The credit alone on its line, the name on the next (CHM oral histories: ``Interviewed by:`` then ``Marc Weber``).
_CREDIT_ALONE_RE = re.compile(rf"^{_CREDIT_WORDS}:?$")


#: The credit as a sentence of a details paragraph (``Interview took place on June 20, 2022. Interviewer is
#: Jonas Rosland.``): the name runs to the first word that ends the sentence, cut by :func:`_sentence_name`.
_CREDIT_SENTENCE_RE = re.compile(
    r"(?:^|(?<=[.!?;:]\s))(?i:(?:the\s+)?interviewer\s+(?:is|was)):?\s+"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|van|von|de|der|den|du|da|di|del|le|la|ter|ten)){1,4})(?=[,;]?(?:\s|$))"
)


def _sentence_name(name: str) -> str | None:
    """The name up to the word that ends its sentence (``Jonas Rosland. Full`` → ``Jonas Rosland``), if two words or more."""
    words: list[str] = []
    for word in name.split():
        words.append(word)
        if word.endswith(".") and len(word.rstrip(".")) > 1:  # "J." is an initial, "Rosland." ends the sentence
            break
    return " ".join(words).rstrip(".") if len(words) >= 2 else None


def credited_interviewer(paragraphs: Sequence[str]) -> str | None:
    """The interviewer credited in an oral history's title block (``Conducted by Thomas Haigh``).

    Only a line that is nothing but the credit and a name of two to five words counts, the
    date or place after a comma or ``on``/``in``/``at`` allowed (``Interviewed by John Smith,
    12 June 1998``; ``Interview conducted by the Society for ...`` names no person), or a sentence
    ``Interviewer is Jonas Rosland.`` in a details paragraph (an Otter export's ``## Details``).

    Examples
    --------
    >>> credited_interviewer(["An interview with", "CLEVE MOLER", "Conducted by Thomas Haigh", "On"])
    'Thomas Haigh'
    >>> credited_interviewer(["Interview conducted by the Society for Industrial and Applied Mathematics"]) is None
    True
    >>> credited_interviewer(["Oral history of Mary Jones", "Interviewed by John Smith, 12 June 1998"])
    'John Smith'
    >>> credited_interviewer(["Oral History of Elizabeth (Jake) Feinler", "Interviewed by:", "Marc Weber", "Recorded: 2009"])
    'Marc Weber'
    >>> credited_interviewer(["## Details", "Interview took place on June 20, 2022. Interviewer is Jonas Rosland."])
    'Jonas Rosland'
    >>> credited_interviewer(["The interviewer was Dutch.", "Our interviewer is Anna."]) is None
    True
    """
    for index, text in enumerate(paragraphs):
        found = _CREDIT_RE.match(text.strip())
        if found is None and _CREDIT_ALONE_RE.match(text.strip()) and index + 1 < len(paragraphs):
            found = _CREDIT_RE.match(f"{text.strip()} {paragraphs[index + 1].strip()}")  # the name on the next line
        if found:
            return found.group("name").rstrip(".")
    for text in paragraphs:
        for found in _CREDIT_SENTENCE_RE.finditer(text.strip()):
            name = _sentence_name(found.group("name"))
            if name:
                return name
    return None


def metadata_paragraphs(paragraphs: Sequence[str]) -> dict[int, tuple[str, str]]:
    """``Key: value`` paragraphs that are metadata, not speaker turns, with their key and value.

    A block of consecutive ``Key: value`` (or ``**Key:** value``) paragraphs with distinct
    keys, at the top, below a first title line (``Transcript interview R07``) or right below
    a heading or a ``---`` rule, is metadata when one
    of its keys is a metadata word (``Date``, ``Context``, ``Datum``...), or when it is a list of two or
    more under a heading of the people present (``### Teilnehmer:``, then ``* Interviewer: Taras Zaika``). Role words
    in it (``**Interviewer:** A. Baroy``) are metadata too, unless they say a sentence.

    Examples
    --------
    >>> metadata_paragraphs(["## Interview 1", "**Date:** 2026-06-24",
    ...                      "**Participants:** V. Drozd, E. Kharamanian", "Interviewer: Can you hear us?"])
    {1: ('Date', '2026-06-24'), 2: ('Participants', 'V. Drozd, E. Kharamanian')}
    >>> metadata_paragraphs(["## Info", "- **Interviewer**: S", "- **Date**: 6/28 11:00 AM", "S: Hello?"])
    {1: ('Interviewer', 'S'), 2: ('Date', '6/28 11:00 AM')}
    """
    found: dict[int, tuple[str, str]] = {}
    keys_below: dict[str, int] = {}  # filled once, when a block needs it: how often each key opens a paragraph
    index = 0
    while index < len(paragraphs):
        if index and not _BREAK_RE.match(paragraphs[index - 1]) and not (index == 1 and _is_title(paragraphs[0])) and not (
            _office_start(paragraphs[index])
        ):
            index += 1
            continue
        block: dict[int, tuple[str, str]] = {}
        block_keys: set[str] = set()  # the normalised keys of the block
        block_names = NameIndex()  # its values (those no longer than MAX_VALUE_LENGTH), for _opens_conversation
        below_roster = index > 0 and is_participants_heading(paragraphs[index - 1])  # "### Teilnehmer:", then "* Interviewer: Ann"
        listed = _LIST_ITEM_RE.match(paragraphs[index]) is not None  # a list of metadata ends where the list ends
        while index < len(paragraphs):
            pair = _key_value(paragraphs[index])
            if pair is None or _is_conversation(*pair) or normalise_key(pair[0]) in block_keys:
                break
            if block and _opens_conversation(pair, block_names, paragraphs, index, keys_below):
                break
            if listed and _LIST_ITEM_RE.match(paragraphs[index]) is None:
                break
            block[index] = pair
            block_keys.add(normalise_key(pair[0]))
            if len(pair[1]) <= MAX_VALUE_LENGTH:
                block_names.add(pair[1])
            index += 1
        if any(normalise_label(key) in METADATA_KEYS for key, _ in block.values()) or (below_roster and len(block) >= 2) or (
            len(block) == 1 and _office_holder(next(iter(block.values())), paragraphs, keys_below)
        ) or _names_the_interview(list(block.values()), paragraphs, keys_below) or officers_block(
            list(block.values()), lambda key: _key_count(key, paragraphs, keys_below)
        ):
            found.update(block)
        index += 0 if block else 1
    return found
