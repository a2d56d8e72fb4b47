"""Write the REFI-QDA fixtures of tests/test_refi (run: python tests/data/refi/make_fixtures.py).

Each fixture reproduces quirks seen in real exports by other programs (see the test
module's docstring). Offsets are computed here the way *that* program counts them, from
the passages it would show, independently of researchkit's reader: the tests then check
that every imported coding quotes exactly that passage. The files are deterministic (fixed
zip dates), so re-running this script changes nothing.

The texts are fictional.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATE = (2024, 1, 1, 0, 0, 0)

# passages each fixture codes, by fixture -> list of (passage, code name, user name)
EXPECTED: dict[str, list[tuple[str, str, str]]] = {}


def units_utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def offsets(text: str, passage: str, *, unit: str, crlf: int, occurrence: int = 1) -> tuple[int, int]:
    """Start and end of ``passage`` in ``text`` as a program with this convention counts them."""
    index = -1
    for _ in range(occurrence):
        index = text.index(passage, index + 1)
    before, span = text[:index], passage

    def count(s: str) -> int:
        n = units_utf16(s) if unit == "utf16" else len(s)
        if crlf == 1:
            n -= s.count("\r\n")
        return n

    return count(before), count(before) + count(span)


def write_zip(name: str, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(HERE / name, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for member, data in members.items():
            info = zipfile.ZipInfo(member, date_time=DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


G = {  # fixed GUIDs
    "user_anna": "7F1C9E1A-0A31-4C55-9D38-2B0B5B6E9A01",
    "user_bob": "7F1C9E1A-0A31-4C55-9D38-2B0B5B6E9A02",
    "code_sig": "A1000000-0000-4000-8000-000000000001",
    "code_drugs": "A1000000-0000-4000-8000-000000000002",
    "code_info": "A1000000-0000-4000-8000-000000000003",
    "code_ws": "A1000000-0000-4000-8000-000000000004",
    "code_dup": "A1000000-0000-4000-8000-000000000005",
    "code_dup2": "A1000000-0000-4000-8000-000000000006",
    "code_flat1": "A1000000-0000-4000-8000-000000000007",
    "code_flat2": "A1000000-0000-4000-8000-000000000008",
    "src1": "B2000000-0000-4000-8000-000000000001",
    "src2": "B2000000-0000-4000-8000-000000000002",
    "var_port": "C3000000-0000-4000-8000-000000000001",
    "var_age": "C3000000-0000-4000-8000-000000000002",
    "case1": "D4000000-0000-4000-8000-000000000001",
    "note1": "E5000000-0000-4000-8000-000000000001",
}


def sel(guid_n: int, start: int, end: int, user: str, code: str, *, coding_n: int, description: str = "") -> str:
    desc = f"<Description>{description}</Description>" if description else ""
    return (f'<PlainTextSelection guid="F6000000-0000-4000-8000-{guid_n:012d}" startPosition="{start}" endPosition="{end}" '
            f'creatingUser="{G[user]}">{desc}<Coding guid="F7000000-0000-4000-8000-{coding_n:012d}" creatingUser="{G[user]}">'
            f'<CodeRef targetGUID="{G[code]}"/></Coding></PlainTextSelection>')


# 1. NVivo for Windows: UTF-16 code units, CRLF counted as 2, BOM in the source file --------------
NVIVO_TEXT = ("Interviewer: Wat zag u die nacht in de haven?\r\n"
              "Respondent: Een snelle boot 🚤 zonder lichten, om drie uur 's nachts. Later nog een 🚐 busje.\r\n"
              "Interviewer: Wist de politie ervan?\r\n"
              "Respondent: Nee, daar hebben ze geen zicht op 😕, dat is een witte vlek.")


def nvivo(origin: str, name: str) -> None:
    passages = [("Een snelle boot 🚤 zonder lichten", "code_sig", "user_anna"),
                ("een 🚐 busje", "code_drugs", "user_bob"),
                ("daar hebben ze geen zicht op 😕, dat is een witte vlek", "code_ws", "user_anna"),
                ("Wist de politie ervan?", "code_info", "user_bob")]
    sels = []
    for k, (passage, code, user) in enumerate(passages, start=1):
        s, e = offsets(NVIVO_TEXT, passage, unit="utf16", crlf=2)
        sels.append(sel(k, s, e, user, code, coding_n=k))
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Havens NVivo" origin="{origin}" creatingUserGUID="{G['user_anna']}">
<Users><User guid="{G['user_anna']}" name="Anna"/><User guid="{G['user_bob']}" name="Bob"/></Users>
<CodeBook><Codes>
<Code guid="{G['code_sig']}" name="Signalen" isCodable="true" color="#d62728"><Code guid="{G['code_drugs']}" name="Drugs" isCodable="true"/></Code>
<Code guid="{G['code_info']}" name="Informatiepositie" isCodable="true"><Code guid="{G['code_ws']}" name="Witte vlek" isCodable="true"/></Code>
</Codes></CodeBook>
<Sources><TextSource guid="{G['src1']}" name="Visser Lauwersoog" plainTextPath="internal://{G['src1']}.txt">
{''.join(sels)}</TextSource></Sources>
</Project>
"""
    write_zip(name, {"project.qde": qde.encode("utf-8"),
                     f"sources/{G['src1']}.txt": b"\xef\xbb\xbf" + NVIVO_TEXT.encode("utf-8")})
    EXPECTED[name] = [(p, c, u) for p, c, u in passages]


