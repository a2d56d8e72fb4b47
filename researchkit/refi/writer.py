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
turns with their times, the sync points of transcripts imported from audio or video,
coding provenance) in ``researchkit/extension.json`` inside the archive; other programs
ignore it, and researchkit reads it back so that a round trip is lossless. Documents are
always written as text sources. researchkit holds no media files; with ``recordings=True``
a transcript whose recording lies outside the archive also gets its audio or video source,
with a ``<Transcript>`` on the same text file and its ``<SyncPoint>`` elements
(:mod:`researchkit.refi.recordings`); otherwise the times reach other programs only as the
timestamps written in the text. Relations between codes are written as ``<Link>``\\s.

Every ``project.qde`` and ``.qdc`` written is validated against the schemas shipped in
``researchkit/refi/schemas`` before the file is put in place (atomically).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import itertools
import json
import math
import shutil
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import Any, BinaryIO, Iterator, Mapping, Sequence

from researchkit import __version__
from researchkit.errors import ExchangeError, ExchangeWarning
from researchkit.fileio import atomic_path, atomic_write
from researchkit.refi.model import EXTENSION_FORMAT, EXTENSION_MEMBER, Exchange, ExchangeReport
from researchkit.refi.qde import (PROJECT_NS, all_coders, codebook_guids, unique_code_names, validate_stream, when, write_codes,
                                  speaker_rows, write_project_xml)
from researchkit.refi.recordings import Recording, plan_recordings
from researchkit.refi.targets import Target, get_target
from researchkit.refi.validate import validate_xml
from researchkit.refi.xmlstream import XmlStream

__all__ = ["write_qdc", "write_qdpx", "project_xml", "codebook_xml", "codebook_guids", "qdpx_bytes"]

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def codebook_xml(codebook: Any, *, guids: dict[str, str] | None = None, replaced: list[str] | None = None) -> bytes:
    """The ``.qdc`` XML of a codebook (validated against ``Codebook.xsd``).

    ``replaced``: a list to collect where characters XML cannot hold were replaced
    (:class:`~researchkit.refi.xmlstream.XmlStream`); without it they are refused.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha", "color": "#FF0000",
    ...                                      "children": [{"id": "A.1", "name": "Een"}]}]})
    >>> b'name="Een"' in codebook_xml(cb)
    True
    """
    out = io.BytesIO()
    xs = XmlStream(out, CODEBOOK_NS, replaced=replaced)
    xs.start("CodeBook", {"origin": f"researchkit {__version__}"}, root=True)
    xs.start("Codes")
    write_codes(xs, codebook.codes, codebook_guids(codebook, guids), {}, codebook.colors())
    xs.end()
    xs.end()
    xs.close()
    data = out.getvalue()
    validate_xml(data, "codebook", where="codebook XML written by researchkit", strict=True)
    return data


def write_qdc(codebook: Any, path: str | Path, *, guids: dict[str, str] | None = None) -> Path:
    """Write a codebook as a REFI-QDA ``.qdc`` file (atomically; validated first).

    Parameters
    ----------
    codebook
        A :class:`~researchkit.codebook.Codebook`.
    path
        The ``.qdc`` file to write.
    guids
        ``code id -> GUID`` to write (a project's, :meth:`~researchkit.project.Project.codes`);
        other codes keep the GUID they were read with (``x_refi_guid``) or get a name-based one.

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
    if codebook.relations:
        warnings.warn(f"[RK609] {path}: REFI-QDA codebooks (.qdc) have no links; the codebook's {len(codebook.relations)} "
                      "relation(s) between codes are not written. What to do: export a project (.qdpx) to keep them.",
                      ExchangeWarning, stacklevel=2)
    replaced: list[str] = []
    data = codebook_xml(codebook, guids=guids, replaced=replaced)
    if replaced:
        warnings.warn(f"{path}: {len(replaced)} code name(s) or description(s) held characters XML cannot hold (control "
                      "characters such as Word's vertical tab): written with a line feed for a vertical tab or form feed "
                      f"and U+FFFD for the others ({', '.join(sorted(set(replaced)))})", ExchangeWarning, stacklevel=2)
    return atomic_write(path, data)


def project_xml(ex: Exchange) -> tuple[bytes, dict[str, str]]:
    """The ``project.qde`` XML of an exchange, and the source file name of every document.

    Returns
    -------
    tuple
        The XML bytes (validated against ``Project.xsd``) and ``doc_id -> "<GUID>.txt"``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> xml, files = project_xml(Exchange("demo", Corpus([Transcript("R01", "R: ja")])))
    >>> xml.startswith(b"<?xml"), len(files)
    (True, 1)
    """
    out = io.BytesIO()
    files, _ = write_project_xml(ex, out)
    validate_stream(io.BytesIO(out.getvalue()), where="project.qde written by researchkit")
    return out.getvalue(), files


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _coding_entries(codings: Any) -> Iterator[str]:
    """``"<id>":{...}`` of every coding's provenance, sorted by id, a few thousand rows at a time."""
    columns = [c for c in ("source", "unit", "rule_id", "evidence", "confidence", "origin", "created") if c in codings]
    keys = [str(cid).lower() for cid in codings["id"].tolist()]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    for a in range(0, len(order), 5000):
        chunk = order[a:a + 5000]
        part = codings.iloc[chunk]
        values = zip(*(part[c].tolist() for c in columns)) if columns else ([()] * len(chunk))
        for index, row in zip(chunk, values):
            entry = {col: value for col, value in zip(columns, row)
                     if value is not None and not (isinstance(value, float) and math.isnan(value))}
            yield keys[index], entry


