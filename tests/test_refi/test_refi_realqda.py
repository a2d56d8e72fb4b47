"""Shapes of real exports found in public repositories in a second sweep (codebooks and projects).

* ATLAS.ti Windows 23.4 writes its code groups in a ``.qdc`` as ``<Set>``\\s whose members name
  their code with ``guid`` (``<MemberCode guid="1FF58B12-..."/>``), not the standard's
  ``targetGUID``, and give the group a ``<Description>`` (the requal package's test fixture of
  an ATLAS.ti export). Before: every member was listed as ``(no GUID) (not in the project)``
  and the group's description was dropped without a word.
"""

from __future__ import annotations

import warnings

from researchkit.refi import read_qdc

ATLAS_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:codebook:0:4 Codebook.xsd" origin="ATLAS.ti Win 23.4.0" xmlns="urn:QDA-XML:codebook:1.0">
  <Codes>
    <Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="Haven" color="#46AA00" isCodable="true">
      <Description>over de haven</Description>
      <Code guid="14C4E248-F726-42CB-B1CD-A65D6A86F296" name="Kade" isCodable="true" />
    </Code>
    <Code guid="B52FB733-B6AF-4B31-BB78-3E733135171A" name="Visserij" color="#FF7800" isCodable="true" />
  </Codes>
  <Sets>
    <Set name="Plekken" guid="ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0">
      <Description>groep 1</Description>
      <MemberCode guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" />
      <MemberCode guid="14C4E248-F726-42CB-B1CD-A65D6A86F296" />
    </Set>
  </Sets>
</CodeBook>
"""


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = read_qdc(path)
    return book, " ".join(str(w.message) for w in caught)


def test_an_atlas_code_group_whose_members_name_their_code_with_guid_lists_the_codes_and_its_description(tmp_path):
    path = tmp_path / "atlas.qdc"
    path.write_text(ATLAS_QDC, encoding="utf-8")
    book, said = _read(path)
    assert [(c.name, c.parent) for c in book.walk()] == [("Haven", None), ("Kade", "Haven"), ("Visserij", None)]
    assert ("code set 'Plekken' (2 code(s): code 'Haven', code 'Kade'; described 'groep 1'): researchkit has no code sets"
            in said)
    assert "not in the project" not in said


def test_a_member_with_both_attributes_is_read_by_its_target_guid(tmp_path):
    path = tmp_path / "both.qdc"
    path.write_text(ATLAS_QDC.replace('<MemberCode guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" />',
                                      '<MemberCode targetGUID="B52FB733-B6AF-4B31-BB78-3E733135171A" '
                                      'guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" />'), encoding="utf-8")
    _, said = _read(path)
    assert "2 code(s): code 'Visserij', code 'Kade'" in said
