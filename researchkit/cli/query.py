"""``researchkit query``: passages behind the counts, from the command line.

Runs a code query in the query language of ``docs/analysis.md``, a keyword-in-context
search, a matrix query, or writes the case x code matrix for SPSS/R, on a project
(``--project``) or on a codings CSV with its transcripts (``--codings``, ``--corpus``).

Examples
--------
::

    researchkit query "SAM.3 AND INFO.WV WITHIN turn" --project havens.rkp --where group=havenmeester
    researchkit query "SIG NEAR 5 VERM" --project havens.rkp --out signalen.docx
    researchkit query --kwic "smokkel*" --lemma --window 8 --project havens.rkp --out smokkel.html
    researchkit query --rows port --cols SAM "VERM AND NOT SIG WITHIN turn" --project havens.rkp
    researchkit query --case-matrix matrix.sav --per speaker --value presence --project havens.rkp
"""

from __future__ import annotations

import argparse
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from researchkit.errors import QueryError
from researchkit.fileio import write_csv

if TYPE_CHECKING:  # pandas loads when a query runs, not when the command line is parsed
    import pandas as pd

__all__ = ["register", "run", "parse_where"]


def parse_where(items: list[str] | None) -> dict[str, list[str]] | None:
    """``--where port=Harlingen --where group=visser|douane`` as a dict of value lists.

    Examples
    --------
    >>> parse_where(["port=Harlingen", "group=visser|douane"])
    {'port': ['Harlingen'], 'group': ['visser', 'douane']}
    """
    out: dict[str, list[str]] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError("RK514", f"--where {item!r} is not NAME=VALUE", hint="write e.g. --where port=Harlingen")
        out.setdefault(name.strip(), []).extend(v.strip() for v in value.split("|"))
    return out or None


def _context(value: str) -> str | int:
    return int(value) if value.isdigit() else value