def _extension_parts(ex: Exchange, doc_guids: dict[str, str]) -> dict[str, Any]:
    """What REFI-QDA cannot hold, keyed by GUID (see module docstring); ``codings`` is streamed."""
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
        if ex.sync_points.get(t.doc_id):  # a transcript of audio or video: its sync points (researchkit.refi.sync)
            documents[doc_guids[t.doc_id].lower()]["sync_points"] = [[int(o), int(ms)] for o, ms in ex.sync_points[t.doc_id]]
    memos = {str(m.id).lower(): {"target_type": m.target_type, "target": m.target, "author": m.author,
                                  "created": m.created, "updated": m.updated} for m in ex.memos.itertuples(index=False)}
    out: dict[str, Any] = {"format": EXTENSION_FORMAT, "version": 1, "researchkit": __version__, "name": ex.name,
                           "created": ex.created, "documents": documents, "codings": None, "memos": memos,
                           "coders": {guid.lower(): name for name, guid in ex.coders.items()}}
    if ex.key_checksum:
        out["pseudonymised_with_key"] = ex.key_checksum
    written = speaker_rows(ex)
    if written:  # the order of the speaker attributes' columns (QDA-XML sorts variables by name)
        out["speaker_columns"] = [str(c) for c in ex.corpus.speaker_attributes.columns]
    names = [[d, s, ex.speaker_case_names[(d, s)]] for d, s, _, _ in written if (d, s) in ex.speaker_case_names]
    if names:  # a pseudonymised export's participant codes: read back as the speakers' own case names
        out["speaker_case_names"] = names
    if ex.codebook is not None:
        out["codebook_yaml"] = yaml.safe_dump(ex.codebook.to_dict(), allow_unicode=True, sort_keys=False, width=100)
        out["codes"] = {guid.lower(): code_id for code_id, guid in codebook_guids(ex.codebook, ex.code_guids).items()}
    return out


