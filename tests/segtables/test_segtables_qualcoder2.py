"""QualCoder 2's coding report CSV: a column per code (the layout older QualCoder versions wrote).

Shape from ``ccbogel/QualCoder`` ``qualcoder/report_codes.py`` (2021, PyQt5), ``export_csv_file``:
"Export coded data as csv with codes as column headings"; the header row is the sorted
distinct code names (``codes_set.sort()``), each column filled from the top with that code's
codings, a text cell is ``text + "\\n" + file_or_casename`` (``+ " fid:N"`` when the report was
made from an attribute selection), a picture or recording without memo ``NO MENO``/``NO MEMO``
plus the name; written to ``Report_codings.csv`` with ``encoding='utf-8-sig'``, ``newline=''``
and ``csv.writer(delimiter=',', quotechar='"', quoting=csv.QUOTE_MINIMAL)``.
"""

from __future__ import annotations

import csv
import io

import pytest

from researchkit.codebook import Codebook
from researchkit.errors import SegmentTableError
from researchkit.segtables import import_segment_table, read_segment_table
from researchkit.transcripts import Corpus, Transcript

TEXTS = {"interview_1": "I: What about the harbour?\nR: The harbour is small, \"tiny\" even.\n"
                        "We work well together with the police.\nI: And customs?\nR: Customs come rarely.",
         "interview_2": "R: The harbour master knows everyone.\nCustoms? Never seen them."}


def _report_codings(path, columns: dict[str, list[str]]):
    """The file as ``export_csv_file`` writes it: sorted code names, each column filled from the top."""
    codes = sorted(columns)
    rows = [[""] * len(codes) for _ in range(max(len(v) for v in columns.values()))]
    for col, code in enumerate(codes):
        for row, cell in enumerate(columns[code]):
            rows[row][col] = cell
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL)
    writer.writerow(codes)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    return path


def test_a_column_per_code_is_read_and_every_passage_placed_exactly(tmp_path):
    path = _report_codings(tmp_path / "Report_codings.csv", {
        "harbour": ["The harbour is small, \"tiny\" even.\ninterview_1.txt",
                    "The harbour master knows everyone.\ninterview_2.txt fid:2"],
        "cooperation": ["The harbour is small, \"tiny\" even.\nWe work well together with the police.\ninterview_1.txt"],
        "customs": ["Customs come rarely.\ninterview_1.txt", "Customs? Never seen them.\ninterview_2.txt",
                    "NO MENO\nharbour_photo.jpg"],
    })
    table = read_segment_table(path)
    assert table.producer == "QualCoder" and table.rows == 3 and len(table.segments) == 6
    assert table.columns == {"cooperation": "code", "customs": "code", "harbour": "code"}
    corpus = Corpus([Transcript(d, t) for d, t in TEXTS.items()])
    book = Codebook.from_dict({"codes": [{"id": "HAV", "name": "harbour"}, {"id": "SAM", "name": "cooperation"},
                                         {"id": "DOU", "name": "customs"}]})
    result = import_segment_table(path, corpus, book, coder="anna")
    got = sorted((r.doc_id, r.code, TEXTS[r.doc_id][r.start:r.end]) for r in result.codings.itertuples())
    assert got == [
        ("interview_1", "DOU", "Customs come rarely."),
        ("interview_1", "HAV", "The harbour is small, \"tiny\" even."),
        ("interview_1", "SAM", "The harbour is small, \"tiny\" even.\nWe work well together with the police."),
        ("interview_2", "DOU", "Customs? Never seen them."),
        ("interview_2", "HAV", "The harbour master knows everyone."),
    ]
    # the picture's cell names a file that is no document here: reported, not dropped
    assert [(i.where, i.kind) for i in result.report.issues] == [("row 4", "document not found")]


def test_a_picture_coding_without_memo_in_a_documents_name_is_not_text(tmp_path):
    path = _report_codings(tmp_path / "Report_codings.csv", {"harbour": ["NO MEMO\ninterview_1.txt"],
                                                             "customs": ["Customs come rarely.\ninterview_1.txt"]})
    result = import_segment_table(path, Corpus([Transcript("interview_1", TEXTS["interview_1"])]), coder="anna")
    assert [(i.where, i.kind) for i in result.report.issues] == [("row 2", "not text")]
    assert result.codings["code"].tolist() == ["customs"]


@pytest.mark.parametrize("rows", [
    [["Haven", "Douane"], ["one line only", "x\ny"]],                      # a cell without the name line
    [["Haven", "Douane"], ["", "a\ninterview_1.txt"], ["b\ninterview_1.txt", ""]],  # a gap inside a column
    [["Haven", "Haven"], ["a\ninterview_1.txt", "b\ninterview_1.txt"]],        # one name twice
    [["Haven", ""], ["a\ninterview_1.txt", "b\ninterview_1.txt"]],             # a cell without a code above it
])
def test_other_tables_without_a_known_header_are_still_refused(tmp_path, rows):
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    path = tmp_path / "t.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    with pytest.raises(SegmentTableError) as err:
        read_segment_table(path)
    assert err.value.code == "RK662"


def test_the_sql_dialogs_export_of_its_default_coded_text_query_is_read(tmp_path):
    """QualCoder's SQL dialog (``src/qualcoder/report_sql.py``): ``export_file`` writes the query's column
    names as header (``cur.description``), ``utf-8-sig``, the chosen delimiter, ``QUOTE_MINIMAL``, to a file
    opened in text mode without ``newline=''`` (on Windows every row ends ``\\r\\r\\n``); the default query
    "CODED TEXT WITH EACH CASE" (``EXTRA_SQL``) selects codename, casename, pos0, pos1, fid, "coded text", owner.
    """
    text = TEXTS["interview_1"]
    start = text.index("We work")
    end = text.index("police.") + len("police.")
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=",", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["codename", "casename", "pos0", "pos1", "fid", "coded text", "owner"])
    writer.writerow(["cooperation", "interview_1", start, end, 1, text[start:end], "colin"])
    (tmp_path / "sql_report.csv").write_bytes(buf.getvalue().replace("\r\n", "\r\r\n").encode("utf-8-sig"))
    result = import_segment_table(tmp_path / "sql_report.csv", Corpus([Transcript("interview_1", text)]))
    assert [(r.code, r.coder, r.start, r.end) for r in result.codings.itertuples()] == [("cooperation", "colin", start, end)]
    assert result.report.producer == "QualCoder" and not result.report.issues
