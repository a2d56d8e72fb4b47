"""The run configuration: its keys and defaults, validation (every problem at once), loading.

Examples
--------
>>> RunConfig.from_dict({"codebook": "cb.yaml"}, base="study").path("cb.yaml").as_posix()
'study/cb.yaml'
"""

from __future__ import annotations

import copy
import difflib
import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from researchkit.errors import ResearchkitError, RunError, yaml_problem
from researchkit.yamlsafe import safe_load

MANIFEST_VERSION = 1

#: Keys of a run configuration, with their defaults.
DEFAULTS: dict[str, Any] = {
    "base": None,
    "transcripts": "transcripts",
    "attributes": None,
    "speakers": None,
    "recursive": False,
    "labels": {},
    "codebook": None,
    "project": None,
    "manual_codings": [],
    "autocode": {"unit": "sentence", "roles": ["respondent"]},
    "names": [],
    "names_file": None,
    "privacy_key": None,
    "privacy_patterns": "all",
    "privacy_regions": "NL",
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
        "summary": None,
        "introduction": None,
        "conclusions": None,
        "quotes": None,
        "template": None,
        "styles": {},
        "attribution": ["organisation", "port"],
        "coders": None,
        "n_quotes": 3,
        "quote_max_words": 60,
        "quote_max_chars": 400,
        "quote_times": False,
        "reidentification": "coarsen",
        "suggestions": "exclude",
        "reidentification_k": 3,
        "group": "group",
        "count_per": "document",
        "information_position": {"partners": "ACT", "dimensions": None},
        "white_spots": {"suspicion": "VERM", "signal": "SIG", "phenomena": "FEN", "rows": "port"},
        "framework": {"rows": "respondent", "codes": None, "summaries": None},
        "dpi": 150,
    },
    "outputs": {"docx": True, "markdown": True, "tables": True, "html": True},
    "out": "out",
}
_PATH_KEYS = ("transcripts", "attributes", "speakers", "codebook", "names_file", "privacy_key")


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
    speakers
        A speaker-level attributes sheet (focus groups: one row per ``doc_id`` and
        ``speaker``), joined to the corpus (also to a project's); with
        ``report.count_per: speaker`` each respondent speaker counts as a respondent.
    codebook
        The codebook YAML (optional with ``project``: then the project's codebook).
    project
        A researchkit project (``.rkp`` file or a database URL such as
        ``postgresql+psycopg://...``) to read the transcripts, the codebook (unless
        ``codebook`` names a file) and the codings from, including the review decisions;
        ``None`` reads the transcripts folder and the manual-codings CSVs.
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
    privacy_regions
        Regions whose phone numbers (without a country code) and identifier kinds are
        replaced and checked: ``NL`` (default), or e.g. ``[NL, GB, US]``; other regions
        make :attr:`privacy_patterns` a :class:`~researchkit.privacy.patterns.PatternKinds`.
    allow_unpseudonymised
        Write the outputs even when the leak check finds an identifier (stated in the
        report and the manifest).
    report
        Options of the report: title, subtitle, author, organisation, client, date,
        language, chapters, template, styles, attribution, coders, n_quotes, dpi (of the figures);
        chapters may name the optional chapters ``cooccurrence``, ``framework``, ``partner_network``
        and ``coding_stripes``; framework: ``rows`` (``respondent`` or an attribute) and ``codes``
        (the theme columns; ``None`` for the top-level codes) of the framework-matrix chapter, and
        ``summaries``: the framework workbook (``FrameworkMatrix.to_excel``) with the researchers'
        summaries, shown instead of excerpts;
        summary, introduction, conclusions: Markdown files with the researcher's own text
        (a part whose file is absent gets a marked placeholder and a note; ``None`` leaves it out);
        quote_max_words, quote_max_chars: limits of a quote (a whole coded passage is trimmed at
        sentence boundaries to fit; default 60 words, 400 characters);
        quote_times: ``true`` adds each quote's time in the recording to its attribution
        (``(R03, Douane, Harlingen, 0:12:34)``) when the transcript has times;
        quotes: the editable quote file (CSV ``theme, doc_id, start, end, action`` with
        ``pin``/``exclude``; start from ``out/tables/quotes.csv``).
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
    codebook: str | None
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
    privacy_regions: str = "NL"
    allow_unpseudonymised: bool = False
    project: str | None = None
    speakers: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, base: str | os.PathLike = ".", source: str = "<dict>") -> "RunConfig":
        """Validate a configuration mapping; every problem is reported at once (``RK580``).

        Examples
        --------
        >>> RunConfig.from_dict({"codebook": "cb.yaml", "ouptuts": {}})
        Traceback (most recent call last):
        ...
        researchkit.errors.RunError: [RK580] <dict>: 1 problem(s): unknown key 'ouptuts' (did you mean 'outputs'?). What to do: fix the configuration; the keys are base, transcripts, attributes, speakers, recursive, labels, codebook, project, manual_codings, autocode, names, names_file, privacy_key, privacy_patterns, privacy_regions, allow_unpseudonymised, report, outputs, out.
        """
        if not isinstance(data, Mapping):
            raise RunError("RK580", f"{source}: the configuration must be a mapping of keys to values, got {type(data).__name__}",
                           hint="write 'key: value' lines, e.g. 'codebook: codebook/havens.yaml'")
        problems: list[str] = []
        merged = _merge(DEFAULTS, data, "", problems)
        if not problems:
            if merged["project"] is not None and not isinstance(merged["project"], str):
                problems.append(f"project must be the path of a .rkp file or a database URL, got {merged['project']!r}")
            if not merged["codebook"] and not merged["project"]:
                problems.append("'codebook' is required (the codebook YAML file), unless 'project' names a project")
            if merged["project"] and "autocode" not in data:
                merged["autocode"] = False  # a project holds its own rule suggestions (and their reviews)
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
            if merged["speakers"] is not None and not isinstance(merged["speakers"], str):
                problems.append(f"speakers must be the path of a speaker attributes sheet, got {merged['speakers']!r}")
            if merged["report"]["count_per"] not in ("document", "speaker"):
                problems.append(f"report.count_per must be 'document' or 'speaker', got {merged['report']['count_per']!r}")
            if not isinstance(merged["allow_unpseudonymised"], bool):
                problems.append(f"allow_unpseudonymised must be true or false, got {merged['allow_unpseudonymised']!r}")
            patterns = merged["privacy_patterns"]
            if isinstance(patterns, (list, tuple)):
                patterns = ",".join(map(str, patterns)) or "none"
            if patterns is None or patterns is False:
                patterns = "none"
            from researchkit.privacy import resolve_kinds, resolve_regions

            try:
                resolve_kinds(str(patterns))
            except ResearchkitError as exc:
                problems.append(f"privacy_patterns: {exc.message}")
                patterns = None
            regions = merged["privacy_regions"]
            try:
                regions = ",".join(resolve_regions(regions if regions is None or isinstance(regions, (str, list)) else [regions]))
            except ResearchkitError as exc:
                problems.append(f"privacy_regions: {exc.message}")
            merged["privacy_patterns"] = str(patterns)
            merged["privacy_regions"] = regions
            if patterns is not None and regions != DEFAULTS["privacy_regions"] and not problems:
                merged["privacy_patterns"] = resolve_kinds(str(patterns), regions)  # the regions travel with the kinds
            date = merged["report"]["date"]
            if date is not None and not isinstance(date, str):
                if hasattr(date, "isoformat"):
                    merged["report"]["date"] = date.isoformat()
                else:
                    problems.append(f"report.date must be a date such as 2026-04-01, got {date!r}")
            for part in ("summary", "introduction", "conclusions"):
                if merged["report"][part] is not None and not isinstance(merged["report"][part], str):
                    problems.append(f"report.{part} must be the path of a Markdown file, got {merged['report'][part]!r}")
            for key in ("quote_max_words", "quote_max_chars"):
                limit = merged["report"][key]
                if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
                    problems.append(f"report.{key} must be a positive whole number (or null for no limit), got {limit!r}")
            if not isinstance(merged["report"]["quote_times"], bool):
                problems.append(f"report.quote_times must be true or false, got {merged['report']['quote_times']!r}")
            framework = merged["report"]["framework"]
            if not isinstance(framework["rows"], str) or not framework["rows"]:
                problems.append(f"report.framework.rows must be 'respondent' or an attribute name, got {framework['rows']!r}")
            codes = framework["codes"]
            if codes is not None and (not isinstance(codes, list) or not all(isinstance(c, str) for c in codes)):
                problems.append(f"report.framework.codes must be a list of code ids, got {codes!r}")
            if framework["summaries"] is not None and not isinstance(framework["summaries"], str):
                problems.append("report.framework.summaries must be the path of the framework workbook (.xlsx) with the "
                                f"researchers' summaries, got {framework['summaries']!r}")
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
            codebook=str(merged["codebook"]) if merged["codebook"] else None,
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
            privacy_regions=merged["privacy_regions"],
            allow_unpseudonymised=bool(merged["allow_unpseudonymised"]),
            project=merged["project"],
            speakers=merged["speakers"],
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

    def project_target(self) -> str | Path | None:
        """The project to read: a URL as given, a file path resolved against :attr:`base`.

        Examples
        --------
        >>> RunConfig.from_dict({"project": "s.rkp"}, base="study").project_target().as_posix()
        'study/s.rkp'
        >>> RunConfig.from_dict({"project": "postgresql+psycopg://u@db/x"}).project_target()
        'postgresql+psycopg://u@db/x'
        """
        if not self.project:
            return None
        if "://" in self.project:
            return self.project
        return self.path(self.project)

    def project_display(self) -> str | None:
        """The project for the manifest and messages: a relative path, or the URL without its password."""
        if not self.project:
            return None
        if "://" in self.project:
            from researchkit.project.connect import display

            return display(self.project)
        return Path(self.project).as_posix()

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
            **({"speakers": Path(self.speakers).as_posix()} if self.speakers else {}),
            "recursive": self.recursive,
            "labels": dict(sorted(self.labels.items())),
            "codebook": Path(self.codebook).as_posix() if self.codebook else None,
            "project": self.project_display(),
            "manual_codings": [Path(p).as_posix() for p in self.manual_codings],
            "autocode": self.autocode if self.autocode is False else dict(sorted(self.autocode.items())),
            "names": list(self.names),
            "names_file": Path(self.names_file).as_posix() if self.names_file else None,
            "privacy_key": Path(self.privacy_key).as_posix() if self.privacy_key else None,
            "privacy_patterns": self.privacy_patterns if isinstance(self.privacy_patterns, str) else list(self.privacy_patterns),
            **({"privacy_regions": self.privacy_regions} if self.privacy_regions != DEFAULTS["privacy_regions"] else {}),
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
