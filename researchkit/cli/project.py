"""Project commands: ``researchkit project init/add/status/codebook/backup/restore/memos/speakers``, ``researchkit code`` (``code pin/realign`` in :mod:`researchkit.cli.codefiles`), ``researchkit export`` (CSV, ``--qdpx``, ``--qdc``).

The project is a path (SQLite file) or a SQLAlchemy URL. ``code`` and ``export`` take
it from ``--project`` or the environment variable ``RESEARCHKIT_PROJECT``.

Examples
--------
>>> from researchkit.cli import build_parser
>>> args = build_parser().parse_args(["project", "status", "study.rkp"])
>>> args.project
'study.rkp'
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from typing import TYPE_CHECKING

from researchkit.fileio import write_csv
from researchkit.cli import label_map
from researchkit.cli.codefiles import add_file_options, is_file_action, run_file_action
from researchkit.cli.segments import register_import_segments
from researchkit.errors import ProjectError

if TYPE_CHECKING:  # pandas loads when a command needs a table, not when the command line is parsed
    import pandas as pd


def _project_arg(args: argparse.Namespace) -> str:
    target = getattr(args, "project", None) or os.environ.get("RESEARCHKIT_PROJECT")
    if not target:
        raise ProjectError("RK324", "no project given", hint="pass --project PATH_OR_URL or set RESEARCHKIT_PROJECT")
    return target


def _existing_project(parser: argparse.ArgumentParser, func, second: str | None = None, second_help: str | None = None) -> None:
    """Arguments of a command on an existing project: ``PROJECT [SECOND]``, or ``--project``/``-p``/``$RESEARCHKIT_PROJECT``
    and ``SECOND`` (the way ``code``, ``export`` and ``query`` take the project)."""
    parser.add_argument("project", nargs="?", help="project path or URL (or --project, or $RESEARCHKIT_PROJECT)")
    if second:
        parser.add_argument(second, nargs="?", help=second_help)
    parser.add_argument("--project", "-p", dest="project_option", metavar="PROJECT",
                        help="the project, when not given first (default: $RESEARCHKIT_PROJECT)")

    def run(args: argparse.Namespace) -> int:
        _settle_project(args, second)
        return func(args)

    parser.set_defaults(func=run)


def _settle_project(args: argparse.Namespace, second: str | None) -> None:
    """Put the project in ``args.project`` and the other positional in ``args.<second>``, however they were given.

    Examples
    --------
    >>> args = argparse.Namespace(project="transcripts", folder=None, project_option="s.rkp")
    >>> _settle_project(args, "folder"); (args.project, args.folder)
    ('s.rkp', 'transcripts')
    """
    given = [v for v in (args.project, getattr(args, second) if second else None) if v is not None]
    wanted = 2 if second else 1
    if len(given) == wanted:
        if args.project_option and args.project_option != given[0]:
            raise ProjectError("RK324", f"two projects given: {given[0]!r} and --project {args.project_option!r}",
                               hint="name the project once")
        project, rest = given[0], given[1:]
    else:
        project, rest = args.project_option or os.environ.get("RESEARCHKIT_PROJECT"), given
        if not project and given:
            raise ProjectError("RK324", f"only {given[0]!r} given: the project and the {second} are both needed",
                               hint=f"name the project first, then the {second}, or pass --project PATH_OR_URL")
        if not project:
            raise ProjectError("RK324", "no project given",
                               hint="name it first (researchkit project status study.rkp), pass --project PATH_OR_URL, "
                                    "or set RESEARCHKIT_PROJECT")
        if second and not rest:
            raise ProjectError("RK324", f"no {second} given", hint=f"name the {second} after the project")
    args.project = project
    if second:
        setattr(args, second, rest[0])


def format_status(status: dict) -> str:
    """Plain-text project overview.

    Examples
    --------
    >>> print(format_status({"location": "s.rkp", "backend": "sqlite", "schema_version": 2, "documents": 3,
    ...                      "codes": 0, "codings": 0, "codings_per_coder": {}, "unplaced": 0, "reviews": 0, "memos": 0}).splitlines()[0])
    Project: s.rkp (sqlite, schema version 2)
    """
    lines = [
        f"Project: {status['location']} ({status['backend']}, schema version {status['schema_version']})",
        f"Documents: {status['documents']}",
        f"Codes in codebook: {status['codes']}",
        f"Codings: {status['codings']}",
    ]
    for coder, n in status["codings_per_coder"].items():
        lines.append(f"  {coder}: {n}")
    lines.append(f"Unplaced codings: {status['unplaced']}" + ("  (see project.unplaced())" if status["unplaced"] else ""))
    lines.append(f"Review decisions: {status['reviews']}")
    kinds = status.get("memos_by_kind") or {}
    detail = ", ".join(f"{kind} {n}" for kind, n in kinds.items() if n)
    lines.append(f"Memos: {status['memos']}" + (f" ({detail})" if detail else ""))
    if status.get("speakers"):
        lines.append(f"Speakers with attributes: {status['speakers']} in {status['speaker_documents']} document(s)"
                     "  (see project.speaker_attributes())")
    return "\n".join(lines)


def format_memos(memos: pd.DataFrame) -> str:
    """One line per memo: kind, target, author, date, the start of the text.

    Examples
    --------
    >>> row = {"id": "m1", "target_type": "document", "target": "R01", "author": "anna", "text": "Nerveus\\nen moe",
    ...        "created": "2026-02-01T10:00:00Z", "updated": "2026-02-01T10:00:00Z", "links": ("coding:c1",), "source": "memo"}
    >>> import pandas as pd
    >>> print(format_memos(pd.DataFrame([row])))
    document R01 (+1 link)  anna  2026-02-01  Nerveus / en moe  [m1]
    """
    lines = []
    for m in memos.itertuples(index=False):
        target = f"{m.target_type} {m.target}".rstrip() + (f" (+{len(m.links)} link{'s' if len(m.links) > 1 else ''})" if len(m.links) else "")
        text = " / ".join(part.strip() for part in str(m.text).splitlines() if part.strip())
        text = text if len(text) <= 100 else text[:99] + "…"
        lines.append(f"{target}  {m.author}  {str(m.created)[:10]}  {text}  [{m.id}]")
    return "\n".join(lines)


def _init(args: argparse.Namespace) -> int:
    from researchkit.project import Project

    with Project.create(args.project, user=args.user) as project:
        if args.codebook:
            project.set_codebook(args.codebook)
        print(f"created {project.location} (schema version {project.schema_version})")
    return 0


def _add(args: argparse.Namespace) -> int:
    from researchkit.io import read_corpus
    from researchkit.project import Project

    labels = label_map(args.label)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = read_corpus(args.folder, attributes=args.attributes, labels=labels, strict=not args.skip_bad,
                             speakers=args.speakers)
    with Project.open(args.project, user=args.user) as project:
        report = project.add_documents(corpus, on_unplaced=args.on_unplaced)
    counts = report.documents["status"].value_counts()
    print("Documents: " + ", ".join(f"{k} {int(counts.get(k, 0))}" for k in ("added", "changed", "updated", "unchanged")))
    print_speaker_changes(report.speakers)
    for problem in corpus.problems:
        print(f"skipped: {problem}")
    if len(report.codings):
        moved = report.codings["status"].value_counts()
        print("Codings re-anchored: " + ", ".join(f"{k} {int(moved.get(k, 0))}" for k in ("unchanged", "moved", "edited", "unplaced")))
        for row in report.codings[report.codings["status"].isin(["edited", "unplaced"])].itertuples():
            if row.status == "unplaced":
                print(f"  unplaced: {row.doc_id} {row.code} ({row.coder}) {row.old_text[:60]!r} [{row.id}] — place or remove it")
            else:
                print(f"  edited: {row.doc_id} {row.code} ({row.coder}) {row.old_text[:60]!r} -> {row.new_text[:60]!r}")
    return 1 if (len(report.unplaced) or corpus.problems) else 0


def print_speaker_changes(speakers: pd.DataFrame) -> None:
    """Say which speaker attribute rows an update stored, kept, dropped or removed (dropped and removed ones by name).

    Examples
    --------
    >>> import pandas as pd
    >>> print_speaker_changes(pd.DataFrame({"doc_id": ["F1", "F1"], "speaker": ["M1", "M2"], "status": ["kept", "dropped"],
    ...                                     "attributes": ['{"group":"a"}', '{"group":"b"}']}))
    Speaker attributes: stored 0, kept 1, dropped 1, removed 0
      dropped: F1 / M2 {"group":"b"} (no longer a speaker of the changed transcript)
    """
    if not len(speakers):
        return
    counts = speakers["status"].value_counts()
    print("Speaker attributes: " + ", ".join(f"{k} {int(counts.get(k, 0))}" for k in ("stored", "kept", "dropped", "removed")))
    why = {"dropped": "no longer a speaker of the changed transcript", "removed": "not in the speakers sheet"}
    for row in speakers[speakers["status"].isin(list(why))].itertuples():
        print(f"  {row.status}: {row.doc_id} / {row.speaker} {row.attributes} ({why[row.status]})")


def _speakers_import(args: argparse.Namespace) -> int:
    from researchkit.project import Project

    with Project.open(args.project, user=args.user) as project:
        report = project.set_speaker_attributes(args.sheet, replace=args.replace, date_format=args.date_format)
    documents = report.stored.index.get_level_values("doc_id").nunique()
    print(f"speaker attributes from {args.sheet}: {len(report.stored)} speaker(s) of {documents} document(s); "
          f"{len(report.changed)} document(s) changed")
    for note in report.notes:
        print(f"note: {note}")
    for row in report.removed.itertuples():
        print(f"  removed: {row.doc_id} / {row.speaker} {row.attributes}")
    return 0


def _speakers_list(args: argparse.Namespace) -> int:
    from researchkit.project import Project

    with Project.open(args.project, read_only=True) as project:
        frame = project.speaker_attributes(doc_ids=args.doc or None).reset_index()
    if args.output:
        write_csv(frame, args.output)
        print(f"{len(frame)} speaker(s) written to {args.output}", file=sys.stderr)
    elif len(frame):
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print("no speaker attributes stored", file=sys.stderr)
    return 0


def _speakers_clear(args: argparse.Namespace) -> int:
    from researchkit.project import Project

    with Project.open(args.project, user=args.user) as project:
        removed = project.clear_speaker_attributes(doc_ids=args.doc or None)
    print(f"removed the speaker attributes of {len(removed)} speaker(s) of {removed['doc_id'].nunique()} document(s)")
    return 0


def _status(args: argparse.Namespace) -> int:
    from researchkit.project import Project

    with Project.open(args.project, read_only=True) as project:
        print(format_status(project.status()))
    return 0


def _memos(args: argparse.Namespace) -> int:
    from researchkit.project import Project

    filters = {"kind": args.kind, "target": args.target, "search": args.search, "author": args.author,
               "code": args.code, "doc_id": args.doc, "notes": not args.no_notes}
    with Project.open(args.project, read_only=True) as project:
        if args.export:
            path = project.export_memos(args.export, **filters)
            print(f"{len(project.memos(**filters))} memo(s) written to {path}")
            return 0
        memos = project.memos(**filters)
    print(format_memos(memos) if len(memos) else "no memos")
    return 0


def _codebook(args: argparse.Namespace) -> int:
    from researchkit.codebook import Codebook
    from researchkit.project import Project

    codebook = Codebook.load(args.codebook)
    with Project.open(args.project, user=args.user) as project:
        project.set_codebook(codebook, force=args.force)
        print(f"codebook set: {len(codebook)} codes")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from researchkit.project import Project

    with Project.open(args.project, read_only=True) as project:
        folder = project.backup(args.folder, overwrite=args.overwrite)
    print(f"backup written to {folder}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from researchkit.project import Project

    with Project.restore(args.folder, args.project, user=args.user) as project:
        print(f"restored {project.location}: {project.status()['codings']} codings")
    return 0


def _code(args: argparse.Namespace) -> int:
    if is_file_action(args):
        return run_file_action(args)
    stray = [f"--{n.replace('_', '-')}" for n in ("transcripts", "config", "old_transcripts", "out", "in_place") if getattr(args, n)]
    if stray:
        raise ProjectError("RK324", f"{', '.join(stray)} belong(s) to researchkit code pin/realign CSV, not to coding a passage",
                           hint="e.g. researchkit code pin anna.csv --transcripts transcripts")
    if args.file is not None:
        raise ProjectError("RK324", f"researchkit code takes one DOC_ID, got {args.doc_id!r} and {args.file!r}",
                           hint="code a passage with DOC_ID --code ... --coder ..., or pin/realign a codings CSV: "
                                "researchkit code pin FILE.csv --transcripts DIR")
    from researchkit.project import Project

    with Project.open(_project_arg(args), user=args.coder) as project:
        if args.csv:
            import pandas as pd

            frame = pd.read_csv(args.csv, dtype={"doc_id": str, "code": str, "coder": str}, keep_default_na=False, na_values=[""])
            stored = project.add_codings(frame, coder=args.coder, on_duplicate="skip" if args.skip_duplicates else "error")
            print(f"stored {len(stored)} coding(s) from {args.csv}")
            return 0
        if not (args.doc_id and args.code and args.coder):
            raise ProjectError("RK324", "researchkit code needs DOC_ID, --code and --coder (or --csv FILE)", hint="e.g. researchkit code R01 --code SIG --quote '...' --coder anna")
        if args.uncode:
            project.uncode(args.doc_id, code=args.code, coder=args.coder, quote=args.quote, start=args.start, end=args.end, occurrence=args.occurrence)
            print(f"removed {args.code} from {args.doc_id}")
            return 0
        row = project.code_record(  # a dict: storing one coding never loads pandas
            args.doc_id, code=args.code, coder=args.coder, quote=args.quote, start=args.start, end=args.end,
            occurrence=args.occurrence, memo=args.memo,
        )
        print(f"{row['id']}\t{row['doc_id']}\t{row['start']}\t{row['end']}\t{row['code']}\t{row['coder']}\t{row['text']!r}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from researchkit.project import Project

    if not (args.output or args.qdpx or args.qdc or args.taguette_csv):
        raise ProjectError("RK324", "export: nothing to write",
                           hint="give a CSV path, --qdpx FILE, --qdc FILE or --taguette-csv FILE")
    with Project.open(_project_arg(args), read_only=True) as project:
        if args.qdpx:
            key = None
            if args.privacy_key:
                from researchkit.privacy import read_key

                key = read_key(args.privacy_key)
            kinds = args.patterns
            if args.regions:
                from researchkit.privacy import resolve_kinds

                kinds = resolve_kinds(args.patterns, args.regions)
            report = project.export_qdpx(args.qdpx, key=key, kinds=kinds,
                                         allow_unpseudonymised=args.allow_unpseudonymised, target=args.target,
                                         recordings=args.recordings)
            print(report)
        if args.qdc:
            from researchkit.refi import write_qdc

            codes = project.codes()
            write_qdc(project.codebook(), args.qdc, guids=dict(zip(codes["code_id"], codes["uuid"])) if len(codes) else None)
            print(f"codebook written to {args.qdc}")
        if args.taguette_csv:
            from researchkit.refi import write_taguette_codebook

            codebook = project.codebook()
            write_taguette_codebook(codebook, args.taguette_csv)
            print(f"codebook written to {args.taguette_csv} ({len(codebook)} tags; in Taguette: Project > Import codebook)")
        if not args.output:
            return 0
        frame = project.codings(coder=args.coder or None, code=args.code or None, doc_id=args.doc or None, source=args.source or None)
    if args.output == "-":
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        write_csv(frame, args.output)
        print(f"{len(frame)} coding(s) written to {args.output}", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``project``, ``code`` and ``export`` sub-commands.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="researchkit")
    >>> register(parser.add_subparsers())
    >>> parser.parse_args(["export", "codings.csv", "--coder", "anna"]).coder
    ['anna']
    """
    _register_project(sub)
    _register_code(sub)
    _register_export(sub)


