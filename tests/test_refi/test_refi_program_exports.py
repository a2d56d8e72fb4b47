"""Exports of further programs, rebuilt the way each program's own code writes them.

* Taguette's ``.qdc`` (``remram44/taguette`` ``taguette/export.py`` ``codebook_xml``): written with the
  standard library's ``XMLGenerator`` (``short_empty_elements=True``), so the test writes it with the same
  calls: the declaration and the root on two lines, one flat ``<Code>`` per tag path with an upper-case uuid5
  GUID, an attribute holding ``"`` quoted with ``'``, and an empty ``<Sets/>`` the schema does not allow.
* QualCoder 1.3's project export (``ccbogel/QualCoder`` ``qualcoder/refi.py`` of 2019, ``project_xml`` and
  ``text_selection_xml``): ``<?xml version="1.0" standalone="yes"?>`` without an encoding, a schema location
  spelled ``project:1:0``, codes with a ``color`` and an empty body, a ``richTextPath`` naming a file the
  archive does not hold, the selected text in each selection's ``name`` and code-point offsets.
"""

from __future__ import annotations

import io
import uuid
import warnings
import zipfile
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesNSImpl

from researchkit.refi import read_qdc, read_qdpx

#: Taguette's namespace for the uuid5 GUIDs of its tag paths (``TAGUETTE_NAMESPACE`` in ``export.py``).
TAGUETTE_NAMESPACE = uuid.UUID("51B2B2B7-27EB-4ECB-9D56-E75B0A0496C2")


def _attrs(values: dict[str, str]) -> AttributesNSImpl:
    return AttributesNSImpl({(None, k): v for k, v in values.items()}, {(None, k): k for k in values})


def _taguette_qdc(paths: list[str]) -> bytes:
    """The bytes Taguette's ``codebook_xml`` writes for tags with these paths (the same SAX calls)."""
    buf = io.BytesIO()
    out = XMLGenerator(buf, encoding="utf-8", short_empty_elements=True)
    out.startDocument()
    out.startPrefixMapping(None, "urn:QDA-XML:codebook:1.0")
    out.startElementNS((None, "CodeBook"), "CodeBook", _attrs({"origin": "Taguette 1.4.1"}))
    out.startElementNS((None, "Codes"), "Codes", _attrs({}))
    for path in paths:
        guid = str(uuid.uuid5(TAGUETTE_NAMESPACE, path)).upper()
        out.startElementNS((None, "Code"), "Code", _attrs({"guid": guid, "name": path, "isCodable": "true"}))
        out.endElementNS((None, "Code"), "Code")
    out.endElementNS((None, "Codes"), "Codes")
    out.startElementNS((None, "Sets"), "Sets", _attrs({}))
    out.endElementNS((None, "Sets"), "Sets")
    out.endElementNS((None, "CodeBook"), "CodeBook")
    out.endPrefixMapping(None)
    out.endDocument()
    return buf.getvalue()


def test_a_taguette_codebook_keeps_quoted_escaped_and_accented_tag_names_and_their_guids(tmp_path):
    paths = ['zeg "nee" & <ga>', "it's", "café", "werk", "werk.haven"]
    data = _taguette_qdc(paths)
    assert b"name='zeg \"nee\" &amp; &lt;ga&gt;'" in data and b"<Sets/>" in data   # the shape under test
    path = tmp_path / "codebook.qdc"
    path.write_bytes(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = read_qdc(path)
    by_name = {c.name: c for c in book}
    assert sorted(by_name) == sorted(["zeg \"nee\" & <ga>", "it's", "café", "werk", "haven"])
    for name in paths:
        leaf = by_name[name.rsplit(".", 1)[-1]]
        assert leaf.extra["x_refi_guid"] == str(uuid.uuid5(TAGUETTE_NAMESPACE, name))   # lower case, same GUID
    assert by_name["haven"].parent == "werk"
    messages = [str(w.message) for w in caught]
    assert any(str(path) in m and "line 2: an empty <Sets/>, which the schema does not allow" in m and "read anyway" in m
               for m in messages), messages


G = "0f3a2b1c-4d5e-4f60-8a7b-9c0d1e2f3a{:02d}".format
TEXT = "I: Wie lange?\nB: Seit 1998 – im Hafen. Schöne Zeit 😀 war das.\n"


def _qualcoder13_qdpx(path, passages: list[str]):
    """A project as QualCoder 1.3's ``project_xml`` wrote it (its plain text file under ``Sources/``)."""
    sels = []
    for k, passage in enumerate(passages):
        a = TEXT.index(passage)
        sels.append(f'<PlainTextSelection guid="{G(10 + k)}" startPosition="{a}" endPosition="{a + len(passage)}" '
                    f'name="{passage}" creatingUser="{G(2)}" creationDateTime="2019-11-02T10:06:00">\n'
                    f'<Coding guid="{G(20 + k)}" creatingUser="{G(2)}" creationDateTime="2019-11-02T10:06:00">\n'
                    f'<CodeRef targetGUID="{G(3 + k % 2)}"/>\n</Coding>\n</PlainTextSelection>\n')
    qde = ('<?xml version="1.0" standalone="yes"?>\n<Project xmlns="urn:QDA-XML:project:1.0" '
           f'creatingUserGUID="{G(1)}" creationDateTime="2019-11-02T10:00:00" name="demo" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" origin="Qualcoder-1.3" '
           'xsi:schemaLocation="urn:QDA-XML:project:1:0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd">\n'
           f'<Users>\n<User guid="{G(2)}" name="colin"/>\n</Users>\n<CodeBook>\n<Codes>\n'
           f'<Code guid="{G(3)}" name="Arbeit" isCodable="true" color="#F781F3">\n</Code>\n'
           f'<Code guid="{G(4)}" name="Gefühl" isCodable="true" color="#81F7D8">\n</Code>\n</Codes>\n</CodeBook>\n'
           f'<Sources>\n<TextSource richTextPath="internal://{G(5)}.txt" plainTextPath="internal://{G(6)}.txt" '
           f'creatingUser="{G(2)}" creationDateTime="2019-11-02T10:05:00" guid="{G(5)}" name="int1">\n'
           + "".join(sels) + '</TextSource>\n</Sources>\n</Project>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde.encode("utf-8"))
        z.writestr(f"Sources/{G(6)}.txt", TEXT.encode("utf-8"))
    return path


def test_a_qualcoder_13_export_places_each_coding_on_its_passage_with_its_coder(tmp_path):
    passages = ["Seit 1998 – im Hafen.", "Schöne Zeit 😀", "Wie lange?"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ex = read_qdpx(_qualcoder13_qdpx(tmp_path / "qc13.qdpx", passages))
    text = ex.corpus["int1"].text
    assert text == TEXT
    got = sorted((text[r.start:r.end], ex.codebook[r.code].name, r.coder) for r in ex.codings.itertuples())
    want = sorted((p, ["Arbeit", "Gefühl"][k % 2], "colin") for k, p in enumerate(passages))
    assert got == want
    assert ex.report.conventions["int1"].startswith("code points")
    assert "3 selection name(s) are their passages" in ex.report.conventions["int1"]
