"""A small project to try things on: used by the examples in the docstrings.

Examples
--------
>>> p = example_project({"R01": "R: de haven van Harlingen"})
>>> p.text("R01")
'R: de haven van Harlingen'
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from typing import Mapping

from researchkit.project.store import Project
from researchkit.transcripts import Transcript


def example_project(texts: Mapping[str, str], *, user: str = "anna") -> Project:
    """A new SQLite project in a fresh temporary folder holding ``texts`` (``doc_id -> text``).

    The folder is removed when the project is garbage-collected or Python exits, so examples
    leave nothing behind in the temporary directory.

    Examples
    --------
    >>> example_project({"R01": "R: ja", "R02": "R: nee"}).documents()["doc_id"].tolist()
    ['R01', 'R02']
    """
    folder = tempfile.mkdtemp(prefix="rk-example-")
    project = Project.create(os.path.join(folder, "example.rkp"), user=user)
    weakref.finalize(project, shutil.rmtree, folder, ignore_errors=True)
    if texts:
        project.add_documents([Transcript(doc_id, text) for doc_id, text in texts.items()])
    return project