def _register_project(sub: argparse._SubParsersAction) -> None:
    """``researchkit project init|add|status|memos|codebook|speakers|backup|restore``."""
    project = sub.add_parser("project", help="create, fill and inspect a coding project", description="Create, fill and inspect a coding project.")
    psub = project.add_subparsers(dest="project_command", metavar="ACTION", required=True)

    p = psub.add_parser("init", help="create a new project (SQLite file or database URL)")
    p.add_argument("project", help="new project file (e.g. study.rkp) or SQLAlchemy URL")
    p.add_argument("--codebook", help="codebook YAML to store right away")
    p.add_argument("--user", help="your name for the audit log")
    p.set_defaults(func=_init)

    p = psub.add_parser("add", help="add (or update) transcripts; changed texts re-anchor their codings")
    _existing_project(p, _add, "folder", "folder with transcripts")
    p.add_argument("--attributes", help="CSV/XLSX sheet with a doc_id column")
    p.add_argument("--speakers", help="CSV/XLSX sheet with doc_id and speaker columns (focus groups), stored with the documents")
    p.add_argument("--label", action="append", metavar="LABEL=ROLE", help="map a speaker label to a role (repeatable)")
    p.add_argument("--skip-bad", action="store_true", help="skip unreadable files (they are listed) instead of stopping")
    p.add_argument("--on-unplaced", choices=["keep", "error"], default="keep", help="codings that cannot be re-anchored: keep them flagged (default) or refuse the update")
    p.add_argument("--user", help="your name for the audit log")

    p = psub.add_parser("status", help="counts of documents, codings per coder, unplaced codings")
    _existing_project(p, _status)

    p = psub.add_parser("memos", help="list, filter, search or export memos (Markdown/Word)",
                        description="List memos on the project, documents, codes and codings (and the notes on codings); "
                                    "filter and search them; --export writes them to a .md or .docx file.")
    _existing_project(p, _memos)
    p.add_argument("--kind", action="append", choices=["project", "document", "code", "coding"], help="only this kind (repeatable)")
    p.add_argument("--target", action="append", help="only memos about this document, code or coding id (repeatable)")
    p.add_argument("--code", action="append", help="memos on this code and on its codings (repeatable)")
    p.add_argument("--doc", action="append", help="memos on this document and on codings in it (repeatable)")
    p.add_argument("--author", action="append", help="only memos by this coder (repeatable)")
    p.add_argument("--search", help='words or "phrases" that must all occur (case and accents ignored)')
    p.add_argument("--no-notes", action="store_true", help="leave out the notes stored on codings (code --memo)")
    p.add_argument("--export", metavar="FILE", help="write the memos to FILE (.md or .docx) instead of listing them")

    p = psub.add_parser("codebook", help="store a codebook YAML as the project's current codebook")
    _existing_project(p, _codebook, "codebook", "the codebook YAML")
    p.add_argument("--force", action="store_true", help="allow dropping codes that codings still use")
    p.add_argument("--user", help="your name for the audit log")

    _register_speakers(psub)

    p = psub.add_parser("backup", help="export the whole project to a plain folder")
    _existing_project(p, _backup, "folder", "the backup folder")
    p.add_argument("--overwrite", action="store_true", help="replace an earlier backup in that folder")

    p = psub.add_parser("restore", help="create a project from a backup folder (ids kept)")
    p.add_argument("folder")
    p.add_argument("project", help="new project file or URL")
    p.add_argument("--user", help="your name for the audit log")
    p.set_defaults(func=_restore)
    register_import_segments(psub)


