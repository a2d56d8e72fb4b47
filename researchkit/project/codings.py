"""Codings in the project: storing a codings table, reading it back (whole, by column, or counted in SQL), removing.

:meth:`CodingsPart.add_codings` checks every row against the stored texts, the codebook
and the stored codings, then writes all rows or none. Large tables are written in
batches straight to the driver (``executemany`` or ``COPY``) without building a second
copy of the rows in memory. :meth:`CodingsPart.code_counts` counts in the database,
without loading the codings.

Examples
--------
>>> from researchkit.project.examples import example_project
>>> p = example_project({"R01": "R: de haven van Harlingen"})
>>> _ = p.code("R01", quote="haven", code="HAV", coder="anna")
>>> p.code_counts().values.tolist()
[['HAV', 1, 1]]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import sqlalchemy as sa
from sqlalchemy import Connection, select

from researchkit.codings import SOURCES, CodingsError, validate_codings
from researchkit.errors import ProjectError
from researchkit.project import schema
from researchkit.project.codebooks import CodebookPart
from researchkit.project.documents import DocumentsPart
from researchkit.project.faults import nul_error
from researchkit.project.rows import (
    CHUNK,
    CODINGS_FRAME_COLUMNS,
    CODINGS_SORT,
    Texts,
    bulk_insert,
    bulk_insert_skipping,
    chunks,
    codings_frame,
    coding_json,
    str_or_none,
    text_column,
)
from researchkit.project.schema import new_ids, now

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd

_OPTIONAL_TEXT = ("memo", "unit", "rule_id", "evidence", "origin")
_KEY = ["doc_id", "start", "end", "code", "coder"]
_STRING_COLUMNS = ["doc_id", "code", "coder", "source", "text", "id", "created", *_OPTIONAL_TEXT]
#: Columns :meth:`CodingsPart.code_counts` can group by.
COUNT_BY = ("code", "coder", "doc_id", "source", "unit")


class CodingsPart(DocumentsPart, CodebookPart):
    """Codings: store a table, read, count, list unplaced, remove."""

    def add_codings(self, codings: pd.DataFrame, *, coder: str | None = None, on_duplicate: str = "error") -> pd.DataFrame:
        """Store a codings table in one transaction (all rows or none).

        Rows are checked against the stored texts (``text[start:end]``), the codebook
        (when one is set) and the codings already stored. Ids and ``created`` stamps
        in the table are kept (imports keep their UUIDs); missing ones are made.

        Parameters
        ----------
        codings
            A codings table (``doc_id, start, end, code, coder, source`` [``, text``]
            and optional ``id, created, memo, unit, rule_id, evidence, confidence, origin``).
            ``source`` defaults to ``"import"``.
        coder
            Fills the ``coder`` column (an error if the table names other coders).
        on_duplicate
            ``"error"`` (default, nothing is written) or ``"skip"`` rows whose
            ``(doc_id, start, end, code, coder)`` is already stored — also when
            another writer stores the same coding at the same moment.

        Returns
        -------
        pandas.DataFrame
            The rows stored, in the shape of :meth:`codings`.

        Raises
        ------
        ProjectError
            RK315 unknown documents, RK318 unknown codes, RK320 duplicates, RK331 a NUL
            character in a text column, RK330 a full disk; nothing is written.

        Examples
        --------
        >>> import pandas as pd
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven"})
        >>> df = pd.DataFrame({"doc_id": ["R01"], "start": [6], "end": [11], "code": ["HAV"], "source": ["rules"]})
        >>> p.add_codings(df, coder="rules")["text"].tolist()
        ['haven']
        """
        import pandas as pd

        if on_duplicate not in ("error", "skip"):
            raise ProjectError("RK324", f"on_duplicate={on_duplicate!r} is not 'error' or 'skip'", hint="use 'error' or 'skip'")
        frame = _with_coder_and_source(codings, coder)
        if frame.empty:
            return codings_frame(pd.DataFrame(columns=CODINGS_FRAME_COLUMNS))
        with self._write() as conn:
            return self._insert_codings(conn, frame, on_duplicate=on_duplicate, action="add_codings", who=coder)

    def _insert_codings(self, conn: Connection, frame: pd.DataFrame, *, on_duplicate: str, action: str, who: str | None = None) -> pd.DataFrame:
        import pandas as pd

        doc_ids = sorted({str(d) for d in frame["doc_id"]}) if "doc_id" in frame.columns else []
        texts = dict(conn.execute(select(schema.documents.c.doc_id, schema.documents.c.text).where(schema.documents.c.doc_id.in_(doc_ids))).all())
        missing_docs = [d for d in doc_ids if d not in texts]
        if missing_docs:
            raise ProjectError(
                "RK315", f"{self.location}: codings name document(s) not in the project: {', '.join(missing_docs[:20])}",
                hint="add the documents first (add_documents / `researchkit project add`)",
            )
        frame = validate_codings(frame, Texts(texts))  # every bad row at once (CodingsError)
        del texts
        _refuse_nul_columns(frame)
        self._check_codes(conn, frame["code"].astype(str))
        table = _storable(frame, now())
        del frame
        _refuse_duplicates_in(table)
        clash = _stored_keys(conn, table, doc_ids)
        if clash.any() and on_duplicate == "error":
            keys = table.loc[clash, _KEY].itertuples(index=False, name=None)
            listing = "\n  ".join(f"row {k}: {key}" for k, key in zip(table.index[clash][:20], keys))
            raise ProjectError(
                "RK320", f"{self.location}: {int(clash.sum())} coding(s) already stored:\n  {listing}",
                hint="nothing was written; pass on_duplicate='skip' to add only the new ones",
            )
        n = len(table)
        table = table.loc[~clash]
        self._ensure_coders(conn, set(table["coder"]))
        names = CODINGS_FRAME_COLUMNS + ["anchored"]
        rows = _row_batches(table, names)
        if on_duplicate == "skip":
            stored = set(bulk_insert_skipping(conn, schema.codings, names, rows, keys=_KEY))
            table = table[table["id"].isin(stored)]
        else:
            bulk_insert(conn, schema.codings, names, rows)
        if len(table):
            self._audit(
                conn, action, "codings", None,
                {"count": len(table), "skipped": n - len(table), "coders": sorted(set(table["coder"])), "ids": sorted(table["id"])},
                who=who,
            )
        # built like the frame of codings() (same dtype inference), not the object columns sent to the driver
        return codings_frame(pd.DataFrame({name: table[name].tolist() for name in CODINGS_FRAME_COLUMNS}, columns=CODINGS_FRAME_COLUMNS))

    def _insert_one_coding(self, conn: Connection, row: dict, *, action: str, who: str | None = None) -> dict:
        """Store one coding whose ``text`` is ``document[start:end]`` (made by :meth:`code`); the stored row as a dict.

        The checks, errors and audit entry of :meth:`_insert_codings` for a one-row table,
        without building a DataFrame (so that ``researchkit code`` never loads pandas).
        """
        if row["source"] not in SOURCES:
            raise CodingsError(
                "RK302", f"codings: 1 problem(s):\n  row 0: source={row['source']!r} is not one of {', '.join(SOURCES)}",
                hint="fix the rows named above; offsets are code-point indexes into the canonical text",
            )
        stored = {name: str(row[name]) for name in ("doc_id", "code", "coder", "source")}
        stored.update(start=int(row["start"]), end=int(row["end"]), text=row["text"])
        for name in ("doc_id", "code", "coder", "source", "text", "memo"):
            value = stored.get(name, row.get(name))
            if isinstance(value, str) and "\x00" in value:
                raise nul_error(value, field=f"column {name!r}", row=0, where="codings")
        self._check_codes(conn, [stored["code"]])
        stored.update(id=new_ids(1)[0], created=now(), memo=str_or_none(row.get("memo")))
        stored.update({name: None for name in ("unit", "rule_id", "evidence", "confidence", "origin")})
        c = schema.codings
        key = tuple(stored[name] for name in _KEY)
        if conn.execute(select(c.c.id).where(*[c.c[name] == value for name, value in zip(_KEY, key)]).limit(1)).first():
            raise ProjectError(
                "RK320", f"{self.location}: 1 coding(s) already stored:\n  row 0: {key}",
                hint="nothing was written; pass on_duplicate='skip' to add only the new ones",
            )
        self._ensure_coders(conn, {stored["coder"]})
        names = CODINGS_FRAME_COLUMNS + ["anchored"]
        bulk_insert(conn, schema.codings, names, [tuple(stored[name] for name in CODINGS_FRAME_COLUMNS) + (True,)])
        self._audit(conn, action, "codings", None, {"count": 1, "skipped": 0, "coders": [stored["coder"]], "ids": [stored["id"]]}, who=who)
        return {name: stored[name] for name in CODINGS_FRAME_COLUMNS}

    def codings(
        self,
        *,
        coder: str | Sequence[str] | None = None,
        code: str | Sequence[str] | None = None,
        doc_id: str | Sequence[str] | None = None,
        source: str | Sequence[str] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """The stored codings as a codings table, sorted by ``doc_id, start, end, code, coder, id``.

        Unplaced codings (see :meth:`unplaced`) are left out: their offsets refer to an
        earlier text. Each filter takes a value or a list of values.

        Parameters
        ----------
        coder, code, doc_id, source
            Filters (a value or a list).
        columns
            Fetch only these columns (in this order) — much less to read and hold
            for a large project when, say, only ``doc_id`` and ``code`` are needed.
            Counts are faster still with :meth:`code_counts`.

        Returns
        -------
        pandas.DataFrame
            Columns :data:`CODINGS_FRAME_COLUMNS` (the codings shape plus ``id``,
            ``created``, ``memo``, ``unit``, ``rule_id``, ``evidence``, ``confidence``, ``origin``),
            or ``columns``.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> p.codings(coder="anna").empty
        True
        >>> _ = p.code("R01", quote="haven", code="HAV", coder="anna")
        >>> p.codings(columns=["doc_id", "code"]).values.tolist()
        [['R01', 'HAV']]
        """
        return self._select_codings(anchored=True, columns=columns, coder=coder, code=code, doc_id=doc_id, source=source)

    def unplaced(self) -> pd.DataFrame:
        """Codings that re-ingestion could not place on a changed text (old offsets and text kept).

        Place one again with :meth:`place` or remove it with :meth:`remove_coding`.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> from researchkit.transcripts import Transcript
        >>> p = example_project({"R02": "R: we zagen een kotter"})
        >>> _ = p.code("R02", quote="kotter", code="SIG", coder="bert")
        >>> _ = p.add_documents(Transcript("R02", "R: we zagen een boot"))
        >>> p.unplaced()[["code", "text"]].values.tolist()
        [['SIG', 'kotter']]
        """
        return self._select_codings(anchored=False)

    def _select_codings(self, *, anchored: bool, columns: Sequence[str] | None = None, **filters: Any) -> pd.DataFrame:
        import pandas as pd

        wanted = list(columns) if columns is not None else CODINGS_FRAME_COLUMNS
        unknown = [col for col in wanted if col not in CODINGS_FRAME_COLUMNS]
        if unknown or not wanted:
            raise ProjectError("RK324", f"codings(columns=...): unknown column(s) {', '.join(map(repr, unknown)) or '(none given)'}",
                               hint=f"choose from {', '.join(CODINGS_FRAME_COLUMNS)}")
        c = schema.codings
        query = _filtered(select(*[c.c[name] for name in wanted]).where(c.c.anchored == anchored), filters)
        query = query.order_by(*[self._bytewise(c.c[name]) for name in CODINGS_SORT])
        with self._read() as conn:
            rows = conn.execute(query).all()
        data = list(zip(*rows)) if rows else [[] for _ in wanted]
        frame = pd.DataFrame(dict(zip(wanted, data)), columns=wanted)
        if columns is None:
            return codings_frame(frame)
        dtypes = {"start": "int64", "end": "int64", "confidence": "float64"}
        return frame.astype({k: v for k, v in dtypes.items() if k in wanted})

    def code_counts(
        self,
        *,
        by: str | Sequence[str] = "code",
        coder: str | Sequence[str] | None = None,
        code: str | Sequence[str] | None = None,
        doc_id: str | Sequence[str] | None = None,
        source: str | Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Count placed codings in the database (``GROUP BY``), without loading them.

        Parameters
        ----------
        by
            Column(s) to group by: any of ``code``, ``coder``, ``doc_id``, ``source``, ``unit``.
        coder, code, doc_id, source
            Filters, as in :meth:`codings`.

        Returns
        -------
        pandas.DataFrame
            The ``by`` columns, ``codings`` (number of codings) and ``documents``
            (number of distinct documents), sorted by the ``by`` columns (code-point order).

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen", "R02": "R: geen haven"})
        >>> for doc in ("R01", "R02"):
        ...     _ = p.code(doc, quote="haven", code="HAV", coder="anna")
        >>> _ = p.code("R01", quote="Harlingen", code="HAV", coder="bert")
        >>> p.code_counts(by=["code", "coder"]).values.tolist()
        [['HAV', 'anna', 2, 2], ['HAV', 'bert', 1, 1]]
        """
        import pandas as pd

        groups = [by] if isinstance(by, str) else list(by)
        bad = [g for g in groups if g not in COUNT_BY]
        if bad or not groups:
            raise ProjectError("RK324", f"code_counts(by=...): cannot group by {', '.join(map(repr, bad)) or '(nothing)'}",
                               hint=f"group by any of {', '.join(COUNT_BY)}")
        c = schema.codings
        keys = [c.c[g] for g in groups]
        query = select(*keys, sa.func.count().label("codings"), sa.func.count(sa.distinct(c.c.doc_id)).label("documents"))
        query = _filtered(query.where(c.c.anchored == True), {"coder": coder, "code": code, "doc_id": doc_id, "source": source})  # noqa: E712
        query = query.group_by(*keys).order_by(*[self._bytewise(k) for k in keys])
        with self._read() as conn:
            rows = conn.execute(query).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=groups + ["codings", "documents"])
        return frame.astype({"codings": "int64", "documents": "int64"})

    def remove_coding(self, id: str | Sequence[str], *, coder: str | None = None) -> int:
        """Remove coding(s) by id; the audit log keeps what was removed.

        Raises
        ------
        ProjectError
            RK319 when an id is not stored (nothing is removed).

        Returns
        -------
        int
            Number of codings removed.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> row = p.code("R01", quote="haven", code="HAV", coder="anna")
        >>> p.remove_coding(row["id"].item(), coder="anna"), len(p.codings())
        (1, 0)
        """
        ids = [id] if isinstance(id, str) else [str(i) for i in id]
        with self._write() as conn:
            rows = self._fetch_codings(conn, ids)
            self._delete_codings(conn, rows, action="remove_coding", who=coder)
        return len(rows)

    def _fetch_codings(self, conn: Connection, ids: Sequence[str]) -> list[dict]:
        c = schema.codings
        found: dict[str, dict] = {}
        for chunk in chunks(list(ids), size=500):
            for r in conn.execute(select(c).where(c.c.id.in_(chunk))):
                found[r.id] = dict(r._mapping)
        missing = [i for i in ids if i not in found]
        if missing:
            raise ProjectError("RK319", f"{self.location}: no coding with id {', '.join(map(repr, missing[:10]))}", hint="take ids from project.codings()['id']; nothing was changed")
        return [found[i] for i in ids]

    def _delete_codings(self, conn: Connection, rows: list[dict], *, action: str, who: str | None) -> None:
        c = schema.codings
        for chunk in chunks([r["id"] for r in rows], size=500):
            conn.execute(c.delete().where(c.c.id.in_(chunk)))
        for r in rows:
            self._audit(conn, action, f"coding:{r['id']}", coding_json(r), None, who=who)


