"""Coding by hand: by quote (tolerant search) or offsets, undoing it, placing an unplaced coding.

A quote is found in the canonical text with :func:`researchkit.project.anchoring.find_quote`
(quote marks, dashes, ellipses, white space and, if needed, case may differ). A missing
quote (RK316) shows the closest passage; an ambiguous one (RK317) lists every occurrence.

Examples
--------
>>> from researchkit.project.examples import example_project
>>> p = example_project({"R01": "R: we werken goed samen"})
>>> p.code("R01", quote="goed samen", code="SAM", coder="anna")[["start", "end"]].values.tolist()
[[13, 23]]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from researchkit.errors import ProjectError, QuoteNotFoundError
from researchkit.project import anchoring, schema
from researchkit.project.codings import CodingsPart
from researchkit.project.faults import refuse_nul
from researchkit.project.rows import CODINGS_FRAME_COLUMNS, coding_json, codings_frame

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd


class ManualPart(CodingsPart):
    """Manual coding: code, uncode, place."""

    def code(
        self,
        doc_id: str,
        *,
        code: str,
        coder: str | None = None,
        quote: str | None = None,
        start: int | None = None,
        end: int | None = None,
        occurrence: int | None = None,
        memo: str | None = None,
        source: str = "manual",
    ) -> pd.DataFrame:
        """Code a passage by hand: by quote (tolerant search) or by offsets.

        Parameters
        ----------
        doc_id
            The document.
        code
            The code id (must be in the codebook, when one is set).
        coder
            Who codes; default the project's user.
        quote
            The passage as text. Quote marks (curly or straight), dashes, ellipses,
            runs of spaces and line breaks, and (if needed) case may differ.
        start, end
            Offsets instead of a quote.
        occurrence
            Which occurrence (1-based) when the quote occurs more than once.
        memo
            A note stored with the coding (counted and listed as a memo on the coding).
        source
            ``"manual"`` (default), or ``"rules"``/``"model"`` for a suggestion.

        Returns
        -------
        pandas.DataFrame
            The new coding (one row, codings shape).

        Raises
        ------
        QuoteNotFoundError
            RK316 (not found; shows the closest passage) or RK317 (ambiguous; shows
            every occurrence).

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: \\u2018Niemand\\u2019 weet het."})
        >>> p.code("R01", quote="'niemand' weet", code="X", coder="anna")["text"].item()
        '\\u2018Niemand\\u2019 weet'
        """
        import pandas as pd

        row = self.code_record(doc_id, code=code, coder=coder, quote=quote, start=start, end=end, occurrence=occurrence,
                               memo=memo, source=source)
        return codings_frame(pd.DataFrame([row], columns=CODINGS_FRAME_COLUMNS))

    def code_record(
        self,
        doc_id: str,
        *,
        code: str,
        coder: str | None = None,
        quote: str | None = None,
        start: int | None = None,
        end: int | None = None,
        occurrence: int | None = None,
        memo: str | None = None,
        source: str = "manual",
    ) -> dict:
        """Like :meth:`code`, but the new coding comes back as a plain ``dict`` (no pandas needed).

        Same parameters, checks, errors and audit entry as :meth:`code`; the keys are
        :data:`~researchkit.project.rows.CODINGS_FRAME_COLUMNS`. The command line
        (``researchkit code``) stores codings this way, so that it starts without pandas.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: we werken goed samen"})
        >>> row = p.code_record("R01", quote="goed samen", code="SAM", coder="anna")
        >>> row["start"], row["end"], row["text"], row["coder"]
        (13, 23, 'goed samen', 'anna')
        """
        who = coder or self.user
        with self._write() as conn:
            text = self._text(conn, doc_id)
            s, e = locate(text, doc_id, quote=quote, start=start, end=end, occurrence=occurrence)
            row = {"doc_id": doc_id, "start": s, "end": e, "code": code, "coder": who, "source": source, "text": text[s:e], "memo": memo}
            return self._insert_one_coding(conn, row, action="code", who=who)

    def uncode(
        self,
        doc_id: str,
        *,
        code: str,
        coder: str | None = None,
        quote: str | None = None,
        start: int | None = None,
        end: int | None = None,
        occurrence: int | None = None,
    ) -> int:
        """Remove a coding made with :meth:`code`, found by quote or offsets.

        Returns
        -------
        int
            1 (the coding removed).

        Raises
        ------
        ProjectError
            RK319 when no such coding exists (lists the coder's codings in the document).

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"R01": "R: de haven van Harlingen"})
        >>> _ = p.code("R01", quote="haven", code="HAV", coder="anna")
        >>> p.uncode("R01", quote="haven", code="HAV", coder="anna")
        1
        """
        who = coder or self.user
        c = schema.codings
        with self._write() as conn:
            text = self._text(conn, doc_id)
            s, e = locate(text, doc_id, quote=quote, start=start, end=end, occurrence=occurrence)
            rows = [dict(r._mapping) for r in conn.execute(
                select(c).where(c.c.doc_id == doc_id, c.c.start == s, c.c.end == e, c.c.code == code, c.c.coder == who)
            )]
            if not rows:
                near = conn.execute(
                    select(c.c.start, c.c.end, c.c.code).where(c.c.doc_id == doc_id, c.c.coder == who).order_by(c.c.start).limit(10)
                ).all()
                listing = "; ".join(f"{r.start}-{r.end} {r.code}" for r in near) or "none"
                raise ProjectError(
                    "RK319", f"{doc_id}: no coding {code!r} by {who!r} at {s}-{e} (their codings here: {listing})",
                    hint="check the code, coder and passage",
                )
            self._delete_codings(conn, rows, action="uncode", who=who)
        return len(rows)

    def place(self, id: str, *, start: int | None = None, end: int | None = None, quote: str | None = None, coder: str | None = None) -> pd.DataFrame:
        """Place an unplaced coding (see :meth:`unplaced`) on the current text by offsets or quote.

        Examples
        --------
        >>> from researchkit.project.examples import example_project
        >>> from researchkit.transcripts import Transcript
        >>> p = example_project({"R03": "R: de douane kwam langs"})
        >>> coding = p.code("R03", quote="douane", code="DOU", coder="anna")["id"].item()
        >>> _ = p.add_documents(Transcript("R03", "R: de marechaussee kwam langs"))
        >>> p.place(coding, quote="marechaussee", coder="anna")[["code", "text"]].values.tolist()
        [['DOU', 'marechaussee']]
        """
        c = schema.codings
        with self._write() as conn:
            row = self._fetch_codings(conn, [id])[0]
            text = self._text(conn, row["doc_id"])
            s, e = locate(text, row["doc_id"], quote=quote, start=start, end=end, occurrence=None)
            conn.execute(c.update().where(c.c.id == id).values(start=s, end=e, text=text[s:e], anchored=True))
            self._audit(conn, "place", f"coding:{id}", coding_json(row), {"start": s, "end": e, "text": text[s:e], "anchored": True}, who=coder)
        return self._select_codings(anchored=True, doc_id=row["doc_id"]).query("id == @id").reset_index(drop=True)


def locate(text: str, doc_id: str, *, quote: str | None, start: int | None, end: int | None, occurrence: int | None) -> tuple[int, int]:
    """The ``(start, end)`` of a quote (tolerant search) or of given offsets in ``text``.

    Raises
    ------
    QuoteNotFoundError
        RK316 (not found) or RK317 (ambiguous, and no ``occurrence``).

    Examples
    --------
    >>> locate("R: ja en ja", "R01", quote="ja", start=None, end=None, occurrence=2)
    (9, 11)
    """
    if quote is None:
        if start is None or end is None:
            raise ProjectError("RK324", "give quote=..., or both start= and end=", hint="e.g. project.code('R01', quote='...', code='SIG')")
        if not 0 <= start < end <= len(text):
            raise ProjectError("RK324", f"{doc_id}: offsets start={start}, end={end} are outside 0 <= start < end <= {len(text)}", hint="offsets are code-point indexes into the document text")
        return int(start), int(end)
    refuse_nul([quote], field="quote", where=doc_id)
    spans = anchoring.find_quote(text, quote)
    if not spans:
        raise _not_found(text, doc_id, quote)
    if start is not None or end is not None:
        spans = [sp for sp in spans if (start is None or sp[0] >= start) and (end is None or sp[1] <= end)] or spans
    if len(spans) == 1:
        return spans[0]
    if occurrence is not None:
        if not 1 <= occurrence <= len(spans):
            raise ProjectError("RK324", f"{doc_id}: occurrence={occurrence} but the quote occurs {len(spans)} times", hint=f"use 1..{len(spans)}")
        return spans[occurrence - 1]
    listing = "\n  ".join(f"occurrence={k}: {s}-{e} {anchoring.context(text, s, e)!r}" for k, (s, e) in enumerate(spans, 1))
    raise QuoteNotFoundError(
        "RK317", f"{doc_id}: quote {quote[:80]!r} occurs {len(spans)} times:\n  {listing}",
        hint="pass occurrence=N, a longer quote, or start=/end= around the one you mean",
        candidates=[(s, e, text[s:e]) for s, e in spans],
    )


def _not_found(text: str, doc_id: str, quote: str) -> QuoteNotFoundError:
    best = anchoring.closest_match(text, quote, n=1)
    if best:
        s, e, ratio = best[0]
        shown = f"closest match ({ratio:.0%} similar) at {s}-{e}: {anchoring.context(text, s, e)!r}"
    else:
        shown = "no similar passage"
    return QuoteNotFoundError(
        "RK316", f"{doc_id}: quote {quote[:80]!r} not found; {shown}",
        hint="correct the quote (copy it from project.text(doc_id)) or give start= and end=",
        candidates=[(s, e, text[s:e]) for s, e, _ in best],
    )
