# Two commands from a fresh clone: `make site` and `make test`. `make serve` previews with live reload.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve check clean

site: $(STAMP)
	$(BIN)/python -m build_tools build

test: $(STAMP)
	$(BIN)/python -m pytest -q

serve: $(STAMP)
	$(BIN)/python -m build_tools serve

check: $(STAMP)
	$(BIN)/python -m build_tools check

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

clean:
	rm -rf build site .site.next .site.pagefind .site.work $(VENV)
