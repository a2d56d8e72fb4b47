"""Compare lemmatizers (and codebooks) by the rules' precision/recall against hand-coded sets.

For each lemmatizer — spaCy's lookup table as researchkit used it before (case-sensitive,
``spacy``), the lookup table with a lower-case retry (``lookup``), ``simplemma``, and
``lookup+simplemma`` (simplemma for words the table leaves unchanged) — the demo corpus is
auto-coded with a codebook and compared with

- the gold subset ``codebook/gold/gold_codings.csv`` (R06, R07, R10, R13; all codes), and
- the second, independently hand-coded set ``codebook/gold/second/second_codings.csv``
  (top-level codes; see ``codebook/gold/second/README.md``).

Prints P/R/F1 per top-level code and micro averages (sentence units), as Markdown.

Run from the repository root::

    .venv/bin/python codebook/gold/compare_lemmatizers.py [--codebook codebook/havens.yaml] [--methods spacy,lookup+simplemma]
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from researchkit.autocode import AUTOCODE_COLUMNS  # noqa: E402
from researchkit.autocode.ruleset import RuleSet  # noqa: E402
from researchkit.autocode.stream import iter_rows  # noqa: E402
from researchkit.codebook import Codebook  # noqa: E402
from researchkit.evaluate import evaluate, summarize  # noqa: E402
from researchkit.io import read_corpus  # noqa: E402
from researchkit.nlp import get_pipeline  # noqa: E402

METHODS = ("spacy", "lookup", "simplemma", "lookup+simplemma")
GOLD = ROOT / "codebook" / "gold" / "gold_codings.csv"
SECOND = ROOT / "codebook" / "gold" / "second" / "second_codings.csv"


def pipeline(lang: str, method: str):
    """The blank pipeline with ``method``; ``spacy`` is spaCy's own lookup lemmatizer (before)."""
    if method != "spacy":
        return get_pipeline(lang, lemmatizer=method)
    import spacy

    from researchkit.nlp import LINE_BREAK_COMPONENT, _register_components

    _register_components()
    nlp = spacy.blank(lang)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe(LINE_BREAK_COMPONENT)
    nlp.add_pipe("sentencizer")
    nlp.initialize()
    return nlp


def code(corpus, codebook: Codebook, method: str, docs: set[str]) -> pd.DataFrame:
    """Auto-code the documents ``docs`` of ``corpus`` with the lemmatizer ``method``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rules = RuleSet(codebook, pipeline(codebook.language, method), roles=("respondent",))
        rows = [r for _, doc_rows, _ in iter_rows(rules, codebook, [t for t in corpus if t.doc_id in docs],
                                                  unit="sentence", roles=("respondent",), n_process=1, model=None)
                for r in doc_rows]
    return pd.DataFrame(rows, columns=AUTOCODE_COLUMNS)


def scores(pred: pd.DataFrame, gold: pd.DataFrame, codebook: Codebook, level: int | None) -> tuple[pd.DataFrame, dict]:
    report = evaluate(pred, gold, codebook=codebook, level=level)
    return report, summarize(report)


def table(results: dict[str, tuple[pd.DataFrame, dict]], title: str) -> str:
    """Markdown: one row per top-level code, P/R/F1 per method."""
    methods = list(results)
    lines = [f"#### {title}", "", "| code | gold | " + " | ".join(f"{m} P / R / F1" for m in methods) + " |",
             "|---|---:|" + "---|" * len(methods)]
    first = results[methods[0]][0]
    for code_id in first["code"]:
        cells = []
        for m in methods:
            row = results[m][0].set_index("code").loc[code_id]
            cells.append(" / ".join("–" if pd.isna(row[k]) else f"{row[k]:.2f}" for k in ("precision", "recall", "f1")))
        lines.append(f"| {code_id} | {int(first.set_index('code').loc[code_id, 'gold'])} | " + " | ".join(cells) + " |")
    cells = [" / ".join(f"{results[m][1][k]:.2f}" for k in ("micro_precision", "micro_recall", "micro_f1")) for m in methods]
    lines.append("| **micro** | " + str(results[methods[0]][1]["gold"]) + " | " + " | ".join(f"**{c}**" for c in cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", default=str(ROOT / "codebook" / "havens.yaml"))
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--holdout", default="R13", help="gold interview reported separately")
    args = parser.parse_args()
    methods = args.methods.split(",")
    corpus = read_corpus(ROOT / "transcripts", attributes=ROOT / "transcripts" / "attributes.csv")
    codebook = Codebook.load(args.codebook)
    gold = pd.read_csv(GOLD)
    sets = [("gold subset (R06, R07, R10, R13), top level", gold, 1),
            ("gold subset (R06, R07, R10, R13), leaf codes", gold, None),
            (f"held-out gold interview {args.holdout}, top level", gold[gold["doc_id"] == args.holdout], 1),
            (f"held-out gold interview {args.holdout}, leaf codes", gold[gold["doc_id"] == args.holdout], None)]
    if SECOND.exists():
        second = pd.read_csv(SECOND)
        sets.append((f"second hand-coded set ({', '.join(sorted(set(second['doc_id'])))}), top level", second, 1))
    docs = set(gold["doc_id"]) | (set(second["doc_id"]) if SECOND.exists() else set())
    predictions = {m: code(corpus, codebook, m, docs) for m in methods}
    for title, reference, level in sets:
        print(table({m: scores(predictions[m], reference, codebook, level) for m in methods}, title))
        print()


if __name__ == "__main__":
    main()
