"""Build codebook/gold/gold_codings.csv from the hand-coding sheets in this folder.

The gold standard was coded by hand, by reading each respondent sentence of four demo
interviews (R06, R07, R10, R13) against the definitions in codebook/havens.yaml — not by
running the rules. Each ``<doc_id>.codes`` sheet lists ``unit_index: CODE CODE ...`` where
``unit_index`` numbers the sentence units of the document as returned by
``researchkit.units.units(corpus, "sentence")`` (unit indexes are stable across roles).
Sentences not listed were judged to carry no code.

Run from the repository root: ``.venv/bin/python codebook/gold/build_gold.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from researchkit.codebook import Codebook  # noqa: E402
from researchkit.codings import validate_codings  # noqa: E402
from researchkit.io import read_corpus  # noqa: E402
from researchkit.units import units  # noqa: E402

HERE = Path(__file__).resolve().parent


def build(folder: Path, *, coder: str, out_name: str) -> Path:
    """Turn the ``<doc_id>.codes`` sheets in ``folder`` into a codings CSV there (every problem listed at once)."""
    corpus = read_corpus(ROOT / "transcripts", attributes=ROOT / "transcripts" / "attributes.csv")
    codebook = Codebook.load(ROOT / "codebook" / "havens.yaml")
    rows = []
    problems = []
    for sheet in sorted(folder.glob("*.codes")):
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
                             "code": code, "coder": coder, "source": "manual", "text": unit["text"]})
    if problems:
        raise SystemExit("\n".join(problems))
    frame = validate_codings(pd.DataFrame(rows), corpus, name=coder)
    frame = frame.sort_values(["doc_id", "start", "code"], kind="stable").reset_index(drop=True)
    out = folder / out_name
    frame.to_csv(out, index=False, lineterminator="\n")
    print(f"{len(frame)} {coder} codings in {frame['doc_id'].nunique()} documents -> {out}")
    return out


def main() -> None:
    build(HERE, coder="gold", out_name="gold_codings.csv")


if __name__ == "__main__":
    main()
