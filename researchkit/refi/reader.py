"""Read REFI-QDA files written by NVivo, ATLAS.ti, MAXQDA, QualCoder, qc, Taguette (codebooks) ... and researchkit.

What real files do, and what this reader does about it:

* the project may be ``project.qde`` or ``<name>.qde``; sources may sit in ``sources/``
  or ``Sources/``; ``plainTextPath`` may lack ``internal://`` -- all are found;
* elements are matched by local name, so namespace variants (``urn:QDA-XML:codebook:1:0``,
  ``0:4``) read the same; schema problems (an empty ``<Sets/>``) become warnings;
* GUIDs may be upper case or braced: they are normalised (lower case, no braces);
* code names may repeat at different levels, or carry the hierarchy (``Parent::Child``,
  ``a\\b``): ids are made unique and the tree rebuilt, a path attaching to an existing
  code of that name (:mod:`researchkit.refi.codetree`);
* NVivo for Windows puts one user on every ``<Coding>``: the selection's user is then the
  coder, and the report says which user was used (:func:`~researchkit.refi.sources.attribute_coders`);
* variables may sit in cases (named or not) or on the sources themselves;
* memos may be ``Note``\\s (their names and descriptions kept) or ``Description``\\s;
  what researchkit appended to a ``Description`` for programs that read memos there is
  not read twice (:mod:`researchkit.refi.memos`);
* offsets may be code points, or UTF-16 units with CRLF counted as 2 (NVivo): the
  convention is chosen per source (:mod:`researchkit.refi.offsets`) and reported; texts
  become canonical (NFC, ``\\n``), and every coding's ``text[start:end]`` is the passage
  the other program showed;
* transcripts of audio and video sources are documents, coded between sync points
  (:mod:`researchkit.refi.media`); the sync points' times become the turns' timestamps
  and are kept for timing any passage (:mod:`researchkit.refi.sync`);
* links between two codes (ATLAS.ti's code-code relations) are relations of the codebook
  (:mod:`researchkit.refi.links`);
* what researchkit cannot hold (picture, audio, video and PDF-area selections, graphs,
  links, sets) is listed in the :class:`~researchkit.refi.model.ExchangeReport`, never
  dropped silently; sets with their members, and document groups named ``variable: value``
  (ATLAS.ti) become attributes (:mod:`researchkit.refi.sets`);
* a comment written as a selection of its own on a coded passage (f4) is the memo of the
  codings on that passage.

Archives and XML are opened with :mod:`researchkit.refi.safety` (zip-slip, zip bombs,
entities refused). Module map: this module walks the project; :mod:`~researchkit.refi.sources`
reads texts and selections, :mod:`~researchkit.refi.codetree` the codes,
:mod:`~researchkit.refi.cases` variables and cases, :mod:`~researchkit.refi.sets` sets, :mod:`~researchkit.refi.links` links, :mod:`~researchkit.refi.media` media and transcripts,
:mod:`~researchkit.refi.memos` notes,
:mod:`~researchkit.refi.turns` speaker turns, :mod:`~researchkit.refi.xmlread` the XML helpers.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from researchkit.codings import CODING_COLUMNS
from researchkit.errors import ExchangeError
from researchkit.refi.cases import case_code_documents, document_attributes, merge_side_attributes
from researchkit.refi.codetree import build_codebook, code_elements, code_nodes, codebook_language, dotted_paths, walk
from researchkit.refi.memos import MEMO_NAME_COLUMNS, NoteCollector
from researchkit.refi.model import (CODE_GUID_KEY, EXTENSION_FORMAT, EXTENSION_MEMBER, EXTRA_CODING_COLUMNS, MEMO_COLUMNS, Exchange,
                                    ExchangeReport, norm_guid, stable_guid)
from researchkit.refi.offsets import Convention, SourceText, choose_convention
from researchkit.refi.safety import SafeArchive, parse_xml
from researchkit.refi.sets import list_code_sets, member_names, set_attributes
from researchkit.refi.links import attach_linked_notes, code_relations
from researchkit.refi.media import SELECTION_TAGS, add_recording, media_selection_memos, read_media_source, sync_points
from researchkit.refi.sync import side_sync, sync_summary, timed_turns, transcript_sync
from researchkit.refi.sources import (SourceFiles, annotation_notes, attribute_coders, check_short, note_passages, read_selections, source_name,
                                     source_text, whole_source_codings)
from researchkit.refi.speakercases import SpeakerClaim, claimed_speakers
from researchkit.refi.turns import turns_for_text
from researchkit.refi.xmlrepair import escape_bare_markup, escape_selection_names
from researchkit.refi.xmlread import emit, kid, kids, local, note_refs, schema_check, text_of
from researchkit.transcripts import Corpus, Source, Transcript, Turn

__all__ = ["read_qdc", "read_qdpx", "turns_for_text"]


# -- public: codebook -------------------------------------------------------------------

def read_qdc(path: str | Path, *, strict: bool = False) -> Any:
    """Read a REFI-QDA codebook (``.qdc``) into a :class:`~researchkit.codebook.Codebook`.

    Parameters
    ----------
    path
        The ``.qdc`` file (any QDA-XML codebook namespace version).
    strict
        Refuse a file that is not valid against the codebook schema (default: warn).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "cb.qdc")
    >>> _ = open(p, "w").write('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    ...     '<Code guid="{2D2466F0-D77F-4F8C-BDF9-628966B6B74D}" name="Smokkel::Drugs" isCodable="true"/>'
    ...     '</Codes><Sets/></CodeBook>')
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     cb = read_qdc(p)
    >>> [(c.id, c.name, c.parent) for c in cb.walk()]
    [('Smokkel', 'Smokkel', None), ('Drugs', 'Drugs', 'Smokkel')]
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExchangeError("RK600", path, "file not found", hint="check the path") from None
    except OSError as exc:
        raise ExchangeError("RK600", path, f"cannot read the file ({exc})", hint="check permissions") from None
    root = parse_xml(data, str(path))
    if local(root) != "CodeBook":
        raise ExchangeError("RK600", path, f"root element is <{local(root)}>, not <CodeBook>",
                            hint="a .qdc file holds a REFI-QDA codebook; for a whole project use read_qdpx")
    report = ExchangeReport(str(path), origin=root.get("origin") or "")
    schema_check(root, "codebook", str(path), report, strict)
    codes = kid(root, "Codes")
    nodes = code_nodes(codes, where=str(path)) if codes is not None else []
    if report.origin.strip().lower().startswith("taguette"):
        nodes = dotted_paths(nodes, report)
    book, guid_to_id = build_codebook(nodes, str(path), report)
    if book is not None:
        texts = [t for n in walk(nodes) for t in (n["name"], n["description"]) if t]
        book = codebook_language(book, texts, "code names and descriptions", report)
    if book is not None:  # the codes keep the GUIDs the file gave them (a project stores them; exports write them)
        given = {norm_guid(el.get("guid")) for el in code_elements(codes)} - {None}
        for guid, code_id in guid_to_id.items():
            if guid in given:
                book[code_id].extra[CODE_GUID_KEY] = guid
    list_code_sets(root, _code_names(book, guid_to_id), report)
    emit(report)
    if book is None:
        raise ExchangeError("RK604", path, "the codebook has no codes", hint="export a codebook with codes")
    return book


