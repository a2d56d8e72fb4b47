"""Coded-segment tables of a second sweep of real exports (layouts no other test names).

Each test writes a small synthetic table with the columns, cell forms and delimiters of the
real one (never its text):

* RQDA's coding table as ``RQDA::getCodingTable()`` returns it and R's ``write.csv`` writes it:
  the R package's help page ``getCodingTable.Rd`` (columns cid, fid, codename, filename,
  index1, index2, CodingLength) and ``RQDAassist`` (``R/rqda.R``, ``retrieve_codingtable``: rowid
  ... CodingLength, then codecat, the code's category, and coder). No passage at all: the
  segment is ``file[index1:index2]``. Before: refused, RK662 (no passage column).
* Dedoose's excerpts export as the R package DedooseR reads it (``cran/DedooseR``
  ``R/clean_data.R`` and the vignette's table "that mirrors a Dedoose export"): Media Title,
  Excerpt Range, Excerpt Creator, Excerpt Date, Excerpt Copy, Resource Creator, Resource Date,
  Codes Applied Combined (joined by ``; ``), and per code ``Code: X Applied`` (True/False),
  ``Code: X Range`` and ``Code: X Weight``.
* MAXQDA's coded segments exported as CSV from a German MAXQDA
  (``julianschuler/MAXQDA-encoding-statistics`` ``src/main.rs``: ``;``-delimited, Farbe;
  Kommentar; Dokumentgruppe; Dokumentname; Code; Anfang; Ende; Gewicht; Segment; Bearbeitet
  von; Bearbeitet am; Erstellt von; Erstellt am; Fläche; Abdeckungsgrad %): the coder is who
  created the segment, not who last edited it.
"""

from __future__ import annotations

import csv

import pytest
from segment_fixtures import write_xlsx

from researchkit.errors import SegmentTableError
from researchkit.segtables import import_segment_table, read_segment_table
from researchkit.transcripts import Corpus, Transcript

VISSER = ("I: Hoe gaat het met de visserij?\n"
          "R: De quota zijn te klein. Echt \u00e9cht te klein.\n"
          "I: En de haven?\n"
          "R: De haven is te duur \U0001F41F voor ons.\n")
RQDA_HEADER = ["", "rowid", "cid", "fid", "codename", "filename", "index1", "index2", "CodingLength", "codecat", "coder"]


def _span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def _write_csv(path, rows, *, delimiter=",", encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter, quoting=csv.QUOTE_NONNUMERIC if delimiter == "," else csv.QUOTE_MINIMAL).writerows(rows)
    return path


def _rqda_rows(*codings):
    rows = [RQDA_HEADER]
    for n, (code, passage, category, coder) in enumerate(codings, start=1):
        s, e = _span(VISSER, passage)
        rows.append([str(n), n, n, 1, code, "Visser", s, e, e - s, category, coder])
    return rows


def test_rqda_coding_table_without_passages_is_placed_at_its_character_offsets(tmp_path):
    path = _write_csv(tmp_path / "codings.csv", _rqda_rows(
        ("Quota", "De quota zijn te klein.", "Visserij", "anna"),
        ("Duur", "De haven is te duur \U0001F41F voor ons.", "Haven", "anna"),
        ("Nadruk", "\u00e9cht", "NA", "bert")))
    # R's write.csv writes a missing category as a bare NA
    path.write_text(path.read_text(encoding="utf-8").replace('"NA"', "NA"), encoding="utf-8")
    result = import_segment_table(path, Corpus([Transcript("Visser", VISSER)]))
    got = [(r.code, r.coder, VISSER[r.start:r.end]) for r in result.codings.itertuples()]
    assert got == [("Visserij\\Quota", "anna", "De quota zijn te klein."),
                   ("Haven\\Duur", "anna", "De haven is te duur \U0001F41F voor ons."),
                   ("Nadruk", "bert", "\u00e9cht")]
    report = result.report
    assert report.producer == "RQDA" and report.placed_rows == 3 and not report.issues
    assert report.how == {"at the table's character offsets (the table gives no passage to check them)": 3}
    assert report.columns["index1"] == "start" and report.columns["codecat"] == "parent of the code"


def test_rqda_coding_table_of_getcodingtable_names_no_coder_so_one_is_given(tmp_path):
    rows = [r[:10] for r in _rqda_rows(("Quota", "De quota zijn te klein.", "Visserij", ""))]
    rows = [[c for i, c in enumerate(r) if i != 9] for r in rows]  # getCodingTable itself: no codecat, no coder
    path = _write_csv(tmp_path / "getCodingTable.csv", rows)
    corpus = Corpus([Transcript("Visser", VISSER)])
    with pytest.raises(SegmentTableError) as err:
        import_segment_table(path, corpus)
    assert err.value.code == "RK664"
    result = import_segment_table(path, corpus, coder="anna")
    assert [(r.code, r.coder, VISSER[r.start:r.end]) for r in result.codings.itertuples()] == [
        ("Quota", "anna", "De quota zijn te klein.")]


