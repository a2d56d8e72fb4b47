"""Export layouts found in the programs' own material, each read from a small file written here.

French and Spanish MAXQDA (and ATLAS.ti) column names; Dedoose ranges one character off.
"""

from __future__ import annotations

from segment_fixtures import TEXT_02, write_xlsx

from researchkit.segtables import import_segment_table, read_segment_table


def _passages(result, corpus):
    texts = corpus.texts()
    return sorted((r.doc_id, texts[r.doc_id][r.start:r.end], r.code) for r in result.codings.itertuples())


def test_maxqda_french_headers_are_read(tmp_path, corpus):
    path = write_xlsx(tmp_path / "Segments codés.xlsx", [
        ["Couleur", "Groupe de documents", "Nom du document", "Code", "Début", "Fin", "Poids", "Segment",
         "Commentaire", "Créé par", "Créé le"],
        ["#ff0000", "Entretiens", "Interview 02", "Werk\\Samenwerking", 4, 4, 0, "We work well together with him too.",
         "bien", "anna", "28/11/2024 10:03"]])
    table = read_segment_table(path)
    assert table.producer == "MAXQDA"
    assert table.columns == {"Nom du document": "document", "Code": "code", "Début": "start", "Fin": "end",
                             "Segment": "text", "Commentaire": "memo", "Créé par": "coder"}
    assert any("'Couleur', 'Groupe de documents', 'Poids', 'Créé le'" in n and "bookkeeping" in n for n in table.notes)
    result = import_segment_table(path, corpus)
    assert _passages(result, corpus) == [("interview_02", "We work well together with him too.", "Werk\\Samenwerking")]
    assert result.codings["memo"].tolist() == ["bien"] and result.codings["coder"].tolist() == ["anna"]


def test_maxqda_spanish_headers_use_the_paragraph_to_choose(tmp_path, corpus):
    path = write_xlsx(tmp_path / "Segmentos codificados.xlsx", [
        ["Color", "Grupo de documentos", "Nombre del documento", "Código", "Inicio", "Fin", "Peso", "Segmento",
         "Comentario", "Creado por", "Creado el"],
        ["#ff0000", "Entrevistas", "Interview 02", "Werk", 6, 6, 0, "Honestly - it is fine.", "", "luis", "28/11/2024"]])
    result = import_segment_table(path, corpus)
    assert result.report.producer == "MAXQDA" and result.report.placed_rows == 1
    start = result.codings["start"].iloc[0]
    assert start == TEXT_02.rindex("Honestly")  # paragraph 6, not the same words in paragraph 4


def test_atlas_ti_french_quotation_export(tmp_path, corpus):
    path = write_xlsx(tmp_path / "Citations.xlsx", [
        ["ID", "Nom de la citation", "Document", "Contenu de la citation", "Codes", "Commentaire", "Créé par"],
        ["2:1", "We work well...", "D 2: Interview 02.docx", "We work well together with customs.", "Werk::Samenwerking",
         "", "anna"]])
    result = import_segment_table(path, corpus)
    assert result.report.producer == "ATLAS.ti"
    assert _passages(result, corpus) == [("interview_02", "We work well together with customs.", "Werk::Samenwerking")]


def test_offsets_holding_white_space_around_the_passage_give_the_passage_only(tmp_path, corpus):
    start = TEXT_02.index("We work well together with customs.")
    end = start + len("We work well together with customs.")
    path = write_xlsx(tmp_path / "excerpts.xlsx", [
        ["Media Title", "Excerpt Range", "Excerpt Creator", "Excerpt Copy", "Code: Werk Applied"],
        ["Interview 02", f"{start - 1}-{end}", "v", "We work well together with customs.", "True"],   # the space before
        ["Interview 02", f"{start}-{end + 1}", "w", "We work well together with customs.", "True"]])  # the line break after
    result = import_segment_table(path, corpus)
    assert result.codings[["start", "end"]].values.tolist() == [[start, end], [start, end]]
    assert result.report.how == {"at the table's offsets": 2}


def _dedoose_docx(path, comments):
    """A coded-document export as Dedoose writes it: the excerpts' runs under Word comments 'Codes (s-e)' + codes."""
    import docx

    document = docx.Document()
    for before, excerpt, header, codes in comments:
        paragraph = document.add_paragraph(before)
        run = paragraph.add_run(excerpt)
        document.add_comment([run], text="\n".join([header] + codes), author="Dedoose")
    document.add_comment([document.add_paragraph("I: Anything else?").runs[0]], text="check the speaker", author="Reviewer")
    document.save(path)
    return path


