"""The transcript model: canonical text, speaker turns, attributes and provenance.

A :class:`Transcript` holds one interview. Its ``text`` is canonical (Unicode NFC,
``\\n`` line ends, no BOM) and every offset in researchkit is a code-point index into
it, so ``text[start:end]`` is always the quoted passage. A :class:`Corpus` is an
ordered collection of transcripts with their respondent attributes.

Examples
--------
>>> from researchkit.transcripts import Transcript, Turn
>>> t = Transcript(doc_id="R01", text="I: Hoe gaat het?\\nR: Goed.",
...                turns=(Turn("I", "interviewer", 3, 16), Turn("R", "respondent", 20, 25)))
>>> t.turn_text(t.turns[1])
'Goed.'
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

from researchkit.errors import ConfigurationError, ResearchkitError
from researchkit.timing import time_at

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd

ROLES: tuple[str, ...] = ("interviewer", "respondent", "other")


def canonical_text(raw: str) -> str:
    """Return ``raw`` in canonical form: NFC, ``\\n`` line ends, no BOM.

    Parameters
    ----------
    raw
        Text as decoded from a file.

    Examples
    --------
    >>> canonical_text("\\ufeffCafe\\u0301\\r\\nja")
    'Café\\nja'
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "")
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker turn.

    Attributes
    ----------
    speaker
        The label as written (``"I"``, ``"Interviewer 1"``, ``"Jan"``); empty when the
        transcript has no labels.
    role
        ``"interviewer"``, ``"respondent"`` or ``"other"``.
    start, end
        Code-point offsets of the spoken content (without label or timestamp).
    timestamp
        Seconds from the start of the recording, or ``None``.
    """

    speaker: str
    role: str
    start: int
    end: int
    timestamp: float | None = None

    def __post_init__(self) -> None:
        if type(self.speaker) is str:  # one string per label, not one per turn (a file of 300,000 short turns)
            object.__setattr__(self, "speaker", sys.intern(self.speaker))
        if self.role not in ROLES:
            raise ConfigurationError(
                "RK110",
                f"turn role {self.role!r} is not one of {', '.join(ROLES)}",
                hint="map every speaker label to interviewer, respondent or other",
            )
        if not 0 <= self.start <= self.end:
            raise ValueError(f"turn offsets must satisfy 0 <= start <= end, got {self.start}, {self.end}")


@dataclass(frozen=True)
class Source:
    """Where a transcript came from.

    Attributes
    ----------
    path
        The file path as given.
    sha256
        Hex digest of the original bytes (before any decoding).
    format
        Reader used: ``"docx"``, ``"text"``, ``"vtt"``, ``"srt"`` or ``"memory"``.
    encoding
        Detected text encoding, for text formats.
    """

    path: str
    sha256: str
    format: str = "memory"
    encoding: str | None = None


@dataclass
class Transcript:
    """One interview transcript in canonical form.

    Attributes
    ----------
    doc_id
        Unique document id within a corpus (by default the file name without suffix).
    text
        Canonical text: NFC, ``\\n`` line ends, no BOM. Speaker labels and timestamps
        stay in the text; turn spans exclude them.
    turns
        Speaker turns in text order.
    attributes
        Respondent and interview variables (group, port, date, ...).
    source
        Provenance of the file.
    paragraphs
        ``(start, end)`` spans of the paragraphs of the text.
    notes
        Remarks from ingestion that a researcher should read (e.g. no speaker labels
        found); never errors.
    furniture
        ``(start, end)`` spans of page furniture in the text (running headers and page
        numbers of a ``.txt`` converted from PDF). It stays in the text and may sit
        inside a turn that a page break interrupts (``text[start:end]`` is still the
        turn); quotes and analyses that want speech only skip these spans
        (:meth:`spoken_text`).
    line_numbers
        ``(offset, number)`` pairs, one per numbered line of the source: where the line
        begins in the text and its line number as the source printed it (``12  I: ...``,
        Word's line numbering in a PDF). The numbers are not in the text;
        :func:`researchkit.io.line_range` gives a passage's lines. Empty when the source
        had none.
    sync_points
        ``(offset, milliseconds)`` pairs tying the text to the recording, in text order:
        every time the source gives a place in the text (a subtitle cue's or ASR segment's
        start, an ELAN annotation's, a CHAT bullet, ``[00:01:23] I:``, a line holding only a
        time, f4's ``#00:01:23-4#``; a REFI-QDA transcript's ``<SyncPoint>`` elements). Finer than
        the turns' ``timestamp``: a turn of many cues has one sync point per cue.
        :meth:`time_at` times any passage. Empty when the source has no times.
    """

    doc_id: str
    text: str
    turns: tuple[Turn, ...] = ()
    attributes: dict = field(default_factory=dict)
    source: Source | None = None
    paragraphs: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()
    furniture: tuple[tuple[int, int], ...] = ()
    line_numbers: tuple[tuple[int, int], ...] = ()
    sync_points: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        self.turns = tuple(self.turns)
        self.furniture = tuple(tuple(span) for span in self.furniture)
        self.line_numbers = tuple(tuple(pair) for pair in self.line_numbers)
        self.sync_points = tuple(tuple(pair) for pair in self.sync_points)
        if not self.paragraphs:
            spans, pos = [], 0
            for line in self.text.split("\n"):
                if line.strip():
                    spans.append((pos, pos + len(line)))
                pos += len(line) + 1
            self.paragraphs = tuple(spans)
        for turn in self.turns:
            if turn.end > len(self.text):
                raise ValueError(f"{self.doc_id}: turn ends at {turn.end}, beyond the text ({len(self.text)})")

    def __repr__(self) -> str:
        return (
            f"Transcript(doc_id={self.doc_id!r}, turns={len(self.turns)}, "
            f"words={self.n_words}, attributes={sorted(self.attributes)})"
        )

    def turn_text(self, turn: Turn) -> str:
        """Return the spoken content of ``turn``.

        Examples
        --------
        >>> t = Transcript("d", "R: ja", (Turn("R", "respondent", 3, 5),))
        >>> t.turn_text(t.turns[0])
        'ja'
        """
        return self.text[turn.start : turn.end]

    def time_at(self, offset: int) -> float | None:
        """Seconds into the recording at ``offset``, or ``None`` when the transcript gives no time there.

        The time of the last sync point at or before ``offset`` (:attr:`sync_points`);
        without sync points, the timestamp of the last timed turn starting at or before it.

        Examples
        --------
        >>> t = Transcript("d", "A: ja\\nnee\\nB: ok", (Turn("A", "other", 3, 9, 61.0), Turn("B", "other", 13, 15, 70.0)),
        ...                sync_points=((0, 61000), (6, 64500), (10, 70000)))
        >>> t.time_at(7), t.time_at(14), Transcript("e", "A: ja", (Turn("A", "other", 3, 5, 2.0),)).time_at(4)
        (64.5, 70.0, 2.0)
        """
        if self.sync_points:
            return time_at(self.sync_points, offset)
        timed = [u.timestamp for u in self.turns if u.start <= offset and u.timestamp is not None]
        return timed[-1] if timed else None

    def spoken_text(self, start: int, end: int) -> str:
        """``text[start:end]`` without the page furniture lines in it (see ``furniture``).

        Examples
        --------
        >>> t = Transcript("d", "R: we left\\nSmith, Page 2\\nin May", (Turn("R", "respondent", 3, 31),),
        ...                furniture=((11, 24),))
        >>> t.spoken_text(3, 31)
        'we left\\nin May'
        """
        pieces, pos = [], start
        for s, e in sorted(self.furniture):
            if s < end and e > pos:
                pieces.append(self.text[pos:max(pos, s)])
                pos = max(pos, e + 1 if self.text[e : e + 1] == "\n" else e)
        pieces.append(self.text[pos:end] if pos < end else "")
        return "".join(pieces)

    @property
    def n_words(self) -> int:
        """Number of whitespace-separated words in the turns (labels excluded)."""
        if not self.turns:
            return len(self.text.split())
        return sum(len(self.text[t.start : t.end].split()) for t in self.turns)

    def turns_frame(self) -> pd.DataFrame:
        """The turns as a tidy DataFrame (one row per turn).

        Columns: ``doc_id, turn, speaker, role, start, end, timestamp, text``.
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "doc_id": [self.doc_id] * len(self.turns),
                "turn": list(range(len(self.turns))),
                "speaker": [t.speaker for t in self.turns],
                "role": [t.role for t in self.turns],
                "start": [t.start for t in self.turns],
                "end": [t.end for t in self.turns],
                "timestamp": [t.timestamp for t in self.turns],
                "text": [self.text[t.start : t.end] for t in self.turns],
            },
            columns=["doc_id", "turn", "speaker", "role", "start", "end", "timestamp", "text"],
        ).astype({"turn": "int64", "start": "int64", "end": "int64", "timestamp": "float64"})

    def turn_at(self, offset: int) -> Turn | None:
        """Return the turn whose span contains ``offset``, or ``None``."""
        for turn in self.turns:
            if turn.start <= offset < turn.end:
                return turn
        return None


