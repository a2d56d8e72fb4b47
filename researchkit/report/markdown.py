"""Render a :class:`~researchkit.report.content.ReportContent` to Markdown (Pandoc/Quarto).

The same content as the Word report: YAML front matter (title, author, date, language,
``toc: true`` for Quarto), headings, pipe tables with numbered captions, figures as PNG
files in a folder next to the Markdown file, referenced by relative path, quotes as
block quotes with their attribution. Written atomically; the same content gives the
same bytes.

Examples
--------
>>> import datetime, tempfile, os
>>> from researchkit.report.content import ReportContent, Heading, Quote
>>> content = ReportContent("Havens", "", "", "", "", datetime.date(2026, 4, 1), "nl",
...                         [Heading("1 Inleiding", 1), Quote("Dat zie je niet.", "(R07, Douane, Harlingen)")])
>>> path = write_markdown(content, os.path.join(tempfile.mkdtemp(), "report.md"))
>>> print(path.read_text(encoding="utf-8").split("---")[-1].strip())
# 1 Inleiding
<BLANKLINE>
> “Dat zie je niet.” (R07, Douane, Harlingen)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from researchkit.errors import ReportError
from researchkit.report.content import (
    Bullets,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Quote,
    ReportContent,
    Table,
    TableOfContents,
    format_date,
)
from researchkit.fileio import atomic_write

__all__ = ["write_markdown", "render_markdown"]


def _cell(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("\n", " ")


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def render_markdown(content: ReportContent, *, figures_dir: str = "figures") -> str:
    """The Markdown text of ``content``; figures are referenced as ``<figures_dir>/<key>.png``.

    Examples
    --------
    >>> import datetime
    >>> from researchkit.report.content import ReportContent, Paragraph
    >>> text = render_markdown(ReportContent("T", "", "", "", "", datetime.date(2026, 1, 2), "nl", [Paragraph("Hoi", lead="Let op.")]))
    >>> text.splitlines()[1:3], text.splitlines()[-1]
    (['title: "T"', 'date: "2 januari 2026"'], '**Let op.** Hoi')
    """
    lines = ["---", f"title: {_yaml_str(content.title)}", f"date: {_yaml_str(format_date(content.date, content.language))}"]
    if content.subtitle:
        lines.append(f"subtitle: {_yaml_str(content.subtitle)}")
    authors = [a for a in (content.author, content.organisation) if a]
    if authors:
        lines.append("author:")
        lines.extend(f"  - {_yaml_str(a)}" for a in authors)
    lines.append(f"lang: {'nl-NL' if content.language == 'nl' else 'en-GB'}")
    lines.append("toc: true")
    lines.append("toc-depth: 3")
    if content.client:
        lines.append(f"client: {_yaml_str(content.client)}")
    privacy = getattr(content, "privacy", None) or {}
    if privacy.get("key_checksum"):
        lines.append(f"privacy-key: {_yaml_str('sha256:' + privacy['key_checksum'])}")
    if privacy.get("allow_unpseudonymised"):
        lines.append("privacy-check: not enforced (allow_unpseudonymised)")
    lines.append("---")
    table_label = content.label("table")
    figure_label = content.label("figure")
    body: list[str] = []
    for block in content.blocks:
        if isinstance(block, Heading):
            body.append("#" * min(max(block.level, 1), 6) + " " + block.text)
        elif isinstance(block, Paragraph):
            text = block.text
            if block.style == "definition":
                text = f"*{text}*"
            body.append(f"**{block.lead}** {text}".strip() if block.lead else text)
        elif isinstance(block, Bullets):
            body.append("\n".join(f"- {item}" for item in block.items))
        elif isinstance(block, Quote):
            body.append(f"> “{block.text}” {block.attribution}")
        elif isinstance(block, Table):
            part = [f"**{table_label} {block.number}.** {block.caption}", ""]
            part.append("| " + " | ".join(_cell(c) for c in block.columns) + " |")
            part.append("|" + "|".join("---" for _ in block.columns) + "|")
            part.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows)
            if block.note:
                part.extend(["", "*" + block.note.replace("*", "\\*") + "*"])
            body.append("\n".join(part))
        elif isinstance(block, Figure):
            body.append(f"![{figure_label} {block.number}. {block.caption}]({figures_dir}/{block.key}.png)")
        elif isinstance(block, (TableOfContents, PageBreak)):
            continue  # Quarto/Pandoc make the table of contents (toc: true); pages are the renderer's
        else:  # pragma: no cover
            raise TypeError(f"unknown block {type(block).__name__}")
    return "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n"


def write_markdown(
    content: ReportContent,
    out: str | os.PathLike = "report.md",
    *,
    figures_dir: str = "figures",
) -> Path:
    """Write ``content`` as Markdown, its figures as PNG files in ``figures_dir`` beside it.

    Parameters
    ----------
    content
        From :func:`researchkit.report.content.build_content`.
    out
        The ``.md`` (or ``.qmd``) file.
    figures_dir
        Folder for the figures, relative to the Markdown file's folder.

    Returns
    -------
    pathlib.Path
        The Markdown file written.

    Examples
    --------
    >>> import datetime, tempfile, os
    >>> from researchkit.report.content import ReportContent, Figure
    >>> c = ReportContent("T", "", "", "", "", datetime.date(2026, 4, 1), "nl", [Figure("fig", 1, "Een figuur", b"png-bytes")])
    >>> path = write_markdown(c, os.path.join(tempfile.mkdtemp(), "report.md"))
    >>> (path.parent / "figures" / "fig.png").exists(), path.read_text(encoding="utf-8").splitlines()[-1]
    (True, '![Figuur 1. Een figuur](figures/fig.png)')
    """
    out = Path(out)
    if out.suffix.lower() not in (".md", ".qmd", ".markdown"):
        raise ReportError("RK554", f"{out}: a Markdown report must end in .md, .qmd or .markdown", hint="name it e.g. report.md")
    if Path(figures_dir).is_absolute() or ".." in Path(figures_dir).parts:
        raise ReportError("RK554", f"figures_dir {figures_dir!r} must be a folder inside the report's folder",
                          hint="use a relative name such as 'figures'")
    folder = out.parent / figures_dir
    for figure in content.figures:
        atomic_write(folder / f"{figure.key}.png", figure.png)
    return atomic_write(out, render_markdown(content, figures_dir=Path(figures_dir).as_posix()).encode("utf-8"))
