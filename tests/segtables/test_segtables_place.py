"""Placing exported segments in the corpus: documents, passages with the table's positions, codes, the report.

The main case is a MAXQDA export of the shape a team sends around, with what goes wrong in
real ones: a document that is not in the project, a passage edited since, a passage that
occurs more than once (with and without positions), a code path the codebook lacks, a
leaf name two branches share, a row exported twice, empty cells.
"""

from __future__ import annotations

import re

import pytest
from segment_fixtures import TEXT_01, TEXT_02, write_xlsx

from researchkit.codings import validate_codings
from researchkit.errors import SegmentTableError
from researchkit.segtables import import_segment_table, read_segment_table, segments_to_codings
from researchkit.segtables.codes import CodeIndex, add_path_codes
from researchkit.segtables.documents import DocumentIndex
from researchkit.segtables.place import locate
from researchkit.transcripts import Corpus, Transcript

HEADER = ["Color", "Document group", "Document name", "Code", "Beginning", "End", "Weight score", "Segment",
          "Comment", "Created by", "Created", "Area", "Coverage %"]


def _row(doc, code, begin, segment, comment=None, by="anna"):
    return ["#ff0000", "Havens", doc, code, begin, begin, 0, segment, comment, by, "04.12.2026 10:12", 10, 1.0]


MAXQDA_ROWS = [
    _row("Interview 01", "Werk\\Samenwerking", 7, "We werken goed samen met de politie.", "kern"),       # 2 placed
    _row("Interview 01", "Haven\\Signalen", 3, 'R: Wij zien "vreemde" boten.'),                          # 3 placed (quotes, spaces)
    _row("Interview 01", "Haven\\Klein", 6, "De haven is klein."),                                       # 4 2x: paragraph 6 (non-empty count)
    _row("Interview 01", "Douane\\Klein", 11, "De haven is klein."),                                     # 5 2x: paragraph 11 (every line)
    _row("Interview 01", "Haven\\Klein", None, "De haven is klein."),                                    # 6 ambiguous: no position
    _row("Interview 03", "Haven", 1, "De haven is groot."),                                              # 7 document not found
    _row("Interview 01", "Werk\\Samenwerking", 7, "We werkten altijd goed samen met de polities."),       # 8 passage edited since
    _row("Interview 01", "Werk\\Onbekend", 5, "En de douane?"),                                          # 9 code unknown
    _row("Interview 01", "Klein", 5, "En de douane?"),                                                   # 10 code ambiguous
    _row("Interview 01", "Werk\\Samenwerking", 7, "We werken goed samen met de politie."),               # 11 duplicate of row 2
    _row("Interview 02", "Werk\\Samenwerking", 4, "Honestly - it is fine."),                             # 12 2x: line 4
    _row("Interview 02", "Werk > Conflict", 2, "We work well together with customs."),                   # 13 placed, '>' path
    _row("Interview 02", "Haven", 5, None),                                                              # 14 no passage
    _row("Interview 02", None, 5, "Anything else?"),                                                     # 15 no code
]


def _origin_rows(codings) -> set[str]:
    return {re.search(r"row \d+", o).group(0) for o in codings["origin"]}


