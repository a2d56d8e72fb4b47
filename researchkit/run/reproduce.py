"""Reproduction: rerun the job recorded in a manifest and compare every output, with diffs.

Examples
--------
>>> print(_text_diff(b"a\\nb\\n", b"a\\nc\\n", "x.md").splitlines()[-2:])
['-b', '+c']
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from researchkit.errors import RunError
from researchkit.run.config import MANIFEST_VERSION, RunConfig
from researchkit.run.inputs import _input_files, file_sha256, versions

@dataclass
class ReproductionReport:
    """The result of :func:`reproduce`.

    Attributes
    ----------
    outputs
        One row per output: ``output``, ``status`` (``identical``, ``differs``,
        ``missing`` in the published folder, ``not reproduced``, ``new``), ``detail``.
    inputs
        One row per input whose hash changed or that is missing.
    diffs
        Output -> readable diff (CSV tables and Markdown) between the published file and
        the reproduced one.
    versions
        Library versions that differ from the manifest: name -> (manifest, now).
    """

    outputs: pd.DataFrame
    inputs: pd.DataFrame
    diffs: dict[str, str]
    versions: dict[str, tuple[str, str]]

    @property
    def ok(self) -> bool:
        """``True`` when every output is identical."""
        return bool((self.outputs["status"] == "identical").all())

    def __str__(self) -> str:
        lines = []
        for name, (then, now) in self.versions.items():
            lines.append(f"version  {name}: {then} in the manifest, {now} now")
        for row in self.inputs.itertuples(index=False):
            lines.append(f"input    {row.status:<14} {row.input}")
        width = max([len(o) for o in self.outputs["output"]] + [10])
        for row in self.outputs.itertuples(index=False):
            lines.append(f"{row.output:<{width}}  {row.status}" + (f"  ({row.detail})" if row.detail else ""))
        for name, diff in self.diffs.items():
            lines.append("")
            lines.append(f"--- diff of {name} (published -> reproduced) ---")
            lines.append(diff.rstrip("\n"))
        n_same = int((self.outputs["status"] == "identical").sum())
        lines.append("")
        lines.append(f"{n_same} of {len(self.outputs)} outputs identical" + ("" if self.ok else "; NOT reproduced"))
        return "\n".join(lines)


def _load_manifest(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise RunError("RK583", f"{path}: manifest not found", hint="run 'researchkit run' first; it writes out/manifest.json")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RunError("RK583", f"{path}: not a JSON manifest ({exc})", hint="restore the manifest written by 'researchkit run'") from None
    missing = [k for k in ("manifest_version", "base", "parameters", "inputs", "outputs") if k not in manifest]
    if missing:
        raise RunError("RK583", f"{path}: manifest lacks {', '.join(missing)}", hint="restore the manifest written by 'researchkit run'")
    if manifest["manifest_version"] != MANIFEST_VERSION:
        raise RunError("RK583", f"{path}: manifest version {manifest['manifest_version']!r} is not {MANIFEST_VERSION}",
                       hint="reproduce it with the researchkit version that wrote it (see its 'versions')")
    return manifest


def _text_diff(published: bytes, reproduced: bytes, name: str, *, limit: int = 60) -> str:
    a = published.decode("utf-8", errors="replace").splitlines(keepends=True)
    b = reproduced.decode("utf-8", errors="replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, fromfile=f"published/{name}", tofile=f"reproduced/{name}", n=1))
    if len(lines) > limit:
        lines = lines[:limit] + [f"... {len(lines) - limit} more diff lines\n"]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _docx_lines(data: bytes) -> bytes:
    """The visible text of a Word file, one paragraph or table row a line (for a readable diff)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter("{*}t")))
        elif tag == "tbl":
            for row in child.iter("{*}tr"):
                cells = ["".join(t.text or "" for t in cell.iter("{*}t")) for cell in row.iter("{*}tc")]
                lines.append(" | ".join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _csv_diff(published: bytes, reproduced: bytes, name: str) -> str:
    """Cell-level differences of two CSV tables (pandas ``compare``), else a line diff."""
    try:
        a = pd.read_csv(io.BytesIO(published), dtype=str, keep_default_na=False)
        b = pd.read_csv(io.BytesIO(reproduced), dtype=str, keep_default_na=False)
    except Exception:  # not a clean CSV any more: show the lines
        return _text_diff(published, reproduced, name)
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        head = (f"columns: published {list(a.columns)}, reproduced {list(b.columns)}\n" if list(a.columns) != list(b.columns)
                else f"rows: published {len(a)}, reproduced {len(b)}\n")
        return head + _text_diff(published, reproduced, name)
    compared = a.compare(b, result_names=("published", "reproduced"))
    if compared.empty:
        return _text_diff(published, reproduced, name)
    compared.index = [f"row {i + 2}" for i in compared.index]  # line numbers in the file (header is line 1)
    return compared.to_string() + "\n"


def _output_diff(old_bytes: bytes, new_bytes: bytes, name: str) -> str | None:
    """A readable diff of a published and a reproduced output (``None`` for binary formats)."""
    if name.endswith(".csv"):
        return _csv_diff(old_bytes, new_bytes, name)
    if name.endswith((".md", ".json", ".txt")):
        return _text_diff(old_bytes, new_bytes, name)
    if name.endswith(".docx"):
        try:
            text_diff = _text_diff(_docx_lines(old_bytes), _docx_lines(new_bytes), name)
        except Exception as exc:  # a damaged published file: say so instead of a diff
            text_diff = f"cannot read the published file as Word ({type(exc).__name__})\n"
        return text_diff or "the text is the same; the difference is in layout, styles or metadata\n"
    return None


def _compare_output(name: str, expected: dict[str, str], produced: dict[str, str], published_dir: Path,
                    target: Path) -> tuple[dict[str, str], str | None]:
    """One output's verdict (``identical``, ``differs``, ``missing``, ``new``, ``not reproduced``) and diff."""
    published = published_dir / name
    if name not in produced:
        return {"output": name, "status": "not reproduced", "detail": "the rerun did not make it"}, None
    if name not in expected:
        return {"output": name, "status": "new", "detail": "not in the manifest"}, None
    new_hash = produced[name]
    if not published.is_file():
        same = new_hash == expected[name]
        return {"output": name, "status": "missing",
                "detail": "published file absent; rerun " + ("matches" if same else "differs from") + " the manifest"}, None
    old_bytes = published.read_bytes()
    old_hash = hashlib.sha256(old_bytes).hexdigest()
    if new_hash == expected[name] == old_hash:
        return {"output": name, "status": "identical", "detail": ""}, None
    if old_hash != expected[name] and new_hash == expected[name]:
        detail = "published file was changed after the run"
    elif old_hash == expected[name]:
        detail = "the rerun gives a different result"
    else:
        detail = "published file and rerun both differ from the manifest"
    new_bytes = (target / name).read_bytes()
    return {"output": name, "status": "differs", "detail": detail}, _output_diff(old_bytes, new_bytes, name)


def reproduce(
    manifest: str | os.PathLike,
    *,
    workdir: str | os.PathLike | None = None,
    progress: Callable[[str], None] | None = None,
    project: str | None = None,
) -> ReproductionReport:
    """Rerun the job recorded in ``manifest`` and compare every output.

    The job runs from the recorded inputs (found via the manifest's relative ``base``)
    with the recorded parameters into a temporary folder. Each output is compared with
    the published file next to the manifest and with the hash in the manifest.

    Parameters
    ----------
    manifest
        ``out/manifest.json``.
    workdir
        Folder for the rerun (kept); default a temporary folder that is removed.
    progress
        Called with the progress lines of the rerun.
    project
        The database URL of the manifest's project, with its password (``--project``).
        The manifest never records a password; without this option the rerun takes it
        from ``RESEARCHKIT_DB_PASSWORD``, ``PGPASSWORD`` or ``~/.pgpass``
        (:func:`researchkit.run.project_source.reconnect`).

    Returns
    -------
    ReproductionReport
        Print it for the per-output verdicts and diffs; ``.ok`` says whether all are identical.

    Raises
    ------
    RunError
        ``RK583`` when the manifest is missing or malformed; ``RK537`` when the manifest's
        database project needs a password that none of the sources above gives.

    Examples
    --------
    >>> report = reproduce("out/manifest.json")  # doctest: +SKIP
    >>> print(report)  # doctest: +SKIP
    report.docx                       identical
    tables/theme_SIG.csv              differs  (published file was changed after the run)
    ...
    >>> report.ok  # doctest: +SKIP
    False
    """
    from researchkit.run.publish import recover

    manifest_path = Path(manifest)
    recover(manifest_path.parent)  # a publish interrupted between its two renames
    recorded = _load_manifest(manifest_path)
    published_dir = manifest_path.parent
    base = published_dir / recorded["base"]
    from researchkit.run.project_source import reconnect

    parameters = dict(recorded["parameters"])
    parameters["project"] = reconnect(parameters.get("project"), project=project)
    config = RunConfig.from_dict(parameters, base=base, source=str(manifest_path))
    input_rows = []
    for rel, digest in sorted(recorded["inputs"].items()):
        p = base / rel
        if not p.is_file():
            input_rows.append({"input": rel, "status": "missing"})
        elif file_sha256(p) != digest:
            input_rows.append({"input": rel, "status": "changed"})
    now = versions()
    version_diffs = {k: (v, now.get(k, "not installed")) for k, v in recorded.get("versions", {}).items() if now.get(k) != v}
    cleanup = workdir is None
    target = Path(workdir) if workdir is not None else Path(tempfile.mkdtemp(prefix="researchkit-reproduce-"))
    try:
        from researchkit.run.job import run

        result = run(config, out=target, progress=progress)
        current = {p.relative_to(base).as_posix() for p in _input_files(config) if p.exists()}
        digest = recorded.get("project", {}).get("digest")
        if digest and result.manifest.get("project", {}).get("digest") != digest:
            input_rows.append({"input": f"project {config.project_display()}", "status": "changed"})
        for rel in sorted(current - set(recorded["inputs"])):
            input_rows.append({"input": rel, "status": "new"})
        rows, diffs = [], {}
        expected, produced = recorded["outputs"], result.manifest["outputs"]
        for name in sorted(set(expected) | set(produced)):
            row, diff = _compare_output(name, expected, produced, published_dir, target)
            rows.append(row)
            if diff is not None:
                diffs[name] = diff
        return ReproductionReport(
            outputs=pd.DataFrame(rows, columns=["output", "status", "detail"]),
            inputs=pd.DataFrame(input_rows, columns=["input", "status"]),
            diffs=diffs,
            versions=version_diffs,
        )
    finally:
        if cleanup:
            shutil.rmtree(target, ignore_errors=True)
