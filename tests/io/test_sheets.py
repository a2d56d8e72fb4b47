"""Attributes sheets: day-first dates, xlsx limits, speaker-level sheets, and the quality report."""

from __future__ import annotations

import warnings
import zipfile

import docx
import pandas as pd
import pytest

from researchkit import read_corpus
from researchkit.errors import AttributesError
from researchkit.io.attributes import read_attributes
from researchkit.io.dates import AmbiguousDateWarning


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "t"
    d.mkdir()
    (d / "R01.txt").write_text("I: Vraag?\nR: Antwoord.\n", encoding="utf-8")
    (d / "R02.txt").write_text("I: Vraag?\nR: Antwoord twee.\n", encoding="utf-8")
    return d


def test_dutch_dates_are_day_first_with_a_warning_naming_the_cell(folder, tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text("doc_id,datum\nR01,02-03-2026\nR02,05-03-2026\n", encoding="utf-8")
    with pytest.warns(AmbiguousDateWarning, match=r"RK133.*a\.csv, column 'datum'.*row 2 \('02-03-2026' read as 2026-03-02\)"):
        corpus = read_corpus(folder, attributes=sheet)
    assert corpus["R01"].attributes["datum"] == "2026-03-02"


def test_unambiguous_cells_decide_the_column_without_a_warning(folder, tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text("doc_id,datum\nR01,02-03-2026\nR02,25-03-2026\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = read_corpus(folder, attributes=sheet)
    assert corpus["R01"].attributes["datum"] == "2026-03-02"
    sheet.write_text("doc_id,datum\nR01,02/03/2026\nR02,03/25/2026\n", encoding="utf-8")
    assert read_corpus(folder, attributes=sheet)["R01"].attributes["datum"] == "2026-02-03"


def test_date_format_says_it(folder, tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text("doc_id,datum\nR01,02-03-2026\nR02,2026-03-04\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = read_corpus(folder, attributes=sheet, date_format="month-first")
    assert corpus["R01"].attributes["datum"] == "2026-02-03" and corpus["R02"].attributes["datum"] == "2026-03-04"
    sheet.write_text("doc_id,datum\nR01,02.03.26\nR02,05.03.26\n", encoding="utf-8")
    assert read_attributes(sheet, date_format="%d.%m.%y").loc["R01", "datum"] == "2026-03-02"


def test_mixed_and_invalid_dates_are_errors(tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text("doc_id,datum\nR01,25-03-2026\nR02,03-25-2026\n", encoding="utf-8")
    with pytest.raises(AttributesError, match=r"RK133.*'datum' mixes day-first and month-first"):
        read_attributes(sheet)
    sheet.write_text("doc_id,datum\nR01,31-02-2026\nR02,25-03-2026\n", encoding="utf-8")
    with pytest.raises(AttributesError, match=r"RK133.*row 2, column 'datum'.*'31-02-2026' is not a valid date"):
        read_attributes(sheet)


def test_zip_bomb_xlsx_is_refused_before_openpyxl(tmp_path, monkeypatch):
    good = tmp_path / "good.xlsx"
    pd.DataFrame({"doc_id": ["R01"], "group": ["visser"]}).to_excel(good, index=False)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("sheet1.xml"):
                data = data.replace(b"</sheetData>", b"</sheetData>" + b" " * (300 * 1024 * 1024))
            dst.writestr(info.filename, data)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    import researchkit.io.sheets as sheets

    def no_openpyxl(*args, **kwargs):
        raise AssertionError("openpyxl must not see a zip bomb")

    monkeypatch.setattr(sheets.pd, "read_excel", no_openpyxl)
    with pytest.raises(AttributesError, match=r"RK131.*bomb\.xlsx.*would inflate to 300 MiB.*zip bomb"):
        read_attributes(bomb)  # refused from the zip directory: nothing inflated, openpyxl never called


def test_xlsx_that_is_not_a_zip(tmp_path):
    sheet = tmp_path / "x.xlsx"
    sheet.write_text("doc_id,group\n", encoding="utf-8")
    with pytest.raises(AttributesError, match=r"RK112.*x\.xlsx.*not a zip container"):
        read_attributes(sheet)


def test_nfd_doc_ids_in_a_sheet_match_nfc_file_names(tmp_path):
    (tmp_path / "Zo\u00eb.txt").write_text("I: a?\nR: b.\n", encoding="utf-8")
    sheet = tmp_path / "a.csv"
    sheet.write_text("doc_id,group\nZoe\u0308,visser\n", encoding="utf-8")
    assert read_corpus(tmp_path, attributes=sheet)["Zo\u00eb"].attributes["group"] == "visser"


def _focus_group(path):
    d = docx.Document()
    for line in ["Moderator: Welkom.", "M1: Dank je.", "H1: Ja.", "Moderator: Wat vinden jullie?", "M1: Goed.", "H2: Slecht, echt slecht."]:
        d.add_paragraph(line)
    d.save(path)


def test_speaker_level_attributes_and_counting_speakers(tmp_path):
    folder = tmp_path / "fg"
    folder.mkdir()
    _focus_group(folder / "FG1.docx")
    speakers = tmp_path / "speakers.csv"
    speakers.write_text("doc_id,speaker,group,organisation\nFG1,M1,visser,Rederij Wadden\nFG1,H1,douane,Douane\nFG1,H2,visser,\n", encoding="utf-8")
    corpus = read_corpus(folder, speakers=speakers)
    table = corpus.speakers.set_index("speaker")
    assert table.loc["M1", ["role", "turns", "words", "group", "organisation"]].tolist() == ["respondent", 2, 3, "visser", "Rederij Wadden"]
    assert table.loc["Moderator", "role"] == "interviewer" and pd.isna(table.loc["Moderator", "group"])
    assert (corpus.speakers[corpus.speakers.role == "respondent"].groupby("group").size().to_dict()) == {"douane": 1, "visser": 2}
    speakers.write_text("doc_id,speaker,group\nFG1,M9,visser\n", encoding="utf-8")
    with pytest.raises(AttributesError, match=r"RK134.*FG1 / M9"):
        read_corpus(folder, speakers=speakers)


def test_quality_report_flags_suspicious_files(tmp_path):
    (tmp_path / "good.txt").write_text("I: Vraag?\nR: Een kort antwoord.\nI: Nog een?\nR: Ja hoor, zeker.\n", encoding="utf-8")
    (tmp_path / "long.txt").write_text("I: Vraag?\nR: " + "woord " * 200 + "\nI: Ok.\nR: Ja.\n", encoding="utf-8")
    (tmp_path / "nolabels.txt").write_text("Eerste alinea.\nTweede alinea.\n", encoding="utf-8")
    (tmp_path / "noint.txt").write_text("Jan: hallo daar.\nPiet: dag.\nJan: zo.\nPiet: ja.\n", encoding="utf-8")
    quality = read_corpus(tmp_path).quality
    assert list(quality.columns) == ["format", "turns", "speakers", "roles", "unlabelled_share", "longest_turn_words",
                                     "longest_turn_share", "notes", "flags"]
    assert quality.loc["good", "flags"] == "" and quality.loc["good", "roles"] == "interviewer 2, respondent 2"
    assert "one turn holds 99% of the words (turn 2)" in quality.loc["long", "flags"]
    assert quality.loc["long", "longest_turn_words"] == 200
    assert "no speaker labels" in quality.loc["nolabels", "flags"] and quality.loc["nolabels", "unlabelled_share"] == 1.0
    assert "no interviewer turn" in quality.loc["noint", "flags"]


def test_cli_ingest_prints_quality_and_date_warnings(tmp_path, capsys):
    from researchkit.cli import main

    (tmp_path / "R01.txt").write_text("I: Vraag?\nR: " + "woord " * 100 + "\n", encoding="utf-8")
    sheet = tmp_path / "meta.csv"
    sheet.write_text("doc_id,datum\nR01,02-03-2026\n", encoding="utf-8")
    main(["ingest", str(tmp_path), "--attributes", str(sheet)])
    out = capsys.readouterr().out
    assert "Ingestion quality" in out and "Suspicious files (1):" in out and "R01: one turn holds 99%" in out
    assert "Warnings:" in out and "'02-03-2026' read as 2026-03-02" in out
