"""The codebook CSV for Taguette, checked against what Taguette's importer expects.

Shape from ``remram44/taguette`` ``taguette/import_codebook.py`` (``list_tags_csv``): the bytes
are decoded as UTF-8 (``codecs.getreader('utf-8')``, so a BOM would stick to the first header),
``csv.reader`` rows, a header naming exactly one of ``tag``/``name``/``path`` (compared as
written in the upstream version) and optionally ``description``; every row needs as many cells
as the highest of those columns, its path stripped must not be empty; ``taguette/validate.py``
limits paths to 200 characters and descriptions to 102,400; ``web/views.py`` offers only the
first row of a duplicated path and ``database/models.py`` keeps one ``Tag.path`` per project.
Taguette's hierarchy is the dotted path (``interesting.places``, its own test codebook).
Nothing of Taguette is run here: the file is read with Python's ``csv`` as that code reads it,
and the checks are the conditions above.
"""

from __future__ import annotations

import codecs
import csv
import io

import pytest

from researchkit.cli import main
from researchkit.codebook import Codebook
from researchkit.errors import ExchangeError
from researchkit.project import Project
from researchkit.refi import write_taguette_codebook
from researchkit.segtables import import_segment_table
from researchkit.transcripts import Corpus, Transcript

BOOK = {"codes": [
    {"id": "HAV", "name": "Haven", "description": "Over havens", "include": "Zeehavens", "examples": ["De haven is klein."],
     "children": [{"id": "HAV.KLEIN", "name": "Klein", "description": "Kleine havens, met een komma, en \"quotes\""},
                  {"id": "HAV.DR", "name": "Dr. Smith"}]},
    {"id": "DOU", "name": "Douane", "children": [{"id": "DOU.KLEIN", "name": "Klein", "description": "Weinig douane\nTwee regels"}]},
    {"id": "INT", "name": "interesting", "children": [{"id": "INT.PL", "name": "places"}]},
]}


def _as_taguette_reads(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows as Taguette's importer sees the bytes (strict UTF-8 decoder, csv.reader)."""
    rows = list(csv.reader(codecs.getreader("utf-8")(io.BytesIO(data))))
    return rows[0], rows[1:]


def test_the_csv_has_the_columns_and_values_taguettes_importer_takes(tmp_path):
    path = write_taguette_codebook(Codebook.from_dict(BOOK), tmp_path / "codebook.csv")
    data = path.read_bytes()
    assert not data.startswith(codecs.BOM_UTF8)
    header, rows = _as_taguette_reads(data)
    assert header == ["tag", "parent", "description"]     # exactly one of tag/name/path, lower case; parent as Taguette exports it
    assert sum(h in ("tag", "name", "path") for h in header) == 1
    col = header.index("tag")
    assert all(len(r) >= 2 for r in rows)                  # "Not enough columns" otherwise
    tags = {r[col].strip(): r[header.index("description")].strip() for r in rows}
    assert len(tags) == len(rows) == 7                     # no path twice: nothing disabled or lost
    assert all(t and len(t) <= 200 for t in tags)
    assert list(tags) == ["Haven", "Haven.Klein", "Haven.Dr. Smith", "Douane", "Douane.Klein",
                          "interesting", "interesting.places"]  # parents first, each child under its parent's path
    assert tags["Haven"] == "Over havens\n\nInclude: Zeehavens\n\nExample: De haven is klein."
    assert tags["Haven.Klein"] == 'Kleine havens, met een komma, en "quotes"'
    assert tags["Douane.Klein"] == "Weinig douane\nTwee regels"
    parents = {r[col]: r[header.index("parent")] for r in rows}
    assert parents == {"Haven": "", "Haven.Klein": "Haven", "Haven.Dr. Smith": "Haven", "Douane": "", "Douane.Klein": "Douane",
                       "interesting": "", "interesting.places": "interesting"}
    assert all(not p or list(tags).index(p) < list(tags).index(t) for t, p in parents.items())  # a parent row comes first


def test_same_name_under_two_parents_are_two_tags_and_come_back_on_the_right_codes(tmp_path):
    """Round trip: tags from the CSV used in a highlights export (``highlights_csv`` columns) find their codes."""
    codebook = Codebook.from_dict(BOOK)
    _, rows = _as_taguette_reads(write_taguette_codebook(codebook, tmp_path / "cb.csv").read_bytes())
    text = "De haven is klein. De douane komt weinig. Dr. Smith kwam langs. Mooie plekken."
    passages = {"Haven.Klein": "De haven is klein.", "Douane.Klein": "De douane komt weinig.",
                "Haven.Dr. Smith": "Dr. Smith kwam langs.", "interesting.places": "Mooie plekken."}
    assert set(passages) <= {r[0] for r in rows}
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["id", "document", "tag", "content"])
    for i, (tag, passage) in enumerate(passages.items(), 1):
        writer.writerow([i, "int_1", tag, passage])
    (tmp_path / "all_tags.csv").write_bytes(buf.getvalue().encode("utf-8"))
    result = import_segment_table(tmp_path / "all_tags.csv", Corpus([Transcript("int_1", text)]), codebook, coder="anna")
    got = {row.code: text[row.start:row.end] for row in result.codings.itertuples()}
    assert got == {"HAV.KLEIN": "De haven is klein.", "DOU.KLEIN": "De douane komt weinig.",
                   "HAV.DR": "Dr. Smith kwam langs.", "INT.PL": "Mooie plekken."}
    assert not result.report.issues


