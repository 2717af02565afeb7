# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Quiet installs: setuptools' advice on editable installs is for us, not for the user.
PIP    := PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet

.PHONY: demo test clean

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
	$(PIP) --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) -e ".[test]"
	@touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache
	find index -mindepth 1 ! -name .gitignore -delete
