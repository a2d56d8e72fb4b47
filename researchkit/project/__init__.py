"""The project store: persistent, shared, audited coding work.

``Project`` keeps documents, the codebook, everyone's codings, review decisions,
memos and an append-only audit log in one SQLite file (default) or any SQLAlchemy
database (PostgreSQL for a team). See ``docs/project.md``.

Modules: :mod:`~researchkit.project.store` (the :class:`Project` façade and a map of
where each method lives), its parts :mod:`~researchkit.project.database` (lifecycle,
transactions, audit), :mod:`~researchkit.project.documents`,
:mod:`~researchkit.project.codebooks`, :mod:`~researchkit.project.codings`,
:mod:`~researchkit.project.manual`, :mod:`~researchkit.project.restructure`,
:mod:`~researchkit.project.review`, :mod:`~researchkit.project.memos`,
:mod:`~researchkit.project.history`, :mod:`~researchkit.project.backup`; below them
:mod:`~researchkit.project.connect` (paths, URLs, engines), :mod:`~researchkit.project.rows`
(frame shape, bulk SQL), :mod:`~researchkit.project.faults` (database and disk faults as
RK errors), :mod:`~researchkit.project.schema` (tables), :mod:`~researchkit.project.migrations`
and :mod:`~researchkit.project.anchoring` (quote finding, re-anchoring).

Examples
--------
>>> from researchkit.project import Project, SCHEMA_VERSION
>>> SCHEMA_VERSION >= 1
True
"""

from researchkit.errors import ProjectError, QuoteNotFoundError
from researchkit.project.schema import SCHEMA_VERSION
from researchkit.project.store import CODINGS_FRAME_COLUMNS, AddReport, Project

__all__ = ["Project", "AddReport", "ProjectError", "QuoteNotFoundError", "SCHEMA_VERSION", "CODINGS_FRAME_COLUMNS"]
