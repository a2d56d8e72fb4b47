"""Hostile input for the readers added in session 37 (corpus tables, QualCoder codebooks, MAXQDA dictionaries,
RQDA segment tables): each case pins a problem the fuzz sweep found, or an input the new code must stand.

No wall-clock assertions: a blow-up is pinned by counting the work done.
"""

from __future__ import annotations

from researchkit.io import corpustables


class _CountingSet(set):
    """A set that counts its membership tests."""

    lookups = 0

    def __contains__(self, item) -> bool:
        type(self).lookups += 1
        return super().__contains__(item)


def test_conversation_ids_that_make_one_doc_id_are_numbered_in_linear_work(monkeypatch):
    """3,000 ids that are all ``a`` once made safe ('a!', 'a!!', ...): each searched -2, -3, ... from the start (quadratic)."""
    _CountingSet.lookups = 0
    monkeypatch.setattr(corpustables, "set", _CountingSet, raising=False)
    values = ["a" + "!" * i for i in range(3000)]
    ids = corpustables.conversation_doc_ids("s", values)
    assert ids[:3] == ["s-a", "s-a-2", "s-a-3"] and ids[-1] == "s-a-3000"
    assert len(set(ids)) == 3000
    assert _CountingSet.lookups <= 2 * len(values)  # was about 4.5 million


def test_conversation_ids_numbering_skips_ids_taken_by_other_values():
    ids = corpustables.conversation_doc_ids("s", ["a", "A", "a-2", "A-2", "a?", "???", "3"])
    assert ids == ["s-a", "s-A-2", "s-a-2-2", "s-A-2-3", "s-a-3", "s-6", "s-3"]
    assert len({i.casefold() for i in ids}) == len(ids)


def test_code_ids_of_many_codes_of_one_name_are_numbered_in_linear_work():
    """QualCoder's codebook (or a sheet, a segment table, a REFI file) with 20,000 codes named alike: each new id
    searched ``-2``, ``-3``... from the start (quadratic: the import ran for minutes)."""
    from researchkit.refi.codes import make_code_id

    _CountingSet.lookups = 0
    taken, numbers = _CountingSet(), {}
    ids = [make_code_id("Same", taken, numbers=numbers) for _ in range(3000)]
    assert ids[:3] == ["Same", "Same-2", "Same-3"] and ids[-1] == "Same-3000"
    assert _CountingSet.lookups <= 3 * len(ids)  # was about 4.5 million
    plain: set[str] = set()
    assert [make_code_id("Same", plain) for _ in range(50)] == ids[:50]  # the same ids without the numbers


def test_code_ids_numbered_on_from_ids_taken_in_between():
    from researchkit.refi.codes import make_code_id

    taken, numbers = {"a-3"}, {}
    got = [make_code_id("a", taken, numbers=numbers), make_code_id("a", taken, numbers=numbers)]
    taken.add("a-4")
    got += [make_code_id("a", taken, numbers=numbers), make_code_id("a", taken, parent="P", numbers=numbers),
            make_code_id("a", taken, parent="P", numbers=numbers)]
    assert got == ["a", "a-2", "a-5", "P.a", "P.a-2"]


def test_qualcoder_codebook_of_many_codes_of_one_name(tmp_path):
    from researchkit.codebook.table import import_codebook_table

    path = tmp_path / "codebook.txt"
    path.write_text("Codebook for P\n========\n" + "Code: Haven, cid:1, Frq: 1, Owner: a\n" * 5000, encoding="utf-8")
    book, report = import_codebook_table(path)
    assert len(book) == 5000
    assert [c.id for c in book.codes][:2] == ["Haven", "Haven-2"] and book.codes[-1].id == "Haven-5000"


def test_maxqda_dictionary_rows_with_a_memo_each_keep_them_in_linear_work(tmp_path):
    """A dictionary whose 20,000 rows each give their category another memo: every memo was looked for in a list."""
    from researchkit.codebook import tabledict
    from researchkit.codebook.tableread import SheetRow, SheetRows

    header = ["Category", "Memo", "Search item", "Whole word", "Case sensitivity", "Starting letters",
              "Category activated", "Search item activated"]
    rows = [SheetRow(1, header)] + [SheetRow(k + 2, ["Haven", f"memo {k % 20_000}", f"w{k}", "1", "0", "0", "1", "1"])
                                    for k in range(20_000 + 5)]
    sheet = tabledict.dictionary_sheet(SheetRows(rows))
    (category,) = sheet.rows[1:]
    memos = category.cells[1].split("\n\n")
    assert len(memos) == 20_000 and memos[:2] == ["memo 0", "memo 1"]  # in order, each once
    assert category.cells[2].count("\n") == 20_005  # every search item kept
    assert isinstance(tabledict._Category("x", 1).memos, dict)  # a look-up, not a scan of a list


def test_a_header_of_thousands_of_one_off_labels_is_read_in_linear_work(tmp_path, monkeypatch):
    """Distinct labels used once (``Interviewer (Anna7): ...``) all look like ``Key: value`` header lines; each new
    key was compared with every value above it (``names_person``: 4,000 pairs took ~117 s). Now the values are filed
    by name (``personnames.NameIndex``) and only the names a label could name are compared."""
    import pytest

    from researchkit import personnames
    from researchkit.errors import TranscriptError
    from researchkit.io import read_transcript

    calls = {"n": 0}
    parse = personnames.parse_name

    def counting_parse(name):
        calls["n"] += 1
        return parse(name)

    monkeypatch.setattr(personnames, "parse_name", counting_parse)
    pairs = 600
    path = tmp_path / "labels.txt"
    path.write_text("".join(f"Interviewer (Anna{i}): Hoe gaat het met u vandaag?\nRespondent (Piet{i}): Goed, dank u wel.\n"
                            for i in range(pairs)), encoding="utf-8")
    with pytest.raises(TranscriptError, match="RK104"):  # every line reads as header: refused, with a clear error
        read_transcript(path)
    assert calls["n"] <= 40 * pairs  # was about pairs ** 2 (~700,000 here)


def test_the_name_index_answers_as_names_person_does():
    """``NameIndex.names_anyone(label)`` equals ``any(names_person(label, n) for n in names)`` on Dutch names with
    particles, initials, double surnames, titles and first names alone."""
    from researchkit.personnames import NameIndex, names_person

    names = ["Ann de Wit", "A.J. van 't Hof", "Marieke Jansen-de Vries", "Piet van Damme", "Dr. Kees Visser",
             "mevrouw B. ter Horst", "Jan", "de heer R. Sluiter", "Hoe gaat het?", "12345", "Ömer d'Ancona"]
    labels = ["DE WIT", "mevrouw De Wit", "A. de Wit", "Ann", "B. de Wit", "De Boer", "Van 't Hof", "Hof", "A. van 't Hof",
              "Jansen", "De Vries", "Vries", "Marieke", "M. Jansen-de Vries", "Van Dam", "Piet", "Visser", "Kees Visser",
              "Ter Horst", "B. ter Horst", "Jan", "Sluiter", "R. Sluiter", "Ancona", "d'Ancona", "Ömer", "", "Interviewer"]
    for size in range(len(names) + 1):
        index = NameIndex()
        for name in names[:size]:
            index.add(name)
        for label in labels:
            assert index.names_anyone(label) == any(names_person(label, n) for n in names[:size]), (label, size)
