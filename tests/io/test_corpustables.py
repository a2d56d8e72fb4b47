"""read_corpus reads a transcript table of several conversations as one document each (io/corpustables.py);
read_transcript keeps refusing it (RK146). Fixtures: CSV written as text and by pandas, XLSX written by openpyxl."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from researchkit import read_corpus
from researchkit.cli import main
from researchkit.errors import CorpusError, TranscriptError
from researchkit.io import read_transcript
from researchkit.io.corpustables import conversation_doc_ids, read_documents

ROWS = [  # transcript_id, mi_quality, interlocutor, timestamp, utterance_text, utterance_id
    ("0", "high", "therapist", "00:00:13", "Thanks for coming.", "0"),
    ("0", "high", "client", "00:00:24", "Sure.", "1"),
    ("0", "high", "therapist", "00:00:25", "How do you feel?", "2"),
    ("1", "low", "therapist", "00:00:02", "Quit smoking?", "0"),
    ("1", "low", "client", "00:00:05", "No.", "1"),
]


def _annomi(path, rows=ROWS):
    frame = pd.DataFrame(rows, columns=["transcript_id", "mi_quality", "interlocutor", "timestamp", "utterance_text", "utterance_id"])
    frame.to_csv(path, index=False)
    return path


def test_csv_of_two_conversations_is_two_documents_with_their_attributes_and_a_note(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    p = _annomi(folder / "AnnoMI.csv")
    (folder / "attributes.csv").write_text("doc_id,group\nAnnoMI-0,A\nAnnoMI-1,B\n", encoding="utf-8")
    corpus = read_corpus(folder, attributes=folder / "attributes.csv")
    assert corpus.doc_ids == ["AnnoMI-0", "AnnoMI-1"]
    first, second = corpus["AnnoMI-0"], corpus["AnnoMI-1"]
    assert first.text == "therapist: Thanks for coming.\nclient: Sure.\ntherapist: How do you feel?"
    assert second.text == "therapist: Quit smoking?\nclient: No."
    assert [(x.speaker, x.timestamp, second.turn_text(x)) for x in second.turns] == [
        ("therapist", 2.0, "Quit smoking?"), ("client", 5.0, "No.")]
    # a column with one value in a conversation's rows is that document's attribute; so is the conversation's id
    assert (first.attributes["mi_quality"], second.attributes["mi_quality"]) == ("high", "low")
    assert (first.attributes["transcript_id"], second.attributes["transcript_id"]) == ("0", "1")
    assert corpus.attributes.loc["AnnoMI-1", "group"] == "B" and corpus.attributes.loc["AnnoMI-0", "mi_quality"] == "high"
    assert first.source.path == str(p) and first.source.sha256 == second.source.sha256
    assert ("AnnoMI.csv: holds 2 conversations (column 'transcript_id'), read as one document each: "
            "AnnoMI-0 ('0', rows 2-4), AnnoMI-1 ('1', rows 5-6)") in corpus.notes
    # a conversation's own notes name its document
    assert any(n.startswith("AnnoMI.csv (AnnoMI-1): column(s) not read") and "'utterance_id'" in n for n in corpus.notes)
    # offsets are the text's: every turn's span is the speech after its label
    for t in corpus:
        assert all(t.text[x.start:x.end] == t.turn_text(x) for x in t.turns)


def test_read_transcript_keeps_refusing_it_with_a_hint_naming_read_corpus_and_split_table(tmp_path):
    p = _annomi(tmp_path / "AnnoMI.csv")
    with pytest.raises(TranscriptError, match=r"RK146.*AnnoMI\.csv: holds 2 conversations.*read_corpus\(.*split_table\(") as err:
        read_transcript(p)
    assert err.value.code == "RK146"
    # read_corpus on the file itself (not a folder) splits it too
    assert read_corpus(p).doc_ids == ["AnnoMI-0", "AnnoMI-1"]


def test_xlsx_with_a_doc_id_column_unsafe_and_clashing_ids(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["doc_id", "speaker", "text", "site"],
                ["Focus group 1/A", "Mod", "Welkom.", "Leeuwarden"], ["Focus group 1/A", "P1", "Dank.", "Leeuwarden"],
                ["focus group 1 a", "Mod", "Hallo.", "Sneek"], ["focus group 1 a", "P2", "Hoi.", "Sneek"],
                [4325, "A", "Okay.", "Sneek"], [4325, "B", "So.", "Sneek"]):
        ws.append(row)
    p = tmp_path / "groepen.xlsx"
    wb.save(p)
    corpus = read_corpus([p])
    assert corpus.doc_ids == ["groepen-Focus_group_1_A", "groepen-focus_group_1_a-2", "groepen-4325"]
    t = corpus["groepen-focus_group_1_a-2"]
    assert t.text == "Mod: Hallo.\nP2: Hoi." and t.attributes["site"] == "Sneek"
    # a doc_id column's value is kept as conversation_id (the document's id is the new one), without a note on it
    assert t.attributes["conversation_id"] == "focus group 1 a" and "doc_id" not in t.attributes
    assert corpus["groepen-4325"].attributes["conversation_id"] == "4325"
    assert not any("metadata says doc_id" in n for n in corpus.notes)
    assert all(x.source.format == "table-xlsx" for x in corpus)


def test_rows_without_a_conversation_id_are_a_problem_never_dropped(tmp_path):
    p = tmp_path / "mi.csv"
    p.write_text("transcript_id,speaker,text\n0,T,Hi.\n0,C,Hey.\n,C,Lost line.\n1,T,Bye.\n1,C,Ciao.\n,,\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"RK156.*mi\.csv: row 4 holds text but no conversation id in column "
                                          r"'transcript_id'.*fill it down"):
        read_corpus(tmp_path)
    with pytest.warns(UserWarning, match="RK156"):
        corpus = read_corpus(tmp_path, strict=False)
    assert corpus.doc_ids == ["mi-0", "mi-1"] and [p.code for p in corpus.problems] == ["RK156"]


def test_a_conversation_without_text_is_a_problem_naming_it(tmp_path):
    p = tmp_path / "mi.csv"
    p.write_text("session_id,speaker,text\ns1,T,Hi.\ns1,C,Hey.\ns2,T,\ns2,C, \n", encoding="utf-8")
    found = read_documents(p)
    assert [t.doc_id for t in found.transcripts] == ["mi-s1"]
    assert [(e.code, e.message) for e in found.problems] == [
        ("RK104", f"{p}: conversation 's2' (column 'session_id', rows 4-5) has no text in its rows")]


def test_a_doc_id_taken_by_another_file_is_a_duplicate_problem(tmp_path):
    _annomi(tmp_path / "AnnoMI.csv")
    (tmp_path / "AnnoMI-1.txt").write_text("I: Vraag?\nR: Antwoord.\n", encoding="utf-8")
    with pytest.warns(UserWarning):
        corpus = read_corpus(tmp_path, strict=False)
    # AnnoMI-1.txt sorts first and keeps its id; the table's conversation of that id is the duplicate
    assert corpus.doc_ids == ["AnnoMI-1", "AnnoMI-0"] and corpus["AnnoMI-1"].source.format == "text"
    (problem,) = corpus.problems
    assert problem.code == "RK111" and problem.message.startswith(f"{tmp_path / 'AnnoMI.csv'}: duplicate doc_id 'AnnoMI-1'")
    assert "<file name>-<conversation id>" in problem.hint


def test_worker_processes_give_the_same_corpus(tmp_path):
    _annomi(tmp_path / "AnnoMI.csv")
    for name in ("R01", "R02", "R03", "R04"):
        (tmp_path / f"{name}.txt").write_text("I: Vraag?\nR: Antwoord.\n", encoding="utf-8")
    one, two = read_corpus(tmp_path), read_corpus(tmp_path, n_process=2)
    assert one.doc_ids == two.doc_ids == ["AnnoMI-0", "AnnoMI-1", "R01", "R02", "R03", "R04"]
    assert [t.text for t in one] == [t.text for t in two] and one.notes == two.notes
    assert one.attributes.equals(two.attributes)


def test_conversation_doc_ids_are_safe_unique_and_stable():
    values = ["a b", "a_b", "A B", "x" * 100, "",  "é"]
    ids = conversation_doc_ids("t", values)
    assert ids == ["t-a_b", "t-a_b-2", "t-A_B-3", "t-" + "x" * 80, "t-5", "t-é"]
    assert conversation_doc_ids("t", values) == ids
    assert len({i.casefold() for i in ids}) == len(ids)


def test_ingest_command_lists_the_documents(tmp_path, capsys):
    _annomi(tmp_path / "AnnoMI.csv")
    assert main(["ingest", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "AnnoMI-0" in out and "AnnoMI-1" in out and "holds 2 conversations" in out


def test_mutated_tables_of_several_conversations_never_give_a_traceback(tmp_path):
    import random

    from researchkit.errors import ResearchkitError

    def mutate(data: bytes, rng: random.Random) -> bytes:  # flip, insert, delete or repeat bytes
        data, kind = bytearray(data), rng.randrange(4)
        i, j = sorted(rng.randrange(len(data)) for _ in range(2))
        if kind == 0:
            data[i] = rng.randrange(256)
            return bytes(data)
        if kind == 1:
            return bytes(data[:i]) + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + bytes(data[i:])
        return bytes(data[:i]) + bytes(data[j:]) if kind == 2 else bytes(data[:j]) + bytes(data[i:j]) + bytes(data[j:])

    rng = random.Random("rk-corpustables")
    seed = _annomi(tmp_path / "seed.csv").read_bytes() + b"1,low,therapist,00:00:09,\"Why, then?\",2\n,,client,,Because.,3\n"
    split = 0
    for n in range(120):
        path = tmp_path / f"m{n}.csv"
        path.write_bytes(mutate(seed, rng))
        try:
            found = read_documents(path)
        except ResearchkitError:
            continue
        split += len(found.transcripts) > 1
        for t in found.transcripts:
            assert all(t.text[x.start:x.end] == t.turn_text(x) for x in t.turns)
        assert all(isinstance(p, ResearchkitError) for p in found.problems)
    assert split > 20  # most mutants are still tables of several conversations
