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

.PHONY: build test lint bench clean bytecode

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=77'  # the packaging tests build metadata as PEP 639 does
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# presskg's modules compiled to bytecode (kg/**/__pycache__), as pip compiles a wheel's modules when it installs
# them; it does not for an editable install, whose modules are this folder's. Without it every new process compiles
# the ~90 modules it imports from source: 0.1-0.2 s of CPU per `kg` command where PYTHONDONTWRITEBYTECODE is set,
# as in this project's environment (bench/PROFILE.md, session 15, add12). Not a venv step (that runs when
# pyproject.toml changes, the modules change more often): each target that runs presskg compiles what changed
# since, which is nothing most times (0.05 s). The variable stops Python writing bytecode, not reading it.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q kg

build: $(STAMP) bytecode
	$(BIN)/kg build seeds/ --store output/

# Test tools from Debian, installed where missing: Chromium (browser tests), a JDK and the OWL API (the OWL 2 DL
# check), Virtuoso's server and isql only (virtuoso-opensource's binaries; the tests start their own instance).
test: $(STAMP) bytecode
	bash tools/ensure-chromium
	bash tools/ensure-deb 'OWL 2 DL profile' javac default-jdk-headless
	bash tools/ensure-deb 'OWL 2 DL profile' /usr/share/java/owlapi-distribution.jar libowlapi-java
	bash tools/ensure-deb 'Virtuoso' virtuoso-t virtuoso-opensource-7-bin
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder --durations=25

lint: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/mypy

bench: $(STAMP) bytecode
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) output/store output/graph.*
