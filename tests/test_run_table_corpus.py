"""The main job reads a run configuration whose ``transcripts`` is one table of several conversations: one document
each (io/corpustables.py), an attributes sheet keyed by the new doc ids, the table listed among the job's inputs."""

from __future__ import annotations

import importlib.util
import pathlib

import pandas as pd
import yaml

from researchkit.run import load_config, run
from researchkit.run.inputs import _input_files

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)


def _write(folder: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    """The small corpus twice: as one table (interview_id, speaker, text) with attributes keyed by the table's doc ids,
    and as text files with attributes keyed by their names; a run configuration for each."""
    (folder / "codebook").mkdir(parents=True)
    (folder / "texts").mkdir()
    rows = [(doc_id, label, said) for doc_id, turns in small.DOCUMENTS.items() for label, _, said in turns]
    pd.DataFrame(rows, columns=["interview_id", "speaker", "text"]).to_csv(folder / "havens.csv", index=False)
    small.ATTRIBUTES.assign(doc_id=["havens-" + d for d in small.ATTRIBUTES["doc_id"]]).to_csv(folder / "attributes.csv", index=False)
    for doc_id, turns in small.DOCUMENTS.items():
        (folder / "texts" / f"{doc_id}.txt").write_text(small.transcript_text(turns)[0] + "\n", encoding="utf-8")
    small.ATTRIBUTES.to_csv(folder / "texts_attributes.csv", index=False)
    (folder / "codebook" / "klein.yaml").write_text(yaml.safe_dump(small.CODEBOOK, allow_unicode=True, sort_keys=False),
                                                    encoding="utf-8")
    paths = []
    for name, transcripts, attributes in (("table", "havens.csv", "attributes.csv"), ("texts", "texts", "texts_attributes.csv")):
        config = {"transcripts": transcripts, "attributes": attributes, "codebook": "codebook/klein.yaml",
                  "report": {"title": "Tabel", "date": "2026-04-01", "dpi": 40, "reidentification": "off",
                             "suggestions": "include"},
                  "outputs": {"docx": False, "markdown": True, "tables": True, "html": False}}
        paths.append(folder / f"{name}.yaml")
        paths[-1].write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return paths[0], paths[1]


def test_run_on_one_table_of_several_conversations_reports_as_on_its_files(tmp_path):
    table, texts = _write(tmp_path / "study")
    config = load_config(table)
    assert _input_files(config) == [tmp_path / "study" / n for n in ("attributes.csv", "codebook/klein.yaml", "havens.csv")]
    first = run(table, out=tmp_path / "table", progress=None)
    assert sorted(first.manifest["inputs"]) == ["attributes.csv", "codebook/klein.yaml", "havens.csv"]
    second = run(texts, out=tmp_path / "texts", progress=None)
    # the report shows respondent codes, never doc ids: every output is the same but the quotes' doc ids
    assert first.manifest["outputs"].keys() == second.manifest["outputs"].keys()
    for name in first.manifest["outputs"]:
        if name != "tables/quotes.csv":
            assert (tmp_path / "table" / name).read_bytes() == (tmp_path / "texts" / name).read_bytes(), name
    quotes = pd.read_csv(tmp_path / "table" / "tables" / "quotes.csv", dtype=str)
    others = pd.read_csv(tmp_path / "texts" / "tables" / "quotes.csv", dtype=str)
    assert len(quotes) > 0 and list(quotes["doc_id"]) == ["havens-" + d for d in others["doc_id"]]
    assert quotes.drop(columns="doc_id").equals(others.drop(columns="doc_id"))
    respondents = pd.read_csv(tmp_path / "table" / "tables" / "respondents.csv", dtype=str)
    assert list(respondents["group"]) == list(small.ATTRIBUTES["group"])  # the sheet keyed by the new doc ids joined
