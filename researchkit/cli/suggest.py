"""``researchkit suggest``: learn a coder's codes, suggest them for uncoded interviews, measure how well.

::

    researchkit suggest --project study.rkp --coder anna --evaluate          # rules, model, model + rules
    researchkit suggest --project study.rkp --coder anna --learning-curve    # active against random review order
    researchkit suggest --project study.rkp --coder anna --store             # suggestions, for review
    researchkit suggest --codings codings.csv --corpus transcripts --coder anna --out suggestions.csv

Suggestions are made for the documents the coder has not coded (or ``--documents``) and
are stored with ``source="model"``; they count as codings only after review. The default
``hybrid`` model uses the codebook's rules as features and falls back on them; the rules
come from the project (its ``rules`` codings, else its codebook) or ``--codebook``.

Examples
--------
>>> from researchkit.cli import build_parser
>>> build_parser().parse_args(["suggest", "--project", "p.rkp", "--coder", "anna"]).backend
'hybrid'
"""

from __future__ import annotations

import argparse
import os
import warnings
from pathlib import Path

from researchkit.errors import SuggestionError

__all__ = ["register", "run"]


def _inputs(args: argparse.Namespace):
    import pandas as pd

    target = args.project or (None if args.codings else os.environ.get("RESEARCHKIT_PROJECT"))
    if target:
        from researchkit.project import Project

        project = Project.open(target, read_only=not args.store)
        return project.codings(), project.corpus(), project
    if not (args.codings and args.corpus):
        raise SuggestionError(
            "RK409", "no codings given", hint="pass --project P, or --codings CSV together with --corpus FOLDER"
        )
    from researchkit.io import read_corpus

    if not Path(args.codings).is_file():
        raise SuggestionError("RK409", f"{args.codings}: codings file not found", hint="check the path of --codings")
    codings = pd.read_csv(args.codings, dtype={"doc_id": str, "code": str, "coder": str}, keep_default_na=False, na_values=[""])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = read_corpus(args.corpus, attributes=args.attributes)
    return codings, corpus, None


def _rules(args: argparse.Namespace, codings, project):
    """The rule codings (or a codebook to make them) and the codebook, or ``(None, None)``."""
    codebook = None
    if args.codebook:
        from researchkit.codebook import Codebook

        codebook = Codebook.load(args.codebook)
    elif project is not None:
        codebook = project.codebook()
    if args.no_rules:
        return None, codebook
    if "source" in codings.columns and (codings["source"] == "rules").any():
        return codings[codings["source"] == "rules"], codebook
    return codebook, codebook


