# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Quiet installs: setuptools' advice on editable installs is for us, not for the user.
PIP    := PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet
# The locks pin every package of the runtime and of the test extra, with hashes (see `make lock`).
# pip's hash-checking mode cannot hash the project itself: it goes in afterwards, without deps.
LOCK      := requirements.lock
TEST_LOCK := requirements-test.lock
UV_VERSION := 0.13.9
LOCK_VENV  := .venv-lock
# Locks for every platform and Python >= 3.11 (pagefind-bin's wheels of all platforms are hashed).
UV_COMPILE := $(LOCK_VENV)/bin/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock"
LATEST_VENV := .venv-latest
# An editable install leaves searcher/ uncompiled, and with PYTHONDONTWRITEBYTECODE set (as on
# this project's machines) every command would compile it again: 80 ms of each search.
COMPILE := $(BIN)/python -m compileall -q searcher

.PHONY: demo test lock test-latest test-install clean

demo: $(VENV)/.installed
	$(BIN)/searcher index corpus/
	$(BIN)/searcher search izyum
	$(BIN)/searcher site site/ --title "searcher demo"
	@echo
	@echo "Index in ./index; try: $(BIN)/searcher search --help"
	@echo "Static site in ./site; preview it with: $(BIN)/searcher serve site/"

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Error: searcher needs Python 3.11 or newer; run make PYTHON=python3.11 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(PIP) --require-hashes -r $(LOCK)
	$(PIP) --no-deps -e .
	$(COMPILE)
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(TEST_LOCK) | $(BIN)/python
	$(PIP) --require-hashes -r $(TEST_LOCK)
	$(PIP) --no-deps -e .
	$(COMPILE)
	@touch $@ $(VENV)/.installed

# Run after changing the dependencies in pyproject.toml: pins that still fit are kept.
# `make lock UPGRADE=1` moves every pin to the newest release (then run `make test`).
lock:
	@test -x $(LOCK_VENV)/bin/uv || { $(PYTHON) -m venv $(LOCK_VENV) && \
		PYTHONWARNINGS=ignore $(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION); }
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) --extra test -o $(TEST_LOCK)
	$(UV_COMPILE) -c $(TEST_LOCK) -o $(LOCK)
	@echo "Locked: $(LOCK) and $(TEST_LOCK); commit them with the change to pyproject.toml"

# The newest release of every dependency (not the lock) in a fresh venv, and a quick smoke:
# index one file of each supported type, search it, build a site. It tells what a new upstream
# release breaks before the lock is moved to it.
test-latest:
	rm -rf $(LATEST_VENV)
	$(PYTHON) -m venv $(LATEST_VENV)
	PYTHONWARNINGS=ignore $(LATEST_VENV)/bin/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore $(LATEST_VENV)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager . pytest
	$(LATEST_VENV)/bin/searcher --version
	cd tests && ../$(LATEST_VENV)/bin/python -m pytest -q -p no:cacheprovider --rootdir=.. test_smoke.py

# What a user gets: Python's own pip (no upgrade), `pip install .` (no lock), then the ISW pages.
test-install:
	PYTHON=$(PYTHON) scripts/check_install.sh

clean:
	rm -rf $(VENV) $(LATEST_VENV) $(LOCK_VENV) .pytest_cache
	find index -mindepth 1 ! -name .gitignore -delete
