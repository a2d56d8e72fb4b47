"""The main job and its reproduction: from transcripts to report, with a manifest.

:func:`run` reads the transcripts and their attributes, the codebook and the stored
manual codings, pre-codes the transcripts with the codebook's rules, and writes into
one output folder:

``report.docx``, ``report.md`` + ``figures/*.png``
    The report (:func:`researchkit.report.build_report`).
``tables/*.csv``
    The data behind every table of the report, plus ``frequencies.csv`` (every code
    by respondent group).
``transcripts.html``
    The coded transcripts (:func:`researchkit.report.transcript_html`).
``manifest.json``
    Versions (Python, researchkit, spaCy, pandas, numpy, python-docx, matplotlib), the
    sha256 of every input, the parameters and the sha256 of every output. It holds no
    timestamps and only relative paths, so two runs of the same inputs give the same
    manifest, on any clone. ``privacy`` records the checksum of the pseudonymisation
    key and the result of the leak check.

With ``privacy_key:`` (a key file kept outside ``out``), quotes get the key's
consistent pseudonyms, ``transcripts.html`` shows the pseudonymised view
(:func:`researchkit.privacy.apply_key`), and every output is leak-checked in the
staging folder before it is moved into place: when a key term or identifier pattern is
found the job stops (``RK650``) and writes nothing, unless ``allow_unpseudonymised:
true`` (which the report and the manifest then state).

:func:`reproduce` reruns the job from a manifest into a temporary folder and reports,
per output, ``identical`` or ``differs`` (with a readable diff for CSV tables and the
Markdown report), and which inputs changed: the replication package a journal asks for.

The configuration (YAML) names the inputs; relative paths are relative to ``base``,
which is itself relative to the configuration file (default: the file's folder).
See ``docs/report.md`` and ``codebook/demo-run.yaml``.

Examples
--------
>>> config = RunConfig.from_dict({"transcripts": "transcripts", "codebook": "codebook/havens.yaml"}, base=".")
>>> config.out, config.report["language"]
('out', 'nl')
"""

from __future__ import annotations

import copy
import difflib
import glob
import hashlib
import io
import json
import os
import platform
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import pandas as pd
import yaml

from researchkit.yamlsafe import safe_load

from researchkit.errors import PrivacyError, ResearchkitError, RunError, yaml_problem

__all__ = [
    "RunConfig",
    "RunResult",
    "ReproductionReport",
    "run",
    "reproduce",
    "load_config",
    "read_manual_codings",
    "file_sha256",
    "versions",
    "MANIFEST_VERSION",
]

MANIFEST_VERSION = 1

#: Keys of a run configuration, with their defaults.
DEFAULTS: dict[str, Any] = {
    "base": None,
    "transcripts": "transcripts",
    "attributes": None,
    "recursive": False,
    "labels": {},
    "codebook": None,
    "manual_codings": [],
    "autocode": {"unit": "sentence", "roles": ["respondent"]},
    "names": [],
    "names_file": None,
    "privacy_key": None,
    "privacy_patterns": "all",
    "allow_unpseudonymised": False,
    "report": {
        "title": "",
        "subtitle": "",
        "author": "",
        "organisation": "",
        "client": "",
        "date": None,
        "language": "nl",
        "chapters": None,
        "template": None,
        "styles": {},
        "attribution": ["organisation", "port"],
        "coders": None,
        "n_quotes": 3,
        "dpi": 150,
    },
    "outputs": {"docx": True, "markdown": True, "tables": True, "html": True},
    "out": "out",
}
_PATH_KEYS = ("transcripts", "attributes", "codebook", "names_file", "privacy_key")


