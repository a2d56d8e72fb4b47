"""Build codebook/gold/second/second_codings.csv from the top-level coding sheets in this folder.

See README.md here for how the sheets were coded. Each ``<doc_id>.codes`` sheet lists
``unit_index: CODE CODE ...`` (sentence units of ``researchkit.units.units(corpus, "sentence")``);
the sheets are read by the same ``build`` as the gold subset's (``codebook/gold/build_gold.py``).

Run from the repository root: ``.venv/bin/python codebook/gold/second/build_second.py``.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from build_gold import build  # noqa: E402

if __name__ == "__main__":
    build(HERE, coder="second", out_name="second_codings.csv")
