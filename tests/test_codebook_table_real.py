"""Codebook sheets as researchers keep them, rebuilt from real public files (researchkit.codebook.table).

Each fixture is written here in the shape of a real file found in a public repository (named
in each test); none of those files is needed to run the tests.
"""

from __future__ import annotations

import warnings

import pytest

from researchkit.codebook.table import import_codebook_table


def _read(path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return import_codebook_table(path, **options)


def test_type_column_filled_where_a_group_starts_is_the_top_level(tmp_path):
    """SPECT-Lab/Conversational-AI-SP-User-Perceptions ``Codebook.csv``: ``Type,Code,Sub-codes,Description``,
    the type (Concern, Attitude) and the code written only on a group's first row, a blank separator row.

    Before, ``Type`` was kept as ``x_type`` on the first code of each group only, and the
    Attitude codes after the first stood without it.
    """
    p = tmp_path / "Codebook.csv"
    p.write_text('Type,Code,Sub-codes,Description\n'
                 'Concern,Data Collection,Personal Data,"Personal data including PII (e.g., name, email)."\n'
                 ',,Proprietary Information,"Sensitive corporate data (e.g., business plans)."\n'
                 ',Data Retention,,"Data storage, deletion."\n'
                 ',,,\n'
                 'Attitude,Cautious,,"Aware of privacy risks."\n'
                 ',Resigned,,Feel overwhelmed by the pervasive nature of data collection.\n', encoding="utf-8")
    cb, report = _read(p, language="en")
    assert [(c.name, c.parent, c.level) for c in cb] == [
        ("Concern", None, 1), ("Data Collection", "Concern", 2), ("Personal Data", "Data_Collection", 3),
        ("Proprietary Information", "Data_Collection", 3), ("Data Retention", "Concern", 2),
        ("Attitude", None, 1), ("Cautious", "Attitude", 2), ("Resigned", "Attitude", 2)]
    assert cb["Resigned"].description == "Feel overwhelmed by the pervasive nature of data collection."
    assert all("x_type" not in c.extra for c in cb)
    assert report.hierarchy == "level columns 'Type' > 'Code' > 'Sub-codes'"
    assert any("column 'Type'" in n and "top level" in n for n in report.notes)


def test_theme_column_blank_below_a_groups_first_row_repeats_it(tmp_path):
    """A theme column whose merged cells were saved as CSV (as the groups of SPECT-Lab/Conversational-AI-SP-
    User-Perceptions ``Codebook.csv``): the blank cells belong to the theme above, with a note naming the rows.

    Before, the second code of each theme was put at the top level without a word.
    """
    p = tmp_path / "themes.csv"
    p.write_text("Theme;Code;Definition\nVertrouwen;Politie;Vertrouwen in de politie\n;Douane;Vertrouwen in de douane\n"
                 "Risico;Smokkel;Smokkel via de haven\n;Corruptie;Omkoping van personeel\n", encoding="utf-8")
    cb, report = _read(p)
    assert [(c.name, c.parent) for c in cb] == [("Vertrouwen", None), ("Politie", "Vertrouwen"), ("Douane", "Vertrouwen"),
                                                ("Risico", None), ("Smokkel", "Risico"), ("Corruptie", "Risico")]
    assert any(n.startswith("rows 3 and 5: a blank 'Theme' cell repeats") for n in report.notes)


def test_unknown_first_column_filled_on_every_row_stays_an_extra(tmp_path):
    """A first column filled on every row (a coder's initials) is no group: it is kept as ``x_...``, the tree flat."""
    p = tmp_path / "coded.csv"
    p.write_text("Coder,Code,Definition\nJV,Politie,a\nJV,Douane,b\n", encoding="utf-8")
    cb, report = _read(p, language="nl")
    assert [(c.name, c.parent, c.extra) for c in cb] == [("Politie", None, {"x_coder": "JV"}),
                                                         ("Douane", None, {"x_coder": "JV"})]
    assert report.hierarchy.startswith("none")


def test_category_column_blank_on_the_first_row_is_not_repeated(tmp_path):
    """Codes without a category listed first, then grouped ones (as haveisi/wi-data-center-conflict-analysis-
    ``codebook.csv`` but with an ungrouped code on top): blanks are not filled, no note."""
    p = tmp_path / "sections.csv"
    p.write_text("section,code,description\n,Overall stance,x\nA. Water,Water stress,y\n,Other,z\n", encoding="utf-8")
    cb, report = _read(p, language="en")
    assert [(c.name, c.parent) for c in cb] == [("Overall stance", None), ("A. Water", None), ("Water stress", "A._Water"),
                                                ("Other", None)]
    assert not any("repeats" in n for n in report.notes)


def test_spanish_codebook_codigo_nombre_definicion(tmp_path):
    """camilo09m/msr-cicd-study ``data/codebook.csv``: ``Código,Nombre,Definición,Ejemplos de evidencia,Notas de
    codificación``. Before, the ids (C01) became the code names and the names were kept as ``x_nombre``."""
    p = tmp_path / "codebook.csv"
    p.write_text("Código,Nombre,Definición,Ejemplos de evidencia,Notas de codificación\n"
                 'C01,Cierre sin evidencia suficiente,El PR fue cerrado sin una razón técnica explícita.,'
                 '"solo se observa cierre, cierre silencioso","No usar: si existe una causa técnica explícita."\n'
                 'C07,"Conflicto, rebase o historial de ramas",El cierre se relaciona con conflicto de merge.,'
                 "el problema central es la integración de ramas,No usar: si el conflicto deriva en otro PR.\n",
                 encoding="utf-8")
    cb, report = _read(p)
    assert [(c.id, c.name) for c in cb] == [("C01", "Cierre sin evidencia suficiente"),
                                            ("C07", "Conflicto, rebase o historial de ramas")]
    assert cb["C01"].examples == ("solo se observa cierre, cierre silencioso",)
    assert cb["C01"].extra == {"x_notas_de_codificacion": "No usar: si existe una causa técnica explícita."}
    assert report.columns_used["Código"] == "id" and cb.language == "es"


def test_mayring_category_table_from_german_excel(tmp_path):
    """A Mayring category system (``Kategorie | Definition | Ankerbeispiel | Kodierregel``, the table a German
    qualitative content analysis documents, as written in JustusHenke/QCA-AID's and other public Mayring
    templates), saved by German Excel: semicolons, cp1252, CRLF."""
    p = tmp_path / "kategoriensystem.csv"
    p.write_bytes(("Kategorie;Definition;Ankerbeispiel;Kodierregel\r\n"
                   "Technologieakzeptanz;Aussagen, die Einstellungen gegenüber der Technologie beschreiben;"
                   '"Das System ist intuitiv und spart mir viel Zeit.";Kodieren, wenn die Technologie bewertet wird.\r\n'
                   "Nutzungsbarrieren;Hinweise auf Hindernisse bei der Nutzung;\"Ich weiß nicht, wie ich anfangen soll.\";"
                   "Kodieren bei Aussagen über Unsicherheit.\r\n").encode("cp1252"))
    cb, report = _read(p)
    c = cb["Technologieakzeptanz"]
    assert (c.description, c.examples, c.include) == ("Aussagen, die Einstellungen gegenüber der Technologie beschreiben",
                                                      ("Das System ist intuitiv und spart mir viel Zeit.",),
                                                      "Kodieren, wenn die Technologie bewertet wird.")
    assert cb.language == "de" and report.encoding == "cp1252" and report.delimiter == ";"


def test_mayring_main_and_subcategories(tmp_path):
    """``Hauptkategorie | Unterkategorie | Definition | Ankerbeispiele | Kodierregeln | Abgrenzung`` (UTF-8 with BOM):
    the main category written once, sub-categories below it, demarcation rules as ``exclude``."""
    p = tmp_path / "kategorien.csv"
    p.write_text("\ufeffHauptkategorie;Unterkategorie;Definition;Ankerbeispiele;Kodierregeln;Abgrenzung\n"
                 "Vertrauen;Vertrauen in Behörden;Vertrauen in Polizei oder Zoll;„Die Polizei tut, was sie kann.“;"
                 "Nur explizite Aussagen;Nicht: Vertrauen in Kollegen\n"
                 ";Misstrauen;Zweifel an Behörden;„Die machen doch nichts.“;;\n"
                 "Zusammenarbeit;;Zusammenarbeit zwischen Partnern;;;\n", encoding="utf-8")
    cb, report = _read(p)
    assert [(c.name, c.parent) for c in cb] == [("Vertrauen", None), ("Vertrauen in Behörden", "Vertrauen"),
                                                ("Misstrauen", "Vertrauen"), ("Zusammenarbeit", None)]
    c = cb["Vertrauen_in_Behorden"]
    assert (c.include, c.exclude) == ("Nur explizite Aussagen", "Nicht: Vertrauen in Kollegen")
    assert report.hierarchy == "level columns 'Hauptkategorie' > 'Unterkategorie'"


def test_kategorie_beside_a_code_column_groups_the_codes(tmp_path):
    """``Kategorie | Code | Definition``: with a code column beside it, ``Kategorie`` is the group, not the name."""
    p = tmp_path / "codes.csv"
    p.write_text("Kategorie;Code;Definition\nVertrauen;Polizei;a\nVertrauen;Zoll;b\n", encoding="utf-8")
    cb, _ = _read(p, language="de")
    assert [(c.name, c.parent) for c in cb] == [("Vertrauen", None), ("Polizei", "Vertrauen"), ("Zoll", "Vertrauen")]


def test_headers_read_by_their_head_word(tmp_path):
    """Incentivized-Online-Reviews-SLR/Supplemental-Material-... ``coding_scheme.csv``: ``Outcome category;Outcome
    construct;Operational Definition``. The construct column is named with ``columns``; the category and the
    definition are recognised by their last word. Before, the definition and category were kept as ``x_...``."""
    p = tmp_path / "coding_scheme.csv"
    p.write_text("Outcome category;Outcome construct;Operational Definition\n"
                 "Psychological Outcome;Moral judgment;Evaluation of whether incentivized reviewing is morally right.\n"
                 "Psychological Outcome;Guilt;Feeling guilty in relation to receiving incentives.\n"
                 "Behavioral Outcome;Review quantity;(Likelihood of) Review contribution.\n", encoding="utf-8")
    cb, report = _read(p, columns={"name": "Outcome construct"})
    assert [(c.name, c.parent) for c in cb] == [("Psychological Outcome", None), ("Moral judgment", "Psychological_Outcome"),
                                                ("Guilt", "Psychological_Outcome"), ("Behavioral Outcome", None),
                                                ("Review quantity", "Behavioral_Outcome")]
    assert cb["Guilt"].description == "Feeling guilty in relation to receiving incentives."
    assert report.columns_used == {"Outcome category": "level in the path", "Outcome construct": "name",
                                   "Operational Definition": "description"}


def test_two_description_columns_and_an_empty_first_row_and_column(tmp_path):
    """yijouli/chi2026-SupplementaryMaterials ``Codebook.csv``: an empty first row and column, ``Code,Description for
    API,Description for GUI``: the first is the description, the second kept as ``x_description_for_gui``."""
    p = tmp_path / "Codebook.csv"
    p.write_text(",,,\n,Code,Description for API,Description for GUI\n"
                 ",Stop simulation,Interrupt the simulation through keyboard interaction.,Click the pause/stop simulation button.\n"
                 ",Continue simulation,-,Click the continue simulation button.\n", encoding="utf-8")
    cb, report = _read(p, language="en")
    c = cb["Stop_simulation"]
    assert c.description == "Interrupt the simulation through keyboard interaction."
    assert c.extra == {"x_description_for_gui": "Click the pause/stop simulation button."}
    assert report.header_row == 2


def test_count_headers_are_not_read_by_their_head_word():
    """``Number of examples`` counts; it is not the examples column."""
    from researchkit.codebook.tablecols import plan_columns
    plan = plan_columns(["Code", "Number of examples", "Example quotes"])
    assert plan.roles == {"name": 0, "examples": 2}


def test_code_column_of_dotted_ids_beside_short_meanings(tmp_path):
    """BITS-Research/OpenDataFeedback ``code_book.csv``: ``meaning,code`` with ``Data Quality,B`` and ``incomplete,B.2``.
    Before, the codes were named ``A``, ``A.1`` ... at one level, the names kept as descriptions."""
    p = tmp_path / "code_book.csv"
    p.write_text("meaning,code\nData Availaibility,A\nbroken link ,A.1\naccess forbidden ,A.2\nData Quality,B\n"
                 "incomplete,B.2\nOthers or Unclear,D\n", encoding="utf-8")
    cb, report = _read(p, language="en")
    assert [(c.id, c.name, c.parent) for c in cb] == [
        ("A", "Data Availaibility", None), ("A.1", "broken link", "A"), ("A.2", "access forbidden", "A"),
        ("B", "Data Quality", None), ("B.2", "incomplete", "B"), ("D", "Others or Unclear", None)]
    assert report.columns_used == {"meaning": "name", "code": "id"}
    assert any("these are the code names" in n for n in report.notes)


def test_code_column_of_dotted_ids_with_definitions_builds_the_tree(tmp_path):
    """``Code,Description`` whose codes are dotted ids and whose descriptions are sentences: the ids place the
    codes (before: all at the top level), the names stay the ids, the definitions stay descriptions."""
    p = tmp_path / "codes.csv"
    p.write_text("Code,Description\nSIG,Signalen die wijzen op ondermijning.\nSIG.1,Verdachte voertuigen.\n"
                 "VERM,Vermoedens.\n", encoding="utf-8")
    cb, report = _read(p, language="nl")
    assert [(c.id, c.name, c.parent, c.description) for c in cb] == [
        ("SIG", "SIG", None, "Signalen die wijzen op ondermijning."), ("SIG.1", "SIG.1", "SIG", "Verdachte voertuigen."),
        ("VERM", "VERM", None, "Vermoedens.")]
    assert report.columns_used["Code"] == "name and id"


def test_code_column_of_plain_names_is_left_alone(tmp_path):
    """Names that are not dotted ids (thechiselgroup/GamifyTechDebtData ``Codebook.csv`` has an ``Abbreviation``
    id column; without it the codes are names) stay flat with their descriptions."""
    p = tmp_path / "codes.csv"
    p.write_text("Code,Description\nTDM,Technical debt management\nCRIT,Criticism\n", encoding="utf-8")
    cb, report = _read(p, language="en")
    assert [(c.id, c.name, c.description) for c in cb] == [("TDM", "TDM", "Technical debt management"),
                                                           ("CRIT", "CRIT", "Criticism")]
    assert report.columns_used == {"Code": "name", "Description": "description"}


def test_label_column_with_code_ids_and_include_exclude_when(tmp_path):
    """artifact-submission/submission-artifact ``qualitative_codebook.csv``: ``dataset,higher_level_category,code,label,
    definition,include_when,exclude_when``. Before, the include/exclude rules were kept as ``x_include_when`` and
    ``x_exclude_when``. A code id used in two datasets is kept as ``x_code`` with a note."""
    p = tmp_path / "qualitative_codebook.csv"
    p.write_text("dataset,higher_level_category,code,label,definition,include_when,exclude_when\n"
                 "incident_failure_modes,Unsafe remediation behavior,incomplete_fix,Incomplete fix,"
                 "AI-generated remediation addresses only part of the issue.,Apply when the fix is partial.,"
                 "Do not apply when the fix primarily weakens security; use insecure_fix instead.\n"
                 "incident_failure_modes,Unsafe remediation behavior,insecure_fix,Insecure fix,"
                 "AI suggests a remediation that would weaken security.,Apply when the fix increases risk.,"
                 "Do not apply to incomplete but not clearly unsafe fixes.\n", encoding="utf-8")
    cb, report = _read(p, language="en")
    assert [(c.id, c.name, c.parent) for c in cb] == [
        ("Unsafe_remediation_behavior", "Unsafe remediation behavior", None),
        ("incomplete_fix", "Incomplete fix", "Unsafe_remediation_behavior"),
        ("insecure_fix", "Insecure fix", "Unsafe_remediation_behavior")]
    c = cb["insecure_fix"]
    assert (c.include, c.exclude) == ("Apply when the fix increases risk.", "Do not apply to incomplete but not clearly unsafe fixes.")
    assert c.extra == {"x_dataset": "incident_failure_modes"}


def test_wide_theme_and_sub_theme_columns_below_key_value_lines(tmp_path):
    """ashsingh2202-web/SCD-Study-IRB ``qualitative_codebook.csv`` (an NVivo 14 study): ``key,value`` lines
    (codebook_version, project_title, analyst ...), a blank line, then ``theme_id,theme_label,theme_description,
    sub_theme_id,sub_theme_label,sub_theme_description,example_paraphrased,frequency`` with the theme repeated on
    each row and its description on the first only. Before: RK242 (no code column)."""
    p = tmp_path / "qualitative_codebook.csv"
    p.write_text("codebook_version,2.0\nproject_title,Sickle Cell Disease & Healthcare System Navigation\n"
                 "analyst,Ashima Singh MPH\nanalysis_software,NVivo 14\n\n"
                 "theme_id,theme_label,theme_description,sub_theme_id,sub_theme_label,sub_theme_description,"
                 "example_paraphrased,frequency\n"
                 "T01,Insurance and Coverage Disruptions,Loss of coverage and prior authorizations,T01a,Loss of Coverage,"
                 "Periods of being uninsured,Described losing Medicaid coverage,High\n"
                 "T01,Insurance and Coverage Disruptions,,T01b,Prior Authorization Burden,Time to obtain authorizations,"
                 "Described spending hours on calls,High\n"
                 "T02,Care Continuity,Losing established providers,T02a,Loss of Established Hematologist,Loss of a trusted "
                 "specialist,Described the hematologist leaving,High\n"
                 "T02,Care Continuity,Another text,T02b,Rebuilding Trust,Difficulty with a new provider,Expressed frustration,"
                 "High\n", encoding="utf-8")
    cb, report = _read(p, language="en")
    assert [(c.id, c.name, c.parent) for c in cb] == [
        ("T01", "Insurance and Coverage Disruptions", None), ("T01a", "Loss of Coverage", "T01"),
        ("T01b", "Prior Authorization Burden", "T01"), ("T02", "Care Continuity", None),
        ("T02a", "Loss of Established Hematologist", "T02"), ("T02b", "Rebuilding Trust", "T02")]
    assert cb["T01"].description == "Loss of coverage and prior authorizations"
    assert cb["T01a"].description == "Periods of being uninsured"
    assert cb["T01a"].examples == ("Described losing Medicaid coverage",)
    assert (cb.title, cb.version) == ("Sickle Cell Disease & Healthcare System Navigation", "2.0")
    assert cb.description == "analyst: Ashima Singh MPH\nanalysis_software: NVivo 14"
    assert report.header_row == 6
    assert report.columns_ignored == ["frequency (a count the QDA program adds)"]
    assert any(n.startswith("row 10: 'theme_description' of 'Care Continuity' is 'Another text'") for n in report.notes)


def test_colours_written_as_names_or_rgb_triplets(tmp_path):
    """Colour cells as QDA exports and researchers write them: ``#ff0000``, a colour name (``Red``, Dutch ``Groen``),
    ``255,128,0``, ``rgb(0, 128, 255)``, and ``None`` for no colour. Before, all but the first were kept as
    ``x_color`` and the code had no colour; a value that is no colour still is (with a note)."""
    p = tmp_path / "codes.csv"
    p.write_text('Name;Description;Color\nA;x;#ff0000\nB;y;Red\nC;z;None\nD;w;"255,128,0"\nE;v;rgb(0, 128, 255)\n'
                 "F;u;Groen\nG;t;mauve-ish\n", encoding="utf-8")
    cb, report = _read(p, language="en")
    assert [(c.id, c.color) for c in cb] == [("A", "#FF0000"), ("B", "#FF0000"), ("C", None), ("D", "#FF8000"),
                                             ("E", "#0080FF"), ("F", "#008000"), ("G", None)]
    assert cb["G"].extra == {"x_color": "mauve-ish"} and cb["C"].extra == {}
    assert "row 3: colour 'Red' read as #FF0000" in report.notes


def test_sheet_in_capitals_gives_no_evidence_for_prefixes(tmp_path):
    """thechiselgroup/GamifyTechDebtData ``Codebook.csv``: every name in capitals (``LIMITATION: CONFLICTS``,
    ``LIMITATIONS``), ids in an ``Abbreviation`` column, blank separator rows. Before, a code ``LIMITATION`` was
    made and three codes renamed below it; now the names stay as written, beside the ``LIMITATIONS`` code."""
    p = tmp_path / "Codebook.csv"
    p.write_text("Abbreviation,Code,Description\nLIMT,LIMITATIONS,Mentions of limitations of the approach\n"
                 "LMT-FITALL,LIMITATION: “ONE SIZE FITS ALL”,The tool might not have the same impact with all\n"
                 "LMT-DISC,LIMITATION: DISCOURAGEMENT,Some aspects of the tool may be discouraging\n,,\n"
                 "CRIT,CRITICISM,General negative feedback and criticism\n", encoding="utf-8")
    cb, report = _read(p, language="en")
    assert [(c.id, c.name, c.parent) for c in cb] == [
        ("LIMT", "LIMITATIONS", None), ("LMT-FITALL", "LIMITATION: “ONE SIZE FITS ALL”", None),
        ("LMT-DISC", "LIMITATION: DISCOURAGEMENT", None), ("CRIT", "CRITICISM", None)]
    assert report.hierarchy.startswith("none")
