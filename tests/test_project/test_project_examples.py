"""The docstring examples' projects leave nothing behind in the temporary directory."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from researchkit.project.examples import example_project


def test_the_example_folder_goes_with_the_project() -> None:
    project = example_project({"R01": "R: ja"})
    folder = Path(project.path).parent if hasattr(project, "path") else None
    folder = folder or Path(str(project.engine.url.database)).parent
    assert folder.name.startswith("rk-example-") and folder.exists()
    project.close()
    del project
    gc.collect()
    assert not folder.exists()


def test_the_example_folder_is_removed_when_python_exits() -> None:
    code = ("from researchkit.project.examples import example_project\n"
            "p = example_project({'R01': 'R: ja'})\n"
            "print(p.engine.url.database)\n")  # still open when the interpreter ends
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    database = Path(out.strip())
    assert database.name == "example.rkp"
    assert not database.parent.exists()
