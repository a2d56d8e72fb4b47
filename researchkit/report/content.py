"""The report's content model: built once from the data, rendered to Word and Markdown.

:func:`build_content` turns a corpus, codebook and codings (a :class:`ReportInputs`
or a :class:`~researchkit.project.Project`) into a :class:`ReportContent`: a title
block and an ordered list of blocks (headings, paragraphs, numbered tables and
figures, pseudonymised quotes). Numbers of tables and figures, chapter numbers and
every sentence are decided here, so the Word file (:mod:`.docx_report`) and the
Markdown file (:mod:`.markdown`) say exactly the same. Figures are rendered once to
PNG bytes with :func:`researchkit.figures.save_figure` (fixed metadata).

Quotes, example quotes of the codebook and the respondent overview pass through
:mod:`researchkit.privacy`: respondents appear as ``R01``, ``R02`` ..., never by
document id, names are replaced by ``[naam]``, the terms of a pseudonymisation key
(``ReportInputs.key``) by their pseudonyms (``[PERSOON-1]``) and identifier patterns
(phone numbers, plates ...) by ``[TELEFOON]``, ``[KENTEKEN]`` .... The key's checksum is
stated in the method section (:attr:`ReportContent.privacy`).

Examples
--------
>>> import pandas as pd
>>> from researchkit.codebook import Codebook
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> text = "R: Er stond een busje op de kade."
>>> corpus = Corpus([Transcript("R1", text, (Turn("R", "respondent", 3, len(text)),),
...                             {"group": "politie", "port": "Harlingen", "organisation": "Politie", "date": "2026-02-03"})])
>>> cb = Codebook.from_dict({"codes": [{"id": "SIG", "name": "Signalen"}]})
>>> codings = pd.DataFrame([{"doc_id": "R1", "start": 3, "end": len(text), "code": "SIG",
...                          "coder": "anna", "source": "manual"}])
>>> content = build_content(ReportInputs(corpus, cb, codings, title="Havens"))
>>> [b.text for b in content.blocks if isinstance(b, Heading) and b.level == 1][:2]
['1 Methode en verantwoording', '2 Signalen']
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable, Mapping, Sequence

from researchkit.errors import ReportError
from researchkit.report.blocks import (
    Block,  # noqa: F401 (re-exported)
    Bullets,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Quote,
    ReportContent,
    Table,
    TableOfContents,
)
from researchkit.report.builder import BuilderCore
from researchkit.report.chapters import (
    AppendixChapters,
    InformationPositionChapter,
    MethodChapter,
    ThemeChapter,
    WhiteSpotsChapter,
)
from researchkit.report.chapters.extra import OPTIONAL_CHAPTERS, ExtraChapters
from researchkit.report.chapters.front import FRONT_PARTS, front_part
from researchkit.report.formatting import format_date, interview_dates, report_date  # noqa: F401 (re-exported)
from researchkit.report.inputs import ReportInputs, as_inputs
from researchkit.report.texts import _T, LANGUAGES, MAX_QUOTE_CHARS, MIN_QUOTE_WORDS, SPECIAL_CHAPTERS  # noqa: F401

__all__ = [
    "ReportInputs",
    "ReportContent",
    "Heading",
    "Paragraph",
    "Bullets",
    "Table",
    "Figure",
    "Quote",
    "PageBreak",
    "TableOfContents",
    "build_content",
    "SPECIAL_CHAPTERS",
    "LANGUAGES",
]



class _Builder(ExtraChapters, MethodChapter, ThemeChapter, InformationPositionChapter, WhiteSpotsChapter, AppendixChapters, BuilderCore):
    """The report builder: the core state plus one mixin per chapter kind."""


def _resolve_chapters(chapters: Sequence[str] | None, codebook: Any) -> list[str]:
    if chapters is None:
        return [c.id for c in codebook.codes] + list(SPECIAL_CHAPTERS)
    if isinstance(chapters, str):
        chapters = [chapters]
    bad = [c for c in chapters if c not in SPECIAL_CHAPTERS and c not in OPTIONAL_CHAPTERS and c not in codebook]
    if bad:
        raise ReportError(
            "RK552", f"unknown chapter(s) {', '.join(map(repr, bad))}",
            hint=f"use code ids of the codebook (top level: {', '.join(c.id for c in codebook.codes)}) "
                 f"or {', '.join(SPECIAL_CHAPTERS + OPTIONAL_CHAPTERS)}",
        )
    return list(dict.fromkeys(chapters))


def build_content(
    inputs: Any,
    *,
    chapters: Sequence[str] | None = None,
    language: str = "nl",
    dpi: int = 150,
    key: Any = None,
    allow_unpseudonymised: bool = False,
    front_matter: Mapping[str, str | None] | None = None,
) -> ReportContent:
    """Build the report's content from a :class:`ReportInputs` or a Project.

    Parameters
    ----------
    inputs
        :class:`ReportInputs`, or a :class:`~researchkit.project.Project`.
    chapters
        Code ids to give a chapter each (in this order), plus optionally
        ``"information_position"`` and ``"white_spots"``, and the optional chapters
        ``"cooccurrence"``, ``"partner_network"`` and ``"coding_stripes"`` (only when named). Default: every top-level code,
        then the information position and the white spots (each left out, with a note,
        when the codebook lacks the branches they need).
    language
        ``"nl"`` (default) or ``"en"``.
    dpi
        Resolution of the figures.
    key
        A pseudonymisation key (default ``inputs.key``; see :class:`ReportInputs`).
    allow_unpseudonymised
        State in the method section that the report was made without enforcing the
        leak check (the writers then keep a report with findings; see
        :func:`researchkit.report.build_report`).
    front_matter
        The researcher's own parts: ``summary`` (unnumbered, before chapter 1),
        ``introduction`` (chapter 1) and ``conclusions`` (last numbered chapter), each
        Markdown text, or ``None`` for a visibly marked placeholder (with a note). Parts
        not in the mapping are left out (:mod:`researchkit.report.chapters.front`).

    Returns
    -------
    ReportContent

    Raises
    ------
    ReportError
        ``RK552`` unknown chapter, ``RK553`` incomplete inputs, ``RK554`` bad date or language.

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.codebook import Codebook
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Busje.", attributes={"date": "2026-01-05"})])
    >>> cb = Codebook.from_dict({"codes": [{"id": "SIG", "name": "Signalen"}]})
    >>> codings = pd.DataFrame([{"doc_id": "R1", "start": 0, "end": 6, "code": "SIG", "coder": "a", "source": "manual"}])
    >>> c = build_content(ReportInputs(corpus, cb, codings), chapters=["SIG"])
    >>> c.date, [t.key for t in c.tables]
    (datetime.date(2026, 1, 5), ['coding_by_source', 'theme_SIG', 'respondents'])
    """
    if language not in LANGUAGES:
        raise ReportError("RK554", f"language {language!r} is not one of {', '.join(LANGUAGES)}", hint="use 'nl' or 'en'")
    inputs = as_inputs(inputs)
    from researchkit.figures.display import figures_for_files

    with figures_for_files():  # the report's figures go into its files, never under a notebook cell
        return _build_content(inputs, chapters, language, dpi, key, allow_unpseudonymised, front_matter)


def _build_content(inputs: Any, chapters: Sequence[str] | None, language: str, dpi: int, key: Any,
                   allow_unpseudonymised: bool, front_matter: Mapping[str, str | None] | None) -> ReportContent:
    """:func:`build_content` itself (its figures made for files only)."""
    day = report_date(inputs)
    wanted = _resolve_chapters(chapters, inputs.codebook)
    key = key if key is not None else inputs.key
    b = _Builder(inputs, language, dpi, key=key, allow_unpseudonymised=allow_unpseudonymised)
    b.add(TableOfContents())
    b.add(PageBreak())
    front = dict(front_matter or {})
    unknown = sorted(set(front) - set(FRONT_PARTS))
    if unknown:
        raise ReportError("RK531", f"unknown part(s) of the front matter: {', '.join(unknown)}",
                          hint=f"use {', '.join(FRONT_PARTS)}")
    b.theme_codes = [c for c in wanted if c not in OPTIONAL_CHAPTERS and c not in SPECIAL_CHAPTERS]
    number = 1
    if "summary" in front:
        _front(b, "summary", front["summary"], "", language)
        b.add(PageBreak())
    if "introduction" in front:
        _front(b, "introduction", front["introduction"], str(number), language)
        number += 1
    b.method(number)
    for chapter in wanted:
        if chapter in OPTIONAL_CHAPTERS:
            if not b.optional_chapter(chapter, number + 1):
                raise ReportError("RK531", f"chapter {chapter!r} cannot be built: {b.notes[-1].split(': ', 1)[-1]}",
                                  hint=f"code the material it needs, or leave {chapter!r} out of report.chapters")
            made = True
        elif chapter in SPECIAL_CHAPTERS:
            made = b.information_position(number + 1) if chapter == "information_position" else b.white_spots(number + 1)
            if not made and chapters is not None:  # asked for by name: never a silent drop
                raise ReportError("RK531", f"chapter {chapter!r} cannot be built: {b.notes[-1].split(': ', 1)[-1]}",
                                  hint="name the codes and attributes of your codebook in the run configuration "
                                       "(report.information_position / report.white_spots / report.group), or leave the "
                                       "chapter out of report.chapters")
        else:
            b.theme(number + 1, chapter)
            made = True
        if made:
            number += 1
    if "conclusions" in front:
        _front(b, "conclusions", front["conclusions"], str(number + 1), language)
    b.appendix_codebook("A")
    b.appendix_respondents("B")
    t = _T[language]
    return ReportContent(
        title=inputs.title or t["default_title"],
        subtitle=inputs.subtitle,
        author=inputs.author,
        organisation=inputs.organisation,
        client=inputs.client,
        date=day,
        language=language,
        blocks=b.blocks,
        notes=b.notes + ([f"re-identification check: attribution coarsened for the quotes of {len(b.coarsened_quotes)} "
                          f"theme(s): {' | '.join(b.coarsened_quotes)}"] if b.coarsened_quotes else []),
        privacy={"key_checksum": b.key.checksum if b.key is not None else "",
                 "key_entries": len(b.key) if b.key is not None else 0,
                 "patterns": b.kinds, "allow_unpseudonymised": bool(allow_unpseudonymised)},  # (with their regions)
        quotes=_chosen_quotes(b.chosen_quotes),
    )


def _chosen_quotes(parts: list) -> Any:
    """Every quote shown (``theme, doc_id, start, end, action, quote``), for the editable quote file."""
    import pandas as pd

    columns = ["theme", "doc_id", "start", "end", "action", "quote"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def _front(b: Any, part: str, text: str | None, chapter: str, language: str) -> None:
    blocks, note = front_part(part, text, chapter=chapter, language=language)
    for block in blocks:
        b.add(block)
    if note:
        b.notes.append(note)


def iter_text(content: ReportContent) -> Iterable[str]:
    """Every visible text of the content (headings, paragraphs, cells, quotes), for checks.

    Examples
    --------
    >>> c = ReportContent("T", "", "", "", "", _dt.date(2026, 1, 1), "nl", [Paragraph("Hallo")])
    >>> list(iter_text(c))
    ['T', 'Hallo']
    """
    yield content.title
    for block in content.blocks:
        if isinstance(block, Heading):
            yield block.text
        elif isinstance(block, Paragraph):
            yield (block.lead + " " + block.text).strip()
        elif isinstance(block, Bullets):
            yield from block.items
        elif isinstance(block, Table):
            yield block.caption
            yield from block.columns
            for row in block.rows:
                yield from row
        elif isinstance(block, Figure):
            yield block.caption
        elif isinstance(block, Quote):
            yield block.text
            yield block.attribution