def _print_comparison(table, args) -> None:
    from researchkit.suggest import summarise_systems

    folds = table.attrs["folds"]
    print(f"{', '.join(dict.fromkeys(table['system']))} in the same {len(folds)} folds of whole interviews; unit {args.unit}; "
          f"truth: coder {args.coder}; {table.attrs['n_units']} units")
    wide = table.pivot_table(index="code", columns="system", values=["precision", "recall", "f1"], sort=False)
    wide.columns = [f"{stat}_{system}" for stat, system in wide.columns]
    print(wide.to_string(float_format=lambda v: f"{v:.3f}", na_rep="-"))
    print()
    print(summarise_systems(table).to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def run(args: argparse.Namespace) -> int:
    """Evaluate, draw the learning curve, or train and suggest."""
    from researchkit.suggest import (active_learning_curve, compare_with_rules, evaluate_suggestions,
                                     learning_curve, train)

    codings, corpus, project = _inputs(args)
    rules, codebook = _rules(args, codings, project)
    human = codings[codings["source"] != "rules"] if "source" in codings.columns else codings
    common = dict(coder=args.coder, unit=args.unit, min_examples=args.min_examples, seed=args.seed,
                  backend=args.backend, roles=args.roles)
    if args.evaluate and args.backend == "hybrid":
        if rules is None:
            print("No rules to compare with (no --codebook, no codebook or rule codings in the project): the model alone.")
        table = compare_with_rules(human, corpus, coder=args.coder, rules=rules, codebook=codebook, folds=args.folds,
                                   seed=args.seed, unit=args.unit, min_examples=args.min_examples, roles=args.roles)
        _print_comparison(table, args)
        if args.out:
            from researchkit.fileio import write_csv

            write_csv(table, args.out)
        return 0
    if args.learning_curve:
        curve = active_learning_curve(human, corpus, coder=args.coder, rules=rules, codebook=codebook,
                                      folds=args.folds, seeds=tuple(range(args.seed, args.seed + args.seeds)),
                                      unit=args.unit, roles=args.roles, min_examples=args.min_examples)
        print(f"Held-out micro-F1 after reviewing N units, active against random order "
              f"({args.seeds} seeds, {len(curve.attrs['folds'])} folds of whole interviews):")
        print(curve.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        if args.out:
            from researchkit.fileio import write_csv

            write_csv(curve, args.out)
        return 0
    if args.document_curve:
        common.pop("backend")
        curve = learning_curve(human, corpus, folds=args.folds, threshold=args.threshold or 0.5,
                               backend="sklearn" if args.backend == "hybrid" else args.backend, **common)
        print(curve.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        if args.out:
            from researchkit.fileio import write_csv

            write_csv(curve, args.out)
        return 0
    if args.evaluate:
        table = evaluate_suggestions(human, corpus, folds=args.folds, threshold=args.threshold or 0.5, **common)
        print(f"Cross-validated by document ({args.folds} folds), backend {args.backend}, unit {args.unit}, "
              f"threshold {args.threshold}, coder {args.coder}")
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
        if args.out:
            from researchkit.fileio import write_csv

            write_csv(table, args.out)
        return 0
    extra = {"rules": rules, "codebook": codebook} if args.backend == "hybrid" else {}
    model = train(human, corpus, **common, **extra)
    coded = set(codings.loc[codings["coder"].astype(str) == args.coder, "doc_id"])
    targets = args.documents or [d for d in corpus.doc_ids if d not in coded]
    print(f"{model!r}; trained in {model.train_seconds:.1f} s")
    if model.skipped_codes:
        print(f"Not predicted (fewer than {args.min_examples} examples): {', '.join(model.skipped_codes)}")
    if not targets:
        print(f"Every document is coded by {args.coder}; pass --documents to choose documents to suggest codes for.")
        return 0
    suggestions = model.predict(corpus, threshold=args.threshold, documents=targets)
    if args.order != "document":
        from researchkit.suggest import order_suggestions

        suggestions = order_suggestions(suggestions, strategy=args.order, seed=args.seed)
    print(f"{len(suggestions)} suggestion(s) for {len(targets)} document(s): {', '.join(targets)}")
    if args.store:
        if project is None:
            raise SuggestionError("RK410", "--store needs --project", hint="or write the suggestions with --out CSV")
        stored = project.add_codings(suggestions, on_duplicate="skip")
        print(f"Stored {len(stored)} suggestion(s) as {model.name!r} (source 'model') in {project.location}; review them there")
    if args.out:
        from researchkit.fileio import write_csv

        write_csv(suggestions, args.out)
        print(f"Wrote {args.out}")
    if not args.store and not args.out:
        print(suggestions.drop(columns=["coder", "source"]).to_string(index=False))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``suggest`` sub-command."""
    parser = sub.add_parser("suggest", help="model-assisted coding: suggestions and their measured quality",
                            description=__doc__.split("\nExamples\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", help="project file or URL (default: $RESEARCHKIT_PROJECT)")
    parser.add_argument("--codings", help="codings CSV")
    parser.add_argument("--corpus", help="transcript folder for --codings")
    parser.add_argument("--attributes", help="attributes sheet for --corpus")
    parser.add_argument("--coder", required=True, help="the human coder to learn from")
    parser.add_argument("--unit", default="sentence", choices=["sentence", "turn", "paragraph"], help="unit of the examples and suggestions")
    parser.add_argument("--roles", nargs="+", choices=["interviewer", "respondent", "other"], help="only units of these roles")
    parser.add_argument("--backend", default="hybrid", choices=["hybrid", "sklearn", "spacy"],
                        help="model (default hybrid: text, context and the rules; see docs/agreement.md)")
    parser.add_argument("--codebook", help="codebook whose rules the hybrid model uses (default: the project's)")
    parser.add_argument("--no-rules", action="store_true", help="train the hybrid model on text and context only")
    parser.add_argument("--min-examples", type=int, default=5, help="codes with fewer coded units are not predicted (default 5)")
    parser.add_argument("--threshold", type=float, default=None,
                        help="suggest a code from this probability (default: each code's threshold learnt in training; 0.5 for sklearn/spacy)")
    parser.add_argument("--order", default="document", choices=["document", "confidence", "active", "random"],
                        help="order of the suggestions written or stored (default: document order)")
    parser.add_argument("--seeds", type=int, default=3, help="seeds for --learning-curve (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--folds", type=int, default=4, help="cross-validation folds of whole documents (default 4)")
    parser.add_argument("--documents", nargs="+", metavar="DOC_ID", help="suggest for these documents")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--evaluate", action="store_true", help="cross-validated per-code quality against the coder")
    mode.add_argument("--learning-curve", action="store_true",
                      help="F1 after 25/50/100/200 reviewed units, active against random review order")
    mode.add_argument("--document-curve", action="store_true", help="quality against the number of coded interviews")
    parser.add_argument("--out", help="write the suggestions (or the evaluation) as CSV")
    parser.add_argument("--store", action="store_true", help="store the suggestions in the project for review")
    parser.set_defaults(func=run)
