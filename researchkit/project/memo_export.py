"""Memos to Markdown and Word: one pure layout, two renderers, atomic deterministic files.

:func:`memo_sections` groups a memo table (from :meth:`Project.memos`) by what the memos
are about; :func:`memos_markdown` and :func:`write_memos` render it. The Word file is
written with python-docx, its dates fixed and its zip re-packed, so the same memos give
the same bytes.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame([{"id": "m1", "target_type": "project", "target": "", "author": "anna", "text": "Start",
...                        "created": "2026-02-01T10:00:00.000000Z", "updated": "2026-02-01T10:00:00.000000Z",
...                        "links": (), "source": "memo"}])
>>> print(memos_markdown(memo_sections(frame, {}), title="Memos"))
# Memos
<BLANKLINE>
1 memo: project 1.
<BLANKLINE>
## Project
<BLANKLINE>
### anna, 2026-02-01
<BLANKLINE>
Start
<BLANKLINE>
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import pandas as pd

from researchkit.errors import ProjectError
from researchkit.fileio import atomic_write

_HEADINGS = {"project": "Project", "document": "Documents", "code": "Codes", "coding": "Codings"}
_ORDER = ("project", "document", "code", "coding")


@dataclass
class MemoEntry:
    """One memo as written: a heading, the passages it is about, its text."""

    heading: str
    about: str
    passages: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class MemoSection:
    """The memos of one kind (project, documents, codes, codings)."""

    kind: str
    entries: list[MemoEntry] = field(default_factory=list)


def _day(stamp: str) -> str:
    return str(stamp)[:10]


def _passage(coding_id: str, facts: Mapping[str, tuple]) -> str:
    fact = facts.get(coding_id)
    if fact is None:
        return f"(coding {coding_id} is no longer in the project)"
    doc_id, code, coder, start, end, text = fact
    return f"“{text}” ({doc_id} {start}–{end}, {code}, {coder})"


def memo_sections(frame: pd.DataFrame, facts: Mapping[str, tuple], *, code_names: Mapping[str, str] | None = None) -> list[MemoSection]:
    """Group memos by kind; coding memos carry their passages (``facts``: id -> doc, code, coder, start, end, text).

    Examples
    --------
    >>> frame = pd.DataFrame([{"id": "m1", "target_type": "coding", "target": "c1", "author": "bert", "text": "Twijfel",
    ...                        "created": "2026-02-01T10:00:00Z", "updated": "2026-02-01T10:00:00Z", "links": (), "source": "memo"}])
    >>> memo_sections(frame, {"c1": ("R01", "SAM", "bert", 3, 13, "goed samen")})[0].entries[0].passages
    ['“goed samen” (R01 3–13, SAM, bert)']
    """
    names = code_names or {}
    sections = {kind: MemoSection(kind) for kind in _ORDER}
    for row in frame.itertuples(index=False):
        edited = f", edited {_day(row.updated)}" if _day(row.updated) != _day(row.created) else ""
        heading = f"{row.author}, {_day(row.created)}{edited}"
        entry = MemoEntry(heading, "", text=str(row.text))
        if row.target_type == "document":
            entry.about = f"Document {row.target}"
        elif row.target_type == "code":
            entry.about = f"Code {row.target}" + (f" — {names[row.target]}" if row.target in names and names[row.target] != row.target else "")
        elif row.target_type == "coding":
            ids = [row.target] + [t.split(":", 1)[1] for t in row.links if t.startswith("coding:")]
            entry.passages = [_passage(i, facts) for i in ids]
            entry.about = "Note on a coding" if row.source == "coding" else f"Memo on {len(ids)} coding{'s' if len(ids) > 1 else ''}"
        others = [t for t in row.links if not t.startswith("coding:")]
        if others:
            entry.about = (entry.about + "; also " if entry.about else "Also ") + ", ".join(others)
        sections[row.target_type].entries.append(entry)
    return [s for s in sections.values() if s.entries]


def _summary(sections: list[MemoSection]) -> str:
    total = sum(len(s.entries) for s in sections)
    parts = ", ".join(f"{s.kind} {len(s.entries)}" for s in sections)
    return f"{total} memo{'s' if total != 1 else ''}" + (f": {parts}." if parts else ".")


def memos_markdown(sections: list[MemoSection], *, title: str) -> str:
    """The memos as Markdown text.

    Examples
    --------
    >>> memos_markdown([], title="Memos").splitlines()[-1]
    '0 memos.'
    """
    lines = [f"# {title}", "", _summary(sections)]
    for section in sections:
        lines += ["", f"## {_HEADINGS[section.kind]}"]
        for entry in section.entries:
            lines += ["", f"### {entry.heading}"]
            if entry.about:
                lines += ["", f"*{entry.about}*"]
            if entry.passages:
                lines += [""] + [f"- {p}" for p in entry.passages]
            lines += ["", entry.text]
    return "\n".join(lines) + "\n"


def memos_docx(sections: list[MemoSection], *, title: str) -> bytes:
    """The memos as a Word document (bytes; dates fixed, zip re-packed: same memos, same bytes).

    Examples
    --------
    >>> memos_docx([], title="Memos")[:2]
    b'PK'
    """
    import datetime

    from docx import Document

    from researchkit.report.docx_report import repack_zip

    document = Document()
    document.add_heading(title, level=0)
    document.add_paragraph(_summary(sections))
    for section in sections:
        document.add_heading(_HEADINGS[section.kind], level=1)
        for entry in section.entries:
            document.add_heading(entry.heading, level=2)
            if entry.about:
                document.add_paragraph().add_run(entry.about).italic = True
            for passage in entry.passages:
                document.add_paragraph(passage, style="Quote")
            for paragraph in entry.text.split("\n\n"):
                document.add_paragraph(paragraph)
    stamp = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    props = document.core_properties
    props.title, props.author, props.last_modified_by, props.revision = title, "researchkit", "researchkit", 1
    props.created = props.modified = props.last_printed = stamp
    buffer = io.BytesIO()
    document.save(buffer)
    return repack_zip(buffer.getvalue())


def write_memos(frame: pd.DataFrame, facts: Mapping[str, tuple], path: str | os.PathLike, *, title: str,
                code_names: Mapping[str, str] | None = None) -> Path:
    """Write memos to ``path`` (``.md`` or ``.docx``, chosen by the suffix), atomically.

    Raises
    ------
    ProjectError
        RK333 for another suffix.

    Examples
    --------
    >>> import tempfile, os
    >>> write_memos(pd.DataFrame(columns=["target_type"]), {}, os.path.join(tempfile.mkdtemp(), "m.md"), title="M").suffix
    '.md'
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".md", ".docx"):
        raise ProjectError("RK333", f"{target}: memos are written to .md (Markdown) or .docx (Word), not {suffix or 'a file without suffix'}",
                           hint="name the file e.g. memos.md or memos.docx")
    sections = memo_sections(frame, facts, code_names=code_names)
    data = memos_markdown(sections, title=title) if suffix == ".md" else memos_docx(sections, title=title)
    return atomic_write(target, data)
