"""The project store: persistent, shared, audited coding work.

``Project`` keeps documents, the codebook, everyone's codings, review decisions,
memos and an append-only audit log in one SQLite file (default) or any SQLAlchemy
database (PostgreSQL for a team). See ``docs/project.md``.

Modules: :mod:`~researchkit.project.store` (the :class:`Project` class),
:mod:`~researchkit.project.schema` (tables), :mod:`~researchkit.project.migrations`,
:mod:`~researchkit.project.anchoring` (quote finding, re-anchoring),
:mod:`~researchkit.project.review`, :mod:`~researchkit.project.backup`.

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