def _filtered(query: sa.Select, filters: dict[str, Any]) -> sa.Select:
    c = schema.codings
    for name, value in filters.items():
        if value is not None:
            query = query.where(c.c[name].in_([value] if isinstance(value, str) else list(value)))
    return query


def _with_coder_and_source(codings: pd.DataFrame, coder: str | None) -> pd.DataFrame:
    """A copy of the table with ``coder`` filled in (checked) and ``source`` defaulted to ``import``."""
    frame = codings.copy()
    if coder is not None:
        if "coder" in frame.columns:
            other = sorted({str(v) for v in frame["coder"].dropna()} - {coder})
            if other:
                raise ProjectError(
                    "RK324", f"add_codings(coder={coder!r}) but the table names other coder(s): {', '.join(other)}",
                    hint="drop the coder argument or the coder column",
                )
        frame["coder"] = coder
    if "source" not in frame.columns:
        frame["source"] = "import"
    if "coder" in frame.columns:
        bad = frame.index[frame["coder"].isna() | (frame["coder"].astype(str).str.strip() == "")]
        if len(bad):
            raise ProjectError("RK324", f"codings: row(s) {', '.join(map(str, bad[:10]))} name no coder", hint="fill the coder column or pass coder=")
    return frame


def _refuse_nul_columns(frame: pd.DataFrame) -> None:
    import pandas as pd

    for name in _STRING_COLUMNS:
        if name in frame.columns and (frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name])):
            hit = frame[name].str.contains("\x00", regex=False, na=False)
            if hit.any():
                row = int(hit.idxmax())
                raise nul_error(frame.at[row, name], field=f"column {name!r}", row=row, where="codings")


