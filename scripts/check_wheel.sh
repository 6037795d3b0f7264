#!/usr/bin/env bash
# Build the gateway's and the SDK's wheels, install them into a fresh venv and import every
# module of both from outside the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${1:-.venv}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$VENV/bin/python" -m build --wheel --outdir "$work/dist" . >/dev/null
"$VENV/bin/python" -m build --wheel --outdir "$work/dist" sdk/python >/dev/null
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

import importlib.resources

import ciris_telemetry_sdk

sdk = ["ciris_telemetry_sdk"] + [
    m.name for m in pkgutil.walk_packages(ciris_telemetry_sdk.__path__, "ciris_telemetry_sdk.")
]
for name in sdk:
    importlib.import_module(name)
assert "ciris_telemetry_sdk.generated.client" in sdk, sdk
assert importlib.resources.files("ciris_telemetry_sdk").joinpath("py.typed").is_file()
print(f"SDK wheel imports {len(sdk)} modules")
PY
    "$work/venv/bin/ciris-telemetry" --version
)
