"""`researchkit new` and a report for a study with its own codebook and attribute names (issue 16.7)."""

import doctest
import json

import pytest
import yaml

import researchkit.cli.new as cli_new
import researchkit.scaffold as scaffold
from researchkit.cli import main
from researchkit.errors import ReportError
from researchkit.run import run

CODEBOOK = """\
codebook: Zorg in de wijk
version: 1
language: nl
codes:
  - id: WACHT
    name: Wachttijden
    description: Hoe lang bewoners op hulp wachten.
    keywords: [wachtlijst, wachten, weken]
  - id: MANT
    name: Mantelzorg
    description: Zorg door familie en buren.
    keywords: [mantelzorg, dochter, buurvrouw]
"""

INTERVIEWS = {
    "W1": "I: Hoe gaat het met de zorg?\nB: We staan al weken op een wachtlijst en mijn dochter doet de mantelzorg.",
    "W2": "I: En bij u?\nB: Het wachten duurt lang; de buurvrouw helpt met de mantelzorg als het kan.",
    "W3": "I: Wat merkt u?\nB: Die wachtlijst is echt te lang, we wachten al weken op een plek.",
}


@pytest.mark.parametrize("module", [scaffold, cli_new])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_new_scaffolds_a_study_and_refuses_a_full_folder(tmp_path, capsys):
    folder = tmp_path / "studie"
    assert main(["new", str(folder), "--lang", "en"]) == 0
    assert "researchkit run" in capsys.readouterr().out
    assert yaml.safe_load((folder / "codebook.yaml").read_text(encoding="utf-8"))["language"] == "en"
    config = yaml.safe_load((folder / "run.yaml").read_text(encoding="utf-8"))
    assert config["report"]["language"] == "en" and config["report"]["group"] == "group"
    assert json.loads((folder / "notebooks" / "01_start.ipynb").read_text(encoding="utf-8"))["nbformat"] == 4
    with pytest.raises(ReportError, match="RK534"):
        scaffold.new_study(folder)


def test_report_for_a_scaffolded_study_with_its_own_codebook_and_attributes(tmp_path):
    folder = scaffold.new_study(tmp_path / "wijkzorg", lang="nl")
    (folder / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    for doc_id, text in INTERVIEWS.items():
        (folder / "transcripts" / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
    (folder / "attributes.csv").write_text(
        "doc_id,wijk,functie,datum\nW1,Noord,bewoner,2026-03-01\nW2,Noord,bewoner,2026-03-02\nW3,Zuid,wijkverpleegkundige,2026-03-03\n",
        encoding="utf-8")
    config = yaml.safe_load((folder / "run.yaml").read_text(encoding="utf-8"))
    config["attributes"] = "attributes.csv"
    config["labels"] = {"B": "respondent"}
    config["report"].update({"title": "Zorg in de wijk", "group": "wijk", "attribution": ["wijk", "functie"],
                             "chapters": ["WACHT", "MANT"], "date": "2026-04-01",
                             "suggestions": "include"})  # no own codings yet: report the rules' suggestions, labelled
    (folder / "run.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = run(folder / "run.yaml", progress=None)
    md = (folder / "out" / "report.md").read_text(encoding="utf-8")
    assert "# 2 Wachttijden" in md and "# 3 Mantelzorg" in md and "Zorg in de wijk" in md
    assert "Noord" in md  # the group attribute of this study forms the tables
    assert "niet beoordeelde suggesties" in md and "Inclusief niet beoordeelde suggesties van de zoekregels." in md
    assert {"tables/theme_WACHT.csv", "tables/theme_MANT.csv"} <= set(result.manifest["outputs"])
    # three respondents, k=3: every attribution with wijk x functie singles someone out, so it is coarsened
    assert any("re-identification" in note for note in result.notes)
    # a chapter that cannot be built from this codebook is an error, never a silent drop
    config["report"]["chapters"] = ["WACHT", "white_spots"]
    (folder / "run.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ReportError, match=r"RK531.*white_spots.*report.white_spots"):
        run(folder / "run.yaml", progress=None)


def test_the_starter_notebook_codes_into_a_project_that_the_run_then_reads(tmp_path):
    """The scaffolded notebook runs top to bottom on a new study (twice: it updates, never duplicates), and the
    run that names its project counts the rules' stored suggestions once, with the hand-made coding."""
    import nbformat
    from nbclient import NotebookClient

    from researchkit.project import Project

    folder = scaffold.new_study(tmp_path / "wijkzorg", lang="en")
    (folder / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    for doc_id, text in INTERVIEWS.items():
        (folder / "transcripts" / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
    (folder / "attributes.csv").write_text("doc_id,group\nW1,Noord\nW2,Noord\nW3,Zuid\n", encoding="utf-8")
    config = yaml.safe_load((folder / "run.yaml").read_text(encoding="utf-8"))
    assert "project" not in config and "# project: study.rkp" in (folder / "run.yaml").read_text(encoding="utf-8")
    for _ in range(2):
        nb = nbformat.read(folder / "notebooks" / "01_start.ipynb", as_version=4)
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder / "notebooks")}}).execute()
        outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
        assert not [o for o in outputs if o.output_type == "error"]
        widgets = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        assert len(widgets) == 2  # the coding view and the review queue
        with Project.open(folder / "study.rkp") as project:
            status = project.status()
        assert status["documents"] == 3 and status["codings_per_coder"] == {"rules": status["codings"]} and status["codings"] > 0
    stored = status["codings"]
    with Project.open(folder / "study.rkp", user="anna") as project:
        project.code("W3", code="WACHT", quote="Die wachtlijst is echt te lang", coder="anna")
    config.update(project="study.rkp", labels={"B": "respondent"})
    config["report"].update(group="group", attribution=[], language="en", date="2026-04-01")
    (folder / "run.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = run(folder / "run.yaml", progress=None)
    assert f"autocode: {stored} of the rules' codings are stored in the project already" in " ".join(result.notes)
    md = (folder / "out" / "report.md").read_text(encoding="utf-8")
    assert f"pre-coded automatically with the codebook's rules ({stored} codings in 3 interviews, per sentence)" in md
    assert "One coder coded 1 interview by hand (1 coding)" in md and "counts once (1 passage)" in md
    assert f"None of the {stored} suggestions of the rules has been reviewed." in md
