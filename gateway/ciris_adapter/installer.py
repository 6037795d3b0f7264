"""Placing the adapter where a CIRIS installation loads adapters from (AGENT_FACTS §11).

The agent imports adapters as `ciris_adapters.<name>`, a regular package in its environment.
Install places `ciris_adapters/ciris_telemetry/` holding `__init__.py` (re-exporting `Adapter`)
and `manifest.json`, as links to this package's files (upgrades follow) or as copies.
Uninstall removes exactly those, and only from a folder that install placed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ADAPTERS_PACKAGE = "ciris_adapters"
PLUGIN_NAME = "ciris_telemetry"
OWNERSHIP_MARKER = "placed by `ciris-telemetry install-ciris-adapter`"

_HERE = Path(__file__).resolve().parent
# Placed file name -> the file of this package it is made from.
SOURCES: dict[str, Path] = {
    "__init__.py": _HERE / "plugin_init.py",
    "manifest.json": _HERE / "manifest.json",
}
_CACHE_DIR = "__pycache__"

PlaceMode = Literal["link", "copy"]


class InstallError(Exception):
    """The target cannot take the adapter, or holds a folder that is not ours."""


@dataclass(frozen=True)
class InstallResult:
    folder: Path
    mode: PlaceMode
    changed: list[str]


@dataclass(frozen=True)
class UninstallResult:
    folder: Path
    removed: list[str]


def adapters_package(target: Path) -> Path:
    """The `ciris_adapters` package at `target`: the package itself or a dir that holds it."""
    if not target.is_dir():
        raise InstallError(f"{target} is not a directory")
    if target.name == ADAPTERS_PACKAGE and (target / "__init__.py").is_file():
        return target
    if (target / ADAPTERS_PACKAGE / "__init__.py").is_file():
        return target / ADAPTERS_PACKAGE
    raise InstallError(
        f"{target} is not a {ADAPTERS_PACKAGE} package: give the agent's "
        f".../site-packages/{ADAPTERS_PACKAGE} folder (it has an __init__.py) or the "
        "site-packages folder that holds it"
    )


def install(target: Path, *, copy: bool = False) -> InstallResult:
    """Place (or bring up to date) `ciris_adapters/ciris_telemetry/`. Idempotent."""
    folder = adapters_package(target) / PLUGIN_NAME
    _refuse_unless_ours_or_absent(folder)
    folder.mkdir(exist_ok=True)
    changed = [name for name, source in SOURCES.items() if _place(source, folder / name, copy)]
    return InstallResult(folder=folder, mode="copy" if copy else "link", changed=changed)


def uninstall(target: Path) -> UninstallResult:
    """Remove what `install` placed; nothing when there is nothing of ours."""
    folder = adapters_package(target) / PLUGIN_NAME
    if not _exists(folder):
        return UninstallResult(folder=folder, removed=[])
    _refuse_unless_ours_or_absent(folder)
    removed = []
    for name in [*SOURCES, *map(_staging_name, SOURCES)]:
        if _exists(folder / name):
            (folder / name).unlink()
            removed.append(name)
    cache = folder / _CACHE_DIR
    if cache.is_dir():
        for compiled in cache.iterdir():
            compiled.unlink()
        cache.rmdir()
    folder.rmdir()
    return UninstallResult(folder=folder, removed=removed)


def _staging_name(name: str) -> str:
    """Where a file is written before it replaces `name` (left behind by an interrupted install)."""
    return f".{name}.placing"


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()  # a dangling link exists too


def _refuse_unless_ours_or_absent(folder: Path) -> None:
    if not _exists(folder):
        return
    if folder.is_symlink() or not folder.is_dir() or not _is_ours(folder):
        raise InstallError(
            f"{folder} exists and was not placed by ciris-telemetry; it is left untouched"
        )


def _is_ours(folder: Path) -> bool:
    """Only our files (an empty folder counts: an interrupted install left it)."""
    entries = {entry.name for entry in folder.iterdir()}
    if not entries <= {*SOURCES, *map(_staging_name, SOURCES), _CACHE_DIR}:
        return False
    if not entries:
        return True
    init = folder / "__init__.py"
    return _exists(init) and _carries_marker(init) and _cache_is_ours(folder / _CACHE_DIR)


def _carries_marker(init: Path) -> bool:
    if init.is_symlink():
        # Ours points at plugin_init.py, of this install or of an earlier one since moved.
        return Path(os.readlink(init)).name == SOURCES["__init__.py"].name
    try:
        return OWNERSHIP_MARKER in init.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def _cache_is_ours(cache: Path) -> bool:
    """Python's bytecode of our __init__.py, nothing else."""
    if not _exists(cache):
        return True
    if cache.is_symlink() or not cache.is_dir():
        return False
    return all(
        entry.is_file() and entry.name.startswith("__init__.") and entry.suffix == ".pyc"
        for entry in cache.iterdir()
    )


def _place(source: Path, path: Path, copy: bool) -> bool:
    """Make `path` a link to (or a copy of) `source`; False when it already is one."""
    if _in_place(source, path, copy):
        return False
    staging = path.with_name(_staging_name(path.name))
    staging.unlink(missing_ok=True)
    if copy:
        shutil.copyfile(source, staging)
    else:
        staging.symlink_to(source)
    os.replace(staging, path)  # atomic: the agent never sees a half-written file
    return True


def _in_place(source: Path, path: Path, copy: bool) -> bool:
    if copy:
        return path.is_file() and not path.is_symlink() and path.read_bytes() == source.read_bytes()
    return path.is_symlink() and Path(os.readlink(path)) == source
