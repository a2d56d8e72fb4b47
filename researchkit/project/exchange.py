"""A project in and out of REFI-QDA: :func:`to_exchange` and :func:`import_exchange`.

Export gathers what a ``.qdpx`` carries from the project, with the GUIDs the project
stores (documents, codes, codings, memos) or derives by name (coders; a coder imported
from another program keeps that program's GUID, remembered in the project's facts).

Import stores an :class:`~researchkit.refi.model.Exchange` in one transaction. Entities
are matched to what the project holds, GUID first, then name:

* a document with a known GUID (or doc id) is updated -- when its text changed, the
  project's codings are re-anchored as for any re-ingested transcript; attributes are
  merged (the file's values win); turns are kept when the text is unchanged (a turn
  without a time takes the file's, from the sync points of a transcript of audio or
  video); those sync points are kept as a project fact tied to the document's text
  (:func:`sync_points`);
* a code with a known GUID (or id) keeps the project's definition; a renamed code is
  reported; new codes are added under their parent; relations between codes (the file's
  links between codes) the project lacks are added to its codebook;
* codings already stored (same id, or same passage, code and coder) are skipped; a coding
  whose id is known but whose passage or code changed elsewhere is stored as a new coding
  next to the old one (reported, never overwritten);
* memos are added unless their id is already stored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from sqlalchemy import select

from researchkit.project import schema
from researchkit.project.schema import now
from researchkit.refi.model import EXTRA_CODING_COLUMNS, Exchange, ExchangeReport, norm_guid, stable_guid
from researchkit.project.syncfacts import fact_row, write_facts
from researchkit.transcripts import Corpus

__all__ = ["to_exchange", "import_exchange", "coder_guids", "sync_points"]

_GUID_FACT = "guid.coder."
_MEMO_FACT = "memo.note."


def _fact_key(name: str) -> str:
    return _GUID_FACT + hashlib.sha1(name.encode("utf-8")).hexdigest()


def coder_guids(project: Any, names: list[str]) -> dict[str, str]:
    """GUID of each coder: the one remembered from an import, else name-based (uuid5 on the project's UUID)."""
    with project._read() as conn:
        facts = dict(conn.execute(select(schema.project_table.c.key, schema.project_table.c.value)
                                  .where(schema.project_table.c.key.like(_GUID_FACT + "%"))).all())
    return {name: facts.get(_fact_key(name)) or stable_guid(project.uuid, "coder", name) for name in names}


def sync_points(project: Any, corpus: Any = None) -> dict[str, tuple[tuple[int, int], ...]]:
    """``doc_id -> ((offset, milliseconds), ...)``: the sync points of the documents that have them.

    Kept (as project facts, :mod:`researchkit.project.syncfacts`) from the transcripts added
    (cue, segment and written times: ``Transcript.sync_points``) and from :func:`import_exchange`
    (transcripts of audio or video); a document whose text changed since has none (its offsets
    would no longer fit). ``project.corpus()`` gives each transcript its own, and
    :meth:`~researchkit.transcripts.Transcript.time_at` times any passage with them.

    Examples
    --------
    >>> from researchkit.project.examples import example_project
    >>> from researchkit.refi.model import Exchange
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> p = example_project({})
    >>> _ = import_exchange(p, Exchange("media", Corpus([Transcript("int1", "I: Ja?\\nR: Nee.")]), sync_points={"int1": ((0, 0), (7, 2500))}))
    >>> sync_points(p)
    {'int1': ((0, 0), (7, 2500))}
    """
    corpus = corpus if corpus is not None else project.corpus()
    return {t.doc_id: t.sync_points for t in sorted(corpus, key=lambda t: t.doc_id) if t.sync_points}


def to_exchange(project: Any) -> Exchange:
    """Everything a ``.qdpx`` export carries from ``project`` (see module docstring)."""
    corpus = project.corpus()
    docs = project.documents()
    doc_guids = dict(zip(docs["doc_id"], docs["uuid"])) if len(docs) else {}
    codebook = project.codebook()
    code_guids: dict[str, str] = {}
    if codebook is not None:
        codes = project.codes()
        code_guids = dict(zip(codes["code_id"], codes["uuid"]))
    codings = project.codings()
    keep = [c for c in codings.columns if c in (["doc_id", "start", "end", "code", "coder", "source", "text"] + EXTRA_CODING_COLUMNS)]
    codings = codings[keep].reset_index(drop=True)
    memos = project.memos()
    names = sorted(set(project.coders()["name"]) | set(codings["coder"]) | set(memos["author"]))
    with project._read() as conn:
        facts = dict(conn.execute(select(schema.project_table.c.key, schema.project_table.c.value)).all())
    titles = [_memo_title(facts, memo_id) for memo_id in memos["id"]]
    memos = memos.assign(name=[t.get("name") for t in titles], description=[t.get("description") for t in titles])
    location = str(project.location)
    name = facts.get("name") or location.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Exchange(name, corpus, codebook, codings, coder_guids(project, names), memos, doc_guids, code_guids,
                    facts.get("created"), "researchkit", sync_points=sync_points(project, corpus))


def _memo_title(facts: dict, memo_id: str) -> dict:
    """The name and description a memo had as a note in another program (kept as a project fact)."""
    try:
        value = json.loads(facts.get(_MEMO_FACT + memo_id, "{}"))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _name_paths(codebook: Any, only: str | None = None) -> Any:
    """``(names from the top down) -> code id`` for every code, or the path of code ``only``."""
    def path(code_id: str) -> tuple[str, ...]:
        names = []
        while code_id is not None:
            code = codebook[code_id]
            names.append(code.name.casefold())
            code_id = code.parent
        return tuple(reversed(names))

    if only is not None:
        return path(only)
    return {path(code.id): code.id for code in codebook.walk()}


def _merge_codebook(existing: Any, incoming: Any, mapping: dict[str, str], report: ExchangeReport) -> dict | None:
    """The project's codebook with the incoming codes it lacks added; ``None`` when nothing changes."""
    data = existing.to_dict()
    index: dict[str, dict] = {}

    def walk(nodes: list) -> None:
        for node in nodes:
            index[node["id"]] = node
            walk(node.get("children", []))

    walk(data["codes"])
    added = []
    for code in incoming.walk():
        target = mapping.get(code.id, code.id)
        if target in index:
            if index[target]["name"] != code.name:
                report.warnings.append(f"code {target} is called '{code.name}' in the file and '{index[target]['name']}' in the project; "
                                       "the project's name is kept")
            continue
        node = code.to_dict()
        node.pop("children", None)
        node["id"] = target
        parent = mapping.get(code.parent, code.parent) if code.parent else None
        siblings = index[parent].setdefault("children", []) if parent in index else data["codes"]
        siblings.append(node)
        index[target] = node
        added.append(target)
    n_relations = _merge_relations(data, incoming, mapping)
    if not added and not n_relations:
        return None
    if added:
        report.warnings.append(f"{len(added)} code(s) added to the project's codebook: {', '.join(added[:10])}" + (" ..." if len(added) > 10 else ""))
    if n_relations:
        report.warnings.append(f"{n_relations} relation(s) between codes added to the project's codebook")
    return data


def _merge_relations(data: dict, incoming: Any, mapping: dict[str, str]) -> int:
    """Add the incoming codebook's relations (codes mapped to the project's) that ``data`` lacks; how many were added."""
    from researchkit.codebook.relations import remap_relations

    theirs = remap_relations([r.to_dict() for r in incoming.relations], mapping)
    ours = list(data.get("relations") or [])
    merged = remap_relations(ours + theirs, {})
    if len(merged) > len(ours):
        data["relations"] = merged
    return len(merged) - len(ours)


def _import_documents(project: Any, ex: Exchange, report: ExchangeReport, who: str) -> tuple[dict[str, str], list]:
    """Store the documents (matched by GUID, then doc id); returns ``file doc id -> project doc id``."""
    existing_docs = project.documents()
    by_guid = {norm_guid(u): d for d, u in zip(existing_docs["doc_id"], existing_docs["uuid"])} if len(existing_docs) else {}
    known_ids = set(existing_docs["doc_id"]) if len(existing_docs) else set()
    doc_map: dict[str, str] = {}
    for t in ex.corpus:
        guid = norm_guid(ex.doc_guids.get(t.doc_id))
        target = by_guid.get(guid) if guid else None
        if target is not None and target != t.doc_id:
            report.warnings.append(f"document '{t.doc_id}' in the file is '{target}' in the project (same GUID)")
        doc_map[t.doc_id] = target or t.doc_id
    stored = project.corpus(doc_ids=[d for d in doc_map.values() if d in known_ids]) if known_ids else Corpus([])
    stored_by_id = {t.doc_id: t for t in stored}
    transcripts, new_uuids = [], {}
    for t in ex.corpus:
        target = doc_map[t.doc_id]
        old = stored_by_id.get(target)
        if old is None:
            transcripts.append(dataclasses.replace(t, doc_id=target, attributes=dict(t.attributes)))
            if ex.doc_guids.get(t.doc_id) and norm_guid(ex.doc_guids[t.doc_id]) not in by_guid:
                new_uuids[target] = norm_guid(ex.doc_guids[t.doc_id])
            continue
        attrs = {**old.attributes, **t.attributes}
        if old.text == t.text:
            transcripts.append(dataclasses.replace(old, turns=_with_times(old.turns, t.turns), attributes=attrs))  # its layout kept
        else:
            report.warnings.append(f"document '{target}': text changed in the other program; its stored codings were re-anchored")
            transcripts.append(dataclasses.replace(t, doc_id=target, attributes=attrs))
    added = project.add_documents(transcripts, coder=who, uuids=new_uuids)
    if len(added.unplaced):
        report.warnings.append(f"{len(added.unplaced)} stored coding(s) could not be re-anchored on changed texts; kept, flagged (Project.unplaced())")
    return doc_map, transcripts


def _with_times(kept: tuple, incoming: tuple) -> tuple:
    """The project's turns, each without a time taking the time of the file's turn on the same span (sync points)."""
    times = {(u.start, u.end): u.timestamp for u in incoming if u.timestamp is not None}
    return tuple(dataclasses.replace(u, timestamp=times[(u.start, u.end)]) if u.timestamp is None and (u.start, u.end) in times
                 else u for u in kept)


def _import_sync(project: Any, ex: Exchange, doc_map: dict[str, str]) -> None:
    """Keep each transcript's sync points as a project fact, tied to the document's UUID and its text."""
    if not ex.sync_points:
        return
    docs = project.documents()
    uuids = dict(zip(docs["doc_id"], docs["uuid"]))
    texts = {t.doc_id: t.text for t in ex.corpus}
    rows = [fact_row(uuids[doc_map[d]], texts[d], points)
            for d, points in sorted(ex.sync_points.items()) if d in texts and doc_map.get(d) in uuids and points]
    with project._write() as conn:
        write_facts(conn, rows)


def _import_speakers(project: Any, ex: Exchange, doc_map: dict[str, str], report: ExchangeReport, who: str) -> int:
    """Store the speaker attributes the file gives (cases of focus-group participants); how many speakers got them.

    A speaker's stored attributes are kept and the file's values win where both give one (as
    for documents). A speaker the stored document does not have (its kept text labels the
    turns otherwise) is listed in the report, not stored.
    """
    import pandas as pd

    frame = ex.corpus.speaker_attributes
    if frame is None or not len(frame):
        return 0
    incoming = frame.reset_index()
    incoming["doc_id"] = [doc_map.get(str(d), str(d)) for d in incoming["doc_id"]]
    doc_ids = sorted(set(incoming["doc_id"]))
    labels = {t.doc_id: {u.speaker for u in t.turns if u.speaker} for t in project.corpus(doc_ids=doc_ids)}
    known = [str(s) in labels.get(d, set()) for d, s in zip(incoming["doc_id"], incoming["speaker"])]
    for (d, s), ok in zip(zip(incoming["doc_id"], incoming["speaker"]), known):
        if not ok:
            report.not_carried.append(f"speaker {s!r} of '{d}': the file gives attributes, but the stored document has no such "
                                      "speaker; not stored")
    incoming = incoming[known]
    if not len(incoming):
        return 0
    stored = project.speaker_attributes(doc_ids=doc_ids).reset_index()
    stored = stored[stored["doc_id"].isin(set(incoming["doc_id"]))]
    if len(stored):  # the stored rows of these documents stay; the file's values win per speaker and attribute
        rows: dict[tuple[str, str], dict] = {}
        for frame_part in (stored, incoming):
            for row in frame_part.to_dict("records"):
                key = (str(row.pop("doc_id")), str(row.pop("speaker")))
                rows.setdefault(key, {}).update({k: v for k, v in row.items() if not _missing(v)})
        columns = list(dict.fromkeys([c for c in stored.columns if c not in ("doc_id", "speaker")]
                                     + [c for c in incoming.columns if c not in ("doc_id", "speaker")]))
        incoming = pd.DataFrame([{"doc_id": d, "speaker": sp, **values} for (d, sp), values in rows.items()],
                                columns=["doc_id", "speaker"] + columns)
    project.set_speaker_attributes(incoming, coder=who)
    return sum(known)


def _missing(value: Any) -> bool:
    import pandas as pd

    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _import_codes(project: Any, ex: Exchange, report: ExchangeReport, who: str) -> dict[str, str]:
    """Store new codes (matched by GUID, then id, then path of names); returns ``file code id -> project code id``."""
    code_map: dict[str, str] = {}
    if ex.codebook is None:
        return code_map
    current = project.codebook()
    if current is None:
        project.set_codebook(ex.codebook, coder=who, uuids={k: norm_guid(v) for k, v in ex.code_guids.items()})
        return code_map
    codes = project.codes()
    guid_to_code = {norm_guid(u): c for c, u in zip(codes["code_id"], codes["uuid"])}
    by_names = _name_paths(current)
    for code in ex.codebook.walk():
        guid = norm_guid(ex.code_guids.get(code.id))
        if guid in guid_to_code:
            code_map[code.id] = guid_to_code[guid]
        elif code.id not in current:  # GUIDs changed between exports: match the path of names
            path = _name_paths(ex.codebook, only=code.id)
            if path in by_names:
                code_map[code.id] = by_names[path]
    merged = _merge_codebook(current, ex.codebook, code_map, report)
    if merged is not None:
        new = {code_map.get(k, k): norm_guid(v) for k, v in ex.code_guids.items()
               if code_map.get(k, k) not in set(codes["code_id"]) and norm_guid(v) not in guid_to_code}
        project.set_codebook(merged, coder=who, uuids=new)
    return code_map


def _import_coders(project: Any, ex: Exchange) -> None:
    """Coders, with the GUIDs the other program gave them (kept as project facts); the project's name."""
    names = sorted(set(ex.coders) | set(ex.codings["coder"]) | set(ex.memos["author"]))
    with project._write() as conn:
        project._ensure_coders(conn, names)
        facts = dict(conn.execute(select(schema.project_table.c.key, schema.project_table.c.value)).all())
        rows = [{"key": _fact_key(n), "value": norm_guid(ex.coders[n])} for n in names
                if ex.coders.get(n) and _fact_key(n) not in facts and norm_guid(ex.coders[n]) != stable_guid(project.uuid, "coder", n)]
        if ex.name and "name" not in facts:  # a project made by importing takes the file's project name
            rows.append({"key": "name", "value": ex.name})
        if rows:
            conn.execute(schema.project_table.insert(), rows)


def _import_codings(project: Any, ex: Exchange, doc_map: dict, code_map: dict, report: ExchangeReport) -> tuple[int, int, dict]:
    """Store the codings not yet stored; returns (stored, skipped, ``file coding id -> stored id``)."""
    frame = ex.codings.copy()
    frame["doc_id"] = frame["doc_id"].map(lambda d: doc_map.get(d, d))
    frame["code"] = frame["code"].map(lambda c: code_map.get(c, c))
    coding_map: dict[str, str] = {}
    if not len(frame):
        return 0, 0, coding_map
    with project._read() as conn:
        c = schema.codings
        known = {r.id: (r.doc_id, r.start, r.end, r.code, r.coder) for r in conn.execute(
            select(c.c.id, c.c.doc_id, c.c.start, c.c.end, c.c.code, c.c.coder).where(c.c.doc_id.in_(sorted(set(frame["doc_id"])))))}
    keys = list(zip(frame["doc_id"], frame["start"], frame["end"], frame["code"], frame["coder"]))
    by_key = {k: i for i, k in known.items()}
    # a coding already stored under another id (GUIDs changed elsewhere): memos follow the stored id
    coding_map.update({i: by_key[k] for i, k in zip(frame["id"], keys) if k in by_key and by_key[k] != i})
    same = [known.get(i) == k or (k in by_key and i not in known) for i, k in zip(frame["id"], keys)]
    moved = [i in known and not s for i, s in zip(frame["id"], same)]
    if sum(moved):
        frame.loc[moved, "id"] = [stable_guid("changed-elsewhere", i, str(k)) for i, k, m in zip(frame["id"], keys, moved) if m]
        report.warnings.append(f"{sum(moved)} coding(s) changed in the other program (passage or code) were stored as new codings; "
                               "the old ones are kept")
    keep = [not s for s in same]
    n_skipped = len(frame) - sum(keep)
    frame = frame[keep]
    frame = frame.astype({"confidence": "float64"}) if "confidence" in frame else frame
    for column in ("created", "unit", "rule_id", "evidence", "origin", "memo"):
        frame[column] = frame[column].where(frame[column].notna() & (frame[column].astype(str) != ""), None)
    before = len(frame)
    stored_rows = project.add_codings(frame.reset_index(drop=True), on_duplicate="skip") if len(frame) else frame
    n_skipped += before - len(stored_rows)
    if n_skipped:
        report.warnings.append(f"{n_skipped} coding(s) already in the project were skipped")
    return len(frame), n_skipped, coding_map


def _import_memos(project: Any, ex: Exchange, targets: dict[str, dict], who: str) -> int:
    """Store the memos not yet stored, with their note names and descriptions (as project facts)."""
    if not len(ex.memos):
        return 0
    memos = ex.memos.copy()
    memos["target"] = [targets.get(k, {}).get(t, t) for k, t in zip(memos["target_type"], memos["target"])]
    with project._write() as conn:
        m = schema.memos
        stored = conn.execute(select(m.c.id, m.c.target_type, m.c.target, m.c.text)).all()
        have = {r.id for r in stored}
        same_text = {(r.target_type, r.target, r.text) for r in stored}  # memos whose GUID changed elsewhere
        facts = {r[0] for r in conn.execute(select(schema.project_table.c.key)).all()}
        stamp = now()
        rows, titles = [], []
        for r in memos.to_dict("records"):
            if r["id"] in have or (r["target_type"], str(r["target"]), r["text"]) in same_text:
                continue
            created = r["created"] if isinstance(r["created"], str) and r["created"] else stamp
            updated = r["updated"] if isinstance(r["updated"], str) and r["updated"] else created
            rows.append({"id": r["id"], "target_type": r["target_type"], "target": str(r["target"]), "author": r["author"],
                         "text": r["text"], "created": created, "updated": updated})
            title = {k: r[k] for k in ("name", "description") if isinstance(r.get(k), str) and r[k]}
            if title and _MEMO_FACT + r["id"] not in facts:
                titles.append({"key": _MEMO_FACT + r["id"], "value": json.dumps(title, ensure_ascii=False, sort_keys=True)})
        if rows:
            conn.execute(m.insert(), rows)
            project._audit(conn, "import_memos", "memos", None, {"ids": sorted(r["id"] for r in rows)}, who=who)
        if titles:
            conn.execute(schema.project_table.insert(), titles)
    return len(rows)


def import_exchange(project: Any, ex: Exchange, *, coder: str | None = None, action: str = "import_qdpx") -> ExchangeReport:
    """Store an exchange in ``project`` in one transaction (see module docstring for the matching rules).

    ``action`` names the import in the project's history (``import_qdpx``, ``import_qualcoder``).

    Returns
    -------
    ExchangeReport
        The read's report, with what the import matched, added and skipped.
    """
    report = ex.report or ExchangeReport("<exchange>")
    who = coder or project.user
    with project.transaction():
        doc_map, transcripts = _import_documents(project, ex, report, who)
        _import_sync(project, ex, doc_map)
        n_speakers = _import_speakers(project, ex, doc_map, report, who)
        code_map = _import_codes(project, ex, report, who)
        _import_coders(project, ex)
        n_codings, n_skipped, coding_map = _import_codings(project, ex, doc_map, code_map, report)
        n_memos = _import_memos(project, ex, {"document": doc_map, "code": code_map, "coding": coding_map}, who)
        with project._write() as conn:
            project._audit(conn, action, report.path, None,
                           {"origin": report.origin, "documents": len(transcripts), "codings": n_codings, "memos": n_memos}, who=who)
    report.counts = dict(report.counts, imported_memos=n_memos, skipped_codings=n_skipped)
    if n_speakers:
        report.counts["imported_speakers"] = n_speakers
    return report
