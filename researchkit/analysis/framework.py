"""Framework matrix: cases x themes, each cell the coded passages and a summary slot.

The framework method (Ritchie & Spencer) charts, per case (respondent) and per theme,
what was said, and then a researcher's short summary of it. :func:`framework_matrix`
fills the passages; the researcher writes the summaries (in Python or in the Excel
file written by :meth:`FrameworkMatrix.to_excel`, read back with
:meth:`FrameworkMatrix.read_summaries`).

Counting per speaker (``per="speaker"``, focus groups; :mod:`researchkit.analysis.speakercases`)
every participant is a case of their own: a row per participant, or the participant's own
group (the speaker sheet's value before the document's). A passage is the participant's of the
first respondent turn it overlaps; passages on no respondent's turn (a moderator's question)
are charted for nobody, with an ``AnalysisWarning`` and the list in
:attr:`FrameworkMatrix.unattributed`.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from researchkit.analysis._common import (
    attribute_frame,
    check_codings,
    code_names,
    branch_mask,
    order_codes,
    roll_up,
    require_corpus,
    sort_key,
)
from researchkit.analysis.speakercases import case_labels, check_per, counted_codings
from researchkit.errors import AnalysisError
from researchkit.fileio import atomic_write

__all__ = ["framework_matrix", "FrameworkMatrix", "FRAMEWORK_COLUMNS"]

#: Columns of :attr:`FrameworkMatrix.cells`.
FRAMEWORK_COLUMNS = ["case", "code", "name", "n_passages", "doc_ids", "passages", "text", "summary"]
#: Counting per speaker, the cells have one more column (after ``doc_ids``): the respondents behind each cell.
SPEAKER_COLUMN = "respondent_ids"

_FIXED_TIME = _dt.datetime(2000, 1, 1)
_MAX_CELL = 32767  # Excel's limit of characters in a cell


@dataclass
class FrameworkMatrix:
    """Cases x themes with the coded passages and a researcher's summary per cell.

    Attributes
    ----------
    rows
        What a case is: ``"doc_id"`` or an attribute column (``"group"``).
    cells
        Tidy table, one row per case x code (complete): ``case, code, name,
        n_passages, doc_ids, passages`` (list of str), ``text`` (the passages joined,
        each prefixed with ``[doc_id]`` when a case may hold several documents; counting per speaker
        with the participant's ``doc_id: speaker`` label when a case may hold several participants) and
        ``summary`` (empty until written). Counting per speaker also ``respondent_ids``
        (list of the respondents whose passages the cell holds, as in ``doc_ids``).
    per
        ``"document"`` or ``"speaker"``: what a respondent is.
    unattributed
        Counting per speaker, the codings charted for nobody (``doc_id, start, end, code``:
        on no respondent's turn); empty otherwise.
    """

    rows: str
    cells: pd.DataFrame
    per: str = "document"
    unattributed: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["doc_id", "start", "end", "code"]))

    @property
    def attrs(self) -> dict[str, Any]:
        """As a DataFrame's ``attrs``: counting per speaker, ``"unattributed"`` (the codings charted for
        nobody, as ``(doc_id, start, end, code)`` tuples); else empty.

        Examples
        --------
        >>> FrameworkMatrix("doc_id", pd.DataFrame({"case": [], "code": []})).attrs
        {}
        """
        if self.per != "speaker":
            return {}
        return {"unattributed": list(self.unattributed[["doc_id", "start", "end", "code"]].itertuples(index=False, name=None))}

    @property
    def cases(self) -> list[str]:
        """Cases in order."""
        return list(dict.fromkeys(self.cells["case"]))

    @property
    def codes(self) -> list[str]:
        """Codes (themes) in order."""
        return list(dict.fromkeys(self.cells["code"]))

    def _wide(self, value: str) -> pd.DataFrame:
        wide = self.cells.pivot(index="case", columns="code", values=value).reindex(index=self.cases, columns=self.codes)
        wide.index.name = self.rows
        return wide

    @property
    def text(self) -> pd.DataFrame:
        """Cases x codes, each cell the joined passages (``""`` when none)."""
        return self._wide("text")

    @property
    def counts(self) -> pd.DataFrame:
        """Cases x codes, each cell the number of passages."""
        return self._wide("n_passages")

    @property
    def summaries(self) -> pd.DataFrame:
        """Cases x codes, each cell the researcher's summary (``""`` until written)."""
        return self._wide("summary")

    def set_summary(self, case: str, code: str, summary: str) -> None:
        """Write the summary of one cell.

        Examples
        --------
        >>> m = FrameworkMatrix("doc_id", pd.DataFrame({"case": ["R1"], "code": ["A"], "summary": [""]}))
        >>> m.set_summary("R1", "A", "ziet weinig")
        >>> m.summaries.loc["R1", "A"]
        'ziet weinig'
        """
        mask = (self.cells["case"] == case) & (self.cells["code"] == code)
        if not mask.any():
            raise AnalysisError(
                "RK504", f"no cell ({case!r}, {code!r}) in the framework matrix",
                hint=f"cases: {', '.join(map(str, self.cases[:10]))}; codes: {', '.join(self.codes[:10])}",
            )
        self.cells.loc[mask, "summary"] = str(summary)

    def _repr_html_(self) -> str:  # notebook display: the passage counts
        return self.counts.to_html()

    def __repr__(self) -> str:
        return f"FrameworkMatrix({len(self.cases)} cases x {len(self.codes)} codes, rows={self.rows!r})"

    def to_excel(self, path: str | os.PathLike) -> Path:
        """Write the matrix to an Excel workbook, atomically (temp file + rename).

        Sheets: ``matrix`` (cases x codes, the passages), ``summaries`` (cases x codes,
        to be filled in), ``cells`` (the tidy table). Workbook and zip dates are fixed,
        so the same matrix gives a byte-identical file.

        Returns
        -------
        pathlib.Path
            The path written.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> m = FrameworkMatrix("doc_id", pd.DataFrame({"case": ["R1"], "code": ["A"], "name": ["A"], "n_passages": [1],
        ...     "doc_ids": [["R1"]], "passages": [["ja"]], "text": ["ja"], "summary": [""]}))
        >>> m.to_excel(pathlib.Path(tempfile.mkdtemp()) / "matrix.xlsx").name
        'matrix.xlsx'
        """
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            raise AnalysisError("RK507", f"{path}: a framework matrix is written as .xlsx, not {path.suffix or 'no suffix'!r}", hint="use a file name ending in .xlsx")
        wb = Workbook()
        wb.properties.creator = "researchkit"
        wb.properties.created = _FIXED_TIME
        wb.properties.modified = _FIXED_TIME
        names = dict(zip(self.cells["code"], self.cells["name"])) if "name" in self.cells else {}

        def write_wide(ws: Any, table: pd.DataFrame) -> None:
            ws.append([self.rows] + [f"{c} {names.get(c, c)}".strip() if names.get(c, c) != c else c for c in table.columns])
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for case, row in table.iterrows():
                ws.append([str(case)] + [_clip(v) for v in row.tolist()])
            ws.freeze_panes = "B2"
            ws.column_dimensions["A"].width = 18
            for col in ws.iter_cols(min_col=2, max_col=ws.max_column):
                ws.column_dimensions[col[0].column_letter].width = 60
                for cell in col[1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")

        ws = wb.active
        ws.title = "matrix"
        write_wide(ws, self.text.fillna(""))
        write_wide(wb.create_sheet("summaries"), self.summaries.fillna(""))
        tidy = wb.create_sheet("cells")
        known = FRAMEWORK_COLUMNS[:5] + [SPEAKER_COLUMN] + FRAMEWORK_COLUMNS[5:]
        columns = [c for c in known if c in self.cells.columns and c != "passages"]
        tidy.append(columns)
        for row in self.cells[columns].itertuples(index=False):
            tidy.append([_clip("; ".join(v) if isinstance(v, list) else v) for v in row])
        buffer = io.BytesIO()
        wb.save(buffer)
        data = _fixed_zip(buffer.getvalue())
        return atomic_write(path, data)

    def read_summaries(self, path: str | os.PathLike) -> "FrameworkMatrix":
        """Read the ``summaries`` sheet of a workbook written by :meth:`to_excel` (and
        filled in by a researcher) into this matrix; returns ``self``.

        Raises ``RK507`` naming the sheet and cell when a case or code is unknown.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> m = FrameworkMatrix("doc_id", pd.DataFrame({"case": ["R1"], "code": ["A"], "name": ["A"], "n_passages": [1],
        ...     "doc_ids": [["R1"]], "passages": [["ja"]], "text": ["ja"], "summary": ["kort"]}))
        >>> path = m.to_excel(pathlib.Path(tempfile.mkdtemp()) / "matrix.xlsx")
        >>> m.set_summary("R1", "A", "")
        >>> m.read_summaries(path).summaries.loc["R1", "A"]
        'kort'
        """
        from openpyxl import load_workbook

        path = Path(path)
        try:
            wb = load_workbook(path, read_only=True)
        except (OSError, ValueError, KeyError) as exc:
            raise AnalysisError("RK507", f"{path}: cannot be read as an Excel workbook ({exc})", hint="pass the .xlsx written by to_excel()") from exc
        if "summaries" not in wb.sheetnames:
            raise AnalysisError("RK507", f"{path}: no sheet 'summaries' (sheets: {', '.join(wb.sheetnames)})", hint="pass the .xlsx written by to_excel()")
        rows = list(wb["summaries"].iter_rows(values_only=True))
        wb.close()
        header = [str(h) if h is not None else "" for h in rows[0]]
        code_of = {}
        for j, label in enumerate(header[1:], start=2):
            code = label.split(" ", 1)[0]
            if code not in self.codes:
                raise AnalysisError("RK507", f"{path}, sheet summaries, column {j}: unknown code {label!r}", hint=f"codes are {', '.join(self.codes[:15])}")
            code_of[j] = code
        for i, row in enumerate(rows[1:], start=2):
            case = "" if row[0] is None else str(row[0])
            if case not in {str(c) for c in self.cases}:
                raise AnalysisError("RK507", f"{path}, sheet summaries, row {i}: unknown case {case!r}", hint="do not rename or add rows in the sheet")
            real_case = next(c for c in self.cases if str(c) == case)
            for j, value in enumerate(row[1:], start=2):
                if j in code_of:
                    self.set_summary(real_case, code_of[j], "" if value is None else str(value))
        return self


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite an .xlsx (a zip) with fixed member dates and a fixed modification time,
    so that the same matrix gives a byte-identical file (openpyxl stamps "now")."""
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
                content = re.sub(rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, content)
    return out.getvalue()


def _clip(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _MAX_CELL:
        return value[: _MAX_CELL - 20] + " […] (afgekapt)"
    return value


def framework_matrix(
    codings: pd.DataFrame,
    corpus: Any,
    *,
    rows: str = "doc_id",
    codes: Sequence[str] | None = None,
    level: int | None = None,
    codebook: Any = None,
    descendants: bool = True,
    sep: str = "\n\n",
    per: str = "document",
) -> FrameworkMatrix:
    """Chart the coded passages per case and theme.

    Parameters
    ----------
    codings, corpus
        The codings table and its corpus.
    rows
        What a case is: ``"doc_id"`` (one interview per row, default), ``"respondent"``
        or any attribute column (``"group"``, ``"port"``).
    codes
        The themes (columns), in this order. With ``descendants=True`` a sub-code's
        passages go to its theme (``FEN`` collects ``FEN.DRU`` ...). Default: every
        code in the codings (after ``level`` roll-up).
    level
        Roll codes up to this codebook level first (needs ``codebook``).
    codebook
        Names and order of the codes.
    descendants
        Whether a theme collects its sub-codes' passages.
    sep
        Separator between passages in the joined ``text``.
    per
        ``"document"`` (default) or ``"speaker"``: counting per speaker (focus groups) every
        respondent speaker is a case. ``rows="doc_id"`` gives a row per participant, labelled
        ``"<doc_id>: <speaker>"`` (a document with one respondent speaker, or none, keeps its
        ``doc_id``); ``rows="respondent"`` one per respondent (the speaker sheet's
        ``respondent`` column joins a person's words in two groups); an attribute groups the
        participants by their own value (speaker sheet first, then the document's). Passages
        on no respondent's turn are charted for nobody: an ``AnalysisWarning`` says how many,
        ``.unattributed`` lists them. A document without respondent speakers is one case, as
        per document.

    Returns
    -------
    FrameworkMatrix
        ``.cells`` (tidy), ``.text``, ``.counts``, ``.summaries`` (wide), ``.to_excel()``.
        Cases come in corpus order (or sorted attribute values) and include cases with
        no passages at all; a passage coded twice in a cell (two coders) appears once.

    Raises
    ------
    AnalysisError
        ``RK501`` for an unknown attribute, ``RK504`` without codes or for an unknown ``per``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Kade open. Geen camera."), Transcript("R2", "Niets.")])
    >>> codings = pd.DataFrame({"doc_id": ["R1", "R1"], "start": [0, 11], "end": [10, 23],
    ...                         "code": ["GEL.1", "INFO.1"]})
    >>> framework_matrix(codings, corpus, codes=["GEL", "INFO"]).text  # doctest: +NORMALIZE_WHITESPACE
    code           GEL          INFO
    doc_id
    R1      Kade open.  Geen camera.
    R2
    """
    check_per(per)
    frame = check_codings(codings, corpus)
    frame = roll_up(frame, codebook, level)
    if per == "speaker":
        return _per_speaker(frame, corpus, rows=rows, codes=codes, codebook=codebook, descendants=descendants, sep=sep)
    if rows == "doc_id":
        case_of = pd.Series(corpus.doc_ids, index=corpus.doc_ids)
        case_order = list(corpus.doc_ids)
    elif rows == "respondent" and "respondent" not in corpus.attributes.columns:
        from researchkit.analysis._common import respondent_ids

        case_of = respondent_ids(corpus)
        case_order = list(dict.fromkeys(case_of))
    else:
        case_of = attribute_frame(corpus, rows)[rows]
        case_order = sort_key(case_of)
    theme_codes = _themes(frame, codes, codebook)
    found = _passages(frame, theme_codes, codebook, descendants)
    found["case"] = case_of.reindex(found["doc_id"]).to_numpy()
    found = _in_text_order(found, corpus)
    grouped = {key: g for key, g in found.groupby(["case", "code"], sort=False)}
    names = code_names(theme_codes, codebook)
    multi_doc = rows != "doc_id"
    records = []
    for case in case_order:
        for theme in theme_codes:
            g = grouped.get((case, theme))
            if g is None:
                records.append((case, theme, names[theme], 0, [], [], "", ""))
                continue
            passages = g["passage"].tolist()
            shown = [f"[{d}] {p}" for d, p in zip(g["doc_id"], passages)] if multi_doc else passages
            records.append((case, theme, names[theme], len(passages), list(dict.fromkeys(g["doc_id"])), passages, sep.join(shown), ""))
    cells = pd.DataFrame(records, columns=FRAMEWORK_COLUMNS)
    cells["n_passages"] = cells["n_passages"].astype("int64")
    return FrameworkMatrix(rows=rows, cells=cells)


def _themes(frame: pd.DataFrame, codes: Sequence[str] | None, codebook: Any) -> list[str]:
    """The theme codes (columns), ``RK504`` when there are none."""
    theme_codes = list(dict.fromkeys(codes)) if codes is not None else order_codes(frame["code"], codebook)
    if not theme_codes:
        raise AnalysisError("RK504", "no codes to chart (the codings are empty and codes= was not given)", hint="pass codes=[...]")
    return theme_codes


def _passages(frame: pd.DataFrame, theme_codes: list[str], codebook: Any, descendants: bool) -> pd.DataFrame:
    """``doc_id, start, end, code`` (+ ``_row``: the row of ``frame``): each theme's distinct passages."""
    pieces = []
    for theme in theme_codes:
        mask = branch_mask(frame["code"], theme, codebook) if descendants else frame["code"] == theme
        sub = frame.loc[mask, ["doc_id", "start", "end"]].assign(_row=np.flatnonzero(mask.to_numpy()))
        pieces.append(sub.drop_duplicates(["doc_id", "start", "end"]).assign(code=theme))
    return pd.concat(pieces, ignore_index=True)


def _in_text_order(found: pd.DataFrame, corpus: Any) -> pd.DataFrame:
    """``found`` in corpus and text order, with each ``passage``'s text."""
    texts = corpus.texts()
    doc_rank = {d: i for i, d in enumerate(corpus.doc_ids)}
    found = found.assign(_d=found["doc_id"].map(doc_rank)).sort_values(["_d", "start", "end"], kind="mergesort")
    found["passage"] = [texts[d][s:e] for d, s, e in zip(found["doc_id"], found["start"], found["end"])]
    return found


def _per_speaker(frame: pd.DataFrame, corpus: Any, *, rows: str, codes: Sequence[str] | None, codebook: Any,
                 descendants: bool, sep: str) -> FrameworkMatrix:
    """:func:`framework_matrix` counting per speaker: the participants (or their own groups) as cases."""
    require_corpus(corpus, "counting per speaker")
    by = [] if rows in ("doc_id", "respondent") else [rows]
    counted, case, found_cases, values = counted_codings(frame, corpus, "speaker", by=by, stacklevel=4)
    cases = found_cases.cases
    if rows == "doc_id":
        label = case_labels(cases)
        case_order = list(dict.fromkeys(label))
    elif rows == "respondent":
        label = cases["respondent"]
        case_order = list(dict.fromkeys(label))
    else:
        label = values[rows]
        case_order = sort_key(label)
    theme_codes = _themes(frame, codes, codebook)
    found = _passages(counted, theme_codes, codebook, descendants)
    of_row = case[found["_row"].to_numpy(dtype=np.int64)]
    found["case"] = label.to_numpy(dtype=object)[of_row]
    found["respondent"] = cases["respondent"].to_numpy(dtype=object)[of_row]
    found["who"] = case_labels(cases).to_numpy(dtype=object)[of_row]
    found = _in_text_order(found, corpus)
    grouped = {key: g for key, g in found.groupby(["case", "code"], sort=False)}
    names = code_names(theme_codes, codebook)
    records = []
    for key in case_order:
        for theme in theme_codes:
            g = grouped.get((key, theme))
            if g is None:
                records.append((key, theme, names[theme], 0, [], [], [], "", ""))
                continue
            passages = g["passage"].tolist()
            # a case that may hold several participants (a group, a respondent of two groups) names whose each passage is
            shown = [f"[{w}] {p}" for w, p in zip(g["who"], passages)] if rows != "doc_id" else passages
            records.append((key, theme, names[theme], len(passages), list(dict.fromkeys(g["doc_id"])),
                            list(dict.fromkeys(g["respondent"])), passages, sep.join(shown), ""))
    columns = FRAMEWORK_COLUMNS[:5] + [SPEAKER_COLUMN] + FRAMEWORK_COLUMNS[5:]
    cells = pd.DataFrame(records, columns=columns)
    cells["n_passages"] = cells["n_passages"].astype("int64")
    return FrameworkMatrix(rows=rows, cells=cells, per="speaker", unattributed=found_cases.unattributed.reset_index(drop=True))