# 2. ATLAS.ti: code points, CRLF counted as 1, braced and lower-case GUIDs ---------------------------
ATLAS_TEXT = ("I: Hoe gaat de samenwerking met de douane?\r\n"
              "R: Goed. We delen informatie over verdachte containers.\r\n"
              "R: Maar met de gemeente Delfzijl loopt het stroef, café De Haven ligt gevoelig.")


def atlas() -> None:
    name = "atlas_crlf1_braced.qdpx"
    passages = [("We delen informatie over verdachte containers.", "code_info", "user_anna"),
                ("café De Haven ligt gevoelig", "code_sig", "user_anna")]
    # the text is stored with decomposed accents (NFD), as Mac programs sometimes write it, and
    # the program counts code points in that stored text
    import unicodedata

    stored = unicodedata.normalize("NFD", ATLAS_TEXT)
    sels = []
    for k, (passage, code, user) in enumerate(passages, start=1):
        s, e = offsets(stored, unicodedata.normalize("NFD", passage), unit="codepoint", crlf=1)
        sels.append(sel(k, s, e, user, code, coding_n=k))
    body = "".join(sels).replace(G["user_anna"], "{" + G["user_anna"].lower() + "}")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="atlas" origin="ATLAS.ti for Windows 23.2.3.27778">
