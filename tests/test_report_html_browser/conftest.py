"""Headless Chromium for the browser tests of researchkit.report.html.

The tests drive Debian's ``chromium`` through Playwright (``executable_path``; Playwright's
own browser download is never used). If Chromium or Playwright is missing, every browser
test FAILS and says what to do (``bash .ci/chromium.sh``); they are never skipped. Only
with ``RESEARCHKIT_NO_BROWSER=1`` are they deselected, and the run says so: in the
terminal summary (plain pytest) or, under pytest-xdist, as a warning from each worker
(this conftest lives in a folder that the xdist controller does not load up front).

Environment
-----------
RESEARCHKIT_NO_BROWSER=1
    Deselect the browser tests.
RESEARCHKIT_CHROMIUM
    Path of the Chromium binary (default: ``chromium`` on PATH, else /usr/bin/chromium).
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path
from typing import Any, Iterator

import pytest

HERE = Path(__file__).resolve().parent
NO_BROWSER_ENV = "RESEARCHKIT_NO_BROWSER"
CHROMIUM_ENV = "RESEARCHKIT_CHROMIUM"
# Flags for running as root in a container, with nothing phoning home.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_DESELECTED = pytest.StashKey[int]()


def _message(n: int) -> str:
    return (
        f"{NO_BROWSER_ENV}=1: {n} browser test(s) of researchkit.report.html (tests/test_report_html_browser) deselected; "
        "the HTML page was NOT checked in a real browser"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(NO_BROWSER_ENV) != "1":
        return
    mine = [item for item in items if HERE in Path(str(item.path)).resolve().parents]
    if not mine:
        return
    ids = {id(item) for item in mine}
    items[:] = [item for item in items if id(item) not in ids]
    config.hook.pytest_deselected(items=mine)
    config.stash[_DESELECTED] = len(mine)
    if hasattr(config, "workerinput"):  # xdist worker: the controller prints warnings, not our summary
        warnings.warn(pytest.PytestWarning(_message(len(mine))), stacklevel=1)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    n = config.stash.get(_DESELECTED, 0)
    if n:
        terminalreporter.write_sep("-", "browser tests")
        terminalreporter.write_line(_message(n), yellow=True)


def chromium_path() -> str:
    """The Chromium binary the tests use."""
    return os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or "/usr/bin/chromium"


class Browser:
    """A persistent Chromium context, or the reason there is none (reported as a failure)."""

    def __init__(self, context: Any = None, problem: str | None = None) -> None:
        self.context = context
        self.problem = problem

    def page(self) -> Any:
        """A new page; fails the calling test with instructions when there is no browser."""
        if self.problem:
            pytest.fail(self.problem, pytrace=False)
        page = self.context.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda err: page.errors.append(str(err)))
        page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
        return page


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    exe = chromium_path()
    if not Path(exe).exists():
        yield Browser(problem=(
            f"Chromium not found ({exe!r}). Install it with `bash .ci/chromium.sh` (Debian package "
            f"`chromium`), point {CHROMIUM_ENV} at the binary, or set {NO_BROWSER_ENV}=1 to deselect the browser tests."
        ))
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        yield Browser(problem=(
            "the Python package `playwright` is not installed: run `pip install -e '.[test]'` (or `pip install playwright`). "
            "Do not run `playwright install`: the tests use the system Chromium from `bash .ci/chromium.sh`."
        ))
        return
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        try:
            context = pw.chromium.launch_persistent_context(
                str(profile),
                executable_path=exe,
                headless=True,
                args=CHROMIUM_FLAGS,
                viewport={"width": 1280, "height": 900},
                offline=True,
            )
        except Exception as err:  # a broken install must fail the tests, with the reason
            yield Browser(problem=f"Chromium at {exe!r} did not start: {err}. Reinstall it with `bash .ci/chromium.sh`.")
            return
        try:
            yield Browser(context)
        finally:
            context.close()
