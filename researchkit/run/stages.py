"""The stages of the main job: each a small function from named inputs to named outputs.

:data:`STAGES` lists them in order; :func:`researchkit.run.run` walks the list, checks
that each stage finds the inputs it ``needs`` and leaves the outputs it ``makes``, times
it and prints its progress line. A stage returns its progress detail, or ``None`` when it
had nothing to do (no line, no timing).

Examples
--------
>>> [s.name for s in STAGES][:3]
['transcripts', 'codebook', 'autocode']
>>> stage_named("analysis").makes
('inputs', 'content')
"""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from researchkit.errors import PrivacyError, RunError
from researchkit.run.config import MANIFEST_VERSION, RunConfig
from researchkit.run.inputs import (
    _input_files,
    _relative,
    _write_csv,
    file_sha256,
    read_front_matter,
    read_manual_codings,
    versions,
)

__all__ = ["Job", "Stage", "STAGES", "stage_named", "check_inputs", "build_manifest"]


@dataclass
class Job:
    """The state a run passes from stage to stage (each stage reads and sets named fields).

    Attributes
    ----------
    config, out_dir, staging
        The configuration, the output folder and the staging folder the outputs are written to.
    notes
        Remarks for the researcher, collected by the stages.
    warnings
        The notes that ask the researcher to act (also in ``notes``; the command line shows them as warnings).
    corpus, codebook, codings
        The transcripts, the codebook, and every coding (rules and stored manual codings).
    names, key
        Names to pseudonymise and the privacy key (or ``None``).
    source
        The project read as the source (:class:`researchkit.run.project_source.ProjectSource`), or ``None``.
    inputs, content
        The report inputs and the report content.
    leak_check, manifest
        The leak-check verdict and the manifest (written last into the staging folder).
    """

    config: RunConfig
    out_dir: Path
    staging: Path | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    corpus: Any = None
    codebook: Any = None
    frames: list[pd.DataFrame] = field(default_factory=list)
    codings: pd.DataFrame | None = None
    names: list[str] | None = None
    key: Any = None
    key_read: bool = False
    source: Any = None
    inputs: Any = None
    content: Any = None
    leak_check: str | None = None
    manifest: dict[str, Any] | None = None

    def has(self, name: str) -> bool:
        """Whether a stage has set ``name`` (``key`` counts once the key stage ran)."""
        if name == "key":
            return self.key_read
        return getattr(self, name) is not None


@dataclass(frozen=True)
class Stage:
    """One named step of the job: ``func(job)`` reads ``needs`` and sets ``makes``."""

    name: str
    func: Callable[[Job], str | None]
    needs: tuple[str, ...] = ()
    makes: tuple[str, ...] = ()


def check_inputs(config: RunConfig) -> None:
    """Every input file named in the configuration exists (``RK581`` names the first missing one).

    Examples
    --------
    >>> check_inputs(RunConfig.from_dict({"codebook": "nope.yaml"}, base="/nonexistent"))
    Traceback (most recent call last):
    ...
    researchkit.errors.RunError: [RK581] transcripts: transcripts not found (looked in /nonexistent). What to do: check 'transcripts' in <dict>.
    """
    if config.project:
        target = config.project_target()
        if isinstance(target, Path) and not target.is_file():
            raise RunError("RK581", f"{config.project}: project not found (looked in {config.base})",
                           hint=f"check 'project' in {config.source}")
    for key in (("codebook",) if config.project else ("transcripts", "codebook")):
        if getattr(config, key) is None:
            continue
        p = config.path(getattr(config, key))
        if not p.exists():
            raise RunError("RK581", f"{getattr(config, key)}: {key} not found (looked in {config.base})",
                           hint=f"check '{key}' in {config.source}")
    for rel in [config.attributes, config.names_file, config.report.get("template"), config.privacy_key, config.report.get("quotes"),
                *[m for m in config.manual_codings if not any(ch in m for ch in "*?[")]]:
        if rel and not config.path(rel).exists():
            raise RunError("RK581", f"{rel}: input file not found (looked in {config.base})", hint=f"check {config.source}")


