"""Check that a change to the matcher leaves the auto-coded rows exactly as they were.

Auto-codes the demo corpus (every unit; respondents, and respondents plus interviewers),
the gold subset and the second hand-coded set's interviews, and a generated Dutch-like
corpus (``benchmarks/bench_autocode.py``), with one process and with ``n_process=2``, and
writes one SHA-256 digest per table. Run it before a change with ``--save`` and after it
with ``--check``; any difference is listed and the exit status is 1.

Run from the repository root::

    .venv/bin/python codebook/gold/same_rows.py --save /tmp/rows-before.json
    # ... change researchkit/autocode ...
    .venv/bin/python codebook/gold/same_rows.py --check /tmp/rows-before.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_autocode import make_corpus  # noqa: E402

from researchkit.autocode import autocode  # noqa: E402
from researchkit.codebook import Codebook  # noqa: E402
from researchkit.io import read_corpus  # noqa: E402
from researchkit.transcripts import Corpus  # noqa: E402

GOLD = ROOT / "codebook" / "gold" / "gold_codings.csv"
SECOND = ROOT / "codebook" / "gold" / "second" / "second_codings.csv"


def digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a codings table's rows (every column, in order)."""
    h = hashlib.sha256()
    for row in frame.itertuples(index=False):
        h.update(json.dumps(list(row), ensure_ascii=False, default=str).encode("utf-8"))
    return f"{len(frame)} rows {h.hexdigest()[:16]}"


def digests(codebook: Codebook) -> dict[str, str]:
    demo = read_corpus(ROOT / "transcripts")
    gold_docs = set(pd.read_csv(GOLD)["doc_id"]) | set(pd.read_csv(SECOND)["doc_id"])
    gold = Corpus([t for t in demo if t.doc_id in gold_docs])
    out: dict[str, str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for unit in ("sentence", "turn", "paragraph", "document"):
            out[f"demo {unit}"] = digest(autocode(demo, codebook, unit=unit))
        out["demo sentence, respondent+interviewer"] = digest(
            autocode(demo, codebook, roles=("respondent", "interviewer")))
        out["demo sentence, n_process=2"] = digest(autocode(demo, codebook, n_process=2))
        out["gold and second-set interviews, sentence"] = digest(autocode(gold, codebook))
        out["generated 200k words, sentence"] = digest(autocode(make_corpus(200_000), codebook))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", default=str(ROOT / "codebook" / "havens.yaml"))
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the digests to this JSON file")
    group.add_argument("--check", type=Path, help="compare with digests saved earlier")
    args = parser.parse_args()
    now = digests(Codebook.load(args.codebook))
    if args.save:
        args.save.write_text(json.dumps(now, indent=1), encoding="utf-8")
        print("\n".join(f"{k}: {v}" for k, v in now.items()))
        return
    before = json.loads(args.check.read_text(encoding="utf-8"))
    bad = [k for k in before.keys() | now.keys() if before.get(k) != now.get(k)]
    for k in now:
        print(f"{'SAME' if k not in bad else 'DIFFERENT'}  {k}: {now[k]}" + ("" if k not in bad else f" (was {before.get(k)})"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
