"""``researchkit evaluate``: precision, recall and F1 of the rules against a gold standard.

Either pass a codings CSV (``researchkit evaluate codings.csv --gold gold.csv``) or let
the command auto-code the gold documents itself (``--corpus transcripts --codebook
codebook/havens.yaml``). ``--level 1`` compares top-level codes.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - pandas loads only when a command runs
    import pandas as pd

from researchkit.errors import EvaluationError


def read_codings_csv(path: str | Path) -> pd.DataFrame:
    """Read a codings CSV written by researchkit (ids and texts kept as text).

    Raises
    ------
    EvaluationError
        ``RK230`` when the file does not exist.

    Examples
    --------
    >>> import pandas as pd
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_text("doc_id,start,end,code,coder,source,text\\n001,0,2,A,x,manual,ja\\n")
    >>> read_codings_csv(p).loc[0, "doc_id"]
    '001'
    """
    import pandas as pd

    p = Path(path)
    if not p.is_file():
        raise EvaluationError("RK230", f"{p}: codings file not found", hint="check the path of the CSV")
    text_cols = {c: str for c in ("doc_id", "code", "coder", "source", "text", "unit", "rule_id", "evidence")}
    return pd.read_csv(p, dtype=text_cols, keep_default_na=False, na_values={"evidence": [""], "rule_id": [""]})


def format_report(report: pd.DataFrame, summary: dict) -> str:
    """The evaluation as a plain-text table plus micro/macro averages.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"code": ["A"], "gold": [1], "predicted": [1], "matched_gold": [1],
    ...                   "matched_predicted": [1], "precision": [1.0], "recall": [1.0], "f1": [1.0]})
    >>> from researchkit.evaluate import summarize
    >>> "micro" in format_report(r, summarize(r))
    True
    """
    shown = report.copy()
    for col in ("precision", "recall", "f1"):
        shown[col] = shown[col].map(lambda v: "-" if isinstance(v, float) and math.isnan(v) else f"{v:.2f}")
    lines = [shown.to_string(index=False), ""]

    def fmt(v: float) -> str:
        return "-" if math.isnan(v) else f"{v:.3f}"

    lines.append(f"codes {summary['codes']}, gold units {summary['gold']}, predicted units {summary['predicted']}")
    lines.append(f"micro  precision {fmt(summary['micro_precision'])}  recall {fmt(summary['micro_recall'])}  "
                 f"F1 {fmt(summary['micro_f1'])}")
    lines.append(f"macro  precision {fmt(summary['macro_precision'])}  recall {fmt(summary['macro_recall'])}  "
                 f"F1 {fmt(summary['macro_f1'])}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Evaluate from the command line."""
    import warnings

    from researchkit.autocode import autocode
    from researchkit.codebook import Codebook
    from researchkit.evaluate import evaluate, summarize

    gold = read_codings_csv(args.gold)
    codebook = Codebook.load(args.codebook) if args.codebook else None
    if args.codings:
        codings = read_codings_csv(args.codings)
    else:
        if not (args.corpus and codebook is not None):
            raise EvaluationError("RK230", "no codings to evaluate",
                                  hint="pass a codings CSV, or --corpus and --codebook to auto-code the gold documents")
        from researchkit.io import read_corpus
        from researchkit.transcripts import Corpus

        corpus = read_corpus(args.corpus, attributes=args.attributes)
        wanted = set(gold["doc_id"])
        missing = sorted(wanted - set(corpus.doc_ids))
        if missing:
            raise EvaluationError("RK230", f"gold documents not in the corpus: {', '.join(missing)}",
                                  hint="point --corpus at the folder the gold standard was coded on")
        subset = Corpus([t for t in corpus if t.doc_id in wanted])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            codings = autocode(subset, codebook, unit=args.unit)
    report = evaluate(codings, gold, codebook=codebook, level=args.level)
    print(format_report(report, summarize(report)))
    if args.out:
        from researchkit.fileio import write_csv

        write_csv(report, args.out)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``evaluate`` sub-command."""
    parser = sub.add_parser("evaluate", help="precision/recall/F1 of codings against a gold standard",
                            description=__doc__)
    parser.add_argument("codings", nargs="?", help="codings CSV to evaluate (omit to auto-code with --corpus)")
    parser.add_argument("--gold", required=True, help="gold codings CSV (e.g. codebook/gold/gold_codings.csv)")
    parser.add_argument("--codebook", help="codebook YAML (needed for --level and for --corpus)")
    parser.add_argument("--corpus", help="transcripts folder: auto-code the gold documents with --codebook")
    parser.add_argument("--attributes", help="attributes sheet for --corpus")
    parser.add_argument("--unit", default="sentence", choices=["sentence", "turn", "paragraph", "document"])
    parser.add_argument("--level", type=int, help="compare codes rolled up to this level (1 = top level)")
    parser.add_argument("--out", help="write the per-code table to this CSV")
    parser.set_defaults(func=run)
