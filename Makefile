# Two commands from a fresh clone: `make site` and `make test`. `make serve` previews with live reload.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock

.PHONY: site test test-fast serve check golden lock clean

site: $(STAMP)
	$(BIN)/python -m build_tools build

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The edit-test loop: leaves out the tests that build a whole site or drive Chromium (markers in pyproject.toml).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser"

# After an intended change to the generated pages: rewrite tests/golden/, then review its diff.
golden: $(STAMP)
	$(BIN)/python -m pytest -q tests/test_golden.py --update-golden

serve: $(STAMP)
	$(BIN)/python -m build_tools serve

check: $(STAMP)
	$(BIN)/python -m build_tools check

$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# After changing requirements.txt or pyproject.toml's dependencies: pins plus the hash of every file
# PyPI has for them, resolved once for every Python and platform (uv's --universal). uv reads neither
# pip.conf nor PIP_* settings, so no machine's local index ends up in the lock. 3.11.5 is the oldest Python the
# pins support (pymdown-extensions 13.1 needs it).
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra test requirements.txt --universal --python-version 3.11.5 \
	  --generate-hashes --custom-compile-command "make lock" --quiet -o $(LOCK)

clean:
	rm -rf build site .site.next .site.pagefind .site.work $(VENV)
