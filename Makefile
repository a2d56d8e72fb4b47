# researchkit — the two commands that work on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench install clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test,notebooks]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/researchkit ingest transcripts --attributes transcripts/attributes.csv
	$(VENV)/bin/researchkit run codebook/demo-run.yaml

# Browser tests need Debian's Chromium (`bash .ci/chromium.sh`); PostgreSQL tests need
# RESEARCHKIT_TEST_PG_URL (`.ci/postgres.sh`). Without them those cases are deselected and
# the summary says so; CI (.ci/run) provides both.
test: $(STAMP)
	@if [ -z "$$RESEARCHKIT_NO_BROWSER" ] && ! command -v chromium >/dev/null 2>&1; then \
		echo "note: Chromium not found, browser tests deselected (bash .ci/chromium.sh installs it)"; \
		export RESEARCHKIT_NO_BROWSER=1; \
	fi; \
	$(PY) -m pytest -q -n auto

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) out .pytest_cache
