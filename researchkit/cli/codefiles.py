"""``researchkit code pin CSV`` and ``researchkit code realign CSV``: codings kept in CSV files.

Part of the ``code`` command (:mod:`researchkit.cli.project` registers it and hands the
two actions here). ``pin`` writes each coding's passage into a ``text`` column;
``realign`` moves codings whose pinned passage is no longer at their offsets (or, with
``--old-transcripts``, maps them from the transcripts they were made on) and prints its report
(``--report FILE.csv`` writes it as CSV too, one row per coding). Transcripts
come from ``--transcripts DIR`` or from the run configuration's (``--config run.yaml``);
they are only read.

Examples
--------
>>> from researchkit.cli import build_parser
>>> args = build_parser().parse_args(["code", "pin", "anna.csv", "--transcripts", "transcripts"])
>>> is_file_action(args), args.file, args.transcripts
(True, 'anna.csv', 'transcripts')
"""

from __future__ import annotations

import argparse
from pathlib import Path

from researchkit.errors import CodingsFileError

#: The file actions of ``researchkit code``.
ACTIONS = ("pin", "realign")


def add_file_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``code pin`` / ``code realign`` on the ``code`` parser."""
    parser.add_argument("file", nargs="?", metavar="CSV", help="with pin or realign: the codings CSV file")
    group = parser.add_argument_group(
        "codings files", "researchkit code pin CSV (--transcripts DIR | --config run.yaml) [--out FILE]: write each coding's "
        "passage into a 'text' column. researchkit code realign CSV (--transcripts DIR | --config run.yaml) "
        "[--old-transcripts DIR] (--out FILE | --in-place) [--report FILE.csv]: move codings whose transcript was corrected.")
    group.add_argument("--transcripts", metavar="DIR", help="the current transcripts (a folder, or one table of several conversations)")
    group.add_argument("--config", metavar="RUN_YAML", help="take the transcripts from this run configuration")
    group.add_argument("--old-transcripts", metavar="DIR",
                       help="realign: the transcripts the codings were made on (else the pinned 'text' column is used)")
    group.add_argument("--out", metavar="FILE", help="write the result here (pin: default in place)")
    group.add_argument("--in-place", action="store_true", help="realign: replace the CSV file (atomically)")
    group.add_argument("--report", metavar="FILE.csv",
                       help="realign: also write the report as CSV, one row per coding (row in the input, doc_id, code, "
                            "old_start, old_end, start, end, status unchanged/moved/edited/not placed, score, reason)")
    group.add_argument("--min-score", type=float, default=0.8,
                       help="realign: how alike (0-1) an edited passage must be to its pinned text (default 0.8)")


def is_file_action(args: argparse.Namespace) -> bool:
    """Whether ``researchkit code`` was called as ``code pin CSV`` or ``code realign CSV``.

    ``code pin --code X ...`` (no CSV) codes a document whose id is ``pin``.
    """
    return getattr(args, "doc_id", None) in ACTIONS and getattr(args, "file", None) is not None


def _texts(folder: str | Path, *, labels: dict | None = None, recursive: bool = False) -> dict[str, str]:
    from researchkit.io import read_corpus
    from researchkit.io.corpustables import TABLE_SUFFIXES

    folder = Path(folder)
    if not folder.is_dir() and not (folder.is_file() and folder.suffix.lower() in TABLE_SUFFIXES):
        raise CodingsFileError("RK666", folder, "transcripts folder not found",
                               hint="give the folder that holds the transcripts (or a table of several conversations)")
    corpus = read_corpus(folder, labels=labels, recursive=recursive)
    return dict(corpus.texts())


def current_texts(args: argparse.Namespace) -> dict[str, str]:
    """The transcript texts of ``--transcripts DIR`` or of the run configuration ``--config`` (its folder or project)."""
    if bool(args.transcripts) == bool(args.config):
        raise CodingsFileError("RK666", args.file, "give the transcripts with --transcripts DIR or --config run.yaml (one of them)",
                               hint=f"e.g. researchkit code {args.doc_id} {args.file} --transcripts transcripts")
    if args.transcripts:
        return _texts(args.transcripts)
    from researchkit.run import load_config

    config = load_config(args.config)
    if config.project:
        from researchkit.run.project_source import read_project

        source = read_project(config.project_target(), display=config.project_display(), with_codebook=False)
        return dict(source.corpus.texts())
    return _texts(config.path(config.transcripts), labels=config.labels or None, recursive=config.recursive)


def run_file_action(args: argparse.Namespace) -> int:
    """Run ``code pin`` or ``code realign``; exit 1 when a coding could not be placed."""
    from researchkit.codingsfile import pin, read_codings_file, unpinned_rows, write_codings_file

    table = read_codings_file(args.file)
    if args.doc_id == "pin":
        if args.in_place or args.old_transcripts:
            raise CodingsFileError("RK666", args.file, "pin takes neither --in-place nor --old-transcripts",
                                   hint="pin writes the file in place (or to --out FILE) against the transcripts it was coded on")
        if getattr(args, "report", None):
            raise CodingsFileError("RK157", args.file, f"pin writes no report (--report {args.report})",
                                   hint="leave out --report; realign writes one")
        rows, unpinned = unpinned_rows(table)
        target = write_codings_file(pin(table, current_texts(args)), args.out or args.file)
        print(f"pinned {unpinned} of {rows} coding(s) in {target} (the others held their passage already)")
        return 0
    return _realign(args, table)


def _realign(args: argparse.Namespace, table) -> int:
    from researchkit.codingsfile import write_codings_file
    from researchkit.codingsrealign import format_report, realign, realign_from_old

    if bool(args.out) == bool(args.in_place):
        raise CodingsFileError("RK667", args.file, "say where the realigned codings go: --out FILE or --in-place (one of them)",
                               hint=f"e.g. researchkit code realign {args.file} --transcripts transcripts --out realigned.csv")
    report_path = _report_path(args)
    texts = current_texts(args)
    if args.old_transcripts:
        result, report = realign_from_old(table, _texts(args.old_transcripts), texts, min_score=args.min_score)
    else:
        result, report = realign(table, texts, min_score=args.min_score)
    target = write_codings_file(result, args.file if args.in_place else args.out)
    print(format_report(report))
    print(f"written to {target}")
    if report_path is not None:
        from researchkit.codingsrealign import write_report

        print(f"report written to {write_report(report, report_path, table)}")
    return 1 if any(r.status == "unplaced" for r in report) else 0


def _report_path(args: argparse.Namespace) -> Path | None:
    """The ``--report`` file of ``code realign``, checked before anything is read or written: a ``.csv`` file that is
    neither the codings file nor where the codings go.

    Raises
    ------
    CodingsFileError
        RK157 a report file that is no ``.csv``, a folder, or the codings file read or written.

    Examples
    --------
    >>> _report_path(argparse.Namespace(report=None, file="anna.csv", out="new.csv", in_place=False)) is None
    True
    """
    if not getattr(args, "report", None):
        return None
    path = Path(args.report)
    if path.suffix.lower() != ".csv" or path.is_dir():
        raise CodingsFileError("RK157", path, "the realign report is written as CSV: give a file name ending in .csv",
                               hint=f"e.g. --report {path.stem or 'realign-report'}.csv")
    for role, other in (("the codings file", args.file), ("the --out file", args.out)):
        if other and (path.resolve() == Path(other).resolve()):
            raise CodingsFileError("RK157", path, f"the report would overwrite {role}",
                                   hint="give the report a file of its own, e.g. --report realign-report.csv")
    return path
