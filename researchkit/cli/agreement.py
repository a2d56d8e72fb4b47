"""``researchkit agreement``: inter-coder agreement per code, disagreements and adjudication.

Codings come from a project (``--project P``, or ``RESEARCHKIT_PROJECT``) or from a
codings CSV plus the transcript folder (``--codings CSV --corpus FOLDER [--attributes
CSV]``)::

    researchkit agreement --project study.rkp --coders anna bram --unit sentence --out agreement.csv
    researchkit agreement --codings codings.csv --corpus transcripts --coders anna bram \\
        --disagreements to_discuss.csv
    # after the meeting filled in the 'decision' column:
    researchkit agreement --project study.rkp --coders anna bram --decisions to_discuss.csv --store

Examples
--------
>>> from researchkit.cli import build_parser
>>> args = build_parser().parse_args(["agreement", "--project", "p.rkp", "--coders", "a", "b"])
>>> args.coders, args.unit
(['a', 'b'], 'sentence')
"""

from __future__ import annotations

import argparse
import os
import warnings
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - pandas loads only when a command runs
    import pandas as pd

from researchkit.errors import AgreementError, AgreementWarning

__all__ = ["format_table", "load_inputs", "register", "run"]


def format_table(table: pd.DataFrame) -> str:
    """The agreement table as plain text: a header stating the unit, then the rows.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"code": ["X"], "unit": ["sentence"], "n_units": [4], "alpha": [0.51234], "note": [""]})
    >>> t.attrs.update(unit="sentence", coders=["a", "b"], documents=["R01"])
    >>> print(format_table(t).splitlines()[0])
    Unit of analysis: sentence; 4 units in 1 document(s); coders: a, b
    """
    n_units = int(table["n_units"].iloc[-1]) if len(table) else 0
    docs = table.attrs.get("documents", [])
    head = (
        f"Unit of analysis: {table.attrs.get('unit', '?')}; {n_units} units in {len(docs)} document(s); "
        f"coders: {', '.join(table.attrs.get('coders', []))}"
    )
    if table.attrs.get("roles"):
        head += f"; roles: {', '.join(table.attrs['roles'])}"
    shown = table.drop(columns=["unit", "note"], errors="ignore")
    body = shown.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="NaN")
    lines = [head, "", body]
    notes = [(c, n) for c, n in zip(table["code"], table.get("note", [])) if isinstance(n, str) and n]
    if notes:
        lines += ["", "Notes:"] + [f"  {c}: {n}" for c, n in notes]
    excluded = table.attrs.get("excluded_documents")
    if excluded:
        lines += ["", f"Left out (coded by only some coders): {', '.join(excluded)}"]
    return "\n".join(lines)


def load_inputs(args: argparse.Namespace):
    """Return ``(codings, corpus, codebook, project)`` from ``--project`` or ``--codings/--corpus``."""
    import pandas as pd

    project_target = args.project or (None if args.codings else os.environ.get("RESEARCHKIT_PROJECT"))
    codebook = None
    if args.codebook:
        from researchkit.codebook import Codebook

        codebook = Codebook.load(args.codebook)
    if project_target:
        if args.codings or args.corpus:
            raise AgreementError(
                "RK403", "give either --project or --codings with --corpus, not both", hint="drop one of them"
            )
        from researchkit.project import Project

        project = Project.open(project_target, read_only=not args.store)
        codings = project.codings(coder=list(args.coders))
        corpus = project.corpus()
        if codebook is None and args.level is not None:
            codebook = project.codebook()
        return codings, corpus, codebook, project
    if not (args.codings and args.corpus):
        raise AgreementError(
            "RK403",
            "no codings given",
            hint="pass --project P, or --codings CSV together with --corpus FOLDER (and --attributes CSV if needed)",
        )
    from researchkit.io import read_corpus

    path = Path(args.codings)
    if not path.is_file():
        raise AgreementError("RK403", f"{path}: codings file not found", hint="check the path of --codings")
    codings = pd.read_csv(path, dtype={"doc_id": str, "code": str, "coder": str}, keep_default_na=False, na_values=[""])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = read_corpus(args.corpus, attributes=args.attributes)
    return codings, corpus, codebook, None