class _Chunks:
    """Collect small writes and pass them on in pieces of about 1 MiB."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.parts, self.size = out, [], 0

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= 1 << 20:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.out.write(b"".join(self.parts))
            self.parts, self.size = [], 0


def _write_extension(ex: Exchange, doc_guids: dict[str, str], dest: BinaryIO, target: Target) -> None:
    """``researchkit/extension.json``: the JSON ``json.dumps(..., sort_keys=True)`` would give, streamed."""
    parts = _extension_parts(ex, doc_guids)
    if not target.standard:  # how the offsets were counted, so researchkit reads its own file back exactly
        conv = target.convention
        parts["target"] = target.name
        parts["offsets"] = {"unit": conv.unit, "crlf": conv.crlf, "bom": conv.bom}
    if target.unique_code_names and ex.codebook is not None:  # names written instead of repeated ones, to read them back
        guids = codebook_guids(ex.codebook, ex.code_guids)
        written = {guids[cid].lower(): name for cid, name in unique_code_names(ex.codebook).items()}
        if written:
            parts["written_code_names"] = written
    out = _Chunks(dest)
    out.write(b"{")
    for n, key in enumerate(sorted(parts)):
        out.write((("," if n else "") + _dump(key) + ":").encode("utf-8"))
        if key != "codings":
            out.write(_dump(parts[key]).encode("utf-8"))
            continue
        out.write(b"{")
        entries = _coding_entries(ex.codings)
        previous = next(entries, None)
        sep = ""
        for current in itertools.chain(entries, [None]) if previous is not None else ():
            if current is None or current[0] != previous[0]:  # a repeated id keeps its last entry, as a dict would
                out.write(f"{sep}{_dump(previous[0])}:{_dump(previous[1])}".encode("utf-8"))
                sep = ","
            previous = current
        out.write(b"}")
    out.write(b"}")
    out.flush()


def _put_member(archive: zipfile.ZipFile, name: str, write: Any) -> None:
    """Add member ``name`` (fixed date and mode), its bytes written by ``write(file)``."""
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with archive.open(info, "w") as dest:
        write(dest)


def write_archive(ex: Exchange, out: BinaryIO, *, target: str | Target = "standard",
                  recordings: Mapping[str, Recording] | None = None, replaced: list[str] | None = None) -> None:
    """Stream the whole ``.qdpx`` of ``ex`` for ``target`` into ``out`` (deterministic: fixed dates, sorted members).

    ``recordings``: the audio and video sources to write for transcripts (:mod:`researchkit.refi.recordings`).
    ``replaced``: a list to collect the places where characters XML cannot hold were
    replaced (:func:`~researchkit.refi.qde.write_project_xml`); without it they are refused.

    ``project.qde`` is written to a temporary file first and checked against
    ``Project.xsd`` piece by piece, then copied into the archive; nothing is held whole
    in memory.
    """
    target = get_target(target)
    with tempfile.TemporaryFile() as qde:
        files, note_files = write_project_xml(ex, qde, target=target, recordings=recordings, replaced=replaced)
        qde.seek(0)
        validate_stream(qde, where="project.qde written by researchkit")
        full = dataclasses.replace(ex, coders=all_coders(ex))
        doc_guids = {doc: name[:-4] for doc, name in files.items()}
        texts = {t.doc_id: t.text for t in ex.corpus}
        members = {name: (lambda dest, d=doc_id: dest.write(target.source_bytes(texts[d]))) for doc_id, name in files.items()}
        for memo_id, text in note_files.items():
            members[f"{memo_id.upper()}.txt"] = lambda dest, t=text: dest.write(target.source_bytes(t))
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            qde.seek(0)
            _put_member(archive, "project.qde", lambda dest: shutil.copyfileobj(qde, dest, 1024 * 1024))
            for name in sorted(members):
                _put_member(archive, f"sources/{name}", members[name])
            _put_member(archive, EXTENSION_MEMBER, lambda dest: _write_extension(full, doc_guids, dest, target))


def qdpx_bytes(ex: Exchange) -> bytes:
    """The whole ``.qdpx`` archive of an exchange, deterministic (fixed dates, sorted members).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> qdpx_bytes(Exchange("demo", Corpus([Transcript("R01", "R: ja")]))).startswith(b"PK")
    True
    """
    buffer = io.BytesIO()
    write_archive(ex, buffer)
    return buffer.getvalue()


def _exchange_of(source: Any, path: str | Path, report: ExchangeReport) -> Exchange:
    """The exchange to write: ``source`` itself, or a project's (what it cannot carry is listed)."""
    if isinstance(source, Exchange):
        return source
    if not (hasattr(source, "codings") and hasattr(source, "corpus")):
        raise ExchangeError("RK606", path, f"cannot export a {type(source).__name__}",
                            hint="pass a researchkit Project or an Exchange")
    from researchkit.project.exchange import to_exchange

    ex = to_exchange(source)
    reviews = source.reviews()
    if len(reviews):
        report.not_carried.append(f"{len(reviews)} review decision(s) on suggestions: REFI-QDA has no place for them "
                                  "(accepted suggestions are exported as the reviewer's codings; the project keeps the decisions)")
    for row in source.unplaced().itertuples(index=False):
        report.not_carried.append(f"unplaced coding {row.id} ({row.doc_id}, {row.code}, {row.coder}): its passage "
                                  "is no longer in the text; place it first (Project.place)")
    return ex


