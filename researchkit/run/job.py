"""The main job: walk the stages (:data:`researchkit.run.stages.STAGES`), then publish.

Examples
--------
>>> RunResult(out=Path("out"), manifest={}, timings={"a": 1.0, "b": 0.5}).seconds
1.5
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from researchkit.errors import RunError
from researchkit.heap import survivors_frozen
from researchkit.run.config import RunConfig, load_config
from researchkit.run.inputs import _input_files
from researchkit.run.publish import publish, remove_stale, staging_folder
from researchkit.run.stages import STAGES, Job, check_inputs

__all__ = ["RunResult", "run"]


@dataclass
class RunResult:
    """What :func:`run` did.

    Attributes
    ----------
    out
        The output folder.
    manifest
        The manifest (also written to ``out/manifest.json``).
    timings
        Seconds per stage (not in the manifest: they differ between runs).
    notes
        Remarks for the researcher (chapters left out, skipped outputs).
    warnings
        The notes that ask the researcher to act (manual codings without pinned passages).
    """

    out: Path
    manifest: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Total seconds."""
        return sum(self.timings.values())


def _old_outputs(out_dir: Path) -> list[str]:
    """The outputs listed by the manifest already in ``out_dir`` (none when it is absent or unreadable)."""
    try:
        return list(json.loads((out_dir / "manifest.json").read_text(encoding="utf-8")).get("outputs", {}))
    except (OSError, ValueError, AttributeError):
        return []


def _walk(job: Job, say: Callable[[str], None], timings: dict[str, float]) -> None:
    # what each stage leaves alive is frozen before the next starts (cheaper full collections)
    with survivors_frozen() as between_stages:
        for stage in STAGES:
            between_stages()
            _run_stage(job, stage, say, timings)


def _run_stage(job: Job, stage: Any, say: Callable[[str], None], timings: dict[str, float]) -> None:
    missing = [name for name in stage.needs if not job.has(name)]
    if missing:  # a programming error in the stage list, not a user error
        raise RuntimeError(f"stage {stage.name!r} needs {', '.join(missing)}, which no earlier stage made")
    started = time.perf_counter()
    detail = stage.func(job)
    if detail is None:
        return
    timings[stage.name] = time.perf_counter() - started
    say(f"  {stage.name:<12} {detail} ({timings[stage.name]:.1f} s)")


def run(
    config: RunConfig | str | os.PathLike,
    *,
    out: str | os.PathLike | None = None,
    progress: Callable[[str], None] | None = print,
) -> RunResult:
    """Run the main job: transcripts, codebook and manual codings -> report, tables, HTML, manifest.

    The stages (:data:`researchkit.run.stages.STAGES`) write into a staging folder beside
    the output folder; after the leak check the complete set, manifest included, replaces
    the output folder in one step (:mod:`researchkit.run.publish`).

    Parameters
    ----------
    config
        A :class:`RunConfig` or the path of a YAML configuration.
    out
        Output folder; default the configuration's ``out`` (relative to its base).
    progress
        Called with one line per stage (default ``print``); ``None`` for silence.

    Returns
    -------
    RunResult

    Raises
    ------
    RunError
        ``RK581`` an input file is missing, ``RK582`` manual codings do not fit;
        errors of the stages (ingestion, codebook, report, leak check) pass through unchanged.

    Examples
    --------
    >>> result = run("codebook/demo-run.yaml", out="/tmp/rk-demo")  # doctest: +SKIP
    >>> sorted(result.manifest["outputs"])[:2]  # doctest: +SKIP
    ['figures/information_position.png', 'figures/theme_AANB.png']
    """
    import researchkit

    if not isinstance(config, RunConfig):
        config = load_config(config)
    say = progress or (lambda _line: None)
    out_dir = Path(out) if out is not None else config.path(config.out)
    if out_dir.exists() and not out_dir.is_dir():
        raise RunError("RK581", f"{out_dir}: the output folder is a file", hint="give a folder with --out or 'out:'")
    check_inputs(config)
    say(f"researchkit {researchkit.__version__}: run -> {out_dir}")
    timings: dict[str, float] = {}
    job = Job(config=config, out_dir=out_dir)
    removed = remove_stale(out_dir)
    if removed:
        job.notes.append(f"removed {len(removed)} staging folder(s) left by an interrupted run")
    job.staging = staging_folder(out_dir)
    try:
        _walk(job, say, timings)
        publish(job.staging, out_dir, keep_inputs=_input_files(config), old_outputs=_old_outputs(out_dir))
    finally:
        if job.staging.exists():
            shutil.rmtree(job.staging, ignore_errors=True)
    outputs = job.manifest["outputs"]
    say(f"done in {sum(timings.values()):.1f} s: {len(outputs)} outputs and manifest.json in {out_dir}")
    for note in job.notes:
        say(f"  {'warning' if note in job.warnings else 'note'}: {note}")
    return RunResult(out=out_dir, manifest=job.manifest, timings=timings, notes=job.notes, warnings=job.warnings)
