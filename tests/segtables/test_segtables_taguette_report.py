"""Taguette's highlights exported as a document ("Export this view" as HTML or Word).

The page is written here as ``remram44/taguette`` ``taguette/templates/export_highlights.html``
renders it: an ``<h1>`` title, each highlight's HTML followed by a ``<p>`` with
``<strong>Document:</strong> name`` and ``<strong>Tags:</strong>`` and the tags separated by
commas (the template's own line breaks and indentation inside it), an ``<hr>`` between
highlights; the Dutch translation (``po/main_nl_NL.po``) says ``Taguette markeringen`` and
``Labels:``. The Word file is what a conversion of that page gives: one paragraph per block.
"""

from __future__ import annotations

import docx

from researchkit.project import Project
from researchkit.segtables import import_segment_table, read_segment_table
from researchkit.transcripts import Corpus, Transcript

TEXT = ("I: Wat ziet u in de haven?\n"
        "R: De haven van Harlingen is klein. We werken goed samen met de politie.\n"
        "I: En de douane?\n"
        "R: De douane komt zelden.\n"
        "Niemand controleert de netten.")


def _corpus() -> Corpus:
    return Corpus([Transcript("Interview 01", TEXT)])


def _html(highlights: list[tuple[str, str, list[str]]], *, title: str = "Taguette highlights", tags_label: str = "Tags:") -> str:
    blocks = []
    for snippet, document, tags in highlights:
        joined = ",\n        ".join(tags)
        blocks.append(f"    {snippet}\n    <p>\n      <strong>Document:</strong> {document}\n"
                      f"      <strong>{tags_label}</strong>\n        {joined}\n    </p>")
    body = "\n    <hr>\n".join(blocks)
    return (f'<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset="UTF-8">\n    <title>{title}</title>\n'
            f"    <style>\n      h1 {{\n        margin-bottom: 1em;\n      }}\n    </style>\n  </head>\n  <body>\n"
            f"    <h1>{title}</h1>\n{body}\n  </body>\n</html>\n")


HIGHLIGHTS = [
    ("<p>De haven van <em>Harlingen</em> is klein.</p>", "Interview 01", ["haven", "haven.klein"]),
    ("<p>De douane komt zelden.</p><p>Niemand controleert de netten.</p>", "Interview 01", ["douane"]),
    ("<p>We werken goed samen met de politie.</p>", "Interview 01", []),
]


def test_the_highlights_page_gives_every_highlight_with_its_tags(tmp_path):
    path = tmp_path / "all_tags.html"
    path.write_text(_html(HIGHLIGHTS), encoding="utf-8")
    result = import_segment_table(path, _corpus(), coder="anna")
    got = sorted((row.code, TEXT[row.start:row.end]) for row in result.codings.itertuples())
    assert got == [("douane", "De douane komt zelden.\nNiemand controleert de netten."),
                   ("haven", "De haven van Harlingen is klein."), ("haven.klein", "De haven van Harlingen is klein.")]
    report = result.report
    assert report.producer == "Taguette" and report.placed_rows == 2
    assert [(i.where, i.kind) for i in report.issues] == [("line 8", "no code")]
    assert any("title 'Taguette highlights' set aside" in note for note in report.notes)


def test_the_dutch_page_and_a_word_file_read_alike(tmp_path):
    page = tmp_path / "markeringen.html"
    page.write_text(_html(HIGHLIGHTS[:2], title="Taguette markeringen: haven", tags_label="Labels:"), encoding="utf-8")
    word = tmp_path / "highlights.docx"
    document = docx.Document()
    document.add_heading("Taguette highlights", level=1)
    document.add_paragraph("De haven van Harlingen is klein.")
    document.add_paragraph("Document: Interview 01 Tags: haven, haven.klein")
    document.add_paragraph("De douane komt zelden.")
    document.add_paragraph("Niemand controleert de netten.")
    document.add_paragraph("Document: Interview 01 Tags: douane")
    document.save(word)
    for path in (page, word):
        table = read_segment_table(path)
        assert table.producer == "Taguette"
        assert [(s.document, s.codes, s.text) for s in table.segments] == [
            ("Interview 01", ("haven", "haven.klein"), "De haven van Harlingen is klein."),
            ("Interview 01", ("douane",), "De douane komt zelden.\nNiemand controleert de netten.")]


def test_dotted_tags_find_their_codes_in_a_project(tmp_path):
    path = tmp_path / "all_tags.html"
    path.write_text(_html(HIGHLIGHTS[:1]), encoding="utf-8")
    p = Project.create(tmp_path / "p.rkp", user="anna")
    p.add_documents(_corpus())
    p.set_codebook({"codes": [{"id": "HAV", "name": "haven", "children": [{"id": "HAV.K", "name": "klein"}]}]})
    p.import_segments(path)
    codings = p.codings()
    assert sorted(codings["code"]) == ["HAV", "HAV.K"]
    assert set(codings["text"]) == {"De haven van Harlingen is klein."}


def test_a_line_break_in_the_page_source_is_a_space_except_in_pre(tmp_path):
    from researchkit.segtables.reports import report_lines

    path = tmp_path / "page.html"
    path.write_text("<html><body><p>De haven\nvan Harlingen</p><pre>regel 1\nregel 2</pre>\n<p>a<br>b</p></body></html>",
                    encoding="utf-8")
    assert report_lines(path)[0] == ["De haven van Harlingen", "regel 1", "regel 2", "a", "b"]


def test_a_page_with_control_characters_is_read_without_an_error(tmp_path):
    """Bytes lxml parses but refuses to set again (a control character from a damaged file): the lines are only read."""
    from researchkit.segtables.reports import report_lines

    path = tmp_path / "damaged.html"
    path.write_bytes(b"<html><body><p>De \x10haven</p><p>Document: Interview 01 Tags: ha\x02ven</p></body></html>")
    lines, _ = report_lines(path)
    assert lines == ["De \x10haven", "Document: Interview 01 Tags: ha\x02ven"]
