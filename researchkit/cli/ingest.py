"""``researchkit ingest FOLDER``: read a corpus and print what was found."""

from __future__ import annotations

import argparse
import warnings
from typing import TYPE_CHECKING

from researchkit.cli import label_map

if TYPE_CHECKING:  # the corpus libraries load when the command runs, not when it is parsed
    from researchkit.transcripts import Corpus


def format_summary(corpus: Corpus) -> str:
    """A plain-text ingestion report: documents, turns per role, words, attributes, problems.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> print(format_summary(Corpus([Transcript("R01", "R: ja", (Turn("R", "respondent", 3, 5),))])).splitlines()[0])
    Documents: 1 (1 words)
    """
    lines = [f"Documents: {len(corpus)} ({corpus.n_words} words)"]
    turns = corpus.turns
    if len(turns):
        counts = turns["role"].value_counts()
        lines.append("Turns: " + ", ".join(f"{role} {int(counts.get(role, 0))}" for role in ("interviewer", "respondent", "other")))
    formats: dict[str, int] = {}
    for t in corpus:
        fmt = t.source.format if t.source else "memory"
        formats[fmt] = formats.get(fmt, 0) + 1
    lines.append("Formats: " + ", ".join(f"{k} {v}" for k, v in sorted(formats.items())))
    attrs = corpus.attributes
    if len(attrs.columns):
        lines.append("Attributes:")
        for column in attrs.columns:
            values = attrs[column].dropna().astype(str)
            distinct = values.value_counts().sort_index()
            if len(distinct) <= 8:
                shown = ", ".join(f"{k} ({v})" for k, v in distinct.items())
            else:
                shown = f"{len(distinct)} distinct values"
            missing = int(attrs[column].isna().sum())
            lines.append(f"  {column}: {shown}" + (f"; missing for {missing}" if missing else ""))
    summary = corpus.summary()
    if len(summary):
        lines.append("")
        lines.append(summary.to_string())
    lines.extend(format_quality(corpus))
    if corpus.notes:
        lines.append("")
        lines.append("Notes:")
        lines.extend(f"  - {note}" for note in corpus.notes)
    lines.append("")
    if corpus.problems:
        lines.append(f"Problems ({len(corpus.problems)} file(s) skipped):")
        lines.extend(f"  - {p}" for p in corpus.problems)
    else:
        lines.append("Problems: none")
    return "\n".join(lines)


def format_quality(corpus: Corpus) -> list[str]:
    """The per-file quality table (``corpus.quality``) and the files to look at before coding.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> print("\\n".join(format_quality(Corpus([Transcript("R01", "ja")]))))
    <BLANKLINE>
    Ingestion quality (read flagged files before coding):
            format  turns  speakers roles  unlabelled_share  longest_turn_words  longest_turn_share  notes flags
    doc_id...
    """
    import pandas as pd

    quality = corpus.quality
    if not len(quality):
        return []
    lines = ["", "Ingestion quality (read flagged files before coding):"]
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        lines.append(quality.to_string())
    flagged = quality[quality["flags"] != ""]
    if len(flagged):
        lines.append("")
        lines.append(f"Suspicious files ({len(flagged)}):")
        lines.extend(f"  - {doc_id}: {row['flags']}" for doc_id, row in flagged.iterrows())
    return lines


def run(args: argparse.Namespace) -> int:
    """Read the corpus and print its summary; exit 1 when files were skipped."""
    from researchkit.io import read_corpus
    from researchkit.io.dates import AmbiguousDateWarning

    labels = label_map(args.label)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # problems are printed in the summary; date warnings below
        corpus = read_corpus(
            args.folder, attributes=args.attributes, labels=labels, strict=False, recursive=args.recursive,
            speakers=args.speakers, date_format=args.date_format,
        )
    print(format_summary(corpus))
    dates = [str(w.message) for w in caught if issubclass(w.category, AmbiguousDateWarning)]
    if dates:
        print("\nWarnings:")
        print("\n".join(f"  - {message}" for message in dates))
    return 1 if corpus.problems else 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``ingest`` sub-command."""
    parser = sub.add_parser("ingest", help="read transcripts and print a summary", description=__doc__)
    parser.add_argument("folder", help="folder with transcripts (.docx .doc .odt .rtf .pdf .html .htm .txt .md .vtt .srt .sbv .ass .ssa .ttml .dfxp .lrc .json .xml .eaf .TextGrid .trs .exb .cha .trn .stm, or .csv/.xlsx rows)")
    parser.add_argument("--attributes", help="CSV/XLSX sheet with a doc_id column")
    parser.add_argument("--speakers", help="CSV/XLSX sheet with doc_id and speaker columns (focus groups)")
    parser.add_argument("--date-format", dest="date_format", help="dates in the sheets: day-first (default), month-first or a strptime format")
    parser.add_argument("--label", action="append", metavar="LABEL=ROLE", help="map a speaker label to a role (repeatable)")
    parser.add_argument("--recursive", action="store_true", help="also read sub-folders")
    parser.set_defaults(func=run)
