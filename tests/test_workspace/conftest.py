"""Fixtures for the workspace tests: a real Jupyter server on loopback and Debian's Chromium.

The browser tests (``test_*_browser.py``) open notebooks in JupyterLab in headless
Chromium through Playwright (``executable_path``; Playwright's own browser download is
never used). If Chromium or Playwright is missing they FAIL with what to do
(``bash .ci/chromium.sh``); only ``RESEARCHKIT_NO_BROWSER=1`` deselects them, and the run
says so. PostgreSQL cases follow tests/test_project: deselected without
``RESEARCHKIT_TEST_PG_URL``, failing with ``RESEARCHKIT_REQUIRE_PG=1``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path
from typing import Any, Iterator

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # workspace_fixtures
NO_BROWSER_ENV = "RESEARCHKIT_NO_BROWSER"
CHROMIUM_ENV = "RESEARCHKIT_CHROMIUM"
PG_ENV = "RESEARCHKIT_TEST_PG_URL"
REQUIRE_PG_ENV = "RESEARCHKIT_REQUIRE_PG"
# the flags of .ci/chromium.sh: root in a container, nothing phoning home
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
_DESELECTED = pytest.StashKey[int]()


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


def chromium_path() -> str:
    return os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or "/usr/bin/chromium"


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServer:
    """A JupyterLab server on 127.0.0.1 with a random port and token, rooted in its own temp folder."""

    def __init__(self, root: Path, home: Path) -> None:
        self.root = root
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        env = dict(os.environ)
        env.update({
            "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
            "IPYTHONDIR": str(home / "ipython"), "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        })
        # no announcements, news or update checks: nothing leaves the machine
        settings = home / "settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        self.log = open(home / "jupyter.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}", "--port-retries=0", "--allow-root",
             f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--ServerApp.disable_check_xsrf=False"],
            cwd=root, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Jupyter did not start:\n{(home / 'jupyter.log').read_text()[-3000:]}")
            time.sleep(0.5)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str) -> str:
        return f"{self.base}/lab/tree/{notebook}?token={self.token}&reset"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    root = tmp_path_factory.mktemp("jupyter_root")
    home = tmp_path_factory.mktemp("jupyter_home")
    server = JupyterServer(root, home)
    try:
        yield server
    finally:
        server.stop()


def write_notebook(path: Path, cells: list[str]) -> Path:
    """A notebook file with these code cells (python3 kernel)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def open_notebook(browser: Any, server: JupyterServer, name: str, *, viewport: dict | None = None) -> Any:
    """Open a notebook in JupyterLab, run all its cells, and return the page (loopback only)."""
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000})
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.requests_out = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda err: page.errors.append(str(err)))

    def guard(route: Any) -> None:
        if route.request.url.startswith(server.base) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            page.requests_out.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(server.url(name))
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell && window.jupyterapp.shell.currentWidget "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext", timeout=180_000)
    page.wait_for_function("""async () => {
        const w = window.jupyterapp.shell.currentWidget;
        await w.sessionContext.ready;
        return w.sessionContext.session && w.sessionContext.session.kernel && w.sessionContext.session.kernel.status === 'idle';
    }""", timeout=180_000, polling=500)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    return page


def wait_until(predicate: Any, *, timeout: float = 60.0, what: str = "condition") -> Any:
    """Poll ``predicate()`` until it returns something truthy (a wait, not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)
