"""Codebook sheets as a hostile or unlucky user makes them: every accepted row is a code or a named problem.

Each test writes a small sheet (CSV text, or an XLSX with openpyxl) that has the shape of
the trouble: sheets too deep or too large to save and load back, formulas never
computed, merged cells over the whole sheet, hidden sheets, quotes left open, names of
invisible characters, YAML-special names. Accepted codebooks must come back unchanged
from ``Codebook.save`` and ``Codebook.load``.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from researchkit.codebook import Codebook
from researchkit.codebook.table import import_codebook_table
from researchkit.errors import CodebookError


def _csv(tmp_path: Path, text: str | bytes, name: str = "codes.csv") -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8", newline="")
    return p


def _xlsx(tmp_path: Path, rows: list[list], setup=None, name: str = "codes.xlsx") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if setup is not None:
        setup(wb, ws)
    p = tmp_path / name
    wb.save(p)
    return p


def _read(path: Path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return import_codebook_table(path, **options)


def _error(path: Path, **options) -> CodebookError:
    with pytest.raises(CodebookError) as info:
        _read(path, **options)
    return info.value


def _round_trip(book: Codebook, tmp_path: Path) -> Codebook:
    back = Codebook.load(book.save(tmp_path / "saved.yaml"))
    assert back.to_dict() == book.to_dict()
    return back


# -- sizes and depths ----------------------------------------------------------------------------------

def test_a_parent_chain_deeper_than_a_codebook_may_nest_names_the_first_row_too_deep(tmp_path):
    rows = "".join(f"C{i},C{i - 1}\n" for i in range(1, 10_000))
    err = _error(_csv(tmp_path, "Code,Parent\nC0,\n" + rows))
    assert err.code == "RK248" and len(err.problems) == 1
    assert "row 32: 'C30' is at level 31 below 'C0' (row 2)" in err.problems[0] and "at most 30 levels" in err.problems[0]


def test_a_path_of_thousands_of_levels_in_one_name_is_refused_with_its_row(tmp_path):
    err = _error(_csv(tmp_path, "Code\nHaven\n" + "::".join(f"P{i}" for i in range(5000)) + "\n"))
    assert err.code == "RK248" and err.problems[0].startswith("row 3: 'P30' is at level 31 below 'P0'")


def test_a_sheet_too_large_to_save_and_load_back_is_rk250_not_a_codebook_that_cannot_be_reopened(tmp_path):
    body = "".join(f"C{i},1,2,3,4,5,6,7,8\n" for i in range(25_000))
    err = _error(_csv(tmp_path, "Code,a,b,c,d,e,f,g,h\n" + body))
    assert err.code == "RK250"
    assert "25,000 codes (rows 2-25001)" in err.problems[0] and "500,000" in err.problems[0]


def test_one_hundred_thousand_rows_are_read_and_refused_by_their_size(tmp_path):
    err = _error(_csv(tmp_path, "Code\n" + "".join(f"C{i}\n" for i in range(100_000))))
    assert err.code == "RK250" and "100,000 codes (rows 2-100001)" in err.problems[0]


def test_many_codes_below_paths_are_placed_and_round_trip(tmp_path):
    body = "".join(f"Theme {i % 50}::Code {i}\n" for i in range(5000))
    book, report = _read(_csv(tmp_path, "Code\n" + body))
    assert len(book) == 5050 and len(book.codes) == 50 and report.depth == 2
    assert book["Code_4999"].parent == "Theme_49"


def test_thousands_of_repeated_names_list_two_hundred_problems_and_count_the_rest(tmp_path):
    # each repeat differs in its memo (rows repeating another cell for cell are left out with a note instead)
    err = _error(_csv(tmp_path, "Code,Memo\n" + "".join(f"C{i % 1000},m{i}\n" for i in range(2000))))
    assert err.code == "RK246" and len(err.problems) == 201
    assert err.problems[-1].startswith("... and 800 more problem(s) like these")


# -- names ---------------------------------------------------------------------------------------------

def test_names_of_only_invisible_characters_are_rows_without_a_name(tmp_path):
    err = _error(_csv(tmp_path, "Code,Memo\n\u200b\u200b,a\n\u00a0,b\n\ufeff\u2060,c\nHaven,d\n"))
    assert err.code == "RK243" and len(err.problems) == 3
    assert "row 2: the code name in column 'Code' is only invisible characters ('\\u200b\\u200b')" in err.problems[0]
    assert err.problems[1] == "row 3 has no code name (it holds 'b')"


def test_invisible_characters_around_a_name_are_removed_with_a_note(tmp_path):
    book, report = _read(_csv(tmp_path, "Code\n\u200bHaven\ufeff\nKade\n"))
    assert [c.name for c in book] == ["Haven", "Kade"]
    assert any("row 2: invisible characters around the code name" in n for n in report.notes)


def test_a_ten_thousand_character_name_is_noted_and_its_id_stays_short(tmp_path):
    book, report = _read(_csv(tmp_path, "Code\n" + "a" * 10_000 + "\n"))
    (code,) = list(book)
    assert len(code.name) == 10_000 and len(code.id) == 100
    assert any("row 2: the code name is 10,000 characters long" in n for n in report.notes)
    _round_trip(book, tmp_path)


def test_empty_parts_around_separators_are_noted(tmp_path):
    book, report = _read(_csv(tmp_path, "Code\nA::::B\nA\nC::\n"))
    assert [(c.name, c.parent) for c in book] == [("A", None), ("B", "A"), ("C", None)]
    assert "row 2: 'A::::B' has an empty part between or around its separators; read as 'A' > 'B'" in report.notes
    alone, _ = _read(_csv(tmp_path, "Code\n::A\nA::\n", "alone.csv"))  # no name splits in two: no path, names kept
    assert [c.name for c in alone] == ["::A", "A::"]
    err = _error(_csv(tmp_path, "Code\n::A\nA::\nA::B\n", "twice.csv"))  # now '::' is a separator: both are 'A'
    assert err.code == "RK246" and "(rows 2 and 3)" in err.problems[0]


@pytest.mark.parametrize("names", [
    ["yes", "no", "null", "~", "true", "Off", "on"],
    ["- x", "&anchor", "*ref", "!!python/object", "!!binary", "%YAML", "@at", "`b"],
    ["|", ">-", "{a}", "[b]", "#c", "? q", ": z", "'q", '"q"', "0x1F", "1e3", ".inf", ".nan", "2020-01-01", "12:30"],
])
def test_yaml_special_names_and_descriptions_come_back_from_save_and_load(tmp_path, names):
    lines = "".join(f'"{n.replace(chr(34), chr(34) * 2)}","{n.replace(chr(34), chr(34) * 2)}"\n' for n in names)
    book, _ = _read(_csv(tmp_path, "Code,Description\n" + lines), language="en")
    assert [c.name for c in book] == names and [c.description for c in book] == names
    back = _round_trip(book, tmp_path)
    assert [c.name for c in back] == names


def test_yaml_special_ids_come_back_from_save_and_load(tmp_path):
    book, _ = _read(_csv(tmp_path, "Id,Name\nyes,A\nnull,B\n1e3,C\n0x10,D\n007,E\ntrue,F\n"), language="en")
    assert book.ids == ["yes", "null", "1e3", "0x10", "007", "true"]
    assert _round_trip(book, tmp_path).ids == book.ids


def test_names_with_control_characters_and_line_breaks_round_trip(tmp_path):
    book, _ = _read(_csv(tmp_path, 'Code\nA\x01B\n"C\r\nD"\n'), language="en")
    assert [c.name for c in book] == ["A\x01B", "C\nD"]
    _round_trip(book, tmp_path)


# -- CSV files -----------------------------------------------------------------------------------------

def test_an_empty_csv_is_rk247_with_a_hint_for_a_sheet_not_a_transcript(tmp_path):
    err = _error(_csv(tmp_path, b""))
    assert err.code == "RK247" and "transcript" not in str(err) and "spreadsheet" in err.hint


def test_a_header_without_rows_is_rk243(tmp_path):
    err = _error(_csv(tmp_path, "Code,Description\n"))
    assert err.code == "RK243" and "no codes below the header on row 1" in err.problems[0]


def test_a_nul_byte_names_its_row_and_speaks_of_a_table(tmp_path):
    err = _error(_csv(tmp_path, b"Code\nHaven\nA\x00B\n"))
    assert err.code == "RK247" and "(row 3)" in err.problems[0] and "transcript" not in str(err)


def test_a_quote_left_open_is_refused_instead_of_swallowing_every_row_below(tmp_path):
    err = _error(_csv(tmp_path, 'Code,Memo\nHaven,x\n"Kade,open\nSluis,y\nDijk,z\n'))
    assert err.code == "RK247"
    assert err.problems[0].startswith("row 3 (line 3): a quote opens the cell 'Kade,open\\nSluis,y\\nDijk,z\\n'")
    assert "lines 3-5 would be read as one cell" in err.problems[0]


def test_a_quoted_cell_over_several_lines_is_still_one_cell(tmp_path):
    book, _ = _read(_csv(tmp_path, 'Code,Memo\nHaven,"two\nlines"\nKade,y\n'))
    assert [c.description for c in book] == ["two\nlines", "y"]


def test_a_row_written_with_another_delimiter_is_noted(tmp_path):
    book, report = _read(_csv(tmp_path, "Code;Memo\nHaven;x\nKade,y\nSluis;z\n"))
    assert [c.name for c in book] == ["Haven", "Kade,y", "Sluis"]
    assert any(n.startswith("row 3 has 1 cell(s) where most rows have 2, and its text holds ','") for n in report.notes)


def test_a_utf16_csv_without_bom_is_read(tmp_path):
    book, _ = _read(_csv(tmp_path, "Code,Description\nHaven,Over de haven\nKade,Bij de kade\n".encode("utf-16-le")))
    assert [(c.name, c.description) for c in book] == [("Haven", "Over de haven"), ("Kade", "Bij de kade")]


def test_parent_cycles_and_self_parents_are_rk245(tmp_path):
    err = _error(_csv(tmp_path, "Code,Parent\nA,B\nB,A\nC,C\nD,A\n"))
    assert err.code == "RK245" and len(err.problems) == 2
    assert "'A' (row 2) -> 'B' (row 3) -> 'A' (row 2)" in err.problems[0] and "'C' (row 4) -> 'C' (row 4)" in err.problems[1]


# -- XLSX files ----------------------------------------------------------------------------------------

def test_a_code_name_that_is_a_formula_never_computed_is_rk251_and_its_row_is_not_skipped(tmp_path):
    path = _xlsx(tmp_path, [["Code", "Description"], ["Haven", "x"], ["=1+1", "=2+2"], ["Kade", '=HYPERLINK("http://x","y")']])
    err = _error(path)
    assert err.code == "RK251" and len(err.problems) == 1
    assert err.problems[0].startswith("row 3: the code name in column 'Code' is the formula '=1+1'")


def test_a_description_that_is_a_formula_never_computed_is_noted(tmp_path):
    book, report = _read(_xlsx(tmp_path, [["Code", "Description"], ["Haven", "=A2&\"!\""]]))
    assert book["Haven"].description == ""
    assert any(n.startswith("row 2: column 'Description' holds the formula '=A2&\"!\"'") for n in report.notes)


def test_merged_cells_down_the_code_column_are_rk252_before_the_repeats_they_make(tmp_path):
    path = _xlsx(tmp_path, [["Code", "Description"], ["A", "B"], ["C", "D"], ["E", "F"]], lambda wb, ws: ws.merge_cells("A2:B4"))
    err = _error(path)
    assert err.code == "RK252" and err.problems[0].startswith("merged cells A2:B4 cover rows 2-4 of the code column 'Code'")


def test_a_merged_range_over_the_whole_sheet_is_refused_before_it_is_spread(tmp_path):
    path = _xlsx(tmp_path, [["Code"], ["A"]], lambda wb, ws: ws.merge_cells("A5:B6"))
    data = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            part = zin.read(name)
            zout.writestr(name, part.replace(b"A5:B6", b"A3:XFD1048576") if name.startswith("xl/worksheets/") else part)
    err = _error(_csv(tmp_path, data.getvalue(), "whole.xlsx"))  # openpyxl alone would make 17 billion cells
    assert err.code == "RK247" and "the largest range A3:XFD1048576" in err.problems[0]


def test_one_stray_cell_far_away_does_not_make_the_empty_cells_before_it(tmp_path):
    def setup(wb, ws):
        ws.cell(60_000, 1, "Ver")
        ws.cell(2, 16_000, "weg")
    book, report = _read(_xlsx(tmp_path, [["Code"], ["A"]], setup))
    assert [c.name for c in book] == ["A", "Ver"] and book["A"].extra["x_column_16000"] == "weg"
    assert any("row 2: text right of the last header (column 16000)" in n for n in report.notes)


def test_a_hidden_first_sheet_is_passed_over_for_the_first_visible_one(tmp_path):
    def setup(wb, ws):
        ws.sheet_state = "hidden"
        visible = wb.create_sheet("Codes")
        visible.append(["Code"])
        visible.append(["Zichtbaar"])
    book, report = _read(_xlsx(tmp_path, [["Code"], ["Verborgen"]], setup))
    assert [c.name for c in book] == ["Zichtbaar"] and report.sheet == "Codes"
    assert any("hidden sheet(s) 'Sheet' before it skipped" in n for n in report.notes)
    hidden, _ = _read(tmp_path / "codes.xlsx", sheet="Sheet")
    assert [c.name for c in hidden] == ["Verborgen"]


def test_hidden_rows_are_read_and_named(tmp_path):
    book, report = _read(_xlsx(tmp_path, [["Code"], ["A"], ["Verborgen"], ["B"]],
                               lambda wb, ws: setattr(ws.row_dimensions[3], "hidden", True)))
    assert [c.name for c in book] == ["A", "Verborgen", "B"]
    assert "row 3 hidden in the sheet: read like the others" in report.notes


@pytest.mark.parametrize("data, code", [(b"not a zip at all", "RK112"), (b"Code\nA\n", "RK112")])
def test_an_xlsx_that_is_not_a_zip_is_a_codebook_error(tmp_path, data, code):
    assert _error(_csv(tmp_path, data, "codes.xlsx")).code == code


def test_an_xlsx_zip_bomb_is_refused(tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (120 * 2**20) + b"</a>")
    assert _error(_csv(tmp_path, data.getvalue(), "bomb.xlsx")).code == "RK131"


def test_a_value_the_codebook_refuses_names_the_row_of_its_code(tmp_path):
    err = _error(_csv(tmp_path, "Code,Parent,Keywords\nHaven,,haven\nKade,Haven,*r\n"))
    assert err.code == "RK248" and len(err.problems) == 1
    assert err.problems[0].startswith("row 3: the rows do not make a valid codebook: codes[0].children[0], id Kade: keywords[0] '*r'")


def test_a_level_of_three_digits_is_named_as_out_of_range(tmp_path):
    err = _error(_csv(tmp_path, "Code,Level\nA,1\nB,100\n"))
    assert err.code == "RK248" and err.problems == ["row 3: level '100' in column 'Level' is not a whole number from 1 to 99"]


@pytest.mark.parametrize("sheet, how", [("Category,Code,Parent\nX,A,\nY,B,A\n", "parent column 'Parent'"),
                                        ("Category,Code,Level\nX,A,1\nY,B,2\n", "level column 'Level'")])
def test_category_cells_of_rows_placed_by_a_parent_or_a_level_are_kept_not_dropped(tmp_path, sheet, how):
    book, report = _read(_csv(tmp_path, sheet))
    assert book["B"].parent == "A" and book["B"].extra["x_category"] == "Y"
    assert any(f"the category cells do not place the code (the {how} does); kept on each code as x_category" in n
               for n in report.notes)
    _round_trip(book, tmp_path)


def test_a_level_column_beside_a_parent_column_is_named_as_unused(tmp_path):
    book, report = _read(_csv(tmp_path, "Code,Parent,Level\nA,,1\nB,A,3\n"))
    assert book["B"].parent == "A"
    assert "level column 'Level' not used: the parent column 'Parent' places the codes" in report.notes


def test_a_title_line_of_invisible_characters_is_no_title(tmp_path):
    book, _ = _read(_csv(tmp_path, '"\u200b"\n\nCode,Description\nHaven,x\n'))
    assert book.title is None and [c.name for c in book] == ["Haven"]
    titled, _ = _read(_csv(tmp_path, '"\u200bHavens\u00a0"\nCode\nHaven\n', "titled.csv"))
    assert titled.title == "Havens"


def test_a_name_with_a_long_run_of_spaces_inside_is_kept_whole(tmp_path):
    # the edges were stripped with a regular expression that retried the run at every space (quadratic)
    name = "Haven" + " " * 100_000 + "Kade"
    book, report = _read(_csv(tmp_path, f"Code\n\u200b{name}\u00a0\n"))
    assert [c.name for c in book] == [name]


def test_thousands_of_unknown_parents_in_a_sheet_are_all_listed_with_few_suggestions(tmp_path, monkeypatch):
    """Each parent cell naming no code got a did-you-mean against every name: 1000 of them in a sheet of
    10 000 codes took 24 s (quadratic). Every row is still listed; only the first ones get a suggestion."""
    import difflib

    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: calls.append(1) or real(*a, **k))
    rows = ["Code,Parent"] + [f"Name {i}," for i in range(2000)] + [f"Bad {i},Name {i}x" for i in range(500)]
    err = _error(_csv(tmp_path, "\n".join(rows) + "\n"))
    problems = err.problems
    assert err.code == "RK244" and len(calls) <= 25
    assert problems[0] == "row 2002: parent 'Name 0x' in column 'Parent' names no code in the sheet (did you mean 'Name 0'?)"
    assert problems[199] == "row 2201: parent 'Name 199x' in column 'Parent' names no code in the sheet"
    assert problems[-1] == "... and 300 more problem(s) like these, up to row 2501"