def _inputs(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    """``(source, corpus, codebook)``: a Project, or a codings table with its corpus."""
    codebook = None
    if args.codebook:
        from researchkit.codebook import Codebook

        codebook = Codebook.load(args.codebook)
    target = args.project or (None if args.codings else os.environ.get("RESEARCHKIT_PROJECT"))
    if target:
        if args.codings or args.corpus:
            raise QueryError("RK513", "give either --project or --codings with --corpus, not both", hint="drop one of them")
        from researchkit.project import Project

        project = Project.open(target, read_only=True)
        return project, None, codebook
    if not args.corpus:
        raise QueryError("RK513", "no input given", hint="pass --project P, or --corpus FOLDER (with --codings CSV for code queries)")
    from researchkit.io import read_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = read_corpus(args.corpus, attributes=args.attributes)
    codings = None
    if args.codings:
        path = Path(args.codings)
        if not path.is_file():
            raise QueryError("RK513", f"{path}: codings file not found", hint="check the path of --codings")
        import pandas as pd

        codings = pd.read_csv(path, dtype={"doc_id": str, "code": str, "coder": str, "source": str}, keep_default_na=False, na_values=[""])
    return codings, corpus, codebook


def _write(frame: pd.DataFrame, out: str, *, codebook: Any = None) -> None:
    from researchkit.query import export_segments

    suffix = Path(out).suffix.lower()
    if suffix in (".docx", ".xlsx"):
        export_segments(frame, out, codebook=codebook)
    elif suffix == ".csv":
        write_csv(frame, out)
    else:
        raise QueryError("RK515", f"--out {out}: cannot write {suffix or 'a file without suffix'!r}", hint="use .csv, .xlsx or .docx")
    print(f"Wrote {len(frame)} row(s) to {out}")


def _show(frame: pd.DataFrame, columns: list[str], limit: int) -> None:
    shown = frame[[c for c in columns if c in frame.columns]].head(limit).copy()
    for col in ("text", "left", "right", "codes"):
        if col in shown.columns:
            values = shown[col].astype(str).str.replace("\n", " ", regex=False)
            shown[col] = values.where(values.str.len() <= 70, values.str.slice(0, 69) + "…")
    print(shown.to_string(index=False) if len(shown) else "(no passages)")
    if len(frame) > limit:
        print(f"... {len(frame) - limit} more (use --out to write all)")


def run(args: argparse.Namespace) -> int:
    """Run the query, KWIC search, matrix query or case-matrix export asked for."""
    from researchkit import query as q

    source, corpus, codebook = _inputs(args)
    corpus_for_kwic = source if corpus is None else corpus  # a Project gives its corpus
    where = parse_where(args.where)
    context = _context(args.context)
    filters = dict(coder=args.coder, source_kind=args.source, corpus=corpus, codebook=codebook)
    if source is None and not args.kwic:
        raise QueryError("RK513", "a code query needs codings", hint="pass --project P, or --codings CSV with --corpus FOLDER")
    if args.kwic:
        hits = q.kwic(corpus_for_kwic, args.kwic, window=args.window, lemma=args.lemma, roles=args.roles)
        print(f"{len(hits)} hit(s) of {args.kwic!r}")
        _show(hits, ["doc_id", "start", "left", "hit", "right"], args.limit)
        if args.out:
            if Path(args.out).suffix.lower() == ".html":
                q.kwic_html(hits, title=args.kwic, path=args.out)
                print(f"Wrote {len(hits)} hit(s) to {args.out}")
            else:
                _write(hits, args.out)
        return 0
    if args.case_matrix:
        from researchkit.query.retrieve import resolve

        codings, corp, cb = resolve(source, corpus=corpus, codebook=codebook, coder=args.coder, source_kind=args.source)
        matrix = q.case_matrix(codings, corp, per=args.per, value=args.value, level=args.level, codebook=cb)
        q.export_case_matrix(matrix, args.case_matrix, codebook=cb)
        print(f"Wrote the {len(matrix)} x {matrix.shape[1]} case matrix ({args.per}, {args.value}) to {args.case_matrix}")
        return 0
    if args.rows:
        if not args.cols:
            raise QueryError("RK516", "--rows needs --cols", hint="e.g. --rows port --cols SAM 'SIG NEAR 5 VERM'")
        matrix = q.matrix_query(source, rows=args.rows, cols=args.cols, where=where, context=context, **filters)
        print(matrix.counts.to_string())
        if args.out:
            _write(matrix.passages, args.out, codebook=codebook)
        return 0
    if not args.expr:
        raise QueryError("RK510", "no query given", hint="e.g. researchkit query 'SAM AND INFO WITHIN turn' --project P")
    result = q.query(source, args.expr, where=where, context=context, **filters)
    print(f"{len(result)} passage(s) for {result['query'].iloc[0] if len(result) else args.expr}")
    _show(result, ["doc_id", "start", "end", "speaker", "codes", "text"], args.limit)
    if args.out:
        _write(result, args.out, codebook=codebook)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``query`` sub-command."""
    parser = sub.add_parser(
        "query", help="code queries, keyword in context, matrix queries, case x code matrix for SPSS/R",
        description=__doc__.split("\nExamples\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("expr", nargs="?", help="a query, e.g. 'SAM.3 AND INFO.WV WITHIN turn' (see docs/analysis.md)")
    src = parser.add_argument_group("input")
    src.add_argument("--project", help="project file or URL (default: $RESEARCHKIT_PROJECT)")
    src.add_argument("--codings", help="codings CSV (doc_id, start, end, code[, coder, source])")
    src.add_argument("--corpus", help="transcript folder the codings refer to")
    src.add_argument("--attributes", help="respondent attributes sheet for --corpus")
    src.add_argument("--codebook", help="codebook YAML (sub-codes, names; default: the project's)")
    sel = parser.add_argument_group("selection")
    sel.add_argument("--coder", nargs="+", help="only these coders' codings")
    sel.add_argument("--source", nargs="+", choices=["manual", "rules", "model", "import"], help="only codings from these sources")
    sel.add_argument("--where", action="append", metavar="NAME=VALUE", help="attribute filter (repeatable; VALUE may be a|b)")
    sel.add_argument("--context", default="sentence", help="sentence (default), turn, paragraph, document, or a number of words")
    modes = parser.add_argument_group("other modes")
    modes.add_argument("--kwic", metavar="PATTERN", help="keyword in context instead of a code query ('smokkel*')")
    modes.add_argument("--window", type=int, default=8, help="KWIC: words on each side (default 8)")
    modes.add_argument("--lemma", action="store_true", help="KWIC: match lemmas too")
    modes.add_argument("--roles", nargs="+", choices=["interviewer", "respondent", "other"], help="KWIC: only these roles")
    modes.add_argument("--rows", help="matrix query: rows = an attribute, doc_id, speaker or role")
    modes.add_argument("--cols", nargs="+", metavar="QUERY", help="matrix query: columns = codes or queries")
    modes.add_argument("--case-matrix", metavar="OUT", help="write the case x code matrix (.sav, .rds or .csv)")
    modes.add_argument("--per", default="document", choices=["document", "respondent", "speaker"], help="case-matrix rows")
    modes.add_argument("--value", default="count", choices=["count", "presence"], help="case-matrix cells")
    modes.add_argument("--level", type=int, help="case matrix: roll codes up to this codebook level")
    out = parser.add_argument_group("output")
    out.add_argument("--out", help="write the passages (.csv, .xlsx, .docx; KWIC also .html)")
    out.add_argument("--limit", type=int, default=20, help="passages shown on screen (default 20)")
    parser.set_defaults(func=run)