def _storable(frame: pd.DataFrame, stamp: str) -> pd.DataFrame:
    """The validated table as stored: every column of :data:`CODINGS_FRAME_COLUMNS` (``None`` for missing), plus ``anchored``.

    Text columns are plain ``object`` columns holding ``str`` or ``None`` (never NaN),
    so that the values go to the driver as they are.
    """
    import pandas as pd

    n = len(frame)

    def column(values: list) -> pd.Series:
        return pd.Series(values, index=frame.index, dtype=object)

    out = pd.DataFrame({name: column([str(v) for v in frame[name].tolist()]) for name in ("doc_id", "code", "coder", "source")})
    out["start"] = frame["start"].astype("int64")
    out["end"] = frame["end"].astype("int64")
    out["text"] = column(frame["text"].tolist())
    ids = text_column(frame, "id", n)
    fresh = iter(new_ids(sum(1 for v in ids if v is None)))
    out["id"] = column([v if v is not None else next(fresh) for v in ids])
    out["created"] = column([v or stamp for v in text_column(frame, "created", n)])
    for name in _OPTIONAL_TEXT:
        out[name] = column(text_column(frame, name, n))
    confidence = pd.to_numeric(frame["confidence"], errors="raise").tolist() if "confidence" in frame.columns else [None] * n
    out["confidence"] = column([None if v is None or v != v else float(v) for v in confidence])
    out["anchored"] = True
    return out


