import subprocess
import sys
from pathlib import Path

from researchkit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_ingest_summary_on_demo_corpus(capsys):
    code = main(["ingest", str(ROOT / "transcripts"), "--attributes", str(ROOT / "transcripts" / "attributes.csv")])
    out = capsys.readouterr().out
    assert code == 0
    assert "Documents: 16" in out and "Problems: none" in out
    assert "port: Delfzijl (4), Eemshaven (4), Harlingen (4), Lauwersoog (4)" in out


def test_ingest_reports_problems_and_exits_1(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("I: ja\nR: nee\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    code = main(["ingest", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1 and "b.txt" in out and "RK104" in out


def test_console_script_runs():
    result = subprocess.run([sys.executable, "-m", "researchkit.cli", "--help"], capture_output=True, text=True, check=True)
    assert "ingest" in result.stdout


def test_user_error_exit_code(tmp_path, capsys):
    code = main(["ingest", str(tmp_path / "missing")])
    assert code == 2 and "RK101" in capsys.readouterr().err
