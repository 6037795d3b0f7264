"""Generate the SDKs from schema.graphql and sdk/operations, or check that the committed ones are
what generation gives (`--check`, which CI runs).

    python sdk/generate.py            # regenerate sdk/python and sdk/typescript in place
    python sdk/generate.py --check    # exit 1, naming the files, when either is stale

Python: ariadne-codegen needs graphql-core < 3.3 while the gateway needs 3.3, so it runs from
its own virtual environment (.sdk-codegen/, built from sdk/python/codegen-requirements.txt and
rebuilt when that file changes). TypeScript: GraphQL Code Generator from sdk/typescript's
package-lock.json. Only the standard library is used here, so any Python >= 3.11 can run it.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SDK = ROOT / "sdk"
OPERATIONS = SDK / "operations"
PYTHON_SDK = SDK / "python"
GENERATED = PYTHON_SDK / "src" / "ciris_telemetry_sdk" / "generated"
TYPESCRIPT_SDK = SDK / "typescript"
CODEGEN_ENV = ROOT / ".sdk-codegen"
REQUIREMENTS = PYTHON_SDK / "codegen-requirements.txt"
GRAPHQL_SUFFIXES = (".graphql", ".gql")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--only", choices=("python", "typescript"), help="one SDK instead of both")
    args = parser.parse_args(argv)
    stale: list[str] = []
    if args.only in (None, "python"):
        stale += python_sdk(check=args.check)
    if args.only in (None, "typescript"):
        stale += typescript_sdk(check=args.check)
    if stale:
        print("The generated SDK differs from what generation gives; run `python sdk/generate.py`:")
        for line in stale:
            print(f"  {line}")
        return 1
    print("SDK up to date." if args.check else "SDK generated.")
    return 0


def python_sdk(check: bool) -> list[str]:
    """Generate the Python client into a staging directory; compare it or move it into place."""
    generator = codegen_environment() / "bin" / "ariadne-codegen"
    with tempfile.TemporaryDirectory(prefix="ciris-sdk-") as tmp:
        staging = Path(tmp)
        shutil.copyfile(ROOT / "schema.graphql", staging / "schema.graphql")
        shutil.copyfile(PYTHON_SDK / "codegen.toml", staging / "codegen.toml")
        stage_operations(staging / "operations")
        (staging / "out").mkdir()
        run([str(generator), "--config", "codegen.toml"], cwd=staging)
        fresh = staging / "out" / "generated"
        if check:
            return [f"sdk/python: {name}" for name in tree_differences(fresh, GENERATED)]
        shutil.rmtree(GENERATED, ignore_errors=True)
        shutil.copytree(fresh, GENERATED)
        return []


def typescript_sdk(check: bool) -> list[str]:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed for the TypeScript types (Node.js 20 or newer).")
    lock_stamp = TYPESCRIPT_SDK / "node_modules" / ".package-lock.json"
    if not lock_stamp.exists() or newer(TYPESCRIPT_SDK / "package-lock.json", lock_stamp):
        run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TYPESCRIPT_SDK)
    if not check:
        run([npm, "run", "--silent", "generate"], cwd=TYPESCRIPT_SDK)
        return []
    check = [npm, "run", "--silent", "check"]
    stale = subprocess.run(check, cwd=TYPESCRIPT_SDK, capture_output=True, text=True)
    if stale.returncode != 0:
        sys.stderr.write(stale.stdout + stale.stderr)
        return ["sdk/typescript: src/generated.ts"]
    # Up to date; the generated types and the hand-written request() must also compile.
    run([npm, "run", "--silent", "typecheck"], cwd=TYPESCRIPT_SDK)
    return []


def codegen_environment() -> Path:
    """The generator's virtual environment, (re)built when its requirements changed."""
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = CODEGEN_ENV / "requirements.sha256"
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return CODEGEN_ENV
    shutil.rmtree(CODEGEN_ENV, ignore_errors=True)
    venv.EnvBuilder(with_pip=True).create(CODEGEN_ENV)
    pip = [str(CODEGEN_ENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--quiet"]
    run([*pip, "--no-deps", "-r", str(REQUIREMENTS)], cwd=ROOT)
    stamp.write_text(wanted + "\n")
    return CODEGEN_ENV


def stage_operations(target: Path) -> None:
    """Copy every operation document, following sdk/operations/rest into the gateway's REST
    alias operations (pathlib's recursive glob does not follow directory links)."""
    for directory, _, files in os.walk(OPERATIONS, followlinks=True):
        for name in files:
            if name.endswith(GRAPHQL_SUFFIXES):
                source = Path(directory) / name
                destination = target / source.relative_to(OPERATIONS)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)


def tree_differences(fresh: Path, committed: Path) -> list[str]:
    """Files added, missing or changed in `committed` relative to `fresh`, with a short diff."""
    fresh_files = files_under(fresh)
    committed_files = files_under(committed)
    differences = [f"{name} (missing)" for name in sorted(fresh_files - committed_files)]
    differences += [f"{name} (not generated)" for name in sorted(committed_files - fresh_files)]
    for name in sorted(fresh_files & committed_files):
        if not filecmp.cmp(fresh / name, committed / name, shallow=False):
            diff = difflib.unified_diff(
                (committed / name).read_text().splitlines(),
                (fresh / name).read_text().splitlines(),
                "committed",
                "generated",
                lineterm="",
                n=1,
            )
            excerpt = "\n      ".join(list(diff)[:12])
            differences.append(f"{name} (changed)\n      {excerpt}")
    return differences


def files_under(directory: Path) -> set[str]:
    if not directory.exists():
        return set()
    return {
        path.relative_to(directory).as_posix()
        for path in directory.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def newer(path: Path, than: Path) -> bool:
    return path.stat().st_mtime > than.stat().st_mtime


def run(command: list[str], cwd: Path) -> None:
    """Run quietly; on failure show what the command printed."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}")


if __name__ == "__main__":
    sys.exit(main())
