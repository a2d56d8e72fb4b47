"""researchkit.run.publish: all-or-nothing publishing, stale staging, leak-checked input paths.

A second run is killed (SIGKILL) at each point of its publish; ``out/`` must then hold the
old or the new complete set, never a mixture, and the next run removes the staging left behind.
"""

import doctest
import importlib.util
import json
import os
import pathlib
import subprocess
import sys

import pytest
import yaml

import researchkit.run.publish as publish_module
from researchkit.errors import PrivacyError
from researchkit.run import file_sha256, run
from researchkit.run.publish import publish, recover, remove_stale, staging_folder

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)

# The child run: patches the exchange (or the fallback renames) to die at one point.
CHILD = r"""
import os, signal, sys
import researchkit.run.publish as pub
from researchkit.run import run

config, point = sys.argv[1], sys.argv[2]
real_exchange, real_rename = pub._exchange, os.rename

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def exchange(a, b):
    if point == "before-swap":
        die()
    if point == "between-renames":
        raise OSError(38, "pretend renameat2 is missing")
    real_exchange(a, b)
    if point == "after-swap":
        die()

def rename(a, b):
    real_rename(a, b)
    if point == "between-renames" and ".out.old-" in str(b):
        die()

pub._exchange = exchange
pub.os.rename = rename
run(config, progress=None)
"""


def test_docstring_examples():
    result = doctest.testmod(publish_module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def _complete_set(out: pathlib.Path) -> dict:
    """The manifest of ``out`` after checking that every listed output is there with its hash, and nothing else of the job."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name, digest in manifest["outputs"].items():
        assert file_sha256(out / name) == digest, name
    job_files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json", "mine.txt"}
    assert job_files == set(manifest["outputs"])
    return manifest


@pytest.fixture
def study(tmp_path):
    config = small.write(tmp_path)
    first = run(config, progress=None)
    (tmp_path / "out" / "mine.txt").write_text("the researcher's own file", encoding="utf-8")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["report"]["title"] = "Tweede versie"
    second = tmp_path / "codebook" / "run2.yaml"
    second.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path, first.manifest, second


@pytest.mark.parametrize("point", ["before-swap", "after-swap", "between-renames"])
def test_killed_publish_leaves_the_old_or_the_new_complete_set(study, point):
    folder, old_manifest, second = study
    out = folder / "out"
    child = subprocess.run([sys.executable, "-c", CHILD, str(second), point], capture_output=True, text=True, timeout=600)
    assert child.returncode == -9, child.stderr
    if point == "between-renames":
        assert not out.exists()  # killed between the two renames of the fallback: the old set waits aside
        assert recover(out)
    manifest = _complete_set(out)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "the researcher's own file"
    expected_old = point != "after-swap"
    assert (manifest == old_manifest) is expected_old
    assert ("Tweede versie" in (out / "report.md").read_text(encoding="utf-8")) is not expected_old
    left = [p.name for p in folder.iterdir() if p.name.startswith(".out.")]
    if point != "between-renames":
        assert left  # the killed run's staging folder stays behind ...
    result = run(second, progress=None)  # ... until the next run removes it
    assert not [p for p in folder.iterdir() if p.name.startswith(".out.")]
    assert _complete_set(out) == result.manifest and (out / "mine.txt").exists()


def test_stale_staging_of_older_versions_is_removed(tmp_path):
    out = tmp_path / "out"
    (out / ".run-abc123").mkdir(parents=True)
    (out / ".run-abc123" / "report.md").write_text("unchecked", encoding="utf-8")
    (tmp_path / ".out.run-xyz").mkdir()
    removed = remove_stale(out)
    assert sorted(p.name for p in removed) == [".out.run-xyz", ".run-abc123"]
    assert list(out.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["out"]


def test_staging_keeps_the_mode_of_the_output_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir(mode=0o750)
    os.chmod(out, 0o750)
    stage = staging_folder(out)
    (stage / "a.txt").write_text("x", encoding="utf-8")
    publish(stage, out, keep_inputs=[])
    assert (out.stat().st_mode & 0o777) == 0o750 and (out / "a.txt").exists()


def test_folder_holding_the_inputs_is_published_file_by_file(tmp_path):
    out = tmp_path / "study"
    (out / "transcripts").mkdir(parents=True)
    source = out / "transcripts" / "R1.txt"
    source.write_text("input", encoding="utf-8")
    (out / "manifest.json").write_text("{}", encoding="utf-8")
    stage = staging_folder(out)
    (stage / "report.md").write_text("new", encoding="utf-8")
    (stage / "manifest.json").write_text('{"outputs": {}}', encoding="utf-8")
    publish(stage, out, keep_inputs=[source])
    assert source.read_text(encoding="utf-8") == "input" and (out / "report.md").read_text(encoding="utf-8") == "new"
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == {"outputs": {}}
    assert not stage.exists()


def test_input_file_names_in_the_manifest_are_leak_checked(tmp_path):
    config = small.write(tmp_path)
    # a coder's file named after a respondent: the glob in the configuration is harmless, the file name is not
    (tmp_path / "codebook" / "gold" / "Henk Zijlstra.csv").write_text("doc_id,start,end,code\n", encoding="utf-8")
    key = tmp_path / "private" / "key.yaml"
    key.parent.mkdir()
    key.write_text("entries:\n- term: Henk Zijlstra\n  kind: person\n", encoding="utf-8")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["privacy_key"] = "private/key.yaml"
    data["names"] = []
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PrivacyError, match=r"(?s)RK650.*manifest.json \(input paths\).*Henk Zijlstra.*rename input files"):
        run(config, progress=None)
    assert not (tmp_path / "out").exists()
