# Review aggregator: `make demo` runs the pipeline on the bundled demo sites,
# `make test` runs linters, type checks and the test suite.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= $(or $(AGGREGATOR_CORPUS),../shared/corpus)

.PHONY: setup demo test lint typecheck pytest eval bench serve-demo lock clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

demo: setup
	$(BIN)/python -m demo.run

serve-demo: setup
	$(BIN)/python demo/server.py --port 8765

test: setup lint typecheck pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy aggregator pipelines tools demo/server.py demo/run.py tests benchmarks

pytest: setup
	$(BIN)/python -m pytest

eval: setup
	$(BIN)/python -m tools.evaluate $(CORPUS)

# `make bench N=500` for a quick run; figures go to benchmarks/RESULTS.md.
N ?= 5000
bench: setup
	$(BIN)/python -m benchmarks.run $(CORPUS) --pages $(N)

lock:
	rm -rf /tmp/aggregator-lock && $(PYTHON) -m venv /tmp/aggregator-lock
	/tmp/aggregator-lock/bin/pip install --quiet scrapy itemloaders sqlalchemy alembic dateparser \
	  extruct trafilatura w3lib "psycopg[binary]" scrapy-redis ftfy datasketch rapidfuzz
	@echo "Pinned set:"; /tmp/aggregator-lock/bin/pip freeze

clean:
	rm -rf data exports/*.json exports/*.jsonl exports/feeds .pytest_cache .mypy_cache .ruff_cache
