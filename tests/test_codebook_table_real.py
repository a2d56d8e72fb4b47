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
