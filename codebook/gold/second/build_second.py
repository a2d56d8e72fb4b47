"""Build codebook/gold/second/second_codings.csv from the top-level coding sheets in this folder.

See README.md here for how the sheets were coded. Each ``<doc_id>.codes`` sheet lists
``unit_index: CODE CODE ...`` (sentence units of ``researchkit.units.units(corpus, "sentence")``).

Run from the repository root: ``.venv/bin/python codebook/gold/second/build_second.py``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from researchkit.codebook import Codebook  # noqa: E402
from researchkit.codings import validate_codings  # noqa: E402
from researchkit.io import read_corpus  # noqa: E402
from researchkit.units import units  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> None:
    corpus = read_corpus(ROOT / "transcripts", attributes=ROOT / "transcripts" / "attributes.csv")
    codebook = Codebook.load(ROOT / "codebook" / "havens.yaml")
    rows = []
    problems = []
    for sheet in sorted(HERE.glob("*.codes")):
        doc_id = sheet.stem
        table = units(corpus[doc_id], "sentence").set_index("unit_index")
        for n, line in enumerate(sheet.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            index, _, codes = line.partition(":")
            unit = table.loc[int(index)]
            if unit["role"] != "respondent":
                problems.append(f"{sheet.name} line {n}: unit {index} is not a respondent sentence")
            for code in codes.split():
                if code not in codebook:
                    problems.append(f"{sheet.name} line {n}: unknown code {code}")
                rows.append({"doc_id": doc_id, "start": int(unit["start"]), "end": int(unit["end"]),
                             "code": code, "coder": "second", "source": "manual", "text": unit["text"]})
    if problems:
        raise SystemExit("\n".join(problems))
    frame = validate_codings(pd.DataFrame(rows), corpus, name="gold")
    frame = frame.sort_values(["doc_id", "start", "code"], kind="stable").reset_index(drop=True)
    out = HERE / "second_codings.csv"
    frame.to_csv(out, index=False, lineterminator="\n")
    print(f"{len(frame)} gold codings in {frame['doc_id'].nunique()} documents -> {out}")


if __name__ == "__main__":
    main()