def test_realistic_maxqda_export_every_row_placed_or_named(tmp_path, corpus, codebook):
    path = write_xlsx(tmp_path / "Coded segments.xlsx", [HEADER] + MAXQDA_ROWS)
    result = import_segment_table(path, corpus, codebook)
    codings, report = result.codings, result.report
    validate_codings(codings, corpus)
    assert report.rows == 14 and report.placed_rows == 6 and report.codings == 6
    placed = _origin_rows(codings)
    assert placed == {"row 2", "row 3", "row 4", "row 5", "row 12", "row 13"}
    named = {i.where: i.kind for i in report.issues}
    assert named == {"row 6": "passage ambiguous", "row 7": "document not found", "row 8": "passage not found",
                     "row 9": "code unknown", "row 10": "code ambiguous", "row 11": "duplicate",
                     "row 14": "no passage", "row 15": "no code"}
    assert placed | set(named) == {f"row {n}" for n in range(2, 16)}  # nothing dropped silently
    assert [i.where for i in report.issues] == sorted(named, key=lambda w: int(w.split()[1]))  # in table order
    assert list(codings["origin"].str.extract(r"row (\d+)")[0].astype(int)) == [2, 3, 4, 5, 12, 13]
    by_row = {re.search(r"row \d+", o).group(0): (d, s, e, c) for d, s, e, c, o in
              codings[["doc_id", "start", "end", "code", "origin"]].itertuples(index=False)}
    assert by_row["row 4"] == ("interview_01", TEXT_01.rindex("De haven is klein."), len(TEXT_01), "HAV.klein")
    assert by_row["row 5"][1] == TEXT_01.rindex("De haven is klein.") and by_row["row 5"][3] == "DOU.klein"
    assert by_row["row 3"][3] == "HAV.sig" and codings.loc[codings["code"] == "HAV.sig", "text"].item() == "R: Wij zien   \u201cvreemde\u201d boten."
    assert by_row["row 12"][1] == TEXT_02.index("Honestly")  # line 4, not the same words on line 6
    assert by_row["row 13"][3] == "CONF"
    assert codings.loc[codings["origin"].str.contains("row 2"), "memo"].item() == "kern"
    assert set(codings["source"]) == {"import"} and set(codings["coder"]) == {"anna"}
    text = str(report)
    assert "row 8: passage not found in 'Interview 01'" in text and "closest in 'interview_01'" in text
    assert "We werken goed samen met de politie." in text  # the closest passage is shown
    assert "row 6: passage ambiguous" in text and "2 occurrences" in text and "the table gives no position" in text
    assert "row 7: document not found: 'Interview 03'" in text and "(closest: interview_02, interview_01)" in text
    assert "row 10: code ambiguous" in text and "DOU.klein, HAV.klein" in text
    assert "row 11: duplicate" in text and "same passage, code and coder as row 2" in text
    assert report.how == {"only occurrence": 3, "in the table's paragraph": 3}


def test_positions_as_characters_choose_the_occurrence(corpus):
    second = TEXT_02.index("We work well together with him")
    assert locate(TEXT_02, "We work well together with", start=second, end=second + 26, unit="char").how == "at the table's offsets"
    shifted = locate(TEXT_02, "We work well together with", start=second + 9, unit="char")  # a program that counted CRLF
    assert (shifted.span, shifted.how) == ((second, second + 26), "nearest the table's offset")
    middle = (TEXT_02.index("We work") + second) // 2
    tie = locate(TEXT_02, "We work well together with", start=middle, unit="char")
    assert tie.status == "ambiguous" and len(tie.candidates) == 2


def test_paragraph_positions_count_every_line_or_only_filled_ones():
    blank = "A: ja\n\nB: nee\n\nA: ja"
    assert locate(blank, "ja", start=3, unit="paragraph").span == (blank.rindex("ja"), len(blank))   # 3rd non-empty
    assert locate(blank, "ja", start=5, unit="paragraph").span == (blank.rindex("ja"), len(blank))   # 5th line
    assert locate(blank, "ja", start=1, unit="paragraph").span == (3, 5)
    assert locate(blank, "ja", start=2, unit="paragraph").status == "ambiguous"   # as near to both


def test_documents_interleaved_in_the_table_are_placed_as_in_document_order(tmp_path, corpus, codebook):
    """QualCoder sorts by code: documents alternate; each document's text is folded once, rows keep table order."""
    rows = "".join(f"Samenwerking,q,{doc},,,{text}\n" for doc, text in [
        ("Interview 02", "together with customs"), ("Interview 01", "goed samen"), ("Interview 02", "harbour master"),
        ("Interview 01", "komt zelden"), ("Interview 09", "x")])
    path = tmp_path / "coded.csv"
    path.write_text("codename,coder,file,pos0,pos1,text\n" + rows, encoding="utf-8")
    result = import_segment_table(path, corpus, codebook)
    assert result.codings["doc_id"].tolist() == ["interview_02", "interview_01", "interview_02", "interview_01"]
    assert [i.where for i in result.report.issues] == ["row 6"]


def test_find_quote_keeps_the_folded_text_between_searches():
    from researchkit.project.anchoring import find_quote

    folded: dict = {}
    assert find_quote(TEXT_01, "de haven is klein", folded=folded) == find_quote(TEXT_01, "de haven is klein")
    assert set(folded) == {False, True}  # the case-blind search was needed and kept
    again = folded[False]
    assert find_quote(TEXT_01, "De haven", folded=folded) == find_quote(TEXT_01, "De haven") and folded[False] is again


