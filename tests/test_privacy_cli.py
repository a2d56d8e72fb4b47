"""``researchkit privacy scan|apply|check|key`` through researchkit.cli.main."""

import json

import pandas as pd
import pytest

from researchkit.cli import main
from researchkit.privacy import read_key

R1 = ("Interviewer: Kent u meneer Kramer?\nRespondent: Ja, Kramer van de Zeester. Hij belt vanaf 06-12345678.\n"
      "Interviewer: En Piet de Boer?\nRespondent: De Boer ken ik niet, de boer op het land wel.\n")
R2 = "Interviewer: Nog iets?\nRespondent: Een bus met 12-ABC-3 op de kade.\n"


@pytest.fixture
def study(tmp_path):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "R1.txt").write_text(R1, encoding="utf-8")
    (folder / "R2.txt").write_text(R2, encoding="utf-8")
    key = tmp_path / "private" / "key.yaml"
    key.parent.mkdir()
    key.write_text("entries:\n- term: Piet de Boer\n- term: Zeester\n  kind: vessel\n", encoding="utf-8")
    return tmp_path, folder, key


def test_scan_counts_and_writes_suggestions(study, capsys):
    root, folder, key = study
    code = main(["privacy", "scan", str(folder), "--key", str(key), "--out", str(root / "private" / "ids.csv"),
                 "--suggest", str(root / "private" / "candidates.csv")])
    out = capsys.readouterr().out
    assert code == 0
    assert "5 identifier(s) in 2 of 2 documents" in out
    assert "per kind: person 2, phone 1, plate 1, vessel 1" in out
    ids = pd.read_csv(root / "private" / "ids.csv")
    assert set(ids["text"]) == {"Zeester", "06-12345678", "Piet de Boer", "De Boer", "12-ABC-3"}
    candidates = pd.read_csv(root / "private" / "candidates.csv", keep_default_na=False)
    assert candidates["term"].tolist() == ["Kramer"] and candidates["confirm"].tolist() == [""]
    assert read_key(key).unassigned == ["Piet de Boer", "Zeester"]  # scanning never changes the key


def test_key_confirm_assign_and_show(study, capsys):
    root, folder, key = study
    main(["privacy", "scan", str(folder), "--key", str(key), "--suggest", str(root / "c.csv")])
    frame = pd.read_csv(root / "c.csv", keep_default_na=False)
    frame["confirm"] = "ja"
    frame.to_csv(root / "c.csv", index=False)
    capsys.readouterr()
    assert main(["privacy", "key", str(key), "--confirm", str(root / "c.csv")]) == 0
    out = capsys.readouterr().out
    assert "added 1 confirmed candidate(s)" in out and "saved" in out
    assert [(e.term, e.pseudonym) for e in read_key(key)] == [("Piet de Boer", "[PERSOON-1]"), ("Zeester", "[SCHIP-1]"),
                                                              ("Kramer", "[PERSOON-2]")]
    assert main(["privacy", "key", str(key)]) == 0
    assert f"3 entries (person 2, vessel 1); checksum {read_key(key).checksum}" in capsys.readouterr().out


def test_apply_writes_a_pseudonymised_view(study, capsys):
    root, folder, key = study
    codings = root / "anna.csv"
    start = R1.index("De Boer ken")
    codings.write_text(f"doc_id,start,end,code\nR1,{start},{start + 23},ONB\n", encoding="utf-8")
    out = root / "shared"
    code = main(["privacy", "apply", str(folder), "--key", str(key), "--out", str(out), "--codings", str(codings)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "assigned pseudonyms to 2 new key entries" in printed and "pseudonymised 2 documents" in printed
    text = (out / "R1.txt").read_text(encoding="utf-8")
    assert "Piet de Boer" not in text and "[PERSOON-1] ken ik niet, de boer op het land" in text
    assert "[SCHIP-1]" in text and "[TELEFOON]" in text and "Kramer" in text  # Kramer is not (yet) in the key
    mapped = pd.read_csv(out / "codings.csv")
    assert mapped.loc[0, "text"] == "[PERSOON-1] ken ik niet, de"
    assert text[mapped.loc[0, "start"] : mapped.loc[0, "end"]] == mapped.loc[0, "text"]
    info = json.loads((out / "pseudonymisation.json").read_text())
    assert info["key_checksum"] == read_key(key).checksum and info["codings"] == 1
    assert (folder / "R1.txt").read_text(encoding="utf-8") == R1  # the original is untouched
    # the view passes the leak check; the originals do not
    assert main(["privacy", "check", str(out), "--key", str(key)]) == 0
    assert main(["privacy", "check", str(folder), "--key", str(key)]) == 1


def test_apply_refuses_to_share_the_key_or_overwrite_the_originals(study, capsys):
    root, folder, key = study
    assert main(["privacy", "apply", str(folder), "--key", str(key), "--out", str(key.parent)]) == 2
    assert "RK579" in capsys.readouterr().err
    assert main(["privacy", "apply", str(folder), "--key", str(key), "--out", str(folder)]) == 2
    assert "RK579" in capsys.readouterr().err


def test_check_exit_codes_and_locations(study, capsys):
    root, _folder, key = study
    report = root / "report.md"
    report.write_text("# Rapport\n\nZoals [PERSOON-1] zei.\n", encoding="utf-8")
    assert main(["privacy", "check", str(report), "--key", str(key)]) == 0
    assert "clean: 1 file(s) checked against key" in capsys.readouterr().out
    report.write_text("# Rapport\n\nZoals De Boer zei, bel 06 1234 5678.\n", encoding="utf-8")
    assert main(["privacy", "check", str(report), "--key", str(key)]) == 1
    out = capsys.readouterr().out
    assert f"{report}: line 3:7: person 'De Boer' (key term 'Piet de Boer')" in out
    assert f"{report}: line 3:24: phone '06 1234 5678' (pattern)" in out and "LEAK: 2 identifier(s)" in out
    assert main(["privacy", "check", str(report), "--kinds", "none", "--key", str(key)]) == 1
    assert main(["privacy", "check", str(report), "--kinds", "phone"]) == 1
    assert main(["privacy", "check", str(root / "missing.docx")]) == 2
    assert "RK651" in capsys.readouterr().err
    assert main(["privacy", "check", str(report), "--key", str(root / "nokey.yaml")]) == 2
    assert main(["privacy", "check", str(report), "--kinds", "fone"]) == 2
    assert "RK575" in capsys.readouterr().err
    assert main(["privacy"]) == 2
