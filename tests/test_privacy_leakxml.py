"""The leak check's XML parts (:mod:`researchkit.privacy.leakxml`): the C parser only where no DTD can be (issue 18).

A part in UTF-8 without ``<!DOCTYPE`` is parsed by the standard library's C parser; every
other part by ``defusedxml`` as before. Pinned here: which parts take which path (encodings
a DTD could hide in: UTF-16/32 with and without a byte-order mark, a declared 8-bit
encoding), that entity declarations are refused in each, and that both parsers give the
same tree and the same error on well-formed, malformed and hostile parts.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from defusedxml.ElementTree import fromstring

from researchkit.errors import PrivacyError
from researchkit.privacy.leakdecode import not_utf8_detail
from researchkit.privacy.leakxml import parse_xml, plain_xml

_ENTITIES = '<!DOCTYPE a [<!ENTITY e "Piet Jansen">]><a>&e;</a>'


@pytest.mark.parametrize("data, plain", [
    (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="u"/>', True),
    (b"\xef\xbb\xbf<a/>", True),
    (b"<?xml version='1.0'?><a/>", True),
    (b"<?xml version='1.0' encoding = 'utf-8'?><a/>", True),
    (b"<a>encoding='latin-1'</a>", True),  # not a declaration
    (b"<!DOCTYPE a><a/>", False),
    (b"<a><!-- <!DOCTYPE --></a>", False),  # anywhere: the slow path, never a wrong one
    (b"<?xml version='1.0' encoding='ISO-8859-1'?><a/>", False),
    (b"<?xml version='1.0' encoding='cp037'?><a/>", False),
    (b"<?xml version='1.0' encoding=utf-8?><a/>", False),  # a declaration the expression does not read
    ("<a/>".encode("utf-16"), False),
    ("<a/>".encode("utf-16-le"), False),
    ("<a/>".encode("utf-16-be"), False),
    ("<a/>".encode("utf-32"), False),
])
def test_which_parts_the_c_parser_reads(data, plain):
    assert plain_xml(data) is plain


@pytest.mark.parametrize("data", [
    _ENTITIES.encode("utf-8"),
    b"\xef\xbb\xbf" + _ENTITIES.encode("utf-8"),
    _ENTITIES.encode("utf-16"),
    _ENTITIES.encode("utf-16-le"),
    ("<?xml version='1.0' encoding='UTF-16'?>" + _ENTITIES).encode("utf-16-be"),
    ("<?xml version='1.0' encoding='ISO-8859-1'?>" + _ENTITIES).encode("latin-1"),
    b"<?xml version='1.0' encoding='cp037'?>" + _ENTITIES.encode("cp037"),
    b'<!DOCTYPE a SYSTEM "file:///etc/passwd"><a>&ext;</a>',
])
def test_entity_declarations_are_never_read(data):
    assert not plain_xml(data)
    with pytest.raises(PrivacyError) as err:
        parse_xml(data, "report.docx: word/document.xml")
    assert err.value.code == "RK653" and "Piet Jansen" not in err.value.message


def _outcome(parse, data: bytes):
    try:
        return "tree", ET.tostring(parse(data))
    except ET.ParseError as exc:
        return "error", str(exc)


@pytest.mark.parametrize("data", [
    b"<a>", b"<a></b>", b"<a>&foo;</a>", b"<a b='&foo;'/>", b"<a>&amp;&#65;&#x42;&#0;</a>", b"", b"<a/><b/>",
    b"<?xml version='1.0'?><a x='1' x='2'/>", b"\xef\xbb\xbf<a>x</a>", b"<a>\xff\xfe</a>", b"<a>\xc3</a>",
    b"<a xmlns:w='u'><w:b w:id='1'/><c xmlns='v'/></a>", b"<a><!-- c --><?pi x?>t<![CDATA[x<y&z]]>u</a>",
    b"<a>&lt;</a>junk", b"<a>\x01</a>", b"<?xml version='1.0' encoding='utf-8'?>\n<a>\n  <b>\xe2\x84\xaa \xc4\xb0</b></a>",
    b"<" + b"a>" * 3000 + b"</a>" * 3000, b"<a>" + b"x" * 100000 + b"</a>", b"<a>]]></a>", b"<1a/>",
])
def test_the_c_parser_gives_what_defusedxml_gives(data):
    assert plain_xml(data)
    assert _outcome(ET.fromstring, data) == _outcome(fromstring, data)
    kind, what = _outcome(fromstring, data)
    if kind == "tree":
        assert ET.tostring(parse_xml(data, "t.xml")) == what
    else:
        with pytest.raises(PrivacyError) as err:
            parse_xml(data, "t.xml")
        assert err.value.code == "RK653" and err.value.message == f"t.xml: malformed XML ({what}){not_utf8_detail(data)}"


@pytest.mark.parametrize("data", [b'<?xml version="1.0" encoding="UTF-32"?><a>x</a>',
                                  b'<?xml version="1.0" encoding="UCS-4"?><a>x</a>'])
def test_an_encoding_the_parser_cannot_read_is_a_clear_error(data):
    """expat raises ValueError for a declared multi-byte encoding it lacks: RK653 naming the part, not a traceback."""
    with pytest.raises(PrivacyError) as err:
        parse_xml(data, "report.docx: word/document.xml")
    assert err.value.code == "RK653" and "report.docx: word/document.xml: XML in an encoding" in err.value.message


@pytest.mark.parametrize("encoding", ["UTF-32", "UCS-4", "x-unknown"])
def test_an_xml_output_in_an_encoding_the_parser_cannot_read_is_refused_by_name(tmp_path, encoding):
    """An .xml output (read by the SAX reader): RK653 naming the file, never a traceback nor a pass."""
    from researchkit.privacy import check_outputs

    path = tmp_path / "export.xml"
    path.write_bytes(f'<?xml version="1.0" encoding="{encoding}"?><a>bel 06-12345678</a>'.encode())
    with pytest.raises(PrivacyError) as err:
        check_outputs([path])
    assert err.value.code == "RK653" and "export.xml: XML in an encoding the parser cannot read" in err.value.message

