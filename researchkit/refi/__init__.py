"""Exchange with NVivo, ATLAS.ti, MAXQDA, QualCoder, qc (projects) and Taguette (codebooks): REFI-QDA import and export.

REFI-QDA (www.qdasoftware.org) is the standard exchange format of qualitative data
analysis programs: ``.qdc`` files hold a codebook, ``.qdpx`` files a whole project
(a zip archive with ``project.qde`` and the source texts).

* :func:`write_qdc` / :func:`read_qdc` -- codebooks; :func:`write_taguette_codebook` -- a codebook as the CSV
  Taguette imports;
* :func:`write_qdpx` / :func:`read_qdpx` -- projects (documents, codes, codings per
  coder, respondent attributes as cases and variables, memos as notes, relations between
  codes as links; the times of audio and video transcripts from their sync points, and
  the recording each was made from: :func:`media_time` gives ``R03, 00:12:34, interview-03.mp3``);
* :func:`read_qualcoder` -- a QualCoder project straight from its database (the ``Name.qda``
  folder or its ``data.qda``, opened read-only; :mod:`~researchkit.refi.qualcoder`), the same
  :class:`Exchange` as :func:`read_qdpx` gives; ``Project.import_qualcoder`` and
  ``researchkit import Name.qda --project P`` store it;
* :func:`read_rqda` -- an RQDA project straight from its ``.rqda`` file (read-only;
  :mod:`~researchkit.refi.rqda`); ``Project.import_rqda`` and ``researchkit import Name.rqda
  --project P`` store it;
* :meth:`researchkit.project.Project.import_qdpx` / ``export_qdpx`` -- the same, straight
  into or out of a project; on the command line ``researchkit import FILE.qdpx
  --project P`` and ``researchkit export --qdpx FILE --project P [--for nvivo]``;
* ``target=`` (:mod:`~researchkit.refi.targets`): offsets and source files as NVivo,
  ATLAS.ti, MAXQDA, QualCoder or qc read them.

Module map: :mod:`~researchkit.refi.safety` (safe zip and XML), :mod:`~researchkit.refi.offsets`
(offset conventions and their detection), :mod:`~researchkit.refi.targets` (what each
program reads), :mod:`~researchkit.refi.codes` (code definitions and ids),
:mod:`~researchkit.refi.validate` (the shipped schemas), :mod:`~researchkit.refi.model`
(the :class:`Exchange`), :mod:`~researchkit.refi.memos` (where memos go and come back
from); writing: :mod:`~researchkit.refi.writer` (archives, codebooks),
:mod:`~researchkit.refi.qde` (``project.qde``, streamed), :mod:`~researchkit.refi.taguette` (Taguette's codebook CSV), :mod:`~researchkit.refi.xmlstream`;
reading: :mod:`~researchkit.refi.reader` (the walk), :mod:`~researchkit.refi.sources`,
:mod:`~researchkit.refi.codetree`, :mod:`~researchkit.refi.cases`, :mod:`~researchkit.refi.sets`, :mod:`~researchkit.refi.media`, :mod:`~researchkit.refi.mediafiles`, :mod:`~researchkit.refi.sync`, :mod:`~researchkit.refi.links`, :mod:`~researchkit.refi.turns`,
:mod:`~researchkit.refi.xmlread`, :mod:`~researchkit.refi.xmlrepair` (bare ``&`` and ``<`` in QualCoder's notes); QualCoder's database: :mod:`~researchkit.refi.qualcoder_db` (opening it read-only,
every schema version), :mod:`~researchkit.refi.qualcoder` (its tables made into an :class:`Exchange`).

Examples
--------
>>> import tempfile, os
>>> from researchkit.codebook import Codebook
>>> cb = Codebook.from_dict({"codes": [{"id": "HAV", "name": "Havens", "color": "#1F77B4",
...                                      "children": [{"id": "HAV.HARL", "name": "Harlingen"}]}]})
>>> path = write_qdc(cb, os.path.join(tempfile.mkdtemp(), "havens.qdc"))
>>> [(c.name, c.parent) for c in read_qdc(path).walk()]
[('Havens', None), ('Harlingen', 'Havens')]
"""

from researchkit.refi.media import MediaTime, media_time
from researchkit.refi.model import Exchange, ExchangeReport
from researchkit.refi.offsets import Convention, choose_convention
from researchkit.refi.reader import read_qdc, read_qdpx, turns_for_text
from researchkit.refi.qualcoder import read_qualcoder
from researchkit.refi.rqda import read_rqda
from researchkit.refi.taguette import taguette_codebook_csv, write_taguette_codebook
from researchkit.refi.targets import TARGETS, get_target
from researchkit.refi.validate import validate_xml
from researchkit.refi.writer import write_qdc, write_qdpx

__all__ = [
    "Exchange",
    "ExchangeReport",
    "Convention",
    "choose_convention",
    "read_qdc",
    "read_qdpx",
    "read_qualcoder",
    "read_rqda",
    "write_qdc",
    "write_taguette_codebook",
    "taguette_codebook_csv",
    "write_qdpx",
    "validate_xml",
    "turns_for_text",
    "TARGETS",
    "get_target",
    "media_time",
    "MediaTime",
]
