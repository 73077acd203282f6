# octavo: thin targets over the CLI. `make book` and `make test` install what is missing first.
VENV   ?= .venv
BOOK   ?= manuscript
OCTAVO := $(VENV)/bin/octavo
SETUP  := $(VENV)/.octavo-installed

.DEFAULT_GOAL := book
.PHONY: book epub pdf print cover check test bench setup clean lint serve proof

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


bench: $(SETUP)
	$(VENV)/bin/python scripts/bench.py

clean:
	rm -rf build