def _merge(defaults: Mapping[str, Any], given: Mapping[str, Any], where: str, problems: list[str]) -> dict[str, Any]:
    out = copy.deepcopy(dict(defaults))
    for key, value in given.items():
        if key not in defaults:
            close = difflib.get_close_matches(str(key), list(defaults), n=1)
            problems.append(f"unknown key {where}{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
            continue
        if isinstance(defaults[key], dict) and defaults[key] and key not in ("labels", "styles"):
            if value is False and key == "autocode":
                out[key] = False
                continue
            if not isinstance(value, Mapping):
                problems.append(f"{where}{key} must be a mapping, got {value!r}")
                continue
            out[key] = _merge(defaults[key], value, f"{where}{key}.", problems)
        else:
            out[key] = copy.deepcopy(value)
    return out


@dataclass
class RunConfig:
    """A validated run configuration; paths are relative to :attr:`base`.

    Attributes
    ----------
    base
        Folder the relative paths start from.
    transcripts, attributes, recursive, labels
        The transcripts folder, the attributes sheet, whether to read sub-folders, extra
        speaker-label -> role entries.
    codebook
        The codebook YAML.
    manual_codings
        CSV files of stored manual codings (``doc_id, start, end, code, coder, source``;
        ``coder`` defaults to the file name, ``source`` to ``manual``).
    autocode
        Options of :func:`researchkit.autocode` (``unit``, ``roles``), or ``False`` for no rules.
    names, names_file
        Names to pseudonymise in quotes (a list, and/or a file, one name a line).
    privacy_key
        The pseudonymisation key (:func:`researchkit.privacy.read_key`), kept outside ``out``.
    privacy_patterns
        Identifier pattern kinds replaced and checked (``all``, ``none`` or a list).
    allow_unpseudonymised
        Write the outputs even when the leak check finds an identifier (stated in the
        report and the manifest).
    report
        Options of the report: title, subtitle, author, organisation, client, date,
        language, chapters, template, styles, attribution, coders, n_quotes, dpi (of the figures).
    outputs
        Which outputs to write: docx, markdown, tables, html.
    out
        The output folder.
    """

    base: Path
    transcripts: str
    attributes: str | None
    recursive: bool
    labels: dict[str, str]
    codebook: str
    manual_codings: list[str]
    autocode: dict[str, Any] | bool
    names: list[str]
    names_file: str | None
    report: dict[str, Any]
    outputs: dict[str, bool]
    out: str
    source: str = "<dict>"
    privacy_key: str | None = None
    privacy_patterns: Any = "all"
    allow_unpseudonymised: bool = False

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, base: str | os.PathLike = ".", source: str = "<dict>") -> "RunConfig":
        """Validate a configuration mapping; every problem is reported at once (``RK580``).

        Examples
        --------
        >>> RunConfig.from_dict({"codebook": "cb.yaml", "ouptuts": {}})
        Traceback (most recent call last):
        ...
        researchkit.errors.RunError: [RK580] <dict>: 1 problem(s): unknown key 'ouptuts' (did you mean 'outputs'?). What to do: fix the configuration; the keys are base, transcripts, attributes, recursive, labels, codebook, manual_codings, autocode, names, names_file, privacy_key, privacy_patterns, allow_unpseudonymised, report, outputs, out.
        """
        if not isinstance(data, Mapping):
            raise RunError("RK580", f"{source}: the configuration must be a mapping of keys to values, got {type(data).__name__}",
                           hint="write 'key: value' lines, e.g. 'codebook: codebook/havens.yaml'")
        problems: list[str] = []
        merged = _merge(DEFAULTS, data, "", problems)
        if not problems:
            if not merged["codebook"]:
                problems.append("'codebook' is required (the codebook YAML file)")
            mc = merged["manual_codings"]
            if isinstance(mc, str):
                merged["manual_codings"] = [mc]
            elif mc is None:
                merged["manual_codings"] = []
            elif not isinstance(mc, list) or not all(isinstance(x, str) for x in mc):
                problems.append(f"manual_codings must be a file or a list of files, got {mc!r}")
            if not isinstance(merged["names"], list):
                problems.append(f"names must be a list of names, got {merged['names']!r}")
            if merged["privacy_key"] is not None and not isinstance(merged["privacy_key"], str):
                problems.append(f"privacy_key must be the path of a key file, got {merged['privacy_key']!r}")
            if not isinstance(merged["allow_unpseudonymised"], bool):
                problems.append(f"allow_unpseudonymised must be true or false, got {merged['allow_unpseudonymised']!r}")
            patterns = merged["privacy_patterns"]
            if isinstance(patterns, (list, tuple)):
                patterns = ",".join(map(str, patterns)) or "none"
            if patterns is None or patterns is False:
                patterns = "none"
            try:
                from researchkit.privacy import resolve_kinds

                resolve_kinds(str(patterns))
            except ResearchkitError as exc:
                problems.append(f"privacy_patterns: {exc.message}")
            merged["privacy_patterns"] = str(patterns)
            date = merged["report"]["date"]
            if date is not None and not isinstance(date, str):
                if hasattr(date, "isoformat"):
                    merged["report"]["date"] = date.isoformat()
                else:
                    problems.append(f"report.date must be a date such as 2026-04-01, got {date!r}")
            lang = merged["report"]["language"]
            if lang not in ("nl", "en"):
                problems.append(f"report.language {lang!r} is not 'nl' or 'en'")
            auto = merged["autocode"]
            if auto is not False and not isinstance(auto, Mapping):
                problems.append(f"autocode must be a mapping (unit, roles) or false, got {auto!r}")
            for key, value in merged["outputs"].items():
                if not isinstance(value, bool):
                    problems.append(f"outputs.{key} must be true or false, got {value!r}")
        if problems:
            raise RunError(
                "RK580", f"{source}: {len(problems)} problem(s): " + "; ".join(problems),
                hint=f"fix the configuration; the keys are {', '.join(DEFAULTS)}",
            )
        base_path = Path(base)
        if merged["base"]:
            base_path = Path(os.path.normpath(base_path / merged["base"]))
        return cls(
            base=base_path,
            transcripts=str(merged["transcripts"]),
            attributes=merged["attributes"],
            recursive=bool(merged["recursive"]),
            labels=dict(merged["labels"] or {}),
            codebook=str(merged["codebook"]),
            manual_codings=list(merged["manual_codings"]),
            autocode=merged["autocode"],
            names=[str(n) for n in merged["names"]],
            names_file=merged["names_file"],
            report=merged["report"],
            outputs=merged["outputs"],
            out=str(merged["out"]),
            source=source,
            privacy_key=merged["privacy_key"],
            privacy_patterns=merged["privacy_patterns"],
            allow_unpseudonymised=bool(merged["allow_unpseudonymised"]),
        )

    def path(self, value: str | None) -> Path | None:
        """``value`` resolved against :attr:`base` (absolute paths stay as they are).

        Examples
        --------
        >>> RunConfig.from_dict({"codebook": "cb.yaml"}, base="study").path("cb.yaml").as_posix()
        'study/cb.yaml'
        """
        if value is None:
            return None
        p = Path(value)
        return p if p.is_absolute() else self.base / p

    def manual_files(self) -> list[Path]:
        """The manual-codings files: literal paths, and the files matched by glob patterns
        (``codebook/gold/*.csv``; none matching is allowed), sorted."""
        files: list[Path] = []
        for entry in self.manual_codings:
            if any(ch in entry for ch in "*?["):
                files.extend(Path(p) for p in sorted(glob.glob(str(self.path(entry)))) if Path(p).is_file())
            else:
                files.append(self.path(entry))
        return sorted(dict.fromkeys(files), key=lambda p: p.as_posix())

    def parameters(self) -> dict[str, Any]:
        """The configuration as plain data for the manifest (no base, no absolute paths)."""
        return {
            "transcripts": Path(self.transcripts).as_posix(),
            "attributes": Path(self.attributes).as_posix() if self.attributes else None,
            "recursive": self.recursive,
            "labels": dict(sorted(self.labels.items())),
            "codebook": Path(self.codebook).as_posix(),
            "manual_codings": [Path(p).as_posix() for p in self.manual_codings],
            "autocode": self.autocode if self.autocode is False else dict(sorted(self.autocode.items())),
            "names": list(self.names),
            "names_file": Path(self.names_file).as_posix() if self.names_file else None,
            "privacy_key": Path(self.privacy_key).as_posix() if self.privacy_key else None,
            "privacy_patterns": self.privacy_patterns,
            "allow_unpseudonymised": self.allow_unpseudonymised,
            "report": dict(sorted(self.report.items())),
            "outputs": dict(sorted(self.outputs.items())),
        }


