"""Fixed inputs from the differential fuzz of the sped-up leak check (``benchmarks/fuzz_leakcheck.py``).

The fuzz compared the leak check with the code before the speed-ups (``anchored.py``,
``normalise.py``, ``leakxml.py``, ``leakhtml.py``, ``leakdecode.py``) on generated texts, keys
and files and found no difference beyond the intended one (a file with stray Windows-1252
bytes is read as :func:`researchkit.io.mixedutf8.read_mixed_utf8` reads it). The expected
values here are what both versions give; the fuzz itself is not part of the suite.
"""

from __future__ import annotations

import xml.parsers.expat as expat
import zipfile
from pathlib import Path

import pytest
from docx import Document

from researchkit.errors import PrivacyError
from researchkit.io.mixedutf8 import read_mixed_utf8
from researchkit.privacy import check_outputs, find_identifiers, find_patterns
from researchkit.privacy.key import KeyEntry, PrivacyKey
from researchkit.privacy.leakxml import plain_xml

KEY = PrivacyKey([KeyEntry("Zoë Janssen"), KeyEntry("\u212aees Brouwer"), KeyEntry("Jan van der Berg")]).assigned()


# --------------------------------------------------------------------------- texts

@pytest.mark.parametrize("before", [65536 - 20, 65536 - 6, 65536 - 4, 65536 - 2, 65536, 65536 + 3, 2 * 65536 - 5])
def test_keywords_and_anchors_across_the_piece_ends(before):
    """The keyword index reads 64K pieces: a keyword or number across a piece's end is found as in a short text."""
    tail = "BSN 123456782, KvK 12345678, geb. 12-03-1980, mail " + "@" * 300 + " a.b@haven.nl, bel 06-12345678."
    pad = ("x y " * (before // 4 + 1))[: before - 1] + " "
    short = [(m.start, m.kind, m.text) for m in find_patterns(tail)]
    assert [k for _s, k, _t in short] == ["bsn", "kvk", "birthdate", "email", "phone"]
    assert [(m.start - before, m.kind, m.text) for m in find_patterns(pad + tail)] == short


@pytest.mark.parametrize("text, regions, expected", [
    ("\u212avK-nummer: 69599084, BURGERSERVICENUMMER 123456782; D.O.B. 3 March 1979; NUMMERBORD 99-XX-99", None,
     [(12, "kvk", "69599084"), (42, "bsn", "123456782"), (60, "birthdate", "3 March 1979"), (85, "plate", "99-XX-99")]),
    ("bel +31 (0)6-12345678 of 0031-(0)50-1234567) of 1 (0)6 12345678, 00" + "0" * 300
     + " 06\u00a012345678, \u0660\u0666-12345678 06-1234567\u0668", "NL,GB,US",
     [(4, "phone", "+31 (0)6-12345678"), (25, "phone", "0031-(0)50-1234567)"), (368, "phone", "06\xa012345678")]),
    ("mail 8+B1B@x.y.org, é.f@g.nl, \u212a@h.nl, a@b.nl@c.nl, p@q.nlp@q.nl", "NL,GB,US",
     [(5, "email", "8+B1B@x.y.org"), (20, "email", "é.f@g.nl"), (30, "email", "\u212a@h.nl"), (38, "email", "a@b.nl"),
      (51, "email", "p@q.nlp")]),  # (é.f@ and the Kelvin sign's address: internationalised addresses, found since)
])
def test_fixed_texts(text, regions, expected):
    assert [(m.start, m.kind, m.text) for m in find_patterns(text, regions=regions)] == expected


def test_key_names_with_odd_letters_and_breaks():
    text = ("Zo\u00eb Jans-\nsen, ZOË JANSSEN, Jans\u00adsen, \u212aees, Brouwer\u2019s, J. van der Berg, Van der Berg, "
            "Zoe\u0301 Janssen")
    assert [(i.start, i.text) for i in find_identifiers(text, KEY)] == [
        (0, "Zoë Jans-\nsen"), (15, "ZOË JANSSEN"), (28, "Jans\xadsen"), (38, "\u212aees"), (44, "Brouwer’s"),
        (58, "van der Berg"), (72, "Van der Berg"), (86, "Zoe\u0301 Janssen")]


# --------------------------------------------------------------------------- the C parser's rule

def _expat_sees_a_dtd(data: bytes) -> bool:
    seen: list[object] = []
    parser = expat.ParserCreate(None, "}")
    parser.StartDoctypeDeclHandler = lambda *a: seen.append(a)
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError, LookupError):
        pass
    return bool(seen)


_DTD = '<!DOCTYPE a [<!ENTITY e "Piet Jansen">]><a>&e;</a>'
_HOSTILE = [
    _DTD.encode(),
    b"\xef\xbb\xbf" + _DTD.encode(),
    b"\xef\xbb\xbf\xef\xbb\xbf" + _DTD.encode(),
    ("<?xml version='1.0' encoding='utf-16'?>" + _DTD).encode("utf-16"),
    ("<?xml version='1.0' encoding='utf-16'?>" + _DTD).encode("utf-16-le"),
    ("<?xml version='1.0' encoding='utf-16'?>" + _DTD).encode("utf-16-be"),
    ("<?xml version='1.0' encoding='utf-32'?>" + _DTD).encode("utf-32"),
    _DTD.encode("utf-32-le"),
    ("<?xml version='1.0' encoding='utf-7'?>" + _DTD).encode("utf-7"),
    b"+/v8" + _DTD.encode("utf-7"),
    ("<?xml version='1.0' encoding='cp037'?>" + _DTD).encode("cp037"),
    b"<?xml version='1.0' encoding='ISO-8859-1'?>" + _DTD.encode("latin-1"),
    b"<?xml version=\"1.0\"\n  encoding\n=\n'UTF-8'\n?><!-- c --><?pi x?>" + _DTD.encode(),
    b"<?xml version='1.0' standalone='no'?><!-- encoding='utf-8' --><!DOCTYPE a><a/>",
    b"<?xml version=\"1.0 encoding='utf-8'\" encoding=\"cp037\"?>" + _DTD.encode("cp037"),
    b"<?xml version='1.0'?>\n<?foo encoding='utf-8'?>" + _DTD.encode("cp037"),
    b"<!doctype a><a/>",
    b"<!-- x --><?pi y?>\n" + _DTD.encode(),
]


@pytest.mark.parametrize("data", _HOSTILE)
def test_nothing_with_a_dtd_reaches_the_c_parser(data):
    """Hostile bytes (DTDs in other encodings, byte-order marks, odd declarations): a DTD expat sees is never plain."""
    if _expat_sees_a_dtd(data):
        assert not plain_xml(data)
    assert not plain_xml(data) or b"<!DOCTYPE" not in data


def test_the_hostile_list_holds_dtds_expat_reads():
    assert sum(map(_expat_sees_a_dtd, _HOSTILE)) >= 8  # the list does test the rule


# --------------------------------------------------------------------------- files

def _rows(frame) -> list[list[str]]:
    return frame.drop(columns="file").astype(str).values.tolist()


@pytest.mark.parametrize("suffix, text", [
    (".md", "# Zoë Janssen\nbel 06-12345678, mail p.jansen@haven.nl\nKees Brouwer\u2019s boot\n"),
    (".csv", 'quote,speaker\n"Zoë Janssen, BSN 123456782",Kees\n"Jan van der Berg",IBAN NL91ABNA0417164300\n'),
    (".html", '<p title="it\'s 06-12345678" alt=\'"p@q.nl"\'>Zoë Janssen &amp; Kees</p><p>KvK 12345678</p>\n'),
])
def test_a_stray_byte_file_is_checked_as_its_clean_text(tmp_path, suffix, text):
    """The intended change: UTF-8 with a pasted cp1252 byte is checked as io.mixedutf8 reads it (not garbled as cp1252)."""
    data = text.encode("utf-8").replace(b"bel ", b"bel \x96 ", 1).replace(b"Kees", b"Kees\xe9", 1)
    assert data != text.encode()
    stray = tmp_path / f"stray{suffix}"
    stray.write_bytes(data)
    clean = tmp_path / f"clean{suffix}"
    clean.write_text(read_mixed_utf8(data)[0], encoding="utf-8", newline="")
    found, expected = check_outputs([stray], KEY), check_outputs([clean], KEY)
    assert _rows(found) == _rows(expected)
    assert "Zoë Janssen" in set(found["term"])


def _docx(path: Path) -> bytes:
    doc = Document()
    doc.add_paragraph("Zoë Janssen belde 06-12345678.")
    doc.add_table(rows=1, cols=1).rows[0].cells[0].text = "Kees Brouwer, BSN 123456782"
    doc.save(str(path))
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml")


def _rewrite(path: Path, xml: bytes) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.mark.parametrize("how, codec", [("utf-16", "utf-16"), ("UTF-16BE", "utf-16-be"), ("windows-1252", "cp1252"),
                                        ("iso-8859-1", "latin-1"), ("bom", None)])
def test_word_parts_in_other_encodings_give_the_same_findings(tmp_path, how, codec):
    """A Word part in another encoding (or with a byte-order mark) goes to defusedxml and gives the same findings."""
    plain = tmp_path / "plain.docx"
    xml = _docx(plain)
    other = tmp_path / "other.docx"
    other.write_bytes(plain.read_bytes())
    if how == "bom":
        changed = b"\xef\xbb\xbf" + xml
    else:
        changed = xml.decode().replace("encoding='UTF-8'", f"encoding='{how}'").encode(codec)
    assert not plain_xml(changed) or how == "bom"
    _rewrite(other, changed)
    assert _rows(check_outputs([other], KEY)) == _rows(check_outputs([plain], KEY))
    assert len(check_outputs([plain], KEY)) >= 4


@pytest.mark.parametrize("dtd", ["<!DOCTYPE w:document [<!ENTITY e 'Piet'>]>",
                                 "<!-- x --><?pi y?><!DOCTYPE w:document [<!ENTITY e 'x'>]>"])
def test_a_word_part_with_entities_is_refused(tmp_path, dtd):
    path = tmp_path / "r.docx"
    xml = _docx(path)
    end = xml.find(b"?>") + 2
    _rewrite(path, xml[:end] + dtd.encode() + xml[end:])
    with pytest.raises(PrivacyError) as err:
        check_outputs([path], KEY)
    assert err.value.code == "RK653" and "unsafe XML" in err.value.message
