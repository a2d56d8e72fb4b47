"""Codebooks kept as spreadsheets, or exported by QDA programs as spreadsheets (researchkit.codebook.table).

Every fixture is written here, in the shape of a real file: a researcher's own Dutch codebook
saved by Dutch Excel (semicolons, cp1252 or UTF-8 with BOM), NVivo's codebook export (``Nodes\\``
paths, counts, indented names), ATLAS.ti's code manager export (``CAT: code``, code groups,
Portuguese headers), MAXQDA's ``Code | Memo`` table with ``>`` and ``\\`` paths and its
``Code | Subcode`` levels, Taguette's ``tag,description,number of highlights`` (as in
aadorian/uto_tag codebook.csv), a sheet with a section column (as haveisi/wi-data-center-conflict-analysis-
codebook.csv), an outline-numbered competency list (as d4julian/qualitative-coding-research
codebook.csv, whose numbers repeat) and a headerless two-column CSV (as REPPL/CSVtoQDC nodes.csv).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment

from researchkit.cli import main
from researchkit.codebook import Codebook
from researchkit.codebook.table import import_codebook_table, read_codebook_table
from researchkit.errors import CODES, CodebookError, CodebookWarning


def _xlsx(path: Path, rows: list[list], *, title: str = "Codes", indents: dict[tuple[int, int], int] | None = None,
          merge: list[str] | None = None, extra_sheet: bool = False) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for (r, c), level in (indents or {}).items():
        ws.cell(r, c).alignment = Alignment(indent=level)
    for rng in merge or []:
        ws.merge_cells(rng)
    if extra_sheet:
        book.create_sheet("Notes").append(["Not a codebook"])
    book.save(path)
    return path


def _tree(cb: Codebook) -> list[tuple[str, str, str | None]]:
    return [(c.id, c.name, c.parent) for c in cb]


# -- a researcher's own codebook --------------------------------------------------------------


DUTCH = (
    "Code;Naam;Definitie;Wanneer gebruiken;Wanneer niet gebruiken;Voorbeeld;Bovenliggende code;Trefwoorden\n"
    "SAM;Samenwerking;Hoe partijen samen optrekken in de haven;Bij elke vorm van samenwerking;;;;\"samenwerking; samenwerken\"\n"
    "SAM.1;Informatiedeling;Het delen van gegevens met de andere partij;Als er informatie wordt gedeeld;"
    "Niet bij vertrouwelijke stukken;\"We bellen de douane altijd meteen.\";SAM;delen, doorgeven\n"
    "SIG;Signalen;Wat een medewerker opvalt aan schepen;;;;;\n"
)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_dutch_semicolon_csv_from_excel(tmp_path, encoding):
    p = tmp_path / "codeboek.csv"
    p.write_bytes(DUTCH.replace("Informatiedeling", "Informatiedeling (één)").encode(encoding))
    cb, report = import_codebook_table(p)
    assert _tree(cb) == [("SAM", "Samenwerking", None), ("SAM.1", "Informatiedeling (één)", "SAM"), ("SIG", "Signalen", None)]
    code = cb["SAM.1"]
    assert code.description == "Het delen van gegevens met de andere partij"
    assert code.include == "Als er informatie wordt gedeeld" and code.exclude == "Niet bij vertrouwelijke stukken"
    assert code.examples == ("We bellen de douane altijd meteen.",)
    assert code.rules.keywords == ("delen", "doorgeven") and cb["SAM"].rules.keywords == ("samenwerking", "samenwerken")
    assert cb.language == "nl" and report.delimiter == ";"
    assert report.hierarchy == "parent column 'Bovenliggende code'"
    assert report.columns_used["Code"] == "id" and report.columns_used["Trefwoorden"] == "keywords"


def test_excel_sep_line_and_title_rows_above_the_header(tmp_path):
    p = tmp_path / "codes.csv"
    p.write_text("sep=;\nCodeboek havenonderzoek 2026;;\n;;\nCode;Omschrijving;Kleur\nHaven;Alles over de haven;#1f77b4\n"
                 "Douane;De douane en haar controles;rood\n", encoding="utf-8")
    cb, report = import_codebook_table(p)
    assert cb.title == "Codeboek havenonderzoek 2026" and report.header_row == 4
    assert cb["Haven"].color == "#1F77B4"
    assert cb["Douane"].color == "#FF0000" and "x_color" not in cb["Douane"].extra  # a colour name is read
    notes = "\n".join(report.notes)
    assert "'sep=;'" in notes and "row 3 empty" not in notes and "rows 2 above the header" not in notes
    assert "row 2 above the header read as the title" in notes and "row 6: colour 'rood' read as #FF0000" in notes


def test_english_xlsx_with_parent_names_and_a_sheet_by_name(tmp_path):
    rows = [["Code", "Definition", "When to use", "When not to use", "Example", "Parent"],
            ["Trust", "Statements about trust between organisations", "", "", "", ""],
            ["Distrust", "Explicit doubt about the other party", "Doubt is voiced", "Mere caution", "I never believed them.", "trust"],
            ["Reporting", "Passing on a signal", "", "", "They called us at night.\nWe heard it the next day.", ""]]
    p = _xlsx(tmp_path / "codes.xlsx", [["Cover sheet"]], title="Cover")
    book = openpyxl.load_workbook(p)
    ws = book.create_sheet("Codebook")
    for row in rows:
        ws.append(row)
    book.save(p)
    cb, report = import_codebook_table(p, sheet="codebook")
    assert import_codebook_table(p, sheet="1")[1].sheet == "Codebook"  # a position, as the command line passes it
    assert _tree(cb) == [("Trust", "Trust", None), ("Distrust", "Distrust", "Trust"), ("Reporting", "Reporting", None)]
    assert cb["Reporting"].examples == ("They called us at night.", "We heard it the next day.")
    assert cb.language == "en" and report.sheet == "Codebook"
    with pytest.raises(CodebookError, match=r"RK247.*no sheet 'Codes'.*'Cover', 'Codebook'"):
        import_codebook_table(p, sheet="Codes")


# -- NVivo ------------------------------------------------------------------------------------


def test_nvivo_codebook_export_with_node_paths(tmp_path):
    p = _xlsx(tmp_path / "nvivo.xlsx", [
        ["Name", "Description", "Files", "References", "Created On", "Created By"],
        ["Nodes\\\\Harbour", "Everything about the port", 4, 12, "2024-03-01", "AB"],
        ["Nodes\\\\Harbour\\\\Night shifts", "Work at night", 2, 3, "2024-03-01", "AB"],
        ["Nodes\\\\Customs\\\\Checks", "Inspections", 1, 1, "2024-03-02", "AB"],
    ])
    cb, report = import_codebook_table(p, language="en")
    assert _tree(cb) == [("Harbour", "Harbour", None), ("Night_shifts", "Night shifts", "Harbour"),
                         ("Customs", "Customs", None), ("Checks", "Checks", "Customs")]
    assert "NVivo's root folder 'Nodes' left out" in report.hierarchy
    assert report.columns_ignored == ["Files (a count the QDA program adds)", "References (a count the QDA program adds)",
                                      "Created On (a date or author the QDA program adds)",
                                      "Created By (a date or author the QDA program adds)"]
    assert any("'Customs' (row 4)" in n for n in report.notes)


def test_hierarchical_name_column_and_a_category_named_by_hand(tmp_path):
    p = tmp_path / "nvivo_list.csv"
    p.write_text("Name,Hierarchical Name,Aggregate\nHarbour,Codes\\\\Harbour,No\nNight,Codes\\\\Harbour\\\\Night,No\n",
                 encoding="utf-8")
    cb, report = import_codebook_table(p, language="en")
    assert _tree(cb) == [("Harbour", "Harbour", None), ("Night", "Night", "Harbour")]
    assert "NVivo's root folder 'Codes' left out" in report.hierarchy
    p.write_text("Onderwerp;Code\nHaven;Kade\nHaven;Sluis\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"RK242.*no column 'Rubriek' \(for category\).*'Onderwerp', 'Code'"):
        import_codebook_table(p, columns={"category": "Rubriek"})
    cb, report = import_codebook_table(p, columns={"category": "Onderwerp"})
    assert [(c.name, c.parent) for c in cb] == [("Haven", None), ("Kade", "Haven"), ("Sluis", "Haven")]


def test_a_title_line_that_looks_like_a_header(tmp_path):
    p = _xlsx(tmp_path / "export.xlsx", [["Codes"], [], ["Name", "Description", "References"], ["Harbour", "The port", 3]])
    cb, report = import_codebook_table(p, language="en")
    assert [c.name for c in cb] == ["Harbour"] and report.header_row == 3 and cb.title == "Codes"


def test_nvivo_indented_names_in_excel(tmp_path):
    rows = [["Name", "Description", "References"], ["Signals", "What staff notice", 9], ["Ships", "", 3],
            ["Flag", "Flag of convenience", 1], ["Cargo", "", 2], ["Cooperation", "", 5]]
    p = _xlsx(tmp_path / "tree.xlsx", rows, indents={(3, 1): 1, (4, 1): 2, (5, 1): 1})
    cb, report = import_codebook_table(p, language="en")
    assert _tree(cb) == [("Signals", "Signals", None), ("Ships", "Ships", "Signals"), ("Flag", "Flag", "Ships"),
                         ("Cargo", "Cargo", "Signals"), ("Cooperation", "Cooperation", None)]
    assert report.hierarchy == "indentation of the names" and report.depth == 3


def test_indentation_by_spaces_in_csv_and_a_level_jump(tmp_path):
    p = tmp_path / "indent.csv"
    p.write_text("Code,Memo\nHaven,\n  Kade,\n  Sluis,\n    Nacht,\nDouane,\n", encoding="utf-8")
    cb, _ = import_codebook_table(p)
    assert [(c.name, c.level) for c in cb] == [("Haven", 1), ("Kade", 2), ("Sluis", 2), ("Nacht", 3), ("Douane", 1)]
    p.write_text("Code,Memo\nHaven,\n Kade,one stray space\nSluis,\n", encoding="utf-8")
    assert [(c.name, c.level) for c in import_codebook_table(p)[0]] == [("Haven", 1), ("Kade", 1), ("Sluis", 1)]
    p.write_text("Code,Level\nHaven,1\nNacht,3\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"RK248.*row 3: 'Nacht' is at level 3, more than one level below level 1"):
        import_codebook_table(p)
    p.write_text("Code,Level\nHaven,1\nNacht,twee\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"RK248.*row 3: level 'twee' in column 'Level'"):
        import_codebook_table(p)


# -- ATLAS.ti ---------------------------------------------------------------------------------


def test_atlas_ti_code_manager_with_category_prefixes_and_groups(tmp_path):
    p = _xlsx(tmp_path / "atlas.xlsx", [
        ["Code", "Grounded", "Density", "Groups", "Number of Groups", "Comment", "Creation Date"],
        ["ATTITUDES: positive", 12, 0, "Themes; Round 1", 2, "Positive remarks", "2025-09-14"],
        ["ATTITUDES: negative", 7, 1, "Themes", 1, "Negative remarks", "2025-09-14"],
        ["Comparative framing: like a city", 3, 0, "", 0, "", "2025-09-14"],
    ])
    cb, report = import_codebook_table(p, language="en")
    assert _tree(cb) == [("ATTITUDES", "ATTITUDES", None), ("positive", "positive", "ATTITUDES"),
                         ("negative", "negative", "ATTITUDES"),
                         ("Comparative_framing-_like_a_city", "Comparative framing: like a city", None)]
    assert cb["positive"].extra["x_groups"] == ["Themes", "Round 1"]
    assert "ATLAS.ti-style prefixes" in report.hierarchy
    assert "Grounded (a count the QDA program adds)" in report.columns_ignored


def test_atlas_ti_portuguese_codebook_export(tmp_path):
    p = tmp_path / "codebook_full.csv"
    p.write_text("Código,Comentário,Grupo de Códigos 1,Grupo de Códigos 2\n"
                 "T1. Edge Connectivity,Protocols and links,Themes,ATLAS\nT1. Edge Connectivity::MQTT,,Research2,\n",
                 encoding="utf-8")
    cb, report = import_codebook_table(p, language="en")
    assert _tree(cb) == [("T1._Edge_Connectivity", "T1. Edge Connectivity", None), ("MQTT", "MQTT", "T1._Edge_Connectivity")]
    assert cb["T1._Edge_Connectivity"].description == "Protocols and links"
    assert cb["T1._Edge_Connectivity"].extra["x_groups"] == ["Themes", "ATLAS"]
    assert report.columns_used == {"Código": "name", "Comentário": "description", "Grupo de Códigos 1": "x_groups",
                                   "Grupo de Códigos 2": "x_groups"}


# -- MAXQDA, Taguette, sections, outlines -------------------------------------------------------


def test_german_atlas_and_maxqda_headers_and_delve_style_names(tmp_path):
    p = tmp_path / "de.csv"
    p.write_text("Kode;Kommentar;Kodegruppen;Obercode\nHafen;Alles, was die Leute über den Hafen sagen;Themen;\n"
                 "Nacht;Wenn sie von der Arbeit in der Nacht erzählen;Themen;Hafen\n", encoding="utf-8")
    cb, report = import_codebook_table(p)
    assert [(c.name, c.parent) for c in cb] == [("Hafen", None), ("Nacht", "Hafen")]
    assert cb["Nacht"].description == "Wenn sie von der Arbeit in der Nacht erzählen"
    assert cb.language == "de" and cb["Nacht"].extra == {"x_groups": ["Themen"]}
    p.write_text("Code Name,Code Description,Folder\nNight shifts,Work at night,Harbour\n", encoding="utf-8")
    cb, report = import_codebook_table(p, language="en")
    assert [(c.name, c.parent) for c in cb] == [("Harbour", None), ("Night shifts", "Harbour")]


def test_maxqda_code_memo_table_with_both_separators(tmp_path):
    p = tmp_path / "maxqda.csv"
    p.write_text("Code,Memo\nCodename 2 > Subcode 2.1 > Subcode 2.1.1,Deep\nCodename 2,Top\nCodename 1,\n"
                 "Codename 1\\Subcode 1.1,Text\n", encoding="utf-8")
    cb, report = import_codebook_table(p, language="en")
    assert _tree(cb) == [("Codename_2", "Codename 2", None), ("Subcode_2.1", "Subcode 2.1", "Codename_2"),
                         ("Subcode_2.1.1", "Subcode 2.1.1", "Subcode_2.1"), ("Codename_1", "Codename 1", None),
                         ("Subcode_1.1", "Subcode 1.1", "Codename_1")]
    assert cb["Codename_2"].description == "Top"  # the row claims the code its path made first
    assert report.hierarchy == "path written into the names with '\\\\' and '>'"
    assert any("'Subcode 2.1' (row 2)" in n for n in report.notes)


def test_maxqda_level_columns_with_blanks_meaning_the_row_above(tmp_path):
    p = _xlsx(tmp_path / "levels.xlsx", [["Code", "Subcode", "Sub-subcode", "Memo"], ["Werk", None, None, "Over werk"],
                                         [None, "Nacht", None, ""], [None, None, "Ploegen", ""], [None, "Dag", None, ""],
                                         ["Gezin", None, None, ""]])
    cb, report = import_codebook_table(p)
    assert [(c.name, c.parent) for c in cb] == [("Werk", None), ("Nacht", "Werk"), ("Ploegen", "Nacht"), ("Dag", "Werk"),
                                                ("Gezin", None)]
    assert report.hierarchy == "level columns 'Code' > 'Subcode' > 'Sub-subcode'"
    p = _xlsx(tmp_path / "orphan.xlsx", [["Code", "Subcode"], [None, "Nacht"], ["Werk", None]])
    with pytest.raises(CodebookError, match=r"RK248.*row 2: 'Nacht' stands in column 'Subcode', but no code stands left"):
        import_codebook_table(p)


def test_taguette_codebook_csv(tmp_path):
    p = tmp_path / "codebook.csv"
    p.write_text("tag,description,number of highlights\nxsd:element name,xsd:element name,1\nCodeBook,CodeBook,1\n"
                 "Variables,Variables,1\n", encoding="utf-8")
    cb, report = import_codebook_table(p)
    assert _tree(cb) == [("xsd-element_name", "xsd:element name", None), ("CodeBook", "CodeBook", None),
                         ("Variables", "Variables", None)]
    assert report.columns_ignored == ["number of highlights (a count the QDA program adds)"]
    assert "'nl' kept" in report.language  # too few words to tell
    p.write_text("path,description\ninterview\\\\trust,About trust\ninterview,The interview\n", encoding="utf-8")
    cb, report = import_codebook_table(p)  # the shape Taguette imports: a 'path' column names the tags
    assert [(c.name, c.parent) for c in cb] == [("interview", None), ("trust", "interview")]
    assert cb["interview"].description == "The interview"


def test_section_column_with_merged_cells(tmp_path):
    p = _xlsx(tmp_path / "sections.xlsx", [["Section", "Code", "Description"],
                                           ["A. Perception & Impact", "Water Stress / Consumption", "Groundwater depletion"],
                                           [None, "Land Use & Zoning Conflict", "Farmland conversion"],
                                           ["B. Social & Equity", "Distributional Impacts", "Who bears costs"]],
              merge=["A2:A3"])
    cb, report = import_codebook_table(p, language="en")
    assert [(c.name, c.level) for c in cb] == [("A. Perception & Impact", 1), ("Water Stress / Consumption", 2),
                                               ("Land Use & Zoning Conflict", 2), ("B. Social & Equity", 1),
                                               ("Distributional Impacts", 2)]
    assert report.hierarchy == "category column(s) 'Section'"


def test_slash_splits_only_with_evidence(tmp_path):
    p = tmp_path / "slash.csv"
    p.write_text("Code\nDrugs/alcohol\nWapens\n", encoding="utf-8")
    assert [c.name for c in import_codebook_table(p)[0]] == ["Drugs/alcohol", "Wapens"]
    p.write_text("Code\nDrugs\nDrugs/alcohol\n", encoding="utf-8")
    assert [(c.name, c.parent) for c in import_codebook_table(p)[0]] == [("Drugs", None), ("alcohol", "Drugs")]


def test_greater_than_needs_two_names_or_evidence(tmp_path):
    p = tmp_path / "gt.csv"
    p.write_text("Code\nAge > 65\nWapens\n", encoding="utf-8")
    assert [c.name for c in import_codebook_table(p)[0]] == ["Age > 65", "Wapens"]


def test_outline_numbers_and_the_repeated_numbers_of_a_real_sheet(tmp_path):
    p = tmp_path / "competencies.csv"
    head = "Number,Competency,Python Content,,#,Description\n"
    body = ("1,Programming Fundamentals,,,6,Use information\n1.1,Working with number systems:,,,5,Examine\n"
            "1.1.1,\"Converting between binary, decimal, and hexadecimal.\",Number systems,,4,Analyze\n"
            "3,OOP,,,,\n3.2,Principles of OOP:,,,,\n3.3.1,Applying encapsulation.,,,,\n3.3,Best practices:,,,,\n"
            "3.3.1,Determining the scope.,,,,\n")
    p.write_text(head + body, encoding="utf-8")
    with pytest.raises(CodebookError, match=r"RK242.*'Number', 'Competency'.*names accepted for the code column: name, naam"):
        import_codebook_table(p)
    named = tmp_path / "named.csv"  # the column named by hand wins over a known name left of it
    named.write_text("Label,Competency\nx1,Programming\n", encoding="utf-8")
    assert [c.name for c in import_codebook_table(named, columns={"name": "Competency"})[0]] == ["Programming"]
    with pytest.raises(CodebookError, match=r"RK246.*id '3.3.1' in column 'Number' is used 2 times \(rows 7 and 9\)"):
        import_codebook_table(p, columns={"name": "Competency"})
    p.write_text(head + body.replace("3.3.1,Applying", "3.2.1,Applying"), encoding="utf-8")
    cb, report = import_codebook_table(p, columns={"name": "Competency"})
    assert [(c.id, c.parent) for c in cb] == [("1", None), ("1.1", "1"), ("1.1.1", "1.1"), ("3", None), ("3.2", "3"),
                                              ("3.2.1", "3.2"), ("3.3", "3"), ("3.3.1", "3.3")]
    assert cb["1"].extra == {"x_column_5": "6"} and cb["1.1.1"].extra["x_python_content"] == "Number systems"
    assert "(column 4) (empty)" in report.columns_ignored


def test_headerless_two_column_sheet(tmp_path):
    p = tmp_path / "nodes.csv"
    p.write_text("Test code 1,Test description 1\nTest code 2,Test description 2\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"RK242.*first row holds 'Test code 1'.*--no-header"):
        import_codebook_table(p)
    cb, _ = import_codebook_table(p, header=False)
    assert [(c.id, c.description) for c in cb] == [("Test_code_1", "Test description 1"), ("Test_code_2", "Test description 2")]
    cat = tmp_path / "codelist.txt"  # a pipe-separated code list (name | definition | key)
    cat.write_text("No|No, no specific new information provided|1\nBorderline|Boundary case|2\nYes|Yes, new information|3\n",
                   encoding="utf-8")
    cb, report = import_codebook_table(cat, header=False, language="en")
    assert [(c.name, c.description, c.extra) for c in cb][1] == ("Borderline", "Boundary case", {"x_column_3": "2"})
    assert report.delimiter == "|"


def test_excel_unicode_text_export_utf16_tabs(tmp_path):
    p = tmp_path / "codes.txt"
    p.write_bytes("Naam\tOmschrijving\nHaven\tDe haven en de kades\nSluis\tDe sluis\n".encode("utf-16"))
    cb, report = import_codebook_table(p)
    assert [c.name for c in cb] == ["Haven", "Sluis"] and report.delimiter == "\t" and report.encoding == "utf-16"


# -- errors and notes -----------------------------------------------------------------------------


def test_every_row_problem_at_once_with_row_numbers(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("Code,Parent,Definition\nHaven,,x\n,,a definition without a code\nKade,Havn,y\nSluis,,z\nSluis,,again\n",
                 encoding="utf-8")
    with pytest.raises(CodebookError) as caught:
        import_codebook_table(p)
    err = caught.value
    assert err.code == "RK243"
    assert err.problems == ["row 3 has no code name (it holds 'a definition without a code')",
                            "[RK244] row 4: parent 'Havn' in column 'Parent' names no code in the sheet (did you mean 'Haven'?)",
                            "[RK246] code 'Sluis' appears 2 times at the top level (rows 5 and 6)"]


def test_parent_placeholders_and_arrow_paths(tmp_path):
    p = tmp_path / "export.csv"
    p.write_text("CODE,DESCRIPTION,PARENT\nHaven,De haven,*****\nKade,De kade,Haven\nSluis,De sluis,-\n", encoding="utf-8")
    cb, report = import_codebook_table(p)
    assert [(c.name, c.parent) for c in cb] == [("Haven", None), ("Kade", "Haven"), ("Sluis", None)]
    assert "row 2: parent '*****' read as 'no parent' (top level)" in report.notes
    p.write_text("Code\npermissions\npermissions->correct\n", encoding="utf-8")
    assert [(c.name, c.parent) for c in import_codebook_table(p)[0]] == [("permissions", None), ("correct", "permissions")]


def test_cycle_and_duplicates_under_one_parent(tmp_path):
    p = tmp_path / "cycle.csv"
    p.write_text("Code,Parent\nA,C\nB,A\nC,B\nD,\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"RK245.*parents make a circle: 'A' \(row 2\) -> 'C' \(row 4\) -> 'B' \(row 3\) -> 'A' \(row 2\)"):
        import_codebook_table(p)
    p.write_text("Code,Parent\nHaven,\nNacht,Haven\nnacht,Haven\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"RK246.*code 'Nacht' appears 2 times under 'Haven' \(rows 3 and 4\)"):
        import_codebook_table(p)


def test_unreadable_files(tmp_path):
    with pytest.raises(CodebookError, match="RK210"):
        import_codebook_table(tmp_path / "none.csv")
    (tmp_path / "codes.ods").write_bytes(b"x")
    with pytest.raises(CodebookError, match=r"RK247.*unsupported file type \.ods"):
        import_codebook_table(tmp_path / "codes.ods")
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip at all")
    with pytest.raises(CodebookError, match=r"RK112.*not an Excel \.xlsx file"):
        import_codebook_table(tmp_path / "fake.xlsx")
    (tmp_path / "empty.csv").write_text("Code,Memo\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"RK243.*no codes below the header on row 1"):
        import_codebook_table(tmp_path / "empty.csv")


def test_nothing_silently_dropped_and_notes_as_warnings(tmp_path):
    p = tmp_path / "wide.csv"
    p.write_text("Code,Memo,Files\nHaven,De haven,2,losse opmerking\n\nSluis,De sluis,1\n", encoding="utf-8")
    with pytest.warns(CodebookWarning) as caught:
        cb = read_codebook_table(p)
    messages = [str(w.message) for w in caught]
    assert any("[RK249]" in m and "row 2: text right of the last header (column 4)" in m for m in messages)
    assert any("columns set aside: Files (a count the QDA program adds)" in m for m in messages)
    assert any("row 3 empty: skipped" in m for m in messages)
    assert cb["Haven"].extra == {"x_column_4": "losse opmerking"}
    assert {"RK242", "RK243", "RK244", "RK245", "RK246", "RK247", "RK248", "RK249"} <= set(CODES)


def test_two_unknown_columns_with_one_name_keep_both(tmp_path):
    p = tmp_path / "notes.csv"
    p.write_text("Code,Remark,Remark,Groups\nHaven,eerste,tweede,Thema's\n", encoding="utf-8")
    cb, report = import_codebook_table(p)
    assert cb["Haven"].extra == {"x_remark": "eerste", "x_remark_2": "tweede", "x_groups": ["Thema's"]}


def test_code_column_beside_a_name_column_is_used_for_ids_only_when_they_look_like_ids(tmp_path):
    p = tmp_path / "ids.csv"
    p.write_text("Code,Label\nSIG,Signalen\nSIG.1,Verdachte schepen\n", encoding="utf-8")
    cb, report = import_codebook_table(p)
    assert _tree(cb) == [("SIG", "Signalen", None), ("SIG.1", "Verdachte schepen", "SIG")]
    assert "dotted ids" in report.hierarchy
    p.write_text("Code,Label\nSamen werken,Samenwerking\n", encoding="utf-8")
    cb, report = import_codebook_table(p)
    assert _tree(cb) == [("Samenwerking", "Samenwerking", None)] and cb["Samenwerking"].extra == {"x_code": "Samen werken"}
    assert any("not used for ids" in n for n in report.notes)


# -- writing YAML and the command ---------------------------------------------------------------------


def test_round_trip_through_yaml(tmp_path):
    p = tmp_path / "codeboek.csv"
    p.write_bytes(DUTCH.encode("utf-8-sig"))
    cb = import_codebook_table(p)[0]
    saved = cb.save(tmp_path / "codeboek.yaml")
    again = Codebook.load(saved)
    assert again.to_dict() == cb.to_dict()
    assert saved.read_bytes() == Codebook.load(saved).save(tmp_path / "second.yaml").read_bytes()
    atlas = tmp_path / "atlas.csv"
    atlas.write_text('Code;Comment;Groups;Kleur;Python content\nATTITUDES: positive;Goed;"Themes; Round 1";#ff0000;x\n'
                     "ATTITUDES: negative;Slecht;Themes;;\n", encoding="utf-8")
    cb = import_codebook_table(atlas)[0]
    assert cb["positive"].extra == {"x_groups": ["Themes", "Round 1"], "x_python_content": "x"}
    assert cb["positive"].color == "#FF0000" and cb["negative"].parent == "ATTITUDES"
    again = Codebook.load(cb.save(tmp_path / "atlas.yaml"))
    assert again.to_dict() == cb.to_dict() and [c.path for c in again] == [c.path for c in cb]


def test_from_table_hook_on_codebook(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("Name,Description\nHarbour,The port and its quays\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Codebook.from_table(p, language="en")["Harbour"].description == "The port and its quays"


def test_cli_codebook_import(tmp_path, capsys):
    p = _xlsx(tmp_path / "nvivo.xlsx", [["Name", "Description", "Files"], ["Nodes\\\\Haven", "De haven", 1],
                                        ["Nodes\\\\Haven\\\\Kade", "Aan de kade", 1]])
    out = tmp_path / "codebook" / "codes.yaml"
    out.parent.mkdir()
    assert main(["codebook", "import", str(p), "--out", str(out), "--language", "nl"]) == 0
    printed = capsys.readouterr().out
    assert "2 codes, 1 at the top, 2 level(s)" in printed
    assert "columns used: Name -> name, Description -> description" in printed
    assert "columns ignored: Files (a count the QDA program adds)" in printed
    assert Codebook.load(out)["Kade"].parent == "Haven"
    assert main(["codebook", "import", str(p), "--out", str(out)]) == 2
    assert "exists already" in capsys.readouterr().err
    assert main(["codebook", "import", str(p)]) == 0
    streams = capsys.readouterr()
    assert streams.out.startswith("language:") and "2 codes" in streams.err
    assert main(["codebook", "import", str(p), "--column", "nonsense=X"]) == 2


def test_load_reads_a_spreadsheet_so_a_run_or_a_project_can_name_one(tmp_path):
    from researchkit.project import Project

    sheet = tmp_path / "codes.csv"
    sheet.write_text("Code;Definitie;Bovenliggende code\nSignalen;Concrete waarnemingen;\n"
                     "Busjes op de kade;Een busje dat laadt;Signalen\n", encoding="utf-8")
    assert Codebook.load(sheet).ids == ["Signalen", "Busjes_op_de_kade"]
    project = str(tmp_path / "s.rkp")
    assert main(["project", "init", project]) == 0
    assert main(["project", "codebook", project, str(sheet)]) == 0
    with Project.open(project) as p:
        assert p.codebook()["Busjes_op_de_kade"].parent == "Signalen"
