#!/usr/bin/env bash
# Build the wheel, install it into a fresh venv and import every subpackage from outside the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${1:-.venv}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$VENV/bin/python" -m build --wheel --outdir "$work/dist" . >/dev/null
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$work"/dist/*.whl
(
    cd "$work"
    "$work/venv/bin/python" - <<'PY'
import importlib
import pkgutil

import ciris_telemetry

names = ["ciris_telemetry"] + [
    m.name for m in pkgutil.walk_packages(ciris_telemetry.__path__, "ciris_telemetry.")
]
for name in names:
    importlib.import_module(name)
required = {"ciris_telemetry.schema", "ciris_telemetry.resolvers", "ciris_telemetry.datasources",
            "ciris_telemetry.subscriptions", "ciris_telemetry.cli"}
missing = required - set(names)
assert not missing, f"not in the wheel: {missing}"
print(f"wheel imports {len(names)} modules")
PY
    "$work/venv/bin/ciris-telemetry" --version
)
