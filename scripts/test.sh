#!/usr/bin/env bash
# Set up a virtual environment and run the whole check: lint, types, wheel, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
PY="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
# Strict editable: a real package tree under build/, so mypy and imports see what a wheel has.
"$VENV/bin/python" -m pip install --quiet --config-settings editable_mode=strict -e '.[test]'
# The SDK the tests drive; a plain editable install, because regenerating it replaces its files.
"$VENV/bin/python" -m pip install --quiet -e sdk/python

echo "== ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .

echo "== mypy"
"$VENV/bin/mypy" -p ciris_telemetry
"$VENV/bin/mypy" -p ciris_telemetry_sdk
"$VENV/bin/mypy" tests bench

echo "== schema changes"
# Breaking changes against main (HEAD's parent on main itself) must be in CHANGELOG.md.
"$VENV/bin/ciris-telemetry" check-schema

echo "== sdk"
# The committed Python and TypeScript SDKs must be what generation gives from this tree.
"$VENV/bin/python" sdk/generate.py --check

echo "== wheel"
scripts/check_wheel.sh "$VENV"

echo "== pytest"
"$VENV/bin/python" -m pytest "$@"