TURN_COLUMNS = ["doc_id", "turn", "speaker", "role", "start", "end", "timestamp", "text"]


class Corpus:
    """An ordered collection of transcripts with their respondent attributes.

    Iterating yields :class:`Transcript` objects; ``corpus["R01"]`` looks one up by
    ``doc_id``; ``len(corpus)`` counts them.

    Parameters
    ----------
    transcripts
        The transcripts, in the order they should be reported.
    problems
        Problems met while reading (files skipped with ``strict=False``).
    notes
        Other remarks from ingestion.
    speakers
        Speaker-level attributes indexed by ``(doc_id, speaker)`` (focus groups).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> c = Corpus([Transcript("R01", "ja"), Transcript("R02", "nee")])
    >>> len(c), c["R02"].text
    (2, 'nee')
    """

    def __init__(
        self,
        transcripts: Iterable[Transcript],
        *,
        problems: Iterable[ResearchkitError] = (),
        notes: Iterable[str] = (),
        speakers: pd.DataFrame | None = None,
    ) -> None:
        self._docs: dict[str, Transcript] = {}
        for t in transcripts:
            if t.doc_id in self._docs:
                raise ConfigurationError(
                    "RK111",
                    f"duplicate doc_id {t.doc_id!r}",
                    hint="give every transcript a unique file name or doc_id",
                )
            self._docs[t.doc_id] = t
        self.problems: list[ResearchkitError] = list(problems)
        self.notes: list[str] = list(notes)
        #: Speaker-level attributes (focus groups), indexed by ``(doc_id, speaker)``, or ``None``.
        self.speaker_attributes: pd.DataFrame | None = speakers

    def __iter__(self) -> Iterator[Transcript]:
        return iter(self._docs.values())

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    def __getitem__(self, doc_id: str) -> Transcript:
        try:
            return self._docs[doc_id]
        except KeyError:
            from researchkit.errors import ResearchkitError as _E

            known = ", ".join(list(self._docs)[:10])
            raise KeyError(
                str(_E("RK115", f"no document {doc_id!r} in the corpus (known: {known}{' ...' if len(self) > 10 else ''})"))
            ) from None

    def __repr__(self) -> str:
        return f"Corpus({len(self)} documents, {self.n_words} words, {len(self.problems)} problems)"

    @property
    def doc_ids(self) -> list[str]:
        """Document ids in corpus order."""
        return list(self._docs)

    @property
    def n_words(self) -> int:
        """Total words over all transcripts (labels excluded)."""
        return sum(t.n_words for t in self)

    @property
    def attributes(self) -> pd.DataFrame:
        """Respondent attributes, one row per document, indexed by ``doc_id``."""
        import pandas as pd

        rows = [dict(t.attributes) for t in self]
        frame = pd.DataFrame(rows, index=pd.Index(self.doc_ids, name="doc_id"))
        return frame

    @property
    def turns(self) -> pd.DataFrame:
        """All turns as one tidy DataFrame (``doc_id, turn, speaker, role, start, end, timestamp, text``)."""
        import pandas as pd

        frames = [t.turns_frame() for t in self if t.turns]
        if not frames:
            return pd.DataFrame(columns=TURN_COLUMNS)
        return pd.concat(frames, ignore_index=True)

    def texts(self) -> dict[str, str]:
        """Mapping ``doc_id -> canonical text``."""
        return {t.doc_id: t.text for t in self}

    def with_attributes(self, attributes: pd.DataFrame | Mapping[str, Mapping], *, source: str | None = None) -> "Corpus":
        """Return a copy whose transcripts carry ``attributes`` (joined on ``doc_id``).

        Existing attributes from file metadata are kept; values from ``attributes``
        win where both define a column. Every id that does not match is listed in one
        error (RK113). Speaker roles are not changed here; ``read_corpus(...,
        attributes=...)`` (``researchkit.io.attributes.join_attributes``) also makes
        speakers named as the interviewer in the attributes interviewers.

        Examples
        --------
        >>> Corpus([Transcript("R01", "ja")]).with_attributes({"R01": {"port": "Urk"}})["R01"].attributes
        {'port': 'Urk'}
        """
        from dataclasses import replace

        import pandas as pd

        from researchkit.errors import AttributesError

        if isinstance(attributes, pd.DataFrame):
            frame = attributes
            if frame.index.name != "doc_id":
                if "doc_id" not in frame.columns:
                    raise AttributesError("RK112", source or "<attributes>", "has no doc_id column or index", hint="index the table by doc_id")
                frame = frame.set_index("doc_id")
            table = {str(k): {c: (None if pd.isna(v) else v) for c, v in row.items()} for k, row in frame.iterrows()}
        else:
            table = {str(k): dict(v) for k, v in attributes.items()}
        table = {unicodedata.normalize("NFC", k): v for k, v in table.items()}
        extra = sorted(set(table) - set(self._docs))
        missing = [d for d in self._docs if d not in table]
        if extra or missing:
            parts = [f"in the sheet but not in the corpus: {', '.join(extra)}"] if extra else []
            parts += [f"in the corpus but not in the sheet: {', '.join(missing)}"] if missing else []
            raise AttributesError(
                "RK113", source or "<attributes>", "doc_ids do not match; " + "; ".join(parts),
                hint="make the doc_id column match the transcript file names (without extension)",
            )
        docs = [replace(t, attributes={**t.attributes, **table[t.doc_id]}) for t in self]
        return Corpus(docs, problems=self.problems, notes=self.notes, speakers=self.speaker_attributes)

    @property
    def respondent_speakers(self) -> list[tuple[str, str]]:
        """``(doc_id, speaker)`` of every labelled speaker with a respondent turn, in corpus order and, per
        document, in order of their first such turn: the participants of a focus group.

        Examples
        --------
        >>> t = Transcript("F1", "M: ?\\nA: ja\\nB: nee", turns=(Turn("M", "interviewer", 3, 4),
        ...     Turn("A", "respondent", 8, 10), Turn("B", "respondent", 14, 17)))
        >>> Corpus([t]).respondent_speakers
        [('F1', 'A'), ('F1', 'B')]
        """
        seen: dict[tuple[str, str], None] = {}
        for t in self:
            for turn in t.turns:
                if turn.speaker and turn.role == "respondent":
                    seen.setdefault((t.doc_id, turn.speaker), None)
        return list(seen)

    @property
    def speakers(self) -> pd.DataFrame:
        """One row per speaker per document: ``doc_id, speaker, role, turns, words`` and speaker attributes.

        Lets analyses count speakers (focus-group participants) as well as documents.
        Turns without a speaker label are left out.
        """
        import pandas as pd

        rows: dict[tuple[str, str], dict] = {}
        for t in self:
            for turn in t.turns:
                if not turn.speaker:
                    continue
                row = rows.setdefault((t.doc_id, turn.speaker), {"doc_id": t.doc_id, "speaker": turn.speaker, "role": turn.role, "turns": 0, "words": 0})
                row["turns"] += 1
                row["words"] += len(t.text[turn.start : turn.end].split())
        frame = pd.DataFrame(list(rows.values()), columns=["doc_id", "speaker", "role", "turns", "words"])
        if self.speaker_attributes is not None and len(frame):
            frame = frame.merge(self.speaker_attributes.reset_index(), on=["doc_id", "speaker"], how="left")
        return frame

    @property
    def quality(self) -> pd.DataFrame:
        """The ingestion quality report: one row per document (see :func:`quality_report`)."""
        return quality_report(self)

    def summary(self) -> pd.DataFrame:
        """One row per document: turns per role, words, speakers and key attributes."""
        import pandas as pd

        rows = []
        for t in self:
            roles = [turn.role for turn in t.turns]
            rows.append(
                {
                    "doc_id": t.doc_id,
                    "format": t.source.format if t.source else "memory",
                    "turns": len(t.turns),
                    "interviewer_turns": roles.count("interviewer"),
                    "respondent_turns": roles.count("respondent"),
                    "other_turns": roles.count("other"),
                    "words": t.n_words,
                    "speakers": ", ".join(sorted({turn.speaker for turn in t.turns if turn.speaker})),
                }
            )
        return pd.DataFrame(rows).set_index("doc_id") if rows else pd.DataFrame()