def test_dedoose_coded_document_export_reads_the_comments(tmp_path, corpus):
    path = _dedoose_docx(tmp_path / "Interview 02.docx", [
        ("R: ", "We work well together with customs.", "Codes (42-77)", ["Werk\\Samenwerking", "Douane"]),
        ("R: ", "Honestly \u2013 it is fine.", "Codes (182-204)", ["Werk"]),
        ("I: ", "And the harbour master?", "Codes (80-103)", [])])
    table = read_segment_table(path)
    assert table.producer == "Dedoose" and table.rows == 3
    assert [s.where for s in table.segments] == ["comment 1", "comment 2", "comment 3"]
    assert [(s.document, s.text, s.codes, s.start, s.unit) for s in table.segments][:2] == [
        ("Interview 02", "We work well together with customs.", ("Werk\\Samenwerking", "Douane"), 42, "char"),
        ("Interview 02", "Honestly \u2013 it is fine.", ("Werk",), 182, "char")]
    assert any("1 Word comment(s) that are not Dedoose codings" in n for n in table.notes)
    result = import_segment_table(path, corpus, coder="anna")
    assert _passages(result, corpus) == [
        ("interview_02", "Honestly \u2013 it is fine.", "Werk"),  # the last of the two occurrences, by Dedoose's offset
        ("interview_02", "We work well together with customs.", "Douane"),
        ("interview_02", "We work well together with customs.", "Werk\\Samenwerking")]
    assert result.codings["start"].tolist()[-1] == TEXT_02.rindex("Honestly")
    assert [(i.where, i.kind) for i in result.report.issues] == [("comment 3", "no code")]


def test_a_word_file_without_headings_or_dedoose_comments_is_still_refused(tmp_path):
    import docx
    import pytest

    from researchkit.errors import SegmentTableError

    document = docx.Document()
    paragraph = document.add_paragraph("Just a letter.")
    document.add_comment([paragraph.runs[0]], text="Codes are nice", author="x")
    document.save(tmp_path / "letter.docx")
    with pytest.raises(SegmentTableError) as err:
        read_segment_table(tmp_path / "letter.docx")
    assert err.value.code == "RK663"


def test_dedoose_codes_applied_combined(tmp_path, corpus):
    header = ["Media Title", "Excerpt Range", "Excerpt Creator", "Excerpt Date", "Excerpt Copy", "Resource Creator",
              "Resource Date", "Codes Applied Combined"]
    row = ["Interview 02", "42-77", "v", "11/28/2024", "We work well together with customs.", "admin", "11/1/2024",
           "Samenwerking, Douane"]
    only = import_segment_table(write_xlsx(tmp_path / "combined.xlsx", [header, row]), corpus)
    assert only.report.producer == "Dedoose" and only.report.columns["Codes Applied Combined"] == "code"
    assert sorted(only.codings["code"]) == ["Douane", "Samenwerking"]  # two codes, not one named 'Samenwerking, Douane'
    both = read_segment_table(write_xlsx(tmp_path / "both.xlsx", [
        header + ["Code: Werk\\Samenwerking Applied", "Code: Douane Applied"], row + ["True", "True"]]))
    assert both.segments[0].codes == ("Werk\\Samenwerking", "Douane")  # the paths of the code columns
    assert any("'Codes Applied Combined' not read: the excerpt's codes without their parents" in n for n in both.notes)


def test_atlas_ti_german_bookkeeping_columns_are_named_as_such(tmp_path, corpus):
    path = write_xlsx(tmp_path / "Zitate.xlsx", [
        ["ID", "Zitatname", "Dokument", "Dokumentgruppen", "Zitatinhalt", "Codes", "Referenz", "Dichte", "Fundierung",
         "Erstellt von", "Erstellt", "Geändert von", "Geändert", "Kommentar"],
        ["2:1", "We work", "Interview 02", "Häfen", "We work well together with customs.", "Werk::Samenwerking", "2 – 2",
         0, 1, "anna", "28.11.2024 10:03", "anna", "28.11.2024 10:03", ""]])
    table = read_segment_table(path)
    assert table.producer == "ATLAS.ti" and table.segments[0].start == 2
    bookkeeping = next(n for n in table.notes if "bookkeeping" in n)
    assert all(repr(h) in bookkeeping for h in ("Dokumentgruppen", "Dichte", "Fundierung", "Erstellt", "Geändert von"))
    assert not any("not a column of coded segments" in n for n in table.notes)
    assert _passages(import_segment_table(path, corpus), corpus) == [
        ("interview_02", "We work well together with customs.", "Werk::Samenwerking")]
