"""Helpers for the workspace browser tests and benchmark: a JupyterLab server on loopback, notebooks, waiting.

Kept out of conftest.py so that tests and ``benchmarks/bench_workspace.py`` can import them
by a unique module name.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

# the flags of .ci/chromium.sh: root in a container, nothing phoning home
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
CHROMIUM_ENV = "RESEARCHKIT_CHROMIUM"


def chromium_path() -> str:
    import shutil

    return os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or "/usr/bin/chromium"


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