def _refuse_duplicates_in(table: pd.DataFrame) -> None:
    dup = table.duplicated(_KEY, keep="first")
    if not dup.any():
        return
    first = table[table.duplicated(_KEY, keep=False)].groupby(_KEY, sort=False).head(1)
    firsts = {tuple(k): i for i, k in zip(first.index, first[_KEY].itertuples(index=False, name=None))}
    pairs = [(firsts[key], k, key) for k, key in zip(table.index[dup], table.loc[dup, _KEY].itertuples(index=False, name=None))]
    listing = "\n  ".join(f"rows {a} and {b}: {key}" for a, b, key in pairs[:20])
    raise ProjectError("RK320", f"codings: {len(pairs)} duplicate row(s) in the table:\n  {listing}",
                       hint="drop the duplicates (drop_duplicates on doc_id, start, end, code, coder)")


def _stored_keys(conn: Connection, table: pd.DataFrame, doc_ids: list[str]) -> pd.Series:
    """Which rows of ``table`` are already stored (by key)."""
    import pandas as pd

    c = schema.codings
    existing = []
    for chunk in chunks(doc_ids, size=500):
        existing.extend(conn.execute(select(c.c.doc_id, c.c.start, c.c.end, c.c.code, c.c.coder).where(c.c.doc_id.in_(chunk))).all())
    if not existing:
        return pd.Series(False, index=table.index)
    stored = pd.MultiIndex.from_tuples([tuple(r) for r in existing])
    return pd.Series(pd.MultiIndex.from_frame(table[_KEY]).isin(stored), index=table.index)


def _row_batches(table: pd.DataFrame, names: list[str]):
    """Rows as tuples of plain Python values, made batch by batch (never all at once)."""
    for k in range(0, len(table), CHUNK):
        yield from table.iloc[k : k + CHUNK][names].itertuples(index=False, name=None)
