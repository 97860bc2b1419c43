# Every target sets up what it needs: a fresh machine has only Python 3.11 and pip.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: demo test lint bench fuzz train clean

# The report's browser tests drive Debian's chromium (tests/writers/test_report_browser.py):
# installed where it is missing (CI runs as root).
CHROMIUM := /usr/bin/chromium

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,spark]'
	touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[bench]'
	touch $(BENCH_STAMP)

$(CHROMIUM):
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

demo: $(STAMP)
	$(BIN)/copydesk run examples/corpus -o out/demo --audit --report

test: $(STAMP) $(CHROMIUM)
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py

# Coverage-guided fuzzing (bench/fuzz.py), not part of `make test`: FUZZ_RUNS inputs a target.
FUZZ_RUNS ?= 100000
fuzz: $(STAMP)
	$(BIN)/pip install -q -e '.[fuzz]'
	for target in jsonl html page warc; do \
		$(BIN)/python bench/fuzz.py $$target -runs=$(FUZZ_RUNS) || exit 1; \
	done

train: $(STAMP)
	$(BIN)/python -m copydesk.clean.train

clean:
	rm -rf $(VENV) out bench/out
