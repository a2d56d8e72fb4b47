"""Documents in the project: adding and updating transcripts (with re-anchoring), reading them back.

When a transcript whose text changed is added again, its codings are re-anchored
(:func:`researchkit.project.anchoring.reanchor`): passages that survive move, edited
passages with intact ends move and are listed as ``edited``, the rest are kept with
their old offsets and flagged ``unplaced``. Nothing is dropped.

Examples
--------
>>> from researchkit.project.examples import example_project
>>> p = example_project({"R01": "R: de haven van Harlingen"})
>>> p.documents()[["doc_id", "chars"]].values.tolist()
[['R01', 25]]
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy import Connection, select

from researchkit.errors import ProjectError
from researchkit.project import anchoring, migrations, schema, speakerfacts, syncfacts
from researchkit.project.database import Database
from researchkit.project.faults import refuse_nul
from researchkit.project.layout import LAYOUT_COLUMNS, LAYOUT_VERSION, layout_columns, transcript_layout
from researchkit.project.rows import chunks, move_codings, plain
from researchkit.project.schema import new_id, now, to_json
from researchkit.transcripts import Corpus, Source, Transcript, Turn

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd

_PLACEMENT_COLUMNS = ["id", "doc_id", "code", "coder", "status", "old_start", "old_end", "new_start", "new_end", "old_text", "new_text"]
_SPEAKER_COLUMNS = ["doc_id", "speaker", "status", "attributes"]


@dataclass
class AddReport:
    """What :meth:`Project.add_documents` did.

    Attributes
    ----------
    documents
        One row per document: ``doc_id, status`` (``added``, ``changed``,
        ``updated`` (attributes or turns only), ``unchanged``).
    codings
        One row per coding of a changed document: ``id, doc_id, code, coder, status``
        (``unchanged``, ``moved``, ``edited``, ``unplaced``), old and new offsets and text.
    speakers
        One row per stored speaker attribute row of an updated document whose turns changed:
        ``doc_id, speaker, status`` (``kept``: the label still speaks; ``dropped``: it no
        longer does, so its row was removed, see the audit log), ``attributes`` (JSON text);
        and, for a corpus carrying ``speaker_attributes``, the rows of the documents whose
        speaker attributes changed: ``stored`` (the corpus's rows) and ``removed`` (rows
        stored before that the corpus's sheet no longer holds).
    """

    documents: pd.DataFrame
    codings: pd.DataFrame
    speakers: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        if self.speakers is None:
            import pandas as pd

            self.speakers = pd.DataFrame(columns=_SPEAKER_COLUMNS)

    @property
    def dropped_speakers(self) -> pd.DataFrame:
        """The speaker attribute rows removed because their speaker no longer speaks in the new turns.

        Examples
        --------
        >>> import pandas as pd
        >>> from researchkit.project.examples import example_project
        >>> from researchkit.transcripts import Transcript, Turn
        >>> p = example_project({})
        >>> _ = p.add_documents(Transcript("F1", "M1: ja\\nM2: nee", (Turn("M1", "respondent", 4, 6), Turn("M2", "respondent", 11, 14))))
        >>> _ = p.set_speaker_attributes(pd.DataFrame({"doc_id": ["F1", "F1"], "speaker": ["M1", "M2"], "group": ["a", "b"]}))
        >>> report = p.add_documents(Transcript("F1", "M1: ja", (Turn("M1", "respondent", 4, 6),)))
        >>> report.dropped_speakers[["doc_id", "speaker", "attributes"]].values.tolist()
        [['F1', 'M2', '{"group":"b"}']]
        """
        return self.speakers[self.speakers["status"] == "dropped"].reset_index(drop=True)

    @property
    def unplaced(self) -> pd.DataFrame:
        """The codings that could not be placed on the changed text (kept, flagged).

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> from researchkit.transcripts import Transcript
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> _ = p.code("R01", quote="van Harlingen", code="HAV", coder="anna")
        >>> report = p.add_documents(Transcript("R01", "R: de haven van Delfzijl"))
        >>> report.unplaced[["code", "old_text"]].values.tolist()
        [['HAV', 'van Harlingen']]
        """
        return self.codings[self.codings["status"] == "unplaced"].reset_index(drop=True)

    def __repr__(self) -> str:
        counts = self.documents["status"].value_counts().to_dict() if len(self.documents) else {}
        moved = self.codings["status"].value_counts().to_dict() if len(self.codings) else {}
        speakers = self.speakers["status"].value_counts().to_dict() if len(self.speakers) else {}
        return f"AddReport(documents={counts}, codings={moved}" + (f", speakers={speakers})" if speakers else ")")


@dataclass
class _Batch:
    """What one ``add_documents`` call writes, collected first and written in bulk."""

    who: str
    stamp: str
    statuses: list[dict] = field(default_factory=list)
    placements: list[dict] = field(default_factory=list)
    new_docs: list[dict] = field(default_factory=list)
    new_turns: list[dict] = field(default_factory=list)
    moves: list[tuple] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)
    sync_facts: list[dict] = field(default_factory=list)
    speaker_facts: list[dict] = field(default_factory=list)
    speaker_deletes: list[str] = field(default_factory=list)
    speakers: list[dict] = field(default_factory=list)

    def log(self, action: str, target: str, before: object, after: object, *, at: str | None = None) -> None:
        self.audit.append({"at": at or now(), "who": self.who, "action": action, "target": target,
                           "before": to_json(before), "after": to_json(after)})


def _fields(t: Transcript) -> dict:
    src = t.source
    return {
        "text": t.text,
        "sha256": hashlib.sha256(t.text.encode("utf-8")).hexdigest(),
        "attributes": to_json(plain(dict(t.attributes))),
        "source_path": src.path if src else None,
        "source_sha256": src.sha256 if src else None,
        "source_format": src.format if src else None,
        **layout_columns(t),
    }


#: Columns the audit log of an update lists by size only (they can be long).
_BULKY = ("text", "paragraphs", "furniture", "line_numbers")


def _audited(values: Mapping[str, object]) -> dict:
    """What the audit log keeps of a document's fields: small ones as they are, long ones by length."""
    out = {k: v for k, v in values.items() if k not in _BULKY}
    for k in _BULKY[1:]:
        out[k] = None if values.get(k) is None else len(json.loads(str(values[k])))
    return out


def _transcript(row: sa.Row, turns: Sequence[Turn], where: str, sync: str | None = None) -> Transcript:
    """A stored document row (and its turns, and its sync-points fact) as a :class:`Transcript`."""
    r = row._mapping
    layout = transcript_layout(r, r["text"], where=where)
    layout["sync_points"] = syncfacts.points_of(sync, r["text"]) if sync else ()
    source = None
    if r["source_path"] is not None:
        source = Source(r["source_path"], r["source_sha256"], r["source_format"] or "memory", r.get("source_encoding"))
    return Transcript(r["doc_id"], r["text"], tuple(turns), json.loads(r["attributes"]), source, **layout)


def _turn_rows(t: Transcript) -> list[dict]:
    return [
        {"doc_id": t.doc_id, "turn": k, "speaker": u.speaker, "role": u.role, "start": u.start, "end": u.end, "timestamp": u.timestamp}
        for k, u in enumerate(t.turns)
    ]


def _refuse_nul_in(transcripts: Sequence[Transcript]) -> None:
    refuse_nul([t.doc_id for t in transcripts], field="doc_id", where="documents")
    for t in transcripts:
        where = f"document {t.doc_id!r}"
        refuse_nul([t.text], field="text", where=where)
        refuse_nul([to_json(plain(dict(t.attributes)))], field="attributes", where=where)
        refuse_nul([u.speaker for u in t.turns], field="speaker (turn)", where=where)


class DocumentsPart(Database):
    """Documents: add or update transcripts, list them, load them back."""

    def add_documents(
        self,
        corpus: Corpus | Transcript | Iterable[Transcript],
        *,
        coder: str | None = None,
        on_unplaced: str = "keep",
        min_ratio: float = 0.8,
        uuids: Mapping[str, str] | None = None,
    ) -> AddReport:
        """Add transcripts, or update them when they are already in the project.

        A document whose text changed (a corrected typo, a re-export) has its codings
        re-anchored: codings whose passage survives move with it; codings whose
        passage was edited but whose ends are intact move and are listed as
        ``edited``; the rest are listed as ``unplaced`` and kept, flagged, with their
        old offsets and text (see :meth:`unplaced`). Nothing is dropped. One
        transaction for the whole corpus.

        Parameters
        ----------
        corpus
            A :class:`~researchkit.transcripts.Corpus`, a transcript, or transcripts.
        coder
            Who did it (audit log); default the project's user.
        on_unplaced
            ``"keep"`` (default, flag them) or ``"error"`` (raise RK321, write nothing).
        min_ratio
            Similarity needed to keep an edited passage (see :func:`anchoring.reanchor`).
        uuids
            ``doc_id -> UUID`` for new documents (an import keeping another program's
            GUIDs); others get a new random UUID.

        Returns
        -------
        AddReport
            Per document and per re-anchored coding.

        A :class:`~researchkit.transcripts.Corpus` read with a speakers sheet
        (``read_corpus(..., speakers=...)``) also stores its ``speaker_attributes`` for its
        documents (see :meth:`set_speaker_attributes`). When the turns of a stored document
        change, the speaker attributes of speakers who still speak are kept and the others
        dropped, listed in :attr:`AddReport.speakers` and the audit log.

        Raises
        ------
        ProjectError
            RK321 (``on_unplaced="error"``), RK331 a NUL character in an id, text,
            attribute or speaker label, RK336 a speaker given two rows in
            ``corpus.speaker_attributes``; nothing is written.
        AttributesError
            RK134 when ``corpus.speaker_attributes`` names a speaker of no transcript; nothing is written.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> from researchkit.transcripts import Transcript
        >>> project = example_project({})
        >>> project.add_documents(Transcript("R01", "R: de haven")).documents["status"].tolist()
        ['added']
        """
        import pandas as pd

        if on_unplaced not in ("keep", "error"):
            raise ProjectError("RK324", f"on_unplaced={on_unplaced!r} is not 'keep' or 'error'", hint="use on_unplaced='keep' or 'error'")
        transcripts = [corpus] if isinstance(corpus, Transcript) else list(corpus)
        _refuse_nul_in(transcripts)
        sheet = _speaker_sheet(corpus, transcripts)
        with self._write() as conn:
            batch = _Batch(who=coder or self.user, stamp=now())
            d = schema.documents
            existing = {r.doc_id: r for r in conn.execute(select(d).where(d.c.doc_id.in_([t.doc_id for t in transcripts])))} if transcripts else {}
            for t in transcripts:
                self._plan_document(conn, t, existing.get(t.doc_id), batch, uuids=uuids or {}, min_ratio=min_ratio)
            _write_batch(conn, batch)
            if batch.new_docs:
                self._audit(conn, "add_documents", "documents", None, {"doc_ids": sorted(x["doc_id"] for x in batch.new_docs)}, who=batch.who)
            if sheet is not None:
                _store_sheet(conn, sheet, batch, self._audit, self.location)
            _refuse_unplaced(batch.placements, on_unplaced)
        documents = pd.DataFrame(batch.statuses, columns=["doc_id", "status"])
        frame = pd.DataFrame(batch.placements, columns=_PLACEMENT_COLUMNS)
        frame = frame.astype({"old_start": "int64", "old_end": "int64", "new_start": "Int64", "new_end": "Int64"})
        return AddReport(documents, frame.sort_values(["doc_id", "old_start", "old_end", "code", "coder", "id"], ignore_index=True),
                         pd.DataFrame(batch.speakers, columns=_SPEAKER_COLUMNS))

    def _plan_document(self, conn: Connection, t: Transcript, old: sa.Row | None, batch: _Batch, *,
                       uuids: Mapping[str, str], min_ratio: float) -> None:
        """Queue what adding ``t`` means: a new document, an update, a re-anchoring, or nothing."""
        fields = _fields(t)
        turn_rows = _turn_rows(t)
        uuid = old.uuid if old is not None else uuids.get(t.doc_id) or new_id()
        if t.sync_points:  # kept as a fact beside the document (never removed by a transcript without them)
            batch.sync_facts.append(syncfacts.fact_row(uuid, t.text, t.sync_points, t.doc_id))
        if old is None:
            batch.new_docs.append({"doc_id": t.doc_id, "uuid": uuid, "created": batch.stamp, "updated": batch.stamp, **fields})
            batch.new_turns.extend(turn_rows)
            batch.statuses.append({"doc_id": t.doc_id, "status": "added"})
            return
        old_turns = [dict(r._mapping) for r in conn.execute(select(schema.turns).where(schema.turns.c.doc_id == t.doc_id).order_by(schema.turns.c.turn))]
        if all(getattr(old, k) == v for k, v in fields.items()) and old_turns == turn_rows:
            batch.statuses.append({"doc_id": t.doc_id, "status": "unchanged"})
            return
        status = "updated"
        if old.sha256 != fields["sha256"]:
            batch.placements.extend(_reanchor(conn, t.doc_id, old.text, t.text, batch, min_ratio=min_ratio))
            status = "changed"
        conn.execute(schema.documents.update().where(schema.documents.c.doc_id == t.doc_id).values(updated=batch.stamp, **fields))
        conn.execute(schema.turns.delete().where(schema.turns.c.doc_id == t.doc_id))
        batch.new_turns.extend(turn_rows)  # inserted after the loop, with the new documents' turns
        if old_turns != turn_rows:
            _plan_speakers(conn, t.doc_id, old.uuid, {r["speaker"] for r in turn_rows if r["speaker"]}, batch)
        batch.log("update_document", f"document:{t.doc_id}", _audited({k: getattr(old, k) for k in fields}), _audited(fields))
        batch.statuses.append({"doc_id": t.doc_id, "status": status})

    def documents(self) -> pd.DataFrame:
        """One row per document, sorted by ``doc_id``: ids, size, provenance and the attributes as columns.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> from researchkit.transcripts import Transcript
        >>> p = example_project({})
        >>> _ = p.add_documents(Transcript("R01", "ja", attributes={"port": "Delfzijl"}))
        >>> p.documents()[["doc_id", "chars", "port"]].values.tolist()
        [['R01', 2, 'Delfzijl']]
        """
        import pandas as pd

        d, t = schema.documents, schema.turns
        n_turns = select(t.c.doc_id, sa.func.count().label("n")).group_by(t.c.doc_id).subquery()
        query = (
            select(
                d.c.doc_id, d.c.uuid, d.c.sha256, sa.func.length(d.c.text).label("chars"),
                sa.func.coalesce(n_turns.c.n, 0).label("turns"), d.c.source_path, d.c.source_format,
                d.c.created, d.c.updated, d.c.attributes,
            )
            .select_from(d.outerjoin(n_turns, n_turns.c.doc_id == d.c.doc_id))
            .order_by(d.c.doc_id)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        base = ["doc_id", "uuid", "sha256", "chars", "turns", "source_path", "source_format", "created", "updated"]
        frame = pd.DataFrame([tuple(r)[:-1] for r in rows], columns=base)
        attrs = pd.DataFrame([json.loads(r.attributes) for r in rows])
        if len(attrs.columns):
            attrs = attrs[[c for c in attrs.columns if c not in base]]
            frame = pd.concat([frame, attrs], axis=1)
        frame = frame.astype({"chars": "int64", "turns": "int64"})
        return frame.sort_values("doc_id", kind="stable", ignore_index=True)

    def corpus(self, *, doc_ids: Sequence[str] | None = None) -> Corpus:
        """Load documents (all, or ``doc_ids``; sorted by ``doc_id``) into memory as a :class:`~researchkit.transcripts.Corpus`.

        Each transcript comes back as it was added: text, turns (with timestamps),
        attributes, source (with its encoding), paragraphs, page furniture, the source's
        line numbers and the reader's notes (see :mod:`researchkit.project.layout`).
        Speaker attributes stored with :meth:`set_speaker_attributes` come as
        ``corpus.speaker_attributes`` (``None`` when the project holds none for these documents).

        Raises
        ------
        ProjectError
            RK335 when a stored layout value was damaged outside researchkit; RK337 when
            stored speaker attributes were.

        Examples
        --------
        >>> from researchkit.io import line_range
        >>> from researchkit.project.examples import example_project
        >>> from researchkit.transcripts import Transcript
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> p.corpus()["R01"].text
        'R: de haven van Harlingen'
        >>> _ = p.add_documents(Transcript("R02", "I: Waar?\\nR: In de haven.", line_numbers=((0, 41), (9, 42))))
        >>> line_range(p.corpus(doc_ids=["R02"])["R02"], 12, 23)
        (42, 42)
        """
        d, t = schema.documents, schema.turns
        tq = select(t).order_by(t.c.doc_id, t.c.turn)
        if doc_ids is not None:
            tq = tq.where(t.c.doc_id.in_(list(doc_ids)))
        with self._read() as conn:
            # a read-only project of an older schema has no layout columns yet (read as before version 4)
            old = migrations.current_version(conn) < LAYOUT_VERSION
            dq = select(*[c for c in d.columns if not (old and c.name in LAYOUT_COLUMNS)]).order_by(d.c.doc_id)
            if doc_ids is not None:
                dq = dq.where(d.c.doc_id.in_(list(doc_ids)))
            docs = conn.execute(dq).all()
            turn_rows = conn.execute(tq).all()
            sync = syncfacts.read_facts(conn)
            speakers = speakerfacts.read_facts(conn, None if doc_ids is None else [r.uuid for r in docs])
        by_doc: dict[str, list[Turn]] = {}
        for r in turn_rows:
            by_doc.setdefault(r.doc_id, []).append(Turn(r.speaker, r.role, r.start, r.end, r.timestamp))
        transcripts = [_transcript(r, by_doc.get(r.doc_id, ()), self.location, sync.get(r.uuid)) for r in docs]
        return Corpus(transcripts, speakers=_speaker_frame(docs, speakers, self.location))

    def text(self, doc_id: str) -> str:
        """The canonical text of one document.

        Raises
        ------
        ProjectError
            RK315 when the document is not in the project.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> example_project({"R01": "R: de haven van Harlingen"}).text("R01")[3:11]
        'de haven'
        """
        with self._read() as conn:
            return self._text(conn, doc_id)

    def _text(self, conn: Connection, doc_id: str) -> str:
        value = conn.execute(select(schema.documents.c.text).where(schema.documents.c.doc_id == doc_id)).scalar()
        if value is None:
            known = conn.execute(select(schema.documents.c.doc_id).order_by(schema.documents.c.doc_id).limit(10)).scalars().all()
            raise ProjectError(
                "RK315", f"{self.location}: no document {doc_id!r} in the project (first ids: {', '.join(known) or 'none'})",
                hint="add it with add_documents / `researchkit project add`, or check the doc_id",
            )
        return value


def _speaker_frame(docs: Sequence[sa.Row], facts: Mapping[str, str], where: str) -> pd.DataFrame | None:
    """The stored speaker attributes of ``docs`` indexed by ``(doc_id, speaker)``, or ``None`` when none is stored."""
    by_doc = {r.doc_id: speakerfacts.decode(facts[r.uuid], where=f"{where}: document {r.doc_id!r}") for r in docs if r.uuid in facts}
    return speakerfacts.to_frame(by_doc) if by_doc else None


def _speaker_sheet(corpus: object, transcripts: Sequence[Transcript]) -> dict[str, speakerfacts.Speakers] | None:
    """A corpus's ``speaker_attributes`` (``read_corpus(..., speakers=...)``) checked against its transcripts, or ``None``."""
    frame = corpus.speaker_attributes if isinstance(corpus, Corpus) else None
    if frame is None:
        return None
    from researchkit.io.attributes import join_speaker_attributes

    source = "corpus.speaker_attributes"
    joined = join_speaker_attributes(Corpus(transcripts), frame, source=source)  # RK134 for a pair of no transcript
    return speakerfacts.by_document(joined.speaker_attributes, source)


def _store_sheet(conn: Connection, sheet: Mapping[str, speakerfacts.Speakers], batch: _Batch, audit, where: str) -> None:
    """Store the corpus's speaker attributes for its documents (others keep theirs); report what changed."""
    def log(c: Connection, action: str, target: str, before: object, after: object) -> None:
        audit(c, action, target, before, after, who=batch.who)

    removed, changed = speakerfacts.store(conn, sheet, replace=False, audit=log, source="corpus.speaker_attributes", where=where)
    for doc_id in changed:
        batch.speakers.extend({"doc_id": doc_id, "speaker": label, "status": "stored", "attributes": to_json(attrs)}
                              for label, attrs in sheet.get(doc_id, ([], []))[1])
    batch.speakers.extend({**row, "status": "removed"} for row in removed)


def _write_batch(conn: Connection, batch: _Batch) -> None:
    move_codings(conn, batch.moves)
    c = schema.codings
    for chunk in chunks(batch.unplaced, size=500):
        conn.execute(c.update().where(c.c.id.in_(chunk)).values(anchored=False))
    for rows, table in ((batch.audit, schema.audit), (batch.new_docs, schema.documents), (batch.new_turns, schema.turns)):
        for chunk in chunks(rows):
            conn.execute(table.insert(), chunk)
    for chunk in chunks(batch.sync_facts, size=500):
        syncfacts.write_facts(conn, chunk)
    speakerfacts.delete_facts(conn, batch.speaker_deletes)
    speakerfacts.write_facts(conn, batch.speaker_facts)


def _plan_speakers(conn: Connection, doc_id: str, uuid: str, labels: set[str], batch: _Batch) -> None:
    """Keep the stored speaker attributes of the speakers who still speak in the new turns; drop (and log) the others."""
    stored = speakerfacts.read_facts(conn, [uuid]).get(uuid)
    if stored is None:
        return
    speakers = speakerfacts.decode(stored, where=f"document {doc_id!r}")
    (columns, kept), dropped = speakerfacts.keep_labels(speakers, labels)
    gone = {label for label, _ in dropped}
    for label, attrs in speakers[1]:
        batch.speakers.append({"doc_id": doc_id, "speaker": label, "status": "dropped" if label in gone else "kept",
                               "attributes": to_json(attrs)})
    if not dropped:
        return
    if kept:
        batch.speaker_facts.append(speakerfacts.fact_row(uuid, columns, kept))
    else:
        batch.speaker_deletes.append(uuid)
    batch.log("drop_speaker_attributes", f"speakers:{doc_id}", {label: attrs for label, attrs in dropped},
              {"kept": [label for label, _ in kept], "reason": "no longer a speaker of the document's turns"})


def _refuse_unplaced(placements: list[dict], on_unplaced: str) -> None:
    unplaced = [p for p in placements if p["status"] == "unplaced"]
    if unplaced and on_unplaced == "error":
        lines = "\n  ".join(f"{p['doc_id']} {p['code']} ({p['coder']}) {p['old_text'][:50]!r}" for p in unplaced[:20])
        raise ProjectError(
            "RK321",
            f"{len(unplaced)} coding(s) cannot be placed on the changed text:\n  {lines}",
            hint="nothing was written; pass on_unplaced='keep' to keep them flagged, or fix the codings first",
        )


def _reanchor(conn: Connection, doc_id: str, old: str, new: str, batch: _Batch, *, min_ratio: float) -> list[dict]:
    """Work out where each coding of ``doc_id`` goes; the writes are queued in ``batch`` (applied once per call of add_documents)."""
    c = schema.codings
    rows = conn.execute(select(c.c.id, c.c.start, c.c.end, c.c.code, c.c.coder, c.c.text, c.c.anchored).where(c.c.doc_id == doc_id)).all()
    info = {r.id: r for r in rows}
    places = anchoring.reanchor(old, new, [(r.id, r.start, r.end) for r in rows if r.anchored], min_ratio=min_ratio)
    # codings already unplaced by an earlier change: place them if their passage occurs exactly once
    for r in rows:
        if not r.anchored:
            hits = anchoring._occurrences(new, r.text) if r.text else []
            if len(hits) == 1:
                places.append(anchoring.Placement(r.id, "moved", hits[0], hits[0] + len(r.text), r.text, r.text, r.start, r.end))
            else:
                places.append(anchoring.Placement(r.id, "unplaced", r.start, r.end, r.text, None, r.start, r.end))
    out, stamp = [], now()
    for p in places:
        r = info[p.id]
        if p.status in ("moved", "edited"):
            batch.moves.append((p.id, -1 - len(batch.moves), p.start, p.end, p.new_text))
        elif p.status == "unplaced" and r.anchored:
            batch.unplaced.append(p.id)
        placed = p.status != "unplaced"
        if p.status != "unchanged":
            before = {"start": p.old_start, "end": p.old_end, "text": p.old_text, "anchored": bool(r.anchored)}
            after = {"start": p.start, "end": p.end, "text": p.new_text, "anchored": True} if placed else None
            batch.log(f"reanchor_{p.status}", f"coding:{p.id}", before, after, at=stamp)
        out.append({
            "id": p.id, "doc_id": doc_id, "code": r.code, "coder": r.coder, "status": p.status,
            "old_start": p.old_start, "old_end": p.old_end, "new_start": p.start if placed else None,
            "new_end": p.end if placed else None, "old_text": p.old_text, "new_text": p.new_text,
        })
    return out
