"""``researchkit privacy scan|apply|check|key``: pseudonymisation from the command line.

``scan TRANSCRIPTS``
    Count the identifiers (key terms and patterns) per kind and document; ``--out``
    writes the table (confidential: it holds the identifiers), ``--suggest FILE`` writes
    candidate names to confirm.
``apply TRANSCRIPTS --key KEY --out FOLDER``
    Write the pseudonymised transcripts (``<doc_id>.txt``), attributes and codings
    (offsets re-mapped) to a new folder; the originals are not touched.
``check OUTPUT... [--key KEY]``
    The leak check: exit 1 and list the locations when a key term or pattern is found in
    a report or export (docx, md, html, csv, qdpx), 0 when clean, 2 for a user error.
``key KEY``
    Show the key's size and checksum; ``--assign`` stores pseudonyms for new entries,
    ``--confirm CANDIDATES`` adds the confirmed suggestions.

Examples
--------
>>> from researchkit.cli import build_parser
>>> args = build_parser().parse_args(["privacy", "check", "out/report.docx", "--key", "key.yaml"])
>>> args.outputs, args.key
(['out/report.docx'], 'key.yaml')
"""

from __future__ import annotations

import argparse
import json
import warnings
from collections import Counter
from pathlib import Path

from researchkit.errors import PrivacyError


def _corpus(args: argparse.Namespace):  # noqa: ANN202 - a Corpus
    from researchkit.io import read_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_corpus(args.transcripts, attributes=args.attributes, recursive=getattr(args, "recursive", False))


def _key(path: str | None, *, save_assigned: bool = False):  # noqa: ANN202 - a PrivacyKey or None
    from researchkit.privacy import read_key

    if path is None:
        return None
    key = read_key(path)
    if key.unassigned:
        n = len(key.unassigned)
        key = key.assigned()
        if save_assigned:
            key.save(path)
            print(f"assigned pseudonyms to {n} new key entr{'y' if n == 1 else 'ies'}; saved {path}")
    return key


def scan_command(args: argparse.Namespace) -> int:
    """Count identifiers per kind and document; write the table and suggestions if asked."""
    from researchkit.privacy import scan, suggest_names, write_candidates

    corpus = _corpus(args)
    key = _key(args.key)
    table = scan(corpus, key, kinds=args.kinds, regions=args.regions)
    print(f"{len(table)} identifier(s) in {table['doc_id'].nunique() if len(table) else 0} of {len(corpus)} documents"
          + (f" (key {key.short_checksum}, {len(key)} entries)" if key is not None else " (patterns only: no key given)"))
    if len(table):
        by_kind = table.groupby("kind").size().sort_index()
        print("per kind: " + ", ".join(f"{k} {n}" for k, n in by_kind.items()))
        by_doc = table.groupby("doc_id").size()
        print("per document: " + ", ".join(f"{d} {int(by_doc.get(d, 0))}" for d in corpus.doc_ids if d in by_doc))
    if args.out:
        from researchkit.privacy.keyfile import write_private_csv

        write_private_csv(table, args.out)  # owner-only: it lists the identifiers
        print(f"wrote {args.out} (CONFIDENTIAL: it lists the identifiers; keep it with the key)")
    if args.suggest:
        candidates = suggest_names(corpus, key=key, lang=args.lang, model=args.model, detector=args.detector,
                                   min_count=args.min_count)
        write_candidates(candidates, args.suggest)
        print(f"wrote {len(candidates)} candidate name(s) to {args.suggest}: mark 'confirm' with ja/yes/x, then run "
              f"'researchkit privacy key KEY --confirm {args.suggest}'. Nothing is replaced until confirmed.")
    return 0


def apply_command(args: argparse.Namespace) -> int:
    """Write the pseudonymised transcripts, attributes and codings to a new folder."""
    from researchkit.fileio import atomic_write, write_csv
    from researchkit.privacy import apply_key, resolve_kinds
    from researchkit.run import read_manual_codings

    out = Path(args.out)
    source = Path(args.transcripts)
    if out.resolve() == source.resolve():
        raise PrivacyError("RK579", f"{out}: the output folder is the transcripts folder",
                           hint="write the pseudonymised view to a new folder; the originals are never overwritten")
    key_path = Path(args.key).resolve()
    if out.resolve() in key_path.parents:
        raise PrivacyError("RK579", f"{args.key}: the key lies inside the output folder {out}",
                           hint="keep the key outside the folder you share")
    corpus = _corpus(args)
    key = _key(args.key, save_assigned=True)
    codings = None
    if args.codings:
        frames = [read_manual_codings(p, corpus) for p in args.codings]
        import pandas as pd

        codings = pd.concat(frames, ignore_index=True)
    view = apply_key(corpus, key, codings=codings, kinds=resolve_kinds(args.kinds, args.regions))
    out.mkdir(parents=True, exist_ok=True)
    for t in view.corpus:
        atomic_write(out / f"{t.doc_id}.txt", t.text + ("" if t.text.endswith("\n") else "\n"))
    attrs = view.corpus.attributes
    if len(attrs.columns):
        write_csv(attrs.reset_index(), out / "attributes.csv")
    if view.codings is not None:
        write_csv(view.codings, out / "codings.csv")
    info = {"key_checksum": view.checksum, "replacements": view.replacements, "documents": len(view.corpus),
            "codings": 0 if view.codings is None else len(view.codings)}
    atomic_write(out / "pseudonymisation.json", json.dumps(info, indent=2) + "\n")
    print(f"pseudonymised {len(view.corpus)} documents ({view.replacements} replacements"
          + (f", {len(view.codings)} codings re-mapped" if view.codings is not None else "")
          + f") into {out}; key {view.checksum[:12]}")
    return 0


