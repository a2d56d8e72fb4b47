"""Write REFI-QDA files: ``.qdc`` codebooks and ``.qdpx`` projects.

A ``.qdpx`` is a zip archive holding ``project.qde`` (QDA-XML, UTF-8 without BOM) and
one ``sources/<GUID>.txt`` per document (the canonical text, UTF-8, ``\\n`` line ends),
referred to as ``internal://<GUID>.txt``. Selection offsets are code points in that text,
so they are exactly researchkit's offsets. Every coding is a ``PlainTextSelection`` with
one ``Coding`` carrying its coder (``creatingUser``); a coding memo is the selection's
``Description``; memos are ``Note``\\s referred to from their target. Respondent
attributes become variables and one case per document.

GUIDs are stable: documents, codes, codings and memos use the ids the project stores;
coders, variables, cases and selections use name-based GUIDs (uuid5), so exporting the
same project twice gives the same file, byte for byte, and a program that imports it
again recognises every entity.

researchkit also stores what REFI-QDA has no place for (code ids and auto-coding rules,
turns, coding provenance) in ``researchkit/extension.json`` inside the archive; other
programs ignore it, and researchkit reads it back so that a round trip is lossless.

Every ``project.qde`` and ``.qdc`` written is validated against the schemas shipped in
``researchkit/refi/schemas`` before the file is put in place (atomically).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import math
import re
import zipfile
from pathlib import Path
from typing import Any, Sequence

from lxml import etree

from researchkit import __version__
from researchkit.errors import ExchangeError
from researchkit.fileio import atomic_path, atomic_write
from researchkit.refi.codes import describe_code
from researchkit.refi.model import EXTENSION_FORMAT, EXTENSION_MEMBER, Exchange, ExchangeReport, attribute_text, stable_guid
from researchkit.refi.validate import validate_xml

__all__ = ["write_qdc", "write_qdpx", "project_xml", "codebook_xml", "codebook_guids", "qdpx_bytes"]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def _guid(value: str) -> str:
    return value.upper()


def _el(parent: Any, ns: str, tag: str, **attrs: Any) -> Any:
    clean = {k: str(v) for k, v in attrs.items() if v is not None and v != ""}
    return etree.SubElement(parent, f"{{{ns}}}{tag}", clean)


def _text_el(parent: Any, ns: str, tag: str, text: str) -> Any:
    el = _el(parent, ns, tag)
    el.text = text
    return el


def _when(value: Any) -> str | None:
    text = str(value) if value is not None and not (isinstance(value, float) and math.isnan(value)) else ""
    return text if _DATETIME.match(text) else None


def _code_elements(parent: Any, ns: str, codes: list, guid_of: dict[str, str], note_refs: dict[str, list[str]] | None = None,
                   colors: dict[str, str] | None = None) -> None:
    for code in codes:
        codable = "false" if code.extra.get("x_refi_codable") is False else "true"
        el = _el(parent, ns, "Code", guid=_guid(guid_of[code.id]), name=code.name, isCodable=codable,
                 color=(colors or {}).get(code.id) or code.color)
        text = describe_code(code.description, include=code.extra.get("_include_list", code.include),
                             exclude=code.extra.get("_exclude_list", code.exclude), examples=code.examples)
        if text:
            _text_el(el, ns, "Description", text)
        for note in (note_refs or {}).get(code.id, []):
            _el(el, ns, "NoteRef", targetGUID=_guid(note))
        _code_elements(el, ns, code.children, guid_of, note_refs, colors)


def codebook_guids(codebook: Any, known: dict[str, str] | None = None) -> dict[str, str]:
    """GUID of every code: ``known`` ones (a project's), else name-based from the code id.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha"}]})
    >>> codebook_guids(cb)["A"] == codebook_guids(cb)["A"]
    True
    """
    known = known or {}
    return {code.id: known.get(code.id) or stable_guid("code", code.id) for code in codebook.walk()}


def codebook_xml(codebook: Any, *, guids: dict[str, str] | None = None) -> bytes:
    """The ``.qdc`` XML of a codebook (validated against ``Codebook.xsd``).

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha", "color": "#FF0000",
    ...                                      "children": [{"id": "A.1", "name": "Een"}]}]})
    >>> b'name="Een"' in codebook_xml(cb)
    True
    """
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=f"researchkit {__version__}")
    codes = _el(root, CODEBOOK_NS, "Codes")
    _code_elements(codes, CODEBOOK_NS, codebook.codes, codebook_guids(codebook, guids), colors=codebook.colors())
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    validate_xml(data, "codebook", where="codebook XML written by researchkit", strict=True)
    return data


def write_qdc(codebook: Any, path: str | Path) -> Path:
    """Write a codebook as a REFI-QDA ``.qdc`` file (atomically; validated first).

    Parameters
    ----------
    codebook
        A :class:`~researchkit.codebook.Codebook`.
    path
        The ``.qdc`` file to write.

    Examples
    --------
    >>> import tempfile, os
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha"}]})
    >>> p = write_qdc(cb, os.path.join(tempfile.mkdtemp(), "cb.qdc"))
    >>> p.read_bytes().startswith(b"<?xml")
    True
    """
    if codebook is None or not len(codebook):
        raise ExchangeError("RK606", path, "the codebook has no codes", hint="load a codebook with at least one code")
    return atomic_write(path, codebook_xml(codebook))


def _variable_type(values: list[Any]) -> str:
    present = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if present and all(isinstance(v, bool) for v in present):
        return "Boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Integer"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "Float"
    return "Text"


def _value_el(parent: Any, kind: str, value: Any) -> None:
    tag = {"Boolean": "BooleanValue", "Integer": "IntegerValue", "Float": "FloatValue"}.get(kind, "TextValue")
    _text_el(parent, PROJECT_NS, tag, attribute_text(float(value) if kind == "Float" else value))


def project_xml(ex: Exchange) -> tuple[bytes, dict[str, str]]:
    """The ``project.qde`` XML of an exchange, and the source file name of every document.

    Returns
    -------
    tuple
        The XML bytes (validated against ``Project.xsd``) and ``doc_id -> "<GUID>.txt"``.
    """
    ns = PROJECT_NS
    key = ex.name
    root = etree.Element(f"{{{ns}}}Project", nsmap={None: ns}, name=ex.name or "researchkit project",
                         origin=f"researchkit {__version__}")
    if _when(ex.created):
        root.set("creationDateTime", _when(ex.created))
    memos = ex.memos
    refs: dict[tuple[str, str], list[str]] = {}
    for m in memos.itertuples(index=False):
        refs.setdefault((m.target_type, str(m.target)), []).append(m.id)

    coders = _all_coders(ex)
    if coders:
        users = _el(root, ns, "Users")
        for name in sorted(coders):
            _el(users, ns, "User", guid=_guid(coders[name]), name=name)

    code_guids: dict[str, str] = {}
    if ex.codebook is not None and len(ex.codebook):
        code_guids = codebook_guids(ex.codebook, ex.code_guids)
        book = _el(root, ns, "CodeBook")
        code_refs = {target: ids for (kind, target), ids in refs.items() if kind == "code"}
        _code_elements(_el(book, ns, "Codes"), ns, ex.codebook.codes, code_guids, code_refs, colors=ex.codebook.colors())

    docs = list(ex.corpus)
    columns: dict[str, list[Any]] = {}
    for t in docs:
        for k, v in t.attributes.items():
            columns.setdefault(str(k), []).append(v)
    var_types = {name: _variable_type(values) for name, values in columns.items()}
    var_guids = {name: stable_guid(key, "variable", name) for name in var_types}
    doc_guids = {t.doc_id: ex.doc_guids.get(t.doc_id) or stable_guid(key, "document", t.doc_id) for t in docs}
    if var_types:
        variables = _el(root, ns, "Variables")
        for name in sorted(var_types):
            _el(variables, ns, "Variable", guid=_guid(var_guids[name]), name=name, typeOfVariable=var_types[name])
        cases = _el(root, ns, "Cases")
        for t in docs:
            case = _el(cases, ns, "Case", guid=_guid(stable_guid(key, "case", t.doc_id)), name=t.doc_id)
            for name in sorted(t.attributes, key=str):
                value = t.attributes[name]
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    continue
                vv = _el(case, ns, "VariableValue")
                _el(vv, ns, "VariableRef", targetGUID=_guid(var_guids[str(name)]))
                _value_el(vv, var_types[str(name)], value)
            _el(case, ns, "SourceRef", targetGUID=_guid(doc_guids[t.doc_id]))

    files: dict[str, str] = {}
    coding_refs = {target: ids for (kind, target), ids in refs.items() if kind == "coding"}
    columns = ["doc_id", "start", "end", "code", "coder", "id", "created", "memo", "text"]
    ordered = ex.codings.sort_values(["doc_id", "start", "end", "code", "coder", "id"], kind="stable")[columns]
    by_doc: dict[str, list[tuple]] = {}
    for row in zip(*(ordered[c].tolist() for c in columns)):  # lists: much faster than itertuples on string columns
        by_doc.setdefault(row[0], []).append(row)
    user_guid = {name: _guid(guid) for name, guid in coders.items()}
    tag_sel, tag_coding, tag_ref, tag_desc, tag_note = (f"{{{ns}}}{t}" for t in ("PlainTextSelection", "Coding", "CodeRef", "Description", "NoteRef"))
    sub = etree.SubElement
    if docs:
        sources = _el(root, ns, "Sources")
        for t in docs:
            guid = _guid(doc_guids[t.doc_id])
            files[t.doc_id] = f"{guid}.txt"
            src = _el(sources, ns, "TextSource", guid=guid, name=t.doc_id, plainTextPath=f"internal://{guid}.txt")
            for _, start, end, code, coder, cid, created, memo, text in by_doc.get(t.doc_id, ()):
                user = user_guid[str(coder)]
                when = _when(created)
                attrs = {"guid": _guid(stable_guid("selection", str(cid))), "name": _selection_name(text),
                         "startPosition": str(int(start)), "endPosition": str(int(end)), "creatingUser": user}
                if when:
                    attrs["creationDateTime"] = when
                sel = sub(src, tag_sel, attrs)
                if isinstance(memo, str) and memo:
                    sub(sel, tag_desc).text = memo
                coding_attrs = {"guid": _guid(str(cid)), "creatingUser": user}
                if when:
                    coding_attrs["creationDateTime"] = when
                coding = sub(sel, tag_coding, coding_attrs)
                sub(coding, tag_ref, {"targetGUID": _guid(code_guids.get(str(code)) or stable_guid("code", str(code)))})
                for note in coding_refs.get(str(cid), ()):
                    sub(coding, tag_note, {"targetGUID": _guid(note)})
            for note in refs.get(("document", t.doc_id), []):
                _el(src, ns, "NoteRef", targetGUID=_guid(note))

    if len(memos):
        notes = _el(root, ns, "Notes")
        for m in memos.sort_values(["target_type", "target", "created", "id"], kind="stable").itertuples(index=False):
            note = _el(notes, ns, "Note", guid=_guid(m.id), name=_memo_name(m), creatingUser=_guid(coders[str(m.author)]),
                       creationDateTime=_when(m.created), modifiedDateTime=_when(m.updated))
            _text_el(note, ns, "PlainTextContent", str(m.text))
    if ex.description:
        _text_el(root, ns, "Description", ex.description)
    for note in refs.get(("project", ""), []):
        _el(root, ns, "NoteRef", targetGUID=_guid(note))

    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    validate_xml(data, "project", where="project.qde written by researchkit", strict=True)
    return data, files


def _all_coders(ex: Exchange) -> dict[str, str]:
    """Every coder and memo author with a GUID: the known ones, else name-based."""
    coders = dict(ex.coders)
    for name in sorted(set(ex.codings["coder"].astype(str)) | set(ex.memos["author"].astype(str))):
        coders.setdefault(name, stable_guid(ex.name, "coder", name))
    return coders


def _selection_name(text: Any) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= 60 else words[:57] + "..."


def _memo_name(m: Any) -> str:
    target = f" {m.target}" if m.target else ""
    return f"Memo on {m.target_type}{target}"


def _extension(ex: Exchange, doc_guids: dict[str, str]) -> dict[str, Any]:
    """What REFI-QDA cannot hold, keyed by GUID (see module docstring)."""
    import yaml

    documents = {}
    for t in ex.corpus:
        documents[doc_guids[t.doc_id].lower()] = {
            "doc_id": t.doc_id,
            "sha256": hashlib.sha256(t.text.encode("utf-8")).hexdigest(),
            "turns": [[u.speaker, u.role, u.start, u.end, u.timestamp] for u in t.turns],
            "attributes": t.attributes,
            "source": None if t.source is None else {"path": t.source.path, "sha256": t.source.sha256,
                                                       "format": t.source.format, "encoding": t.source.encoding},
        }
    codings = {}
    columns = [c for c in ("source", "unit", "rule_id", "evidence", "confidence", "origin", "created") if c in ex.codings]
    for cid, *values in zip(*(ex.codings[c].tolist() for c in ["id"] + columns)):
        codings[str(cid).lower()] = {col: value for col, value in zip(columns, values)
                                     if value is not None and not (isinstance(value, float) and math.isnan(value))}
    memos = {str(m.id).lower(): {"target_type": m.target_type, "target": m.target, "author": m.author,
                                  "created": m.created, "updated": m.updated} for m in ex.memos.itertuples(index=False)}
    out: dict[str, Any] = {"format": EXTENSION_FORMAT, "version": 1, "researchkit": __version__, "name": ex.name,
                           "created": ex.created, "documents": documents, "codings": codings, "memos": memos,
                           "coders": {guid.lower(): name for name, guid in ex.coders.items()}}
    if ex.key_checksum:
        out["pseudonymised_with_key"] = ex.key_checksum
    if ex.codebook is not None:
        out["codebook_yaml"] = yaml.safe_dump(ex.codebook.to_dict(), allow_unicode=True, sort_keys=False, width=100)
        out["codes"] = {guid.lower(): code_id for code_id, guid in codebook_guids(ex.codebook, ex.code_guids).items()}
    return out


def qdpx_bytes(ex: Exchange) -> bytes:
    """The whole ``.qdpx`` archive of an exchange, deterministic (fixed dates, sorted members)."""
    xml, files = project_xml(ex)
    full = dataclasses.replace(ex, coders=_all_coders(ex))
    doc_guids = {doc: name[:-4] for doc, name in files.items()}
    extension = json.dumps(_extension(full, doc_guids), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        def put(name: str, payload: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, payload)

        put("project.qde", xml)
        texts = {t.doc_id: t.text for t in ex.corpus}
        for doc_id in sorted(files, key=lambda d: files[d]):
            put(f"sources/{files[doc_id]}", texts[doc_id].encode("utf-8"))
        put(EXTENSION_MEMBER, extension.encode("utf-8"))
    return buffer.getvalue()


def write_qdpx(source: Any, path: str | Path, *, key: Any = None, kinds: Sequence[str] | str | None = None,
               allow_unpseudonymised: bool = False) -> ExchangeReport:
    """Write a project (or an :class:`~researchkit.refi.model.Exchange`) as a REFI-QDA ``.qdpx`` file.

    With a privacy ``key`` (or pattern ``kinds``) the file is pseudonymised
    (:func:`researchkit.refi.private.pseudonymised_exchange`: texts, coding offsets,
    attributes, memos, code definitions), states the key's checksum, and is leak-checked
    (:func:`researchkit.privacy.check_file`) before it is put in place.

    Parameters
    ----------
    source
        A :class:`~researchkit.project.Project` or an :class:`Exchange`.
    path
        The ``.qdpx`` file to write (replaced atomically).
    key
        A :class:`~researchkit.privacy.PrivacyKey` for a pseudonymised export.
    kinds
        Identifier patterns to replace and check (default with a key: all; ``"none"``: key terms only).
    allow_unpseudonymised
        Write the file even when the leak check finds a key term or pattern (the
        findings are listed in the report's warnings).

    Raises
    ------
    PrivacyError
        ``RK650`` when a pseudonymised export would still contain an identifier (nothing
        is written).

    Returns
    -------
    ExchangeReport
        Counts, and the codings not exported (unplaced codings, whose passage no longer
        exists in the text).

    Examples
    --------
    >>> import tempfile, os, zipfile
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> ex = Exchange("demo", Corpus([Transcript("R01", "R: de haven")]))
    >>> report = write_qdpx(ex, os.path.join(tempfile.mkdtemp(), "demo.qdpx"))
    >>> report.counts["documents"], sorted(zipfile.ZipFile(report.path).namelist())[0]
    (1, 'project.qde')
    """
    report = ExchangeReport(str(path), origin=f"researchkit {__version__}")
    if isinstance(source, Exchange):
        ex = source
    elif hasattr(source, "codings") and hasattr(source, "corpus"):
        from researchkit.project.exchange import to_exchange

        ex = to_exchange(source)
        reviews = source.reviews()
        if len(reviews):
            report.not_carried.append(f"{len(reviews)} review decision(s) on suggestions: REFI-QDA has no place for them "
                                      "(accepted suggestions are exported as the reviewer's codings; the project keeps the decisions)")
        unplaced = source.unplaced()
        for row in unplaced.itertuples(index=False):
            report.not_carried.append(f"unplaced coding {row.id} ({row.doc_id}, {row.code}, {row.coder}): its passage "
                                      "is no longer in the text; place it first (Project.place)")
    else:
        raise ExchangeError("RK606", path, f"cannot export a {type(source).__name__}",
                            hint="pass a researchkit Project or an Exchange")
    private = key is not None or kinds is not None
    if private:
        from researchkit.refi.private import pseudonymised_exchange

        ex = pseudonymised_exchange(ex, key, kinds=kinds)
        report.warnings.append(ex.description)
    payload = qdpx_bytes(ex)
    if not private:
        atomic_write(path, payload)
    else:
        from researchkit.errors import PrivacyError
        from researchkit.privacy import check_file, format_findings

        with atomic_path(path, suffix=".qdpx") as tmp:
            tmp.write_bytes(payload)
            findings = check_file(tmp, key, kinds=kinds, name=str(path))
            if len(findings) and not allow_unpseudonymised:
                raise PrivacyError("RK650", f"{len(findings)} identifier(s) would leak into the pseudonymised export "
                                   f"(nothing was written):\n{format_findings(findings)}",
                                   hint="add the missing terms to the key, or pass allow_unpseudonymised=True to write it anyway")
            if len(findings):
                report.warnings.append(f"{len(findings)} identifier(s) left in the export (allow_unpseudonymised):\n"
                                       + format_findings(findings))
    report.counts = {"documents": len(ex.corpus), "codes": len(ex.codebook) if ex.codebook is not None else 0,
                     "codings": len(ex.codings), "coders": len(set(ex.codings["coder"]) | set(ex.coders)),
                     "memos": len(ex.memos)}
    return report
