"""Read a QualCoder project (its ``data.qda`` SQLite database) straight into an :class:`~researchkit.refi.model.Exchange`.

Researchers moving from QualCoder have a project folder ``Name.qda``, often without a
REFI-QDA export. :func:`read_qualcoder` reads the folder (or its ``data.qda``) read-only
(:mod:`researchkit.refi.qualcoder_db`: every database version, v1 to v17) and returns what
:func:`~researchkit.refi.read_qdpx` returns for the same project's ``.qdpx``:

* **documents**: every source with text (``source.fulltext``: text files, the text of PDFs,
  transcripts of recordings), named as in QualCoder, made canonical (NFC, ``\\n``);
  its memo is a memo on the document; the transcript of a recording
  (``source.av_text_id``) gets the recording's name as ``media_name``;
* **codes**: categories (``code_cat``, nested through ``supercatid``) become codes that are
  not codable (as QualCoder's REFI export writes them), codes (``code_name``) sit under
  their category (``catid``) with their colour; a category's or code's memo is its
  description, as when QualCoder exports it;
* **codings** (``code_text``) per coder (``owner``), with their memo and date. QualCoder
  stores ``pos0``/``pos1`` as Python ``str`` indices (code points) into ``fulltext`` and the
  coded text as ``seltext``. Every coding is checked: ``fulltext[pos0:pos1] == seltext``.
  One that does not hold (the text was edited after coding) is placed where its
  ``seltext`` occurs, the occurrence nearest ``pos0`` when it is clearly the nearest, and
  listed with both places; one whose text occurs nowhere, or at several places equally near,
  is not imported and is listed (``strict=True`` refuses both, ``RK615``). Offsets are
  then mapped to the canonical text, so ``text[start:end]`` is the passage QualCoder showed;
* **cases** (``cases``, ``case_text``): researchkit's cases are documents, so a case's
  attributes go to the documents it covers whole (``case`` names the case); a case that
  covers only part of a document gives it nothing: its attributes go to the one speaker of
  a focus group whose turns it covers (:mod:`researchkit.refi.speakercases`), else the
  report lists the case, the document, the characters and why; a case's memo is a memo on its
  (first) document, or on the project when it has none;
* **attributes** (``attribute_type``, ``attribute``): of files and of cases, ``numeric``
  ones as numbers; empty values are no values;
* **memos**: the project memo and every journal (``journal``, by name) are project memos;
  annotations (notes on a passage) are memos on their document named after the passage
  and its place (researchkit memos are not tied to passages: listed);
* **not imported**, counted in the report: picture and PDF-area codings (``code_image``),
  codings of stretches of audio and video (``code_av``; the text codings of their
  transcripts are imported), sources without text (pictures, recordings), graphs,
  references (``ris``), and every table a newer QualCoder (or a fork) added that holds rows.
  A code placed under another code (``code_name.supercid``: QualCoder's v16, and forks) is
  read as its child.

GUIDs are name-based (uuid5) on the project's creation date and QualCoder's row ids, so
importing the same project again matches what the first import stored.

Examples
--------
>>> import sqlite3, tempfile, os
>>> folder = os.path.join(tempfile.mkdtemp(), "Havens.qda")
>>> os.mkdir(folder)
>>> con = sqlite3.connect(os.path.join(folder, "data.qda"))
>>> con.executescript(
...     "create table project (databaseversion text, date text, memo text, about text);"
...     "create table source (id integer primary key, name text, fulltext text, mediapath text, memo text, owner text, date text);"
...     "create table code_cat (catid integer primary key, name text, owner text, date text, memo text, supercatid integer);"
...     "create table code_name (cid integer primary key, name text, memo text, catid integer, owner text, date text, color text);"
...     "create table code_text (cid integer, fid integer, seltext text, pos0 integer, pos1 integer, owner text, date text, memo text);"
...     "insert into project values ('v1', '2020-01-01 10:00:00', '', 'QualCoder 1.9');"
...     "insert into source values (1, 'R01', 'R: Wij zijn één 😀 haven.', null, '', 'anna', '2020-01-02 10:00:00');"
...     "insert into code_name values (1, 'Haven', '', null, 'anna', '2020-01-02 10:00:00', '#1F77B4');"
...     "insert into code_text values (1, 1, 'haven', 18, 23, 'anna', '2020-01-02 10:01:00', '');")  # doctest: +ELLIPSIS
<sqlite3.Cursor ...>
>>> con.commit(); con.close()
>>> documents, codebook, codings = read_qualcoder(folder)
>>> codings[["doc_id", "code", "coder", "text"]].values.tolist()
[['R01', 'Haven', 'anna', 'haven']]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

from researchkit.errors import ExchangeError
from researchkit.refi.codetree import MAX_CODE_DEPTH, build_codebook
from researchkit.refi.dbdocs import carry_cases, checked_span, database_exchange, place_seltext
from researchkit.refi.dbdocs import DbDocument as _Doc
from researchkit.refi.dbdocs import as_number as _number
from researchkit.refi.dbdocs import memo_text as _text
from researchkit.refi.model import Exchange, ExchangeReport, stable_guid
from researchkit.refi.offsets import Convention, SourceText
from researchkit.refi.qualcoder_db import KNOWN_TABLES, NEWEST_KNOWN_RELEASE, NEWEST_KNOWN_VERSION, SETTINGS_TABLES, QualCoderDatabase
from researchkit.refi.safety import MAX_MEMBER_BYTES
from researchkit.refi.sources import check_short

__all__ = ["read_qualcoder", "is_qualcoder_project", "QUALCODER_CONVENTION", "place_seltext"]

#: How QualCoder counts ``pos0``/``pos1``: Python ``str`` indices into ``source.fulltext``, every character one.
QUALCODER_CONVENTION = Convention("codepoint", 2, True)
_MEDIA_KINDS = (("images", "picture"), ("audio", "audio"), ("video", "video"), ("docs", "linked document"))


def is_qualcoder_project(path: str | Path) -> bool:
    """Whether ``path`` names a QualCoder project: a folder holding ``data.qda``, or a ``.qda`` file.

    Examples
    --------
    >>> is_qualcoder_project("study.qdpx"), is_qualcoder_project("Study.qda/data.qda")
    (False, True)
    """
    p = Path(path)
    return (p.is_dir() and (p / "data.qda").is_file()) or p.suffix.lower() == ".qda"


def _iso(value: Any) -> str | None:
    """QualCoder's ``YYYY-MM-DD HH:MM:SS`` as ISO 8601 (``T``); other text as it is."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    return value[:10] + "T" + value[11:] if re.match(r"^\d{4}-\d{2}-\d{2} \d", value) else value


