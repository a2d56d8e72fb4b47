"""A transcript table holding several conversations, read by :func:`researchkit.read_corpus` as one document each.

Research data sets publish a whole corpus in one table (AnnoMI's ``transcript_id``, a lesson
study's ``OBSID``, Switchboard's ``doc_id``): a column names each row's conversation
(:func:`researchkit.io.tablemeta.conversations`). :func:`researchkit.io.read_transcript`
refuses such a file (RK146: it is not one transcript); :func:`read_corpus` reads it as one
document a conversation, in the order the conversations first appear:

* doc ids ``<file stem>-<conversation id>`` (:func:`conversation_doc_ids`: the id made safe
  for a file name, at most 80 characters, ``-2``, ``-3``... when two would be the same),
  listed in a note of the corpus;
* each conversation's rows read as :func:`researchkit.io.table.read_table` reads a table of its own,
  with row numbers of the file: a column with one value in the conversation's rows is an
  attribute of that document, and the conversation's id is one too, under the column's name
  (``conversation_id`` for a ``doc_id`` column);
* rows with text but no conversation id are read into no document and make a problem of the
  file (RK156, naming the rows), never a silent drop; a conversation whose rows hold no text is
  a problem too (RK104).

An attributes sheet keyed by the new doc ids joins as for any other corpus.

The work grows with the rows: the file is read and parsed once, one groupby over the id column
gives each conversation's row positions, and its cells are taken from arrays of the whole
table's columns (stripped once; :func:`researchkit.io.tablemeta.cells_attributes` decides the
attributes as for a table of its own), with one :class:`~researchkit.io.speakers.LabelMap` for
all conversations (``benchmarks/bench_corpustable.py``).

Examples
--------
>>> conversation_doc_ids("AnnoMI", ["0", "1", "a/b", "A b"])
['AnnoMI-0', 'AnnoMI-1', 'AnnoMI-a_b', 'AnnoMI-A_b-2']
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from researchkit.errors import ResearchkitError, TranscriptError
from researchkit.transcripts import Source, Transcript

__all__ = ["TABLE_SUFFIXES", "FileDocuments", "conversation_doc_ids", "read_documents"]

#: The suffixes of transcript tables.
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx"})
#: The longest conversation id kept in a doc id (the rest is cut).
MAX_ID_CHARS = 80
_UNSAFE = re.compile(r"[^\w.\-]+")


@dataclass
class FileDocuments:
    """What one file gave a corpus: its transcripts, its problems and a note on the file (or ``None``)."""

    transcripts: list[Transcript]
    problems: list[ResearchkitError] = field(default_factory=list)
    note: str | None = None


def conversation_doc_ids(stem: str, values: list[str]) -> list[str]:
    """The doc ids of a table's conversations: ``<stem>-<value>``, the value in NFC with every run of characters
    other than letters, digits, ``_``, ``.`` and ``-`` made one ``_`` (at most :data:`MAX_ID_CHARS`; its number
    in the table when nothing is left), unique without regard to case (``-2``, ``-3``... after the later ones).

    Examples
    --------
    >>> conversation_doc_ids("sessions", ["Focus group 1", "focus-group 1", "???"])
    ['sessions-Focus_group_1', 'sessions-focus-group_1', 'sessions-3']
    """
    stem = unicodedata.normalize("NFC", stem)
    seen: set[str] = set()
    last: dict[str, int] = {}  # per base id (casefolded): the last suffix number found taken, so the search goes on from it
    out: list[str] = []
    for k, value in enumerate(values, start=1):
        safe = _UNSAFE.sub("_", unicodedata.normalize("NFC", value)).strip("_")[:MAX_ID_CHARS].strip("_") or str(k)
        base = f"{stem}-{safe}"
        doc_id, n = base, last.get(base.casefold(), 1)  # the numbers below n were taken and still are: ids are only added
        if n > 1:
            doc_id = f"{base}-{n}"
        while doc_id.casefold() in seen:
            n += 1
            doc_id = f"{base}-{n}"
        last[base.casefold()] = n
        seen.add(doc_id.casefold())
        out.append(doc_id)
    return out


def _rows(numbers: list[int], limit: int = 8) -> str:
    return ", ".join(map(str, numbers[:limit])) + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")


def read_documents(
    path: str | Path,
    *,
    labels: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    columns: Mapping[str, str] | None = None,
) -> FileDocuments:
    """Read one file of a corpus: a table of several conversations as one transcript a conversation (see the
    module docstring), any other file as :func:`researchkit.io.read_transcript` reads it.

    Raises
    ------
    TranscriptError
        As :func:`researchkit.io.read_transcript` (never RK146); the problems of single conversations are in
        ``FileDocuments.problems``.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "mi.csv")
    >>> _ = open(p, "w").write("transcript_id,speaker,text\\n7,T,Hi.\\n7,C,Hey.\\n9,T,Bye.\\n")
    >>> found = read_documents(p)
    >>> [(t.doc_id, t.attributes["transcript_id"]) for t in found.transcripts]
    [('mi-7', '7'), ('mi-9', '9')]
    >>> found.note
    "holds 2 conversations (column 'transcript_id'), read as one document each: mi-7 ('7', rows 2-3), mi-9 ('9', row 4)"
    """
    import numpy as np
    import pandas as pd

    from researchkit import io

    path = Path(path)
    max_bytes = io.MAX_BYTES if max_bytes is None else max_bytes
    if path.suffix.lower() not in TABLE_SUFFIXES:
        return FileDocuments([io.read_transcript(path, labels=labels, max_bytes=max_bytes, columns=columns)])
    from researchkit.io import tablemeta
    from researchkit.heap import paused_gc
    from researchkit.io.metadata import normalise_key
    from researchkit.io.speakers import LabelMap
    from researchkit.io.table import rows_transcript, table_frame, table_parts
    from researchkit.io.tablemeta import cells_attributes, stripped_cells

    data = io._load(path, max_bytes=max_bytes)
    label_map = LabelMap(dict(labels or {}))  # validates roles (RK110); one map for all the conversations, which share
    # its look-ups (the few labels of a table's speakers are looked up once, not once a conversation)
    source = Source(str(path), hashlib.sha256(data).hexdigest())
    stem = unicodedata.normalize("NFC", path.stem)
    with paused_gc():
        frame, found = table_frame(path, data, columns=columns, digest=source.sha256)
        several = tablemeta.conversations(frame, {str(c) for c in found.values()})
        if several is None:
            parts = table_parts(frame, found)
            del frame
            return FileDocuments([io._finish(path, rows_transcript(path, parts, doc_id=stem, source=source, labels=labels), stem)])
        by, values = several
        names = [str(c) for c in frame.columns]
        cells = frame.iloc[:, names.index(by)].astype(str).str.strip()  # the column conversations() looked at
        key = normalise_key(by)
        key = "conversation_id" if key == "doc_id" else key
        problems: list[ResearchkitError] = []
        texts = frame.iloc[:, len(names) - 1 - names[::-1].index(found["text"])].astype(str).str.strip().ne("")
        lost = [int(k) + 2 for k in np.flatnonzero((cells.eq("") & texts).to_numpy())]  # positions: the index may be cells
        if lost:
            rows_hold = f"row {lost[0]} holds" if len(lost) == 1 else f"rows {_rows(lost)} hold"
            problems.append(TranscriptError(
                "RK156", path, f"{rows_hold} text but no conversation id in column {by!r}; read into no document (the "
                f"other rows were read as {len(values)} conversations)",
                hint=f"write each row's conversation id into column {by!r} (a sheet that writes it only on a conversation's "
                     "first row: fill it down)"))
        transcripts: list[Transcript] = []
        listed: list[str] = []
        # one pass splits the rows by conversation; each conversation's cells are then taken from arrays of the whole
        # table's columns (stripped once, as its own table would strip them), never from a DataFrame of its rows
        ids = cells.to_numpy(dtype=object)
        positions = pd.Series(np.arange(len(ids))).groupby(ids, sort=False).indices  # value -> its rows' positions, in order
        used, speaker, own = {str(c) for c in found.values()}, found.get("speaker"), normalise_key(by)
        stripped: dict[int, np.ndarray] = {names.index(by): ids}

        def column(k: int) -> np.ndarray:
            if k not in stripped:
                stripped[k] = np.array(stripped_cells(frame, k), dtype=object)
            return stripped[k]

        raw = {role: frame.iloc[:, len(names) - 1 - names[::-1].index(name)].to_numpy(dtype=object)
               for role, name in found.items() if role in {"text", "speaker", "start", "end"}}  # as table_parts takes them
        del cells
        for doc_id, value in zip(conversation_doc_ids(stem, values), values):
            rows = positions[value]
            numbers = (rows + 2).tolist()
            span = f"row {numbers[0]}" if len(numbers) == 1 else (
                f"rows {numbers[0]}-{numbers[-1]}" if numbers[-1] - numbers[0] == len(numbers) - 1 else f"rows {_rows(numbers)}")
            listed.append(f"{doc_id} ({value!r}, {span})")
            attributes, notes = cells_attributes(names, lambda k, rows=rows: column(k)[rows].tolist(), used, speaker=speaker)
            attributes.pop(own, None)
            attributes[key] = value
            parts = {"attributes": attributes, "notes": notes, "column": {role: array[rows].tolist() for role, array in raw.items()},
                     "rows": numbers, "found": dict(found)}
            try:
                transcript = rows_transcript(path, parts, doc_id=doc_id, source=source, labels=label_map,
                                             what=f"conversation {value!r} (column {by!r}, {span}) has no text in its rows")
                transcripts.append(io._finish(path, transcript, doc_id))
            except ResearchkitError as err:
                if labels and err.code == "RK110":
                    raise
                problems.append(err)
        del frame, stripped, raw
    note = f"holds {len(values)} conversations (column {by!r}), read as one document each: " + ", ".join(listed)
    return FileDocuments(transcripts, problems, note)
