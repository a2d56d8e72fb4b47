"""Read REFI-QDA files written by NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette, qc ... and researchkit.

What real files do, and what this reader does about it:

* the project may be ``project.qde`` or ``<name>.qde``; sources may sit in ``sources/``
  or ``Sources/``; ``plainTextPath`` may lack ``internal://`` -- all are found;
* elements are matched by local name, so namespace variants (``urn:QDA-XML:codebook:1:0``,
  ``0:4``) read the same; schema problems (an empty ``<Sets/>``) become warnings;
* GUIDs may be upper case or braced: they are normalised (lower case, no braces);
* code names may repeat at different levels, or carry the hierarchy (``Parent::Child``,
  ``a\\b``): ids are made unique and the tree rebuilt (:mod:`researchkit.refi.codes`);
* variables may sit in cases (named or not) or on the sources themselves;
* memos may be ``Note``\\s or ``Description``\\s;
* offsets may be code points, or UTF-16 units with CRLF counted as 2 (NVivo): the
  convention is chosen per source (:mod:`researchkit.refi.offsets`) and reported; texts
  become canonical (NFC, ``\\n``), and every coding's ``text[start:end]`` is the passage
  the other program showed;
* what researchkit cannot hold (picture, audio, video and PDF-area selections, graphs,
  links, sets) is listed in the :class:`~researchkit.refi.model.ExchangeReport`, never
  dropped silently.

Archives and XML are opened with :mod:`researchkit.refi.safety` (zip-slip, zip bombs,
entities refused).
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path
from urllib.parse import unquote
from typing import Any, Iterable, Mapping

import pandas as pd
import yaml

from researchkit.yamlsafe import safe_load
from lxml import etree

from researchkit.codings import CODING_COLUMNS
from researchkit.errors import CodebookError, ExchangeError, ExchangeWarning
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.text import decode_bytes
from researchkit.refi.codes import describe_code, make_code_id, normalise_color, parse_description, split_hierarchy
from researchkit.refi.model import (
    EXTENSION_FORMAT,
    EXTENSION_MEMBER,
    EXTRA_CODING_COLUMNS,
    MEMO_COLUMNS,
    Exchange,
    ExchangeReport,
    attribute_text,
    norm_guid,
    stable_guid,
)
from researchkit.refi.offsets import SourceText, choose_convention
from researchkit.refi.safety import SafeArchive, parse_xml
from researchkit.refi.validate import validate_xml
from researchkit.transcripts import Corpus, Source, Transcript, Turn

__all__ = ["read_qdc", "read_qdpx", "turns_for_text"]



# -- small XML helpers ------------------------------------------------------------------

def _local(el: Any) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _kids(el: Any, name: str) -> list:
    """Children called ``name`` in any (or no) namespace."""
    return list(el.iterchildren("{*}" + name))


def _kid(el: Any, name: str) -> Any:
    return next(el.iterchildren("{*}" + name), None)


def _text_of(el: Any, name: str) -> str | None:
    child = _kid(el, name)
    return None if child is None else (child.text or "")


def _note_refs(el: Any) -> list[str]:
    return [norm_guid(r.get("targetGUID")) for r in _kids(el, "NoteRef") if r.get("targetGUID")]


# -- codes ------------------------------------------------------------------------------

def _code_nodes(parent: Any) -> list[dict]:
    nodes = []
    for el in _kids(parent, "Code"):
        nodes.append({
            "guid": norm_guid(el.get("guid")) or stable_guid("code-without-guid", el.get("name") or "", str(el.sourceline)),
            "name": (el.get("name") or "").strip() or "(unnamed)",
            "color": el.get("color"),
            "codable": (el.get("isCodable") or "true").strip().lower() not in ("false", "0"),
            "description": _text_of(el, "Description"),
            "notes": _note_refs(el),
            "line": el.sourceline,
            "children": _code_nodes(el),
        })
    return nodes


def _unflatten(nodes: list[dict], path: tuple[str, ...] = ()) -> list[dict]:
    """Rebuild hierarchy written into names (``A::B``) among siblings, recursively."""
    out: list[dict] = []
    by_name: dict[str, dict] = {}
    for node in nodes:
        parts = split_hierarchy(node["name"])
        siblings, index, prefix = out, by_name, path
        for part in parts[:-1]:
            prefix = prefix + (part,)
            parent = index.get(part)
            if parent is None:
                parent = {"guid": stable_guid("code-path", *prefix), "name": part, "color": None, "codable": True,
                          "description": None, "notes": [], "line": node["line"], "children": [], "_index": {}}
                siblings.append(parent)
                index[part] = parent
            parent.setdefault("_index", {c["name"]: c for c in parent["children"]})
            siblings, index = parent["children"], parent["_index"]
        node = dict(node, name=parts[-1])
        siblings.append(node)
        index.setdefault(node["name"], node)
    for node in out:
        node.pop("_index", None)
        node["children"] = _unflatten(node["children"], path + (node["name"],))
    return out


def _walk(nodes: Iterable[dict]) -> Iterable[dict]:
    for node in nodes:
        yield node
        yield from _walk(node["children"])


def _build_codebook(nodes: list[dict], where: str, report: ExchangeReport, sidecar: Mapping | None = None,
                    title: str | None = None) -> tuple[Any, dict[str, str]]:
    """A researchkit Codebook from REFI code nodes; returns it and ``guid -> code id``."""
    from researchkit.codebook import Codebook

    nodes = _unflatten(nodes)
    side_ids: dict[str, str] = dict((sidecar or {}).get("codes", {}))
    side_book = None
    if sidecar and sidecar.get("codebook_yaml"):
        try:
            side_book = Codebook.from_dict(safe_load(sidecar["codebook_yaml"]))
        except (CodebookError, yaml.YAMLError) as exc:
            report.warnings.append(f"researchkit extension codebook unreadable, codes rebuilt from the XML ({exc})")
            side_book, side_ids = None, {}
    seen: set[str] = set()
    for node in _walk(nodes):
        if node["guid"] in seen:
            new = stable_guid("duplicate-guid", node["guid"], str(node["line"]))
            report.warnings.append(f"{where}: code GUID {node['guid']} used twice (line {node['line']}); the second "
                                   f"'{node['name']}' gets GUID {new}")
            node["guid"] = new
        seen.add(node["guid"])
    taken = {side_ids[n["guid"]] for n in _walk(nodes) if n["guid"] in side_ids and side_book is not None and side_ids[n["guid"]] in side_book}
    guid_to_id: dict[str, str] = {}
    side_colors = side_book.colors() if side_book is not None else {}

    def convert(node: dict, parent_id: str | None) -> dict:
        known = side_ids.get(node["guid"]) if side_book is not None else None
        if known is not None and known in side_book and known not in guid_to_id.values():
            code_id = known
            data = side_book[known].to_dict()
            data.pop("children", None)
            data["name"] = node["name"]
            data.pop("color", None)
            code = side_book[known]
            ours = describe_code(code.description, include=code.extra.get("_include_list", code.include),
                                 exclude=code.extra.get("_exclude_list", code.exclude), examples=code.examples)
            if (node["description"] or "") != ours:
                parts = parse_description(node["description"])
                for key in ("description", "include", "exclude", "examples"):
                    data.pop(key, None)
                    if parts[key]:
                        data[key] = parts[key]
        else:
            code_id = make_code_id(node["name"], taken, parent=parent_id)
            data = {"id": code_id, "name": node["name"]}
            parts = parse_description(node["description"])
            for key in ("description", "include", "exclude", "examples"):
                if parts[key]:
                    data[key] = parts[key]
            if not node["codable"]:
                data["x_refi_codable"] = False
        data["id"] = code_id
        color = normalise_color(node["color"])
        if node["color"] and color is None:
            report.warnings.append(f"{where}, line {node['line']}: colour {node['color']!r} of code '{node['name']}' is not #RGB/#RRGGBB; dropped")
        if known is not None and code_id == known and color == side_colors.get(known):
            color = side_book[known].color  # researchkit exported the derived colour: keep the code's own (maybe none)
        if color:
            data["color"] = color
        guid_to_id[node["guid"]] = code_id
        children = [convert(child, code_id) for child in node["children"]]
        if children:
            data["children"] = children
        return data

    tree = [convert(node, None) for node in nodes]
    if side_book is not None:
        top = side_book.to_dict()
        top["codes"] = tree
        dropped = [cid for guid, cid in side_ids.items() if cid in side_book and cid not in guid_to_id.values()]
        if dropped:
            report.warnings.append(f"codes deleted in the other program (kept out of the codebook): {', '.join(sorted(dropped))}")
    else:
        top = {"codebook": title, "codes": tree} if title else {"codes": tree}
    if not tree:
        return None, guid_to_id
    try:
        book = Codebook.from_dict(top)
    except CodebookError as exc:
        raise ExchangeError("RK604", where, f"the codes do not make a valid codebook: {exc}",
                            hint="fix the code names in the other program and export again") from None
    return book, guid_to_id


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
    if _local(root) != "CodeBook":
        raise ExchangeError("RK600", path, f"root element is <{_local(root)}>, not <CodeBook>",
                            hint="a .qdc file holds a REFI-QDA codebook; for a whole project use read_qdpx")
    report = ExchangeReport(str(path), origin=root.get("origin") or "")
    _schema_check(root, "codebook", str(path), report, strict)
    codes = _kid(root, "Codes")
    book, _ = _build_codebook(_code_nodes(codes) if codes is not None else [], str(path), report)
    sets = _kid(root, "Sets")
    if sets is not None:
        for s in _kids(sets, "Set"):
            report.not_carried.append(f"code set '{s.get('name')}' ({len(_kids(s, 'MemberCode'))} codes): researchkit has no code sets")
    _emit(report)
    if book is None:
        raise ExchangeError("RK604", path, "the codebook has no codes", hint="export a codebook with codes")
    return book


def _schema_check(root: Any, kind: str, where: str, report: ExchangeReport, strict: bool) -> None:
    ns = etree.QName(root).namespace or ""
    expected = "urn:QDA-XML:project:1.0" if kind == "project" else "urn:QDA-XML:codebook:1.0"
    if ns != expected:
        report.warnings.append(f"namespace {ns!r} instead of {expected!r}; read by element names")
    problems = validate_xml(root, kind, where=where)
    if problems and strict:
        raise ExchangeError("RK603", where, "not valid against the REFI-QDA schema: " + "; ".join(problems[:5]),
                            hint="read it without strict=True to import it with warnings")
    if problems:
        shown = "; ".join(problems[:3]) + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")
        report.warnings.append(f"not valid against the REFI-QDA schema, read anyway: {shown}")


def _emit(report: ExchangeReport) -> None:
    if report.warnings or report.not_carried:
        parts = report.warnings[:3] + report.not_carried[:3]
        more = len(report.warnings) + len(report.not_carried) - len(parts)
        warnings.warn(f"{report.path}: " + "; ".join(parts) + (f"; and {more} more (see the import report)" if more else ""),
                      ExchangeWarning, stacklevel=3)


# -- turns from a plain text ------------------------------------------------------------

def turns_for_text(doc_id: str, text: str, *, labels: Mapping[str, str] | None = None,
                   attributes: Mapping | None = None) -> tuple[Turn, ...]:
    """Speaker turns of a canonical text whose layout must stay exactly as it is.

    The speaker grammar of the transcript readers is applied line by line; turn offsets
    point into ``text`` itself (no line is moved or trimmed).

    Examples
    --------
    >>> turns_for_text("x", "I: Dag.\\n\\nR:  Goedemorgen.\\nNog iets.")
    (Turn(speaker='I', role='interviewer', start=3, end=7, timestamp=None), Turn(speaker='R', role='respondent', start=13, end=35, timestamp=None))
    """
    lines, starts, pos = [], [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lines.append(RawParagraph(stripped, f"line {len(starts) + 1}"))
            starts.append(pos + (len(line) - len(line.lstrip())))
        pos += len(line) + 1
    if not lines:
        return ()
    built = assemble(doc_id, lines, labels=labels, attributes=attributes)
    spans = built.paragraphs

    def to_original(p: int, *, is_end: bool) -> int:
        for (a, b), origin in zip(spans, starts):
            if a <= p < b or (is_end and a < p <= b):
                return origin + (p - a)
        return len(text) if is_end else 0

    out = []
    for turn in built.turns:
        out.append(Turn(turn.speaker, turn.role, to_original(turn.start, is_end=False), to_original(turn.end, is_end=True), turn.timestamp))
    return tuple(out)


# -- sources ----------------------------------------------------------------------------

def _decode_source(data: bytes, where: str, report: ExchangeReport) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "\ufeff" + data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "\ufeff" + data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text, used = decode_bytes(data, where)
        report.warnings.append(f"{where}: not UTF-8 as REFI-QDA requires; decoded as {used}")
        return text


class _Archive:
    """Source files of a .qdpx (or none, for a bare .qde)."""

    def __init__(self, archive: SafeArchive | None, path: str) -> None:
        self.archive, self.path = archive, path

    def find(self, ref: str) -> str | None:
        if self.archive is None:
            return None
        ref = ref.strip()
        for scheme in ("internal://", "relative://", "file://"):
            if ref.lower().startswith(scheme):
                ref = ref[len(scheme):]
        ref = ref.lstrip("/").replace("\\", "/")
        for name in dict.fromkeys((ref, unquote(ref))):  # some programs percent-encode spaces
            for candidate in (f"sources/{name}", name):
                hit = self.archive.find(candidate)
                if hit:
                    return hit
        return None

    def read(self, member: str) -> bytes:
        assert self.archive is not None
        return self.archive.read(member)


def _source_text(el: Any, archive: _Archive, where: str, report: ExchangeReport) -> tuple[str | None, str, str]:
    """Raw text of a TextSource-like element, where it came from, and the sha256 of its bytes."""
    content = _kid(el, "PlainTextContent")
    if content is not None:
        raw = content.text or ""
        return raw, "PlainTextContent", hashlib.sha256(raw.encode("utf-8")).hexdigest()
    ref = el.get("plainTextPath")
    if not ref:
        return None, "no plainTextPath or PlainTextContent", ""
    if ref.lower().startswith("absolute://"):
        return None, f"plainTextPath {ref!r} points outside the archive (absolute paths are not followed)", ""
    member = archive.find(ref)
    if member is None:
        return None, f"plainTextPath {ref!r} not found in the archive", ""
    data = archive.read(member)
    return _decode_source(data, f"{archive.path}!{member}", report), member, hashlib.sha256(data).hexdigest()


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
        root = parse_xml(data, where)
        if _local(root) != "Project":
            raise ExchangeError("RK600", where, f"root element is <{_local(root)}>, not <Project>",
                                hint="for a codebook (.qdc) use read_qdc")
        sidecar = _read_sidecar(archive, path, report)
        return _read_project(root, _Archive(archive, str(path)), where, report, sidecar, labels=labels, strict=strict)
    finally:
        if archive is not None:
            archive.close()


def _read_sidecar(archive: SafeArchive | None, path: Path, report: ExchangeReport) -> dict | None:
    if archive is None:
        return None
    member = archive.find(EXTENSION_MEMBER)
    if member is None:
        return None
    try:
        data = json.loads(archive.read(member).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        report.warnings.append(f"{EXTENSION_MEMBER} unreadable ({exc}); read as a file from another program")
        return None
    if not isinstance(data, dict) or data.get("format") != EXTENSION_FORMAT or data.get("version") != 1:
        report.warnings.append(f"{EXTENSION_MEMBER} has an unknown format; ignored")
        return None
    return data


def _read_project(root: Any, archive: _Archive, where: str, report: ExchangeReport, sidecar: dict | None, *,
                  labels: Mapping[str, str] | None, strict: bool) -> Exchange:
    origin = root.get("origin") or ""
    report.origin = origin
    _schema_check(root, "project", where, report, strict)
    side = sidecar or {}

    # users -> coder names (unique)
    users: dict[str, str] = {}
    used_names: set[str] = set()
    users_el = _kid(root, "Users")
    for u in _kids(users_el, "User") if users_el is not None else []:
        guid = norm_guid(u.get("guid"))
        if not guid:
            continue
        name = (side.get("coders", {}).get(guid) or u.get("name") or u.get("id") or f"user-{guid[:8]}").strip()
        users[guid] = _unique(name, guid, used_names, "users", report)
    default_user = users.get(norm_guid(root.get("creatingUserGUID")) or "", None)

    def coder_of(*guids: str | None) -> str:
        for g in guids:
            g = norm_guid(g)
            if g and g in users:
                return users[g]
            if g:
                name = f"user-{g[:8]}"
                if g not in users:
                    report.warnings.append(f"user GUID {g} is not in <Users>; its work is credited to '{name}'")
                    users[g] = name
                return name
        return default_user or "import"

    # codes
    book_el = _kid(root, "CodeBook")
    codes_el = _kid(book_el, "Codes") if book_el is not None else None
    code_nodes = _code_nodes(codes_el) if codes_el is not None else []
    codebook, guid_to_code = _build_codebook(code_nodes, where, report, sidecar, title=root.get("name"))

    # notes (memos) -- collected first, attached to targets below
    notes: dict[str, dict] = {}
    notes_el = _kid(root, "Notes")
    for n in _kids(notes_el, "Note") if notes_el is not None else []:
        guid = norm_guid(n.get("guid"))
        text, _, _ = _source_text(n, archive, where, report)
        notes[guid] = {"text": text if text is not None else "", "author": coder_of(n.get("creatingUser")),
                       "created": n.get("creationDateTime") or "", "updated": n.get("modifiedDateTime") or n.get("creationDateTime") or "",
                       "name": n.get("name") or ""}
    memo_rows: list[dict] = []
    attached: set[str] = set()

    def attach(note_guids: list[str], target_type: str, target: str) -> None:
        for g in note_guids:
            note = notes.get(g)
            if note is None:
                report.warnings.append(f"NoteRef to unknown note {g} on {target_type} '{target}'; ignored")
                continue
            memo_id = g if g not in attached else stable_guid("note-copy", g, target_type, target)
            attached.add(g)
            memo_rows.append({"id": memo_id, "target_type": target_type, "target": target, "author": note["author"],
                              "text": note["text"], "created": note["created"], "updated": note["updated"]})

    def description_memo(text: str | None, target_type: str, target: str, when: str | None) -> None:
        if text and text.strip():
            memo_rows.append({"id": stable_guid("description", target_type, target), "target_type": target_type, "target": target,
                              "author": default_user or "import", "text": text, "created": when or "", "updated": when or ""})

    for el in (codes_el.iter() if codes_el is not None else []):
        if isinstance(el.tag, str) and _local(el) == "Code":
            code_id = guid_to_code.get(norm_guid(el.get("guid")) or "")
            if code_id:
                attach(_note_refs(el), "code", code_id)

    # sources
    side_docs = side.get("documents", {})
    side_codings = side.get("codings", {})
    transcripts: list[Transcript] = []
    doc_guids: dict[str, str] = {}
    guid_to_doc: dict[str, str] = {}
    rows: list[dict] = []
    direct_values: dict[str, list] = {}
    sources_el = _kid(root, "Sources")
    taken_ids: set[str] = set()
    for src in (list(sources_el) if sources_el is not None else []):
        kind = _local(src)
        if not kind:
            continue
        name = src.get("name") or ""
        if kind in ("PictureSource", "AudioSource", "VideoSource"):
            sel_tag = {"PictureSource": "PictureSelection", "AudioSource": "AudioSelection", "VideoSource": "VideoSelection"}[kind]
            sels = _kids(src, sel_tag)
            n_codings = sum(len(_kids(s, "Coding")) for s in sels) + len(_kids(src, "Coding"))
            report.not_carried.append(f"{kind} '{name}': {len(sels)} {sel_tag.replace('Selection', '').lower()} selection(s) "
                                      f"with {n_codings} coding(s) and {len(_kids(src, 'Transcript'))} transcript(s): researchkit codes text only")
            continue
        if kind == "PDFSource":
            areas = _kids(src, "PDFSelection")
            if areas:
                n_codings = sum(len(_kids(s, "Coding")) for s in areas)
                report.not_carried.append(f"PDFSource '{name}': {len(areas)} area selection(s) with {n_codings} coding(s) on PDF pages")
            rep = _kid(src, "Representation")
            if rep is None:
                report.not_carried.append(f"PDFSource '{name}': no text representation; its text codings cannot be carried")
                continue
            text_el, guid_el = rep, src
        elif kind == "TextSource":
            text_el, guid_el = src, src
        else:
            report.not_carried.append(f"<{kind}> '{name}' in <Sources>: unknown source type")
            continue
        guid = norm_guid(guid_el.get("guid")) or stable_guid("source", name)
        raw, origin_of_text, digest = _source_text(text_el, archive, where, report)
        selections = _kids(text_el, "PlainTextSelection")
        if raw is None:
            n_codings = sum(len(_kids(s, "Coding")) for s in selections)
            report.not_carried.append(f"{kind} '{name}' ({guid}): {origin_of_text}; the document and its {n_codings} coding(s) are missing")
            if strict:
                raise ExchangeError("RK604", where, f"{kind} '{name}': {origin_of_text}", hint="export the project again with its sources")
            continue
        source_text = SourceText(raw)
        text = source_text.canonical
        side_doc = side_docs.get(guid) if isinstance(side_docs.get(guid), dict) else None
        doc_id = _unique((side_doc or {}).get("doc_id") or name or Path(origin_of_text).stem or guid, guid, taken_ids, "sources", report)
        doc_guids[doc_id] = guid
        guid_to_doc[guid] = doc_id
        if kind == "PDFSource":
            report.warnings.append(f"PDFSource '{name}': imported through its text representation as document '{doc_id}'")

        # selections
        sel_data = []
        for s in selections:
            try:
                start, end = int(s.get("startPosition")), int(s.get("endPosition"))
            except (TypeError, ValueError):
                report.not_carried.append(f"selection {s.get('guid')} in '{doc_id}': positions "
                                          f"{s.get('startPosition')!r}-{s.get('endPosition')!r} are not numbers; {len(_kids(s, 'Coding'))} coding(s) not imported")
                continue
            sel_data.append((s, start, end))
        choice = choose_convention(source_text, [d[1] for d in sel_data], [d[2] for d in sel_data], origin=origin)
        report.conventions[doc_id] = choice.describe()
        cs, ce, ok = source_text.to_canonical([d[1] for d in sel_data], [d[2] for d in sel_data], choice.convention)
        for (s, start, end), a, b, fits in zip(sel_data, cs.tolist(), ce.tolist(), ok.tolist()):
            sel_guid = norm_guid(s.get("guid")) or ""
            codings = _kids(s, "Coding")
            if not fits or a >= b:
                why = "does not fit the text" if not fits else "is empty"
                msg = (f"selection {sel_guid} in '{doc_id}' ({start}-{end}) {why} under {choice.convention.label}; "
                       f"{len(codings)} coding(s) not imported")
                if strict:
                    raise ExchangeError("RK605", where, msg, hint="read without strict=True to import the rest")
                report.not_carried.append(msg)
                continue
            memo = _text_of(s, "Description")
            added: list[str] = []
            for c in codings:
                ref = _kid(c, "CodeRef")
                code_guid = norm_guid(ref.get("targetGUID")) if ref is not None else None
                code_id = guid_to_code.get(code_guid or "")
                if code_id is None:
                    report.not_carried.append(f"coding {c.get('guid')} in '{doc_id}' refers to unknown code {code_guid}")
                    continue
                cid = norm_guid(c.get("guid")) or stable_guid("coding", sel_guid, code_guid or "")
                extra = side_codings.get(cid, {}) if isinstance(side_codings.get(cid), dict) else {}
                rows.append({"doc_id": doc_id, "start": a, "end": b, "code": code_id,
                             "coder": coder_of(c.get("creatingUser"), s.get("creatingUser"), src.get("creatingUser")),
                             "source": extra.get("source", "import"), "text": text[a:b], "id": cid,
                             "created": c.get("creationDateTime") or s.get("creationDateTime") or extra.get("created"),
                             "memo": memo if memo and memo.strip() else None,
                             "unit": extra.get("unit"), "rule_id": extra.get("rule_id"), "evidence": extra.get("evidence"),
                             "confidence": extra.get("confidence"), "origin": extra.get("origin")})
                attach(_note_refs(c), "coding", cid)
                added.append(cid)
            for cid in added:  # notes on the selection belong to each of its codings
                attach(_note_refs(s), "coding", cid)
        for c in _kids(text_el, "Coding"):  # a coding of the whole source
            ref = _kid(c, "CodeRef")
            code_id = guid_to_code.get(norm_guid(ref.get("targetGUID")) if ref is not None else "")
            if code_id is None or not text:
                report.not_carried.append(f"whole-document coding {c.get('guid')} in '{doc_id}': unknown code or empty text")
                continue
            cid = norm_guid(c.get("guid")) or stable_guid("coding", guid, code_id)
            rows.append({"doc_id": doc_id, "start": 0, "end": len(text), "code": code_id, "coder": coder_of(c.get("creatingUser")),
                         "source": "import", "text": text, "id": cid, "created": c.get("creationDateTime"), "memo": None,
                         "unit": "document", "rule_id": None, "evidence": None, "confidence": None, "origin": None})
        attach(_note_refs(text_el), "document", doc_id)
        description_memo(_text_of(text_el, "Description"), "document", doc_id, text_el.get("creationDateTime"))
        direct_values[doc_id] = _kids(src, "VariableValue") + ([] if text_el is src else _kids(text_el, "VariableValue"))

        # turns, attributes and provenance
        if side_doc and side_doc.get("sha256") == hashlib.sha256(text.encode("utf-8")).hexdigest():
            try:
                turns = tuple(Turn(sp, role, int(a), int(b), ts) for sp, role, a, b, ts in side_doc.get("turns", []))
            except (TypeError, ValueError) as exc:
                report.warnings.append(f"'{doc_id}': turns in {EXTENSION_MEMBER} unusable ({exc}); found again from the text")
                turns = turns_for_text(doc_id, text, labels=labels)
            s = side_doc.get("source")
            source = Source(s["path"], s["sha256"], s.get("format") or "memory", s.get("encoding")) if isinstance(s, dict) else None
        else:
            if side_doc:
                report.warnings.append(f"'{doc_id}': text changed since researchkit exported it; turns found again from the text")
            turns = turns_for_text(doc_id, text, labels=labels)
            source = Source(f"{archive.path}!{origin_of_text}", digest, "qdpx", "utf-8")
        transcripts.append(Transcript(doc_id, text, turns, {}, source))

    # variables and cases -> attributes
    variables: dict[str, tuple[str, str]] = {}
    vars_el = _kid(root, "Variables")
    for v in _kids(vars_el, "Variable") if vars_el is not None else []:
        variables[norm_guid(v.get("guid")) or ""] = (v.get("name") or "variable", v.get("typeOfVariable") or "Text")
    attributes: dict[str, dict] = {t.doc_id: {} for t in transcripts}
    origins: dict[tuple[str, str], str] = {}

    def put_values(doc_id: str, values: list, label: str) -> None:
        for vv in values:
            ref = _kid(vv, "VariableRef")
            var = variables.get(norm_guid(ref.get("targetGUID")) if ref is not None else "")
            if var is None:
                report.warnings.append(f"{label}: value for an unknown variable; ignored")
                continue
            value = _typed_value(vv)
            if value is None:
                continue
            key = (doc_id, var[0])
            if key in origins and attributes[doc_id].get(var[0]) != value:
                report.warnings.append(f"'{doc_id}': variable '{var[0]}' is {attributes[doc_id][var[0]]!r} in {origins[key]} "
                                       f"and {value!r} in {label}; the first is kept")
                continue
            origins[key] = label
            attributes[doc_id][var[0]] = value

    for doc_id, values in direct_values.items():
        put_values(doc_id, values, f"source '{doc_id}'")
    cases_el = _kid(root, "Cases")
    for case in _kids(cases_el, "Case") if cases_el is not None else []:
        cname = case.get("name") or ""
        label = f"case '{cname}'" if cname else f"unnamed case {norm_guid(case.get('guid'))}"
        targets = [guid_to_doc[g] for g in (norm_guid(r.get("targetGUID")) for r in _kids(case, "SourceRef")) if g in guid_to_doc]
        if not targets and cname in attributes:
            targets = [cname]
        if not targets:
            report.not_carried.append(f"{label}: no source of the project belongs to it; its {len(_kids(case, 'VariableValue'))} value(s) not imported")
            continue
        for doc_id in targets:
            put_values(doc_id, _kids(case, "VariableValue"), label)
            if cname and cname != doc_id and "case" not in attributes[doc_id]:
                attributes[doc_id]["case"] = cname
        if _kids(case, "CodeRef") or _kids(case, "SelectionRef"):
            report.not_carried.append(f"{label}: case-level code or selection references (researchkit cases are documents)")
        attach(_note_refs(case), "document", targets[0])
    final = []
    for t in transcripts:
        attrs = attributes[t.doc_id]
        side_doc = side_docs.get(doc_guids[t.doc_id]) if isinstance(side_docs.get(doc_guids[t.doc_id]), dict) else None
        if side_doc and isinstance(side_doc.get("attributes"), dict):
            merged = {}
            for k, v in side_doc["attributes"].items():  # typed values from researchkit, unless edited elsewhere
                if k in attrs and attribute_text(v) == attribute_text(attrs[k]):
                    merged[k] = v
                elif k not in attrs and (v is None or (isinstance(v, float) and v != v)):
                    merged[k] = v
            for k, v in attrs.items():
                merged.setdefault(k, v)
            attrs = {k: merged[k] for k in list(side_doc["attributes"]) + [k for k in merged if k not in side_doc["attributes"]] if k in merged}
        final.append(Transcript(t.doc_id, t.text, t.turns, attrs, t.source))

    # project-level memos, unreferenced notes, and the rest of what cannot be carried
    attach(_note_refs(root), "project", "")
    description_memo(_text_of(root, "Description"), "project", "", root.get("creationDateTime"))
    for g in notes:
        if g not in attached:
            attach([g], "project", "")
    for tag, what in (("Links", "Link"), ("Sets", "Set"), ("Graphs", "Graph")):
        el = _kid(root, tag)
        for item in _kids(el, what) if el is not None else []:
            report.not_carried.append(f"{what.lower()} '{item.get('name') or norm_guid(item.get('guid'))}': researchkit has no {tag.lower()}")
    side_memos = side.get("memos", {})
    for m in memo_rows:
        extra = side_memos.get(m["id"])
        if isinstance(extra, dict) and extra.get("target_type") in ("project", "document", "code", "coding"):
            for key in ("target_type", "target", "author", "created", "updated"):
                if extra.get(key) is not None:
                    m[key] = extra[key]

    codings = pd.DataFrame(rows, columns=CODING_COLUMNS + EXTRA_CODING_COLUMNS)
    codings = codings.astype({"start": "int64", "end": "int64"})
    before = len(codings)
    codings = codings.drop_duplicates(["doc_id", "start", "end", "code", "coder"], keep="first").reset_index(drop=True)
    if len(codings) < before:
        report.warnings.append(f"{before - len(codings)} duplicate coding(s) (same passage, code and coder) merged")
    memos = pd.DataFrame(memo_rows, columns=MEMO_COLUMNS)
    coders = {name: guid for guid, name in users.items()}
    for name in sorted(set(codings["coder"]) | set(memos["author"])):
        coders.setdefault(name, stable_guid(root.get("name") or "", "coder", name))
    report.counts = {"documents": len(final), "codes": len(codebook) if codebook is not None else 0,
                     "codings": len(codings), "coders": len(set(codings["coder"])), "memos": len(memos)}
    _emit(report)
    code_guids = {cid: guid for guid, cid in guid_to_code.items()}
    return Exchange(side.get("name") or root.get("name") or "", Corpus(final), codebook, codings, coders, memos,
                    doc_guids, code_guids, side.get("created") or root.get("creationDateTime"), origin, report)


def _unique(name: str, guid: str, taken: set[str], what: str, report: ExchangeReport) -> str:
    """``name``, or ``name (GUID prefix)`` when another entity already has it (reported)."""
    if name in taken:
        new = f"{name} ({guid[:8]})"
        report.warnings.append(f"two {what} are called '{name}'; the one with GUID {guid} becomes '{new}'")
        name = new
    taken.add(name)
    return name


def _typed_value(vv: Any) -> Any:
    for tag, convert in (("TextValue", str), ("IntegerValue", int), ("FloatValue", float), ("BooleanValue", _bool),
                         ("DateValue", str), ("DateTimeValue", str)):
        el = _kid(vv, tag)
        if el is not None:
            try:
                return convert((el.text or "").strip() if tag != "TextValue" else (el.text or ""))
            except ValueError:
                return el.text
    return None


def _bool(text: str) -> bool:
    if text.lower() in ("true", "1"):
        return True
    if text.lower() in ("false", "0"):
        return False
    raise ValueError(text)