def test_not_found_gives_the_closest_passage():
    found = locate(TEXT_01, "de douane komt zeldn")
    assert found.status == "not found" and found.ratio > 0.9
    s, e = found.candidates[0]
    assert "douane komt zelden" in TEXT_01[s:e]
    assert locate(TEXT_01, "   ").status == "empty"


def test_document_names_as_programs_write_them():
    corpus = Corpus([Transcript("interview_01", "x"), Transcript("R02", "y"), Transcript("a", "z"), Transcript("A ", "w")])
    index = DocumentIndex(corpus)
    for name in ("interview_01", "Interview_01", "D 1: Interview 01.docx", "Files\\Interview 01", "INTERVIEW 01.TXT",
                 "interview-01", "\u0049nterview 01"):
        assert index.match(name).doc_id == "interview_01", name
    assert index.match("r02.docx").doc_id == "R02"
    assert index.match("a.txt").candidates == ("A ", "a")
    assert index.match("R03").doc_id is None and index.closest("R03") == ["R02"]


def test_document_names_nfc_and_source_file_name():
    decomposed = "Interview Ange\u0301lique"
    from researchkit.transcripts import Source

    corpus = Corpus([Transcript("T1", "x", source=Source("/d/Interview Ang\u00e9lique.docx", "0" * 64, "docx"))])
    assert DocumentIndex(corpus).match(decomposed).doc_id == "T1"


def test_codes_by_id_name_path_and_ambiguous_leaf(codebook):
    index = CodeIndex(codebook)
    assert index.match("HAV.klein").how == "id"
    assert index.match("samenwerking").code_id == "SAM"
    assert index.match("Codes\\\\Haven\\\\Klein").code_id == "HAV.klein"
    assert index.match("Douane::Klein").code_id == "DOU.klein"
    assert index.match("Klein").candidates == ("DOU.klein", "HAV.klein")
    assert index.match("Iets\\Samenwerking").code_id == "SAM" and index.match("Iets\\Samenwerking").how == "last part"
    assert index.match("Samenwerkin").candidates == ("Samenwerking",)
    assert CodeIndex(codebook, dotted=True).match("werk.samenwerking").code_id == "SAM"
    assert CodeIndex(None).match("Werk\\X").code_id == "Werk\\X"


def test_codes_from_path_add_codes_under_their_parents(tmp_path, corpus, codebook):
    data, made = add_path_codes(codebook, ["Werk\\Onbekend", "Nieuw\\Sub\\Diep", "Haven\\Klein"])
    assert made["Haven\\Klein"] == "HAV.klein"
    werk = next(c for c in data["codes"] if c["id"] == "WERK")
    assert {"id": "Onbekend", "name": "Onbekend"} in werk["children"]
    nieuw = next(c for c in data["codes"] if c["name"] == "Nieuw")
    assert nieuw["children"][0]["children"][0] == {"id": made["Nieuw\\Sub\\Diep"], "name": "Diep"}
    path = write_xlsx(tmp_path / "s.xlsx", [HEADER] + MAXQDA_ROWS[:1] + [MAXQDA_ROWS[7]])
    result = import_segment_table(path, corpus, codebook, codes_from_path=True)
    assert result.report.new_codes == ["Onbekend"] and result.report.placed_rows == 2
    assert result.codebook is not None and not result.report.issues


def test_taguette_tags_rows_and_untagged_highlight(tmp_path, corpus, codebook):
    path = tmp_path / "all_tags.csv"
    path.write_text("id,document,tag,content\n4,Interview 01,werk.samenwerking,goed samen met de politie\n"
                    "4,Interview 01,haven,goed samen met de politie\n9,Interview 01,,Nog iets?\n", encoding="utf-8")
    result = import_segment_table(path, corpus, codebook, coder="eva")
    assert result.codings["code"].tolist() == ["SAM", "HAV"]
    assert [(i.where, i.kind) for i in result.report.issues] == [("row 4", "no code")]


