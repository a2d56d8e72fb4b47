"""``researchkit project import-segments``: another program's table of coded segments into a project.

MAXQDA's "Export coded segments", ATLAS.ti's quotation export, NVivo's coding reports,
QualCoder's coded-text CSV, Dedoose's excerpt export and Taguette's highlights are read
(see :mod:`researchkit.segtables`); each segment is placed in the project's document
it names and stored as a coding with source ``import``. The report lists every row that
could not be placed and why (``--issues FILE`` also writes them as CSV).

This module adds the action to ``researchkit project`` (it is registered by
:mod:`researchkit.cli.project`, not as a command of its own).

Examples
--------
>>> from researchkit.cli import build_parser
>>> args = build_parser().parse_args(["project", "import-segments", "coded.xlsx", "--project", "s.rkp", "--coder", "anna"])
>>> args.project_option, args.coder, args.codes_from_path, args.project_command
('s.rkp', 'anna', False, 'import-segments')
"""

from __future__ import annotations

import argparse

__all__ = ["register_import_segments"]


def _import_segments(args: argparse.Namespace) -> int:
    from researchkit.project import Project

    with Project.open(args.project, user=args.user or args.coder) as project:
        report = project.import_segments(args.file, coder=args.coder, codes_from_path=args.codes_from_path,
                                         on_duplicate="error" if args.error_on_duplicate else "skip",
                                         sheet=args.sheet, encoding=args.encoding)
    print(report)
    if args.issues:
        from researchkit.fileio import write_csv

        path = write_csv(report.issues_frame(), args.issues)
        print(f"{len(report.issues)} row issue(s) written to {path}")
    return 0


def register_import_segments(psub: argparse._SubParsersAction) -> None:
    """Add ``import-segments`` to the actions of ``researchkit project``.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="project")
    >>> register_import_segments(parser.add_subparsers())
    >>> parser.parse_args(["import-segments", "s.rkp", "a.csv", "--codes-from-path"]).codes_from_path
    True
    """
    from researchkit.cli.project import _existing_project

    p = psub.add_parser("import-segments", help="import coded segments exported by MAXQDA, ATLAS.ti, NVivo, QualCoder, Dedoose, Taguette",
                        description="Import a table of coded segments (XLSX/CSV/TSV/HTML), or a report of them as DOCX/HTML/TXT "
                                    "(NVivo coding summary, ATLAS.ti quotation report, MAXQDA retrieved segments) "
                                    "as codings: each passage is found in the project's document the table names.")
    _existing_project(p, _import_segments, "file", "the exported table of coded segments")
    p.add_argument("--coder", help="coder of rows whose table names none (default: --user)")
    p.add_argument("--codes-from-path", action="store_true",
                   help="add codes the codebook lacks, parents made from their paths (Parent\\Child)")
    p.add_argument("--error-on-duplicate", action="store_true",
                   help="refuse the import when a coding is already stored (default: skip it)")
    p.add_argument("--sheet", help="worksheet name of an .xlsx file (default: the first visible)")
    p.add_argument("--encoding", help="text encoding of a CSV (default: detected)")
    p.add_argument("--issues", metavar="FILE", help="also write the rows not placed, with why, to this CSV")
    p.add_argument("--user", help="your name for the audit log")
