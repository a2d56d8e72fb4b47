"""The one unit limit (RK138) in every reader, with a small monkeypatched limit (never a 25 MiB file here).

Each format's file of ``LIMIT`` units reads; one unit more is refused with RK138 naming the file, the
count, the limit and what to do. Where the count is made on the bytes, the refusal comes before the
file is parsed (the parser is made to fail if it is reached).
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import zipfile

import odfdo
import pytest

import researchkit.io
from researchkit.errors import CODES, TranscriptError
from researchkit.io import limits, read_transcript
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.limits import check_unit_count, count_lines, count_tags, count_tags_in_zip

LIMIT = 12
SPEAKERS = ("A", "B")

# Every reader module is imported before any test patches a parser: a module first imported while
# ``subtitles.webvtt_cues`` is patched (``ohms`` imports it by name) would keep the patch for good and
# fail later tests in the same process.
for _module in pkgutil.iter_modules(researchkit.io.__path__):
    importlib.import_module(f"researchkit.io.{_module.name}")


def _ms(ms: int, sep: str = ".", hours: bool = True) -> str:
    m, s = divmod(ms, 60_000)
    clock = f"{m:02d}:{s // 1000:02d}{sep}{s % 1000:03d}"
    return f"00:{clock}" if hours else clock


def _docx(body: str) -> bytes:
    buf = io.BytesIO()
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
                   '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    return buf.getvalue()


def _odt(n: int) -> bytes:
    document = odfdo.Document("text")
    for i in range(n - 1):  # odfdo's new document holds one empty paragraph
        document.body.append(odfdo.Paragraph(f"{SPEAKERS[i % 2]}: ja {i}"))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _xlsx(n: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["speaker", "text"])
    for i in range(n):
        sheet.append([SPEAKERS[i % 2], f"ja {i}"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _pdf(n: int) -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.set_font("Helvetica", size=11)
    doc.add_page()
    for i in range(n):
        doc.cell(0, 12, f"{SPEAKERS[i % 2]}: ja, zeker {i}.", new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def _rows(n: int, make) -> str:
    return "".join(make(i, SPEAKERS[i % 2]) for i in range(n))


EAF_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<ANNOTATION_DOCUMENT FORMAT="3.0" VERSION="3.0"><HEADER TIME_UNITS="milliseconds"/>'
TEI_HEAD = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>x</title></titleStmt></fileDesc></teiHeader>'

#: suffix and a builder of a file of ``n`` one-word units, per format.
FILES = {
    "srt": (".srt", lambda n: _rows(n, lambda i, s: f"{i + 1}\n{_ms(i * 10, ',')} --> {_ms(i * 10 + 5, ',')}\n{s}: ja\n\n")),
    "vtt": (".vtt", lambda n: "WEBVTT\n\n" + _rows(n, lambda i, s: f"{_ms(i * 10, hours=False)} --> {_ms(i * 10 + 5, hours=False)}\n<v {s}>ja\n\n")),
    "sbv": (".sbv", lambda n: _rows(n, lambda i, s: f"{_ms(i * 10)[1:]},{_ms(i * 10 + 5)[1:]}\n{s}: ja\n\n")),
    "ass": (".ass", lambda n: "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, "
            "MarginV, Effect, Text\n" + _rows(n, lambda i, s: f"Dialogue: 0,0:00:{i:02d}.00,0:00:{i:02d}.50,Default,{s},0,0,0,,ja\n")),
    "lrc": (".lrc", lambda n: _rows(n, lambda i, s: f"[00:{i:02d}.00]{s}: ja\n")),
    "cha": (".cha", lambda n: "@UTF8\n@Begin\n@Participants:\tA Adult, B Child\n" + _rows(n, lambda i, s: f"*{s}:\tja .\n") + "@End\n"),
    "ttml": (".ttml", lambda n: '<tt xmlns="http://www.w3.org/ns/ttml"><body><div>'
             + _rows(n, lambda i, s: f'<p begin="{i}s" end="{i}.5s">{s}: ja</p>') + "</div></body></tt>"),
    "srv3": (".xml", lambda n: '<timedtext format="3"><body>' + _rows(n, lambda i, s: f'<p t="{i * 1000}" d="500">{s}: ja</p>')
             + "</body></timedtext>"),
    "srv1": (".xml", lambda n: "<transcript>" + _rows(n, lambda i, s: f'<text start="{i}" dur="0.5">{s}: ja</text>') + "</transcript>"),
    "json3": (".json3", lambda n: '{"events":[' + ",".join(f'{{"tStartMs":{i * 1000},"dDurationMs":500,"segs":[{{"utf8":"{SPEAKERS[i % 2]}: ja"}}]}}'
                                                          for i in range(n)) + "]}"),
    "whisper": (".json", lambda n: '{"segments":[' + ",".join(f'{{"start":{i},"end":{i}.5,"speaker":"{SPEAKERS[i % 2]}","text":"ja"}}'
                                                             for i in range(n)) + "]}"),
    "csv": (".csv", lambda n: "speaker,text\n" + _rows(n, lambda i, s: f"{s},ja\n")),
    "tsv": (".tsv", lambda n: "start\tend\ttext\n" + _rows(n, lambda i, s: f"{i}\t{i}.5\t{s}: ja\n")),
    "html": (".html", lambda n: "<html><body>" + _rows(n, lambda i, s: f"<p>{s}: ja</p>") + "</body></html>"),
    "rtf": (".rtf", lambda n: "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\pard " + _rows(n, lambda i, s: f"{s}: ja\\par\n") + "}"),
    "tei": (".xml", lambda n: TEI_HEAD + "<text><body>" + _rows(n, lambda i, s: f'<u who="#{s}">ja</u>') + "</body></text></TEI>"),
    "trs": (".trs", lambda n: '<Trans><Speakers><Speaker id="s1" name="A"/><Speaker id="s2" name="B"/></Speakers><Episode>'
            '<Section type="report" startTime="0" endTime="99">'
            + _rows(n, lambda i, s: f'<Turn speaker="s{i % 2 + 1}" startTime="{i}" endTime="{i + 1}">ja</Turn>') + "</Section></Episode></Trans>"),
    "ohms": (".xml", lambda n: '<ROOT><record id="1"><title>x</title><transcript>' + _rows(n - 1, lambda i, s: f"{s}: ja\n")
             + "</transcript></record></ROOT>"),
    "eaf": (".eaf", lambda n: EAF_HEAD + "<TIME_ORDER>" + "".join(f'<TIME_SLOT TIME_SLOT_ID="ts{k}" TIME_VALUE="{k * 100}"/>' for k in range(2 * n))
            + '</TIME_ORDER><TIER LINGUISTIC_TYPE_REF="t" TIER_ID="A">'
            + _rows(n, lambda i, s: f'<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a{i}" TIME_SLOT_REF1="ts{2 * i}" TIME_SLOT_REF2="ts{2 * i + 1}">'
                    f"<ANNOTATION_VALUE>ja</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>")
            + '</TIER><LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="t" TIME_ALIGNABLE="true"/></ANNOTATION_DOCUMENT>'),
    "exb": (".exb", lambda n: '<basic-transcription><head><speakertable><speaker id="S"><abbreviation>A</abbreviation></speaker></speakertable>'
            "</head><basic-body><common-timeline>" + "".join(f'<tli id="T{k}" time="{k}"/>' for k in range(n + 1))
            + '</common-timeline><tier id="t" speaker="S" category="v" type="t">'
            + _rows(n, lambda i, s: f'<event start="T{i}" end="T{i + 1}">ja. </event>') + "</tier></basic-body></basic-transcription>"),
    "textgrid": (".TextGrid", lambda n: f'File type = "ooTextFile"\nObject class = "TextGrid"\n\n0\n{n}\n<exists>\n1\n"IntervalTier"\n'
                 f'"A"\n0\n{n}\n{n - 4}\n' + _rows(n - 5, lambda i, s: f'{i}\n{i + 1}\n"ja"\n') + f'{n - 5}\n{n}\n"nee"\n'),
    "docx": (".docx", lambda n: _docx(_rows(n, lambda i, s: f"<w:p><w:r><w:t>{s}: ja</w:t></w:r></w:p>"))),
    "odt": (".odt", _odt),
    "xlsx": (".xlsx", _xlsx),
    "pdf": (".pdf", _pdf),
}


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNITS", LIMIT)
    return LIMIT


def _write(tmp_path, fmt: str, n: int):
    suffix, make = FILES[fmt]
    data = make(n)
    path = tmp_path / f"R{n}-{fmt}{suffix}"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_every_reader_reads_the_limit_and_refuses_one_unit_more(fmt, tmp_path, small_limit):
    assert read_transcript(_write(tmp_path, fmt, LIMIT)).text.strip()
    path = _write(tmp_path, fmt, LIMIT + 1)
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    message = str(err.value)
    assert err.value.code == "RK138", message
    assert path.name in message and f"more than the {LIMIT} units a transcript may have" in message
    assert "split it into files of fewer units" in message
    count = int(message.split(" has ", 1)[1].split(" ", 1)[0].replace(",", ""))
    assert count > LIMIT


@pytest.mark.parametrize("fmt", ["srt", "vtt", "sbv", "ass", "lrc", "cha", "ttml", "srv3", "tei", "trs", "eaf", "exb", "html", "rtf",
                                 "textgrid", "docx", "odt", "csv", "tsv", "ohms"])
def test_the_count_is_made_before_the_units_are(fmt, tmp_path, small_limit, monkeypatch):
    """The formats counted on their bytes or text refuse before any paragraph, cue or XML element is made."""
    import researchkit.io.assemble as assemble_module
    import researchkit.io.xmlsafe as xmlsafe

    def reached(*args, **kwargs):
        raise AssertionError("parsed before the count")

    monkeypatch.setattr(assemble_module.RawParagraph, "__init__", reached)
    monkeypatch.setattr(xmlsafe.etree, "fromstring", reached)
    monkeypatch.setattr("researchkit.io.subtitles.webvtt_cues", reached)
    monkeypatch.setattr("researchkit.io.table.read_sheet", reached)
    monkeypatch.setattr("docx.Document", reached)
    monkeypatch.setattr("odfdo.Document", reached)
    path = _write(tmp_path, fmt, LIMIT + 1) if fmt != "odt" else None
    if fmt == "odt":  # odfdo makes the file; the reader's odfdo is patched only after
        monkeypatch.undo()
        monkeypatch.setattr(limits, "MAX_UNITS", LIMIT)
        path = _write(tmp_path, fmt, LIMIT + 1)
        monkeypatch.setattr("odfdo.Document", reached)
        monkeypatch.setattr(assemble_module.RawParagraph, "__init__", reached)
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK138"


def test_assemble_refuses_more_paragraphs_than_the_limit_for_any_reader(small_limit):
    paragraphs = [RawParagraph(f"{SPEAKERS[i % 2]}: ja", f"line {i + 1}") for i in range(LIMIT)]
    assert len(assemble("d", paragraphs).turns) == LIMIT
    with pytest.raises(TranscriptError) as err:
        assemble("d", paragraphs + [RawParagraph("A: nee", "line 13")])
    assert err.value.code == "RK138" and "has 13 paragraphs, more than the 12" in str(err.value)


def test_text_files_keep_their_own_code_under_the_shared_limit(tmp_path, small_limit):
    path = tmp_path / "R1.txt"
    path.write_text("A: ja\nB: nee\n" * 7, encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK136" and "more than the 12" in str(err.value)


def test_a_csv_with_line_ends_inside_quoted_cells_is_counted_by_its_rows(tmp_path, small_limit):
    path = tmp_path / "R1.csv"
    path.write_text("speaker,text\n" + "".join(f'{SPEAKERS[i % 2]},"ja\nnee\n\n{i}"\n' for i in range(11)), encoding="utf-8")
    t = read_transcript(path)  # 45 line ends, 11 rows below the header
    assert len(t.turns) == 11 and "ja\nnee" in t.text
    path.write_text(path.read_text(encoding="utf-8") + "A,ja\n\nB,nee\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert "has 13 rows below the header" in str(err.value)


def test_counting_helpers():
    assert count_tags(b'<p>a</p><tt:p begin="1s">b</tt:p><param/><pre>c</pre><p\n/>', b"p") == 3
    assert count_tags(b"<!-- <p> --><P>x</P>", b"p") == 1 and count_tags(b"<!-- <p> --><P>x</P>", b"p", ignore_case=True) == 2
    assert count_lines("a\r\nb\rc\n") == 3 and count_lines("a") == 1 and count_lines(b"") == 0
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:body>" + "<w:p><w:r><w:t>ja</w:t></w:r></w:p>" * 1000 + "</w:body>")
    for chunk in (5, 37, 4096, 1 << 20):  # a tag cut by every chunk boundary is counted once
        assert count_tags_in_zip(buf.getvalue(), "word/document.xml", b"p", chunk=chunk) == 1000
    assert count_tags_in_zip(buf.getvalue(), "content.xml", b"p") == 0 and count_tags_in_zip(b"PK no zip", "x", b"p") == 0


def test_the_code_is_catalogued_and_the_message_says_what_to_do():
    assert "RK138" in CODES
    with pytest.raises(TranscriptError) as err:
        check_unit_count("R9.srt", 1_200_000, "cues (lines with -->)")
    assert str(err.value).startswith("[RK138] R9.srt: has 1,200,000 cues (lines with -->), more than the 1,000,000 units")


def test_a_cell_longer_than_the_csv_modules_field_limit_is_read_whole(tmp_path):
    """A whole interview in one cell (over the csv module's 128 KiB) is read, and the module's limit is left as it was."""
    import csv

    before = csv.field_size_limit()
    words = " ".join(["haven"] * 40_000)  # 240 KiB
    path = tmp_path / "R1.csv"
    path.write_text(f'speaker,text\nA,"{words}"\nB,ja\n', encoding="utf-8")
    t = read_transcript(path)
    assert [t.turn_text(turn) for turn in t.turns] == [words, "ja"]
    assert csv.field_size_limit() == before