# -- public: project --------------------------------------------------------------------

def read_qdpx(path: str | Path, *, labels: Mapping[str, str] | None = None, strict: bool = False) -> Exchange:
    """Read a REFI-QDA project (``.qdpx``, or a bare ``.qde``).

    Parameters
    ----------
    path
        The file.
    labels
        Speaker label -> role map used to find turns in texts from other programs.
    strict
        Refuse a project that is not valid against ``Project.xsd`` or has selections
        that fit no offset convention (default: import, and report them).

    Returns
    -------
    Exchange
        Unpacks to ``(documents, codebook, codings)``; also holds coders, memos, GUIDs
        and the import report (``.report``; printed as text with ``print``).

    Raises
    ------
    ExchangeError
        ``RK600`` not a REFI-QDA file, ``RK601`` unsafe archive, ``RK602`` unsafe or broken
        XML, ``RK603`` schema (``strict``), ``RK604`` broken references, ``RK605``
        offsets (``strict``).

    Examples
    --------
    >>> import tempfile, os, zipfile
    >>> p = os.path.join(tempfile.mkdtemp(), "a.qdpx")
    >>> qde = ('<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="NVivo 14">'
    ...        '<Users><User guid="11111111-1111-1111-1111-111111111111" name="anna"/></Users>'
    ...        '<CodeBook><Codes><Code guid="22222222-2222-2222-2222-222222222222" name="Haven" isCodable="true"/></Codes></CodeBook>'
    ...        '<Sources><TextSource guid="33333333-3333-3333-3333-333333333333" name="R01" plainTextPath="internal://r01.txt">'
    ...        '<PlainTextSelection guid="44444444-4444-4444-4444-444444444444" startPosition="9" endPosition="14">'
    ...        '<Coding guid="55555555-5555-5555-5555-555555555555" creatingUser="11111111-1111-1111-1111-111111111111">'
    ...        '<CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding></PlainTextSelection>'
    ...        '</TextSource></Sources></Project>')
    >>> with zipfile.ZipFile(p, "w") as z:
    ...     z.writestr("project.qde", qde)
    ...     z.writestr("sources/r01.txt", "\\ufeffR: 😀 de\\r\\nhaven".encode("utf-8"))
    >>> documents, codebook, codings = read_qdpx(p)
    >>> codings[["doc_id", "code", "coder", "text"]].values.tolist()
    [['R01', 'Haven', 'anna', 'haven']]
    """
    path = Path(path)
    report = ExchangeReport(str(path))
    archive: SafeArchive | None = None
    try:
        if path.suffix.lower() == ".qde":
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                raise ExchangeError("RK600", path, "file not found", hint="check the path") from None
            qde_name = path.name
        else:
            archive = SafeArchive(path)
            qdes = [n for n in archive.names() if n.lower().endswith(".qde") and "/" not in n]
            if not qdes:
                raise ExchangeError("RK600", path, f"no .qde project file at the top of the archive (members: {', '.join(archive.names()[:8])})",
                                    hint="a .qdpx holds project.qde and a sources folder; export the project again")
            if len(qdes) > 1:
                qdes = [n for n in qdes if n.lower() == "project.qde"] or qdes
                if len(qdes) > 1:
                    raise ExchangeError("RK600", path, f"several project files in the archive: {', '.join(qdes)}",
                                        hint="export one project per .qdpx file")
            qde_name = qdes[0]
            data = archive.read(qde_name)
        where = f"{path}!{qde_name}" if archive is not None else str(path)
        root = _parse_project(data, where, report, strict=strict)
        if local(root) != "Project":
            raise ExchangeError("RK600", where, f"root element is <{local(root)}>, not <Project>",
                                hint="for a codebook (.qdc) use read_qdc")
        sidecar = _read_sidecar(archive, path, report)
        files = SourceFiles(archive, str(path), folder=path.resolve().parent if archive is None else None)
        return _read_project(root, files, where, report, sidecar, labels=labels, strict=strict)
    finally:
        if archive is not None:
            archive.close()