def defined_codes(ex: Exchange, path: str | Path, report: ExchangeReport) -> Exchange:
    """``ex`` with a codebook that defines every code its codings use.

    A code used by codings but missing from the codebook (or a project without one) is
    added at the top level, named by its id, and listed in the report; otherwise the
    codings would point at undefined codes and other programs (and researchkit) would
    drop them. An id that cannot be a code id is refused (``RK608``).

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> codings = pd.DataFrame({"doc_id": ["R01"], "start": [0], "end": [2], "code": ["HAV"], "coder": ["anna"], "id": ["x"]})
    >>> report = ExchangeReport("x.qdpx")
    >>> [c.id for c in defined_codes(Exchange("p", Corpus([Transcript("R01", "ja")]), None, codings), "x.qdpx", report).codebook.walk()]
    ['HAV']
    """
    from researchkit.codebook import Codebook
    from researchkit.errors import CodebookError

    used = sorted({str(c) for c in ex.codings["code"].dropna()}) if len(ex.codings) else []
    known = {c.id for c in ex.codebook.walk()} if ex.codebook is not None else set()
    missing = [c for c in used if c not in known]
    if not missing:
        return ex
    data = ex.codebook.to_dict() if ex.codebook is not None else {"codes": []}
    data["codes"] = list(data.get("codes") or []) + [{"id": c, "name": c} for c in missing]
    try:
        book = Codebook.from_dict(data)
    except CodebookError as exc:
        raise ExchangeError("RK608", path, f"codings use code(s) the codebook does not define ({', '.join(missing[:10])}) "
                            f"and they cannot be defined for the export: {exc}",
                            hint="store a codebook that defines every code used (Project.set_codebook), then export again") from None
    what = "the project has no codebook" if ex.codebook is None else "not in the codebook"
    report.warnings.append(f"{len(missing)} code(s) used by codings but {what}: defined in the export as top-level codes "
                           f"named by their id: {', '.join(missing[:10])}" + (" ..." if len(missing) > 10 else ""))
    return dataclasses.replace(ex, codebook=book)


