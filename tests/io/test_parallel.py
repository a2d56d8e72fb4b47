"""read_corpus(..., n_process=2) reads in worker processes and gives the identical corpus."""

from __future__ import annotations

import pytest

from researchkit import read_corpus
from researchkit.errors import ConfigurationError, CorpusError
from researchkit.io.parallel import read_parallel


@pytest.fixture
def folder(tmp_path, make_docx):
    d = tmp_path / "corpus"
    d.mkdir()
    rows = ["doc_id,group"]
    for i in range(1, 13):
        doc_id = f"R{i:02d}"
        if i % 3:
            make_docx(f"{doc_id}.docx", [("Interviewer: ", f"Vraag {i}?"), ("Respondent: ", f"Antwoord nummer {i} over de haven.")]
                      ).rename(d / f"{doc_id}.docx")
        else:
            (d / f"{doc_id}.txt").write_text(f"I: Vraag {i}?\nR: Antwoord {i}, café en één.\n", encoding="utf-8")
        rows.append(f"{doc_id},{'politie' if i % 2 else 'visser'}")
    (d / "attributes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return d


def _state(corpus) -> tuple:
    """Everything a corpus holds, comparable (problems as their messages)."""
    return (
        list(corpus),  # Transcript equality: doc_id, text, turns, attributes, source, notes
        [repr(t) for t in corpus],
        corpus.doc_ids,
        corpus.attributes.to_dict("records"),
        [str(p) for p in corpus.problems],
        list(corpus.notes),
    )


def test_two_processes_give_the_identical_corpus(folder):
    one = read_corpus(folder, attributes=folder / "attributes.csv", n_process=1)
    two = read_corpus(folder, attributes=folder / "attributes.csv", n_process=2)
    assert len(one) == 12
    assert _state(two) == _state(one)


def test_problems_and_duplicates_are_the_same_in_parallel(folder):
    (folder / "R04.md").write_text("I: a\nR: b\n", encoding="utf-8")  # a second R04 (R04 is a .docx)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "bad.docx").write_bytes(b"garbage")
    with pytest.warns(UserWarning):
        one = read_corpus(folder, strict=False, n_process=1)
    with pytest.warns(UserWarning):
        two = read_corpus(folder, strict=False, n_process=2)
    assert [str(p) for p in one.problems] == [str(p) for p in two.problems]
    assert len(one.problems) == 3 and any("RK111" in str(p) for p in one.problems)
    assert _state(two) == _state(one)
    with pytest.raises(CorpusError) as err_one:
        read_corpus(folder, n_process=1)
    with pytest.raises(CorpusError) as err_two:
        read_corpus(folder, n_process=2)
    assert str(err_two.value) == str(err_one.value)


def test_a_bad_label_map_is_raised_in_parallel_too(folder):
    with pytest.raises(ConfigurationError, match="RK110"):
        read_corpus(folder, labels={"I": "boss"}, n_process=2)


def test_results_keep_the_file_order(folder):
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".docx", ".txt"))
    read = read_parallel(paths, n_process=2, labels=None, max_bytes=10**7, columns=None)
    assert [t.doc_id for t in read] == [p.stem for p in paths]


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_n_process_must_be_a_whole_number(folder, bad):
    with pytest.raises(ConfigurationError, match="RK140"):
        read_corpus(folder, n_process=bad)
