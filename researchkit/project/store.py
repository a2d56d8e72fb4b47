"""The project store: :class:`Project`, a thin façade over the parts of the store.

:class:`Project` is the persistent, shared home of a coding project. The default is
one SQLite file (WAL journal, foreign keys on, writers serialised with
``BEGIN IMMEDIATE`` and a busy timeout so that a notebook, a command-line run and a
colleague can write at the same time); any SQLAlchemy URL works, and PostgreSQL
(``postgresql+psycopg://...``) is the team option. Every multi-row change runs in one
transaction, and every change appends to the audit log (``history()``), which the
database itself keeps append-only.

Where each method lives (one module per part, lower parts never import higher ones):

=====================  ==========================================================
part                   methods
=====================  ==========================================================
``database``           ``create``, ``open``, ``close``, ``transaction``, ``engine``, ``backend``, ``uuid``
``documents``          ``add_documents`` (re-anchoring), ``documents``, ``corpus``, ``text``
``speakers``           ``set_speaker_attributes``, ``speaker_attributes``, ``clear_speaker_attributes`` (focus groups)
``codebooks``          ``set_codebook``, ``codebook``, ``codes``
``codings``            ``add_codings``, ``codings``, ``code_counts``, ``unplaced``, ``remove_coding``
``manual``             ``code``, ``uncode``, ``place``
``restructure``        ``recode``, ``merge_codes``, ``split_code``
``review``             ``review``, ``reviews``, ``suggestions``
``memos``              ``memo``, ``memos``, ``link_memo``, ``export_memos``
``history``            ``history``, ``coders``, ``add_coder``, ``status``, ``integrity_check``
``backup``             ``backup``, ``restore``, ``snapshot``
``segments``           ``import_segments`` (coded-segment tables of other programs)
this module            ``import_qdpx``, ``export_qdpx`` (glue to :mod:`researchkit.refi`)
=====================  ==========================================================

Examples
--------
>>> import tempfile, os
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> folder = tempfile.mkdtemp()
>>> project = Project.create(os.path.join(folder, "demo.rkp"), user="anna")
>>> corpus = Corpus([Transcript("R01", "I: vraag\\nR: we werken goed samen",
...                  turns=(Turn("I", "interviewer", 3, 8), Turn("R", "respondent", 12, 32)))])
>>> _ = project.add_documents(corpus)
>>> project.code("R01", quote="goed samen", code="SAM", coder="anna")[["start", "end", "text"]].values.tolist()
[[22, 32, 'goed samen']]
>>> project.close()
"""

from __future__ import annotations

import os
from typing import Any, Mapping, Sequence

from researchkit.project.backup import BackupPart
from researchkit.project.connect import BUSY_TIMEOUT_S, is_url, probe_sqlite
from researchkit.project.documents import AddReport
from researchkit.project.history import HistoryPart
from researchkit.project.manual import ManualPart
from researchkit.project.memos import MemosPart
from researchkit.project.restructure import RestructurePart
from researchkit.project.review import ReviewPart
from researchkit.project.segments import SegmentImportPart
from researchkit.project.speakers import SpeakersPart, SpeakersReport
from researchkit.project.rows import CODINGS_FRAME_COLUMNS

#: kept for callers of the former single-module store
_is_url = is_url

__all__ = ["Project", "AddReport", "SpeakersReport", "CODINGS_FRAME_COLUMNS", "BUSY_TIMEOUT_S", "probe_sqlite"]


