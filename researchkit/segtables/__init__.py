"""Importing the coded-segment tables other QDA programs export.

Researchers often move codings between programs as spreadsheets rather than REFI-QDA
projects: MAXQDA's "Export coded segments", ATLAS.ti's quotation export, NVivo's coding
reports, QualCoder's coding reports (also its 2021 code-per-column CSV) and SQL exports, Dedoose's
excerpt export (and its coded document as Word, the codings in its comments), Taguette's highlights.
This package reads them (:func:`read_segment_table`: the producer recognised from the
columns, English, German, Dutch, French and Spanish headers), places each segment's passage in the
corpus document it names (:func:`segments_to_codings`) and returns a codings table
(``source`` ``"import"``) with a report that names every row it could not place and why.
``Project.import_segments`` stores the result in a project.

Modules: ``columns`` (headers -> roles, producer), ``read`` (CSV/TSV/XLSX), ``columnwise``
(QualCoder 2's code-per-column report), ``reports`` (reports written as documents:
which program, their lines), ``nvivo`` (NVivo's coding reports), ``atlasreport`` (ATLAS.ti's
quotation reports), ``maxreport`` (MAXQDA's retrieved segments as a document), ``dedoosedocx`` (Dedoose's coded
document as Word), ``documents`` (document names -> doc ids), ``codes`` (code
cells -> codebook ids, new codes from paths), ``place`` (finding a passage, the table's
positions as hints), ``convert`` (the codings and the report), ``report``.

Examples
--------
>>> import tempfile, pathlib
>>> from researchkit.transcripts import Corpus, Transcript
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "segments.csv").write_text(
...     "Document group,Document name,Code,Beginning,End,Segment,Created by\\n"
...     "Haven,R01,Werk\\\\Samenwerking,1,1,goed samen,anna\\n", encoding="utf-8")
>>> result = import_segment_table(folder / "segments.csv", Corpus([Transcript("R01", "R: we werken goed samen")]))
>>> result.codings[["doc_id", "start", "end", "code", "coder"]].values.tolist()
[['R01', 13, 23, 'Werk\\\\Samenwerking', 'anna']]
>>> result.report.producer, result.report.placed_rows
('MAXQDA', 1)
"""

from __future__ import annotations

import os
from typing import Any

from researchkit.segtables.convert import Imported, segments_to_codings
from researchkit.segtables.model import Segment, SegmentTable
from researchkit.segtables.read import read_segment_table
from researchkit.segtables.report import RowIssue, SegmentReport

__all__ = ["read_segment_table", "segments_to_codings", "import_segment_table", "Imported", "Segment",
           "SegmentTable", "SegmentReport", "RowIssue"]


def import_segment_table(path: str | os.PathLike, corpus: Any, codebook: Any = None, *, coder: str | None = None,
                         codes_from_path: bool = False, sheet: str | int | None = None,
                         encoding: str | None = None) -> Imported:
    """Read an exported table of coded segments and place it in ``corpus`` (no project needed).

    Parameters
    ----------
    path
        The export (``.xlsx``, ``.csv``, ``.tsv``, ``.html``; NVivo, ATLAS.ti and MAXQDA reports as
        ``.docx``/``.html``/``.txt``).
    corpus
        The documents the segments belong to.
    codebook
        Codes are matched to it by id, name and path (``None``: codes as written).
    coder
        Coder of the rows whose table names none.
    codes_from_path
        Add the codes the codebook lacks, with parents made from their paths.
    sheet, encoding
        Worksheet (XLSX) and text encoding (CSV), when not the default.

    Returns
    -------
    Imported
        ``codings`` (a codings table), ``report`` and ``codebook`` (the codebook with the
        added codes, or ``None``).
    """
    table = read_segment_table(path, sheet=sheet, encoding=encoding)
    return segments_to_codings(table, corpus, codebook, coder=coder, codes_from_path=codes_from_path)
