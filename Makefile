# kg: every command a user or CI needs. `make demo` and `make test` work from a bare clone.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
NEO4J_PORT ?= 7687

.PHONY: setup demo test test-unit neo4j-up neo4j-down train bench clean

$(BIN)/kg: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/kg

setup: $(BIN)/kg

## Build the graph of the bundled example into out/example (no server needed).
demo: setup
	$(BIN)/kg build examples/abstracts.jsonl --out out/example

## Unit tests only (no services).
test-unit: setup
	$(BIN)/pytest -q tests/unit

## Every test: starts a real Neo4j (from Maven Central) and stops it afterwards.
test: setup
	$(BIN)/pytest -q tests

## Retrain the shipped entity recogniser kg/models/ner/ from ../shared data (seeded, one core).
train: setup
	nice -n 10 $(BIN)/python -m training.train_ner

clean:
	rm -rf out build dist *.egg-info