<Users><User guid="{{{G['user_anna'].lower()}}}" name="Anna"/></Users>
<CodeBook><Codes><Code guid="{{{G['code_info']}}}" name="Samenwerking" isCodable="true"/><Code guid="{G['code_sig'].lower()}" name="Signalen" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="{G['src1']}" name="Douane Delfzijl" plainTextPath="internal://{G['src1']}.txt">{body}</TextSource></Sources>
</Project>
"""
    write_zip(name, {"project.qde": qde.encode("utf-8"), f"sources/{G['src1']}.txt": stored.encode("utf-8")})
    EXPECTED[name] = passages


# 3. A flat-list exporter: <name>.qde, Sources/, bare plainTextPath, hierarchy in names, duplicates,
#    a namespace variant, variables in an unnamed case, memos in Description, an empty <Sets/>,
#    and no origin, so the convention (code points, CRLF as 2) must be detected -------------------------
FLAT_TEXT_1 = "Respondent: Ik ben visser in Harlingen.\nDe smokkel gaat via kleine bootjes.\nSoms zie ik ’s nachts lichten."
FLAT_TEXT_2 = "Respondent: Als havenmeester zie ik alles.\r\nBehalve wat er ’s nachts gebeurt."


def flat() -> None:
    name = "flat_named_qde.qdpx"
    qde_ns = "urn:QDA-XML:project:1:0"
    p1 = [("De smokkel gaat via kleine bootjes.", "code_flat2", "user_bob"), ("Soms zie ik ’s nachts lichten.", "code_dup", "user_bob")]
    p2 = [("Behalve wat er ’s nachts gebeurt.", "code_dup2", "user_bob")]
    s1 = "".join(sel(k, *offsets(FLAT_TEXT_1, p, unit="codepoint", crlf=2), u, c, coding_n=k,
                     description="Twijfelgeval" if k == 1 else "") for k, (p, c, u) in enumerate(p1, start=1))
    s2 = "".join(sel(10 + k, *offsets(FLAT_TEXT_2, p, unit="codepoint", crlf=2), u, c, coding_n=10 + k)
                 for k, (p, c, u) in enumerate(p2, start=1))
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{qde_ns}" name="flat">
<Users><User guid="{G['user_bob']}" name="Bob"/></Users>
<CodeBook><Codes>
<Code guid="{G['code_flat1']}" name="Criminaliteit" isCodable="false"/>
<Code guid="{G['code_flat2']}" name="Criminaliteit::Smokkel" isCodable="true" color="#0a0"><Description>Vervoer van verboden goederen.

Include: ook poging tot smokkel</Description></Code>
<Code guid="{G['code_dup']}" name="Signalen\\Nacht" isCodable="true"/>
<Code guid="{G['code_dup2']}" name="Informatie\\Nacht" isCodable="true"/>
</Codes></CodeBook>
<Variables><Variable guid="{G['var_port']}" name="haven" typeOfVariable="Text"/><Variable guid="{G['var_age']}" name="jaren_ervaring" typeOfVariable="Integer"/></Variables>
<Cases><Case guid="{G['case1']}"><VariableValue><VariableRef targetGUID="{G['var_port']}"/><TextValue>Harlingen</TextValue></VariableValue>
<VariableValue><VariableRef targetGUID="{G['var_age']}"/><IntegerValue>23</IntegerValue></VariableValue><SourceRef targetGUID="{G['src1']}"/></Case></Cases>
<Sources>
<TextSource guid="{G['src1']}" name="visser" plainTextPath="visser.txt"><Description>Interview op de kade</Description>{s1}</TextSource>
<TextSource guid="{G['src2']}" name="havenmeester" plainTextPath="havenmeester.txt">{s2}<VariableValue><VariableRef targetGUID="{G['var_port']}"/><TextValue>Lauwersoog</TextValue></VariableValue></TextSource>
</Sources>
<Notes><Note guid="{G['note1']}" name="Projectmemo" creatingUser="{G['user_bob']}"><PlainTextContent>Eerste codeerronde klaar.</PlainTextContent></Note></Notes>
<Sets/>
<Description>Proefproject voor de uitwisseling.</Description>
</Project>
"""
    write_zip(name, {"Havens flat export.qde": qde.encode("utf-8"),
                     "Sources/visser.txt": FLAT_TEXT_1.encode("utf-8"),
                     "Sources/havenmeester.txt": FLAT_TEXT_2.encode("utf-8")})
    EXPECTED[name] = p1 + p2


# 4. A codebook in the 0:4 namespace with braced GUIDs and #RGB colours ---------------------------------
def codebook_ns04() -> None:
    qdc = f"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:0:4" origin="MAXQDA 2022">
