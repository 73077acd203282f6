# octavo: thin targets over the CLI. `make book` and `make test` install what is missing first.
VENV   ?= .venv
BOOK   ?= manuscript
OCTAVO := $(VENV)/bin/octavo
SETUP  := $(VENV)/.octavo-installed

.DEFAULT_GOAL := book
.PHONY: book epub pdf print cover check test test-fast codes bench setup clean lint serve proof

$(SETUP): pyproject.toml scripts/setup.sh
	./scripts/setup.sh

setup: $(SETUP)

book: $(SETUP)
	$(OCTAVO) build --book $(BOOK)

epub pdf print cover: $(SETUP)
	$(OCTAVO) build --book $(BOOK) --format $@

check: $(SETUP)
	$(OCTAVO) check --book $(BOOK)

lint: $(SETUP)
	$(OCTAVO) lint --book $(BOOK)

serve: $(SETUP)
	$(OCTAVO) serve --book $(BOOK)

proof: $(SETUP)
	$(OCTAVO) build --book $(BOOK) --format print --proof

test: $(SETUP)
	$(VENV)/bin/python -m pytest

# the unit tier and the quick book tests (no book is built): under a minute
test-fast: $(SETUP)
	$(VENV)/bin/python -m pytest -m "not slow"

# rewrite README.md's table of diagnostic codes from octavo/codes/
codes: $(SETUP)
	$(VENV)/bin/python scripts/codes_table.py


bench: $(SETUP)
	$(VENV)/bin/python scripts/bench.py

clean:
	rm -rf build
