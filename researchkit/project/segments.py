"""Importing another program's table of coded segments into the project: :meth:`SegmentImportPart.import_segments`.

The table is read first (a file that cannot be read leaves the project untouched); then,
in one transaction, its segments are placed in the project's documents, codes missing
from the codebook are added when asked (``codes_from_path``) and the codings are stored
(``on_duplicate``: codings already in the project are skipped by default, so importing
the same file twice changes nothing). See :mod:`researchkit.segtables`.

Examples
--------
>>> import tempfile, pathlib
>>> from researchkit.project.examples import example_project
>>> p = example_project({"R01": "R: we werken goed samen met de douane"})
>>> p.set_codebook({"codes": [{"id": "SAM", "name": "Samenwerking"}]})
>>> csv = pathlib.Path(tempfile.mkdtemp()) / "coded.csv"
>>> _ = csv.write_text("codename,coder,file,pos0,pos1,text\\nSamenwerking,anna,R01.txt,13,23,goed samen\\n", encoding="utf-8")
>>> report = p.import_segments(csv)
>>> report.stored, p.codings()[["code", "text", "source"]].values.tolist()
(1, [['SAM', 'goed samen', 'import']])
>>> p.import_segments(csv).skipped
1
"""

from __future__ import annotations

import os
from typing import Any

from researchkit.project.codings import CodingsPart

__all__ = ["SegmentImportPart"]


class SegmentImportPart(CodingsPart):
    """Coded-segment tables from MAXQDA, ATLAS.ti, NVivo, QualCoder, Dedoose and Taguette into the project."""

    def import_segments(self, path: str | os.PathLike, *, coder: str | None = None, codes_from_path: bool = False,
                        on_duplicate: str = "skip", sheet: str | int | None = None,
                        encoding: str | None = None) -> Any:
        """Import an exported table of coded segments as codings, in one transaction.

        Parameters
        ----------
        path
            The export: ``.xlsx``/``.csv``/``.tsv``/``.html`` table, or an NVivo, ATLAS.ti or MAXQDA report
            (``.docx``/``.html``/``.txt``).
        coder
            Coder of the rows whose table names none (default: the project's user); also
            the audit log's name for the import.
        codes_from_path
            Add codes the codebook lacks, with parents made from their paths (``A\\\\B``).
        on_duplicate
            ``"skip"`` (default) codings already stored, or ``"error"`` (nothing is written).
        sheet, encoding
            Worksheet (XLSX) and text encoding (CSV) when not the default.

        Returns
        -------
        researchkit.segtables.SegmentReport
            Rows placed, codings made and stored, and every row not placed with why.

        Raises
        ------
        SegmentTableError
            RK660-RK665: the file cannot be read as a table of coded segments, or no coder.
        ProjectError
            RK320 duplicates with ``on_duplicate="error"``, RK324 a bad ``on_duplicate``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from researchkit.project.examples import example_project
        >>> p = example_project({"Interview 1": "I: en?\\nR: de haven is klein"})
        >>> tsv = pathlib.Path(tempfile.mkdtemp()) / "highlights.tsv"
        >>> _ = tsv.write_text("id\\tdocument\\ttag\\tcontent\\n1\\tinterview 1.docx\\thaven\\tde haven\\n", encoding="utf-8")
        >>> r = p.import_segments(tsv, coder="bob", codes_from_path=True)
        >>> r.producer, r.new_codes, p.codings()[["doc_id", "code", "coder", "text"]].values.tolist()
        ('Taguette', ['haven'], [['Interview 1', 'haven', 'bob', 'de haven']])
        """
        from researchkit.segtables import read_segment_table, segments_to_codings

        table = read_segment_table(path, sheet=sheet, encoding=encoding)
        who = coder or self.user
        with self.transaction():
            result = segments_to_codings(table, self.corpus(), self.codebook(), coder=who, codes_from_path=codes_from_path)
            if result.codebook is not None:
                self.set_codebook(result.codebook, coder=who)
            stored = self.add_codings(result.codings, on_duplicate=on_duplicate)
            report = result.report
            report.stored, report.skipped = len(stored), len(result.codings) - len(stored)
            with self._write() as conn:
                self._audit(conn, "import_segments", str(path), None,
                            {"producer": report.producer, "rows": report.rows, "placed_rows": report.placed_rows,
                             "codings": report.stored, "skipped": report.skipped, "not_placed": report.unplaced_rows,
                             "new_codes": report.new_codes}, who=who)
        return report