#: Words of speaker labels that mark a speaker without naming a person or a role ("Speaker 1",
#: "Spreker 2", WhisperX's "SPEAKER_00", "Unknown Speaker", Trint's "Unidentified", aTrain's "Speaker undefined"); the transcript readers share them
#: (``io/roles.py``).
GENERIC_SPEAKER_WORDS: frozenset[str] = frozenset(
    {"spreker", "speaker", "sprecher", "sprecherin", "locuteur", "locutrice", "hablante", "orador", "oradora",
     "persoon", "person", "personne", "persona", "stem", "voice", "unknown", "onbekend", "unbekannt", "inconnu",
     "desconocido", "unidentified", "undefined"}
)


def is_generic_speaker(label: str) -> bool:
    """Whether a label only numbers a speaker (generic words, numbers, single letters).

    Examples
    --------
    >>> [is_generic_speaker(x) for x in ("Speaker 4", "SPEAKER_02", "Unknown Speaker", "Speaker A", "Anna", "Note")]
    [True, True, True, True, False, False]
    """
    words = [w.strip(".") for w in label.casefold().replace("_", " ").split()]
    words = [w for w in words if w and not w.isdigit() and not (len(w) == 1 and w.isalpha())]
    return bool(words) and all(w in GENERIC_SPEAKER_WORDS for w in words)


