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

import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping

import pandas as pd

from researchkit.errors import ConfigurationError, ResearchkitError

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


@dataclass(frozen=True)
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
    """

    doc_id: str
    text: str
    turns: tuple[Turn, ...] = ()
    attributes: dict = field(default_factory=dict)
    source: Source | None = None
    paragraphs: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.turns = tuple(self.turns)
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
        rows = [dict(t.attributes) for t in self]
        frame = pd.DataFrame(rows, index=pd.Index(self.doc_ids, name="doc_id"))
        return frame

    @property
    def turns(self) -> pd.DataFrame:
        """All turns as one tidy DataFrame (``doc_id, turn, speaker, role, start, end, timestamp, text``)."""
        frames = [t.turns_frame() for t in self if t.turns]
        if not frames:
            return pd.DataFrame(columns=TURN_COLUMNS)
        return pd.concat(frames, ignore_index=True)

    def texts(self) -> dict[str, str]:
        """Mapping ``doc_id -> canonical text``."""
        return {t.doc_id: t.text for t in self}

    def with_attributes(self, attributes: pd.DataFrame | Mapping[str, Mapping]) -> "Corpus":
        """Return a copy whose transcripts carry ``attributes`` (joined on ``doc_id``).

        Existing attributes from file metadata are kept; values from ``attributes``
        win where both define a column.
        """
        from researchkit.io.attributes import join_attributes

        return join_attributes(self, attributes)

    def summary(self) -> pd.DataFrame:
        """One row per document: turns per role, words, speakers and key attributes."""
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
