"""The researcher's own chapters: summary, introduction and conclusions from Markdown.

The summary comes before the numbered chapters (unnumbered), the introduction is
chapter 1, the conclusions the last numbered chapter before the appendices. The text
is the researcher's: ``#`` lines become sub-headings, ``-``/``*`` lines bullets, other
lines paragraphs (separated by blank lines). A part named in the configuration whose
text is missing gets a visibly marked placeholder and a note.

Examples
--------
>>> [type(b).__name__ for b in markdown_blocks("Eerste alinea\\nloopt door.\\n\\n## Kop\\n- a\\n- b", chapter="1")]
['Paragraph', 'Heading', 'Bullets']
>>> markdown_blocks("Eerste alinea\\nloopt door.", chapter="1")[0].text
'Eerste alinea loopt door.'
"""

from __future__ import annotations

import re

from researchkit.report.blocks import Bullets, Heading, Paragraph

#: The researcher's parts, in report order.
FRONT_PARTS: tuple[str, ...] = ("summary", "introduction", "conclusions")

_TITLES = {
    "nl": {"summary": "Samenvatting", "introduction": "Inleiding", "conclusions": "Conclusies"},
    "en": {"summary": "Summary", "introduction": "Introduction", "conclusions": "Conclusions"},
}
_PLACEHOLDER = {
    "nl": "[PLAATSHOUDER — {title}: deze tekst schrijft de onderzoeker. Zet hem in een Markdown-bestand en noem dat "
          "in de runconfiguratie onder report.{part}.]",
    "en": "[PLACEHOLDER — {title}: the researcher writes this text. Put it in a Markdown file and name that file "
          "in the run configuration under report.{part}.]",
}
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<!\w)[*_](\S.*?\S|\S)[*_](?!\w)")


def _plain(text: str) -> str:
    """Markdown emphasis markers removed (the Word text has no inline markup)."""
    return _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), text)


def markdown_blocks(text: str, *, chapter: str) -> list:
    """Paragraphs, sub-headings and bullets of a Markdown text (sub-headings numbered under ``chapter``).

    Examples
    --------
    >>> markdown_blocks("# Aanleiding\\nTekst met **nadruk**.", chapter="1")
    [Heading(text='1.1 Aanleiding', level=2, contents=True), Paragraph(text='Tekst met nadruk.', lead='', style='body')]
    """
    blocks: list = []
    paragraph: list[str] = []
    bullets: list[str] = []
    n_sub = 0

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph(_plain(" ".join(paragraph))))
            paragraph.clear()
        if bullets:
            blocks.append(Bullets(tuple(bullets)))
            bullets.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            n_sub += 1
            title = _plain(line.lstrip("#").strip())
            blocks.append(Heading(f"{chapter}.{n_sub} {title}" if chapter else title, 2))
        elif re.match(r"^[-*+]\s+", line):
            if paragraph:
                flush()
            bullets.append(_plain(re.sub(r"^[-*+]\s+", "", line)))
        else:
            if bullets:
                flush()
            paragraph.append(line)
    flush()
    return blocks


def front_part(part: str, text: str | None, *, chapter: str, language: str) -> tuple[list, str | None]:
    """The blocks of one part (heading first) and a note when it is a placeholder.

    ``chapter`` is the chapter number (``""`` for the unnumbered summary).

    Examples
    --------
    >>> blocks, note = front_part("summary", None, chapter="", language="nl")
    >>> blocks[0].text, blocks[1].text.startswith("[PLAATSHOUDER"), note is not None
    ('Samenvatting', True, True)
    """
    title = _TITLES[language][part]
    heading = Heading(f"{chapter} {title}".strip(), 1)
    if text is None or not text.strip():
        placeholder = _PLACEHOLDER[language].format(title=title.lower(), part=part)
        return [heading, Paragraph(placeholder)], (f"report.{part}: no text; the report shows a marked placeholder "
                                                   f"for the {part}")
    return [heading, *markdown_blocks(text, chapter=chapter)], None
