# `make demo` and `make test` each do the whole set-up on a fresh Debian/Ubuntu
# machine: system packages (when root, else the exact apt command), a .venv,
# and the package with its test extras.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup system system-test clean bench

demo: setup
	$(BIN)/publish build
	@echo "示例汇编已写入 dist/（看一页：pdftoppm -png -r 80 -f 1 -l 1 dist/<文件>.pdf page）"

# The test files two at a time, one per core (pytest-xdist; a file's shared
# builds stay in one process).
test: system-test $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

setup: system $(STAMP)

system:
	@sh scripts/install-system-deps.sh

system-test:
	@sh scripts/install-system-deps.sh --test

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || { echo "python3 -m venv failed: install python3-venv (apt-get install -y python3-venv)"; exit 1; }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

# Every benchmark, then one table (a few minutes on a quiet 2-core machine).
bench: setup
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf dist build *.egg-info .pytest_cache
