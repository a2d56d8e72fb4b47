"""What a stored document keeps besides its text and turns: the reader's layout and notes.

A :class:`~researchkit.transcripts.Transcript` carries more than text and turns: the
source's encoding, the paragraph spans, page furniture spans (running headers set apart
by the PDF/text readers), the source's printed line numbers (so that a passage can be
cited as "lines 112–118", :func:`researchkit.io.line_range`) and the reader's notes.
The project keeps them in ``rk_documents`` (schema version 4) as canonical JSON:

==================  ===========================================================
column              value
==================  ===========================================================
``source_encoding`` the detected encoding (text formats), or NULL
``paragraphs``      ``[[start, end], ...]``; NULL: one paragraph per non-blank line
``furniture``       ``[[start, end], ...]``
``line_numbers``    ``[[offset, number], ...]``
``notes``           ``["...", ...]``
==================  ===========================================================

Documents stored before version 4 lost these; migration 4 (and a restore of an older
backup) gives them :data:`LEGACY_VALUES`: a note that says so, and paragraphs computed
from the text as before.

Examples
--------
>>> from researchkit.transcripts import Transcript
>>> t = Transcript("R01", "I: Ja.\\nR: Nee.", line_numbers=((0, 12), (7, 13)), notes=("no labels",))
>>> stored = layout_columns(t)
>>> stored["line_numbers"], stored["notes"]
('[[0,12],[7,13]]', '["no labels"]')
>>> transcript_layout(stored, t.text)["line_numbers"]
((0, 12), (7, 13))
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from researchkit.errors import ProjectError
from researchkit.project.schema import to_json
from researchkit.transcripts import Transcript

#: The ``rk_documents`` columns added by migration 4.
LAYOUT_COLUMNS: tuple[str, ...] = ("source_encoding", "paragraphs", "furniture", "line_numbers", "notes")
#: Schema version that added :data:`LAYOUT_COLUMNS`.
LAYOUT_VERSION = 4
#: The note a document stored before schema version 4 carries.
LEGACY_NOTE = (
    "stored by a researchkit older than project schema 4, which did not keep the reader's notes, "
    "page furniture or the source's line numbers (the paragraphs are one per non-blank line): "
    "add the document again from its source file (add_documents / `researchkit project add`) to restore them"
)
#: What :data:`LAYOUT_COLUMNS` hold for a document stored before schema version 4.
LEGACY_VALUES: dict[str, str | None] = {
    "source_encoding": None,
    "paragraphs": None,
    "furniture": "[]",
    "line_numbers": "[]",
    "notes": to_json([LEGACY_NOTE]),
}
_SPANS = ("paragraphs", "furniture")


def layout_columns(transcript: Transcript) -> dict[str, str | None]:
    """The values of :data:`LAYOUT_COLUMNS` for ``transcript`` (canonical JSON text).

    Raises
    ------
    ProjectError
        RK334 when a span or line offset lies outside the text, or a value has the wrong
        type (a transcript built by hand); nothing is stored.

    Examples
    --------
    >>> from researchkit.transcripts import Source, Transcript
    >>> t = Transcript("R01", "R: ja", source=Source("r.txt", "ab", "text", "cp1252"), furniture=((0, 2),))
    >>> layout_columns(t)
    {'source_encoding': 'cp1252', 'paragraphs': '[[0,5]]', 'furniture': '[[0,2]]', 'line_numbers': '[]', 'notes': '[]'}
    """
    values = {
        "paragraphs": [list(span) for span in transcript.paragraphs],
        "furniture": [list(span) for span in transcript.furniture],
        "line_numbers": [list(pair) for pair in transcript.line_numbers],
        "notes": list(transcript.notes),
    }
    problem = layout_problem(values, transcript.text)
    if problem:
        raise ProjectError(
            "RK334", f"document {transcript.doc_id!r}: {problem}",
            hint="build the transcript with a reader (researchkit.io.read_transcript), or fix the offsets so that they lie in its text",
        )
    encoding = transcript.source.encoding if transcript.source else None
    return {"source_encoding": encoding, **{k: to_json(v) for k, v in values.items()}}


def layout_problem(values: Mapping[str, Any], text: str) -> str | None:
    """What is wrong with decoded layout ``values`` for ``text`` (``None``: nothing).

    Spans must be ``[start, end]`` with ``0 <= start <= end <= len(text)``, line numbers
    ``[offset, number]`` with ``0 <= offset <= len(text)``, notes strings.

    Examples
    --------
    >>> layout_problem({"furniture": [[0, 9]], "line_numbers": [], "notes": []}, "R: ja")
    'furniture #1 [0, 9] is not a span of the text (0..5)'
    >>> layout_problem({"paragraphs": None, "furniture": [], "line_numbers": [[0, 1]], "notes": ["x"]}, "R: ja") is None
    True
    """
    n = len(text)
    for name in (*_SPANS, "line_numbers"):
        items = values.get(name)
        if items is None and name == "paragraphs":
            continue
        if not isinstance(items, list):
            return f"{name} is {items!r}, not a list"
        for k, item in enumerate(items, start=1):
            ok = isinstance(item, list) and len(item) == 2 and all(type(x) is int for x in item)
            if ok and name == "line_numbers":
                ok = 0 <= item[0] <= n
            elif ok:
                ok = 0 <= item[0] <= item[1] <= n
            if not ok:
                what = "(offset, line number) pair in" if name == "line_numbers" else "span of"
                return f"{name} #{k} {item!r} is not a {what} the text (0..{n})"
    notes = values.get("notes")
    if not isinstance(notes, list) or not all(isinstance(x, str) for x in notes):
        return f"notes is {notes!r}, not a list of texts"
    return None


def decode_layout(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON columns of a stored row as Python lists (``paragraphs`` may be ``None``).

    Raises
    ------
    ValueError
        When a column holds text that is not JSON (or JSON nested too deeply to read).

    Examples
    --------
    >>> decode_layout({"paragraphs": None, "furniture": "[[0,2]]", "line_numbers": "[]", "notes": '["x"]'})
    {'paragraphs': None, 'furniture': [[0, 2]], 'line_numbers': [], 'notes': ['x']}
    """
    out: dict[str, Any] = {}
    for name in (*_SPANS, "line_numbers", "notes"):
        raw = stored.get(name)
        try:
            out[name] = None if raw is None else json.loads(raw)
        except json.JSONDecodeError as err:
            raise ValueError(f"{name} is not JSON ({err.msg} at character {err.pos})") from None
        except (RecursionError, ValueError) as err:  # nested thousands deep; a number of more than 4300 digits
            raise ValueError(f"{name} is not usable JSON ({type(err).__name__}: {str(err)[:80]})") from None
    return out