<Codes><Code guid="{{{G['code_sig']}}}" name="Signalen" isCodable="true" color="#f00">
<Description>Concrete waarnemingen.</Description>
<Code guid="{{{G['code_drugs']}}}" name="Drugs" isCodable="true"/><Code guid="{{{G['code_dup']}}}" name="Overig" isCodable="true"/></Code>
<Code guid="{{{G['code_info']}}}" name="Informatie" isCodable="true"><Code guid="{{{G['code_dup2']}}}" name="Overig" isCodable="true"/></Code>
</Codes><Sets/></CodeBook>
"""
    (HERE / "codebook_ns04.qdc").write_bytes(qdc.encode("utf-8"))


# 5. Things researchkit cannot hold: PDF areas, pictures, audio, graphs, links, sets --------------------
PDF_TEXT = "Jaarverslag haven 2023\nEr zijn drie inbeslagnames geweest."


def not_carried() -> None:
    name = "pdf_picture_audio.qdpx"
    s, e = offsets(PDF_TEXT, "drie inbeslagnames", unit="codepoint", crlf=2)
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="media" origin="QualCoder 3.5">
<Users><User guid="{G['user_anna']}" name="Anna"/></Users>
<CodeBook><Codes><Code guid="{G['code_sig']}" name="Signalen" isCodable="true"/></Codes></CodeBook>
<Sources>
<PDFSource guid="{G['src1']}" name="jaarverslag.pdf" path="internal://{G['src1']}.pdf">
<PDFSelection guid="F6000000-0000-4000-8000-000000000091" page="1" firstX="10" firstY="10" secondX="200" secondY="80">
<Coding guid="F7000000-0000-4000-8000-000000000091" creatingUser="{G['user_anna']}"><CodeRef targetGUID="{G['code_sig']}"/></Coding></PDFSelection>
<Representation guid="{G['src2']}" plainTextPath="internal://{G['src2']}.txt">
{sel(1, s, e, 'user_anna', 'code_sig', coding_n=1)}</Representation></PDFSource>
<PictureSource guid="B2000000-0000-4000-8000-000000000003" name="kade.jpg" path="internal://kade.jpg">
<PictureSelection guid="F6000000-0000-4000-8000-000000000092" firstX="1" firstY="1" secondX="5" secondY="5">
<Coding guid="F7000000-0000-4000-8000-000000000092" creatingUser="{G['user_anna']}"><CodeRef targetGUID="{G['code_sig']}"/></Coding></PictureSelection></PictureSource>
<AudioSource guid="B2000000-0000-4000-8000-000000000004" name="opname.m4a" path="internal://opname.m4a">
<AudioSelection guid="F6000000-0000-4000-8000-000000000093" begin="1000" end="5000"/></AudioSource>
</Sources>
<Links><Link guid="F8000000-0000-4000-8000-000000000001" name="verband" originGUID="{G['code_sig']}" targetGUID="{G['src1']}"/></Links>
<Sets><Set guid="F8000000-0000-4000-8000-000000000002" name="Kernthema's"><MemberCode targetGUID="{G['code_sig']}"/></Set></Sets>
<Graphs><Graph guid="F8000000-0000-4000-8000-000000000003" name="Netwerk"/></Graphs>
</Project>
"""
    write_zip(name, {"project.qde": qde.encode("utf-8"), f"sources/{G['src2']}.txt": PDF_TEXT.encode("utf-8"),
                     f"sources/{G['src1']}.pdf": b"%PDF-1.4 (not a real pdf: the test never opens it)"})
    EXPECTED[name] = [("drie inbeslagnames", "code_sig", "user_anna")]


def main() -> None:
    nvivo("NVivo 14 (Windows)", "nvivo_utf16_crlf_bom.qdpx")
    nvivo("Some QDA program 2.1", "unknown_origin_utf16_crlf.qdpx")
    atlas()
    flat()
    codebook_ns04()
    not_carried()
    (HERE / "expected.json").write_text(json.dumps({"codings": EXPECTED, "guids": G}, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
