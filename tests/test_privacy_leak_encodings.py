"""The leak check reads every file whole, never in part, and never garbles UTF-8 names: UTF-8 with a stray
Windows-1252 byte (a pasted line) is read as io/mixedutf8.py reads it; a file that mixes more is refused (RK654)."""

from __future__ import annotations

import pytest

from researchkit.errors import PrivacyError
from researchkit.privacy import KeyEntry, PrivacyKey, check_outputs

KEY = PrivacyKey([KeyEntry("Zoë Janssen"), KeyEntry("José Smit"), KeyEntry("Zeester", kind="vessel")], path=None).assigned()


def _found(path) -> list[tuple[str, str]]:
    found = check_outputs([path], KEY)
    return sorted(zip(found["location"], found["text"]))


@pytest.mark.parametrize("suffix", [".md", ".txt", ".csv", ".html"])
def test_utf8_names_are_found_in_a_file_with_a_stray_cp1252_byte(tmp_path, suffix):
    lines = ["<p>Zoë Janssen zei het.</p>", "<p>Op de Zeester, met Jos@E9@ Smit.</p>"] if suffix == ".html" else \
        ["Zoë Janssen zei het.", "Op de Zeester, met Jos@E9@ Smit."]
    if suffix == ".csv":
        lines = ["who,text"] + [f"R,{line}" for line in lines]
    data = "\n".join(lines).encode().replace(b"@E9@", b"\xe9") + b"\n"
    path = tmp_path / f"out{suffix}"
    path.write_bytes(data)
    assert b"Jos\xe9 Smit" in data and "Zoë".encode() in data
    found = check_outputs([path], KEY)
    texts = sorted(found["text"])
    assert texts == ["José Smit", "Zeester", "Zoë Janssen"]  # read as cp1252 whole, Zoë would be ZoÃ« and missed
    notes = [n for n in found.attrs["skipped"] if "stray" in n]
    assert notes and "0xE9 at line" in notes[0] and "each checked as its Windows-1252 character" in notes[0]
    if suffix in (".md", ".txt"):
        assert _found(path) == [("line 1:1", "Zoë Janssen"), ("line 2:20", "José Smit"), ("line 2:7", "Zeester")]


def test_a_file_wholly_in_cp1252_is_still_checked_as_cp1252(tmp_path):
    path = tmp_path / "latin.md"
    path.write_bytes("Zoë Janssen en José Smit".encode("cp1252"))
    found = check_outputs([path], KEY)
    assert sorted(found["text"]) == ["José Smit", "Zoë Janssen"]
    assert found.attrs["skipped"] == [f"{path}: not UTF-8 (byte 2); checked as Windows-1252"]


def test_a_file_mixing_utf8_and_more_other_bytes_is_refused_not_read_in_part(tmp_path):
    path = tmp_path / "mixed.md"
    path.write_bytes("Zoë Janssen\n".encode() + "José Smit, één, déjà\n".encode("cp1252"))
    with pytest.raises(PrivacyError) as err:
        check_outputs([path], KEY)
    assert err.value.code == "RK654" and "mixed.md, line 2" in str(err.value)
    assert "1 UTF-8 character(s) with 5 byte(s) that are not UTF-8 (the first 0xE9)" in str(err.value)
    assert "save it as UTF-8" in err.value.hint


def test_xml_with_a_stray_byte_is_refused_naming_the_byte(tmp_path):
    path = tmp_path / "project.xml"
    path.write_bytes('<?xml version="1.0" encoding="UTF-8"?>\n<r>\n<p>Zoë Janssen</p>\n<p>Jos'.encode() + b"\xe9 Smit</p></r>")
    with pytest.raises(PrivacyError) as err:
        check_outputs([path], KEY)
    assert err.value.code == "RK653" and "project.xml, line 4" in str(err.value)
    assert "byte 0xE9 at line 4 is not UTF-8" in str(err.value) and "save the file as UTF-8" in err.value.hint
