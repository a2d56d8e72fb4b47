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