def run(args: argparse.Namespace) -> int:
    """Compute and print the agreement table; optionally write it, the disagreements, or the consensus."""
    import pandas as pd
    from researchkit.fileio import write_csv

    from researchkit.agreement import adjudicate, agreement, disagreements

    codings, corpus, codebook, project = load_inputs(args)
    options = dict(
        coders=args.coders,
        corpus=corpus,
        unit=args.unit,
        codes=args.codes,
        level=args.level,
        codebook=codebook,
        roles=args.roles,
        documents="all" if args.all_documents else None,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AgreementWarning)
        if args.decisions:
            decisions = pd.read_csv(args.decisions, dtype={"doc_id": str, "decision": str}, keep_default_na=False, na_values=[""])
            opts = {k: v for k, v in options.items()}
            consensus = adjudicate(codings, decisions, coder=args.consensus_coder, **opts)
            if args.store:
                if project is None:
                    raise AgreementError("RK408", "--store needs --project", hint="or write the consensus with --out CSV")
                stored = project.add_codings(consensus, coder=args.consensus_coder)
                print(f"Stored {len(stored)} consensus coding(s) as coder {args.consensus_coder!r} in {project.location}")
            if args.out:
                write_csv(consensus, args.out)
                print(f"Wrote {len(consensus)} consensus coding(s) to {args.out}")
            if not args.store and not args.out:
                print(consensus.drop(columns=["text"]).to_string(index=False))
            return 0
        table = agreement(
            codings, ci=args.ci, n_boot=args.n_boot, seed=args.seed, **options
        )
        print(format_table(table))
        if args.out:
            write_csv(table, args.out)
            print(f"\nWrote {args.out}")
        if args.disagreements:
            if args.unit == "character":
                raise AgreementError("RK404", "disagreements are listed per unit, not per character",
                                     hint="use --unit sentence (or turn, paragraph, document) with --disagreements")
            dis = disagreements(codings, **options)
            write_csv(dis, args.disagreements)
            print(f"Wrote {len(dis)} disputed unit(s) to {args.disagreements}; fill in the 'decision' column, "
                  "then run again with --decisions")
    for w in caught:
        print(f"warning: {w.message}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``agreement`` sub-command."""
    parser = sub.add_parser(
        "agreement",
        help="inter-coder agreement per code; disagreements; adjudication",
        description=__doc__.split("\nExamples\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    src = parser.add_argument_group("input")
    src.add_argument("--project", help="project file or URL (default: $RESEARCHKIT_PROJECT)")
    src.add_argument("--codings", help="codings CSV (doc_id, start, end, code, coder, source[, text])")
    src.add_argument("--corpus", help="transcript folder the codings CSV refers to")
    src.add_argument("--attributes", help="respondent attributes sheet for --corpus")
    src.add_argument("--codebook", help="codebook YAML (for --level; default: the project's codebook)")
    parser.add_argument("--coders", nargs="+", required=True, metavar="CODER", help="two or more coders to compare")
    parser.add_argument("--unit", default="sentence",
                        choices=["sentence", "turn", "paragraph", "document", "character"], help="unit of analysis")
    parser.add_argument("--codes", nargs="+", metavar="CODE", help="only these codes (default: all used)")
    parser.add_argument("--level", type=int, help="roll codes up to this codebook level first")
    parser.add_argument("--roles", nargs="+", choices=["interviewer", "respondent", "other"], help="only units in turns of these roles")
    parser.add_argument("--all-documents", action="store_true",
                        help="compare every document, also those some coder did not code at all")
    parser.add_argument("--ci", type=float, help="bootstrap confidence level for kappa and alpha, e.g. 0.95")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    out = parser.add_argument_group("output")
    out.add_argument("--out", help="write the table (or, with --decisions, the consensus codings) as CSV")
    out.add_argument("--disagreements", metavar="CSV", help="write the disputed units for an adjudication meeting")
    out.add_argument("--decisions", metavar="CSV", help="a disagreements CSV with the 'decision' column filled in")
    out.add_argument("--consensus-coder", default="consensus", help="coder name of the adjudicated codings")
    out.add_argument("--store", action="store_true", help="with --decisions and --project: store the consensus codings")
    parser.set_defaults(func=run)