class _Reader:
    """One read of one database: the report, the GUID key, and what the steps share."""

    def __init__(self, db: QualCoderDatabase, path: Path, labels: Mapping[str, str] | None, strict: bool) -> None:
        self.db, self.path, self.labels, self.strict = db, path, labels, strict
        self.speaker_claims: list = []  # cases covering part of a document (researchkit.refi.speakercases)
        self.where = str(db.file)
        about = db.project.get("about")
        self.report = ExchangeReport(str(path), origin=about.strip() if isinstance(about, str) and about.strip() else "QualCoder")
        folder = db.file.parent if db.file.name.lower() == "data.qda" else None
        self.name = folder.name[:-4] if folder is not None and folder.name.lower().endswith(".qda") else db.file.stem
        self.key = str(db.project.get("date") or self.name)
        self.docs: dict[int, _Doc] = {}
        self.memos: list[dict] = []
        self.code_guids: dict[str, str] = {}
        self.searches = 0
        self.default_author = db.project.get("codername") if isinstance(db.project.get("codername"), str) else None

    def guid(self, *parts: Any) -> str:
        return stable_guid("qualcoder", self.key, *(str(p) for p in parts))

    def memo(self, kind: str, row_id: Any, target_type: str, target: str, text: str, author: Any, when: Any,
             name: str | None = None) -> None:
        self.memos.append({"id": self.guid("memo", kind, row_id), "target_type": target_type, "target": target,
                           "author": author if isinstance(author, str) and author else (self.default_author or "import"),
                           "text": text, "created": _iso(when) or "", "updated": _iso(when) or "", "name": name,
                           "description": None})

    # -- checks -------------------------------------------------------------------------

    def check_version(self) -> None:
        db, report = self.db, self.report
        raw = db.project.get("databaseversion")
        if not db.project:
            report.warnings.append("the project table has no row (no database version, date or memo): read as the newest known version")
        elif db.version is None:
            report.warnings.append(f"database version {raw!r} is not of QualCoder's form vN: read as the newest known (v{NEWEST_KNOWN_VERSION})")
        elif db.version > NEWEST_KNOWN_VERSION:
            if self.strict:
                raise ExchangeError("RK613", self.where, f"database version {raw} is newer than the newest researchkit knows "
                                    f"(v{NEWEST_KNOWN_VERSION}, {NEWEST_KNOWN_RELEASE})",
                                    hint="import without strict to read the tables and columns researchkit knows, "
                                         "or export the project from QualCoder as REFI-QDA (.qdpx) and import that")
            report.warnings.append(f"database version {raw} is newer than the newest researchkit knows (v{NEWEST_KNOWN_VERSION}, "
                                   f"{NEWEST_KNOWN_RELEASE}): the tables and columns it knows were read; anything newer is not")
        about = db.project.get("about")
        if db.project and not (isinstance(about, str) and "qualcoder" in about.lower()):
            report.warnings.append(f"project.about is {about!r}, not a QualCoder version (QualCoder itself checks for it); "
                                   "read because QualCoder's tables are all there")
        lock = db.file.parent / "project_in_use.lock"
        if lock.is_file():
            who = ""
            try:
                with open(lock, "rb") as fh:  # QualCoder writes the user, then a time stamp
                    who = fh.read(200).decode("utf-8", "replace").splitlines()[0].strip()
            except (OSError, IndexError):
                pass
            report.warnings.append(f"QualCoder has this project open{f' (user {who})' if who else ''} (project_in_use.lock), or was "
                                   "not closed properly: what it has not saved yet is not in this import")

    # -- sources ------------------------------------------------------------------------

    def sources(self) -> None:
        report, taken = self.report, set()
        rows = self.db.rows("source", ("id", "name", "fulltext", "mediapath", "memo", "owner", "date", "av_text_id"))
        media: dict[str, list[str]] = {}
        for r in rows:
            raw, label = r["fulltext"], r["name"] if isinstance(r["name"], str) and r["name"].strip() else f"source {r['id']}"
            if not isinstance(raw, str):
                kind = _media_kind(r["mediapath"])
                media.setdefault(kind, []).append(label)
                if _text(r["memo"]):
                    self.memo("source", r["id"], "project", "", r["memo"], r["owner"], r["date"], name=f"memo on the {kind} '{label}'")
                continue
            if len(raw) > MAX_MEMBER_BYTES:
                report.not_carried.append(f"source '{label}': its text has {len(raw)} characters, over the limit of "
                                          f"{MAX_MEMBER_BYTES}; the document and its codings are not imported")
                continue
            doc_id = label if label not in taken else f"{label} ({r['id']})"
            if doc_id != label:
                report.warnings.append(f"two sources are called '{label}'; source id {r['id']} becomes '{doc_id}'")
            taken.add(doc_id)
            check_short(raw, doc_id, f"source id {r['id']}", report)
            doc = _Doc(r["id"], doc_id, raw, SourceText(raw), self.guid("source", r["id"]))
            self.docs[r["id"]] = doc
            if isinstance(r["mediapath"], str) and r["mediapath"].lower().endswith(".pdf"):
                report.warnings.append(f"'{doc_id}' is a PDF: imported through the text QualCoder extracted from it")
            if _text(r["memo"]):
                self.memo("source", r["id"], "document", doc_id, r["memo"], r["owner"], r["date"])
        for r in rows:  # a recording's transcript names it
            doc = self.docs.get(r["av_text_id"]) if isinstance(r["av_text_id"], int) else None
            if doc is not None and not isinstance(r["fulltext"], str):
                doc.put("media_name", r["name"], f"recording of source id {r['id']}", report)
        for kind, names in media.items():
            report.not_carried.append(f"{len(names)} {kind} source(s) without text ({', '.join(names[:5])}"
                                      f"{', ...' if len(names) > 5 else ''}): researchkit holds texts")

    # -- codes --------------------------------------------------------------------------

    def codebook(self) -> tuple[Any, dict[int, str]]:
        db, report = self.db, self.report
        cats = db.rows("code_cat", ("catid", "name", "memo", "owner", "date", "supercatid"))
        codes = db.rows("code_name", ("cid", "name", "memo", "catid", "owner", "date", "color", "supercid"))
        nodes: dict[tuple[str, int], dict] = {}
        for kind, rows, id_col in (("category", cats, "catid"), ("code", codes, "cid")):
            for r in rows:
                name = r["name"].strip() if isinstance(r["name"], str) and r["name"].strip() else f"({kind} {r[id_col]})"
                nodes[(kind, r[id_col])] = {"guid": self.guid(kind, r[id_col]), "name": name, "color": r.get("color"),
                                            "codable": kind == "code", "description": _text(r["memo"]), "notes": [],
                                            "line": f"{kind} {r[id_col]}", "children": []}
        parent_of: dict[tuple[str, int], tuple[str, int] | None] = {}
        for r in cats:
            parent_of[("category", r["catid"])] = ("category", r["supercatid"]) if ("category", r["supercatid"]) in nodes else None
            if r["supercatid"] is not None and parent_of[("category", r["catid"])] is None:
                report.warnings.append(f"category '{nodes[('category', r['catid'])]['name']}': its parent category "
                                       f"{r['supercatid']} does not exist; placed at the top")
        for r in codes:
            parent = None
            if r["supercid"] is not None and ("code", r["supercid"]) in nodes:
                parent = ("code", r["supercid"])
            elif r["catid"] is not None and ("category", r["catid"]) in nodes:
                parent = ("category", r["catid"])
            elif r["catid"] is not None:
                report.warnings.append(f"code '{nodes[('code', r['cid'])]['name']}': its category {r['catid']} does not exist; "
                                       "placed at the top")
            parent_of[("code", r["cid"])] = parent
        self._break_cycles(parent_of, nodes)
        top: list[dict] = []
        order = sorted(nodes, key=lambda k: (k[0] != "category", nodes[k]["name"].lower(), k[1] if isinstance(k[1], int) else 0))
        for k in order:
            parent = parent_of.get(k)
            (nodes[parent]["children"] if parent is not None else top).append(nodes[k])
        book, guid_to_id = build_codebook(top, self.where, report, title=self.name or None)
        cid_to_code = {cid: guid_to_id[nodes[("code", cid)]["guid"]] for kind, cid in nodes if kind == "code"}
        self.code_guids = {code_id: guid for guid, code_id in guid_to_id.items()}
        return book, cid_to_code

    def _break_cycles(self, parent_of: dict, nodes: dict) -> None:
        """Categories (or codes) that are their own ancestors are put at the top (warned); too deep a tree is refused."""
        for k in sorted(parent_of, key=str):
            seen, node, depth = {k}, parent_of.get(k), 1
            while node is not None:
                if node in seen:
                    report_name = nodes[k]["name"]
                    self.report.warnings.append(f"{k[0]} '{report_name}' is its own ancestor (a loop in the code tree); "
                                                "placed at the top")
                    parent_of[k] = None
                    break
                seen.add(node)
                depth += 1
                if depth > MAX_CODE_DEPTH:
                    raise ExchangeError("RK607", self.where, f"{k[0]} '{nodes[k]['name']}' lies more than {MAX_CODE_DEPTH} levels deep",
                                        hint="flatten the code tree in QualCoder")
                node = parent_of.get(node)

    # -- codings ------------------------------------------------------------------------

    def codings(self, cid_to_code: dict[int, str]) -> list[dict]:
        report = self.report
        cols = ("ctid", "cid", "fid", "seltext", "pos0", "pos1", "owner", "date", "memo", "avid", "important")
        rows = self.db.rows("code_text", cols, order="ctid" if self.db.has("code_text", "ctid") else "", rowid=True)
        per_doc: dict[int, list[tuple[dict, int, int, str | None]]] = {}
        no_doc, no_code, no_seltext = 0, 0, 0
        for r in rows:
            doc = self.docs.get(r["fid"])
            if doc is None:
                no_doc += 1
                continue
            if r["cid"] not in cid_to_code:
                no_code += 1
                continue
            span, how = self._span(doc, r)
            if span is None:
                continue
            if r["seltext"] is None:
                no_seltext += 1
            per_doc.setdefault(doc.fid, []).append((r, span[0], span[1], how))
        out = []
        for fid, items in per_doc.items():
            doc = self.docs[fid]
            starts, ends, ok = doc.source.to_canonical([i[1] for i in items], [i[2] for i in items], QUALCODER_CONVENTION)
            text = doc.source.canonical
            for (r, a, b, how), s, e, fits in zip(items, starts.tolist(), ends.tolist(), ok.tolist()):
                if not fits or e <= s:  # it covers only what the canonical text drops (a byte-order mark)
                    doc.lost += 1
                    report.not_carried.append(f"coding {r['ctid'] or r['rowid']} in '{doc.doc_id}': no place in the canonical text "
                                              f"(it covers only {doc.raw[a:b]!r}, which the canonical text drops): not imported")
                    continue
                owner = r["owner"] if isinstance(r["owner"], str) and r["owner"].strip() else "default"
                out.append({"doc_id": doc.doc_id, "start": s, "end": e, "code": cid_to_code[r["cid"]], "coder": owner,
                            "source": "import", "text": text[s:e], "id": self.guid("coding", r["ctid"] or f"row {r['rowid']}"),
                            "created": _iso(r["date"]), "memo": _text(r["memo"]), "unit": None, "rule_id": None,
                            "evidence": None, "confidence": None, "origin": how})
        if no_doc:
            report.not_carried.append(f"{no_doc} text coding(s) on sources that are not in the project or have no text "
                                      "(QualCoder removes them when it opens the project)")
        if no_code:
            report.not_carried.append(f"{no_code} text coding(s) of codes that are not in the project (deleted codes)")
        if no_seltext:
            report.warnings.append(f"{no_seltext} coding(s) without their coded text (seltext): placed by their offsets alone")
        for doc in self.docs.values():
            total = doc.fitting + doc.moved + doc.lost
            if total:
                report.conventions[doc.doc_id] = (f"code points, as QualCoder stores them ({doc.fitting}/{total} codings hold their "
                                                  f"coded text at their offsets" + (f", {doc.moved} found again elsewhere" if doc.moved else "")
                                                  + (f", {doc.lost} not placed" if doc.lost else "") + ")")
        return out

    def _span(self, doc: _Doc, r: dict) -> tuple[tuple[int, int] | None, str | None]:
        """The coding's place in the raw text, checked against its ``seltext`` (see module docstring)."""
        p0, p1, sel = r["pos0"], r["pos1"], r["seltext"]
        which = f"coding {r['ctid']}" if r["ctid"] is not None else f"coding (row {r['rowid']} of code_text)"
        ident = f"{which} in '{doc.doc_id}' (code id {r['cid']}, coder {r['owner']!r}, pos0-pos1 {p0}-{p1})"
        ints = isinstance(p0, int) and isinstance(p1, int)
        return checked_span(self, doc, p0 if ints else None, p1 if ints else None, sel, ident=ident,
                            outside="the offsets do not lie inside", program="QualCoder", offsets=f"{p0}-{p1}",
                            strict_code="RK615")

    # -- cases and attributes -----------------------------------------------------------

    def attributes(self) -> None:
        db, report = self.db, self.report
        types = {r["name"]: r for r in db.rows("attribute_type", ("name", "caseOrFile", "valuetype", "memo"))}
        values = db.rows("attribute", ("attrid", "name", "attr_type", "value", "id"), order="attrid" if db.has("attribute", "attrid") else "")
        by_case: dict[Any, list[tuple[str, Any]]] = {}
        for r in values:
            if not isinstance(r["name"], str) or r["value"] is None or (isinstance(r["value"], str) and not r["value"].strip()):
                continue
            value = r["value"]
            kind = (types.get(r["name"]) or {}).get("valuetype")
            if isinstance(value, str) and kind == "numeric":
                value = _number(value.strip())
            if r["attr_type"] == "file":
                doc = self.docs.get(r["id"])
                if doc is not None:
                    doc.put(r["name"], value, "file attribute", report)
            elif r["attr_type"] == "case":
                by_case.setdefault(r["id"], []).append((r["name"], value))
        self._cases(by_case)

    def _cases(self, by_case: dict[Any, list[tuple[str, Any]]]) -> None:
        ranges: dict[Any, dict[int, list[tuple[int, int]]]] = {}
        for r in self.db.rows("case_text", ("id", "caseid", "fid", "pos0", "pos1")):
            if r["fid"] in self.docs and isinstance(r["pos0"], int) and isinstance(r["pos1"], int):
                ranges.setdefault(r["caseid"], {}).setdefault(r["fid"], []).append((r["pos0"], r["pos1"]))
        cases = [(c["caseid"], c["name"], c["memo"], c["owner"], c["date"])
                 for c in self.db.rows("cases", ("caseid", "name", "memo", "owner", "date"))]
        self.speaker_claims = carry_cases(self, cases, ranges, by_case, QUALCODER_CONVENTION)

    # -- memos and media codings --------------------------------------------------------

    def project_memos(self) -> None:
        db, report = self.db, self.report
        if _text(db.project.get("memo")):
            self.memo("project", 0, "project", "", db.project["memo"], self.default_author, db.project.get("date"))
        for j in db.rows("journal", ("jid", "name", "jentry", "date", "owner"), order="jid" if db.has("journal", "jid") else "", rowid=True):
            if _text(j["jentry"]):
                self.memo("journal", j["jid"] or f"row {j['rowid']}", "project", "", j["jentry"], j["owner"], j["date"],
                          name=j["name"] if isinstance(j["name"], str) else None)
        notes: dict[str, int] = {}
        for a in db.rows("annotation", ("anid", "fid", "pos0", "pos1", "memo", "owner", "date"), rowid=True):
            doc = self.docs.get(a["fid"])
            if not _text(a["memo"]):
                continue
            p0, p1 = a["pos0"], a["pos1"]
            if doc is None:
                self.memo("annotation", a["anid"] or f"row {a['rowid']}", "project", "", a["memo"], a["owner"], a["date"],
                          name=f"annotation on source id {a['fid']}")
                notes["(sources without text)"] = notes.get("(sources without text)", 0) + 1
                continue
            inside = isinstance(p0, int) and isinstance(p1, int) and 0 <= p0 <= p1 <= len(doc.raw)
            passage = " ".join(doc.raw[p0:p1].split()) if inside else ""
            label = f"on «{passage[:40]}{'…' if len(passage) > 40 else ''}» ({p0}-{p1})"
            self.memo("annotation", a["anid"] or f"row {a['rowid']}", "document", doc.doc_id, a["memo"], a["owner"], a["date"], name=label)
            notes[doc.doc_id] = notes.get(doc.doc_id, 0) + 1
        for doc_id, n in notes.items():
            report.not_carried.append(f"{n} annotation(s) on passages of '{doc_id}': kept as memos on the document, named after "
                                      "the passage and its place (researchkit memos are not tied to passages)")

    def media_codings(self) -> None:
        db, report = self.db, self.report
        names = {r["id"]: r["name"] for r in db.rows("source", ("id", "name"))}
        for table, what in (("code_image", "picture"), ("code_av", "audio/video")):
            cols = ("id", "cid", "owner", "memo") + (("pdf_page",) if table == "code_image" else ())
            counts: dict[tuple[Any, str], list[int]] = {}
            for r in db.rows(table, cols, order=""):
                kind = "PDF-area" if r.get("pdf_page") is not None else what
                c = counts.setdefault((r["id"], kind), [0, 0])
                c[0] += 1
                c[1] += 1 if _text(r["memo"]) else 0
            for (sid, kind), (n, memos) in sorted(counts.items(), key=lambda kv: (str(names.get(kv[0][0], kv[0][0])), kv[0][1])):
                report.not_carried.append(f"{n} {kind} coding(s) of '{names.get(sid, f'source id {sid}')}' ({table})"
                                          + (f", {memos} with a memo" if memos else "") + ": researchkit codes text"
                                          + ("; the text codings of its transcript are imported" if kind == "audio/video" else ""))

    def unread_tables(self) -> None:
        """Graphs, references and tables researchkit does not know (a newer QualCoder, a fork), listed with their rows."""
        db, report = self.db, self.report
        for g in db.rows("graph", ("grid", "name")):
            report.not_carried.append(f"graph '{g['name']}': researchkit has no graphs")
        refs = len({r["risid"] for r in db.rows("ris", ("risid",))})
        if refs:
            report.not_carried.append(f"{refs} bibliographic reference(s) (table ris): not read")
        for table in sorted(set(db.tables) - KNOWN_TABLES - SETTINGS_TABLES):
            n = db.count(table)
            if n and not table.startswith("sqlite_"):
                report.not_carried.append(f"table '{table}' ({n} row(s)): not part of QualCoder's schema up to "
                                          f"v{NEWEST_KNOWN_VERSION} (a newer version or another program added it); not read")

    # -- the whole ----------------------------------------------------------------------

    def read(self) -> Exchange:
        report = self.report
        self.check_version()
        self.sources()
        codebook, cid_to_code = self.codebook()
        rows = self.codings(cid_to_code)
        self.attributes()
        self.project_memos()
        self.media_codings()
        self.unread_tables()
        return database_exchange(name=self.name, file=self.db.file, fmt="qualcoder", docs=self.docs.values(),
                                 codebook=codebook, rows=rows, memos=self.memos, guid=self.guid,
                                 code_guids=self.code_guids, created=_iso(self.db.project.get("date")),
                                 labels=self.labels, report=report, speaker_claims=self.speaker_claims)


