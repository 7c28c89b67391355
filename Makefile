# Two commands for a fresh machine: `make report YEAR=2019` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
YEAR ?= 2019
LOCK := requirements.lock
MINIMUM := requirements-minimum.txt
STAMP := $(VENV)/.installed
UV := uv==0.13.9
# The tests that exercise every library the pipeline imports, run again at the lowest versions it declares.
MIN_TESTS := tests/plan tests/merge tests/forms tests/intake/test_collect.py tests/render/test_documents.py \
	tests/render/test_layout.py tests/cli/test_words.py tests/workflow/test_archive.py

.PHONY: report forms sample serve test test-min install-check bench lint lock system clean

# Exactly the versions in the lock (hashes checked), then the pipeline itself.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --require-hashes -r $(LOCK)
	@$(PY) -m pip install -q --no-deps -e .
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

# The web desk on 127.0.0.1:8000; the first start issues every unit a link (the list's path is printed).
serve: $(STAMP)
	@bash .ci/system-packages.sh --check-or-install
	$(PY) -m pipeline serve --year $(YEAR)

test: $(STAMP)
	$(PY) -m ruff check --output-format concise pipeline tests benchmarks tools
	@bash .ci/verapdf.sh
	$(PY) -m pytest -n auto --dist loadfile; rc=$$?; [ $$rc -eq 5 ] && echo "pytest: no tests collected" && exit 0; exit $$rc

# The declared lower bounds, tested: a venv of the lowest versions pyproject.toml allows.
test-min: $(STAMP)
	@test -x .venv-min/bin/python || $(PYTHON) -m venv .venv-min
	@.venv-min/bin/python -m pip install -q --prefer-binary -r $(MINIMUM)
	@.venv-min/bin/python -m pip install -q --no-deps -e .
	.venv-min/bin/python -m pytest -p no:cacheprovider $(MIN_TESTS)

# A normal (not editable) install from the lock runs a whole year from another folder: templates and data ship
# inside the package, nothing is read from the checkout but the sample inputs named on the command line.
install-check:
	@here=$$(mktemp -d) && trap 'rm -rf "$$here"' EXIT && $(PYTHON) -m venv "$$here/venv" && \
	"$$here/venv/bin/python" -m pip install -q --require-hashes -r $(LOCK) && \
	"$$here/venv/bin/python" -m pip install -q --no-deps . && cd "$$here" && \
	venv/bin/python -m pipeline report --year $(YEAR) --inputs "$(CURDIR)/inputs" --outputs outputs > report.log && \
	for y in $$(ls outputs); do venv/bin/python -m pipeline verify --year $$y --inputs "$(CURDIR)/inputs" --outputs outputs || exit 1; done && \
	echo "install-check: pip install . ran report --year $(YEAR) from $$here; verify passed for $$(ls outputs)"

# After changing a dependency in pyproject.toml: the lock (what make installs) and the lowest versions allowed.
lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q "$(UV)"
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra audit --python-version 3.11 --generate-hashes --quiet \
		--custom-compile-command "make lock" -o $(LOCK)
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --python-version 3.11 --resolution lowest-direct \
		--quiet --custom-compile-command "make lock" -o $(MINIMUM)

bench: $(STAMP)
	$(PY) benchmarks/bench.py
	$(PY) benchmarks/desk.py

clean:
	rm -rf outputs
