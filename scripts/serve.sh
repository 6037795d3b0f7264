#!/usr/bin/env bash
# Set up a virtual environment and serve the gateway (default: the embedded reference agent).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
if [ ! -x "$VENV/bin/ciris-telemetry" ]; then
    "${PYTHON:-python3}" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e .
fi
exec "$VENV/bin/ciris-telemetry" serve "$@"
