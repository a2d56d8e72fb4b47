"""Reports: the Word report and its Markdown twin, and the coded-transcript HTML.

* :func:`build_report` — content from the data (:mod:`.content`), rendered to Word
  (:mod:`.docx_report`) and, if asked, Markdown (:mod:`.markdown`).
* :func:`write_markdown` — the same content as Markdown with PNG figures.
* :func:`transcript_html` — coded transcripts as one HTML file (:mod:`.html`).

Examples
--------
>>> import researchkit as rk
>>> report = rk.report.build_report(project, out="out/report.docx", markdown="out/report.md")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from typing import Any, Mapping, Sequence

from researchkit.report.content import ReportContent, ReportInputs, build_content
from researchkit.report.docx_report import write_docx
from researchkit.report.markdown import write_markdown

__all__ = ["build_report", "build_content", "write_docx", "write_markdown", "ReportInputs", "ReportContent", "transcript_html"]


def build_report(
    inputs: Any,
    *,
    out: str | os.PathLike = "report.docx",
    template: str | os.PathLike | None = None,
    chapters: Sequence[str] | None = None,
    language: str = "nl",
    styles: Mapping[str, str] | None = None,
    markdown: str | os.PathLike | None = None,
) -> ReportContent:
    """Build the Word report (and optionally its Markdown twin) from a project or inputs.

    Parameters
    ----------
    inputs
        A :class:`~researchkit.project.Project`, or :class:`ReportInputs` (corpus,
        codebook, codings, optional agreement table, title, author, organisation, date).
    out
        The ``.docx`` file to write.
    template
        A ``.docx`` with the house style (see :func:`~researchkit.report.docx_report.write_docx`).
    chapters
        Code ids (one chapter each) and/or ``"information_position"``, ``"white_spots"``;
        default every top-level code, then those two.
    language
        ``"nl"`` (default) or ``"en"``.
    styles
        Style-role overrides for the template, e.g. ``{"quote": "Citaat"}``.
    markdown
        Also write the same content as Markdown here (figures in ``figures/`` beside it).

    Returns
    -------
    ReportContent
        What was written (tables with their data, figures, and ``notes`` about
        chapters left out).

    Examples
    --------
    >>> import tempfile, os, pandas as pd
    >>> from researchkit.codebook import Codebook
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Busje.", attributes={"date": "2026-01-05"})])
    >>> cb = Codebook.from_dict({"codes": [{"id": "SIG", "name": "Signalen"}]})
    >>> codings = pd.DataFrame([{"doc_id": "R1", "start": 0, "end": 6, "code": "SIG", "coder": "a", "source": "manual"}])
    >>> out = os.path.join(tempfile.mkdtemp(), "report.docx")
    >>> content = build_report(ReportInputs(corpus, cb, codings), out=out)
    >>> os.path.exists(out), content.tables[0].key
    (True, 'coding_by_source')
    """
    content = build_content(inputs, chapters=chapters, language=language)
    write_docx(content, out, template=template, styles=styles)
    if markdown is not None:
        write_markdown(content, markdown)
    return content


def __getattr__(name: str) -> Any:
    if name == "transcript_html":
        from researchkit.report.html import transcript_html

        globals()[name] = transcript_html
        return transcript_html
    raise AttributeError(f"module 'researchkit.report' has no attribute {name!r}")
