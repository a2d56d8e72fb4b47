"""`researchkit run` with a project as its coding source (``project:`` in the run configuration).

A real project is made on SQLite (always) and on PostgreSQL when ``RESEARCHKIT_TEST_PG_URL``
names a server (with ``RESEARCHKIT_REQUIRE_PG=1`` a missing server fails the test, as in
tests/test_project/conftest.py): documents, codebook, rule suggestions, manual codings
and review decisions; the run reports human and reviewed codings and states the share
of suggestions reviewed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import secrets

import pytest
import yaml

from researchkit.errors import RunError
from researchkit.run import reproduce, run

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)

PG_URL = os.environ.get("RESEARCHKIT_TEST_PG_URL", "").strip()
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL or os.environ.get("RESEARCHKIT_REQUIRE_PG") == "1" else [])


@pytest.fixture
def target(request, tmp_path):
    """Where the test's project lives: a SQLite file, or a fresh PostgreSQL database (dropped afterwards)."""
    if request.param == "sqlite":
        yield str(tmp_path / "study.rkp")
        return
    if not PG_URL:
        pytest.fail("RESEARCHKIT_REQUIRE_PG=1 but RESEARCHKIT_TEST_PG_URL is not set")
    import sqlalchemy as sa

    base = sa.make_url(PG_URL)
    name = f"rk_test_run_{os.getpid()}_{secrets.token_hex(4)}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _make_project(target: str) -> dict:
    """A project with the small corpus, its codebook, rule suggestions, manual codings and some reviews."""
    from researchkit import autocode
    from researchkit.project import Project

    corpus, codebook = small.corpus(), small.codebook()
    p = Project.create(target, user="anna")
    try:
        p.add_documents(corpus)
        p.set_codebook(codebook)
        rules = autocode(corpus, codebook, unit="sentence", roles=["respondent"])
        p.add_codings(rules, coder="rules")
        manual = small.manual_codings(corpus)
        p.add_codings(manual[manual["coder"] == "anna"].drop(columns=["text"]), coder="anna")
        suggestions = p.suggestions(reviewer="anna")
        half = len(suggestions) // 2
        p.review(suggestions.iloc[:half], decision="accept", coder="anna")
        p.review(suggestions.iloc[half:half + 2], decision="reject", coder="anna")
        return {"suggestions": len(suggestions), "accepted": half, "rejected": 2}
    finally:
        p.close()


def _config(folder: pathlib.Path, project: str, **report) -> pathlib.Path:
    config = {"project": project, "report": {"title": "Project", "date": "2026-04-01", "dpi": 40,
                                              "reidentification": "off", **report}, "out": "out"}
    path = folder / "run.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("target", BACKENDS, indirect=True)
def test_run_reads_a_project_and_states_the_share_reviewed(target, tmp_path):
    backend = "postgresql" if "://" in target else "sqlite"
    made = _make_project(target)
    assert made["suggestions"] > 4
    result = run(_config(tmp_path, "study.rkp" if backend == "sqlite" else target), progress=None)
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    reviewed = made["accepted"] + made["rejected"]
    share = round(100 * reviewed / made["suggestions"])
    assert (f"Van de {made['suggestions']} suggesties van de zoekregels is {share}% beoordeeld ({reviewed}): "
            f"{made['accepted']} overgenomen en {made['rejected']} verworpen") in md
    assert "niet beoordeelde suggesties tellen niet mee" in md
    manifest = result.manifest
    assert manifest["project"]["review"] == {"suggestions": made["suggestions"], "reviewed": reviewed,
                                             "accepted": made["accepted"], "rejected": made["rejected"]}
    assert len(manifest["project"]["digest"]) == 64
    # only human codings count: the frequencies table holds anna's codings plus her accepted suggestions
    freq = (tmp_path / "out" / "tables" / "frequencies.csv").read_text(encoding="utf-8")
    assert freq.startswith("code,name")
    if backend == "sqlite":
        assert manifest["parameters"]["project"] == "study.rkp"
        assert "study.rkp" in manifest["inputs"]
        assert reproduce(tmp_path / "out" / "manifest.json").ok
    else:
        import sqlalchemy as sa

        url = sa.make_url(target)
        assert manifest["parameters"]["project"] == url.render_as_string(hide_password=True)
        if url.password:
            assert f":{url.password}@" not in json.dumps(manifest)


@pytest.mark.parametrize("target", [b for b in BACKENDS if b == "postgresql"], indirect=True)
def test_reproduce_a_postgresql_project(target, tmp_path, monkeypatch, capsys):
    """The manifest hides the password; reproduce takes it from the environment or --project."""
    import sqlalchemy as sa

    from researchkit.cli import main

    url = sa.make_url(target)
    assert url.password, "the test server URL must carry a password (RESEARCHKIT_TEST_PG_URL)"
    _make_project(target)
    run(_config(tmp_path, target), progress=None)
    manifest = tmp_path / "out" / "manifest.json"
    assert url.password not in manifest.read_text(encoding="utf-8").replace(url.username or "", "")
    for name in ("RESEARCHKIT_DB_PASSWORD", "PGPASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    with pytest.raises(RunError, match=r"RK537.*does not hold the database password.*RESEARCHKIT_DB_PASSWORD"):
        reproduce(manifest)
    monkeypatch.setenv("RESEARCHKIT_DB_PASSWORD", url.password)
    report = reproduce(manifest)
    assert report.ok, str(report)
    assert len(report.inputs) == 0
    monkeypatch.delenv("RESEARCHKIT_DB_PASSWORD")
    monkeypatch.setenv("PGPASSWORD", url.password)  # libpq's own variable, honoured by psycopg
    assert reproduce(manifest).ok
    monkeypatch.delenv("PGPASSWORD")
    assert main(["reproduce", str(manifest), "--project", target]) == 0
    assert "outputs identical" in capsys.readouterr().out
    other = url.set(database=url.database + "_other").render_as_string(hide_password=False)
    with pytest.raises(RunError, match=r"RK537.*is not the project of the manifest"):
        reproduce(manifest, project=other)


def test_including_suggestions_labels_them(tmp_path):
    _make_project(str(tmp_path / "study.rkp"))
    run(_config(tmp_path, "study.rkp", suggestions="include"), progress=None)
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "niet beoordeelde suggesties van de zoekregels tellen mee" in md
    assert "Inclusief niet beoordeelde suggesties" in md


def test_project_errors(tmp_path):
    with pytest.raises(RunError, match=r"RK581.*project not found"):
        run(_config(tmp_path, "missing.rkp"), progress=None)
    from researchkit.project import Project

    Project.create(tmp_path / "empty.rkp").close()
    with pytest.raises(RunError, match=r"RK535.*no documents"):
        run(_config(tmp_path, "empty.rkp"), progress=None)
    p = Project.create(tmp_path / "nocb.rkp")
    p.add_documents(small.corpus())
    p.close()
    with pytest.raises(RunError, match=r"RK535.*no codebook"):
        run(_config(tmp_path, "nocb.rkp"), progress=None)
    assert not (tmp_path / "out").exists()