def test_rqda_offsets_that_do_not_fit_the_text_are_reported_never_placed(tmp_path):
    rows = _rqda_rows(("Quota", "De quota zijn te klein.", "Visserij", "anna"),
                      ("Duur", "De haven is te duur", "Haven", "anna"),
                      ("Leeg", "\n", "NA", "anna"),
                      ("Geen", "En de haven?", "NA", "anna"))
    rows[4][6] = "NA"  # a missing offset (R's NA), or a time, is no offset
    rows[1][8] = 99  # CodingLength that is not index2 - index1
    rows[2][6], rows[2][7] = len(VISSER) + 5, len(VISSER) + 30
    rows[2][8] = 25
    result = import_segment_table(_write_csv(tmp_path / "codings.csv", rows), Corpus([Transcript("Visser", VISSER)]))
    assert result.codings.empty and result.report.placed_rows == 0
    issues = {i.where: (i.kind, i.value, i.detail) for i in result.report.issues}
    assert issues["row 2"][0] == "offsets do not fit" and "99 characters" in issues["row 2"][2]
    assert issues["row 3"][0] == "offsets do not fit" and f"has {len(VISSER)} characters" in issues["row 3"][2]
    assert issues["row 4"][0] == "offsets do not fit" and "only white space" in issues["row 4"][2]
    assert issues["row 5"][0] == "offsets do not fit" and "gives no start and end offsets" in issues["row 5"][2]


def test_rqda_offsets_counted_on_another_text_are_noted_when_they_cut_words(tmp_path):
    # offsets taken on a version of the text with CRLF line ends: every later segment is shifted
    crlf = VISSER.replace("\n", "\r\n")
    rows = [RQDA_HEADER]
    for n, passage in enumerate(["quota zijn te klein", "haven?", "haven is te duur"], start=1):
        s, e = _span(crlf, passage)
        rows.append([str(n), n, n, 1, "Code", "Visser", s, e, e - s, "NA", "anna"])
    result = import_segment_table(_write_csv(tmp_path / "codings.csv", rows), Corpus([Transcript("Visser", VISSER)]))
    assert result.report.placed_rows == 3
    assert any("start or end inside a word" in note and "'Visser'" in note for note in result.report.notes)


def test_a_maxqda_table_without_its_segment_column_is_still_refused_its_positions_are_paragraphs(tmp_path):
    path = _write_csv(tmp_path / "segments.csv", [["Dokumentname", "Code", "Anfang", "Ende"], ["Visser", "Quota", 2, 2]],
                      delimiter=";")
    with pytest.raises(SegmentTableError) as err:
        read_segment_table(path)
    assert err.value.code == "RK662"


def test_dedoose_excerpts_with_range_and_weight_columns_per_code_as_dedooser_reads_them(tmp_path):
    codes = ["Motor Skills", "Social Skills"]
    header = ["Media Title", "Excerpt Range", "Excerpt Creator", "Excerpt Date", "Excerpt Copy", "Resource Creator",
              "Resource Date", "Codes Applied Combined"]
    for code in codes:
        header += [f"Code: {code} Applied", f"Code: {code} Range", f"Code: {code} Weight"]
    text = "I: How was camp?\nR: We kept the rhythm steady together.\nR: The shy kids joined in later.\n"
    (a, b), (c, d) = _span(text, "We kept the rhythm steady together."), _span(text, "The shy kids joined in later.")
    path = write_xlsx(tmp_path / "excerpts.xlsx", [
        header,
        ["Interview: Opening Circle", f"{a}-{b}", "Aliyah", "2023-06-10", text[a:b], "Camp Director", "2023-06-01",
         "Motor Skills; Social Skills", "True", f"{a}-{b}", 1, "True", f"{a}-{b}", 1],
        ["Interview: Opening Circle", f"{c}-{d}", "Rohan", "2023-06-10", text[c:d], "Camp Director", "2023-06-01",
         "Social Skills", "False", None, None, "True", f"{c}-{d}", 2],
    ])
    result = import_segment_table(path, Corpus([Transcript("Interview: Opening Circle", text)]))
    got = sorted((r.code, r.coder, text[r.start:r.end]) for r in result.codings.itertuples())
    assert got == [("Motor Skills", "Aliyah", text[a:b]), ("Social Skills", "Aliyah", text[a:b]),
                   ("Social Skills", "Rohan", text[c:d])]
    assert result.report.producer == "Dedoose" and not result.report.issues
    assert "Resource Creator" not in result.report.columns  # the uploader of the transcript is no coder


def test_german_maxqda_csv_takes_the_coder_from_erstellt_von_not_bearbeitet_von(tmp_path):
    header = ["Farbe", "Kommentar", "Dokumentgruppe", "Dokumentname", "Code", "Anfang", "Ende", "Gewicht", "Segment",
              "Bearbeitet von", "Bearbeitet am", "Erstellt von", "Erstellt am", "Fl\u00e4che", "Abdeckungsgrad %"]
    text = "Wir fahren um vier Uhr los.\n\nDie Fangquote ist zu klein.\n\nWir fahren um vier Uhr los.\n"
    path = _write_csv(tmp_path / "Codierte Segmente.csv", [
        header,
        ["#ff0000", "", "Interviews", "Visser", "Arbeit\\Zeit", "5", "5", "0", "Wir fahren um vier Uhr los.",
         "jan", "01.02.2024 10:00", "anna", "01.02.2024 09:00", "0", "12,5"],
        ["#00ff00", "zu klein!", "Interviews", "Visser", "Quote", "3", "3", "0", "Die Fangquote ist zu klein.",
         "jan", "01.02.2024 10:00", "bert", "01.02.2024 09:05", "0", "11,2"],
    ], delimiter=";", encoding="utf-8-sig")
    result = import_segment_table(path, Corpus([Transcript("Visser", text)]))
    got = [(r.code, r.coder, r.start, text[r.start:r.end], r.memo if isinstance(r.memo, str) else None)
           for r in result.codings.itertuples()]
    assert got == [("Arbeit\\Zeit", "anna", text.rindex("Wir"), "Wir fahren um vier Uhr los.", None),
                   ("Quote", "bert", text.index("Die"), "Die Fangquote ist zu klein.", "zu klein!")]
    assert result.report.producer == "MAXQDA" and result.report.columns["Erstellt von"] == "coder"
    assert any("'Bearbeitet von'" in note for note in result.report.notes)
