"""The main job notes manual codings without pinned passages; pinning them changes no output."""

from __future__ import annotations

import importlib.util
import pathlib

from researchkit.cli import main
from researchkit.codingsfile import read_codings_file
from researchkit.run import run

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)


def test_unpinned_manual_codings_give_a_note_and_a_warning_and_pinning_changes_no_output(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = small.write(tmp_path / "study")
    manual = tmp_path / "study" / "codebook" / "gold" / "manual.csv"
    assert read_codings_file(manual).column("text") is None
    rows = len(read_codings_file(manual).rows)

    assert main(["run", str(config), "--out", str(tmp_path / "first"), "-q"]) == 0
    captured = capsys.readouterr()
    command = "researchkit code pin study/codebook/gold/manual.csv --config study/codebook/run.yaml"
    warning = (f"warning: manual codings codebook/gold/manual.csv: {rows} of {rows} coding(s) have no pinned passage "
               "(no 'text' column), so their offsets cannot be checked against edited transcripts")
    assert warning in captured.err and command in captured.err
    assert "warning" not in captured.out

    lines: list[str] = []
    first = run(config, out=tmp_path / "again", progress=lines.append)
    assert [n for n in first.warnings] == [n for n in first.notes if n.startswith("manual codings codebook/gold/manual.csv")]
    assert any(line.startswith("  warning: manual codings codebook/gold/manual.csv") for line in lines)

    # the command the note names pins the file; the run then gives no note, and every output is byte-identical
    assert main(command.split()[1:]) == 0
    assert read_codings_file(manual).column("text") is not None
    second = run(config, out=tmp_path / "second", progress=None)
    assert second.warnings == [] and not any(n.startswith("manual codings") for n in second.notes)
    assert second.manifest["outputs"] == first.manifest["outputs"]
    for name in first.manifest["outputs"]:
        assert (tmp_path / "second" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
