"""Links between codes (ATLAS.ti's code-code relations) are relations of the codebook, in and out.

Shapes of real exports, in a few lines: ATLAS.ti writes a relation between two codes as a
``<Link name="is cause of" direction="OneWay" originGUID="{code}" targetGUID="{code}">``
(GUIDs in braces, upper case), a memo tied to a quotation or a code as a link from a
note, and a hyperlink between two quotations as a link between two selections; other
tools write ``Associative`` and ``Bidirectional`` links, with a colour, with a name or without.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from pathlib import Path

import pytest

from researchkit.codebook.model import Relation
from researchkit.errors import ExchangeWarning
from researchkit.refi import read_qdpx, validate_xml, write_qdc, write_qdpx

_spec = importlib.util.spec_from_file_location("qdpx_files", Path(__file__).with_name("qdpx_files.py"))
qdpx_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qdpx_files)
G = qdpx_files.G
TEXT = "I: Wat zag u?\nR: Een busje op de kade, dus smokkel. Maar bewijs is er niet."


def _link(k: int, origin: int, target: int, name: str = "", direction: str | None = None, color: str | None = None) -> str:
    extra = (f' direction="{direction}"' if direction else "") + (f' color="{color}"' if color else "")
    return f'<Link guid="{G(k)}" name="{name}"{extra} originGUID="{{{G(origin).upper()}}}" targetGUID="{G(target)}"/>'


def _qdpx(path: Path, links: str, *, notes: str = "") -> Path:
    a, b = TEXT.index("Een busje"), TEXT.index(", dus")
    c, d = TEXT.index("Maar"), len(TEXT)
    sels = "".join(f'<PlainTextSelection guid="{G(k)}" startPosition="{s}" endPosition="{e}"><Coding guid="{G(k + 10)}">'
                   f'<CodeRef targetGUID="{G(code)}"/></Coding></PlainTextSelection>' for k, s, e, code in ((30, a, b, 10), (31, c, d, 12)))
    codes = (f'<Code guid="{G(10)}" name="Signalen" isCodable="true"><Code guid="{G(11)}" name="Busje" isCodable="true"/></Code>'
             f'<Code guid="{G(12)}" name="Vermoedens" isCodable="true"/><Code guid="{G(13)}" name="Bewijs" isCodable="true"/>')
    body = (f'<Sources><TextSource guid="{G(20)}" name="R01" plainTextPath="internal://{G(20)}.txt">{sels}</TextSource></Sources>'
            f'{notes}<Links>{links}</Links>')
    return qdpx_files.write_project(path, body, {20: TEXT}, codes=codes, origin="ATLAS.ti 9.1.7")


def _read(path: Path):
    return qdpx_files.quietly(read_qdpx, path)


LINKS = (_link(60, 11, 12, "is cause of", "OneWay") + _link(61, 12, 13, "contradicts", "Bidirectional", "#C00")
         + _link(62, 10, 13, "is associated with") + _link(63, 30, 31, "explains", "OneWay"))


def test_links_between_codes_become_relations_and_a_hyperlink_between_quotations_is_listed(tmp_path):
    ex = _read(_qdpx(tmp_path / "a.qdpx", LINKS))
    assert ex.codebook.relations == (Relation("Busje", "Vermoedens", "is cause of", "one-way"),
                                     Relation("Vermoedens", "Bewijs", "contradicts", "bidirectional", "#CC0000"),
                                     Relation("Signalen", "Bewijs", "is associated with", "associative"))
    listed = [n for n in ex.report.not_carried if n.startswith("link ")]
    a, b, c = TEXT.index("Een busje"), TEXT.index(", dus"), TEXT.index("Maar")
    ends = [f"selection {G(k)}, the passage {TEXT[s:e] if e - s <= 50 else TEXT[s:s + 49] + '…'!r} (characters {s}-{e}) of 'R01'"
            for k, s, e in ((30, a, b), (31, c, len(TEXT)))]
    assert listed == [f"link 'explains' ({ends[0]} -> {ends[1]}): researchkit has no links of this kind "
                      "(it keeps relations between codes, and notes linked to what they are about)"]


def test_relations_are_written_back_as_links_and_read_again(tmp_path):
    ex = _read(_qdpx(tmp_path / "a.qdpx", LINKS))
    write_qdpx(ex, tmp_path / "b.qdpx")  # validated against the shipped Project.xsd before it is put in place
    with zipfile.ZipFile(tmp_path / "b.qdpx") as z:
        qde = z.read("project.qde").decode("utf-8")
    assert validate_xml(qde.encode("utf-8"), "project", where="b.qdpx") == []
    links = re.findall(r"<Link [^>]*/>", qde)
    assert len(links) == 3
    assert (f'name="contradicts" direction="Bidirectional" color="#CC0000" originGUID="{G(12).upper()}" '
            f'targetGUID="{G(13).upper()}"') in links[1]
    assert qde.index("</Notes>" if "</Notes>" in qde else "</Sources>") < qde.index("<Links>")
    assert _read(tmp_path / "b.qdpx").codebook.relations == ex.codebook.relations


def test_a_link_deleted_in_the_other_program_is_gone_on_reimport(tmp_path):
    ex = _read(_qdpx(tmp_path / "a.qdpx", LINKS))
    write_qdpx(ex, tmp_path / "b.qdpx")
    with zipfile.ZipFile(tmp_path / "b.qdpx") as z:
        members = {n: z.read(n) for n in z.namelist()}
    qde = members["project.qde"].decode("utf-8")
    members["project.qde"] = re.sub(r'\s*<Link [^>]*name="is cause of"[^>]*/>', "", qde).encode("utf-8")
    with zipfile.ZipFile(tmp_path / "edited.qdpx", "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    back = _read(tmp_path / "edited.qdpx")  # researchkit's extension still has the old codebook: the links decide
    assert [r.name for r in back.codebook.relations] == ["contradicts", "is associated with"]
    members["project.qde"] = re.sub(r"\s*<Links>.*</Links>", "", qde, flags=re.S).encode("utf-8")
    with zipfile.ZipFile(tmp_path / "none.qdpx", "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    assert _read(tmp_path / "none.qdpx").codebook.relations == ()  # every link deleted


def test_a_relation_given_twice_a_strange_direction_and_a_bad_colour_are_warned(tmp_path):
    links = (_link(60, 11, 12, "is part of", "OneWay") + _link(61, 11, 12, "is part of", "OneWay")
             + _link(62, 12, 11, "relates", "Sideways", "red") + _link(63, 11, 12, "relates"))
    ex = _read(_qdpx(tmp_path / "a.qdpx", links))
    assert ex.codebook.relations == (Relation("Busje", "Vermoedens", "is part of", "one-way"),
                                     Relation("Vermoedens", "Busje", "relates", "associative"))
    warned = " | ".join(ex.report.warnings)
    assert "link 'is part of' (line 1): the relation Busje -> Vermoedens is given twice; kept once" in warned
    assert "direction 'Sideways' is not REFI-QDA's; read as associative" in warned and "colour 'red' is not #RGB/#RRGGBB" in warned
    assert "link 'relates' (line 1): the relation Busje -> Vermoedens is given twice" in warned  # associative: both ways


def test_a_note_linked_to_a_code_stays_a_memo_not_a_relation(tmp_path):
    notes = f'<Notes><Note guid="{G(50)}" name="Over bewijs"><PlainTextContent>Nog na te gaan</PlainTextContent></Note></Notes>'
    ex = _read(_qdpx(tmp_path / "a.qdpx", _link(60, 50, 13, "Memo-Code Relation", "OneWay"), notes=notes))
    assert ex.codebook.relations == ()
    assert ex.memos[["target_type", "target", "text"]].values.tolist() == [["code", "Bewijs", "Nog na te gaan"]]


def test_a_qdc_codebook_cannot_hold_relations_and_says_so(tmp_path):
    ex = _read(_qdpx(tmp_path / "a.qdpx", LINKS))
    with pytest.warns(ExchangeWarning, match=r"RK609.*3 relation\(s\) between codes are not written.*\.qdpx"):
        write_qdc(ex.codebook, tmp_path / "cb.qdc")
    assert b"<Link" not in (tmp_path / "cb.qdc").read_bytes()