class Project(ManualPart, RestructurePart, ReviewPart, MemosPart, HistoryPart, BackupPart, SegmentImportPart, SpeakersPart):
    """A coding project stored in SQLite (default) or any SQLAlchemy database.

    Use :meth:`create` or :meth:`open`; close with :meth:`close` or a ``with`` block.
    The methods are documented where they live (see the table in :mod:`researchkit.project.store`);
    the constructor's parameters are those of :class:`~researchkit.project.database.Database`.

    Examples
    --------
    >>> import tempfile, os
    >>> with Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp")) as project:
    ...     project.schema_version
    4
    """

    def segments(self, *, code: str | Sequence[str] | None = None, coder: str | Sequence[str] | None = None,
                 source_kind: str | Sequence[str] | None = None, where: Mapping[str, Any] | None = None,
                 context: str | int = "sentence", descendants: bool = True) -> Any:
        """The coded segments with context, speaker and attributes (see :func:`researchkit.query.segments`).

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript, Turn
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> _ = p.add_documents(Transcript("R01", "R: De boot kwam 's nachts. Niemand zag het.", (Turn("R", "respondent", 3, 43),)))
        >>> _ = p.code("R01", quote="De boot kwam 's nachts.", code="SIG", coder="anna")
        >>> p.segments(code="SIG")[["doc_id", "text", "context"]].values.tolist()
        [['R01', "De boot kwam 's nachts.", "De boot kwam 's nachts."]]
        """
        from researchkit.query import segments

        return segments(self, code=code, coder=coder, source_kind=source_kind, where=where, context=context,
                        descendants=descendants)

    def import_qdpx(self, path: str | os.PathLike, *, labels: Mapping[str, str] | None = None, strict: bool = False,
                    coder: str | None = None) -> Any:
        """Import a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder ... or researchkit) in one transaction.

        Documents, codes, codings (per coder), attributes and memos are matched to what
        the project holds by GUID, then by name (see :mod:`researchkit.project.exchange`).

        Parameters
        ----------
        path
            The ``.qdpx`` file.
        labels
            Speaker label -> role map for finding turns in texts from other programs.
        strict
            Refuse schema-invalid files and selections that fit no offset convention.
        coder
            Who did the import (audit log).

        Returns
        -------
        researchkit.refi.ExchangeReport
            Counts, the offset convention per document, what could not be carried over.

        Examples
        --------
        >>> import tempfile, os
        >>> from researchkit.transcripts import Transcript
        >>> tmp = tempfile.mkdtemp()
        >>> a = Project.create(os.path.join(tmp, "a.rkp"))
        >>> _ = a.add_documents(Transcript("R01", "R: de haven"))
        >>> _ = a.export_qdpx(os.path.join(tmp, "a.qdpx"))
        >>> b = Project.create(os.path.join(tmp, "b.rkp"))
        >>> b.import_qdpx(os.path.join(tmp, "a.qdpx")).counts["documents"]
        1
        >>> b.documents()["uuid"].tolist() == a.documents()["uuid"].tolist()
        True
        """
        from researchkit.project.exchange import import_exchange
        from researchkit.refi import read_qdpx

        return import_exchange(self, read_qdpx(path, labels=labels, strict=strict), coder=coder)

    def import_qualcoder(self, path: str | os.PathLike, *, labels: Mapping[str, str] | None = None, strict: bool = False,
                         coder: str | None = None) -> Any:
        """Import a QualCoder project straight from its database (the ``Name.qda`` folder or its ``data.qda``).

        The database is opened read-only and never changed
        (:func:`researchkit.refi.qualcoder.read_qualcoder`); what it holds is stored as
        :meth:`import_qdpx` stores a ``.qdpx`` (one transaction; documents, codes, codings,
        attributes and memos matched by GUID, then by name, so importing it again adds only
        what is new).

        Parameters
        ----------
        path
            The project folder or its ``data.qda`` file.
        labels
            Speaker label -> role map for finding turns in the texts.
        strict
            Refuse a database newer than known (RK613) and codings whose offsets do not hold
            their coded text (RK615) instead of listing them.
        coder
            Who did the import (audit log).

        Returns
        -------
        researchkit.refi.ExchangeReport
            Counts, how the codings' offsets held, what could not be carried over.

        Examples
        --------
        >>> import tempfile, os, sqlite3
        >>> folder = os.path.join(tempfile.mkdtemp(), "Havens.qda"); os.mkdir(folder)
        >>> con = sqlite3.connect(os.path.join(folder, "data.qda"))
        >>> _ = con.executescript(
        ...     "create table project (databaseversion text, date text, memo text, about text);"
        ...     "create table source (id integer primary key, name text, fulltext text, mediapath text, memo text, owner text, date text);"
        ...     "create table code_cat (catid integer primary key, name text, owner text, date text, memo text, supercatid integer);"
        ...     "create table code_name (cid integer primary key, name text, memo text, catid integer, owner text, date text, color text);"
        ...     "create table code_text (cid integer, fid integer, seltext text, pos0 integer, pos1 integer, owner text, date text, memo text);"
        ...     "insert into project values ('v1', '2020-01-01 10:00:00', '', 'QualCoder 1.9');"
        ...     "insert into source values (1, 'R01', 'R: de haven', null, '', 'anna', '2020-01-02 10:00:00');"
        ...     "insert into code_name values (1, 'Haven', '', null, 'anna', '2020-01-02 10:00:00', '#1F77B4');"
        ...     "insert into code_text values (1, 1, 'haven', 6, 11, 'anna', '2020-01-02 10:01:00', '');")
        >>> con.commit(); con.close()
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.import_qualcoder(folder).counts["codings"]
        1
        >>> p.segments(code="Haven")["text"].tolist()
        ['haven']
        """
        from researchkit.project.exchange import import_exchange
        from researchkit.refi.qualcoder import read_qualcoder

        return import_exchange(self, read_qualcoder(path, labels=labels, strict=strict), coder=coder, action="import_qualcoder")

    def import_rqda(self, path: str | os.PathLike, *, labels: Mapping[str, str] | None = None, strict: bool = False,
                    coder: str | None = None) -> Any:
        """Import an RQDA project straight from its ``.rqda`` file (an SQLite database).

        The file is opened read-only and never changed (:func:`researchkit.refi.rqda.read_rqda`);
        what it holds is stored as :meth:`import_qualcoder` stores a QualCoder project (one
        transaction; matched by GUID, then by name, so importing it again adds only what is
        new). Rows deleted in RQDA (``status`` 0) are left out and counted in the report.

        Parameters
        ----------
        path
            The ``.rqda`` file.
        labels
            Speaker label -> role map for finding turns in the texts.
        strict
            Refuse codings whose offsets do not hold their coded text (RK618) and codings of
            files or codes missing from the database (RK619) instead of listing them.
        coder
            Who did the import (audit log).

        Returns
        -------
        researchkit.refi.ExchangeReport
            Counts, how the codings' offsets held, what was deleted or could not be carried over.

        Examples
        --------
        >>> import tempfile, os, sqlite3
        >>> path = os.path.join(tempfile.mkdtemp(), "havens.rqda")
        >>> con = sqlite3.connect(path)
        >>> _ = con.executescript(
        ...     "create table source (name text, id integer, file text, memo text, owner text, date text, dateM text, status integer);"
        ...     "create table freecode (name text, memo text, owner text, date text, dateM text, id integer, status integer);"
        ...     "create table coding (cid integer, fid integer, seltext text, selfirst real, selend real, status integer,"
        ...     " owner text, date text, memo text);"
        ...     "insert into source values ('R01', 1, 'R: de haven', '', 'anna', '', '', 1);"
        ...     "insert into freecode values ('Haven', '', 'anna', '', '', 1, 1);"
        ...     "insert into coding values (1, 1, 'haven', 6, 11, 1, 'anna', '', '');")
        >>> con.commit(); con.close()
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> p.import_rqda(path).counts["codings"]
        1
        >>> p.segments(code="Haven")["text"].tolist()
        ['haven']
        """
        from researchkit.project.exchange import import_exchange
        from researchkit.refi.rqda import read_rqda

        return import_exchange(self, read_rqda(path, labels=labels, strict=strict), coder=coder, action="import_rqda")

    def export_qdpx(self, path: str | os.PathLike, *, key: Any = None, kinds: Sequence[str] | str | None = None,
                    allow_unpseudonymised: bool = False, target: str = "standard", recordings: bool = False) -> Any:
        """Write the project as a REFI-QDA ``.qdpx`` file (see :func:`researchkit.refi.write_qdpx`).

        With a privacy ``key`` (and/or identifier pattern ``kinds``) the export is
        pseudonymised and leak-checked before it is written. ``target`` (``nvivo``,
        ``atlasti``, ``maxqda``, ``qualcoder``, ``qc``) writes offsets and source files
        as that program reads them. ``recordings=True`` also writes each transcript's
        recording with its sync points, where the project knows both.

        Examples
        --------
        >>> import tempfile, os, zipfile
        >>> p = Project.create(os.path.join(tempfile.mkdtemp(), "p.rkp"))
        >>> report = p.export_qdpx(os.path.join(tempfile.mkdtemp(), "p.qdpx"))
        >>> "project.qde" in zipfile.ZipFile(report.path).namelist()
        True
        """
        from researchkit.refi import write_qdpx

        return write_qdpx(self, path, key=key, kinds=kinds, allow_unpseudonymised=allow_unpseudonymised,
                          target=target, recordings=recordings)