def read_transcripts(job: Job) -> str:
    """transcripts folder + attributes (or the project) -> ``corpus``."""
    from researchkit.io import read_corpus

    config = job.config
    if config.project:
        from researchkit.run.project_source import read_project

        job.source = read_project(config.project_target(), display=config.project_display(),
                                  with_codebook=config.codebook is None)
        job.corpus = job.source.corpus
        if config.attributes:
            job.notes.append(f"attributes: {config.attributes} is not read; the project's document attributes are used")
        if config.speakers:
            from researchkit.io.attributes import join_speaker_attributes

            if job.corpus.speaker_attributes is not None:  # the sheet wins over what the project stores
                job.notes.append(f"speakers: {config.speakers} is used; the project's stored speaker attributes "
                                 f"({len(job.corpus.speaker_attributes)} speakers) are not")
            job.corpus = join_speaker_attributes(job.corpus, config.path(config.speakers))
        return f"{len(job.corpus)} documents, {job.corpus.n_words} words (project {job.source.location})"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        job.corpus = read_corpus(config.path(config.transcripts), attributes=config.path(config.attributes),
                                 labels=config.labels or None, recursive=config.recursive,
                                 speakers=config.path(config.speakers))
    return f"{len(job.corpus)} documents, {job.corpus.n_words} words"


def read_codebook(job: Job) -> str:
    """codebook YAML (or the project's codebook) -> ``codebook``."""
    from researchkit.codebook import Codebook

    if job.config.codebook is None:
        job.codebook = job.source.codebook
        return f"{len(job.codebook)} codes (project)"
    job.codebook = Codebook.load(job.config.path(job.config.codebook))
    return f"{len(job.codebook)} codes"


def autocode_stage(job: Job) -> str | None:
    """``corpus`` + ``codebook`` -> the rules' codings (appended to ``frames``)."""
    config = job.config
    if config.autocode is False:
        return None
    from researchkit.autocode import autocode

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rules = autocode(job.corpus, job.codebook, unit=config.autocode.get("unit", "sentence"),
                         roles=config.autocode.get("roles", ["respondent"]))
    job.notes.extend(f"autocode: {w.message}" for w in caught)
    stored = 0
    if job.source is not None:
        rules, stored = without_stored_suggestions(rules, job.source.codings)
    job.frames.append(rules)
    if stored:
        job.notes.append(f"autocode: {stored} of the rules' codings are stored in the project already (with any review "
                         "decisions on them) and count once")
        return f"{len(rules) + stored} codings by rules, {stored} of them stored in the project"
    return f"{len(rules)} codings by rules"


