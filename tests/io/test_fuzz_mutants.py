"""The mutant shapes that ``benchmarks/fuzz_readers.py --seed 1`` found giving a traceback or an empty read.

Each test writes its own fixture in the exact shape of the mutant: a python-docx or odfdo file
re-zipped with one part changed (as the sweep's ``z_duplicate`` and ``z_xml`` mutations do),
a Whisper JSON with a start time written as a 401-digit integer (``j_damage``), a text file of
only a byte-order mark (``t_damage``).
"""

from __future__ import annotations

import io
import json
import zipfile

import docx
import odfdo
import pytest

from researchkit.errors import TranscriptError
from researchkit.io import read_transcript


def _rezip(data: bytes, change) -> bytes:
    """The zip ``data`` written again, each member through ``change(name, payload) -> [(name, payload), ...]``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            for name, payload in change(info.filename, src.read(info)):
                dst.writestr(name, payload)
    return out.getvalue()


def _docx_bytes() -> bytes:
    d = docx.Document()
    for line in ("I: Hoe gaat het met de haven?", "R: Goed, dank je."):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _odt_bytes() -> bytes:
    o = odfdo.Document("text")
    for line in ("I: Hoe gaat het met de haven?", "R: Goed, dank je."):
        o.body.append(odfdo.Paragraph(line))
    buf = io.BytesIO()
    o.save(buf)
    return buf.getvalue()


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_docx_whose_document_part_is_another_xml_document_is_rk103(tmp_path):
    """Mutant m01103.docx: word/document.xml written twice, the second (the one read) ``<x/>``."""
    path = tmp_path / "R01.docx"
    path.write_bytes(_rezip(_docx_bytes(), lambda name, payload: [(name, payload)] + ([(name, b"<x/>")] if name == "word/document.xml" else [])))
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    err = caught.value
    assert err.code == "RK103" and "R01.docx" in str(err) and "<x>" in str(err) and "w:document" in str(err)
    assert "What to do" in str(err)


def test_docx_document_without_a_body_is_rk103(tmp_path):
    path = tmp_path / "R02.docx"
    empty_document = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    path.write_bytes(_rezip(_docx_bytes(), lambda name, payload: [(name, empty_document if name == "word/document.xml" else payload)]))
    with pytest.raises(TranscriptError, match=r"R02\.docx.*has no <w:body>") as caught:
        read_transcript(path)
    assert caught.value.code == "RK103"


@pytest.mark.parametrize("member", ["content.xml", "Configurations2/accelerator/current.xml"])
def test_odt_part_packed_more_than_odfdo_allows_is_rk107(tmp_path, member):
    """Mutants m00491.odt, m00139.odt: a 3 MB run of one letter in a part (3 KB packed, ratio ~1000:1).

    The whole file stays under researchkit's own zip-bomb limits, so odfdo's stricter per-part
    ratio check is what refuses it: that refusal is RK107 naming the file and the part.
    """
    def change(name, payload):
        if name != member:
            return [(name, payload)]
        if name == "content.xml":
            at = payload.index(b"<office:text>") + len(b"<office:text>")
            return [(name, payload[:at] + b"<text:p>" + b"A" * 3_000_000 + b"</text:p>" + payload[at:])]
        return [(name, b"<a>" + b"A" * 3_000_000 + b"</a>")]

    path = tmp_path / "R03.odt"
    data = _odt_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if member not in z.namelist():  # odfdo's template has no Configurations2 part: add one
            data = _rezip(data, lambda name, payload: [(name, payload)] + ([(member, b"")] if name == "content.xml" else []))
    path.write_bytes(_rezip(data, change))
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    err = caught.value
    assert err.code == "RK107" and "R03.odt" in str(err) and member in str(err) and "200:1" in str(err)
    assert "breach" not in str(err)  # odfdo's wording is replaced by ours


@pytest.mark.parametrize("start", [10**400, -(10**400)], ids=["401-digits", "minus-401-digits"])
def test_whisper_start_time_beyond_the_float_range_is_no_time(tmp_path, start):
    """Mutant m01734.json: Whisper ``segments`` with ``"start"`` a 401-digit integer (valid JSON, no float holds it)."""
    segments = [{"id": 0, "start": start, "end": 1.5, "text": " Hoe gaat het?", "speaker": "SPEAKER_00"},
                {"id": 1, "start": 2.0, "end": 3.5, "text": " Goed.", "speaker": "SPEAKER_01"}]
    path = tmp_path / "R04.json"
    path.write_text(json.dumps({"language": "nl", "segments": segments}), encoding="utf-8")
    t = read_transcript(path)
    assert [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns] == [
        ("SPEAKER_00", None, "Hoe gaat het?"), ("SPEAKER_01", 2.0, "Goed.")]


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\n\n", b"\xff\xfe\n\x00 \x00"])
@pytest.mark.parametrize("suffix", [".txt", ".md", ".srt", ".vtt", ".lrc", ".html", ".csv"])
def test_a_file_of_only_a_byte_order_mark_is_empty(tmp_path, data, suffix):
    """``t_damage`` kind 6: a file that is only a BOM (as an editor saves an empty UTF-8 or UTF-16 file)."""
    path = tmp_path / f"R05{suffix}"
    path.write_bytes(data)
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert caught.value.code in {"RK104", "RK109"} and f"R05{suffix}" in str(caught.value)


@pytest.mark.parametrize("data", ["\ufeff\u3000\u00a0\n".encode("utf-8"), "\u3000\n\u2028\n".encode("utf-16")])
def test_only_unicode_white_space_is_empty(tmp_path, data):
    path = tmp_path / "R06.txt"
    path.write_bytes(data)
    with pytest.raises(TranscriptError, match=r"\[RK104\] .*R06\.txt: has no text to read"):
        read_transcript(path)


def test_a_header_without_text_below_it_is_empty(tmp_path):
    path = tmp_path / "R07.txt"
    path.write_text("---\nhaven: Urk\ngroep: visser\n---\n\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"R07\.txt: has no text to read, only a header \(haven, groep\)") as caught:
        read_transcript(path)
    assert caught.value.code == "RK104"


# --- RTF: striprtf's regular expressions on hostile input (fuzz_readers' r_damage) ------------------------

WORDPAD_RTF = r"""{\rtf1\ansi\ansicpg1252\deff0\nouicompat\deflang1043{\fonttbl{\f0\fnil\fcharset0 Calibri;}{\f1\froman\fcharset204{\*\panose 02020603050405020304}Times New Roman Cyr;}{\f2\fswiss\fcharset0 Arial{\*\falt Helvetica};}}
{\colortbl ;\red0\green0\blue255;}
{\*\generator Riched20 10.0.19041}\viewkind4\uc1 
\pard\sa200\sl276\slmult1\f0\fs22\lang19 I: Hoe gaat het? Zie {\field{\*\fldinst{HYPERLINK "https://haven.nl/a?b=1" }}{\fldrslt{\ul\cf1 haven.nl}}}\f0\fs22 .\par
R: \f1\'e4\'e5 \u1078? caf\'e9 {\field{\*\fldinst{PAGE}}{\fldrslt 3}}\f0\par
I: {\field{\*\fldinst{HYPERLINK "x"}}{\fldrslt{\field{\*\fldinst{HYPERLINK "y"}}{\fldrslt{ in}}}}} ok\par
{\pict\pngblip\picw10\pich10\bin4 {}{}}R: na\par
}"""


def test_bound_rtf_work_keeps_striprtf_text():
    """The layout WordPad (Riched20) writes: fonts with panose and falt groups, hyperlink and page fields, a picture."""
    from striprtf.striprtf import rtf_to_text

    from researchkit.io.legacy import bound_rtf_work

    assert rtf_to_text(bound_rtf_work(WORDPAD_RTF)) == rtf_to_text(WORDPAD_RTF)
    assert rtf_to_text(WORDPAD_RTF) == 'I: Hoe gaat het? Zie haven.nl.\nR: де ж cafй 3\nI:  in("y") ok\nR: na\n'


@pytest.mark.parametrize("entry", [r"{\f0 Arial;}", r"{\f0\fcharset0 x}", r"\f0 Arial"], ids=["no-charset", "no-semicolon", "flat"])
def test_a_font_table_of_many_fonts_is_rebuilt_one_font_a_line(tmp_path, entry):
    r"""r_damage kind 0: ``{\fonttbl`` followed by 20,000 fonts on one line (striprtf's font regex: quadratic, ~20 s)."""
    from researchkit.io.legacy import bound_rtf_work

    rtf = r"{\rtf1\ansi{\fonttbl" + entry * 20_000 + r"}{\b I:} Hoe?\par R: Goed.\par I: En?\par R: Ja.\par}"
    table = bound_rtf_work(rtf).split("}{\\b I:}")[0]
    assert max(len(line) for line in table.split("\n")) <= 40  # each search for a font stops at its line
    path = tmp_path / "R08.rtf"
    path.write_bytes(rtf.encode("latin-1"))
    t = read_transcript(path)
    assert [t.turn_text(turn) for turn in t.turns] == ["Hoe?", "Goed.", "En?", "Ja."]


def test_an_unclosed_font_table_hides_the_rest_as_in_striprtf(tmp_path):
    path = tmp_path / "R09.rtf"
    path.write_bytes((r"{\rtf1 I: Hoe?\par R: Goed.\par I: En?\par R: Ja.\par {\fonttbl" + r"\f0 Arial" * 50_000).encode("latin-1"))
    t = read_transcript(path)
    assert t.text == "I: Hoe?\nR: Goed.\nI: En?\nR: Ja."


@pytest.mark.parametrize("field", [r"{\field{\*\fldinst{x ", r"{\field{\*\fldinst{HYPERLINK "], ids=["field", "hyperlink"])
def test_many_unclosed_fields_on_one_line_are_each_searched_alone(tmp_path, field):
    r"""r_damage kind 1: 50,000 unclosed ``{\field`` on one line (striprtf's hyperlink regex: quadratic, ~2 min)."""
    from researchkit.io.legacy import bound_rtf_work

    rtf = r"{\rtf1 I: Hoe?\par R: Goed.\par " + field * 50_000 + "}"
    lines = bound_rtf_work(rtf).split("\n")
    assert max(line.count(r"{\field") for line in lines) == 1 and max(map(len, lines)) < 40
    path = tmp_path / "R10.rtf"
    path.write_bytes(rtf.encode("latin-1"))
    assert read_transcript(path).text == "I: Hoe?\nR: Goed."


def test_unicode_escape_beyond_unicode_is_rk103(tmp_path):
    r"""r_damage kind 3: ``\u99999999999`` (striprtf: OverflowError from chr())."""
    path = tmp_path / "R11.rtf"
    path.write_bytes(rb"{\rtf1 I: Hoe?\par R: a\u99999999999 b\par}")
    with pytest.raises(TranscriptError, match=r"\[RK103\] .*R11\.rtf: is not a readable RTF file \(OverflowError"):
        read_transcript(path)


def test_unicode_escapes_of_utf16_pairs_are_joined_and_lone_halves_replaced(tmp_path):
    r"""r_damage kind 3: Word writes 😀 as ``\u-10179?\u-8704?``; a lone ``\u-10240?`` is half a character."""
    path = tmp_path / "R12.rtf"
    path.write_bytes(rb"{\rtf1 I: Hoe?\par R: a\u-10179?\u-8704? b\u-10240? c\par}")
    t = read_transcript(path)
    assert t.text == "I: Hoe?\nR: a\U0001F600 b\ufffd c"
    assert any("half of a UTF-16 pair" in note for note in t.notes)
    t.text.encode("utf-8")


def test_lone_surrogates_in_json_text_and_speakers_become_replacement_characters(tmp_path):
    r"""j_damage kind 6: ``"text": "\ud800"`` is valid JSON; Python reads it as a lone surrogate."""
    path = tmp_path / "R13.json"
    path.write_text(json.dumps({"segments": [
        {"start": 0, "end": 1, "text": "Hoe \ud800 gaat het?", "speaker": "A\udc00"},
        {"start": 1, "end": 2, "text": "Goed \U0001F600", "speaker": "B"}]}), encoding="utf-8")
    t = read_transcript(path)
    assert t.text == "A\ufffd: Hoe \ufffd gaat het?\nB: Goed \U0001F600"
    assert [turn.speaker for turn in t.turns] == ["A\ufffd", "B"] and t.turn_text(t.turns[0]) == "Hoe \ufffd gaat het?"
    assert t.notes[-1].startswith("2 lone surrogate code point(s)")


@pytest.mark.parametrize("suffix,body", [
    (".vtt", "WEBVTT\n\nNOTE haven: Urk\n\n00:00:00.000 --> 00:00:01.500\n\n00:00:02.000 --> 00:00:03.500\n"),
    (".srt", "1\n00:00:00,000 --> 00:00:01,500\n\n2\n00:00:02,000 --> 00:00:03,500\n"),
], ids=["vtt", "srt"])
def test_subtitles_whose_cues_have_no_text_are_empty(tmp_path, suffix, body):
    """s_damage kind 3 (the seed-1 mutants m00056.vtt and others): every cue's text taken out, the times left."""
    path = tmp_path / f"R14{suffix}"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert caught.value.code in {"RK104", "RK109"} and f"R14{suffix}" in str(caught.value)
