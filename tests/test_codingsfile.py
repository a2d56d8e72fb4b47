"""Codings kept in CSV files: pin the passages, realign after the transcripts were corrected (pure functions on real files)."""

from __future__ import annotations

import codecs
import doctest
import shutil

import pytest

import researchkit.codingsfile as codingsfile
import researchkit.codingsrealign as codingsrealign
from codings_files import CODINGS, R01, R02, csv_text, texts, write_docx, write_transcripts
from researchkit.codingsfile import (parse_codings_csv, pin, read_codings_file, unpinned_rows, write_codings_file)
from researchkit.codingsrealign import format_report, realign, realign_from_old
from researchkit.errors import CodingsFileError


@pytest.mark.parametrize("module", [codingsfile, codingsrealign])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def _pinned_file(tmp_path, **csv_options):
    folder = write_transcripts(tmp_path / "transcripts")
    path = tmp_path / "anna.csv"
    path.write_text(csv_text(folder, **csv_options), encoding="utf-8", newline="")
    table = pin(read_codings_file(path), texts(folder))
    write_codings_file(table, path)
    return folder, path


def test_pin_writes_the_passages_and_keeps_every_other_cell(tmp_path):
    folder = write_transcripts(tmp_path / "transcripts")
    path = tmp_path / "anna.csv"
    original = "\ufeff" + csv_text(folder, delimiter=";", newline="\r\n")
    path.write_bytes(original.encode("utf-8"))
    assert unpinned_rows(read_codings_file(path)) == (4, 4)
    write_codings_file(pin(read_codings_file(path), texts(folder)), path)
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and data.count(b"\r\n") == 5 and b"\n" not in data.replace(b"\r\n", b"")
    lines = data[3:].decode("utf-8").split("\r\n")
    assert lines[0] == "doc_id;start;end;code;coder;source;memo;text"
    # every original line is kept as written, with the passage appended
    assert [line.rsplit(";", 1)[0] for line in lines[1:5]] == original[1:].split("\r\n")[1:5]
    table = read_codings_file(path)
    assert [table.cell(k, "text") for k in range(4)] == [c[1] for c in CODINGS]
    assert [table.cell(k, "memo") for k in range(4)] == [c[3] for c in CODINGS]
    assert unpinned_rows(table) == (4, 0)
    corpus = texts(folder)
    for k in range(4):
        doc, start, end = table.cell(k, "doc_id"), int(table.cell(k, "start")), int(table.cell(k, "end"))
        assert corpus[doc][start:end] == table.cell(k, "text")


def test_pin_keeps_a_cp1252_file_in_cp1252_and_names_a_passage_it_cannot_hold(tmp_path):
    folder = write_transcripts(tmp_path / "transcripts")
    path = tmp_path / "anna.csv"
    path.write_bytes(csv_text(folder).encode("cp1252"))
    write_codings_file(pin(read_codings_file(path), texts(folder)), path)
    assert "café" in path.read_bytes().decode("cp1252") and "Busjes zonder licht" in path.read_bytes().decode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    # a transcript passage with a character cp1252 has no place for
    path.write_bytes(csv_text(folder).encode("cp1252"))
    write_transcripts(folder, r02=R02.replace("Busjes zonder", "Busjes \u0142onder"))  # same length: the offsets fit
    with pytest.raises(CodingsFileError, match=r"RK339.*anna.csv, row 4: 'Busjes \u0142onder.*cp1252"):
        write_codings_file(pin(read_codings_file(path), texts(folder)), path)


def test_pin_refuses_rows_that_do_not_fit_naming_each_and_writes_nothing(tmp_path):
    folder = write_transcripts(tmp_path / "transcripts")
    path = tmp_path / "anna.csv"
    good = csv_text(folder)
    bad = good + "R01,10,9000,SAM,anna,manual,\nR09,0,4,SAM,anna,manual,\nR02,vier,8,SAM,anna,manual,\n"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CodingsFileError) as caught:
        pin(read_codings_file(path), texts(folder))
    message = str(caught.value)
    assert "[RK339]" in message and "3 coding(s)" in message
    assert "row 6: end=9000 is beyond the end of 'R01'" in message
    assert "row 7: doc_id='R09' is not among the transcripts (R01, R02)" in message
    assert "row 8: start='vier' is not a whole-number offset" in message
    assert path.read_text(encoding="utf-8") == bad


def test_pin_refuses_a_pinned_text_the_transcript_no_longer_holds(tmp_path):
    folder, path = _pinned_file(tmp_path)
    write_docx(folder / "R01.docx", ["Interviewer: Nieuw begin."] + R01)
    with pytest.raises(CodingsFileError, match=r"(?s)RK339.*row 2: pinned text 'Wij werkten.*realign"):
        pin(read_codings_file(path), texts(folder))


