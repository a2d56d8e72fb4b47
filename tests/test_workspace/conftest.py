"""Fixtures for the workspace tests: a real Jupyter server on loopback and Debian's Chromium.

The browser tests (``test_*_browser.py``) open notebooks in JupyterLab in headless
Chromium through Playwright (``executable_path``; Playwright's own browser download is
never used). If Chromium or Playwright is missing they FAIL with what to do
(``bash .ci/chromium.sh``); only ``RESEARCHKIT_NO_BROWSER=1`` deselects them, and the run
says so. PostgreSQL cases follow tests/test_project: deselected without
``RESEARCHKIT_TEST_PG_URL``, failing with ``RESEARCHKIT_REQUIRE_PG=1``.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any, Iterator

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # workspace_fixtures
NO_BROWSER_ENV = "RESEARCHKIT_NO_BROWSER"
PG_ENV = "RESEARCHKIT_TEST_PG_URL"
REQUIRE_PG_ENV = "RESEARCHKIT_REQUIRE_PG"
_DESELECTED = pytest.StashKey[int]()

from jupyter_helpers import CHROMIUM_ENV, CHROMIUM_FLAGS, JupyterServer, chromium_path  # noqa: E402


def _is_browser_test(item: pytest.Item) -> bool:
    return Path(str(item.path)).name.endswith("_browser.py") and HERE in Path(str(item.path)).resolve().parents


def _message(n: int) -> str:
    return (f"{NO_BROWSER_ENV}=1: {n} browser test(s) of researchkit.workspace (tests/test_workspace) deselected; "
            "the widgets were NOT checked in a real browser")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    drop = []
    if os.environ.get(NO_BROWSER_ENV) == "1":
        drop = [item for item in items if _is_browser_test(item)]
    pg_missing = not os.environ.get(PG_ENV, "").strip() and os.environ.get(REQUIRE_PG_ENV) != "1"
    if pg_missing:
        drop += [item for item in items if HERE in Path(str(item.path)).resolve().parents and item.get_closest_marker("postgresql") and item not in drop]
    if not drop:
        return
    ids = {id(item) for item in drop}
    items[:] = [item for item in items if id(item) not in ids]
    config.hook.pytest_deselected(items=drop)
    n = sum(1 for item in drop if _is_browser_test(item))
    if n and os.environ.get(NO_BROWSER_ENV) == "1":
        config.stash[_DESELECTED] = n
        if hasattr(config, "workerinput"):
            warnings.warn(pytest.PytestWarning(_message(n)), stacklevel=1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: needs RESEARCHKIT_TEST_PG_URL (deselected without it, fails under RESEARCHKIT_REQUIRE_PG=1)")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    n = config.stash.get(_DESELECTED, 0)
    if n:
        terminalreporter.write_sep("-", "workspace browser tests")
        terminalreporter.write_line(_message(n), yellow=True)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Chromium browser (Playwright), or a failure that says how to install one."""
    exe = chromium_path()
    if not Path(exe).exists():
        pytest.fail(f"Chromium not found ({exe!r}). Install it with `bash .ci/chromium.sh`, point {CHROMIUM_ENV} at it, "
                    f"or set {NO_BROWSER_ENV}=1 to deselect the browser tests.", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the Python package `playwright` is not installed: pip install -e '.[test]' (never `playwright install`)", pytrace=False)
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_FLAGS)
        except Exception as err:
            pytest.fail(f"Chromium at {exe!r} did not start: {err}. Reinstall it with `bash .ci/chromium.sh`.", pytrace=False)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    root = tmp_path_factory.mktemp("jupyter_root")
    home = tmp_path_factory.mktemp("jupyter_home")
    server = JupyterServer(root, home)
    try:
        yield server
    finally:
        server.stop()


