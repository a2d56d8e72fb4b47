"""Transcripts kept as table rows (``.csv``, ``.tsv``, ``.xlsx``): one row per utterance.

The speaker, text and start-time columns are found by their names (English, Dutch,
German, French, Spanish: ``speaker``/``spreker``/``hablante``, ``text``/``tekst``/
``texto``, ``start``/``begin``/``tijd``...) or named with ``columns={"speaker": ...,
"text": ..., "start": ...}``. Each row is a paragraph; consecutive rows of one speaker
form one turn, written once as ``"Speaker: text"`` as for subtitles. A row without a
speaker continues the previous turn. A sheet without a text column is not a transcript
(an attributes sheet, say): :func:`is_transcript_table` tells them apart. Whisper's ``.tsv``
(``start``, ``end``, ``text``, no speaker) is a transcript, and its whole-number times are
milliseconds (:func:`time_scale`).

Examples
--------
>>> import tempfile, os
>>> p = os.path.join(tempfile.mkdtemp(), "R01.csv")
>>> _ = open(p, "w").write("speaker,text,start\\nInterviewer,Dag.,00:00:01\\nPiet,Hoi.,00:00:03\\n")
>>> t = read_table(p, open(p, "rb").read(), doc_id="R01", source=Source(p, "0"))
>>> [(turn.speaker, turn.role, turn.timestamp) for turn in t.turns]
[('Interviewer', 'interviewer', 1.0), ('Piet', 'respondent', 3.0)]
"""

from __future__ import annotations

import gc
import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import pandas as pd

from researchkit.errors import TranscriptError
from researchkit.io import tablecols, tablemeta
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.limits import check_records, check_unit_count
from researchkit.io.metadata import normalise_key
from researchkit.io.tablemeta import split_table  # noqa: F401  (public: a corpus in one table)
from researchkit.io.sheets import read_sheet
from researchkit.io.speakers import LabelMap, parse_timestamp
from researchkit.io.tablecols import COLUMN_NAMES  # noqa: F401  (the names, as before)
from researchkit.transcripts import Source, Transcript

_SECONDS = re.compile(r"^\d+(?:[.,]\d+)?$")
_CLOCK = re.compile(r"^\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\]?$")