def test_dedoose_offsets_shifted_by_crlf(tmp_path, corpus, codebook):
    start = TEXT_02.index("Honestly \u2013 it is fine.", TEXT_02.index("Anything"))
    path = tmp_path / "excerpts.csv"
    path.write_text("Media Title,Excerpt Range,Excerpt Copy,Excerpt Creator,Code: Werk\\Conflict Applied\n"
                    f"Interview 02,{start + 5}-{start + 27},Honestly \u2013 it is fine.,dana,True\n", encoding="utf-8")
    result = import_segment_table(path, corpus, codebook)
    assert result.codings[["start", "code", "coder"]].values.tolist() == [[start, "CONF", "dana"]]
    assert result.report.how == {"nearest the table's offset": 1}


def test_nvivo_report_placed(tmp_path, corpus, codebook):
    path = tmp_path / "Klein.txt"
    path.write_text("Nodes\\\\Haven\\\\Klein\n<Internals\\\\Interview 01> - § 1 reference coded [5% Coverage]\n\n"
                    "Reference 1 - 5.00% Coverage\n\nDe haven is klein, de douane komt zelden.\n", encoding="utf-8")
    result = import_segment_table(path, corpus, codebook, coder="nvivo-user")
    assert result.codings[["doc_id", "code", "coder"]].values.tolist() == [["interview_01", "HAV.klein", "nvivo-user"]]
    assert "NVivo Klein.txt line 4" in result.codings["origin"].item()


def test_rows_without_coder_need_a_coder(tmp_path, corpus):
    path = tmp_path / "t.csv"
    path.write_text("id,document,tag,content\n1,Interview 01,haven,Nog iets?\n", encoding="utf-8")
    with pytest.raises(SegmentTableError, match=r"\[RK664\].*1 row\(s\) name no coder \(row 2\).*--coder"):
        segments_to_codings(read_segment_table(path), corpus)


def test_no_codebook_keeps_codes_as_written(tmp_path, corpus):
    path = tmp_path / "t.csv"
    path.write_text("codename,coder,file,pos0,pos1,text\nWerk\\Samen,ik,Interview 01.txt,0,2,I:\n", encoding="utf-8")
    result = import_segment_table(path, corpus)
    assert result.codings["code"].tolist() == ["Werk\\Samen"]
    assert any("no codebook" in n for n in result.report.notes)


def test_atlasti_name_cut_short_is_named_not_guessed(tmp_path, corpus, codebook):
    path = write_xlsx(tmp_path / "Quotations.xlsx", [
        ["ID", "Quotation Name", "Quotation Content", "Document", "Codes", "Comment", "Created by"],
        ["2:1", "We work well together with cus...", None, "2: Interview 02.docx", "Samenwerking", "", "carla"],
        ["2:2", "Anything else?", None, "2: Interview 02.docx", "Samenwerking", "", "carla"],
    ])
    result = import_segment_table(path, corpus, codebook)
    assert result.codings["text"].tolist() == ["Anything else?"]  # a whole name is its passage
    issue = result.report.issues[0]
    assert (issue.where, issue.kind) == ("row 2", "passage not found") and "Quotation Content" in issue.detail


def test_dedoose_weight_columns_without_applied_columns(tmp_path, corpus, codebook):
    path = write_xlsx(tmp_path / "excerpts.xlsx", [
        ["Media Title", "Excerpt Range", "Excerpt Copy", "Excerpt Creator", "Code: Werk\\Conflict Weight",
         "Code: Haven Weight", "Code: Haven Range"],
        ["Interview 02", None, "Anything else?", "dana", 3, None, "12-20"],
        ["Interview 02", None, "harbour master", "dana", "0", 1.5, None],
    ])
    result = import_segment_table(path, corpus, codebook)
    assert result.codings[["text", "code"]].values.tolist() == [["Anything else?", "CONF"], ["harbour master", "HAV"]]


def test_codes_in_one_cell_separated_by_commas_when_each_is_a_code(tmp_path, corpus, codebook):
    path = write_xlsx(tmp_path / "Quotations.xlsx", [
        ["ID", "Quotation Content", "Document", "Codes", "Created by"],
        ["1:1", "komt zelden", "1: Interview 01.txt", "Douane, Haven::Klein", "carla"],
        ["1:2", "Nog iets?", "1: Interview 01.txt", "Douane, Rust", "carla"],
    ])
    result = import_segment_table(path, corpus, codebook)
    assert result.codings["code"].tolist() == ["DOU", "HAV.klein"]
    assert [(i.where, i.kind, i.value) for i in result.report.issues] == [("row 3", "code unknown", "Douane, Rust")]
