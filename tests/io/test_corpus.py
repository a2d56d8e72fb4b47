import pandas as pd
import pytest

from researchkit import read_corpus
from researchkit.errors import AttributesError, ConfigurationError, CorpusError


@pytest.fixture
def folder(tmp_path, make_docx):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "R02.txt").write_text("I: Vraag?\nR: Antwoord twee.\n", encoding="utf-8")
    make_docx("R01.docx", ["I: Vraag?", "R: Antwoord een."]).rename(d / "R01.docx")
    (d / "README.md").write_text("# not a transcript\n", encoding="utf-8")
    (d / "attributes.csv").write_text("doc_id,group,port\nR01,politie,Harlingen\nR02,visser,Delfzijl\n", encoding="utf-8")
    (d / "~$R01.docx").write_bytes(b"lock")
    return d


def test_read_folder_with_attributes(folder):
    corpus = read_corpus(folder, attributes=folder / "attributes.csv")
    assert corpus.doc_ids == ["R01", "R02"] and len(corpus) == 2
    assert corpus["R02"].attributes == {"group": "visser", "port": "Delfzijl"}
    attrs = corpus.attributes
    assert attrs.index.name == "doc_id" and attrs.loc["R01", "port"] == "Harlingen"
    turns = corpus.turns
    assert list(turns.columns) == ["doc_id", "turn", "speaker", "role", "start", "end", "timestamp", "text"]
    assert turns[turns.role == "respondent"].text.tolist() == ["Antwoord een.", "Antwoord twee."]
    for row in turns.itertuples():
        assert corpus[row.doc_id].text[row.start : row.end] == row.text
    assert any("README.md" in n for n in corpus.notes)
    assert [t.doc_id for t in corpus] == ["R01", "R02"]


def test_xlsx_attributes(folder, tmp_path):
    sheet = tmp_path / "a.xlsx"
    pd.DataFrame({"doc_id": ["R01", "R02"], "group": ["politie", "douane"], "code": ["007", "010"]}).to_excel(sheet, index=False)
    corpus = read_corpus(folder, attributes=sheet)
    assert corpus["R01"].attributes["code"] == "007"


def test_attribute_ids_that_do_not_match_are_listed(folder, tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text("doc_id,group\nR01,politie\nR99,douane\n", encoding="utf-8")
    with pytest.raises(AttributesError) as err:
        read_corpus(folder, attributes=sheet)
    message = str(err.value)
    assert "RK113" in message and "R99" in message and "R02" in message


def test_attributes_without_doc_id_column(folder, tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text("id,group\nR01,politie\n", encoding="utf-8")
    with pytest.raises(AttributesError, match=r"no 'doc_id' column \(columns: id, group\)"):
        read_corpus(folder, attributes=sheet)


def test_strict_reports_every_problem_at_once(folder):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "bad.docx").write_bytes(b"garbage")
    (folder / "old.doc").write_bytes(b"x")
    with pytest.raises(CorpusError) as err:
        read_corpus(folder)
    message = str(err.value)
    assert "3 problem(s)" in message
    for name in ("empty.txt", "bad.docx", "old.doc"):
        assert name in message


def test_non_strict_skips_and_reports(folder):
    (folder / "empty.txt").write_bytes(b"")
    with pytest.warns(UserWarning, match="empty.txt"):
        corpus = read_corpus(folder, strict=False)
    assert corpus.doc_ids == ["R01", "R02"]
    assert len(corpus.problems) == 1 and "RK104" in str(corpus.problems[0])


def test_duplicate_doc_id(folder):
    (folder / "R01.txt").write_text("I: a\nR: b\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"RK111.*duplicate doc_id 'R01'") as err:
        read_corpus(folder)
    message = str(err.value)
    assert ".." not in message and message.count("What to do") == 2  # one for the file, one for the corpus
    assert message.splitlines()[-1].startswith("What to do: fix each file")


def test_label_mapped_to_unknown_role(folder):
    with pytest.raises(ConfigurationError, match="RK110"):
        read_corpus(folder, labels={"I": "boss"})


def test_user_label_map(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Henk: Hallo.\nPiet: Dag.\nHenk: Nou.\nPiet: Ja.\n", encoding="utf-8")
    corpus = read_corpus([path], labels={"Henk": "interviewer", "Piet": "respondent"})
    assert [t.role for t in corpus["x"].turns] == ["interviewer", "respondent", "interviewer", "respondent"]


def test_empty_folder(tmp_path):
    from researchkit.errors import TranscriptError

    with pytest.raises(TranscriptError, match="RK114"):
        read_corpus(tmp_path)


def test_corpus_lookup_error_lists_known_ids(folder):
    corpus = read_corpus(folder)
    with pytest.raises(KeyError, match="R99.*R01, R02"):
        corpus["R99"]