def find_columns(columns, *, named: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map ``speaker``/``text``/``start`` to the columns by their whole names (a Word table's header row).

    Examples
    --------
    >>> find_columns(["Spreker", "Tekst", "Tijd"])
    {'speaker': 'Spreker', 'text': 'Tekst', 'start': 'Tijd'}
    """
    return tablecols.find_columns(columns, named=named, compound=False)


def sheet_columns(frame: pd.DataFrame, *, named: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map ``speaker``/``text``/``start``/``end`` to a sheet's columns, by whole names and then by the words of
    compound names (:mod:`researchkit.io.tablecols`); a time column by a compound name must hold times.

    Raises
    ------
    tablecols.AmbiguousColumns
        Two compound names for the text or the speaker.

    Examples
    --------
    >>> sheet_columns(pd.DataFrame({"userName": ["Tom"], "utteranceMessage": ["Hi."], "utteranceStartSeconds": ["0.24"]}))
    {'speaker': 'userName', 'text': 'utteranceMessage', 'start': 'utteranceStartSeconds'}
    """
    names = list(frame.columns)

    def is_time(name: object) -> bool:
        cells = [str(v).strip() for v in frame.iloc[:, names.index(name)].tolist()]
        filled = [v for v in cells if v]
        return bool(filled) and all(cell_seconds(v) is not None for v in filled)

    return tablecols.find_columns(names, named=named, is_time=is_time)


def is_transcript_table(frame: pd.DataFrame) -> bool:
    """A sheet is a transcript when it has a text column and a speaker column, or start and end times
    (Whisper's ``start``, ``end``, ``text``). A sheet with a ``doc_id`` column is an attributes sheet (a row a
    document) unless it has a speaker column and a doc_id on several rows (a corpus in one table).

    Examples
    --------
    >>> is_transcript_table(pd.DataFrame({"doc_id": ["R01", "R02"], "naam": ["Piet", "Jan"], "comment": ["", "late"]}))
    False
    >>> is_transcript_table(pd.DataFrame({"doc_id": ["4325", "4325"], "speaker": ["A", "B"], "utterance_text": ["Okay.", "So."]}))
    True
    """
    keys = {normalise_key(str(c)) for c in frame.columns}
    try:
        cols = sheet_columns(frame)
    except tablecols.AmbiguousColumns:
        return False  # read_transcript on it names the columns (RK145)
    if "text" not in cols:
        return False
    if "doc_id" in keys:  # an attributes sheet has a row a document; a corpus in one table, many rows of one
        ids = frame.iloc[:, [normalise_key(str(c)) for c in frame.columns].index("doc_id")].astype(str).str.strip()
        return "speaker" in cols and bool(ids.ne("").all()) and bool(ids.duplicated().any())
    if "speaker" in cols:
        return True
    starts = [str(v).strip() for v in frame[cols["start"]]] if {"start", "end"} <= set(cols) else []
    return bool(starts) and all(cell_seconds(v) is not None for v in starts if v)  # times, not dates


def time_scale(starts: list[str], ends: list[str]) -> float:
    """``0.001`` when the times are whole milliseconds, as Whisper's ``.tsv`` writes them; else ``1``.

    Whole numbers only, and segments that would last longer than two minutes each (the
    median of end minus start above 120) if they were seconds.

    Examples
    --------
    >>> time_scale(["0", "4200", "9800"], ["4200", "9800", "15000"]), time_scale(["0", "4.2"], ["4.2", "9.8"])
    (0.001, 1.0)
    """
    pairs = [(a.strip(), b.strip()) for a, b in zip(starts, ends) if a.strip() and b.strip()]
    if not pairs or not all(a.isdigit() and b.isdigit() for a, b in pairs):
        return 1.0
    lengths = sorted(int(b) - int(a) for a, b in pairs)
    return 0.001 if lengths[len(lengths) // 2] > 120 else 1.0


@lru_cache(maxsize=65536)  # the times of a table of many conversations repeat (each starts at 00:00:00)
def cell_seconds(value: str) -> float | None:
    """A start-time cell in seconds (``62.5``, ``00:01:02``, ``[01:02]``), or ``None`` if it is not a time.

    Examples
    --------
    >>> cell_seconds("00:01:02"), cell_seconds("62,5"), cell_seconds("later")
    (62.0, 62.5, None)
    """
    value = value.strip()
    if _SECONDS.match(value):
        return float(value.replace(",", "."))
    if _CLOCK.match(value):
        return parse_timestamp(value.strip("[]"))
    return None


def table_frame(path: str | Path, data: bytes, *, columns: Mapping[str, str] | None = None,
                digest: str | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """A transcript table's rows (every cell as text) and its speaker/text/start/end columns.

    Inside :func:`researchkit.io.read_corpus`, the table :func:`researchkit.io.skip_reason` parsed from these very
    bytes (``digest``: their SHA-256, when the caller has it) is taken instead of parsing them again
    (:mod:`researchkit.io.sheetmemo`).

    Raises
    ------
    TranscriptError
        RK145 two columns that could each be the text (or the speaker); RK132 no text column (or a column named in
        ``columns`` that is not there); as :func:`researchkit.io.sheets.read_sheet` for a sheet that cannot be read.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "R01.csv")
    >>> _ = open(p, "w").write("speaker,text\\nA,Hi.\\n")
    >>> table_frame(p, open(p, "rb").read())[1]
    {'speaker': 'speaker', 'text': 'text'}
    """
    if Path(path).suffix.lower() in {".csv", ".tsv"}:
        check_records(path, data)
    from researchkit.io import sheetmemo

    frame = sheetmemo.take(path, data, digest) if sheetmemo.active() else None  # parsed already to sort the folder
    if frame is None:
        frame = read_sheet(path, error=TranscriptError, data=data)  # the bytes read once, by the caller
    check_unit_count(path, len(frame), "rows below the header")
    missing = [c for c in (columns or {}).values() if c not in frame.columns]
    try:
        found = sheet_columns(frame, named=columns) if not missing else {}
    except tablecols.AmbiguousColumns as err:
        role, names = err.args
        raise TranscriptError(
            "RK145", path, f"cannot tell which column holds the {role}: {', '.join(map(repr, names))} could each be it",
            hint=f"pass columns={{'{role}': {names[0]!r}}} (or the column you mean), or rename the other columns",
        ) from None
    if missing or "text" not in found:
        raise TranscriptError(
            "RK132", path, f"has no {'column ' + repr(missing[0]) if missing else 'text column'} (columns: {', '.join(map(str, frame.columns))})",
            hint="name the columns speaker, text and start, or pass columns={'speaker': ..., 'text': ..., 'start': ...}",
        )
    return frame, found


def several_conversations_error(path: str | Path, by: str, values: list[str]) -> TranscriptError:
    """RK146: the table holds several conversations; the hint names :func:`researchkit.io.read_corpus` and
    :func:`split_table`.

    Examples
    --------
    >>> several_conversations_error("all.csv", "transcript_id", ["0", "1"]).message
    "all.csv: holds 2 conversations, not one: column 'transcript_id' has '0', '1'"
    """
    return TranscriptError(
        "RK146", path, f"holds {len(values)} conversations, not one: column {by!r} has {', '.join(map(repr, values[:5]))}"
        + (" ..." if len(values) > 5 else ""),
        hint=f"read it with researchkit.read_corpus({str(path)!r}) (one document a conversation), or split it into one file "
             f"a conversation with researchkit.io.table.split_table({str(path)!r}, {by!r}, folder) and read the folder",
    )


def read_table(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    columns: Mapping[str, str] | None = None,
) -> Transcript:
    """Read a transcript kept as table rows (see module docstring).

    Raises
    ------
    TranscriptError
        As :func:`table_frame`; RK146 when the table holds several conversations (:func:`several_conversations_error`).
    """
    frame, found = table_frame(path, data, columns=columns)
    several = tablemeta.conversations(frame, {str(c) for c in found.values()})
    if several is not None:
        raise several_conversations_error(path, *several)
    parts = table_parts(frame, found)
    del frame  # the rows are kept once, as the columns' lists, through the assembly
    return rows_transcript(path, parts, doc_id=doc_id, source=source, labels=labels)


def table_parts(frame: pd.DataFrame, found: Mapping[str, str], *, rows: list[int] | None = None) -> dict:
    """What :func:`rows_transcript` needs of a table's rows (all of them, or one conversation's): the
    ``attributes`` and ``notes`` of the other columns, the speaker/text/start/end cells as lists (``column``)
    and each row's number in the file (``rows``: given for a conversation's rows, else 2, 3, ...: the header is
    row 1), with ``found``. The frame's index is not looked at (pandas makes the first cells of rows longer
    than the header an index).

    Examples
    --------
    >>> parts = table_parts(pd.DataFrame({"speaker": ["A", "B"], "text": ["Hi.", "Hey."]}), {"speaker": "speaker", "text": "text"},
    ...                     rows=[6, 9])
    >>> parts["rows"], parts["column"]["text"]
    ([6, 9], ['Hi.', 'Hey.'])
    """
    attributes, notes = tablemeta.other_columns(frame, {str(c) for c in found.values()}, speaker=found.get("speaker"))
    # one list a column, not a dict a row: a million short rows are not kept twice (frame and records) through the assembly
    names = list(frame.columns)  # a name written twice: its last column, as a record of the row would keep it
    column = {role: frame.iloc[:, len(names) - 1 - names[::-1].index(name)].tolist()
              for role, name in found.items() if role in {"text", "speaker", "start", "end"}}
    return {"attributes": attributes, "notes": notes, "column": column, "rows": list(range(2, len(frame) + 2)) if rows is None else list(rows),
            "found": dict(found)}


def rows_transcript(
    path: str | Path,
    parts: dict,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | LabelMap | None = None,
    what: str = "has no text in its rows",
) -> Transcript:
    """One transcript from a table's rows as :func:`table_parts` gives them (its ``column`` entry is taken out, so
    the cells are not kept twice while the text is assembled).

    Raises
    ------
    TranscriptError
        RK104 when no row holds text (``what`` says so).

    Examples
    --------
    >>> parts = table_parts(pd.DataFrame({"speaker": ["I", "R"], "text": ["Hoe?", "Goed."]}), {"speaker": "speaker", "text": "text"})
    >>> rows_transcript("R01.csv", parts, doc_id="R01", source=Source("R01.csv", "0")).text
    'I: Hoe?\\nR: Goed.'
    """
    attributes, notes, found, rows = parts["attributes"], parts["notes"], parts["found"], parts["rows"]
    column = parts.pop("column")
    paragraphs: list[RawParagraph] = []
    bad_times: list[str] = []
    gc.collect(0)  # pandas' and openpyxl's objects refer to each other: let them go while reading pauses the collector
    if "start" in column and tablecols.is_millisecond_column(found["start"]) and \
            all(_SECONDS.match(str(v).strip()) for v in column["start"] if str(v).strip()):  # not "hh:mm:ss.ms" clock times
        scale = 0.001
        notes.append(f"the start times are milliseconds by the column's name; read as seconds (column {found['start']!r})")
    else:
        scale = time_scale([str(v) for v in column["start"]], [str(v) for v in column["end"]]) \
            if {"start", "end"} <= set(column) else 1.0
        if scale != 1.0:
            notes.append(f"the start times are whole milliseconds (Whisper's .tsv); read as seconds (column {found['start']!r})")
    for k, cell in enumerate(column["text"]):
        text = str(cell).strip()
        if not text:
            continue
        number = rows[k]
        # "Clay Adkins:" (a CollectionBuilder oral history's speaker cell): the colon marks the label, it is no part of the name
        speaker = str(column["speaker"][k]).strip().rstrip(":").rstrip() if "speaker" in column else ""
        ts = None
        if "start" in column and str(column["start"][k]).strip():
            ts = cell_seconds(str(column["start"][k]))
            ts = round(ts * scale, 3) if ts is not None else None
            if ts is None:
                bad_times.append(f"row {number} ({column['start'][k]!r})")
        paragraphs.append(RawParagraph(text, f"row {number}", speaker=speaker or None, timestamp=ts))
    del column
    if not paragraphs:
        raise TranscriptError("RK104", path, what, hint="check the text column")
    if bad_times:
        notes.append(f"start times that are not times were left empty: {', '.join(bad_times[:5])}" + (" ..." if len(bad_times) > 5 else ""))
    if paragraphs[0].speaker is None and any(p.speaker for p in paragraphs):
        notes.append("rows before the first speaker have no speaker")
    fmt = Path(path).suffix.lower().lstrip(".")
    return assemble(doc_id, paragraphs, labels=labels, attributes=attributes or None,
                    source=Source(source.path, source.sha256, f"table-{fmt}"), notes=notes)