def _register_speakers(psub: argparse._SubParsersAction) -> None:
    """``researchkit project speakers import|list|clear``: speaker-level attributes (focus groups)."""
    speakers = psub.add_parser("speakers", help="store, list or clear speaker attributes (focus groups)",
                               description="Speaker-level attributes: a sheet with doc_id, speaker (the label as in the "
                                           "transcript, or the name written otherwise) and attribute columns.")
    ssub = speakers.add_subparsers(dest="speakers_command", metavar="ACTION", required=True)
    p = ssub.add_parser("import", help="store a speakers sheet (each document it names gets exactly its rows)")
    _existing_project(p, _speakers_import, "sheet", "CSV/XLSX sheet with doc_id and speaker columns")
    p.add_argument("--replace", action="store_true", help="the sheet holds every speaker: documents it does not name lose theirs")
    p.add_argument("--date-format", help="how the sheet writes dates: day-first (default), month-first or a strptime format")
    p.add_argument("--user", help="your name for the audit log")
    p = ssub.add_parser("list", help="print the stored speaker attributes as CSV (or write them with --output)")
    _existing_project(p, _speakers_list)
    p.add_argument("--doc", action="append", help="only this document (repeatable)")
    p.add_argument("--output", "-o", metavar="FILE", help="write a CSV file instead of printing")
    p = ssub.add_parser("clear", help="remove the stored speaker attributes (all, or of --doc)")
    _existing_project(p, _speakers_clear)
    p.add_argument("--doc", action="append", help="only this document (repeatable)")
    p.add_argument("--user", help="your name for the audit log")