def transcript_layout(stored: Mapping[str, Any], text: str, *, where: str = "the project") -> dict[str, Any]:
    """Keyword arguments for :class:`~researchkit.transcripts.Transcript` from a stored row.

    A row without the columns (a read-only project of schema version 3 or older) is read
    as :data:`LEGACY_VALUES`.

    Raises
    ------
    ProjectError
        RK335 when a stored value is damaged (not JSON, or offsets outside the text).

    Examples
    --------
    >>> transcript_layout({"doc_id": "R01"}, "R: ja")["notes"][0].startswith("stored by a researchkit older")
    True
    """
    values = dict(LEGACY_VALUES)
    values.update({k: stored[k] for k in LAYOUT_COLUMNS if k in stored})
    try:
        decoded = decode_layout(values)
        problem = layout_problem(decoded, text)
    except ValueError as err:
        problem = str(err)
    if problem:
        raise ProjectError(
            "RK335", f"{where}: document {stored.get('doc_id')!r}: the stored {problem}",
            hint="the project was changed outside researchkit; restore it from a backup, or add the document again from its source file",
        )
    return {
        "paragraphs": tuple(tuple(span) for span in decoded["paragraphs"] or ()),
        "furniture": tuple(tuple(span) for span in decoded["furniture"]),
        "line_numbers": tuple(tuple(pair) for pair in decoded["line_numbers"]),
        "notes": tuple(decoded["notes"]),
    }
