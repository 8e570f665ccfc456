# Two commands do all setup on a fresh machine (Python 3.11 + pip):
#   make report   demo data (if data/raw is empty) -> ingest -> scores -> reports
#   make test     the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data
# the pseudonym key of `make report`: beside the project, outside DATA (OSALLISUUS_KEY wins)
KEY    ?= $(or $(OSALLISUUS_KEY),$(CURDIR)/keys/$(notdir $(abspath $(DATA))).key)
# pytest-xdist workers of `make test` / `make test-fast` (`make test JOBS=auto`: one per core);
# a module's tests stay on one worker, so its module fixtures are built once
JOBS   ?= 2
PYTEST := $(BIN)/python -m pytest -n $(JOBS) --dist loadscope --no-loadscope-reorder

.PHONY: setup report test test-fast bench lab docs lock clean

# The tested set of versions (requirements.lock, written by `make lock`), then the package itself.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

report: $(STAMP)
	$(BIN)/osallisuus build --data $(DATA) --key $(KEY)

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(PYTEST)

# the quick loop while developing: everything but whole report batches, notebooks, the browser
# and the heavy fault and attack tests (CI and `make test` run them all), property tests with a
# tenth of their examples (the hypothesis profile `dev`, tests/conftest.py)
test-fast: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(PYTEST) -q -m "not e2e and not slow" --hypothesis-profile=dev

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_reports.py

# the user guide (Finnish and English) as a static site in site/; open site/index.html
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

# Pin the newest versions pyproject.toml allows (all extras) into requirements.lock, with
# pip-tools in a throwaway environment; run `make test` on the result before committing it.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" .venv-lock/bin/pip-compile --all-extras --strip-extras --no-emit-find-links --no-emit-index-url \
		--no-emit-trusted-host --quiet --output-file=requirements.lock pyproject.toml
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .venv-lock build site *.egg-info src/*.egg-info
