"""``project.qde``, streamed: the QDA-XML of an :class:`~researchkit.refi.model.Exchange`.

:func:`write_project_xml` writes the project element by element with
:class:`~researchkit.refi.xmlstream.XmlStream` (memory does not grow with the number of
codings) and :func:`validate_stream` checks the written bytes against ``Project.xsd``
while parsing them incrementally. The bytes are the ones an lxml tree of the same
project would serialise to (``pretty_print=True``), so exports stay byte-identical.

What goes where (see ``docs/exchange.md``): users = coders; codes nested with their
definition in the ``Description``; respondent attributes as variables and one case per
document; one ``PlainTextSelection`` + ``Coding`` per coding; memos as ``Note``\\s; relations
between codes as ``Link``\\s.

Examples
--------
>>> import io
>>> from researchkit.transcripts import Corpus, Transcript
>>> from researchkit.refi.model import Exchange
>>> out = io.BytesIO()
>>> files, notes = write_project_xml(Exchange("demo", Corpus([Transcript("R01", "R: ja")])), out)
>>> validate_stream(io.BytesIO(out.getvalue()), where="demo")
>>> b'<TextSource guid=' in out.getvalue(), list(files)
(True, ['R01'])
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any, BinaryIO, Iterator, Mapping

import numpy as np
import pandas as pd
from lxml import etree

from researchkit import __version__
from researchkit.errors import ExchangeError
from researchkit.refi.codes import describe_code
from researchkit.refi.links import write_links
from researchkit.refi.memos import default_memo_name, memo_block, unique_names
from researchkit.refi.model import Exchange, attribute_text, declared_code_guids, stable_guid
from researchkit.refi.recordings import Recording, write_recording
from researchkit.refi.sets import write_sets
from researchkit.refi.speakercases import speaker_case_name
from researchkit.refi.targets import Target, get_target, qc_lines
from researchkit.refi.validate import schema
from researchkit.refi.xmlstream import XmlStream

__all__ = ["PROJECT_NS", "write_project_xml", "validate_stream", "all_coders", "codebook_guids", "when", "unique_code_names"]

PROJECT_NS = "urn:QDA-XML:project:1.0"
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
_CODING_COLUMNS = ["doc_id", "start", "end", "code", "coder", "id", "created", "memo", "text"]


def guid_text(value: str) -> str:
    """A GUID as written: upper case."""
    return value.upper()


def when(value: Any) -> str | None:
    """``value`` if it is an ``xsd:dateTime`` researchkit writes, else ``None``.

    Examples
    --------
    >>> when("2026-11-27T10:00:00Z"), when("yesterday"), when(float("nan"))
    ('2026-11-27T10:00:00Z', None, None)
    """
    text = str(value) if value is not None and not (isinstance(value, float) and math.isnan(value)) else ""
    return text if _DATETIME.match(text) else None


def codebook_guids(codebook: Any, known: dict[str, str] | None = None) -> dict[str, str]:
    """GUID of every code: ``known`` ones (a project's), else the one read from a ``.qdc`` (``x_refi_guid``), else name-based from the code id.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha"}]})
    >>> codebook_guids(cb)["A"] == codebook_guids(cb)["A"]
    True
    """
    known = known or {}
    declared = declared_code_guids(codebook.walk(), known)
    return {code.id: known.get(code.id) or declared.get(code.id) or stable_guid("code", code.id) for code in codebook.walk()}


def all_coders(ex: Exchange) -> dict[str, str]:
    """Every coder and memo author with a GUID: the known ones, else name-based."""
    coders = dict(ex.coders)
    for name in sorted(set(ex.codings["coder"].astype(str)) | set(ex.memos["author"].astype(str))):
        coders.setdefault(name, stable_guid(ex.name, "coder", name))
    return coders


def code_description(code: Any) -> str:
    """The ``Description`` of a code: definition, criteria and examples (:func:`describe_code`)."""
    return describe_code(code.description, include=code.extra.get("_include_list", code.include),
                         exclude=code.extra.get("_exclude_list", code.exclude), examples=code.examples)


def unique_code_names(codebook: Any) -> dict[str, str]:
    """``code id -> name`` for the codes whose name an earlier code (in tree order) already has.

    QualCoder keeps one code per name (``code_name.name`` is unique: its importer reuses
    the first code of a name and the second code's codings lose their code) and qc files
    codings under the code's name: two codes ``Klein`` (under ``Haven`` and under
    ``Douane``) would become one. Written for them, the later one is called
    ``Klein (Douane.Klein)``, its id added (ids are unique).

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "H", "name": "Haven", "children": [{"id": "H.K", "name": "Klein"}]},
    ...                                    {"id": "D", "name": "Douane", "children": [{"id": "D.K", "name": "Klein"}]}]})
    >>> unique_code_names(cb)
    {'D.K': 'Klein (D.K)'}
    """
    codes = list(codebook.walk())
    taken = {code.name for code in codes}
    seen: set[str] = set()
    renamed: dict[str, str] = {}
    for code in codes:
        key = code.name
        if key not in seen:
            seen.add(key)
            continue
        name, n = f"{code.name} ({code.id})", 2
        while name in taken:
            name, n = f"{code.name} ({code.id}) {n}", n + 1
        taken.add(name)
        renamed[code.id] = name
    return renamed


def write_codes(xs: XmlStream, codes: list, guid_of: dict[str, str], note_refs: dict[str, list[str]],
                colors: dict[str, str], blocks: dict[str, str] | None = None, names: dict[str, str] | None = None) -> None:
    """``<Code>`` elements, nested, iteratively (a deep tree cannot exhaust the stack); ``names`` overrides some names."""
    stack: list[Iterator | None] = [iter(codes)]
    while stack:
        it = stack[-1]
        code = next(it, None) if it is not None else None
        if code is None:
            stack.pop()
            if stack:
                xs.end()
            continue
        codable = "false" if code.extra.get("x_refi_codable") is False else "true"
        attrs = {"guid": guid_text(guid_of[code.id]), "name": (names or {}).get(code.id, code.name), "isCodable": codable}
        color = colors.get(code.id) or code.color
        if color:
            attrs["color"] = str(color)
        xs.start("Code", attrs)
        text = _joined(code_description(code), (blocks or {}).get(code.id))
        if text:
            xs.leaf("Description", text=text)
        for note in note_refs.get(code.id, []):
            xs.leaf("NoteRef", {"targetGUID": guid_text(note)})
        stack.append(iter(code.children))


def _joined(*parts: str | None) -> str:
    return "\n\n".join(p for p in parts if p)


def _is_date(value: Any) -> bool:
    if not (isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: Any) -> bool:
    if not (isinstance(value, str) and _DATETIME.match(value) and value[:4] != "0000"):
        return False
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _variable_type(values: list[Any]) -> str:
    """The ``typeOfVariable`` all present values fit (ISO dates ``2024-03-01`` and date-times are ``Date``/``DateTime``)."""
    present = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if present and all(isinstance(v, bool) for v in present):
        return "Boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Integer"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "Float"
    if present and all(_is_date(v) for v in present):
        return "Date"
    if present and all(_is_datetime(v) for v in present):
        return "DateTime"
    return "Text"


def _plain(value: Any) -> Any:
    """A value of a DataFrame cell as plain Python (numpy's int64 an ``int``); missing values ``None``."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, TypeError):
            pass
    try:
        if value is None or (not isinstance(value, (list, dict, tuple)) and bool(pd.isna(value))):
            return None
    except (TypeError, ValueError):
        pass
    return value


def speaker_rows(ex: Exchange) -> list[tuple[str, str, dict[str, Any], list[int]]]:
    """``(doc_id, speaker, attributes, turn indices)`` of every speaker with attributes (focus groups) who speaks in a document of ``ex``.

    In corpus order, then the order of the speaker attributes; the values as plain Python, missing ones left out.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> t = Transcript("F1", "A: ja\\nB: nee", (Turn("A", "respondent", 3, 5), Turn("B", "respondent", 9, 12)))
    >>> frame = pd.DataFrame({"doc_id": ["F1"], "speaker": ["B"], "age": [41]}).set_index(["doc_id", "speaker"])
    >>> speaker_rows(Exchange("p", Corpus([t], speakers=frame)))
    [('F1', 'B', {'age': 41}, [1])]
    """
    frame = ex.corpus.speaker_attributes
    if frame is None or not len(frame):
        return []
    by_doc: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    columns = [str(c) for c in frame.columns]
    for (doc_id, speaker), values in zip(frame.index.tolist(), frame.itertuples(index=False, name=None)):
        attrs = {c: v for c, v in zip(columns, map(_plain, values)) if v is not None}
        by_doc.setdefault(str(doc_id), []).append((str(speaker), attrs))
    out = []
    for t in ex.corpus:
        for speaker, attrs in by_doc.get(t.doc_id, []):
            turns = [i for i, u in enumerate(t.turns) if u.speaker == speaker and u.start < u.end]
            if turns:
                out.append((t.doc_id, speaker, attrs, turns))
    return out


def speaker_turn_guid(ex: Exchange, doc_id: str, index: int) -> str:
    """The GUID of the text selection of a speaker's turn (the ``SelectionRef`` of the speaker's case)."""
    return stable_guid(ex.name, "speaker-turn", doc_id, str(index))


def _write_value(xs: XmlStream, name: str, value: Any, kind: str, guid: str) -> None:
    xs.start("VariableValue")
    xs.leaf("VariableRef", {"targetGUID": guid_text(guid)})
    tag = {"Boolean": "BooleanValue", "Integer": "IntegerValue", "Float": "FloatValue", "Date": "DateValue",
           "DateTime": "DateTimeValue"}.get(kind, "TextValue")
    xs.leaf(tag, text=attribute_text(float(value) if kind == "Float" else value))
    xs.end()


def _write_cases(xs: XmlStream, ex: Exchange, doc_guids: dict[str, str]) -> None:
    docs = list(ex.corpus)
    speakers = speaker_rows(ex)
    columns: dict[str, list[Any]] = {}
    for t in docs:
        for k, v in t.attributes.items():
            columns.setdefault(str(k), []).append(v)
    for _, _, attrs, _ in speakers:
        for k, v in attrs.items():
            columns.setdefault(k, []).append(v)
    if not columns:
        return
    var_types = {name: _variable_type(values) for name, values in columns.items()}
    var_guids = {name: stable_guid(ex.name, "variable", name) for name in var_types}
    xs.start("Variables")
    for name in sorted(var_types):
        xs.leaf("Variable", {"guid": guid_text(var_guids[name]), "name": name, "typeOfVariable": var_types[name]})
    xs.end()
    xs.start("Cases")
    for t in docs:
        xs.start("Case", {"guid": guid_text(stable_guid(ex.name, "case", t.doc_id)), "name": t.doc_id})
        for name in sorted(t.attributes, key=str):
            value = t.attributes[name]
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            _write_value(xs, str(name), value, var_types[str(name)], var_guids[str(name)])
        xs.leaf("SourceRef", {"targetGUID": guid_text(doc_guids[t.doc_id])})
        xs.end()
    for doc_id, speaker, attrs, turns in speakers:  # a focus-group participant: the selections of the speaker's turns
        code = ex.speaker_case_names.get((doc_id, speaker))  # a pseudonymised export: the participant code, never the label
        guid = stable_guid(ex.name, "speaker-case", doc_id, speaker) if code is None else stable_guid(ex.name, "participant-case", doc_id, code)
        xs.start("Case", {"guid": guid_text(guid), "name": speaker_case_name(doc_id, speaker) if code is None else code})
        for name in sorted(attrs):
            _write_value(xs, name, attrs[name], var_types[name], var_guids[name])
        for i in turns:
            xs.leaf("SelectionRef", {"targetGUID": guid_text(speaker_turn_guid(ex, doc_id, i))})
        xs.end()
    xs.end()


def _write_turn_selections(xs: XmlStream, ex: Exchange, t: Any, speakers: Mapping[str, list[int]], ctx: "_Writing") -> None:
    """A ``PlainTextSelection`` without codings for each turn of a speaker with attributes (their case refers to it)."""
    chosen = sorted(i for turns in speakers.values() for i in turns)
    if not chosen:
        return
    turns = [t.turns[i] for i in chosen]
    starts, ends = ctx.target.positions(t.text, [u.start for u in turns], [u.end for u in turns])
    for i, u, start, end in zip(chosen, turns, starts, ends):
        who = ex.speaker_case_names.get((t.doc_id, u.speaker), u.speaker)
        xs.leaf("PlainTextSelection", {"guid": guid_text(speaker_turn_guid(ex, t.doc_id, i)),
                                       "name": f"{who}: {_selection_name(t.text[u.start:u.end])}",
                                       "startPosition": str(start), "endPosition": str(end)})


def _codings_by_doc(codings: Any) -> Iterator[tuple[str, list[tuple]]]:
    """``(doc_id, rows)`` per document, rows sorted by passage; one document's lists at a time."""
    ordered = codings.sort_values(["doc_id", "start", "end", "code", "coder", "id"], kind="stable")[_CODING_COLUMNS]
    if not len(ordered):
        return
    docs = ordered["doc_id"].to_numpy()
    cuts = np.flatnonzero(docs[1:] != docs[:-1]) + 1
    for a, b in zip(np.concatenate([[0], cuts]), np.concatenate([cuts, [len(docs)]])):
        part = ordered.iloc[a:b]
        yield str(docs[a]), list(zip(*(part[c].tolist() for c in _CODING_COLUMNS)))


def _rows_in_corpus_order(codings: Any, doc_ids: list[str]) -> Any:
    """A function giving each document's coding rows, asked for in corpus order.

    Rows come one document at a time from :func:`_codings_by_doc`; a document asked for
    before its turn in the sorted order gets its rows buffered (only then do more
    documents' rows sit in memory at once). Codings of documents not in the corpus are
    never asked for.
    """
    groups = _codings_by_doc(codings)
    have = set(str(d) for d in codings["doc_id"].unique())
    buffered: dict[str, list[tuple]] = {}
    state: dict[str, Any] = {"pending": next(groups, None)}

    def rows_of(doc_id: str) -> list[tuple]:
        if doc_id in buffered:
            return buffered.pop(doc_id)
        if doc_id not in have:
            return []
        while state["pending"] is not None:
            name, rows = state["pending"]
            state["pending"] = next(groups, None)
            if name == doc_id:
                return rows
            buffered[name] = rows
        return []

    return rows_of


def _selection_name(text: Any) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= 60 else words[:57] + "..."


def _write_selections(xs: XmlStream, rows: list[tuple], text: str, ctx: "_Writing") -> None:
    """One ``PlainTextSelection`` + ``Coding`` per coding (per line of it for qc), offsets as the target counts."""
    if ctx.target.qc_lines:
        rows = [(row, a, b, line) for row in rows
                for a, b, line in (qc_lines(text, int(row[1]), int(row[2]))  # a blank passage keeps one selection
                                   or [(int(row[1]), int(row[2]), text.count("\n", 0, int(row[1])))])]
    else:
        rows = [(row, int(row[1]), int(row[2]), None) for row in rows]
    starts, ends = ctx.target.positions(text, [r[1] for r in rows], [r[2] for r in rows])
    for (row, a, b, line), start, end in zip(rows, starts, ends):
        _, _, _, code, coder, cid, created, memo, _ = row
        user = ctx.user_guid[str(coder)]
        stamp = when(created)
        first = line is None or a == int(row[1])
        sel_guid = stable_guid("selection", str(cid)) if first else stable_guid("selection", str(cid), str(line))
        attrs = {"guid": guid_text(sel_guid), "name": _selection_name(row[8]) if line is None else f"line:{line}",
                 "startPosition": str(start), "endPosition": str(end), "creatingUser": user}
        if stamp:
            attrs["creationDateTime"] = stamp
        xs.start("PlainTextSelection", attrs)
        description = _joined(memo if isinstance(memo, str) else None, ctx.blocks.get(("coding", str(cid))))
        if description:
            xs.leaf("Description", text=description)
        coding_attrs = {"guid": guid_text(str(cid) if first else stable_guid("qc-line", str(cid), str(line))), "creatingUser": user}
        if stamp:
            coding_attrs["creationDateTime"] = stamp
        xs.start("Coding", coding_attrs)
        xs.leaf("CodeRef", {"targetGUID": guid_text(ctx.code_guids.get(str(code)) or stable_guid("code", str(code)))})
        for note in ctx.refs.get(("coding", str(cid)), ()):
            xs.leaf("NoteRef", {"targetGUID": guid_text(note)})
        xs.end()
        xs.end()


class _Writing:
    """What writing the sources and notes needs: target, GUIDs, memo references, names and blocks."""

    def __init__(self, ex: Exchange, target: Target, coders: dict[str, str], code_guids: dict[str, str]) -> None:
        self.target, self.code_guids = target, code_guids
        self.user_guid = {name: guid_text(guid) for name, guid in coders.items()}
        memos = ex.memos.sort_values(["target_type", "target", "created", "id"], kind="stable") if len(ex.memos) else ex.memos
        self.memos = memos
        names = [n if isinstance(n, str) and n.strip() else default_memo_name(k, t)
                 for n, k, t in zip(_column(memos, "name"), memos["target_type"], memos["target"])]
        self.names = dict(zip(memos["id"], unique_names(names)))  # QualCoder stops on two journals of one name
        self.refs: dict[tuple[str, str], list[str]] = {}
        for kind, tgt, mid in zip(ex.memos["target_type"], ex.memos["target"], ex.memos["id"]):
            self.refs.setdefault((kind, str(tgt)), []).append(mid)
        by_id = {m.id: m for m in memos.itertuples(index=False)}
        self.blocks = {key: "\n\n".join(memo_block(self.names[i], str(by_id[i].author), by_id[i].created, str(by_id[i].text)) for i in ids)
                       for key, ids in self.refs.items() if key[0] != "project"}
        self.created = ex.created


def _column(frame: Any, name: str) -> list:
    return frame[name].tolist() if name in frame else [None] * len(frame)


def _write_notes(xs: XmlStream, ex: Exchange, coders: dict[str, str], ctx: _Writing) -> dict[str, str]:
    """``<Notes>``; project memos point to a text file (QualCoder's journals). Returns ``memo id -> text`` of those files."""
    files: dict[str, str] = {}
    if not len(ex.memos):
        return files
    xs.start("Notes")
    descriptions = dict(zip(ctx.memos["id"], _column(ctx.memos, "description")))
    for m in ctx.memos.itertuples(index=False):
        attrs = {"guid": guid_text(m.id), "name": ctx.names[m.id]}
        if m.target_type == "project":
            attrs["plainTextPath"] = f"internal://{guid_text(m.id)}.txt"
            files[m.id] = str(m.text)
        attrs["creatingUser"] = guid_text(coders[str(m.author)])
        created = when(m.created) or when(m.updated) or when(ctx.created)  # QualCoder needs a date on every note
        for key, value in (("creationDateTime", created), ("modifiedDateTime", when(m.updated))):
            if value:
                attrs[key] = value
        xs.start("Note", attrs)
        description = descriptions.get(m.id)
        if isinstance(description, str) and description:
            xs.leaf("Description", text=description)
        if m.target_type != "project":
            xs.leaf("PlainTextContent", text=str(m.text))
        xs.end()
    xs.end()
    return files


def _write_sources(xs: XmlStream, ex: Exchange, doc_guids: dict[str, str], ctx: _Writing,
                   recordings: Mapping[str, Recording] | None = None) -> dict[str, str]:
    files: dict[str, str] = {}
    docs = list(ex.corpus)
    if not docs:
        return files
    xs.start("Sources")
    rows_of = _rows_in_corpus_order(ex.codings, [t.doc_id for t in docs])
    speaker_turns: dict[str, dict[str, list[int]]] = {}
    for doc_id, speaker, _, turns in speaker_rows(ex):
        speaker_turns.setdefault(doc_id, {})[speaker] = turns
    for t in docs:
        guid = guid_text(doc_guids[t.doc_id])
        files[t.doc_id] = f"{guid}.txt"
        xs.start("TextSource", {"guid": guid, "name": ctx.target.source_name(t.doc_id), "plainTextPath": f"internal://{guid}.txt"})
        memos = ctx.blocks.get(("document", t.doc_id))
        if memos:
            xs.leaf("Description", text=memos)  # QualCoder reads a document's memo here
        _write_selections(xs, rows_of(t.doc_id), t.text, ctx)
        if t.doc_id in speaker_turns:
            _write_turn_selections(xs, ex, t, speaker_turns[t.doc_id], ctx)
        for note in ctx.refs.get(("document", t.doc_id), []):
            xs.leaf("NoteRef", {"targetGUID": guid_text(note)})
        xs.end()
        if recordings and t.doc_id in recordings:  # its recording, the transcript on the same file (as ATLAS.ti writes it)
            write_recording(xs, recordings[t.doc_id], t.doc_id, guid, t.text, ctx.target, when(ctx.created))
    xs.end()
    return files


def write_project_xml(ex: Exchange, out: BinaryIO, *, target: str | Target = "standard",
                      recordings: Mapping[str, Recording] | None = None,
                      replaced: list[str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Stream the ``project.qde`` of ``ex`` into ``out`` for ``target`` (see :mod:`researchkit.refi.targets`).

    ``recordings`` (``doc_id -> Recording``, :func:`researchkit.refi.recordings.plan_recordings`)
    adds after a document's ``TextSource`` the audio or video source it was transcribed from.
    With ``replaced`` (a list), characters XML cannot hold in names, memos and attributes
    are replaced and their places appended (:class:`~researchkit.refi.xmlstream.XmlStream`);
    without it they are refused (``ValueError``).

    Returns
    -------
    tuple of dicts
        ``doc_id -> "<GUID>.txt"`` of the sources, and ``memo id -> text`` of the notes
        stored as files (project memos). The XML is not validated here (see
        :func:`validate_stream`).
    """
    target = get_target(target)
    xs = XmlStream(out, PROJECT_NS, replaced=replaced)
    root = {"name": ex.name or "researchkit project", "origin": f"researchkit {__version__}"}
    if when(ex.created):
        root["creationDateTime"] = when(ex.created)
    xs.start("Project", root, root=True)
    coders = all_coders(ex)
    if coders:
        xs.start("Users")
        for name in sorted(coders):
            xs.leaf("User", {"guid": guid_text(coders[name]), "name": name})
        xs.end()
    code_guids = codebook_guids(ex.codebook, ex.code_guids) if ex.codebook is not None and len(ex.codebook) else {}
    ctx = _Writing(ex, target, coders, code_guids)
    if code_guids:
        xs.start("CodeBook")
        xs.start("Codes")
        code_refs = {tgt: ids for (kind, tgt), ids in ctx.refs.items() if kind == "code"}
        code_blocks = {tgt: text for (kind, tgt), text in ctx.blocks.items() if kind == "code"}
        names = unique_code_names(ex.codebook) if target.unique_code_names else None
        write_codes(xs, ex.codebook.codes, code_guids, code_refs, ex.codebook.colors(), code_blocks, names)
        xs.end()
        xs.end()
    doc_guids = {t.doc_id: ex.doc_guids.get(t.doc_id) or stable_guid(ex.name, "document", t.doc_id) for t in ex.corpus}
    _write_cases(xs, ex, doc_guids)
    files = _write_sources(xs, ex, doc_guids, ctx, recordings)
    note_files = _write_notes(xs, ex, coders, ctx)
    write_links(xs, ex.codebook, code_guids, guid_text)  # relations between codes
    write_sets(xs, ex.name, ((t.doc_id, t.attributes) for t in ex.corpus), doc_guids)  # document groups
    if ex.description:
        xs.leaf("Description", text=ex.description)
    for note in ctx.refs.get(("project", ""), []):
        xs.leaf("NoteRef", {"targetGUID": guid_text(note)})
    xs.end()
    xs.close()
    return files, note_files


def validate_stream(stream: BinaryIO, *, where: str) -> None:
    """Check streamed QDA-XML against ``Project.xsd`` while parsing it piece by piece (RK603 when invalid)."""
    try:
        for _, el in etree.iterparse(stream, events=("end",), schema=schema("project"), resolve_entities=False,
                                     no_network=True, load_dtd=False):
            parent = el.getparent()
            if parent is not None:
                el.clear(keep_tail=True)
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise ExchangeError("RK603", where, f"not valid against Project.xsd: {exc}",
                            hint="this is a bug in the writer; please report it") from None