def _register_code(sub: argparse._SubParsersAction) -> None:
    """``researchkit code``: scripted manual coding."""
    c = sub.add_parser("code", help="code a passage by quote or offsets, load a codings CSV, or pin/realign a codings CSV file",
                       description="Code a passage (scripted manual coding); or, as 'researchkit code pin CSV' and "
                                   "'researchkit code realign CSV', pin the passages of a codings CSV file and move its "
                                   "codings after the transcripts were corrected.")
    c.add_argument("doc_id", nargs="?", help="document id (or pin / realign, followed by the codings CSV)")
    c.add_argument("--project", "-p", help="project path or URL (default: $RESEARCHKIT_PROJECT)")
    c.add_argument("--code", help="code id")
    c.add_argument("--coder", help="who codes (required unless --csv has a coder column)")
    c.add_argument("--quote", help="the passage (quote marks and whitespace may differ)")
    c.add_argument("--start", type=int)
    c.add_argument("--end", type=int)
    c.add_argument("--occurrence", type=int, help="which occurrence (1-based) of an ambiguous quote")
    c.add_argument("--memo")
    c.add_argument("--uncode", action="store_true", help="remove the coding instead of adding it")
    c.add_argument("--csv", help="store every row of a codings CSV (one transaction)")
    c.add_argument("--skip-duplicates", action="store_true", help="with --csv: skip rows already stored")
    add_file_options(c)
    c.set_defaults(func=_code)