def _parse_project(data: bytes, where: str, report: ExchangeReport, *, strict: bool) -> Any:
    """``project.qde`` parsed; bare ``&`` and ``<`` (QualCoder's annotation text) read as characters, with a warning.

    Only XML that does not parse as it is gets repaired (:mod:`researchkit.refi.xmlrepair`);
    ``strict`` refuses it instead. Other damage stays ``RK602``; a QualCoder export that
    cannot be read is pointed to its project folder, which researchkit reads directly.
    """
    try:
        return parse_xml(data, where)
    except ExchangeError as err:
        utf8 = not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data[:4096]
        if err.code != "RK602" or "DOCTYPE" in err.message or not utf8:
            raise
        named, name_lines = escape_selection_names(data)
        fixed, lines = escape_bare_markup(named)
        lines = sorted(set(lines) | set(name_lines))
        root = None
        if lines:
            try:
                root = parse_xml(fixed, where)
            except ExchangeError:
                root = None
        shown = ", ".join(map(str, lines[:10])) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
        if root is not None and strict:
            raise ExchangeError("RK602", where, f"'&', '<' or '\"' written without escaping on line(s) {shown}",
                                hint="read without strict=True to read them as the characters they are") from None
        if root is None:
            if re.search(rb'origin="\s*qualcoder', data[:4096], re.I):
                prefix = f"{err.path}, {err.location}: " if err.location else f"{err.path}: "
                raise ExchangeError("RK602", where, err.message.removeprefix(prefix), location=err.location,
                                    hint="QualCoder's REFI-QDA export has written broken XML in some versions; import the "
                                         "QualCoder project folder itself instead (researchkit import Name.qda --project P), "
                                         "which researchkit reads directly") from None
            raise
        what = ("text of annotations and (up to version 3.0) coded passages as selection names" if name_lines
                else "text of annotations")
        report.warnings.append(f"{where}: '&', '<' or '\"' written without escaping on line(s) {shown} (QualCoder writes the "
                               f"{what} so); read as the characters themselves")
        return root