def write_qdpx(source: Any, path: str | Path, *, key: Any = None, kinds: Sequence[str] | str | None = None,
               allow_unpseudonymised: bool = False, target: str = "standard", recordings: bool = False) -> ExchangeReport:
    """Write a project (or an :class:`~researchkit.refi.model.Exchange`) as a REFI-QDA ``.qdpx`` file.

    With a privacy ``key`` (or pattern ``kinds``) the file is pseudonymised
    (:func:`researchkit.refi.private.pseudonymised_exchange`: texts, coding offsets,
    attributes, memos, code definitions; each focus-group participant's case named by
    participant code, :mod:`researchkit.refi.privatespeakers`), states the key's checksum,
    and is leak-checked (:func:`researchkit.privacy.check_file`) before it is put in place.

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
    target
        The program that will read the file: ``standard`` (default), ``nvivo``,
        ``atlasti``, ``maxqda``, ``qualcoder`` or ``qc``; offsets and source files are
        written as that program counts and reads them (:mod:`researchkit.refi.targets`).
    recordings
        Also write, for each transcript whose recording lies outside the archive
        (``media_path`` ``relative://`` or ``absolute://``) and that has sync points, its
        ``AudioSource``/``VideoSource`` with a ``<Transcript>`` on the document's text and
        the sync points as ``<SyncPoint>`` elements (:mod:`researchkit.refi.recordings`); the
        documents left out are listed in the report.

    Raises
    ------
    ExchangeError
        ``RK606`` unknown target, or ``taguette`` (Taguette imports no ``.qdpx``, and
        codebooks only as CSV); ``RK608`` codings use codes that cannot be defined.
    PrivacyError
        ``RK650`` when a pseudonymised export would still contain an identifier (nothing
        is written).

    Returns
    -------
    ExchangeReport
        Counts, the target's conventions, and what was not exported (unplaced codings,
        whose passage no longer exists in the text; review decisions).

    Examples
    --------
    >>> import tempfile, os, zipfile
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> ex = Exchange("demo", Corpus([Transcript("R01", "R: de haven")]))
    >>> report = write_qdpx(ex, os.path.join(tempfile.mkdtemp(), "demo.qdpx"))
    >>> report.counts["documents"], sorted(zipfile.ZipFile(report.path).namelist())[0]
    (1, 'project.qde')
    """
    program = get_target(target)
    if not program.reads_qdpx:
        raise ExchangeError("RK606", path, f"{program.program} does not import .qdpx projects; it imports codebooks as CSV "
                            "(columns tag, description) and writes .qdc codebooks",
                            hint="write the codebook for Taguette with `researchkit export --taguette-csv FILE` "
                                 "(or write_taguette_codebook(codebook, path)); docs/exchange.md, section Taguette")
    report = ExchangeReport(str(path), origin=f"researchkit {__version__}")
    ex = defined_codes(_exchange_of(source, path, report), path, report)
    if not program.standard:
        report.conventions["(all documents)"] = program.describe()
    if program.unique_code_names and ex.codebook is not None:
        renamed = unique_code_names(ex.codebook)
        if renamed:
            report.warnings.append(f"{len(renamed)} code name(s) used by an earlier code renamed for {program.program}, which "
                                   "keeps one code per name: " + ", ".join(f"{cid!r} as {name!r}" for cid, name in list(renamed.items())[:10])
                                   + (" ..." if len(renamed) > 10 else "") + " (researchkit reads the names back from its extension)")
    private = key is not None or kinds is not None
    speakers = _speaker_cases(ex, report)
    if private:
        from researchkit.refi.private import pseudonymised_exchange

        ex = pseudonymised_exchange(ex, key, kinds=kinds, report=report)
        report.warnings.append(ex.description)
        if speakers:  # each participant's case named by participant code (researchkit.refi.privatespeakers)
            speakers = len(speaker_rows(ex))
    planned: dict[str, Recording] = {}
    if recordings and not program.reads_media:
        planned, _ = plan_recordings(ex.corpus, ex.sync_points)
        report.not_carried += [f"{doc_id!r}: its recording {r.path!r} not written: {program.program} stops on a source "
                               "without plainTextPath (its importer reads text sources only); the sync points travel in "
                               "researchkit's extension" for doc_id, r in planned.items()]
        planned = {}
    elif recordings:
        planned, skipped = plan_recordings(ex.corpus, ex.sync_points)
        report.warnings += [f"{doc_id!r}: its recording written as {r.kind} {r.path!r} with {len(r.points)} sync point(s)"
                            for doc_id, r in planned.items()]
        report.not_carried += skipped
        if planned and not when(ex.created):
            report.warnings.append("the project has no creation date: the recordings' <Transcript>s are written without "
                                   "one, and QualCoder's importer stops on such a transcript (write from a Project, "
                                   "or give the Exchange a created date)")
    replaced: list[str] = []
    with atomic_path(path, suffix=".qdpx") as tmp:
        with open(tmp, "wb") as handle:
            write_archive(ex, handle, target=program, recordings=planned, replaced=replaced)
        if private:
            _leak_check(tmp, path, key, kinds, allow_unpseudonymised, report)
    if replaced:
        places = sorted(set(replaced))
        report.warnings.append(f"{len(replaced)} name(s), memo(s) or attribute value(s) held characters XML cannot hold "
                               "(control characters such as Word's vertical tab): replaced in project.qde (vertical tab "
                               "and form feed by a line feed, others by U+FFFD), in " + ", ".join(places[:8])
                               + ("" if len(places) <= 8 else " ...") + "; the source texts and offsets are unchanged")
    report.counts = {"documents": len(ex.corpus), "codes": len(ex.codebook) if ex.codebook is not None else 0,
                     "codings": len(ex.codings), "coders": len(set(ex.codings["coder"]) | set(ex.coders)),
                     "memos": len(ex.memos)}
    if speakers:
        report.counts["speaker cases"] = speakers
    return report


def _speaker_cases(ex: Exchange, report: ExchangeReport) -> int:
    """How many speakers get a case of their own; speaker attribute rows of a document without that speaker's turns are listed."""
    frame = ex.corpus.speaker_attributes
    if frame is None or not len(frame):
        return 0
    written = {(d, s) for d, s, _, _ in speaker_rows(ex)}
    for doc_id, speaker in frame.index.tolist():
        if (str(doc_id), str(speaker)) not in written and str(doc_id) in ex.corpus:
            report.not_carried.append(f"speaker {speaker!r} of '{doc_id}': has attributes but no turn in the text; no case written")
    return len(written)


def _leak_check(tmp: Path, path: str | Path, key: Any, kinds: Any, allow: bool, report: ExchangeReport) -> None:
    from researchkit.errors import PrivacyError
    from researchkit.privacy import check_file, format_findings

    findings = check_file(tmp, key, kinds=kinds, name=str(path))
    if len(findings) and not allow:
        raise PrivacyError("RK650", f"{len(findings)} identifier(s) would leak into the pseudonymised export "
                           f"(nothing was written):\n{format_findings(findings)}",
                           hint="add the missing terms to the key, or pass allow_unpseudonymised=True to write it anyway")
    if len(findings):
        report.warnings.append(f"{len(findings)} identifier(s) left in the export (allow_unpseudonymised):\n" + format_findings(findings))
