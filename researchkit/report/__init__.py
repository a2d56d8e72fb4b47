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
import shutil
import tempfile
from pathlib import Path
from typing import Any, Mapping, Sequence

from researchkit.report.content import ReportContent, ReportInputs, build_content
from researchkit.report.docx_report import write_docx
from researchkit.report.markdown import write_markdown

__all__ = ["build_report", "build_content", "write_docx", "write_markdown", "write_checked", "ReportInputs", "ReportContent",
           "transcript_html"]


def build_report(
    inputs: Any,
    *,
    out: str | os.PathLike = "report.docx",
    template: str | os.PathLike | None = None,
    chapters: Sequence[str] | None = None,
    language: str = "nl",
    styles: Mapping[str, str] | None = None,
    markdown: str | os.PathLike | None = None,
    key: Any = None,
    allow_unpseudonymised: bool = False,
    front_matter: Mapping[str, str | None] | None = None,
) -> ReportContent:
    """Build the Word report (and optionally its Markdown twin) from a project or inputs.

    Quotes are pseudonymised (:mod:`researchkit.privacy`). The files are written to a
    temporary folder beside ``out``, checked by the leak check
    (:func:`researchkit.privacy.check_outputs`: key terms and identifier patterns), and
    only then moved into place; a report in which an identifier would leak is not
    written, unless ``allow_unpseudonymised=True`` (which the report then states).

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
    key
        A pseudonymisation key (:class:`researchkit.privacy.PrivacyKey`); default the
        inputs' ``key``. Its checksum is stated in the method section and the document
        properties.
    allow_unpseudonymised
        Write the report even when the leak check finds something (the findings are
        put in ``content.notes``, and the report says the check was not enforced).
    front_matter
        The researcher's summary, introduction and conclusions (Markdown text, or ``None``
        for a marked placeholder); see :func:`researchkit.report.content.build_content`.

    Returns
    -------
    ReportContent
        What was written (tables with their data, figures, and ``notes`` about
        chapters left out); ``content.privacy`` holds the key checksum and the number
        of leak-check findings.

    Raises
    ------
    PrivacyError
        ``RK650`` when an identifier would leak into the report (nothing is written;
        the message lists the places).

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
    content = build_content(inputs, chapters=chapters, language=language, key=key,
                            allow_unpseudonymised=allow_unpseudonymised, front_matter=front_matter)
    if key is None:
        key = getattr(inputs, "key", None)
    write_checked(content, out, markdown=markdown, template=template, styles=styles, key=key,
                  allow_unpseudonymised=allow_unpseudonymised)
    return content


def write_checked(
    content: ReportContent,
    out: str | os.PathLike,
    *,
    markdown: str | os.PathLike | None = None,
    template: str | os.PathLike | None = None,
    styles: Mapping[str, str] | None = None,
    key: Any = None,
    allow_unpseudonymised: bool = False,
) -> list[Path]:
    """Write the Word (and Markdown) report to temporary files, leak-check them, then move them into place.

    Returns
    -------
    list of pathlib.Path
        The files written (the Word file, the Markdown file and its figures).

    Raises
    ------
    PrivacyError
        ``RK650`` when the leak check finds a key term or identifier pattern and
        ``allow_unpseudonymised`` is false; nothing is written then.

    Examples
    --------
    >>> import datetime, tempfile, os
    >>> from researchkit.report.content import Paragraph
    >>> c = ReportContent("T", "", "", "", "", datetime.date(2026, 4, 1), "nl", [Paragraph("Bel 06-12345678.")])
    >>> out = os.path.join(tempfile.mkdtemp(), "r.docx")
    >>> write_checked(c, out)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    researchkit.errors.PrivacyError: [RK650] 1 identifier(s) would leak into the report:
    ...r.docx: paragraph 4: phone '06-12345678' (pattern)....
    >>> os.path.exists(out)
    False
    """
    from researchkit.errors import PrivacyError
    from researchkit.privacy import check_outputs, format_findings

    from researchkit.errors import ReportError

    out = Path(out)
    md = Path(markdown) if markdown is not None else None
    # the writers check their paths too, but would name the temporary file: check the real names first
    if out.suffix.lower() != ".docx":
        raise ReportError("RK554", f"{out}: a Word report must be written to a .docx file", hint="name the output e.g. report.docx")
    if md is not None and md.suffix.lower() not in (".md", ".qmd", ".markdown"):
        raise ReportError("RK554", f"{md}: a Markdown report must end in .md, .qmd or .markdown", hint="name it e.g. report.md")
    if out.is_dir():
        raise ReportError("RK554", f"{out}: is a folder, not a file", hint="give the path of the .docx file to write")
    out.parent.mkdir(parents=True, exist_ok=True)
    if md is not None:
        md.parent.mkdir(parents=True, exist_ok=True)
    stage_docx = Path(tempfile.mkdtemp(prefix=".report-", dir=out.parent))
    stage_md = Path(tempfile.mkdtemp(prefix=".report-", dir=md.parent)) if md is not None else None
    try:
        staged = [(write_docx(content, stage_docx / out.name, template=template, styles=styles), out)]
        if md is not None and stage_md is not None:
            staged.append((write_markdown(content, stage_md / md.name), md))
            for figure in sorted((stage_md / "figures").glob("*.png")) if (stage_md / "figures").is_dir() else []:
                staged.append((figure, md.parent / "figures" / figure.name))
        checked = [(tmp, final) for tmp, final in staged if tmp.suffix.lower() in (".docx", ".md")]
        findings = check_outputs([tmp for tmp, _f in checked], key, kinds=(content.privacy["patterns"] if len(content.privacy["patterns"]) else "none") if "patterns" in content.privacy else None,
                                 names=[str(final) for _t, final in checked])
        content.privacy["leak_findings"] = int(len(findings))
        if len(findings):
            if not allow_unpseudonymised:
                raise PrivacyError(
                    "RK650", f"{len(findings)} identifier(s) would leak into the report:\n{format_findings(findings, limit=20)}",
                    hint="add the names to the key or the names list so that quotes are pseudonymised, fix the "
                         "codebook texts, or pass allow_unpseudonymised=True to write it anyway (the report then says so)",
                )
            content.notes.append(f"leak check: {len(findings)} identifier(s) left in the report (allow_unpseudonymised)")
        written = []
        for tmp, final in staged:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            written.append(final)
        return written
    finally:
        shutil.rmtree(stage_docx, ignore_errors=True)
        if stage_md is not None:
            shutil.rmtree(stage_md, ignore_errors=True)


def __getattr__(name: str) -> Any:
    if name == "transcript_html":
        from researchkit.report.html import transcript_html

        globals()[name] = transcript_html
        return transcript_html
    raise AttributeError(f"module 'researchkit.report' has no attribute {name!r}")
