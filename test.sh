#!/usr/bin/env bash
# Install multipolar with its test extras into .venv and run the checks: ruff, mypy, pytest.
# Usage: ./test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev,ray]'
if [ -f .ci/install-browser.sh ]; then bash .ci/install-browser.sh; fi
.venv/bin/ruff check src tests bench
.venv/bin/mypy
.venv/bin/pytest "$@"
