"""A project as the run's source: transcripts, codebook, codings and review decisions.

``project:`` in the run configuration names a researchkit project (an ``.rkp`` file or a
database URL). The run reads it read-only through the public methods of
:class:`researchkit.project.Project` (``corpus()``, ``codebook()``, ``codings()``,
``reviews()``); every stored coding comes along, and the report keeps human and
reviewed codings unless the configuration asks for the unreviewed suggestions too.

Examples
--------
>>> review_summary(pd.DataFrame({"id": ["a", "b"], "source": ["rules", "rules"]}),
...                pd.DataFrame({"suggestion": ["a"], "decision": ["accept"], "reviewer": ["anna"]}))
{'suggestions': 2, 'reviewed': 1, 'accepted': 1, 'rejected': 0, 'reviewers': ['anna']}
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import pandas as pd

from researchkit.errors import ResearchkitError, RunError
from researchkit.report.inputs import SUGGESTION_SOURCES, review_summary

__all__ = ["ProjectSource", "read_project", "review_summary", "reconnect", "SUGGESTION_SOURCES", "PASSWORD_VARIABLE"]

#: The environment variable ``researchkit reproduce`` takes a database project's password from.
PASSWORD_VARIABLE = "RESEARCHKIT_DB_PASSWORD"
_HIDDEN = "***"  # how SQLAlchemy writes a hidden password

@dataclass
class ProjectSource:
    """What the run takes from a project.

    Attributes
    ----------
    corpus, codebook, codings
        The documents, the current codebook, every placed coding (codings shape plus ``id``).
    review
        :func:`review_summary` of the suggestions.
    digest
        sha256 over the documents' texts and attributes, the stored speaker attributes (when
        any), the codebook and the codings: the
        manifest records it, so that a rerun can tell whether the project changed.
    location, uuid
        Where the project is (password hidden) and its stable id.
    """

    corpus: Any
    codebook: Any
    codings: pd.DataFrame
    review: dict[str, Any]
    digest: str
    location: str
    uuid: str


def _digest(corpus: Any, codebook_text: str, codings: pd.DataFrame) -> str:
    h = hashlib.sha256()
    for doc in corpus:
        h.update(doc.doc_id.encode("utf-8") + b"\0" + doc.text.encode("utf-8") + b"\0")
        h.update(repr(sorted((str(k), str(v)) for k, v in doc.attributes.items())).encode("utf-8") + b"\0")
    if getattr(corpus, "speaker_attributes", None) is not None:  # stored speaker attributes (none: digest as before)
        h.update(b"speakers\0" + corpus.speaker_attributes.reset_index().to_csv(index=False, lineterminator="\n").encode("utf-8") + b"\0")
    h.update(codebook_text.encode("utf-8") + b"\0")
    cols = ["doc_id", "start", "end", "code", "coder", "source"]
    h.update(codings[cols].to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return h.hexdigest()


def read_project(target: Any, *, display: str, with_codebook: bool = True) -> ProjectSource:
    """Open a project read-only and take its corpus, codebook, codings and review decisions.

    Parameters
    ----------
    target
        Path of the ``.rkp`` file or a database URL.
    display
        How to name the project in messages (no password).
    with_codebook
        Require a codebook in the project (``False`` when the configuration names a codebook file).

    Raises
    ------
    RunError
        ``RK535`` the project cannot be opened, holds no documents, or (``with_codebook``)
        no codebook.

    Examples
    --------
    >>> read_project("/nonexistent/s.rkp", display="s.rkp")
    Traceback (most recent call last):
    ...
    researchkit.errors.RunError: [RK535] s.rkp: cannot read the project ([RK314] /nonexistent/s.rkp: no project there. What to do: check the path, or create one with Project.create / `researchkit project init`.). What to do: check 'project' in the run configuration (an .rkp file or a database URL).
    """
    from researchkit.project import Project

    hint = "check 'project' in the run configuration (an .rkp file or a database URL)"
    try:
        project = Project.open(target, read_only=True)
    except ResearchkitError as exc:
        raise RunError("RK535", f"{display}: cannot read the project ({exc})", hint=hint) from None
    try:
        corpus = project.corpus()
        codebook = project.codebook()
        codings = project.codings()
        reviews = project.reviews()
        uuid = project.uuid
    finally:
        project.close()
    if len(corpus) == 0:
        raise RunError("RK535", f"{display}: the project holds no documents", hint="add transcripts with 'researchkit project add'")
    if with_codebook and codebook is None:
        raise RunError("RK535", f"{display}: the project has no codebook",
                       hint="set one in the project, or name a codebook file with 'codebook:' in the run configuration")
    import json

    codebook_text = json.dumps(codebook.to_dict(), sort_keys=True, ensure_ascii=False, default=str) if codebook is not None else ""
    codings = codings.sort_values(["doc_id", "start", "end", "code", "coder", "id"], kind="mergesort").reset_index(drop=True)
    return ProjectSource(corpus=corpus, codebook=codebook, codings=codings, review=review_summary(codings, reviews),
                         digest=_digest(corpus, codebook_text, codings), location=display, uuid=str(uuid))


def reconnect(recorded: str | None, *, project: str | None = None, environ: Any = None) -> str | None:
    """The project a rerun reads, from the location a manifest records (password hidden).

    A manifest never holds a database password: it records the URL as
    ``postgresql+psycopg://rk:***@host/db``. The rerun gets it back, in this order:

    1. ``project`` (``researchkit reproduce --project URL``): used as given; it must name the
       same database (driver, user, host, port, database) as the manifest;
    2. the environment variable ``RESEARCHKIT_DB_PASSWORD`` (:data:`PASSWORD_VARIABLE`);
    3. libpq's own sources, which psycopg honours: ``PGPASSWORD`` or a password file
       (``PGPASSFILE``, default ``~/.pgpass``): the URL is used without a password.

    A file project or a URL recorded without a password is returned as recorded.

    Raises
    ------
    RunError
        ``RK537`` the password is not available from any of these, or ``project`` names
        another database than the manifest.

    Examples
    --------
    >>> reconnect("postgresql+psycopg://rk:***@db/study", environ={"RESEARCHKIT_DB_PASSWORD": "s3cret"})
    'postgresql+psycopg://rk:s3cret@db/study'
    >>> reconnect("postgresql+psycopg://rk:***@db/study", environ={"PGPASSWORD": "s3cret"})
    'postgresql+psycopg://rk@db/study'
    >>> reconnect("study.rkp")
    'study.rkp'
    >>> reconnect("postgresql+psycopg://rk:***@db/study", environ={})
    Traceback (most recent call last):
    ...
    researchkit.errors.RunError: [RK537] postgresql+psycopg://rk:***@db/study: the manifest does not hold the database password (it is never recorded). What to do: set RESEARCHKIT_DB_PASSWORD (or PGPASSWORD, or a ~/.pgpass line), or pass the full URL with 'researchkit reproduce --project URL'.
    """
    import os

    if recorded is None or "://" not in recorded:
        if project is not None:
            raise RunError("RK537", f"--project {project!r}: the manifest's job reads no database project "
                           f"({recorded or 'transcripts folder'})", hint="leave out --project")
        return recorded
    import sqlalchemy as sa

    from researchkit.project.connect import display

    url = sa.make_url(recorded)
    if project is not None:
        given = sa.make_url(project)
        same = ("drivername", "username", "host", "port", "database")
        if any(getattr(given, k) != getattr(url, k) for k in same):
            raise RunError("RK537", f"--project {display(project)} is not the project of the manifest ({recorded})",
                           hint="pass the URL of the database the manifest's run read (only the password may be added)")
        return project
    if url.password != _HIDDEN:
        return recorded
    env = os.environ if environ is None else environ
    if env.get(PASSWORD_VARIABLE):
        return url.set(password=env[PASSWORD_VARIABLE]).render_as_string(hide_password=False)
    passfile = env.get("PGPASSFILE") or os.path.join(os.path.expanduser("~"), ".pgpass")
    if env.get("PGPASSWORD") or (environ is None and os.path.isfile(passfile)):
        bare = sa.engine.URL.create(url.drivername, username=url.username, host=url.host, port=url.port,
                                    database=url.database, query=url.query)  # URL.set(password=None) keeps it
        return bare.render_as_string(hide_password=False)
    raise RunError("RK537", f"{recorded}: the manifest does not hold the database password (it is never recorded)",
                   hint=f"set {PASSWORD_VARIABLE} (or PGPASSWORD, or a ~/.pgpass line), or pass the full URL with "
                        "'researchkit reproduce --project URL'")
