"""The command line starts light: --help and parsing import none of the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["pandas", "numpy", "spacy", "matplotlib", "sklearn", "scipy", "docx", "sqlalchemy", "openpyxl", "lxml",
         "anywidget", "pdfplumber", "deduce"]


def _imported_after(code: str) -> list[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(m for m in %r if m in sys.modules)))" % (HEAVY,)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_help_imports_no_heavy_library():
    code = "import contextlib, io\nfrom researchkit.cli import build_parser\nbuild_parser().format_help()"
    assert _imported_after(code) == []


def test_import_researchkit_is_light():
    assert _imported_after("import researchkit") == []


def test_every_subcommand_help_is_light():
    code = (
        "from researchkit.cli import build_parser\n"
        "p = build_parser()\n"
        "sub = next(a for a in p._actions if a.__class__.__name__ == '_SubParsersAction')\n"
        "for name, parser in sub.choices.items():\n"
        "    parser.format_help()\n"
    )
    assert _imported_after(code) == []


def test_storing_one_coding_imports_no_nlp_figure_or_word_library(tmp_path):
    from researchkit.project import Project
    from researchkit.transcripts import Transcript, Turn

    path = tmp_path / "s.rkp"
    with Project.create(str(path), user="anna") as project:
        project.add_documents(Transcript("R01", "R: We zagen een busje bij de kade.", turns=(Turn("R", "respondent", 3, 34),)))
        project.set_codebook({"codes": [{"id": "SIG", "name": "Signalen"}]})
    code = (
        "from researchkit.cli import main\n"
        f"assert main(['code', 'R01', '--project', {str(path)!r}, '--code', 'SIG', '--coder', 'anna', '--quote', 'een busje']) == 0\n"
    )
    imported = _imported_after(code)
    assert not {"spacy", "matplotlib", "sklearn", "scipy", "docx", "openpyxl", "lxml", "anywidget", "pdfplumber", "deduce"} & set(imported)
    with Project.open(str(path)) as project:
        assert project.codings()["text"].tolist() == ["een busje"]


def test_storing_and_removing_one_coding_never_loads_pandas(tmp_path):
    import sqlite3

    from researchkit.project import Project
    from researchkit.transcripts import Transcript, Turn

    path = tmp_path / "s.rkp"
    with Project.create(str(path), user="anna") as project:
        project.add_documents(Transcript("R01", "R: We zagen een busje bij de kade.", turns=(Turn("R", "respondent", 3, 34),)))
        project.set_codebook({"codes": [{"id": "SIG", "name": "Signalen"}]})
    args = ["code", "R01", "--project", str(path), "--code", "SIG", "--coder", "bert", "--quote", "een  busje", "--memo", "kade"]
    store = f"from researchkit.cli import main\nassert main({args!r}) == 0\n"
    assert _imported_after(store) == ["sqlalchemy"]  # no pandas, numpy or anything heavier
    with sqlite3.connect(path) as db:  # read back without the store: the row and its audit entry are really there
        rows = db.execute('SELECT doc_id, start, "end", code, coder, source, text, memo, anchored, id FROM rk_codings').fetchall()
        audit = db.execute("SELECT who, action, target, after FROM rk_audit WHERE action = 'code'").fetchall()
    assert [r[:9] for r in rows] == [("R01", 12, 21, "SIG", "bert", "manual", "een busje", "kade", 1)]
    assert [(a[0], a[1], a[2], json.loads(a[3])) for a in audit] == [
        ("bert", "code", "codings", {"count": 1, "skipped": 0, "coders": ["bert"], "ids": [rows[0][9]]})
    ]
    remove = f"from researchkit.cli import main\nassert main({args[:-2] + ['--uncode']!r}) == 0\n"
    assert _imported_after(remove) == ["sqlalchemy"]
    with Project.open(str(path)) as project:
        assert project.codings().empty
        assert project.history()["action"].tolist()[-2:] == ["code", "uncode"]
