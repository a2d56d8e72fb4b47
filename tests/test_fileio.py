import os

import pandas as pd
import pytest

from researchkit.fileio import atomic_path, atomic_write, write_csv


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("writer crashed")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_written_files_get_normal_permissions(tmp_path):
    path = atomic_write(tmp_path / "a" / "b.txt", "tekst met é")
    assert path.read_bytes() == "tekst met é".encode("utf-8")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_write_csv_is_deterministic(tmp_path):
    frame = pd.DataFrame({"doc_id": ["R01"], "text": ["ja\nnee"]})
    a = write_csv(frame, tmp_path / "a.csv").read_bytes()
    b = write_csv(frame, tmp_path / "b.csv").read_bytes()
    assert a == b and b"\r\n" not in a


def test_write_csv_neutralises_formula_cells_but_not_numbers(tmp_path):
    import csv

    cells = ["=HYPERLINK(\"http://x\",\"klik\")", "@SUM(A1:A9)", "+1+cmd|' /C calc'!A0", "-2+3", "\tverborgen",
             "-3", "+31", "-2.5e3", "- Ja zeker", "gewoon", "'t Hoekje", ""]
    frame = pd.DataFrame({"doc_id": [f"R{i:02d}" for i in range(len(cells))], "group": cells, "n": range(-6, len(cells) - 6)})
    path = write_csv(frame, tmp_path / "a.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    written = [row["group"] for row in rows]
    assert written[:5] == ["'" + c for c in cells[:5]]
    assert written[5:] == cells[5:]
    assert [row["n"] for row in rows][:2] == ["-6", "-5"]  # numeric columns untouched
    from researchkit.fileio import restore_formula

    assert [restore_formula(v) for v in written] == cells
    raw = write_csv(frame, tmp_path / "b.csv", neutralise_formulas=False).read_text(encoding="utf-8")
    assert "\nR00,\"=HYPERLINK" in raw and "\nR01,@SUM" in raw


def test_formula_cells_from_an_attributes_sheet_are_neutralised_in_outputs(tmp_path):
    from researchkit.io.attributes import read_attributes

    sheet = tmp_path / "attrs.csv"
    sheet.write_text("doc_id,group,note\nR01,=1+1,-3\n", encoding="utf-8")
    attrs = read_attributes(sheet)
    assert attrs.loc["R01", "group"] == "=1+1"  # read as written, never evaluated
    out = write_csv(attrs.reset_index(), tmp_path / "out.csv").read_text(encoding="utf-8")
    assert out == "doc_id,group,note\nR01,'=1+1,-3\n"


def test_carriage_returns_inside_cells_do_not_split_rows(tmp_path):
    import csv

    frame = pd.DataFrame({"doc_id": ["R01", "R02"], "memo": ["regel een\rregel twee", "a\r\nb"]})
    path = write_csv(frame, tmp_path / "m.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["memo"] for row in rows] == ["regel een\nregel twee", "a\nb"]