def without_stored_suggestions(rules: pd.DataFrame, stored: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The rules' codings that the project does not hold yet as a rules coding (same passage and code), and how many it does.

    A project coded in the notebook holds the rules' suggestions with the decisions on them;
    the run's own auto-coding finds the same ones again, and they must not count twice.

    Examples
    --------
    >>> fresh = pd.DataFrame({"doc_id": ["R1", "R1"], "start": [0, 9], "end": [5, 14], "code": ["A", "A"], "source": "rules"})
    >>> kept, n = without_stored_suggestions(fresh, fresh.iloc[:1])
    >>> kept["start"].tolist(), n
    ([9], 1)
    """
    keys = ["doc_id", "start", "end", "code"]
    if not len(rules) or not len(stored) or "source" not in stored.columns:
        return rules, 0
    held = stored.loc[stored["source"].astype(str) == "rules", keys].drop_duplicates()
    held = held.astype({"doc_id": str, "code": str, "start": "int64", "end": "int64"})
    probe = rules[keys].astype({"doc_id": str, "code": str, "start": "int64", "end": "int64"})
    seen = probe.merge(held, on=keys, how="left", indicator=True)["_merge"].eq("both").to_numpy()
    return rules[~seen].reset_index(drop=True), int(seen.sum())


def manual_stage(job: Job) -> str | None:
    """Stored manual codings (CSV) -> appended to ``frames``; then every frame -> ``codings``."""
    from researchkit.codings import CODING_COLUMNS

    config = job.config
    manual_count = 0
    if job.source is not None:
        stored = job.source.codings
        unknown = sorted(set(stored["code"].astype(str)) - set(job.codebook.ids))
        if unknown:
            raise RunError("RK582", f"{job.source.location}: codes not in the codebook: {', '.join(unknown[:15])}",
                           hint="name the project's own codebook (leave out 'codebook:'), or merge those codes in the project")
        job.frames.append(stored[list(CODING_COLUMNS) + [c for c in ("unit",) if c in stored.columns]])
    manual_files = config.manual_files()
    for path in manual_files:
        rel = _relative(path, config.base)
        manual = read_manual_codings(path, job.corpus, name=rel)
        unknown = sorted(set(manual["code"]) - set(job.codebook.ids))
        if unknown:
            raise RunError("RK582", f"{rel}: codes not in the codebook: {', '.join(unknown[:15])}",
                           hint="fix the codes in the CSV or add them to the codebook")
        manual_count += len(manual)
        job.frames.append(manual)
        note = unpinned_note(path, config)
        if note:
            job.notes.append(note)
            job.warnings.append(note)
    codings = pd.concat(job.frames, ignore_index=True) if job.frames else pd.DataFrame(columns=CODING_COLUMNS)
    job.codings = codings.sort_values(["doc_id", "start", "end", "code", "coder"], kind="mergesort").reset_index(drop=True)
    if job.source is not None:
        review = job.source.review
        return (f"{len(job.source.codings)} codings from the project ({review['reviewed']} of {review['suggestions']} "
                f"suggestions reviewed), {manual_count} from {len(manual_files)} file(s)")
    if not config.manual_codings:
        return None
    if not manual_files:
        job.notes.append(f"no manual codings: {', '.join(config.manual_codings)} matched no file")
    return f"{manual_count} stored codings from {len(manual_files)} file(s)"


def unpinned_note(path: Path, config: RunConfig) -> str | None:
    """The note on a manual codings file whose codings have no pinned ``text`` (``None`` when every coding has one).

    Without the passage, offsets are only checked against the length of the text: after a
    transcript is corrected they point at another passage, and nothing would notice.

    Examples
    --------
    >>> import tempfile
    >>> from researchkit.run import RunConfig
    >>> folder = Path(tempfile.mkdtemp()); csv = folder / "anna.csv"
    >>> _ = csv.write_text("doc_id,start,end,code\\nR1,0,2,SIG\\n")
    >>> config = RunConfig.from_dict({"codebook": "c.yaml", "transcripts": "t"}, base=folder)
    >>> print(unpinned_note(csv, config))  # doctest: +ELLIPSIS
    manual codings anna.csv: 1 of 1 coding(s) have no pinned passage (no 'text' column), ... researchkit code pin .../anna.csv --transcripts .../t
    """
    from researchkit.codingsfile import read_codings_file, unpinned_rows
    from researchkit.errors import CodingsFileError

    try:
        table = read_codings_file(path)
    except CodingsFileError as err:  # the run read it; only this check cannot (e.g. a column named twice)
        return f"manual codings {_relative(path, config.base)}: not checked for pinned passages ({err.message})"
    rows, unpinned = unpinned_rows(table)
    if not unpinned:
        return None
    why = "no 'text' column" if table.column("text") is None else "empty 'text' cells"
    def typed(target: str | Path) -> str:  # a path as typed in the current folder (absolute when outside it)
        rel = Path(os.path.relpath(target))
        return Path(target).resolve().as_posix() if rel.parts[:1] == ("..",) else rel.as_posix()

    where = (f"--config {typed(config.source)}" if Path(config.source).is_file()
             else f"--transcripts {typed(config.path(config.transcripts))}")
    return (f"manual codings {_relative(path, config.base)}: {unpinned} of {rows} coding(s) have no pinned passage ({why}), "
            "so their offsets cannot be checked against edited transcripts (a corrected transcript would shift them "
            f"silently); pin them with: researchkit code pin {typed(path)} {where}")


def privacy_stage(job: Job) -> None:
    """names list/file + privacy key file -> ``names``, ``key`` (the key must lie outside ``out``)."""
    from researchkit.privacy import read_key, read_names

    config, out_dir = job.config, job.out_dir
    names = list(config.names)
    if config.names_file:
        names += read_names(config.path(config.names_file))
    job.names = names
    job.key_read = True
    if not config.privacy_key:
        return None
    key_path = config.path(config.privacy_key)
    if out_dir.resolve() in key_path.resolve().parents or key_path.resolve() == out_dir.resolve():
        raise PrivacyError("RK579", f"{config.privacy_key}: the privacy key lies inside the output folder {out_dir}",
                           hint="keep the key outside the outputs (and outside anything you share)")
    key = read_key(key_path)
    if key.unassigned:
        job.notes.append(f"privacy key: {len(key.unassigned)} entr{'y has' if len(key.unassigned) == 1 else 'ies have'} "
                         "no stored pseudonym; run 'researchkit privacy key KEY --assign' so that the numbers stay stable")
        key = key.assigned()
    job.key = key
    return None


def analysis_stage(job: Job) -> str:
    """``corpus``, ``codebook``, ``codings``, ``names``, ``key`` -> ``inputs``, ``content`` (tables, figures, text)."""
    from researchkit.report import ReportInputs, build_content

    config, rep = job.config, job.config.report
    choices = None
    if rep.get("quotes"):
        from researchkit.report.quote_choices import parse_quote_choices

        choices = parse_quote_choices(config.path(rep["quotes"]), name=str(rep["quotes"]))
    job.inputs = ReportInputs(
        corpus=job.corpus, codebook=job.codebook, codings=job.codings, title=rep["title"], subtitle=rep["subtitle"],
        author=rep["author"], organisation=rep["organisation"], client=rep["client"], date=rep["date"], names=job.names,
        attribution=tuple(rep["attribution"]), coders=rep["coders"], n_quotes=int(rep["n_quotes"]),
        key=job.key, patterns=config.privacy_patterns, reidentification=str(rep["reidentification"]),
        reidentification_k=rep["reidentification_k"], suggestions=str(rep["suggestions"]), group=str(rep["group"] or ""),
        count_per=str(rep["count_per"]), partners=str(rep["information_position"]["partners"] or ""), dimensions=rep["information_position"]["dimensions"],
        suspicion=str(rep["white_spots"]["suspicion"] or ""), signal=str(rep["white_spots"]["signal"] or ""),
        phenomena=str(rep["white_spots"]["phenomena"] or ""), white_spot_rows=str(rep["white_spots"]["rows"] or ""),
        review=job.source.review if job.source is not None else None, quote_choices=choices,
        framework={**rep["framework"], "summaries": config.path(rep["framework"].get("summaries"))}, quote_max_words=rep["quote_max_words"], quote_max_chars=rep["quote_max_chars"],
        quote_times=bool(rep["quote_times"]),
    )
    front, front_notes = read_front_matter(config)
    job.content = build_content(job.inputs, chapters=rep["chapters"], language=rep["language"], dpi=int(rep["dpi"]),
                                allow_unpseudonymised=config.allow_unpseudonymised, front_matter=front)
    job.notes.extend(front_notes)
    job.notes.extend(n for n in job.content.notes if not n.startswith(tuple(f"report.{p}:" for p in front)))
    return f"{len(job.content.tables)} tables, {len(job.content.figures)} figures"


def report_stage(job: Job) -> str:
    """``content`` -> staging ``report.docx``, ``report.md``, ``figures/*.png``."""
    from researchkit.report import write_docx, write_markdown

    config, content, staging = job.config, job.content, job.staging
    rep = config.report
    if config.outputs.get("docx", True):
        write_docx(content, staging / "report.docx", template=config.path(rep.get("template")),
                   styles=rep.get("styles") or None)
    if config.outputs.get("markdown", True):
        write_markdown(content, staging / "report.md")
    elif content.figures:
        from researchkit.fileio import atomic_write

        for figure in content.figures:
            atomic_write(staging / "figures" / f"{figure.key}.png", figure.png)
    return "report.docx, report.md, figures/"


def _frequencies(inputs: Any) -> pd.DataFrame:
    """Every code of the codebook by respondent group (respondents, share), from the analysis codings."""
    from researchkit import analysis

    codings = inputs.codings
    if inputs.coders is not None:
        codings = codings[codings["coder"].astype(str).isin(list(inputs.coders))]
    if inputs.suggestions == "exclude" and "source" in codings.columns:
        codings = codings[~codings["source"].astype(str).isin(["rules", "model"])]
    codings = codings.drop_duplicates(["doc_id", "start", "end", "code"])
    from researchkit.report.inputs import group_column

    by = group_column(inputs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.AnalysisWarning)  # the report's notes say it once
        freq = analysis.frequencies(codings, inputs.corpus, by=by, codes=inputs.codebook.ids, codebook=inputs.codebook,
                                    per=inputs.count_per)
    keep = ["code", "name"] + ([by] if by else []) + ["codings", "documents", "respondents", "n_respondents", "share"]
    return freq[keep]


def tables_stage(job: Job) -> str | None:
    """``content``, ``inputs`` -> staging ``tables/*.csv`` (every report table, plus ``frequencies.csv``)."""
    if not job.config.outputs.get("tables", True):
        return None
    for table in job.content.tables:
        _write_csv(table.data, job.staging / "tables" / f"{table.key}.csv")
    _write_csv(_frequencies(job.inputs), job.staging / "tables" / "frequencies.csv")
    _write_csv(job.content.quotes, job.staging / "tables" / "quotes.csv")
    return f"{len(job.content.tables) + 2} CSV files"


def html_stage(job: Job) -> str | None:
    """``corpus``, ``codings``, ``key`` -> staging ``transcripts.html`` (the pseudonymised view)."""
    if not job.config.outputs.get("html", True):
        return None
    from researchkit.codings import CODING_COLUMNS
    from researchkit.privacy import apply_key
    from researchkit.report import transcript_html

    # the coded transcripts show the pseudonymised view (offsets of the codings re-mapped); the page shows
    # code, coder, source, memo and confidence: columns it never shows (evidence ...) are not pseudonymised for it
    shown = [c for c in job.codings.columns if c in (*CODING_COLUMNS, "memo", "confidence")]
    view = apply_key(job.corpus, job.key, codings=job.codings[shown], kinds=job.config.privacy_patterns)
    transcript_html(view.corpus, view.codings, job.codebook, out=job.staging / "transcripts.html",
                    title=(job.config.report["title"] or "Coded transcripts"))
    return "transcripts.html"


def build_manifest(job: Job, outputs: dict[str, str]) -> dict[str, Any]:
    """The manifest: versions, parameters, input and output sha256, privacy; relative paths only."""
    config, base = job.config, job.config.base
    return {
        "manifest_version": MANIFEST_VERSION,
        "tool": "researchkit run",
        "base": _relative(base, job.out_dir),
        "versions": versions(),
        "parameters": config.parameters(),
        "inputs": {_relative(p, base): file_sha256(p) for p in _input_files(config)},
        "outputs": outputs,
        **({"quotes": _quote_counts(job.inputs.quote_choices)} if job.inputs.quote_choices is not None else {}),
        **({"project": {"location": job.source.location, "uuid": job.source.uuid, "digest": job.source.digest,
                        "review": {k: v for k, v in job.source.review.items() if k != "reviewers"}}}
           if job.source is not None else {}),
        "privacy": {
            "key_checksum": job.key.checksum if job.key is not None else None,
            "key_entries": len(job.key) if job.key is not None else 0,
            "patterns": list(job.content.privacy.get("patterns", [])),
            "leak_check": job.leak_check,
        },
    }


def _quote_counts(choices: pd.DataFrame) -> dict[str, int]:
    """How many quotes the researcher pinned and excluded (recorded in the manifest)."""
    return {"pinned": int((choices["action"] == "pin").sum()), "excluded": int((choices["action"] == "exclude").sum())}


def leak_check_stage(job: Job) -> str:
    """staged files + the manifest (parameters and input paths) -> ``leak_check``, ``manifest``.

    Nothing is published when a key term or identifier pattern is found (``RK650``),
    unless ``allow_unpseudonymised`` is set; the manifest is written last, into the staging folder.
    """
    from researchkit.fileio import atomic_write
    from researchkit.privacy import check_outputs, check_text, format_findings

    config, staging = job.config, job.staging
    findings = check_outputs([staging], job.key, kinds=config.privacy_patterns, names=["."])
    findings["file"] = [f[2:] if f.startswith("./") else f for f in findings["file"]]
    outputs = {path.relative_to(staging).as_posix(): file_sha256(path)
               for path in sorted(p for p in staging.rglob("*") if p.is_file())}
    # the manifest copies the parameters (names:, titles) and the input file names: they must not name anyone either
    draft = build_manifest(job, outputs)
    for part, value in (("parameters", draft["parameters"]), ("input paths", sorted(draft["inputs"]))):
        in_manifest = check_text(json.dumps(value, ensure_ascii=False, indent=2), job.key,
                                 kinds=config.privacy_patterns, name=f"manifest.json ({part})")
        if len(in_manifest):
            findings = pd.concat([findings, in_manifest], ignore_index=True)
    if len(findings) and not config.allow_unpseudonymised:
        raise PrivacyError(
            "RK650", f"{len(findings)} identifier(s) would leak into the outputs of the run (nothing was written):\n"
            + format_findings(findings, limit=20),
            hint="add the names to the privacy key, fix the codebook texts, rename input files that carry a name, keep "
                 "names of people out of the configuration (use names_file: or the key, whose contents the manifest does "
                 "not copy), or set allow_unpseudonymised: true in the configuration to write them anyway (the report "
                 "then says so)",
        )
    job.leak_check = "clean" if not len(findings) else f"{len(findings)} finding(s) allowed (allow_unpseudonymised)"
    if len(findings):
        job.notes.append(f"leak check: {job.leak_check}")
    job.manifest = build_manifest(job, outputs)
    text = json.dumps(job.manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    atomic_write(staging / "manifest.json", text.encode("utf-8"))
    return job.leak_check


#: The job's stages, in order.
STAGES: tuple[Stage, ...] = (
    Stage("transcripts", read_transcripts, (), ("corpus",)),
    Stage("codebook", read_codebook, (), ("codebook",)),
    Stage("autocode", autocode_stage, ("corpus", "codebook"), ()),
    Stage("manual", manual_stage, ("corpus", "codebook"), ("codings",)),
    Stage("privacy key", privacy_stage, (), ("names", "key")),
    Stage("analysis", analysis_stage, ("corpus", "codebook", "codings", "names", "key"), ("inputs", "content")),
    Stage("report", report_stage, ("content", "staging"), ()),
    Stage("tables", tables_stage, ("content", "inputs", "staging"), ()),
    Stage("html", html_stage, ("corpus", "codings", "codebook", "key", "staging"), ()),
    Stage("leak check", leak_check_stage, ("content", "staging", "key"), ("leak_check", "manifest")),
)


def stage_named(name: str) -> Stage:
    """The stage called ``name``."""
    for stage in STAGES:
        if stage.name == name:
            return stage
    raise KeyError(name)
