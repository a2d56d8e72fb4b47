"""``researchkit codebook import``: a codebook kept as a spreadsheet or Markdown, or exported by a QDA program, as YAML.

``researchkit codebook import codes.xlsx --out codebook/codes.yaml`` reads the sheet (see
:mod:`researchkit.codebook.table`), prints what it found (codes, levels, how the tree was
found, the columns used and ignored, the language, and a note for everything made or set
aside) and writes the YAML codebook that ``Codebook.load`` reads. Without ``--out`` the
YAML goes to standard output and the report to standard error. An existing ``--out`` file
is only replaced with ``--force``.

Examples
--------
>>> from researchkit.cli import build_parser
>>> args = build_parser().parse_args(["codebook", "import", "codes.xlsx", "--out", "cb.yaml", "--column", "name=Competency"])
>>> args.file, args.out, args.column
('codes.xlsx', 'cb.yaml', ['name=Competency'])
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from researchkit.errors import ConfigurationError


def _column_map(items: list[str] | None) -> dict[str, str] | None:
    """``--column ROLE=HEADER`` options as a dict.

    Examples
    --------
    >>> _column_map(["name=Competency", "parent = Hoofdcode"])
    {'name': 'Competency', 'parent': 'Hoofdcode'}
    """
    from researchkit.codebook.tablecols import ROLE_NAMES

    out: dict[str, str] = {}
    for item in items or []:
        role, sep, header = item.partition("=")
        role = role.strip()
        if not sep or not header.strip() or role not in ROLE_NAMES:
            raise ConfigurationError("RK242", f"--column {item!r} is not ROLE=HEADER with a known role",
                                     hint=f"write e.g. --column name=Competency; roles: {', '.join(ROLE_NAMES)}")
        out[role] = header.strip()
    return out or None


def _import(args: argparse.Namespace) -> int:
    from researchkit.codebook.table import import_codebook_table

    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        raise ConfigurationError("RK247", f"{out} exists already", hint="pass --force to replace it, or choose another --out")
    book, report = import_codebook_table(args.file, sheet=args.sheet, columns=_column_map(args.column), header=not args.no_header,
                                         encoding=args.encoding, language=args.language, title=args.title)
    if out is None:
        import yaml

        print(report, file=sys.stderr)
        sys.stdout.write(yaml.safe_dump(book.to_dict(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=None))
        return 0
    book.save(out)
    print(report)
    print(f"written: {out}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``codebook`` sub-command (``codebook import``).

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="researchkit")
    >>> register(parser.add_subparsers())
    >>> parser.parse_args(["codebook", "import", "c.csv", "--no-header", "--sheet", "Codes"]).no_header
    True
    """
    parser = sub.add_parser("codebook", help="codebooks: import a spreadsheet codebook (Excel/CSV, NVivo, ATLAS.ti, MAXQDA ...) as YAML",
                            description="Work with codebook files.")
    inner = parser.add_subparsers(dest="codebook_command", metavar="ACTION")
    p = inner.add_parser("import", help="read a codebook sheet (.xlsx/.csv) or Markdown codebook (.md) and write it as a YAML codebook",
                         description=__doc__.split("\n\n")[1] if __doc__ else None)
    p.add_argument("file", help=".xlsx, .xlsm, .csv, .tsv or .txt sheet, a .md codebook (pipe tables or a nested list), "
                                "or QualCoder's Codebook.odt")
    p.add_argument("--out", "-o", help="the YAML codebook to write (default: print it)")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.add_argument("--sheet", help="worksheet name or position (0 = first; default the first)")
    p.add_argument("--column", action="append", metavar="ROLE=HEADER",
                   help="name a column the reader does not recognise, e.g. name=Competency (repeatable)")
    p.add_argument("--no-header", action="store_true", help="the sheet has no header row: column 1 is the name, column 2 the description")
    p.add_argument("--encoding", help="text encoding of a CSV (default: detected)")
    p.add_argument("--language", help="language of the codebook, e.g. nl or en (default: guessed)")
    p.add_argument("--title", help="title of the codebook (default: a title line above the header)")
    p.set_defaults(func=_import)
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])
