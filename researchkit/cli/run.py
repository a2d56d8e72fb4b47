"""``researchkit run [CONFIG]`` and ``researchkit reproduce out/manifest.json``.

``run`` makes the report, tables, figures, coded-transcript HTML and manifest from a
YAML configuration (see ``codebook/demo-run.yaml``); without one it uses the layout
of the repository: ``transcripts/`` (with ``transcripts/attributes.csv``),
``codebook/havens.yaml`` and any ``codebook/gold/*.csv`` as stored manual codings.

``reproduce`` reruns a manifest's job in a temporary folder and prints, per output,
``identical`` or ``differs`` (with a diff for tables); it exits 1 when anything differs.

Examples
--------
>>> from researchkit.cli import build_parser
>>> args = build_parser().parse_args(["reproduce", "out/manifest.json"])
>>> args.manifest
'out/manifest.json'
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the job's libraries load when it runs, not when the command line is parsed
    from researchkit.run import RunConfig


def default_config(root: str | os.PathLike = ".") -> RunConfig:
    """The configuration used when ``researchkit run`` gets no file: the repository layout.

    Examples
    --------
    >>> default_config().codebook
    'codebook/havens.yaml'
    """
    from researchkit.run import RunConfig

    root = Path(root)
    data: dict = {"transcripts": "transcripts", "codebook": "codebook/havens.yaml", "manual_codings": ["codebook/gold/*.csv"]}
    if (root / "transcripts" / "attributes.csv").is_file():
        data["attributes"] = "transcripts/attributes.csv"
    return RunConfig.from_dict(data, base=root, source="(defaults)")


def run_command(args: argparse.Namespace) -> int:
    """Run the main job; exit 0 when it finished."""
    from researchkit.run import load_config, run

    config = load_config(args.config) if args.config else default_config()
    if args.allow_unpseudonymised:
        config = dataclasses.replace(config, allow_unpseudonymised=True)
    if args.pdf:
        from researchkit.report.pdf import find_libreoffice

        if find_libreoffice() is None:  # say so before the job runs, not after
            from researchkit.errors import ReportError

            raise ReportError("RK533", "--pdf needs LibreOffice, which is not installed (no 'soffice' on the PATH)",
                              hint="install it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) or leave out --pdf")
    result = run(config, out=args.out, progress=None if args.quiet else print)
    if args.pdf:
        from researchkit.report.pdf import docx_to_pdf

        pdf = docx_to_pdf(result.out / "report.docx", result.out / "report.pdf")
        print(f"{pdf} written (LibreOffice; not in the manifest: a PDF carries its creation time)")
    if args.quiet:
        print(f"{len(result.manifest['outputs'])} outputs in {result.out} ({result.seconds:.1f} s)")
        for warning in result.warnings:  # without -q the progress lines show them
            print(f"warning: {warning}", file=sys.stderr)
    return 0


def reproduce_command(args: argparse.Namespace) -> int:
    """Reproduce a manifest; exit 1 when an output differs or is missing."""
    from researchkit.run import reproduce

    report = reproduce(args.manifest, workdir=args.keep, progress=print if args.verbose else None, project=args.project)
    print(report)
    return 0 if report.ok else 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``run`` and ``reproduce`` sub-commands."""
    parser = sub.add_parser("run", help="make the report, tables, figures and manifest", description="Run the main job: transcripts, codebook and manual codings -> report, tables, HTML, manifest.")
    parser.add_argument("config", nargs="?", help="YAML run configuration (default: the repository layout)")
    parser.add_argument("--out", help="output folder (default: the configuration's 'out', else ./out)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    parser.add_argument("--pdf", action="store_true", help="also write report.pdf through LibreOffice (when installed)")
    parser.add_argument("--allow-unpseudonymised", action="store_true",
                        help="write the outputs even if the leak check finds an identifier (stated in the report and manifest)")
    parser.set_defaults(func=run_command)

    parser = sub.add_parser("reproduce", help="rerun a manifest's job and compare every output",
                            description="Rerun the job recorded in ``manifest`` and compare every output.")
    parser.add_argument("manifest", help="the manifest.json written by 'researchkit run'")
    parser.add_argument("--keep", metavar="FOLDER", help="rerun into FOLDER and keep it (default: a temporary folder)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show the progress of the rerun")
    parser.add_argument("--project", metavar="URL",
                        help="the database URL of the manifest's project with its password (never recorded); "
                             "default: RESEARCHKIT_DB_PASSWORD, PGPASSWORD or ~/.pgpass")
    parser.set_defaults(func=reproduce_command)