@pytest.mark.parametrize("codes, first, second", [
    ([{"id": "A", "name": "Haven.Klein"}, {"id": "H", "name": "Haven", "children": [{"id": "H.K", "name": "Klein"}]}],
     "'A' (Haven.Klein)", "'H.K' (Haven > Klein)"),
    ([{"id": "H", "name": "Haven", "children": [{"id": "H.1", "name": "Klein"}, {"id": "H.2", "name": "klein"}]}],
     "'H.1' (Haven > Klein)", "'H.2' (Haven > klein)"),
])
def test_two_codes_that_would_be_one_taguette_tag_are_refused_naming_both(tmp_path, codes, first, second):
    with pytest.raises(ExchangeError) as err:
        write_taguette_codebook(Codebook.from_dict({"codes": codes}), tmp_path / "cb.csv")
    message = str(err.value)
    assert err.value.code == "RK610" and first in message and second in message
    assert "What to do: rename one of the two codes" in message
    assert not (tmp_path / "cb.csv").exists()


def test_over_taguettes_limits_or_empty_is_refused_and_nothing_is_written(tmp_path):
    long = {"codes": [{"id": "A", "name": "a" * 120, "children": [{"id": "B", "name": "b" * 80}]}]}
    with pytest.raises(ExchangeError) as err:
        write_taguette_codebook(Codebook.from_dict(long), tmp_path / "cb.csv")
    assert err.value.code == "RK611" and "'B'" in str(err.value) and "201 characters" in str(err.value)
    big = {"codes": [{"id": "A", "name": "a", "description": "x" * 102_401}]}
    with pytest.raises(ExchangeError) as err:
        write_taguette_codebook(Codebook.from_dict(big), tmp_path / "cb.csv")
    assert err.value.code == "RK611" and "102401 characters" in str(err.value)
    with pytest.raises(ExchangeError) as err:
        write_taguette_codebook(None, tmp_path / "cb.csv")  # a project without a codebook
    assert err.value.code == "RK606"
    assert not (tmp_path / "cb.csv").exists()


def test_export_taguette_csv_on_the_command_line(tmp_path, capsys):
    project = Project.create(tmp_path / "p.rkp")
    project.set_codebook(BOOK)
    project.close()
    assert main(["export", "--taguette-csv", str(tmp_path / "t.csv"), "-p", str(tmp_path / "p.rkp")]) == 0
    assert "7 tags" in capsys.readouterr().out
    header, rows = _as_taguette_reads((tmp_path / "t.csv").read_bytes())
    assert header == ["tag", "parent", "description"] and [r[0] for r in rows][:3] == ["Haven", "Haven.Klein", "Haven.Dr. Smith"]
