"""``researchkit autocode CORPUS --codebook FILE --out codings.csv``: rule-based pre-coding.

Reads the corpus, applies the codebook's rules (see ``docs/codebook.md``), writes the
codings as CSV (atomically) and prints a summary per code. A progress bar is shown on
long runs (more than 50,000 words) unless ``--no-progress`` is given.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - pandas loads only when a command runs
    import pandas as pd


#: Corpora with more words than this get a progress bar.
PROGRESS_WORDS = 50_000


def code_summary(codings: pd.DataFrame, codebook) -> pd.DataFrame:
    """Units and documents per code, in codebook order (codes without codings included).

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha"}]})
    >>> code_summary(pd.DataFrame(columns=["doc_id", "code"]), cb).to_dict("records")
    [{'code': 'A', 'name': 'Alpha', 'level': 1, 'units': 0, 'documents': 0}]
    """
    import pandas as pd

    units = codings.groupby("code").size() if len(codings) else pd.Series(dtype=int)
    docs = codings.groupby("code")["doc_id"].nunique() if len(codings) else pd.Series(dtype=int)
    rows = [
        {"code": c.id, "name": c.name, "level": c.level, "units": int(units.get(c.id, 0)),
         "documents": int(docs.get(c.id, 0))}
        for c in codebook.walk()
    ]
    return pd.DataFrame(rows, columns=["code", "name", "level", "units", "documents"])


def run(args: argparse.Namespace) -> int:
    """Run auto-coding from the command line."""
    from researchkit.fileio import write_csv

    from researchkit.autocode import autocode
    from researchkit.codebook import Codebook
    from researchkit.errors import CodebookWarning
    from researchkit.io import read_corpus

    codebook = Codebook.load(args.codebook)
    corpus = read_corpus(args.corpus, attributes=args.attributes)
    show = args.progress if args.progress is not None else corpus.n_words > PROGRESS_WORDS
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CodebookWarning)
        codings = autocode(
            corpus, codebook, unit=args.unit, roles=tuple(args.roles), n_process=args.n_process,
            model=args.model, progress=bool(show), keep_sentences=False,  # no analysis follows in this process
        )
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    out = write_csv(codings, args.out)
    summary = code_summary(codings, codebook)
    if not args.all_codes:
        summary = summary[summary["units"] > 0]
    print(f"{len(codings)} codings ({args.unit} units) for {codings['doc_id'].nunique() if len(codings) else 0} "
          f"of {len(corpus)} documents written to {out}")
    if len(summary):
        print(summary.to_string(index=False))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``autocode`` sub-command."""
    parser = sub.add_parser("autocode", help="pre-code a corpus with the codebook's rules", description=__doc__)
    parser.add_argument("corpus", help="folder with transcripts (or one transcript file)")
    parser.add_argument("--codebook", required=True, help="codebook YAML (e.g. codebook/havens.yaml)")
    parser.add_argument("--out", required=True, help="codings CSV to write")
    parser.add_argument("--unit", default="sentence", choices=["sentence", "turn", "paragraph", "document"],
                        help="unit a coding spans (default: sentence)")
    parser.add_argument("--attributes", help="respondent attributes sheet (CSV/XLSX with doc_id)")
    parser.add_argument("--roles", nargs="+", default=["respondent"], metavar="ROLE",
                        help="roles coded by codes without their own 'roles:' (default: respondent)")
    parser.add_argument("--n-process", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--model", help="an installed trained spaCy pipeline to use (e.g. nl_core_news_sm)")
    parser.add_argument("--all-codes", action="store_true", help="list codes without codings in the summary too")
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument("--progress", dest="progress", action="store_true", default=None,
                          help="always show a progress bar")
    progress.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")
    parser.set_defaults(func=run)
