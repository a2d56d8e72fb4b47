"""ParlParse's DOCTYPE of character entities, read as the character references it stands for."""

from __future__ import annotations

import pytest

from researchkit.errors import TranscriptError
from researchkit.io.charentities import resolve_character_entities
from researchkit.io.xmlsafe import parse_xml, root_name

DOCTYPE = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n\n<!DOCTYPE publicwhip\n[\n<!ENTITY mdash   "&#8212;">\n<!ENTITY nbsp "&#xA0;" >\n]>\n'


def test_the_doctype_is_taken_out_and_line_numbers_kept():
    data = DOCTYPE + b"<publicwhip>\n<p>a&mdash;b&nbsp;c &amp; d</p>\n<bad"
    resolved = resolve_character_entities(data)
    assert resolved.count(b"\n") == data.count(b"\n")
    assert b"<!ENTITY" not in resolved and b"a&#8212;b&#xA0;c &amp; d" in resolved
    with pytest.raises(TranscriptError) as err:
        parse_xml("x.xml", data)
    assert err.value.code == "RK121" and "line 10" in str(err.value)  # the line in the file as written


def test_the_text_reads_with_the_characters():
    root = parse_xml("x.xml", DOCTYPE + b"<publicwhip><p>a&mdash;b&nbsp;c</p></publicwhip>")
    assert root[0].text == "a\u2014b\u00a0c"
    assert root_name("x.xml", DOCTYPE + b"<publicwhip>") == ("publicwhip", "")


@pytest.mark.parametrize("data", [
    b'<!DOCTYPE publicwhip [<!ENTITY big "&#8212;&#8212;">]><publicwhip>&big;</publicwhip>',
    b'<!DOCTYPE publicwhip [<!ENTITY ext SYSTEM "file:///etc/passwd">]><publicwhip>&ext;</publicwhip>',
    b'<!DOCTYPE publicwhip [<!ENTITY % p "&#65;">]><publicwhip/>',
    b'<!DOCTYPE TEI [<!ENTITY mdash "&#8212;">]><TEI>&mdash;</TEI>',
    b'<x/><!DOCTYPE publicwhip [<!ENTITY mdash "&#8212;">]><publicwhip/>',
])
def test_anything_else_is_left_alone_and_refused(data):
    assert resolve_character_entities(data) == data
    with pytest.raises(TranscriptError) as err:
        parse_xml("x.xml", data)
    assert err.value.code == "RK121"