#: Start of the ingestion note that lists labels used once among many labelled turns
#: (written by ``io/assemble.py``, read by :func:`quality_flags`).
ONCE_USED_NOTE = "label(s) used only once among six or more labelled turns, kept in the text of the turn before them"
#: Start of the ingestion note that lists labels used once that the user's ``labels=`` names: the
#: researcher has looked at them, so :func:`quality_flags` does not flag them as used once.
MAPPED_ONCE_NOTE = "label(s) used once that labels=... names, taken as speakers"
#: Start of the ingestion note that lists labels used once that are role words (``Interviewster``,
#: ``Enquêtrice``, ``Entrevistadora``): a role word is a label whatever its count, so
#: :func:`quality_flags` does not flag them as used once (written by ``io/assemble.py``).
ROLE_WORD_ONCE_NOTE = "label(s) used once that are role words, taken as speakers"
#: Start of the note that lists speakers who speak once in a format that declares its speakers (CHAT's
#: ``@Participants``): no parse error, so :func:`quality_flags` does not flag them (written by ``io/talkbank.py``).
DECLARED_ONCE_NOTE = "speaker(s) who speak once, declared in the file's list of participants (or named by labels=...)"
#: Share of a document's words in one turn above which the parse is suspicious.
LONG_TURN_SHARE = 0.4
QUALITY_COLUMNS = ["doc_id", "format", "turns", "speakers", "roles", "unlabelled_share", "longest_turn_words",
                   "longest_turn_share", "notes", "flags"]