def load_config(path: str | os.PathLike) -> RunConfig:
    """Read a YAML run configuration; relative paths start at the file's folder (or its ``base``).

    Raises
    ------
    RunError
        ``RK580`` for a missing file, a YAML syntax error (with line) or bad keys.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "run.yaml")
    >>> _ = open(p, "w").write("codebook: cb.yaml\\nout: results\\n")
    >>> load_config(p).out
    'results'
    """
    path = Path(path)
    if not path.is_file():
        raise RunError("RK580", f"{path}: run configuration not found", hint="give the path of a YAML file such as codebook/demo-run.yaml")
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        where, problem = yaml_problem(exc)
        raise RunError("RK580", f"{path}{where}: not valid YAML ({problem})",
                       hint="check the indentation and quoting near that line") from None
    except UnicodeDecodeError as exc:
        raise RunError("RK580", f"{path}: not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8") from None
    return RunConfig.from_dict(data or {}, base=path.parent, source=str(path))


def file_sha256(path: str | os.PathLike) -> str:
    """Hex sha256 of a file's bytes.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x"); _ = open(p, "wb").write(b"abc")
    >>> file_sha256(p)[:12]
    'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def versions() -> dict[str, str]:
    """Versions of Python and the libraries that shape the outputs.

    Examples
    --------
    >>> sorted(versions())[:3]
    ['matplotlib', 'numpy', 'pandas']
    """
    from importlib import metadata

    out = {"python": platform.python_version()}
    for dist in ("researchkit", "spacy", "spacy-lookups-data", "pandas", "numpy", "python-docx", "matplotlib"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return dict(sorted(out.items()))


def read_manual_codings(path: str | os.PathLike, corpus: Any, *, name: str | None = None) -> pd.DataFrame:
    """Read stored manual codings (CSV) and check them against the corpus.

    ``coder`` defaults to the file name (without suffix), ``source`` to ``manual``; a
    ``text`` column, when present, must equal the text at the offsets.

    Raises
    ------
    RunError
        ``RK581`` missing file; ``RK582`` unreadable CSV or codings that do not fit the
        corpus (every bad row is listed).

    Examples
    --------
    >>> import tempfile, os
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> p = os.path.join(tempfile.mkdtemp(), "anna.csv")
    >>> _ = open(p, "w").write("doc_id,start,end,code\\nR1,0,2,SIG\\n")
    >>> read_manual_codings(p, Corpus([Transcript("R1", "ja nee")]))[["code", "coder", "source", "text"]].values.tolist()
    [['SIG', 'anna', 'manual', 'ja']]
    """
    from researchkit.codings import CodingsError, validate_codings

    path = Path(path)
    label = name or str(path)
    if not path.is_file():
        raise RunError("RK581", f"{label}: manual codings file not found", hint="check manual_codings in the run configuration")
    try:
        frame = pd.read_csv(path, dtype={"doc_id": str, "code": str, "coder": str, "source": str, "text": str},
                            keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise RunError("RK582", f"{label}: cannot read the codings CSV ({type(exc).__name__}: {exc})",
                       hint="save it as a UTF-8 CSV with a header line doc_id,start,end,code,coder,source") from None
    if "coder" not in frame.columns:
        frame["coder"] = path.stem
    if "source" not in frame.columns:
        frame["source"] = "manual"
    frame.loc[frame["source"] == "", "source"] = "manual"
    if "text" in frame.columns:
        frame.loc[frame["text"] == "", "text"] = None
    try:
        return validate_codings(frame, corpus, name=label)
    except CodingsError as exc:
        raise RunError("RK582", f"the codings do not fit the transcripts: {exc.message}",
                       hint="the offsets must be code-point indexes into the canonical transcript texts") from None


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    from researchkit.fileio import atomic_write

    table = frame.copy()
    for col in table.columns:
        if table[col].dtype.kind == "f":
            table[col] = table[col].round(6)
        elif table[col].dtype == object:
            table[col] = [("; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v) for v in table[col]]
    atomic_write(path, table.to_csv(index=False, lineterminator="\n").encode("utf-8"))


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
        Seconds per step (not in the manifest: they differ between runs).
    notes
        Remarks for the researcher (chapters left out, skipped outputs).
    """

    out: Path
    manifest: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Total seconds."""
        return sum(self.timings.values())


def _relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()


def _input_files(config: RunConfig) -> list[Path]:
    from researchkit.io import find_transcripts

    folder = config.path(config.transcripts)
    files, _unsupported, _ignored = find_transcripts(folder, recursive=config.recursive)
    extra = [config.path(config.attributes), config.path(config.codebook), config.path(config.names_file),
             config.path(config.report.get("template")), config.path(config.privacy_key)]
    extra += config.manual_files()
    return sorted(set(files) | {p for p in extra if p is not None}, key=lambda p: p.as_posix())


def run(
    config: RunConfig | str | os.PathLike,
    *,
    out: str | os.PathLike | None = None,
    progress: Callable[[str], None] | None = print,
) -> RunResult:
    """Run the main job: transcripts, codebook and manual codings -> report, tables, HTML, manifest.

    Parameters
    ----------
    config
        A :class:`RunConfig` or the path of a YAML configuration.
    out
        Output folder; default the configuration's ``out`` (relative to its base).
    progress
        Called with one line per step (default ``print``); ``None`` for silence.

    Returns
    -------
    RunResult

    Raises
    ------
    RunError
        ``RK581`` an input file is missing, ``RK582`` manual codings do not fit;
        errors of the steps (ingestion, codebook, report) pass through unchanged.

    Examples
    --------
    >>> result = run("codebook/demo-run.yaml", out="/tmp/rk-demo")  # doctest: +SKIP
    >>> sorted(result.manifest["outputs"])[:2]  # doctest: +SKIP
    ['figures/information_position.png', 'figures/theme_AANB.png']
    """
    import researchkit
    from researchkit.codebook import Codebook
    from researchkit.codings import CODING_COLUMNS
    from researchkit.io import read_corpus
    from researchkit.privacy import apply_key, check_outputs, check_text, format_findings, read_key, read_names
    from researchkit.report import build_content, write_docx, write_markdown

    if not isinstance(config, RunConfig):
        config = load_config(config)
    say = progress or (lambda _line: None)
    out_dir = Path(out) if out is not None else config.path(config.out)
    timings: dict[str, float] = {}
    notes: list[str] = []

    def step(name: str, started: float, detail: str) -> None:
        timings[name] = time.perf_counter() - started
        say(f"  {name:<12} {detail} ({timings[name]:.1f} s)")

    for key in ("transcripts", "codebook"):
        p = config.path(getattr(config, key))
        if not p.exists():
            raise RunError("RK581", f"{getattr(config, key)}: {key} not found (looked in {config.base})",
                           hint=f"check '{key}' in {config.source}")
    for rel in [config.attributes, config.names_file, config.report.get("template"), config.privacy_key,
                *[m for m in config.manual_codings if not any(ch in m for ch in "*?[")]]:
        if rel and not config.path(rel).exists():
            raise RunError("RK581", f"{rel}: input file not found (looked in {config.base})", hint=f"check {config.source}")

    say(f"researchkit {researchkit.__version__}: run -> {out_dir}")
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = read_corpus(config.path(config.transcripts), attributes=config.path(config.attributes),
                             labels=config.labels or None, recursive=config.recursive)
    step("transcripts", t, f"{len(corpus)} documents, {corpus.n_words} words")

    t = time.perf_counter()
    codebook = Codebook.load(config.path(config.codebook))
    step("codebook", t, f"{len(codebook)} codes")

    frames = []
    t = time.perf_counter()
    if config.autocode is not False:
        from researchkit.autocode import autocode

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            rules = autocode(corpus, codebook, unit=config.autocode.get("unit", "sentence"),
                             roles=config.autocode.get("roles", ["respondent"]))
        notes.extend(f"autocode: {w.message}" for w in caught)
        frames.append(rules)
        step("autocode", t, f"{len(rules)} codings by rules")
    t = time.perf_counter()
    manual_count = 0
    manual_files = config.manual_files()
    for path in manual_files:
        rel = _relative(path, config.base)
        manual = read_manual_codings(path, corpus, name=rel)
        unknown = sorted(set(manual["code"]) - set(codebook.ids))
        if unknown:
            raise RunError("RK582", f"{rel}: codes not in the codebook: {', '.join(unknown[:15])}",
                           hint="fix the codes in the CSV or add them to the codebook")
        manual_count += len(manual)
        frames.append(manual)
    if config.manual_codings:
        if not manual_files:
            notes.append(f"no manual codings: {', '.join(config.manual_codings)} matched no file")
        step("manual", t, f"{manual_count} stored codings from {len(manual_files)} file(s)")
    if frames:
        codings = pd.concat(frames, ignore_index=True)
    else:
        codings = pd.DataFrame(columns=CODING_COLUMNS)
    codings = codings.sort_values(["doc_id", "start", "end", "code", "coder"], kind="mergesort").reset_index(drop=True)

    names = list(config.names)
    if config.names_file:
        names += read_names(config.path(config.names_file))
    key = None
    if config.privacy_key:
        key_path = config.path(config.privacy_key)
        if out_dir.resolve() in key_path.resolve().parents or key_path.resolve() == out_dir.resolve():
            raise PrivacyError("RK579", f"{config.privacy_key}: the privacy key lies inside the output folder {out_dir}",
                               hint="keep the key outside the outputs (and outside anything you share)")
        key = read_key(key_path)
        if key.unassigned:
            notes.append(f"privacy key: {len(key.unassigned)} entr{'y has' if len(key.unassigned) == 1 else 'ies have'} "
                         "no stored pseudonym; run 'researchkit privacy key KEY --assign' so that the numbers stay stable")
            key = key.assigned()
    from researchkit.report import ReportInputs

    rep = config.report
    inputs = ReportInputs(
        corpus=corpus, codebook=codebook, codings=codings, title=rep["title"], subtitle=rep["subtitle"],
        author=rep["author"], organisation=rep["organisation"], client=rep["client"], date=rep["date"], names=names,
        attribution=tuple(rep["attribution"]), coders=rep["coders"], n_quotes=int(rep["n_quotes"]),
        key=key, patterns=config.privacy_patterns,
    )
    t = time.perf_counter()
    content = build_content(inputs, chapters=rep["chapters"], language=rep["language"], dpi=int(rep["dpi"]),
                            allow_unpseudonymised=config.allow_unpseudonymised)
    notes.extend(content.notes)
    step("analysis", t, f"{len(content.tables)} tables, {len(content.figures)} figures")

    # write into a fresh staging folder, then move the outputs into place
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".run-", dir=out_dir))
    try:
        t = time.perf_counter()
        if config.outputs.get("docx", True):
            template = config.path(rep.get("template"))
            write_docx(content, staging / "report.docx", template=template, styles=rep.get("styles") or None)
        if config.outputs.get("markdown", True):
            write_markdown(content, staging / "report.md")
        elif content.figures:
            from researchkit.fileio import atomic_write

            for figure in content.figures:
                atomic_write(staging / "figures" / f"{figure.key}.png", figure.png)
        step("report", t, "report.docx, report.md, figures/")
        if config.outputs.get("tables", True):
            t = time.perf_counter()
            for table in content.tables:
                _write_csv(table.data, staging / "tables" / f"{table.key}.csv")
            _write_csv(_frequencies(content, inputs), staging / "tables" / "frequencies.csv")
            step("tables", t, f"{len(content.tables) + 1} CSV files")
        if config.outputs.get("html", True):
            t = time.perf_counter()
            try:
                from researchkit.report import transcript_html
            except ImportError as exc:
                notes.append(f"transcripts.html skipped: researchkit.report.transcript_html is not available ({exc})")
                say(f"  warning: {notes[-1]}")
            else:
                # the coded transcripts show the pseudonymised view (offsets of the codings re-mapped)
                view = apply_key(corpus, key, codings=codings, kinds=config.privacy_patterns)
                transcript_html(view.corpus, view.codings, codebook, out=staging / "transcripts.html",
                                title=(rep["title"] or "Coded transcripts"))
                step("html", t, "transcripts.html")
        # the leak check, on the staged files: nothing unsafe is moved into place
        t = time.perf_counter()
        findings = check_outputs([staging], key, kinds=config.privacy_patterns, names=["."])
        findings["file"] = [f[2:] if f.startswith("./") else f for f in findings["file"]]
        # the manifest copies the parameters (names:, titles): they must not name anyone either
        in_manifest = check_text(json.dumps(config.parameters(), ensure_ascii=False, indent=2), key,
                                 kinds=config.privacy_patterns, name="manifest.json (parameters)")
        if len(in_manifest):
            findings = pd.concat([findings, in_manifest], ignore_index=True)
        if len(findings) and not config.allow_unpseudonymised:
            raise PrivacyError(
                "RK650", f"{len(findings)} identifier(s) would leak into the outputs of the run (nothing was written):\n"
                + format_findings(findings, limit=20),
                hint="add the names to the privacy key, fix the codebook texts, keep names of people out of the "
                     "configuration (use names_file: or the key, whose contents the manifest does not copy), or set "
                     "allow_unpseudonymised: true in the configuration to write them anyway (the report then says so)",
            )
        leak_check = "clean" if not len(findings) else f"{len(findings)} finding(s) allowed (allow_unpseudonymised)"
        if len(findings):
            notes.append(f"leak check: {leak_check}")
        step("leak check", t, leak_check)
        outputs = {}
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            outputs[path.relative_to(staging).as_posix()] = file_sha256(path)
        # replace the previous outputs of the job (only those it makes) by the new ones
        for sub in ("figures", "tables"):
            if (staging / sub).exists() and (out_dir / sub).exists():
                shutil.rmtree(out_dir / sub)
        for rel in outputs:
            target = out_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    base = config.base
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "tool": "researchkit run",
        "base": _relative(base, out_dir),
        "versions": versions(),
        "parameters": config.parameters(),
        "inputs": {_relative(p, base): file_sha256(p) for p in _input_files(config)},
        "outputs": outputs,
        "privacy": {
            "key_checksum": key.checksum if key is not None else None,
            "key_entries": len(key) if key is not None else 0,
            "patterns": list(content.privacy.get("patterns", [])),
            "leak_check": leak_check,
        },
    }
    from researchkit.fileio import atomic_write

    atomic_write(out_dir / "manifest.json", (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8"))
    total = sum(timings.values())
    say(f"done in {total:.1f} s: {len(outputs)} outputs and manifest.json in {out_dir}")
    for note in notes:
        say(f"  note: {note}")
    return RunResult(out=out_dir, manifest=manifest, timings=timings, notes=notes)


def _frequencies(content: Any, inputs: Any) -> pd.DataFrame:
    """Every code of the codebook by respondent group (respondents, share), from the analysis codings."""
    from researchkit import analysis

    codings = inputs.codings
    if inputs.coders is not None:
        codings = codings[codings["coder"].astype(str).isin(list(inputs.coders))]
    codings = codings.drop_duplicates(["doc_id", "start", "end", "code"])
    by = inputs.group if inputs.group in inputs.corpus.attributes.columns else None
    freq = analysis.frequencies(codings, inputs.corpus, by=by, codes=inputs.codebook.ids, codebook=inputs.codebook)
    keep = ["code", "name"] + ([by] if by else []) + ["codings", "documents", "respondents", "n_respondents", "share"]
    return freq[keep]


# --------------------------------------------------------------------------- reproduction


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


def reproduce(
    manifest: str | os.PathLike,
    *,
    workdir: str | os.PathLike | None = None,
    progress: Callable[[str], None] | None = None,
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

    Returns
    -------
    ReproductionReport
        Print it for the per-output verdicts and diffs; ``.ok`` says whether all are identical.

    Raises
    ------
    RunError
        ``RK583`` when the manifest is missing or malformed.

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
    manifest_path = Path(manifest)
    recorded = _load_manifest(manifest_path)
    published_dir = manifest_path.parent
    base = published_dir / recorded["base"]
    config = RunConfig.from_dict(recorded["parameters"], base=base, source=str(manifest_path))
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
        result = run(config, out=target, progress=progress)
        current = {p.relative_to(base).as_posix() for p in _input_files(config) if p.exists()}
        for rel in sorted(current - set(recorded["inputs"])):
            input_rows.append({"input": rel, "status": "new"})
        rows, diffs = [], {}
        expected = recorded["outputs"]
        produced = result.manifest["outputs"]
        for name in sorted(set(expected) | set(produced)):
            published = published_dir / name
            if name not in produced:
                rows.append({"output": name, "status": "not reproduced", "detail": "the rerun did not make it"})
                continue
            if name not in expected:
                rows.append({"output": name, "status": "new", "detail": "not in the manifest"})
                continue
            new_bytes = (target / name).read_bytes()
            new_hash = produced[name]
            if not published.is_file():
                same = new_hash == expected[name]
                rows.append({"output": name, "status": "missing",
                             "detail": "published file absent; rerun " + ("matches" if same else "differs from") + " the manifest"})
                continue
            old_bytes = published.read_bytes()
            old_hash = hashlib.sha256(old_bytes).hexdigest()
            if new_hash == expected[name] == old_hash:
                rows.append({"output": name, "status": "identical", "detail": ""})
                continue
            if old_hash != expected[name] and new_hash == expected[name]:
                detail = "published file was changed after the run"
            elif old_hash == expected[name]:
                detail = "the rerun gives a different result"
            else:
                detail = "published file and rerun both differ from the manifest"
            rows.append({"output": name, "status": "differs", "detail": detail})
            if name.endswith(".csv"):
                diffs[name] = _csv_diff(old_bytes, new_bytes, name)
            elif name.endswith((".md", ".json", ".txt")):
                diffs[name] = _text_diff(old_bytes, new_bytes, name)
            elif name.endswith(".docx"):
                try:
                    text_diff = _text_diff(_docx_lines(old_bytes), _docx_lines(new_bytes), name)
                except Exception as exc:  # a damaged published file: say so instead of a diff
                    text_diff = f"cannot read the published file as Word ({type(exc).__name__})\n"
                diffs[name] = text_diff or "the text is the same; the difference is in layout, styles or metadata\n"
        return ReproductionReport(
            outputs=pd.DataFrame(rows, columns=["output", "status", "detail"]),
            inputs=pd.DataFrame(input_rows, columns=["input", "status"]),
            diffs=diffs,
            versions=version_diffs,
        )
    finally:
        if cleanup:
            shutil.rmtree(target, ignore_errors=True)
