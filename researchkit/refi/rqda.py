"""Read an RQDA project (a ``.rqda`` SQLite database) straight into an :class:`~researchkit.refi.model.Exchange`.

RQDA, the R package by HUANG Ronggui, keeps a project in one SQLite file
(:mod:`researchkit.refi.rqda_db` opens it). Its tables
(RQDA's ``man/RQDATables.rd`` and the R code that creates them, ``new_proj`` and
``UpgradeTables``): ``source`` (``name``, ``id``, ``file`` = the text, ``memo``, ``owner``,
``date``, ``status``), ``freecode`` (codes; ``color`` in later versions), ``coding`` (``cid``,
``fid``, ``seltext``, ``selfirst``, ``selend``, ``status``, ``owner``, ``date``, ``memo``),
``codecat``/``treecode`` (code categories and which codes they hold), ``filecat``/``treefile``
(file categories), ``cases``/``caselinkage``, ``attributes``/``caseAttr``/``fileAttr``,
``journal``, ``annotation`` and ``project`` (``databaseversion``: 0.1.5 to 0.2.2, ``memo``
...). Columns a version lacks (``freecode.color``, ``attributes.class``, the attribute
values' ``status``, all added by 0.1.9) read as missing. A row
with ``status = 0`` was deleted in RQDA's window (RQDA keeps it, to be restored): it is
left out and counted in the report.

:func:`read_rqda` opens the file read-only (:mod:`researchkit.refi.sqlite_ro`, as the
QualCoder importer does) and returns what :func:`~researchkit.refi.read_qdpx` returns:

* **documents**: every live source, its text made canonical (NFC, ``\\n``); its memo is a
  memo on the document;
* **codes**: code categories become codes that are not codable, each code under its
  category. RQDA's categories are one level deep, and a code may sit in several: it is put
  under the one it was first put in (the first ``treecode`` row) and the others are named
  in the report. A code's memo
  is its description;
* **codings** per coder (``owner``). RQDA stores ``selfirst``/``selend`` as R character
  positions (code points): ``selfirst`` is 0-based and ``selend`` exclusive (RQDA writes
  ``seltext`` as ``substr(file, selfirst + 1, selend)``), so ``file[selfirst:selend]`` is the
  coded text. Every coding is checked against its ``seltext``; one that does not hold is
  placed where the text occurs (nearest its offsets, as for QualCoder) or listed
  (``strict=True`` refuses it, ``RK618``);
* **file categories** become the attribute ``document_group`` (or, when a file is in
  several, a yes/no attribute ``set: <name>`` per category), as REFI-QDA sets do;
* **cases**: a case that covers a whole file gives it its attributes (``caseAttr``) and
  ``case``; one covering part of a file gives them to the one speaker whose turns it covers
  (:mod:`researchkit.refi.speakercases`), else it is listed; **file attributes** (``fileAttr``) are
  document attributes, numbers as numbers when the attribute's ``class`` is numeric;
* **memos**: the project memo and journals are project memos; annotations (notes at a
  position) are memos on their document named after the place;
* **RQDA's second coding table** ``coding2`` (where RQDA's setting "Current coding table"
  sends a second pass): its codings are imported like the others; an owner who coded in
  both tables is ``<owner> (coding2)`` for the second pass, so the passes can be compared;
* **not imported**, counted: image codings and tables RQDA does not create.

GUIDs are name-based on the project's creation date and RQDA's row ids, so importing the
same file again matches what the first import stored.

Examples
--------
>>> import sqlite3, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "havens.rqda")
>>> con = sqlite3.connect(path)
>>> _ = con.executescript(
...     "create table project (databaseversion text, date text, memo text);"
...     "create table source (name text, id integer, file text, memo text, owner text, date text, dateM text, status integer);"
...     "create table freecode (name text, memo text, owner text, date text, dateM text, id integer, status integer, color text);"
...     "create table coding (cid integer, fid integer, seltext text, selfirst real, selend real, status integer,"
...     " owner text, date text, memo text);"
...     "insert into project values ('0.2.2', 'Mon Mar 10 12:00:00 2014', '');"
...     "insert into source values ('R01', 1, 'R: Wij zijn één 😀 haven.', '', 'anna', '', '', 1);"
...     "insert into freecode values ('Haven', '', 'anna', '', '', 1, 1, '#1F77B4');"
...     "insert into coding values (1, 1, 'haven', 18, 23, 1, 'anna', 'Mon Mar 10 12:05:00 2014', '');")
>>> con.commit(); con.close()
>>> documents, codebook, codings = read_rqda(path)
>>> codings[["doc_id", "code", "coder", "text", "created"]].values.tolist()
[['R01', 'Haven', 'anna', 'haven', '2014-03-10T12:05:00']]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from researchkit.errors import ExchangeError
from researchkit.refi.codetree import build_codebook
from researchkit.refi.dbdocs import DbDocument, as_number, carry_cases, checked_span, database_exchange, memo_text
from researchkit.refi.model import Exchange, ExchangeReport, stable_guid
from researchkit.refi.offsets import SourceText
from researchkit.refi.qualcoder import QUALCODER_CONVENTION
from researchkit.refi.rqda_db import KNOWN_TABLES, iso_date, live, open_rqda, position
from researchkit.refi.safety import MAX_MEMBER_BYTES
from researchkit.refi.sets import GROUP_ATTRIBUTE, SET_PREFIX
from researchkit.refi.sources import check_short
from researchkit.refi.sqlite_ro import ReadOnlyDatabase

__all__ = ["read_rqda", "RQDA_CONVENTION"]

#: How RQDA counts ``selfirst``/``selend``: R character positions (code points) into ``source.file``.
RQDA_CONVENTION = QUALCODER_CONVENTION


def _owner(row: dict) -> str:
    """A coding row's coder: its ``owner``, RQDA's ``default`` when empty."""
    owner = row.get("owner")
    return owner if isinstance(owner, str) and owner.strip() else "default"


def _shown(value: Any) -> str:
    """A stored position as RQDA's user saw it (``12`` for ``12.0``)."""
    at = position(value)
    return str(at) if at is not None else repr(value)


