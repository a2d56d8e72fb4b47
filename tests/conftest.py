"""Fixtures shared by several test modules.

``mini`` is the loader of the hand-made mini corpus used by the analysis and figure
tests (``tests/data/analysis/havens_mini.json``, read by ``tests/data/analysis/mini.py``);
``data`` is its ``(corpus, codings, codebook)``. A test module may define its own ``data``.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from types import ModuleType

import pytest

MINI_PATH = pathlib.Path(__file__).parent / "data" / "analysis" / "mini.py"
# shared helper modules of the tests (``damaged_files``) are imported by name (--import-mode=importlib)
_HERE = str(pathlib.Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)


def _load_mini() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rk_analysis_mini", MINI_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def mini() -> ModuleType:
    """The mini-corpus loader module (``mini.load()``, ``mini.build(raw)``)."""
    return _load_mini()


@pytest.fixture(scope="module")
def data(mini):
    """``(corpus, codings, codebook)`` of the mini corpus."""
    return mini.load()


@pytest.fixture()
def focus_partners(tmp_path):
    """``(corpus, codings)`` of a focus group about partners, an interview and an unlabelled note
    (``tests/data/analysis/focus.py``), for the analyses counting per speaker."""
    spec = importlib.util.spec_from_file_location("rk_analysis_focus", pathlib.Path(__file__).parent / "data" / "analysis" / "focus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write(tmp_path)