def quality_flags(transcript: Transcript) -> list[str]:
    """What looks wrong in a transcript's parse: one turn holding > 40 % of the words, no
    interviewer turn in an interview, a label used once (not a role word, nor one that ``labels=``
    names: the reader's notes list those), no speaker labels at all.

    Examples
    --------
    >>> t = Transcript("R01", "I: Vraag?\\nR: ja", (Turn("I", "interviewer", 3, 9), Turn("R", "respondent", 13, 15)))
    >>> quality_flags(t)
    ['one turn holds 50% of the words (turn 1)']
    """
    flags = []
    words = [len(transcript.text[t.start : t.end].split()) for t in transcript.turns]
    total = sum(words) or 1
    if len(words) > 1 and max(words) / total > LONG_TURN_SHARE:
        flags.append(f"one turn holds {max(words) / total:.0%} of the words (turn {words.index(max(words)) + 1})")
    labelled = [t for t in transcript.turns if t.speaker]
    if not labelled and transcript.turns:
        inferred = any(t.role != "other" for t in transcript.turns)
        flags.append("no speaker labels (roles inferred, see the notes)" if inferred else "no speaker labels")
    elif labelled and not any(t.role == "interviewer" for t in transcript.turns):
        flags.append("no interviewer turn")
    counts: dict[str, int] = {}
    for turn in labelled:
        counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
    # a numbered speaker of a diarised recording who speaks once ("Speaker 4") is no parse error
    mapped = " ".join(note for note in transcript.notes if note.startswith((MAPPED_ONCE_NOTE, ROLE_WORD_ONCE_NOTE, DECLARED_ONCE_NOTE)))
    once = sorted(label for label, n in counts.items()
                  if n == 1 and not is_generic_speaker(label) and repr(label) not in mapped)
    if once and len(labelled) >= 6 and len(counts) > 1:
        flags.append(f"label(s) used once: {', '.join(once[:5])}")
    for note in transcript.notes:
        if note.startswith(ONCE_USED_NOTE):  # not taken as labels, so not in the turns
            flags.append("label(s) used once, not taken as speakers: " + note[len(ONCE_USED_NOTE) + 2 :].split("; ")[0])
    return flags