def test_unreadable_files_are_named(tmp_path):
    with pytest.raises(CodingsFileError, match=r"RK338.*nope.csv: codings file not found"):
        read_codings_file(tmp_path / "nope.csv")
    with pytest.raises(CodingsFileError, match=r"RK338.*x.csv, row 1: the first line 'doc;begin;eind'"):
        parse_codings_csv(b"doc;begin;eind\nR1;0;3\n", "x.csv")
    with pytest.raises(CodingsFileError, match=r"RK338.*x.csv, row 3: 5 cells under a header of 4 columns"):
        parse_codings_csv(b"doc_id,start,end,code\nR1,0,3,A\nR1,0,3,A,extra\n", "x.csv")
    with pytest.raises(CodingsFileError, match=r"RK338.*text more than once"):
        parse_codings_csv(b"doc_id,start,end,text,text\n", "x.csv")


def _corrected(folder):
    """The typo in R01 fixed inside a coded passage, a paragraph inserted before the codings in both files,
    and R02's last answer rewritten beyond recognition."""
    write_docx(folder / "R01.docx", ["Interviewer: Welkom, we beginnen met de haven.",
                                     R01[0], R01[1].replace("werkten", "werken"), *R01[2:]])
    (folder / "R02.txt").write_text("I: Dit gesprek gaat over de nacht.\n" + R02.replace("Elke week wel een keer", "Nee"),
                                    encoding="utf-8")


def test_realign_moves_codings_after_a_typo_fix_and_an_inserted_paragraph(tmp_path):
    folder, path = _pinned_file(tmp_path)
    before = read_codings_file(path)
    _corrected(folder)
    corpus = texts(folder)
    result, report = realign(before, corpus)
    assert [r.status for r in report] == ["edited", "moved", "moved", "unplaced"]
    for r in report[1:3]:
        assert corpus[r.doc_id][r.start:r.end] == before.cell(r.row, "text") == result.cell(r.row, "text")
        assert (result.cell(r.row, "start"), result.cell(r.row, "end")) == (str(r.start), str(r.end))
    edited = report[0]
    assert corpus["R01"][edited.start:edited.end] == "Wij werken goed samen met de douane" == result.cell(0, "text")
    assert 0.9 < edited.score < 1.0 and result.cell(0, "realign") == f"edited {edited.score:.2f}"
    # not placed: kept with its old offsets and pinned text, marked and listed
    assert len(result.rows) == len(before.rows)
    assert [result.cell(3, c) for c in ("start", "end", "text", "realign")] == [
        before.cell(3, "start"), before.cell(3, "end"), "Elke week wel een keer", "not placed"]
    assert [result.cell(k, "realign") for k in (1, 2)] == ["moved", "moved"]
    assert [result.cell(k, "memo") for k in range(4)] == [c[3] for c in CODINGS]
    text = format_report(report)
    assert "row 5 (R02, FREQ): NOT PLACED, kept at" in text and "not placed (1; kept with their old offsets" in text
    assert "4 coding(s): 2 moved, 1 moved with edited passage, 1 not placed" in text
    # the realigned file fits the corrected transcripts except the coding marked: pinning it again names that row only
    write_codings_file(result, path)
    with pytest.raises(CodingsFileError) as caught:
        pin(read_codings_file(path), corpus)
    assert "1 coding(s)" in str(caught.value) and "row 5: pinned text 'Elke week" in str(caught.value)


def test_realign_of_an_unchanged_transcript_changes_nothing(tmp_path):
    folder, path = _pinned_file(tmp_path)
    before = path.read_bytes()
    result, report = realign(read_codings_file(path), texts(folder))
    assert {r.status for r in report} == {"unchanged"}
    write_codings_file(result, path)
    assert path.read_bytes() == before  # no realign column when nothing needs a look


def test_a_repeated_passage_goes_where_the_codings_around_it_moved(tmp_path):
    old = "R: Gaat het goed met de haven? ja. Nou ja. Goed, ja. En verder niets over de kade."
    ja = [k for k in range(len(old)) if old.startswith("ja", k)]
    lines = ["doc_id,start,end,code,text", f"R1,{old.index('met de haven')},{old.index('met de haven') + 12},A,met de haven"]
    lines += [f"R1,{k},{k + 2},B,ja" for k in ja[1:]]
    table = parse_codings_csv(("\n".join(lines) + "\n").encode(), "x.csv")
    inserted = "I: Een lange inleiding van de interviewer, langer dan de afstand tussen twee keer ja.\n"
    new = inserted + old
    _, report = realign(table, {"R1": new})
    # the nearest "ja" to the old offsets would be an earlier one; the shift of the coding before them is used
    assert [(r.status, r.start) for r in report] == [("moved", len(inserted) + k) for k in [old.index("met de haven"), *ja[1:]]]
    assert all(new[r.start:r.end] == ("met de haven" if r.code == "A" else "ja") for r in report)
    tie = parse_codings_csv(b"doc_id,start,end,code,text\nR1,5,7,A,ja\n", "x.csv")
    _, report = realign(tie, {"R1": "ja xxxxxx ja"})
    assert report[0].status == "unplaced" and "equally near" in report[0].reason


