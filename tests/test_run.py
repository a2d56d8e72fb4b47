"""The main job and its reproduction: outputs, manifest, reproduce, CLI, errors."""

import doctest
import importlib.util
import json
import pathlib
import re
import shutil
import time

import pytest

import researchkit.cli.run as cli_run
import researchkit.run as run_module
from researchkit.cli import main
from researchkit.errors import RunError
from researchkit.run import RunConfig, load_config, read_manual_codings, reproduce, run

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The small project on disk, run once into out/."""
    folder = tmp_path_factory.mktemp("study")
    config = small.write(folder)
    result = run(config, progress=None)
    return folder, config, result


@pytest.mark.parametrize("module", [run_module, cli_run, *(importlib.import_module(f"researchkit.run.{m}") for m in
                                                          ("config", "inputs", "stages", "job", "reproduce"))])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_run_writes_every_output(project):
    folder, _config, result = project
    out = folder / "out"
    assert result.out == out
    names = set(result.manifest["outputs"])
    assert {"report.docx", "report.md", "tables/frequencies.csv", "tables/theme_SIG.csv", "tables/agreement.csv",
            "tables/white_spots.csv", "figures/theme_SIG.png", "figures/white_spots.png"} <= names
    if "transcripts.html" not in names:  # the HTML comes from researchkit.report.html when it is installed
        assert any("transcripts.html skipped" in n for n in result.notes)
    for name, digest in result.manifest["outputs"].items():
        assert run_module.file_sha256(out / name) == digest
    assert not list(out.glob(".run-*"))  # the staging folder is gone
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "Piet" not in md and "Henk" not in md and "(R02, Douane, Harlingen)" in md
    assert "Kleine test" in md and "1 april 2026" in md  # title and date from the configuration


def test_manifest_is_portable(project):
    folder, _config, result = project
    manifest = json.loads((folder / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == result.manifest
    assert manifest["base"] == ".."
    assert sorted(manifest["inputs"]) == ["codebook/gold/manual.csv", "codebook/klein.yaml", "transcripts/R1.txt",
                                          "transcripts/R2.txt", "transcripts/R3.txt", "transcripts/R4.txt",
                                          "transcripts/attributes.csv"]
    assert {"python", "researchkit", "spacy", "pandas", "python-docx", "matplotlib"} <= set(manifest["versions"])
    assert manifest["parameters"]["report"]["date"] == "2026-04-01"
    text = json.dumps(manifest)
    assert str(folder) not in text and str(ROOT) not in text  # no absolute paths
    assert "seconds" not in text and time.strftime("%Y-%m-%dT") not in text  # no timings or run timestamps


def test_two_runs_give_identical_manifests_and_bytes(project, tmp_path):
    folder, config, result = project
    copy = tmp_path / "clone"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("out"))
    second = run(copy / "codebook" / "run.yaml", progress=None)
    assert second.manifest == result.manifest
    assert (copy / "out" / "manifest.json").read_bytes() == (folder / "out" / "manifest.json").read_bytes()


def test_reproduce_reports_all_identical(project):
    folder, _config, _result = project
    report = reproduce(folder / "out" / "manifest.json")
    assert report.ok, str(report)
    assert set(report.outputs["status"]) == {"identical"}
    assert report.inputs.empty and report.diffs == {}
    assert "outputs identical" in str(report)


def test_tampered_table_is_reported_with_a_diff(project, tmp_path, capsys):
    folder, _config, _result = project
    published = tmp_path / "published"
    shutil.copytree(folder, published)
    table = published / "out" / "tables" / "theme_SIG.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    header, first = lines[0].split(","), lines[1].split(",")
    column = header.index("respondents")
    original = first[column]
    first[column] = "99"
    lines[1] = ",".join(first)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (published / "out" / "figures" / "theme_SIG.png").unlink()
    report = reproduce(published / "out" / "manifest.json")
    assert not report.ok
    status = dict(zip(report.outputs["output"], report.outputs["status"]))
    assert status["tables/theme_SIG.csv"] == "differs"
    assert status["figures/theme_SIG.png"] == "missing"
    assert status["report.docx"] == "identical"
    diff = report.diffs["tables/theme_SIG.csv"]
    assert "respondents" in diff and "row 2" in diff and "99" in diff and original in diff
    # the command line: exit 1 and the verdicts printed
    assert main(["reproduce", str(published / "out" / "manifest.json")]) == 1
    printed = capsys.readouterr().out
    assert "tables/theme_SIG.csv" in printed and "differs" in printed and "NOT reproduced" in printed


def test_changed_input_is_named(project, tmp_path):
    folder, _config, _result = project
    published = tmp_path / "published"
    shutil.copytree(folder, published)
    transcript = published / "transcripts" / "R3.txt"
    transcript.write_text(transcript.read_text(encoding="utf-8").replace("Vertel eens.", "Vertel eens, alstublieft."), encoding="utf-8")
    report = reproduce(published / "out" / "manifest.json")
    assert report.inputs.to_dict("records") == [{"input": "transcripts/R3.txt", "status": "changed"}]
    assert not report.ok
    assert "input    changed        transcripts/R3.txt" in str(report)


def test_cli_run_and_reproduce(project, tmp_path, capsys):
    folder, config, _result = project
    assert main(["run", str(config), "--out", str(tmp_path / "cli-out"), "-q"]) == 0
    assert "outputs in" in capsys.readouterr().out
    assert (tmp_path / "cli-out" / "report.docx").exists()
    assert main(["reproduce", str(tmp_path / "cli-out" / "manifest.json")]) == 0
    assert main(["run", str(tmp_path / "missing.yaml")]) == 2
    assert "RK580" in capsys.readouterr().err


def test_progress_lines(project, tmp_path):
    _folder, config, _result = project
    lines = []
    result = run(config, out=tmp_path / "o", progress=lines.append)
    assert lines[0].startswith("researchkit ") and lines[-1].startswith(("done in", "  note", "  warning"))
    assert any(line.strip().startswith("autocode") for line in lines)
    assert set(result.timings) >= {"transcripts", "codebook", "autocode", "manual", "analysis", "report", "tables"}


# --------------------------------------------------------------------------- configuration errors


def test_config_errors_are_listed_at_once(tmp_path):
    with pytest.raises(RunError) as info:
        RunConfig.from_dict({"codebok": "x.yaml", "report": {"langauge": "nl"}, "outputs": {"docx": "yes"}})
    message = str(info.value)
    assert "RK580" in message and "'codebok' (did you mean 'codebook'?)" in message and "report.'langauge'" in message
    with pytest.raises(RunError, match="RK580.*'codebook' is required"):
        RunConfig.from_dict({})
    with pytest.raises(RunError, match="RK580.*'fr'"):
        RunConfig.from_dict({"codebook": "c.yaml", "report": {"language": "fr"}})
    with pytest.raises(RunError, match="RK580.*outputs.docx must be true or false"):
        RunConfig.from_dict({"codebook": "c.yaml", "outputs": {"docx": "yes"}})
    bad = tmp_path / "bad.yaml"
    bad.write_text("codebook: [unclosed\n", encoding="utf-8")
    with pytest.raises(RunError, match=r"RK580.*bad.yaml, line \d+, column \d+"):
        load_config(bad)
    with pytest.raises(RunError, match="RK580.*mapping"):
        RunConfig.from_dict(["codebook"])


def test_missing_inputs(tmp_path):
    config = small.write(tmp_path)
    (tmp_path / "codebook" / "klein.yaml").unlink()
    with pytest.raises(RunError, match="RK581.*codebook/klein.yaml: codebook not found"):
        run(config, progress=None)
    data = RunConfig.from_dict({"codebook": "codebook/klein.yaml", "manual_codings": "gold/missing.csv"}, base=tmp_path)
    with pytest.raises(RunError, match="RK581"):
        run(data, progress=None)


def test_manual_codings_that_do_not_fit(tmp_path):
    corpus = small.corpus()
    csv = tmp_path / "anna.csv"
    csv.write_text("doc_id,start,end,code\nR1,0,5000,SIG\nR9,0,3,SIG\n", encoding="utf-8")
    with pytest.raises(RunError) as info:
        read_manual_codings(csv, corpus)
    message = str(info.value)
    assert "RK582" in message and "row 0" in message and "beyond the end" in message and "'R9'" in message
    good = tmp_path / "bob.csv"
    good.write_text("doc_id,start,end,code,text\nR1,3,26,SIG,Wat ziet u in de haven?\n", encoding="utf-8")
    frame = read_manual_codings(good, corpus)
    assert frame.loc[0, "coder"] == "bob" and frame.loc[0, "source"] == "manual"
    wrong_text = tmp_path / "carl.csv"
    wrong_text.write_text("doc_id,start,end,code,text\nR1,3,26,SIG,Iets anders\n", encoding="utf-8")
    with pytest.raises(RunError, match="(?s)RK582.*carl.csv.*row 0.*Iets anders"):
        read_manual_codings(wrong_text, corpus)


def test_unknown_codes_in_manual_codings(tmp_path):
    config = small.write(tmp_path)
    gold = tmp_path / "codebook" / "gold" / "manual.csv"
    gold.write_text(gold.read_text(encoding="utf-8").replace("SIG.1", "SIG.7"), encoding="utf-8")
    with pytest.raises(RunError, match="RK582.*SIG.7"):
        run(config, progress=None)


def test_manifest_errors(tmp_path):
    with pytest.raises(RunError, match="RK583.*not found"):
        reproduce(tmp_path / "manifest.json")
    bad = tmp_path / "manifest.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(RunError, match="RK583.*not a JSON manifest"):
        reproduce(bad)
    bad.write_text('{"manifest_version": 1}', encoding="utf-8")
    with pytest.raises(RunError, match="RK583.*lacks base, parameters, inputs, outputs"):
        reproduce(bad)


# --------------------------------------------------------------------------- the demo job


def test_full_demo_job_runs(tmp_path):
    """`make demo`: the demo corpus, codebook and stored manual codings -> every output (speed: benchmarks/)."""
    result = run(ROOT / "codebook" / "demo-run.yaml", out=tmp_path / "out", progress=None)
    outputs = set(result.manifest["outputs"])
    assert {"report.docx", "report.md", "tables/frequencies.csv", "figures/white_spots.png"} <= outputs
    assert len([o for o in outputs if o.startswith("figures/")]) >= 10
    assert result.manifest["base"] != "" and not result.manifest["base"].startswith("/")
    text = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "16 interviews met 16 respondenten" in text
    assert "Henk" not in text and "Zijlstra" not in text  # the named respondent of the demo corpus stays anonymous


def test_changed_word_report_gets_a_text_diff(project, tmp_path):
    import docx

    folder, _config, _result = project
    published = tmp_path / "published"
    shutil.copytree(folder, published)
    path = published / "out" / "report.docx"
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Dit rapport is gebaseerd op"))
    paragraph.runs[0].text = "Dit rapport is gebaseerd op 400 interviews."
    document.save(str(path))
    report = reproduce(published / "out" / "manifest.json")
    status = dict(zip(report.outputs["output"], report.outputs["status"]))
    assert status["report.docx"] == "differs"
    diff = report.diffs["report.docx"]
    assert "-Dit rapport is gebaseerd op 400 interviews." in diff and "+Dit rapport is gebaseerd op 4 interviews" in diff


# --------------------------------------------------------------------------- pseudonymisation key and leak check


def _with_key(folder: pathlib.Path, entries: str, **extra) -> pathlib.Path:
    import yaml

    config = small.write(folder)
    (folder / "private").mkdir(exist_ok=True)
    (folder / "private" / "key.yaml").write_text(entries, encoding="utf-8")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data.update({"privacy_key": "private/key.yaml", **extra})
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def test_run_with_a_key_records_its_checksum_and_reproduces(tmp_path):
    from researchkit.privacy import read_key

    config = _with_key(tmp_path, "entries:\n- term: Henk Zijlstra\n- term: Piet Jansen\n", names=[])
    result = run(config, progress=None)
    key = read_key(tmp_path / "private" / "key.yaml")
    privacy = result.manifest["privacy"]
    assert privacy["key_checksum"] == key.checksum and privacy["key_entries"] == 2 and privacy["leak_check"] == "clean"
    assert result.manifest["parameters"]["privacy_key"] == "private/key.yaml"
    assert "private/key.yaml" in result.manifest["inputs"]
    assert any("no stored pseudonym" in n for n in result.notes)  # the key file is never changed by a run
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert f"sleutel {key.short_checksum}" in md and "Zijlstra" not in md
    html = (tmp_path / "out" / "transcripts.html").read_text(encoding="utf-8")
    assert "Zijlstra" not in html and "[PERSOON-1]" in html  # the coded transcripts show the pseudonymised view
    assert reproduce(tmp_path / "out" / "manifest.json").ok


def test_run_refuses_to_write_a_leak_unless_allowed(tmp_path):
    from researchkit.errors import PrivacyError

    config = _with_key(tmp_path, "entries:\n- term: Harlingen\n  kind: place\n")
    with pytest.raises(PrivacyError, match=r"(?s)RK650.*nothing was written.*report\.docx: table 1.*'Harlingen'"):
        run(config, progress=None)
    assert not (tmp_path / "out" / "report.docx").exists() and not list((tmp_path / "out").glob(".run-*"))
    config = _with_key(tmp_path, "entries:\n- term: Harlingen\n  kind: place\n", allow_unpseudonymised=True)
    result = run(config, progress=None)
    assert result.manifest["privacy"]["leak_check"].endswith("finding(s) allowed (allow_unpseudonymised)")
    assert "allow_unpseudonymised" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_key_inside_the_outputs_and_bad_privacy_options(tmp_path):
    from researchkit.errors import PrivacyError

    config = _with_key(tmp_path, "entries:\n- term: Henk Zijlstra\n", out="private")
    with pytest.raises(PrivacyError, match=r"RK579.*inside the output folder"):
        run(config, progress=None)
    with pytest.raises(RunError, match=r"RK580.*2 problem\(s\): allow_unpseudonymised must be true or false.*"
                                       r"privacy_patterns: unknown identifier pattern kind\(s\) 'fone'"):
        RunConfig.from_dict({"codebook": "c.yaml", "privacy_patterns": ["fone"], "allow_unpseudonymised": "ja"})
    assert RunConfig.from_dict({"codebook": "c.yaml", "privacy_patterns": ["phone", "email"]}).privacy_patterns == "phone,email"


def test_names_in_the_configuration_would_leak_through_the_manifest(tmp_path):
    from researchkit.errors import PrivacyError

    config = _with_key(tmp_path, "entries:\n- term: Piet Jansen\n")  # small.write lists names: [Piet Jansen]
    with pytest.raises(PrivacyError, match=r"(?s)RK650.*manifest.json \(parameters\): line \d+:\d+: person 'Piet Jansen'"
                                           r".*names_file: or the key"):
        run(config, progress=None)


def test_cli_allow_unpseudonymised_flag(tmp_path, capsys):
    from researchkit.cli import main

    config = _with_key(tmp_path, "entries:\n- term: Harlingen\n  kind: place\n")
    assert main(["run", str(config), "-q"]) == 2
    assert "RK650" in capsys.readouterr().err and not (tmp_path / "out" / "report.docx").exists()
    assert main(["run", str(config), "-q", "--allow-unpseudonymised"]) == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["allow_unpseudonymised"] is True


def test_run_reports_reviewed_codings_only_by_default_and_states_the_rules_quality(tmp_path):
    """Issue 16.3: unreviewed rule suggestions do not count unless asked; the method says how good the rules are."""
    import yaml

    config = small.write(tmp_path)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    del data["report"]["suggestions"]  # the job's default: exclude
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run(config, progress=None)
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "niet beoordeelde suggesties tellen niet mee" in md
    assert re.search(r"vinden de zoekregels \d+% van wat een codeur codeert \(recall\) en klopt \d+% van hun suggesties", md)
    assert "Inclusief niet beoordeelde" not in md
    assert result.manifest["parameters"]["report"]["suggestions"] == "exclude"


def test_the_job_hands_every_frozen_object_back_to_the_collector(project, tmp_path):
    """run() freezes survivors between stages (cheaper full collections) and unfreezes them at
    the end, also when a stage fails; a caller's own freeze is neither undone nor added to."""
    import gc

    from researchkit.heap import survivors_frozen

    _folder, config, _result = project
    assert gc.get_freeze_count() == 0
    run(config, out=tmp_path / "out", progress=None)
    assert gc.get_freeze_count() == 0
    with pytest.raises(ZeroDivisionError):
        with survivors_frozen() as between_stages:
            between_stages()
            assert gc.get_freeze_count() > 0
            1 / 0
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        kept = [object() for _ in range(10)]  # made after the caller froze: must stay collectable
        with survivors_frozen() as between_stages:
            between_stages()
            assert gc.get_freeze_count() == mine
        assert gc.get_freeze_count() == mine and kept
    finally:
        gc.unfreeze()