def quality_report(corpus: Corpus) -> pd.DataFrame:
    """Per-file ingestion quality: turns, speakers, roles, share of words in unlabelled turns,
    the longest turn, notes and flags (see :func:`quality_flags`).

    A researcher should read the flagged rows before coding: a bad parse shows here.

    Examples
    --------
    >>> c = Corpus([Transcript("R01", "I: Vraag?\\nR: ja", (Turn("I", "interviewer", 3, 9), Turn("R", "respondent", 13, 15)))])
    >>> row = quality_report(c).loc["R01"]
    >>> int(row["turns"]), int(row["speakers"]), row["roles"]
    (2, 2, 'interviewer 1, respondent 1')
    """
    import pandas as pd

    rows = []
    for t in corpus:
        words = [len(t.text[turn.start : turn.end].split()) for turn in t.turns]
        total = sum(words) or 1
        unlabelled = sum(w for w, turn in zip(words, t.turns) if not turn.speaker)
        roles = {role: sum(1 for turn in t.turns if turn.role == role) for role in ROLES}
        rows.append({
            "doc_id": t.doc_id,
            "format": t.source.format if t.source else "memory",
            "turns": len(t.turns),
            "speakers": len({turn.speaker for turn in t.turns if turn.speaker}),
            "roles": ", ".join(f"{role} {n}" for role, n in roles.items() if n),
            "unlabelled_share": round(unlabelled / total, 3),
            "longest_turn_words": max(words, default=0),
            "longest_turn_share": round(max(words, default=0) / total, 3),
            "notes": len(t.notes),
            "flags": "; ".join(quality_flags(t)),
        })
    return pd.DataFrame(rows, columns=QUALITY_COLUMNS).set_index("doc_id")
