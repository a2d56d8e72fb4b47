"""The ``researchkit`` command.

Each sub-command lives in its own module of this package and exposes
``register(subparsers)``, which adds its parser and sets ``func`` (a callable taking
the parsed ``argparse.Namespace`` and returning an exit code). Modules are found
automatically, so adding a command means adding one module.

Examples
--------
>>> from researchkit.cli import build_parser
>>> "ingest" in build_parser().format_help()
True
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from typing import Sequence

from researchkit.errors import ConfigurationError, ResearchkitError


def label_map(items: Sequence[str] | None) -> dict[str, str] | None:
    """``--label LABEL=ROLE`` options as a dict (``None`` when there are none).

    Examples
    --------
    >>> label_map(["Henk=respondent", "Int=interviewer"])
    {'Henk': 'respondent', 'Int': 'interviewer'}
    >>> label_map(["Henk"])
    Traceback (most recent call last):
    ...
    researchkit.errors.ConfigurationError: [RK110] --label 'Henk' is not LABEL=ROLE. What to do: write e.g. --label Henk=respondent.
    """
    out: dict[str, str] = {}
    for item in items or []:
        label, sep, role = item.partition("=")
        if not sep or not label.strip():
            raise ConfigurationError("RK110", f"--label {item!r} is not LABEL=ROLE", hint="write e.g. --label Henk=respondent")
        out[label.strip()] = role.strip()
    return out or None


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level parser with every sub-command registered."""
    from researchkit import __version__

    parser = argparse.ArgumentParser(
        prog="researchkit",
        description="Qualitative interview research: ingest, code, agree, analyse, report.",
    )
    parser.add_argument("--version", action="version", version=f"researchkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (2 for a user error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ResearchkitError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover - interactive
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
