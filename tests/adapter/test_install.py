"""`ciris-telemetry install-ciris-adapter` on a fake CIRIS installation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ciris_telemetry.ciris_adapter import installer
from ciris_telemetry.cli import main

SOURCE_DIR = Path(installer.__file__).resolve().parent
SAMPLE_ADAPTER_INIT = "class Adapter:\n    pass\n"


@pytest.fixture
def site_packages(tmp_path: Path) -> Path:
    """An agent's environment: a regular `ciris_adapters` package holding another adapter."""
    site = tmp_path / "site-packages"
    package = site / "ciris_adapters"
    (package / "sample_adapter").mkdir(parents=True)
    (package / "__init__.py").write_text('"""CIRIS adapters."""\n')
    (package / "sample_adapter" / "__init__.py").write_text(SAMPLE_ADAPTER_INIT)
    return site


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["install-ciris-adapter", *args])


def snapshot(root: Path) -> dict[str, str]:
    """Every path under `root`, with a link's target or a file's text."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.suffix == ".pyc":
            found[key] = "<bytecode>"
        elif path.is_file():
            found[key] = path.read_text()
        else:
            found[key] = "<dir>"
    return found


def import_in_agent_environment(site: Path) -> str:
    """Import the placed package the way the agent does, in a fresh interpreter."""
    code = (
        "import json, pathlib\n"
        "import ciris_adapters.ciris_telemetry as placed\n"
        "from ciris_telemetry.ciris_adapter import Adapter\n"
        "assert placed.Adapter is Adapter\n"
        "manifest = pathlib.Path(placed.__file__).with_name('manifest.json')\n"
        "print(json.loads(manifest.read_text())['module']['name'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(site)  # bytecode is written, as in the agent's environment
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_install_links_is_idempotent_and_imports_as_the_agent_does(site_packages: Path) -> None:
    folder = site_packages / "ciris_adapters" / "ciris_telemetry"
    first = run("--target", str(site_packages))
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[0] == (
        f"Installed {folder} (link: __init__.py, manifest.json)."
    )
    assert snapshot(folder) == {
        "__init__.py": f"-> {SOURCE_DIR / 'plugin_init.py'}",
        "manifest.json": f"-> {SOURCE_DIR / 'manifest.json'}",
    }
    again = run("--target", str(site_packages / "ciris_adapters"))
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[0] == (
        f"Already installed at {folder} (link); nothing changed."
    )
    assert import_in_agent_environment(site_packages) == "ciris_telemetry"


def test_copy_replaces_links_and_is_idempotent(site_packages: Path) -> None:
    folder = site_packages / "ciris_adapters" / "ciris_telemetry"
    assert run("--target", str(site_packages)).exit_code == 0
    copied = run("--target", str(site_packages), "--copy")
    assert copied.exit_code == 0, copied.output
    assert copied.output.splitlines()[0] == (
        f"Installed {folder} (copy: __init__.py, manifest.json)."
    )
    for name, source in (("__init__.py", "plugin_init.py"), ("manifest.json", "manifest.json")):
        assert not (folder / name).is_symlink()
        assert (folder / name).read_bytes() == (SOURCE_DIR / source).read_bytes()
    again = run("--target", str(site_packages), "--copy")
    assert again.output.splitlines()[0] == f"Already installed at {folder} (copy); nothing changed."
    assert import_in_agent_environment(site_packages) == "ciris_telemetry"


def test_uninstall_removes_exactly_what_was_placed(site_packages: Path) -> None:
    before = snapshot(site_packages)
    assert run("--target", str(site_packages)).exit_code == 0
    import_in_agent_environment(site_packages)  # leaves the agent's bytecode cache behind
    folder = site_packages / "ciris_adapters" / "ciris_telemetry"
    assert (folder / "__pycache__").is_dir()
    removed = run("--target", str(site_packages), "--uninstall")
    assert removed.exit_code == 0, removed.output
    assert removed.output == f"Removed {folder} (__init__.py, manifest.json).\n"
    after = {k: v for k, v in snapshot(site_packages).items() if "__pycache__" not in k}
    assert after == before
    again = run("--target", str(site_packages), "--uninstall")
    assert again.exit_code == 0
    assert again.output == f"No ciris_telemetry adapter at {folder}; nothing removed.\n"


def test_a_folder_that_is_not_ours_is_never_touched(site_packages: Path) -> None:
    folder = site_packages / "ciris_adapters" / "ciris_telemetry"
    folder.mkdir()
    (folder / "__init__.py").write_text(SAMPLE_ADAPTER_INIT)
    before = snapshot(site_packages)
    for args in ((), ("--copy",), ("--uninstall",)):
        refused = run("--target", str(site_packages), *args)
        assert refused.exit_code == 2
        assert refused.output == (
            f"Error: {folder} exists and was not placed by ciris-telemetry; it is left untouched\n"
        )
    assert snapshot(site_packages) == before


def test_extra_files_in_our_folder_make_it_not_ours(site_packages: Path) -> None:
    assert run("--target", str(site_packages)).exit_code == 0
    folder = site_packages / "ciris_adapters" / "ciris_telemetry"
    (folder / "notes.txt").write_text("an operator's file")
    before = snapshot(site_packages)
    assert run("--target", str(site_packages), "--uninstall").exit_code == 2
    assert snapshot(site_packages) == before


@pytest.mark.parametrize(
    ("layout", "why"),
    [
        ("missing", "is not a directory"),
        ("empty", "is not a ciris_adapters package"),
        ("namespace", "is not a ciris_adapters package"),
    ],
)
def test_a_target_that_is_not_a_ciris_adapters_package_is_refused(
    tmp_path: Path, layout: str, why: str
) -> None:
    target = tmp_path / "target"
    if layout == "empty":
        target.mkdir()
    if layout == "namespace":  # ciris_adapters without __init__.py is not the agent's package
        (target / "ciris_adapters").mkdir(parents=True)
    before = snapshot(tmp_path)
    refused = run("--target", str(target))
    assert refused.exit_code == 2
    assert refused.output.startswith(f"Error: {target} {why}")
    assert snapshot(tmp_path) == before


def test_copy_with_uninstall_is_refused(site_packages: Path) -> None:
    refused = run("--target", str(site_packages), "--uninstall", "--copy")
    assert (refused.exit_code, refused.output) == (
        2,
        "Error: --copy applies to installing only\n",
    )


def test_placed_manifest_is_valid_json_naming_the_adapter(site_packages: Path) -> None:
    assert run("--target", str(site_packages), "--copy").exit_code == 0
    placed = site_packages / "ciris_adapters" / "ciris_telemetry" / "manifest.json"
    loaded = json.loads(placed.read_text())
    assert (loaded["module"]["name"], loaded["exports"]["adapter"]) == (
        "ciris_telemetry",
        "ciris_telemetry.Adapter",
    )