def check_command(args: argparse.Namespace) -> int:
    """The leak check: exit 1 with the locations when an identifier is found."""
    from researchkit.privacy import check_outputs, format_findings, resolve_kinds

    key = _key(args.key)
    findings = check_outputs(args.outputs, key, kinds=resolve_kinds(args.kinds, args.regions))
    for note in findings.attrs.get("skipped", []):
        print(f"not checked: {note}")
    checked = len(findings.attrs.get("checked", []))
    if len(findings):
        print(format_findings(findings, limit=args.limit))
        print(f"LEAK: {len(findings)} identifier(s) in {findings['file'].nunique()} of {checked} file(s)")
        return 1
    what = f"key {key.short_checksum} ({len(key)} entries) and patterns" if key is not None else "patterns only (no key given)"
    print(f"clean: {checked} file(s) checked against {what}")
    return 0


def key_command(args: argparse.Namespace) -> int:
    """Show, assign or extend a key."""
    from researchkit.privacy import PrivacyKey, confirm_candidates, read_key

    path = Path(args.key)
    if not path.exists() and (args.confirm or args.assign):
        key = PrivacyKey(path=path)
    else:
        key = read_key(path)
    changed = False
    if args.confirm:
        added = confirm_candidates(key, args.confirm)
        print(f"added {len(added)} confirmed candidate(s) to the key")
        changed = changed or bool(added)
    if key.unassigned and (args.assign or args.confirm):
        n = len(key.unassigned)
        key = key.assigned()
        print(f"assigned pseudonyms to {n} entr{'y' if n == 1 else 'ies'}")
        changed = True
    if changed or (args.assign and not path.exists()):
        key.save(path)
        print(f"saved {path}")
    kinds = dict(sorted(Counter(e.kind for e in key).items()))
    print(f"{path}: {len(key)} entries ({', '.join(f'{k} {n}' for k, n in kinds.items()) or 'none'}); "
          f"checksum {key.checksum}")
    if key.unassigned:
        print(f"{len(key.unassigned)} entr{'y has' if len(key.unassigned) == 1 else 'ies have'} no stored pseudonym: "
              "run with --assign to store them")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``privacy`` command with ``scan``, ``apply``, ``check`` and ``key``."""
    parser = sub.add_parser("privacy", help="pseudonymisation: scan, apply a key, check outputs for leaks",
                            description=__doc__.split("\n")[0])
    inner = parser.add_subparsers(dest="privacy_command", metavar="ACTION")
    kinds_help = "pattern kinds: 'all' (default), 'none', or a list such as phone,email,plate"
    regions_help = ("regions whose phone numbers without a country code and identifier kinds are looked for: "
                    "NL (default), or e.g. NL,GB,US (see docs/privacy.md)")

    p = inner.add_parser("scan", help="count identifiers; suggest candidate names")
    p.add_argument("transcripts", help="folder of transcripts")
    p.add_argument("--attributes", help="attributes sheet (CSV/XLSX)")
    p.add_argument("--key", help="the privacy key (YAML/CSV)")
    p.add_argument("--kinds", default="all", help=kinds_help)
    p.add_argument("--regions", default=None, help=regions_help)
    p.add_argument("--out", help="write the identifier table (CSV; confidential)")
    p.add_argument("--suggest", metavar="CSV", help="write candidate names to confirm")
    p.add_argument("--model", help="an installed trained spaCy pipeline for name suggestions (e.g. nl_core_news_sm)")
    p.add_argument("--detector", choices=["rules", "deduce"], default="rules",
                   help="name suggestions: the rules (with deduce's Dutch name and place lists when installed), or also "
                        "the deduce de-identification pipeline (offline; its first start ever takes minutes)")
    p.add_argument("--lang", default="nl", help="language of the transcripts (nl, en)")
    p.add_argument("--min-count", type=int, default=1, help="suggest names seen at least this often")
    p.add_argument("--recursive", action="store_true", help="also read sub-folders")
    p.set_defaults(func=scan_command)

    p = inner.add_parser("apply", help="write pseudonymised transcripts and codings to a new folder")
    p.add_argument("transcripts", help="folder of transcripts")
    p.add_argument("--key", required=True, help="the privacy key (YAML/CSV)")
    p.add_argument("--out", required=True, help="new folder for the pseudonymised view")
    p.add_argument("--attributes", help="attributes sheet (CSV/XLSX)")
    p.add_argument("--codings", action="append", metavar="CSV", help="codings to re-map (repeatable)")
    p.add_argument("--kinds", default="all", help=kinds_help)
    p.add_argument("--regions", default=None, help=regions_help)
    p.add_argument("--recursive", action="store_true", help="also read sub-folders")
    p.set_defaults(func=apply_command)

    p = inner.add_parser("check", help="leak check of reports and exports (exit 1 on findings)")
    p.add_argument("outputs", nargs="+", help="files or folders (docx, md, html, csv, qdpx ...)")
    p.add_argument("--key", help="the privacy key (YAML/CSV); without it only the patterns are checked")
    p.add_argument("--kinds", default="all", help=kinds_help)
    p.add_argument("--regions", default=None, help=regions_help)
    p.add_argument("--limit", type=int, default=200, help="show at most this many findings")
    p.set_defaults(func=check_command)

    p = inner.add_parser("key", help="show a key; assign pseudonyms; add confirmed suggestions")
    p.add_argument("key", help="the privacy key (YAML/CSV)")
    p.add_argument("--assign", action="store_true", help="store pseudonyms for entries that have none")
    p.add_argument("--confirm", metavar="CSV", help="add the confirmed rows of a candidates file")
    p.set_defaults(func=key_command)

    def _help(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(func=_help)