def test_realign_places_a_long_edited_passage_by_its_head_and_tail(tmp_path):
    vocabulary = ["haven", "douane", "kade", "nacht", "busje", "loods", "schip", "vracht", "politie", "visser", "boot", "licht"]
    words = " ".join(f"{vocabulary[(k * 7) % 12]}{k}" for k in range(160))  # over 1000 characters
    old = f"R: {words} Einde."
    table = parse_codings_csv(f"doc_id,start,end,code,text\nR1,3,{3 + len(words)},A,{words}\n".encode(), "x.csv")
    new_words = words.replace(" visser75 ", " de visser75 ", 1)
    assert new_words != words
    new = f"I: Eerst dit.\nR: {new_words} Einde."
    assert old != new
    result, report = realign(table, {"R1": new})
    assert report[0].status == "edited" and new[report[0].start:report[0].end] == new_words
    assert result.cell(0, "text") == new_words


def test_realign_needs_a_text_column_and_a_sane_score(tmp_path):
    folder = write_transcripts(tmp_path / "transcripts")
    table = parse_codings_csv(csv_text(folder).encode(), "anna.csv")
    with pytest.raises(CodingsFileError, match="RK667.*anna.csv: no 'text' column.*--old-transcripts"):
        realign(table, texts(folder))
    with pytest.raises(CodingsFileError, match="RK668.*1.5"):
        realign(table, texts(folder), min_score=1.5)


def test_realign_from_the_old_transcripts_without_a_text_column(tmp_path):
    old_folder = write_transcripts(tmp_path / "old")
    table = parse_codings_csv(csv_text(old_folder).encode(), "anna.csv")
    new_folder = tmp_path / "new"
    shutil.copytree(old_folder, new_folder)
    _corrected(new_folder)
    result, report = realign_from_old(table, texts(old_folder), texts(new_folder))
    corpus = texts(new_folder)
    assert [r.status for r in report] == ["edited", "moved", "moved", "unplaced"]
    assert result.header[-2:] == ("text", "realign")
    for r in report[:3]:
        assert corpus[r.doc_id][r.start:r.end] == result.cell(r.row, "text")
    assert result.cell(3, "text") == "Elke week wel een keer" and result.cell(3, "realign") == "not placed"
    # offsets that do not fit the old transcripts are refused, naming the row
    with pytest.raises(CodingsFileError, match=r"(?s)RK339.*row 2: pinned text 'Wij werkten.*not the old"):
        realign_from_old(pin(table, texts(old_folder)), texts(new_folder), texts(new_folder))


def test_column_names_are_kept_as_written(tmp_path):
    table = parse_codings_csv(b"doc_id, start , end,Code\nR1,0,2,A\n", "x.csv")
    pinned = pin(table, {"R1": "ja nee"})
    assert pinned.header == ("doc_id", " start ", " end", "Code", "text") and pinned.cell(0, "text") == "ja"


def test_the_run_notes_a_file_it_cannot_inspect_instead_of_failing(tmp_path):
    from researchkit.run import RunConfig
    from researchkit.run.stages import unpinned_note

    path = tmp_path / "anna.csv"
    path.write_text("doc_id,start,end,code,code\nR1,0,2,A,B\n", encoding="utf-8")
    config = RunConfig.from_dict({"codebook": "c.yaml", "transcripts": "t"}, base=tmp_path)
    assert unpinned_note(path, config) == ("manual codings anna.csv: not checked for pinned passages "
                                           f"({path}, row 1: the header names the column(s) code more than once)")
    path.write_text("doc_id,start,end,code,text\nR1,0,2,A,ja\nR1,3,5,A,\n", encoding="utf-8")
    assert "1 of 2 coding(s) have no pinned passage (empty 'text' cells)" in unpinned_note(path, config)


def test_report_file_rows_from_the_old_transcripts_with_file_rows_and_formula_cells_as_text(tmp_path):
    # a codings file whose doc ids a spreadsheet would run as formulas; realigned from the old transcripts
    table = parse_codings_csv(b"doc_id,start,end,code\n=R1,3,8,A\n=R1,0,2,B\n", "x.csv")
    result, report = realign_from_old(table, {"=R1": "R: de haven"}, {"=R1": "R: in de haven"})
    rows = codingsrealign.report_rows(report, table)
    assert [(r["row"], r["status"], r["old_start"], r["start"], r["end"]) for r in rows] == [
        ("2", "moved", "3", "6", "11"), ("3", "unchanged", "0", "0", "2")]
    path = codingsrealign.write_report(report, tmp_path / "sub" / "report.csv", table)
    assert path.read_text(encoding="utf-8") == (
        "row,doc_id,code,old_start,old_end,start,end,status,score,reason\n"
        "2,'=R1,A,3,8,6,11,moved,,\n3,'=R1,B,0,2,0,2,unchanged,,\n")
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["report.csv"]  # no temporary file left
    assert codingsrealign.write_report([], tmp_path / "empty.csv").read_text() == ",".join(codingsrealign.REPORT_COLUMNS) + "\n"
