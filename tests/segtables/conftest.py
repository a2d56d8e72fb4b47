"""Fixtures for the coded-segment import tests (the pieces live in ``segment_fixtures``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from segment_fixtures import make_codebook, make_corpus  # noqa: E402


@pytest.fixture
def corpus():
    """Two interviews whose ids differ from the names the programs use (``Interview 01.txt``)."""
    return make_corpus()


@pytest.fixture
def codebook():
    """The test codebook."""
    return make_codebook()
