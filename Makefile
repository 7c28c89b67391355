# Two commands for a fresh machine: `make report YEAR=2019` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
YEAR ?= 2019
STAMP := $(VENV)/.installed

.PHONY: report forms sample test bench lint system clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

# Fonts, HarfBuzz subsetting, poppler and LibreOffice from Debian (needs root; says what to do otherwise).
system:
	@bash .ci/system-packages.sh

report: $(STAMP)
	@bash .ci/system-packages.sh --check-or-install
	$(PY) -m pipeline report --year $(YEAR)

forms: $(STAMP)
	$(PY) -m pipeline forms --year $(YEAR)

sample: $(STAMP)
	$(PY) -m pipeline sample --year $(YEAR)

test: $(STAMP)
	$(PY) -m ruff check --output-format concise pipeline tests benchmarks tools
	$(PY) -m pytest; rc=$$?; [ $$rc -eq 5 ] && echo "pytest: no tests collected" && exit 0; exit $$rc

bench: $(STAMP)
	$(PY) benchmarks/bench.py

clean:
	rm -rf outputs