def _media_kind(mediapath: Any) -> str:
    path = mediapath.lower() if isinstance(mediapath, str) else ""
    for folder, kind in _MEDIA_KINDS:
        if path.startswith(f"/{folder}/") or path.startswith(f"{folder}:"):
            return kind
    return "media"


def read_qualcoder(path: str | Path, *, labels: Mapping[str, str] | None = None, strict: bool = False) -> Exchange:
    """Read a QualCoder project (its ``.qda`` folder or the ``data.qda`` in it) without changing it.

    Parameters
    ----------
    path
        The project folder (``Name.qda``) or its ``data.qda`` file.
    labels
        Speaker label -> role map used to find turns in the texts.
    strict
        Refuse a database newer than researchkit knows (``RK613``) and codings whose
        offsets do not hold their coded text (``RK615``), instead of reading on and listing them.

    Returns
    -------
    Exchange
        As :func:`~researchkit.refi.read_qdpx` returns it: unpacks to ``(documents, codebook,
        codings)``; ``.report`` says what was read, placed again and left out.

    Raises
    ------
    ExchangeError
        ``RK612`` not a QualCoder project (missing tables named), ``RK613`` newer database
        (strict), ``RK614`` locked, damaged or unreadable, ``RK615`` offsets (strict).

    Examples
    --------
    >>> read_qualcoder("/nowhere/Study.qda")
    Traceback (most recent call last):
    ...
    researchkit.errors.ExchangeError: [RK612] /nowhere/Study.qda: no QualCoder project here (no such folder or file). What to do: give the project's .qda folder or the data.qda file inside it.
    """
    with QualCoderDatabase.open(path) as db:
        return _Reader(db, Path(path), labels, strict).read()