def _read_sidecar(archive: SafeArchive | None, path: Path, report: ExchangeReport) -> dict | None:
    if archive is None:
        return None
    member = archive.find(EXTENSION_MEMBER)
    if member is None:
        return None
    try:
        data = json.loads(archive.read(member).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        report.warnings.append(f"{EXTENSION_MEMBER} unreadable ({exc}); read as a file from another program")
        return None
    if not isinstance(data, dict) or data.get("format") != EXTENSION_FORMAT or data.get("version") != 1:
        report.warnings.append(f"{EXTENSION_MEMBER} has an unknown format; ignored")
        return None
    return _clean_sidecar(data, report)


_SCALAR = (str, int, float, bool, type(None))
_SIDE_TYPES = {"codes": dict, "codebook_yaml": str, "documents": dict, "codings": dict, "memos": dict, "coders": dict,
               "name": str, "created": str, "offsets": dict, "written_code_names": dict}


def _clean_sidecar(data: dict, report: ExchangeReport) -> dict:
    """The extension with every part of the wrong shape left out (warned): it may have been edited or damaged."""
    dropped = [k for k, kind in _SIDE_TYPES.items() if k in data and data[k] is not None and not isinstance(data[k], kind)]
    clean = {k: v for k, v in data.items() if k not in dropped}
    clean["codes"] = {k: v for k, v in (clean.get("codes") or {}).items() if isinstance(v, str)}
    clean["coders"] = {k: v for k, v in (clean.get("coders") or {}).items() if isinstance(v, str)}
    clean["codings"] = {k: v for k, v in (clean.get("codings") or {}).items()
                        if isinstance(v, dict) and all(isinstance(x, _SCALAR) for x in v.values())}
    clean["memos"] = {k: v for k, v in (clean.get("memos") or {}).items()
                      if isinstance(v, dict) and all(isinstance(x, _SCALAR) for x in v.values())}
    docs = {}
    for guid, doc in (clean.get("documents") or {}).items():
        if (isinstance(doc, dict) and isinstance(doc.get("doc_id"), str) and isinstance(doc.get("turns", []), list)
                and isinstance(doc.get("attributes", {}), dict) and isinstance(doc.get("source"), (dict, type(None)))):
            docs[guid] = doc
    clean["documents"] = docs
    lost = dropped + [k for k in ("codes", "coders", "codings", "memos", "documents")
                      if isinstance(data.get(k), dict) and len(clean[k]) < len(data[k])]
    if lost:
        report.warnings.append(f"{EXTENSION_MEMBER}: parts of the wrong shape ignored ({', '.join(sorted(set(lost)))}); read from the XML instead")
    return clean


class _Context:
    """What reading one project needs at every step: report, users, codes, notes, sidecar."""

    def __init__(self, root: Any, where: str, report: ExchangeReport, side: dict, *, strict: bool) -> None:
        self.root, self.where, self.report, self.side, self.strict = root, where, report, side, strict
        self.origin = root.get("origin") or ""
        self.users: dict[str, str] = {}
        self.guid_to_code: dict[str, str] = {}
        self.selection_targets: dict[str, list[tuple[str, str]]] = {}  # text selection GUID -> memo targets (links)
        self.selection_spans: dict[str, tuple[str, int, int]] = {}  # text selection GUID -> (doc_id, start, end) (cases)
        self.selection_places: dict[str, str] = {}  # text selection GUID -> its passage and place, for the report (links)
        self.passage_names: dict[str, str] = {}  # selection GUID of a passage nobody coded -> memo name 'on «…» (a-b)' (links)
        self.note_passages: dict[str, list] = {}  # note GUID -> the passages it holds itself (QualCoder annotations)
        self.placed_notes: set[str] = set()  # notes whose passages were placed in a document
        self.side_codings = side.get("codings", {}) if isinstance(side.get("codings"), dict) else {}
        self.source_user: str | None = None
        self.relation_links: set[int] = set()  # indices of the <Link>s read as relations between codes
        self.chosen: dict[str, Convention] = {}  # doc id -> the offset convention its selections were read with
        offsets = side.get("offsets")
        self.prefer = None
        if isinstance(offsets, dict) and offsets.get("unit") in ("codepoint", "utf16") and offsets.get("crlf") in (1, 2):
            self.prefer = Convention(offsets["unit"], offsets["crlf"], bool(offsets.get("bom")))
        self._read_users()
        self.default_user = self.users.get(norm_guid(root.get("creatingUserGUID")) or "", None)
        self.default_why = "the project's creatingUser"
        if self.default_user is None and len(self.users) == 1:
            self.default_user, self.default_why = next(iter(self.users.values())), "the file's only <User>"
        elif self.default_user is None:
            self.default_why = "no user in the file says who" if not self.users else "the file names several users and none for these"
        self.memos = NoteCollector({}, report, self.default_user or "import")

    def _read_users(self) -> None:
        used: set[str] = set()
        users_el = kid(self.root, "Users")
        for u in kids(users_el, "User") if users_el is not None else []:
            guid = norm_guid(u.get("guid"))
            if not guid:
                continue
            name = (self.side.get("coders", {}).get(guid) or u.get("name") or u.get("id") or f"user-{guid[:8]}").strip()
            if guid in self.users:  # the first <User> of a GUID names its codings; the other name would be lost unsaid
                self.report.warnings.append(f"{self.where}: user GUID {guid} used twice (line {u.sourceline}: '{name}'); "
                                            f"its codings are credited to the first, '{self.users[guid]}'")
                continue
            self.users[guid] = _unique(name, guid, used, "users", self.report)

    def coder_of(self, *guids: str | None) -> str:
        """The coder named by the first GUID given (unknown GUIDs get a ``user-...`` name, warned)."""
        for g in guids:
            g = norm_guid(g)
            if g and g in self.users:
                return self.users[g]
            if g:
                name = f"user-{g[:8]}"
                self.report.warnings.append(f"user GUID {g} is not in <Users>; its work is credited to '{name}'")
                self.users[g] = name
                return name
        return self.default_user or "import"

    def convention_for(self, source: SourceText, starts: list[int], ends: list[int], names: list[str | None] | None = None) -> Any:
        """The offset convention of one source (the researchkit extension's, else detected; selection names as evidence)."""
        return choose_convention(source, starts, ends, origin=self.origin, prefer=self.prefer, names=names)


def _read_notes(ctx: _Context, files: SourceFiles) -> None:
    notes_el = kid(ctx.root, "Notes")
    for n in kids(notes_el, "Note") if notes_el is not None else []:
        guid = norm_guid(n.get("guid"))
        text, _, _ = source_text(n, files, ctx.report)
        if text is not None:  # a note stored as a file (NVivo: BOM and CRLF) reads like one in the XML
            text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        label = n.get("name") or guid
        # a note only modified (Quirkos writes modifyingUser and modifiedDateTime alone) is by its modifier, made when modified
        ctx.memos.notes[guid] = {"text": text if text is not None else "",
                                 "author": ctx.coder_of(n.get("creatingUser"), n.get("modifyingUser")),
                                 "created": n.get("creationDateTime") or n.get("modifiedDateTime") or "",
                                 "updated": n.get("modifiedDateTime") or n.get("creationDateTime") or "",
                                 "name": n.get("name") or "", "description": text_of(n, "Description")}
        passages = note_passages(n)
        if passages:  # placed in the document whose source refers to the note (sources.annotation_notes), else listed at the end
            ctx.note_passages[guid] = passages
        lost = [f"{len(kids(n, 'VariableValue'))} variable value(s)"] if kids(n, "VariableValue") else []
        if n.get("richTextPath"):
            lost.append("its formatted version (richTextPath)")
        if lost:
            ctx.report.not_carried.append(f"note '{label}': {', '.join(lost)}; its text, name and description are kept as a memo")


def _read_source(src: Any, kind: str, files: SourceFiles, ctx: _Context, state: dict, *, media: Any = None) -> str | None:
    """Read a text source, a PDF's text representation or (``media`` given) a media source's transcript; its document id."""
    report, name = ctx.report, src.get("name") or (media.get("name") if media is not None else "") or ""
    if kind == "PDFSource":
        areas = kids(src, "PDFSelection")
        text_el = kid(src, "Representation")
        if areas:  # ATLAS.ti writes a PDF quotation of text twice: as an area and, same GUID, as text in the representation
            as_text = {norm_guid(t.get("guid")) for t in kids(text_el, "PlainTextSelection")} if text_el is not None else set()
            twice = [s for s in areas if norm_guid(s.get("guid")) in as_text]
            n_codings = sum(len(kids(s, "Coding")) for s in areas if s not in twice)
            report.not_carried.append(f"PDFSource '{name}': {len(areas) - len(twice)} area selection(s) with {n_codings} coding(s) on PDF pages"
                                      + (f" ({len(twice)} more are also text selections of its representation: imported as text)" if twice else ""))
        if text_el is None:
            report.not_carried.append(f"PDFSource '{name}': no text representation; its text codings cannot be carried")
            return None
    else:
        text_el = src
    guid = norm_guid(src.get("guid")) or stable_guid("source", name)
    if guid in state["guid_to_doc"] and state["doc_guids"].get(state["guid_to_doc"][guid]) == guid:
        new = stable_guid("duplicate-guid", guid, str(src.sourceline), name)
        report.warnings.append(f"{ctx.where}: source GUID {guid} used twice (line {src.sourceline}: {kind} '{name}', "
                               f"after document '{state['guid_to_doc'][guid]}'); the second gets GUID {new}")
        guid = new
    raw, origin_of_text, digest = source_text(text_el, files, report)
    state["text_sources"] += 1
    if raw is None:
        state["missing"] += 1
        n_codings = sum(len(kids(s, "Coding")) for s in kids(text_el, "PlainTextSelection") + kids(text_el, "TranscriptSelection"))
        report.not_carried.append(f"{kind} '{name}' ({guid}): {origin_of_text}; the document and its {n_codings} coding(s) are missing")
        if ctx.strict:
            raise ExchangeError("RK604", ctx.where, f"{kind} '{name}': {origin_of_text}", hint="export the project again with its sources")
        return None
    check_short(raw, name or guid, origin_of_text, report)
    source = SourceText(raw)
    text = source.canonical
    side_docs = ctx.side.get("documents", {})
    side_doc = side_docs.get(guid) if isinstance(side_docs.get(guid), dict) else None
    doc_id = _unique((side_doc or {}).get("doc_id") or source_name(src, origin_of_text, guid), guid, state["taken"], "sources", report)
    state["doc_guids"][doc_id] = guid
    state["guid_to_doc"][guid] = doc_id
    state["members"].setdefault(origin_of_text, doc_id)
    if kind == "PDFSource":
        report.warnings.append(f"PDFSource '{name}': imported through its text representation as document '{doc_id}'")
    ctx.source_user = src.get("creatingUser") or (media.get("creatingUser") if media is not None else None)
    if kind == "PDFSource":
        kept = media_selection_memos(src, kids(src, "PDFSelection"), "document", doc_id, ctx)
        if kept:
            report.not_carried.append(f"PDFSource '{name}': {kept} comment(s) and note(s) on its area selections kept as memos on the document")
    state["rows"].extend(read_selections(text_el, source, doc_id, ctx,
                                        sync=sync_points(text_el, report.warnings) if kind == "Transcript" else None))
    state["rows"].extend(whole_source_codings(text_el, guid, doc_id, text, ctx))
    outer = [] if text_el is src else [src]  # a PDF's own comment and notes (QualCoder writes them there), then its representation's
    refs = [g for el in outer + [text_el] for g in note_refs(el)]
    ctx.memos.attach(annotation_notes(refs, source, doc_id, ctx), "document", doc_id)
    comments = [c for c in (text_of(el, "Description") for el in outer + [text_el]) if c and c.strip()]
    ctx.memos.description("\n\n".join(comments) or None, "document", doc_id, src.get("creationDateTime"), refs)
    state["direct"][doc_id] = (kids(src, "VariableValue") + ([] if text_el is src else kids(text_el, "VariableValue"))
                               + (kids(media, "VariableValue") if media is not None else []))
    transcript = _transcript(doc_id, text, side_doc, files, origin_of_text, digest, state["labels"], report)
    points = (transcript_sync(text_el, source, ctx.chosen.get(doc_id), doc_id, report) if kind == "Transcript"
              else side_sync(side_doc, text, report, doc_id))
    if points:
        state["sync"][doc_id] = points
        if kind == "Transcript":
            report.warnings.append(sync_summary(doc_id, transcript.turns, points))
        transcript = dataclasses.replace(transcript, turns=timed_turns(transcript.turns, points))
    state["transcripts"].append(transcript)
    return doc_id


def _transcript(doc_id: str, text: str, side_doc: dict | None, files: SourceFiles, origin_of_text: str, digest: str,
                labels: Mapping[str, str] | None, report: ExchangeReport) -> Transcript:
    """The document: turns and provenance from the researchkit extension when the text is unchanged."""
    if side_doc and side_doc.get("sha256") == hashlib.sha256(text.encode("utf-8")).hexdigest():
        try:
            turns = tuple(Turn(sp, role, int(a), int(b), ts) for sp, role, a, b, ts in side_doc.get("turns", []))
        except (TypeError, ValueError) as exc:
            report.warnings.append(f"'{doc_id}': turns in {EXTENSION_MEMBER} unusable ({exc}); found again from the text")
            turns = turns_for_text(doc_id, text, labels=labels)
        s = side_doc.get("source")
        source = None
        if isinstance(s, dict) and isinstance(s.get("path"), str) and isinstance(s.get("sha256"), str):
            source = Source(s["path"], s["sha256"], str(s.get("format") or "memory"), s.get("encoding") if isinstance(s.get("encoding"), str) else None)
        return Transcript(doc_id, text, turns, {}, source)
    if side_doc:
        report.warnings.append(f"'{doc_id}': text changed since researchkit exported it; turns found again from the text")
    return Transcript(doc_id, text, turns_for_text(doc_id, text, labels=labels), {}, Source(f"{files.path}!{origin_of_text}", digest, "qdpx", "utf-8"))


def _read_sources(ctx: _Context, files: SourceFiles, labels: Mapping[str, str] | None) -> dict:
    state: dict[str, Any] = {"transcripts": [], "doc_guids": {}, "guid_to_doc": {}, "rows": [], "direct": {}, "taken": set(),
                             "labels": labels, "text_sources": 0, "missing": 0, "members": {}, "sync": {}, "media": {}}
    sources_el = kid(ctx.root, "Sources")
    media = []
    for src in (list(sources_el) if sources_el is not None else []):
        kind = local(src)
        if not kind:
            continue
        if kind in SELECTION_TAGS:
            media.append((src, kind))  # after the text sources: a transcript may be one of their files
        elif kind in ("TextSource", "PDFSource"):
            _read_source(src, kind, files, ctx, state)
        else:
            ctx.report.not_carried.append(f"<{kind}> '{src.get('name') or ''}' in <Sources>: unknown source type")
    for src, kind in media:
        read_media_source(src, kind, files, ctx, state, _read_source)
    if files.archive is None and state["text_sources"] and state["missing"] == state["text_sources"]:
        raise ExchangeError("RK604", ctx.where, f"none of the {state['text_sources']} text source(s) was found {files.place}",
                            hint="keep the project's Sources folder beside the .qde (as unzipped from the .qdpx), "
                                 "or import the .qdpx file itself")
    return state


def _code_names(codebook: Any, guid_to_code: dict[str, str]) -> dict[str, str]:
    """``GUID -> "code 'name'"`` for the report's lists of set members."""
    return {g: f"code '{codebook[c].name}'" for g, c in guid_to_code.items()} if codebook is not None else {}


def _final_documents(ctx: _Context, state: dict, codebook: Any) -> Corpus:
    texts = {t.doc_id: t.text for t in state["transcripts"]}
    case_codes = case_code_documents(ctx.root, ctx.guid_to_code, state["rows"], texts)
    claims: list[SpeakerClaim] = []
    attributes = document_attributes(ctx.root, state["direct"], state["guid_to_doc"], ctx.report, ctx.memos.attach, case_codes,
                                     selections=ctx.selection_spans, texts=texts, rows=state["rows"],
                                     code_names=ctx.guid_to_code, claims=claims)
    set_attributes(ctx.root, state["guid_to_doc"], attributes, member_names(ctx.root, _code_names(codebook, ctx.guid_to_code)), ctx.report,
                   ctx.memos)
    side_docs = ctx.side.get("documents", {})
    final = []
    for t in state["transcripts"]:
        attrs = add_recording(attributes[t.doc_id], state["media"].get(t.doc_id), t.doc_id, ctx.report)
        side_doc = side_docs.get(state["doc_guids"][t.doc_id])
        if isinstance(side_doc, dict) and isinstance(side_doc.get("attributes"), dict):
            attrs = merge_side_attributes(attrs, side_doc["attributes"])
        final.append(dataclasses.replace(t, attributes=attrs, sync_points=state["sync"].get(t.doc_id, ())))
    corpus = Corpus(final)
    columns = ctx.side.get("speaker_columns")
    columns = [c for c in columns if isinstance(c, str)] if isinstance(columns, list) else None
    own = ctx.side.get("speaker_case_names")  # a pseudonymised export's participant codes (researchkit.refi.privatespeakers)
    own = {(e[0], e[1]): e[2] for e in own if isinstance(e, list) and len(e) == 3 and all(isinstance(x, str) for x in e)} \
        if isinstance(own, list) else {}
    speakers = claimed_speakers(claims, corpus, ctx.report, columns=columns, names=own)
    return Corpus(final, speakers=speakers) if speakers is not None else corpus


def _link_targets(ctx: _Context, state: dict) -> dict[str, list[tuple[str, str]]]:
    """What a link may tie a note to: codes, documents, text selections (their codings, else their document)."""
    targets: dict[str, list[tuple[str, str]]] = {g: [("code", c)] for g, c in ctx.guid_to_code.items()}
    targets.update({g: [("document", d)] for g, d in state["guid_to_doc"].items()})
    targets.update(ctx.selection_targets)
    return targets


def _with_relations(codebook: Any, ctx: _Context) -> Any:
    """The codebook with the project's links between two codes as its relations (their links marked as read)."""
    relations, ctx.relation_links = code_relations(ctx.root, ctx.guid_to_code, ctx.report)
    if codebook is None or not relations:
        return codebook
    from researchkit.codebook import Codebook

    return Codebook.from_dict({**codebook.to_dict(), "relations": relations})


def _project_leftovers(ctx: _Context, state: dict) -> None:
    """Project memos, notes nobody refers to, and what researchkit has no place for."""
    attach_linked_notes(ctx.root, ctx, _link_targets(ctx, state), skip=ctx.relation_links)
    refs = note_refs(ctx.root)
    ctx.memos.attach(refs, "project", "")
    ctx.memos.description(text_of(ctx.root, "Description"), "project", "", ctx.root.get("creationDateTime"), refs)
    for g in ctx.memos.notes:
        if g not in ctx.memos.attached:
            ctx.memos.attach([g], "project", "")
    for g, passages in ctx.note_passages.items():
        if g not in ctx.placed_notes:
            where = ", ".join(f"{a!r}-{b!r}" for _, a, b in passages[:5]) + (f" and {len(passages) - 5} more" if len(passages) > 5 else "")
            ctx.report.not_carried.append(f"note '{ctx.memos.notes[g]['name'] or g}': {len(passages)} text selection(s) "
                                          f"(an annotation on a passage, positions {where}) that no text source refers to, so their "
                                          "document is unknown; its text, name and description are kept as a memo")
    graphs = kid(ctx.root, "Graphs")  # links: researchkit.refi.links; sets: researchkit.refi.sets
    for item in kids(graphs, "Graph") if graphs is not None else []:
        ctx.report.not_carried.append(f"graph '{item.get('name') or norm_guid(item.get('guid'))}': researchkit has no graphs")
    side_memos = ctx.side.get("memos", {})
    for m in ctx.memos.rows:
        extra = side_memos.get(m["id"])
        if isinstance(extra, dict) and extra.get("target_type") in ("project", "document", "code", "coding"):
            for key in ("target_type", "target", "author", "created", "updated"):
                if isinstance(extra.get(key), str):
                    m[key] = extra[key]


def codings_frame(rows: list[dict], report: ExchangeReport) -> pd.DataFrame:
    """The codings table of an exchange from its rows (REFI selections, QualCoder codings): duplicates of one
    passage, code and coder merged and GUIDs made unique, each with a warning in ``report``."""
    codings = pd.DataFrame(rows, columns=CODING_COLUMNS + EXTRA_CODING_COLUMNS)
    codings = codings.astype({"start": "int64", "end": "int64"})
    before = len(codings)
    codings = codings.drop_duplicates(["doc_id", "start", "end", "code", "coder"], keep="first").reset_index(drop=True)
    if len(codings) < before:
        report.warnings.append(f"{before - len(codings)} duplicate coding(s) (same passage, code and coder) merged")
    twice = codings["id"].duplicated(keep="first") & codings["id"].notna()
    for i in codings.index[twice]:  # one GUID on two codings: a project keeps a coding by its id, so each needs its own
        row = codings.loc[i]
        new = stable_guid("duplicate-guid", str(row["id"]), str(row["doc_id"]), str(row["start"]), str(row["end"]), str(row["code"]))
        report.warnings.append(f"coding GUID {row['id']} used twice (again on '{row['doc_id']}' {row['start']}-{row['end']}, "
                               f"code '{row['code']}'); that coding gets GUID {new}")
        codings.loc[i, "id"] = new
    return codings


def _read_project(root: Any, archive: SourceFiles, where: str, report: ExchangeReport, sidecar: dict | None, *,
                  labels: Mapping[str, str] | None, strict: bool) -> Exchange:
    ctx = _Context(root, where, report, sidecar or {}, strict=strict)
    report.origin = ctx.origin
    schema_check(root, "project", where, report, strict)
    book_el = kid(root, "CodeBook")
    codes_el = kid(book_el, "Codes") if book_el is not None else None
    nodes = code_nodes(codes_el, where=where) if codes_el is not None else []
    _read_notes(ctx, archive)
    for node in walk(nodes):  # code memos researchkit appended to the Description (for QualCoder) are memos, not definition
        if node["notes"] and node["description"]:
            node["description"] = ctx.memos.strip(node["description"], ctx.memos.blocks(node["notes"])) or ""
    codebook, ctx.guid_to_code = build_codebook(nodes, where, report, sidecar, title=root.get("name"))
    codebook = _with_relations(codebook, ctx)
    for el in code_elements(codes_el):
        code_id = ctx.guid_to_code.get(norm_guid(el.get("guid")) or "")
        if code_id:
            ctx.memos.attach(note_refs(el), "code", code_id)
    state = _read_sources(ctx, archive, labels)
    if codebook is not None and not (sidecar or {}).get("codebook_yaml"):  # researchkit's own export states its language
        texts = [t.text for t in state["transcripts"]] or [t for n in walk(nodes) for t in (n["name"], n["description"]) if t]
        codebook = codebook_language(codebook, texts, "documents" if state["transcripts"] else "code names and descriptions", report)
    attribute_coders(state["rows"], ctx.coder_of, report, fallback=ctx.default_why)
    final = _final_documents(ctx, state, codebook)
    _project_leftovers(ctx, state)
    codings = codings_frame(state["rows"], report)
    memos = pd.DataFrame(ctx.memos.rows, columns=MEMO_COLUMNS + MEMO_NAME_COLUMNS)
    coders = {name: guid for guid, name in ctx.users.items()}
    for name in sorted(set(codings["coder"]) | set(memos["author"])):
        coders.setdefault(name, stable_guid(root.get("name") or "", "coder", name))
    report.counts = {"documents": len(final), "codes": len(codebook) if codebook is not None else 0,
                     "codings": len(codings), "coders": len(set(codings["coder"])), "memos": len(memos)}
    emit(report)
    code_guids = {cid: guid for guid, cid in ctx.guid_to_code.items()}
    side = sidecar or {}
    return Exchange(side.get("name") or root.get("name") or "", final, codebook, codings, coders, memos,
                    state["doc_guids"], code_guids, side.get("created") or root.get("creationDateTime"), ctx.origin, report,
                    sync_points=state["sync"])


def _unique(name: str, guid: str, taken: set[str], what: str, report: ExchangeReport) -> str:
    """``name``, or ``name (GUID prefix)`` when another entity already has it (reported)."""
    if name in taken:
        new = f"{name} ({guid[:8]})"
        report.warnings.append(f"two {what} are called '{name}'; the one with GUID {guid} becomes '{new}'")
        name = new
    taken.add(name)
    return name
