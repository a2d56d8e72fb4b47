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
(:func:`researchkit.privacy.apply_key`), and every output (and the manifest's parameters and input paths) is leak-checked in
the staging folder before it is published: when a key term or identifier pattern is
found the job stops (``RK650``) and writes nothing, unless ``allow_unpseudonymised:
true`` (which the report and the manifest then state).

The job is a list of named stages (:data:`researchkit.run.stages.STAGES`), each a small
function from named inputs to named outputs; :func:`run` walks them, times each, and
publishes the staged outputs all-or-nothing (:mod:`researchkit.run.publish`). The
package's modules: ``config`` (the configuration), ``inputs`` (hashes, versions, manual
codings), ``stages``, ``publish``, ``job`` (:func:`run`) and ``reproduce``.

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

from researchkit.run.config import DEFAULTS, MANIFEST_VERSION, RunConfig, load_config
from researchkit.run.inputs import file_sha256, read_manual_codings, versions
from researchkit.run.job import RunResult, run
from researchkit.run.reproduce import ReproductionReport, reproduce
from researchkit.run.stages import STAGES, Stage

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
    "DEFAULTS",
    "STAGES",
    "Stage",
]