class _Reader:
    """One read of one ``.rqda`` database: the report, the GUID key, and what the steps share."""

    def __init__(self, db: ReadOnlyDatabase, labels: Mapping[str, str] | None, strict: bool) -> None:
        self.db, self.labels, self.strict = db, labels, strict
        self.speaker_claims: list = []  # cases covering part of a document (researchkit.refi.speakercases)
        self.where = str(db.file)
        rows = db.rows("project", ("databaseversion", "date", "memo", "about"), order="")
        self.project = rows[0] if rows else {}
        version = self.project.get("databaseversion")
        self.report = ExchangeReport(str(db.file), origin="RQDA" + (f" (database version {version.strip()})"
                                                                    if isinstance(version, str) and version.strip() else ""))
        self.name = db.file.stem
        self.key = str(self.project.get("date") or self.name)
        self.docs: dict[int, DbDocument] = {}
        self.memos: list[dict] = []
        self.code_guids: dict[str, str] = {}
        self.deleted: dict[str, int] = {}
        self.searches = 0

    def guid(self, *parts: Any) -> str:
        return stable_guid("rqda", self.key, *(str(p) for p in parts))

    def memo(self, kind: str, row_id: Any, target_type: str, target: str, text: str, author: Any, when: Any,
             name: str | None = None) -> None:
        self.memos.append({"id": self.guid("memo", kind, row_id), "target_type": target_type, "target": target,
                           "author": author if isinstance(author, str) and author.strip() else "import",
                           "text": text, "created": iso_date(when) or "", "updated": iso_date(when) or "", "name": name,
                           "description": None})

    def kept(self, table: str, columns: tuple[str, ...], what: str, **kw: Any) -> list[dict]:
        """The rows of ``table`` not deleted in RQDA; the deleted ones are counted as ``what``."""
        rows = self.db.rows(table, columns + ("status",), **kw)
        gone = sum(1 for r in rows if not live(r))
        if gone:
            self.deleted[what] = self.deleted.get(what, 0) + gone
        return [r for r in rows if live(r)]

    # -- sources --------------------------------------------------------------------------

    def sources(self) -> None:
        report, taken = self.report, set()
        for r in self.kept("source", ("id", "name", "file", "memo", "owner", "date"), "file(s)", order="id"):
            raw = r["file"]
            label = r["name"] if isinstance(r["name"], str) and r["name"].strip() else f"source {r['id']}"
            if not isinstance(raw, str):
                report.not_carried.append(f"source '{label}' (id {r['id']}) has no text: not imported")
                continue
            if len(raw) > MAX_MEMBER_BYTES:
                report.not_carried.append(f"source '{label}': its text has {len(raw)} characters, over the limit of "
                                          f"{MAX_MEMBER_BYTES}; the document and its codings are not imported")
                continue
            if r["id"] in self.docs:
                report.not_carried.append(f"source '{label}': id {r['id']} is taken by '{self.docs[r['id']].doc_id}' "
                                          "(RQDA ids are unique): not imported")
                continue
            doc_id = label if label not in taken else f"{label} ({r['id']})"
            if doc_id != label:
                report.warnings.append(f"two sources are called '{label}'; source id {r['id']} becomes '{doc_id}'")
            taken.add(doc_id)
            check_short(raw, doc_id, f"source id {r['id']}", report)
            self.docs[r["id"]] = DbDocument(r["id"], doc_id, raw, SourceText(raw), self.guid("source", r["id"]))
            if memo_text(r["memo"]):
                self.memo("source", r["id"], "document", doc_id, r["memo"], r["owner"], r["date"])

    # -- codes ----------------------------------------------------------------------------

    def codebook(self) -> tuple[Any, dict[int, str]]:
        report = self.report
        cats = self.kept("codecat", ("catid", "name", "memo", "owner", "date"), "code category row(s)", order="catid")
        codes = self.kept("freecode", ("id", "name", "memo", "owner", "date", "color"), "code(s)", order="id")
        links = self.kept("treecode", ("cid", "catid"), "code-category link(s)", order="")  # in the order they were made
        nodes: dict[tuple[str, int], dict] = {}
        for kind, rows, id_col in (("category", cats, "catid"), ("code", codes, "id")):
            for r in rows:
                name = r["name"].strip() if isinstance(r["name"], str) and r["name"].strip() else f"({kind} {r[id_col]})"
                nodes[(kind, r[id_col])] = {"guid": self.guid(kind, r[id_col]), "name": name, "color": r.get("color"),
                                            "codable": kind == "code", "description": memo_text(r["memo"]), "notes": [],
                                            "line": f"{kind} {r[id_col]}", "children": []}
        parent: dict[int, int] = {}
        for link in links:
            cid, catid = link["cid"], link["catid"]
            if ("code", cid) not in nodes or ("category", catid) not in nodes:
                continue
            if cid in parent and parent[cid] != catid:
                report.warnings.append(f"code '{nodes[('code', cid)]['name']}' is in category "
                                       f"'{nodes[('category', parent[cid])]['name']}' and also in "
                                       f"'{nodes[('category', catid)]['name']}': placed under the first only "
                                       "(a researchkit code has one parent)")
                continue
            parent[cid] = catid
        top: list[dict] = []
        for k in sorted(nodes, key=lambda k: (k[0] != "category", nodes[k]["name"].lower(), k[1] if isinstance(k[1], int) else 0)):
            if k[0] == "code" and k[1] in parent:
                nodes[("category", parent[k[1]])]["children"].append(nodes[k])
            else:
                top.append(nodes[k])
        book, guid_to_id = build_codebook(top, self.where, report, title=self.name or None)
        cid_to_code = {cid: guid_to_id[nodes[("code", cid)]["guid"]] for kind, cid in nodes if kind == "code"}
        self.code_guids = {code_id: guid for guid, code_id in guid_to_id.items()}
        return book, cid_to_code

    # -- codings --------------------------------------------------------------------------

    def codings(self, cid_to_code: dict[int, str]) -> list[dict]:
        """The codings of both coding tables: ``coding`` and RQDA's second table ``coding2``.

        RQDA's setting "Current coding table" sends a coder's work to ``coding2`` (a second
        pass over the same files, kept apart for comparing); its rows are codings like the
        others. An owner who coded in both tables gets ``<owner> (coding2)`` for the second
        pass, so that the two passes stay two coders (agreement compares them).
        """
        columns = ("cid", "fid", "seltext", "selfirst", "selend", "owner", "date", "memo")
        first = [dict(r, table="coding") for r in self.kept("coding", columns, "coding(s)", order="", rowid=True)]
        second = [dict(r, table="coding2") for r in self.kept("coding2", columns, "coding(s) of coding2", order="", rowid=True)]
        owners = {_owner(r) for r in first}
        renamed = sorted({_owner(r) for r in second} & owners)
        for r in second:
            r["coder"] = f"{_owner(r)} (coding2)" if _owner(r) in owners else _owner(r)
        if second:
            self.report.warnings.append(
                f"{len(second)} coding(s) of RQDA's second coding table (coding2) read as codings"
                + (f"; the coder(s) {', '.join(map(repr, renamed))}, who also coded in the table coding, are "
                   f"{', '.join(repr(f'{o} (coding2)') for o in renamed)} there, so the two passes can be compared"
                   if renamed else ""))
        return self._codings_of(first + second, cid_to_code)

    def _codings_of(self, rows: list[dict], cid_to_code: dict[int, str]) -> list[dict]:
        report = self.report
        all_files = {r["id"] for r in self.db.rows("source", ("id",))}
        all_codes = {r["id"] for r in self.db.rows("freecode", ("id",))}
        per_doc: dict[int, list[tuple[dict, int, int, str | None]]] = {}
        deleted_doc = deleted_code = 0
        for r in rows:
            doc = self.docs.get(r["fid"])
            if doc is None or r["cid"] not in cid_to_code:
                missing = "file" if doc is None and r["fid"] not in all_files else (
                    "code" if r["cid"] not in cid_to_code and r["cid"] not in all_codes else None)
                if missing is None:
                    deleted_doc += doc is None
                    deleted_code += doc is not None
                    continue
                ident = f"coding (row {r['rowid']} of {r['table']}, code id {r['cid']}, file id {r['fid']})"
                if self.strict:
                    raise ExchangeError("RK619", self.where, f"{ident}: its {missing} is not in the database",
                                        hint="import without strict to leave it out (listed in the report)")
                report.not_carried.append(f"{ident}: its {missing} is not in the database: not imported")
                continue
            span, how = self._span(doc, r)
            if span is not None:
                per_doc.setdefault(doc.fid, []).append((r, span[0], span[1], how))
        if deleted_doc:
            report.not_carried.append(f"{deleted_doc} coding(s) of files deleted in RQDA or without text: not imported")
        if deleted_code:
            report.not_carried.append(f"{deleted_code} coding(s) of codes deleted in RQDA: not imported")
        out = []
        for fid, items in per_doc.items():
            doc = self.docs[fid]
            starts, ends, ok = doc.source.to_canonical([i[1] for i in items], [i[2] for i in items], RQDA_CONVENTION)
            text = doc.source.canonical
            for (r, a, b, how), s, e, fits in zip(items, starts.tolist(), ends.tolist(), ok.tolist()):
                if not fits or e <= s:
                    doc.lost += 1
                    report.not_carried.append(f"coding (row {r['rowid']} of {r['table']}) in '{doc.doc_id}': no place in the "
                                              f"canonical text (it covers only {doc.raw[a:b]!r}, which the canonical text "
                                              "drops): not imported")
                    continue
                guid = self.guid("coding", r["rowid"]) if r["table"] == "coding" else self.guid(r["table"], r["rowid"])
                out.append({"doc_id": doc.doc_id, "start": s, "end": e, "code": cid_to_code[r["cid"]],
                            "coder": r.get("coder") or _owner(r), "source": "import", "text": text[s:e], "id": guid,
                            "created": iso_date(r["date"]), "memo": memo_text(r["memo"]), "unit": None, "rule_id": None,
                            "evidence": None, "confidence": None, "origin": how})
        for doc in self.docs.values():
            total = doc.fitting + doc.moved + doc.lost
            if total:
                report.conventions[doc.doc_id] = (f"code points, selfirst 0-based and selend exclusive, as RQDA stores them "
                                                  f"({doc.fitting}/{total} codings hold their coded text at their offsets"
                                                  + (f", {doc.moved} found again elsewhere" if doc.moved else "")
                                                  + (f", {doc.lost} not placed" if doc.lost else "") + ")")
        return out

    def _span(self, doc: DbDocument, r: dict) -> tuple[tuple[int, int] | None, str | None]:
        """The coding's place in the raw text, checked against its ``seltext``."""
        p0, p1, sel = position(r["selfirst"]), position(r["selend"]), r["seltext"]
        ident = (f"coding (row {r['rowid']} of {r['table']}) in '{doc.doc_id}' (code id {r['cid']}, coder {r['owner']!r}, "
                 f"selfirst-selend {_shown(r['selfirst'])}-{_shown(r['selend'])})")
        return checked_span(self, doc, p0, p1, sel, ident=ident, outside="the offsets are not whole positions inside",
                            program="RQDA", offsets=f"{_shown(r['selfirst'])}-{_shown(r['selend'])}", strict_code="RK618")

    # -- file categories, attributes, cases -----------------------------------------------

    def file_categories(self) -> None:
        cats = {r["catid"]: r for r in self.kept("filecat", ("catid", "name", "memo", "owner", "date"), "file category row(s)",
                                                   order="catid")}
        members: dict[int, list[int]] = {}
        for link in self.kept("treefile", ("fid", "catid"), "file-category link(s)", order="catid"):
            if link["catid"] in cats and link["fid"] in self.docs and link["fid"] not in members.get(link["catid"], []):
                members.setdefault(link["catid"], []).append(link["fid"])
        per_doc: dict[int, int] = {}
        for fids in members.values():
            for fid in fids:
                per_doc[fid] = per_doc.get(fid, 0) + 1
        overlapping = any(n > 1 for n in per_doc.values())
        for catid, cat in cats.items():
            name = cat["name"].strip() if isinstance(cat["name"], str) and cat["name"].strip() else f"file category {catid}"
            for fid in members.get(catid, []):
                if overlapping:
                    self.docs[fid].put(f"{SET_PREFIX}{name}", True, f"file category '{name}'", self.report)
                else:
                    self.docs[fid].put(GROUP_ATTRIBUTE, name, f"file category '{name}'", self.report)
            if memo_text(cat["memo"]):
                self.memo("filecat", catid, "project", "", cat["memo"], cat["owner"], cat["date"], name=f"memo on file category {name}")

    def attributes(self) -> None:
        report = self.report
        kinds = {r["name"]: r for r in self.db.rows("attributes", ("name", "class", "memo", "status"))}
        gone = {name for name, r in kinds.items() if not live(r)}
        if gone:
            self.deleted["attribute(s)"] = len(gone)
        dropped = 0

        def value_of(r: dict) -> Any:
            value = r["value"]
            if isinstance(value, str) and (kinds.get(r["variable"]) or {}).get("class") == "numeric":
                return as_number(value.strip())
            return value

        def usable(r: dict) -> bool:
            nonlocal dropped
            if not isinstance(r["variable"], str) or r["value"] is None or (isinstance(r["value"], str) and not r["value"].strip()):
                return False
            if r["variable"] in gone:
                dropped += 1
                return False
            return True

        for r in self.kept("fileattr", ("fileID", "variable", "value"), "file attribute value(s)", order=""):
            doc = self.docs.get(r["fileID"])
            if doc is not None and usable(r):
                doc.put(r["variable"], value_of(r), "file attribute", report)
        by_case: dict[Any, list[tuple[str, Any]]] = {}
        for r in self.kept("caseattr", ("caseID", "variable", "value"), "case attribute value(s)", order=""):
            if usable(r):
                by_case.setdefault(r["caseID"], []).append((r["variable"], value_of(r)))
        if dropped:
            report.not_carried.append(f"{dropped} value(s) of attributes deleted in RQDA: not imported")
        self._cases(by_case)

    def _cases(self, by_case: dict[Any, list[tuple[str, Any]]]) -> None:
        ranges: dict[Any, dict[int, list[tuple[int, int]]]] = {}
        for r in self.kept("caselinkage", ("caseid", "fid", "selfirst", "selend"), "case link(s)", order="", rowid=True):
            a, b = position(r["selfirst"]), position(r["selend"])
            if r["fid"] in self.docs and a is not None and b is not None:
                ranges.setdefault(r["caseid"], {}).setdefault(r["fid"], []).append((a, b))
        cases = [(c["id"], c["name"], c["memo"], c["owner"], c["date"])
                 for c in self.kept("cases", ("id", "name", "memo", "owner", "date"), "case(s)", order="id")]
        self.speaker_claims = carry_cases(self, cases, ranges, by_case, RQDA_CONVENTION)

    # -- memos, images, other tables ------------------------------------------------------

    def project_memos(self) -> None:
        if memo_text(self.project.get("memo")):
            self.memo("project", 0, "project", "", self.project["memo"], None, self.project.get("date"))
        for j in self.kept("journal", ("name", "journal", "date", "owner"), "journal(s)", order="", rowid=True):
            if memo_text(j["journal"]):
                self.memo("journal", j["rowid"], "project", "", j["journal"], j["owner"], j["date"],
                          name=j["name"] if isinstance(j["name"], str) else None)
        notes: dict[str, int] = {}
        for a in self.kept("annotation", ("fid", "position", "annotation", "owner", "date"), "annotation(s)", order="", rowid=True):
            doc = self.docs.get(a["fid"])
            if doc is None or not memo_text(a["annotation"]):
                continue
            at = position(a["position"])
            before = " ".join(doc.raw[max(0, at - 40):at].split()) if at is not None and 0 <= at <= len(doc.raw) else ""
            self.memo("annotation", a["rowid"], "document", doc.doc_id, a["annotation"], a["owner"], a["date"],
                      name=f"annotation at {a['position']}" + (f" after «…{before[-30:]}»" if before else ""))
            notes[doc.doc_id] = notes.get(doc.doc_id, 0) + 1
        for doc_id, n in notes.items():
            self.report.not_carried.append(f"{n} annotation(s) at places in '{doc_id}': kept as memos on the document, named after "
                                           "the place (researchkit memos are not tied to passages)")

    def unread_tables(self) -> None:
        db, report = self.db, self.report
        n = db.count("imagecoding")
        if n:
            report.not_carried.append(f"{n} image coding(s) (table imageCoding): researchkit codes text")
        for table in sorted(set(db.tables) - KNOWN_TABLES):
            n = db.count(table)
            if n and not table.startswith("sqlite_"):
                report.not_carried.append(f"table '{table}' ({n} row(s)): not part of RQDA's schema; not read")
        if self.deleted:
            listed = ", ".join(f"{n} {what}" for what, n in sorted(self.deleted.items()))
            report.not_carried.append(f"deleted in RQDA (status 0, kept in the database to be restored): {listed}: not imported")

    # -- the whole ------------------------------------------------------------------------

    def read(self) -> Exchange:
        report = self.report
        self.sources()
        codebook, cid_to_code = self.codebook()
        rows = self.codings(cid_to_code)
        self.file_categories()
        self.attributes()
        self.project_memos()
        self.unread_tables()
        return database_exchange(name=self.name, file=self.db.file, fmt="rqda", docs=self.docs.values(),
                                 codebook=codebook, rows=rows, memos=self.memos, guid=self.guid,
                                 code_guids=self.code_guids, created=iso_date(self.project.get("date")),
                                 labels=self.labels, report=report, speaker_claims=self.speaker_claims)


def read_rqda(path: str | Path, *, labels: Mapping[str, str] | None = None, strict: bool = False) -> Exchange:
    """Read an RQDA project (a ``.rqda`` file) without changing it.

    Parameters
    ----------
    path
        The ``.rqda`` file.
    labels
        Speaker label -> role map used to find turns in the texts.
    strict
        Refuse codings whose offsets do not hold their coded text (``RK618``) and codings of
        files or codes that are not in the database (``RK619``), instead of listing them.

    Returns
    -------
    Exchange
        As :func:`~researchkit.refi.read_qdpx` returns it: unpacks to ``(documents, codebook,
        codings)``; ``.report`` says what was read, placed again, deleted and left out.

    Raises
    ------
    ExchangeError
        ``RK616`` not an RQDA project (missing tables named), ``RK617`` locked, damaged or
        unreadable, ``RK618`` offsets (strict), ``RK619`` dangling codings (strict).

    Examples
    --------
    >>> read_rqda("/nowhere/study.rqda")
    Traceback (most recent call last):
    ...
    researchkit.errors.ExchangeError: [RK616] /nowhere/study.rqda: no such file. What to do: give an RQDA project file (Name.rqda).
    """
    with open_rqda(path) as db:
        return _Reader(db, labels, strict).read()
