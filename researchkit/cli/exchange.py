"""``researchkit import``: bring a REFI-QDA project (.qdpx) or codebook (.qdc), a QualCoder (.qda) or RQDA (.rqda) project, into a project.

Projects from NVivo, ATLAS.ti, MAXQDA, QualCoder, qc and researchkit itself (and codebooks from Taguette) are read
(see :mod:`researchkit.refi.reader`), and QualCoder projects straight from their database
(``researchkit import Study.qda -p study.rkp``, :mod:`researchkit.refi.qualcoder`), and RQDA projects from their
``.rqda`` file (:mod:`researchkit.refi.rqda`); the import report lists the offset convention used
per document and everything that could not be carried over. The project is created when
it does not exist yet. Export is ``researchkit export --qdpx FILE`` (see
:mod:`researchkit.cli.project`).

Examples
--------
>>> from researchkit.cli import build_parser
>>> args = build_parser().parse_args(["import", "study.qdpx", "--project", "study.rkp"])
>>> args.file, args.project
('study.qdpx', 'study.rkp')
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import warnings
from pathlib import Path
from typing import Any, Iterator

from researchkit.cli import label_map
from researchkit.errors import ExchangeError, ExchangeWarning, ProjectError


def _import(args: argparse.Namespace) -> int:
    from researchkit.project.store import _is_url

    target = args.project or os.environ.get("RESEARCHKIT_PROJECT")
    if not target:
        raise ProjectError("RK324", "no project given", hint="pass --project PATH_OR_URL or set RESEARCHKIT_PROJECT")
    labels = label_map(args.label)
    suffix = Path(args.file).suffix.lower()
    from researchkit.refi.qualcoder import is_qualcoder_project

    from researchkit.refi.rqda_db import is_rqda_project

    if is_qualcoder_project(args.file):
        return _import_qualcoder(args, target, labels)
    if is_rqda_project(args.file):
        return _import_qualcoder(args, target, labels, rqda=True)
    if suffix not in (".qdpx", ".qde", ".qdc"):
        raise ExchangeError("RK606", args.file, f"unknown file type {suffix or '(none)'}",
                            hint="give a .qdpx project, a .qdc codebook, a QualCoder project folder (Name.qda) or an RQDA project (.rqda)")
    if (args.extract_media or args.media_dir) and suffix != ".qdpx":
        raise ExchangeError("RK606", args.file, "--extract-media reads recordings from a .qdpx archive",
                            hint="a bare .qde's recordings are already files beside it; import without --extract-media")
    exists = _is_url(target) or Path(target).exists()
    if suffix == ".qdc":
        from researchkit.refi import read_qdc

        with warnings.catch_warnings(record=True) as caught:  # shown once, as lines of the command's output
            warnings.simplefilter("always", ExchangeWarning)
            codebook = read_qdc(args.file, strict=args.strict)  # read before a project is created
        for warning in caught:
            if issubclass(warning.category, ExchangeWarning):
                print(f"warning: {warning.message}", file=sys.stderr)
            else:
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
        with _project(target, exists, args.user) as project:
            project.set_codebook(codebook)
            print(f"codebook with {len(codebook)} codes (language '{codebook.language}') stored in {project.location}")
        return 0
    from researchkit.project.exchange import import_exchange
    from researchkit.refi import read_qdpx

    with warnings.catch_warnings():  # the report printed below lists every warning and loss: not twice
        warnings.simplefilter("ignore", ExchangeWarning)
        exchange = read_qdpx(args.file, labels=labels, strict=args.strict)  # a file that cannot be read leaves no project behind
    if args.extract_media or args.media_dir:
        exchange = _extract(args, target, exchange)
    with _project(target, exists, args.user) as project:
        report = import_exchange(project, exchange, coder=args.user)
        print(report)
        print(f"imported into {project.location}" + ("" if exists else " (new project)"))
    return 0


def _import_qualcoder(args: argparse.Namespace, target: str, labels: Any, *, rqda: bool = False) -> int:
    """A QualCoder project folder (``Name.qda``) or its ``data.qda``, or an RQDA ``.rqda`` file, read straight from its database (read-only)."""
    from researchkit.project.exchange import import_exchange
    from researchkit.project.store import _is_url
    from researchkit.refi.qualcoder import read_qualcoder
    from researchkit.refi.rqda import read_rqda

    if args.extract_media or args.media_dir:
        raise ExchangeError("RK606", args.file, "--extract-media reads recordings from a .qdpx archive",
                            hint=("an RQDA project holds texts only" if rqda else
                                  "a QualCoder project's recordings are already files in its audio/ and video/ folders")
                            + "; import without --extract-media")
    exists = _is_url(target) or Path(target).exists()
    with warnings.catch_warnings():  # the report printed below lists every warning and loss
        warnings.simplefilter("ignore", ExchangeWarning)
        read = read_rqda if rqda else read_qualcoder
        exchange = read(args.file, labels=labels, strict=args.strict)  # read before a project is created
    with _project(target, exists, args.user) as project:
        report = import_exchange(project, exchange, coder=args.user)
        print(report)
        print(f"imported into {project.location}" + ("" if exists else " (new project)"))
    return 0


def _extract(args: argparse.Namespace, target: str, exchange: Any) -> Any:
    """The recordings of the imported transcripts copied beside the project (``--extract-media``)."""
    from researchkit.project.store import _is_url
    from researchkit.refi.mediafiles import extract_media

    if args.media_dir is None and _is_url(target):
        raise ExchangeError("RK606", target, "--extract-media: a project in a database has no folder to put the recordings in",
                            hint="give the folder with --media-dir DIR")
    folder = Path(args.media_dir) if args.media_dir else Path(str(target) + ".media")
    base = None if _is_url(target) else Path(target).resolve().parent
    return extract_media(args.file, exchange, folder.resolve(), relative_to=base)


@contextlib.contextmanager
def _project(target: str, exists: bool, user: str | None) -> Iterator[Any]:
    """The project to import into; one created here is removed again if the import fails."""
    from researchkit.project import Project

    project = Project.open(target, user=user) if exists else Project.create(target, user=user)
    try:
        with project:
            yield project
    except BaseException:
        if not exists:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(target) + suffix).unlink(missing_ok=True)
        raise


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``import`` sub-command.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="researchkit")
    >>> register(parser.add_subparsers())
    >>> parser.parse_args(["import", "x.qdc", "-p", "p.rkp", "--strict"]).strict
    True
    """
    p = sub.add_parser("import", help="import a REFI-QDA project (.qdpx) or codebook (.qdc) from NVivo, ATLAS.ti, MAXQDA, QualCoder ..., "
                                      "or a QualCoder project folder (.qda) or RQDA project (.rqda)",
                       description="Import a REFI-QDA project or codebook, a QualCoder project (its Name.qda folder or data.qda) "
                                   "or an RQDA project (Name.rqda), read without changing them, into a researchkit project (created if missing).")
    p.add_argument("file", help=".qdpx project, .qdc codebook, or QualCoder project folder (Name.qda) / its data.qda, or RQDA project (.rqda)")
    p.add_argument("--project", "-p", help="project path or URL (default: $RESEARCHKIT_PROJECT)")
    p.add_argument("--label", action="append", metavar="LABEL=ROLE", help="map a speaker label to a role (repeatable)")
    p.add_argument("--strict", action="store_true", help="refuse schema-invalid files and selections that fit no offset convention "
                                                         "(QualCoder, RQDA: codings whose offsets do not hold their text; QualCoder: a newer "
                                                         "database; RQDA: codings of files or codes not in the database)")
    p.add_argument("--extract-media", action="store_true",
                   help="copy the recordings of imported audio/video transcripts out of the .qdpx into PROJECT.media/ "
                        "(each document's media_file attribute names its copy)")
    p.add_argument("--media-dir", metavar="DIR", help="with --extract-media: put the recordings in DIR instead")
    p.add_argument("--user", help="your name for the audit log")
    p.set_defaults(func=_import)
