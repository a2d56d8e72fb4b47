"""``researchkit new FOLDER --lang nl|en``: scaffold a study (see :mod:`researchkit.scaffold`).

Examples
--------
>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> register(sub)
"""

from __future__ import annotations

import argparse


def new_command(args: argparse.Namespace) -> int:
    """Create the study folder and say what to do next."""
    from researchkit.scaffold import new_study

    folder = new_study(args.folder, lang=args.lang)
    print(f"study created in {folder}: put interviews in transcripts/, fill attributes.csv, "
          f"rewrite codebook.yaml, then: researchkit run {folder / 'run.yaml'}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``new`` sub-command."""
    parser = sub.add_parser("new", help="start a new study folder (transcripts, attributes, codebook, run config)",
                            description="Create a study folder with the layout 'researchkit run' expects.")
    parser.add_argument("folder", help="the new folder (must not exist or be empty)")
    parser.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the codebook and report (default nl)")
    parser.set_defaults(func=new_command)