def _register_export(sub: argparse._SubParsersAction) -> None:
    """``researchkit export``: codings CSV, REFI-QDA project or codebook."""
    e = sub.add_parser("export", help="write the project's codings as CSV, or the project as REFI-QDA (.qdpx/.qdc)",
                       description="Write codings as CSV (sorted, deterministic), or the whole project as a REFI-QDA "
                                   ".qdpx file for NVivo, ATLAS.ti, MAXQDA, QualCoder (--qdpx), or its codebook as .qdc (--qdc) "
                                   "or as the CSV Taguette imports (--taguette-csv).")
    e.add_argument("output", nargs="?", help="CSV file to write, or - for standard output")
    e.add_argument("--qdpx", metavar="FILE", help="write the whole project as a REFI-QDA project file")
    e.add_argument("--qdc", metavar="FILE", help="write the project's codebook as a REFI-QDA codebook file")
    e.add_argument("--taguette-csv", metavar="FILE", help="write the project's codebook as the CSV Taguette imports "
                   "(tag paths with dots: Parent.Child, and descriptions)")
    e.add_argument("--privacy-key", metavar="KEY", help="with --qdpx: pseudonymise the export with this key and leak-check it")
    e.add_argument("--patterns", metavar="KINDS", help="with --qdpx: identifier patterns to replace and check "
                   "('all', 'none', or e.g. phone,email,plate; default with a key: all)")
    e.add_argument("--regions", metavar="REGIONS", help="with --qdpx: read phone numbers and identifiers of these "
                   "regions too, e.g. NL,GB,US (default NL; see docs/privacy.md)")
    e.add_argument("--for", dest="target", default="standard", metavar="PROGRAM",
                   help="with --qdpx: write offsets and source files as this program reads them: "
                        "nvivo, atlasti, maxqda, qualcoder, qc or standard (default); Taguette imports codebooks "
                        "as CSV only: use --taguette-csv")
    e.add_argument("--recordings", action="store_true",
                   help="with --qdpx: also write each transcript's recording (audio/video file path) with its sync "
                        "points, where the project knows both (ATLAS.ti and QualCoder read this shape)")
    e.add_argument("--allow-unpseudonymised", action="store_true", help="with --privacy-key: write the export even if the leak check finds something")
    e.add_argument("--project", "-p", help="project path or URL (default: $RESEARCHKIT_PROJECT)")
    e.add_argument("--coder", action="append", help="only this coder (repeatable)")
    e.add_argument("--code", action="append", help="only this code (repeatable)")
    e.add_argument("--doc", action="append", help="only this document (repeatable)")
    e.add_argument("--source", action="append", help="only this source (repeatable)")
    e.set_defaults(func=_export)
