# Two commands do all the set-up on a fresh machine:
#   make build   builds the knowledge graph of seeds/ into output/ (creating .venv from pyproject.toml)
#   make test    runs the whole test suite (what .ci/run calls)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pytest-xdist workers for make test: one per logical CPU (CI has two). Each test file runs whole on one worker, the
# tests sharing a whole-corpus build on one (tests/conftest.py); --no-loadscope-reorder keeps the order conftest
# gives (the files that read a whole corpus first). TEST_WORKERS=0 runs the suite in one process. --durations prints
# the 25 slowest tests, so that a CI log shows where the 15-minute budget goes.
TEST_WORKERS ?= logical

.PHONY: build test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=77'  # the packaging tests build metadata as PEP 639 does
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/kg build seeds/ --store output/

# Test tools from Debian, installed where missing: Chromium (browser tests), a JDK and the OWL API (the OWL 2 DL
# check), Virtuoso's server and isql only (virtuoso-opensource's binaries; the tests start their own instance).
test: $(STAMP)
	bash tools/ensure-chromium
	bash tools/ensure-deb 'OWL 2 DL profile' javac default-jdk-headless
	bash tools/ensure-deb 'OWL 2 DL profile' /usr/share/java/owlapi-distribution.jar libowlapi-java
	bash tools/ensure-deb 'Virtuoso' virtuoso-t virtuoso-opensource-7-bin
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder --durations=25

lint: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) output/store output/graph.*
