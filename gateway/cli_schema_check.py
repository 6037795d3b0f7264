"""`ciris-telemetry check-schema`: the working tree's schema.graphql against a base commit's.

The base is the merge base of REF (default `origin/main`, else `main`) and HEAD, so a branch is
judged by its own changes only, never by what landed on main after it forked. When that merge
base is HEAD itself (a clean clone of main in CI, or a branch with no commits of its own) the
base is HEAD's parent: on main the meaningful question is what this commit changed. The new side
is always the working tree's file, so uncommitted edits are checked too.

Exit codes: 0 no breaking change, or all of them recorded in CHANGELOG.md; 1 a breaking change
not recorded; 2 the check could not run (no git, no such ref, a missing or invalid file).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import click

from .schema_changes import (
    InvalidSchemaError,
    UnplacedChangeError,
    compare_sdl,
    recorded_coordinates,
)

DEFAULT_REFS = ("origin/main", "main")
SHORT_SHA = 12


class CheckCannotRun(click.ClickException):
    """The comparison could not be made; exits with 2 like a usage error."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Base:
    """The commit whose schema.graphql is the old side, and why it was chosen."""

    commit: str
    reason: str


def run_check(ref: str | None, schema: Path, changelog: Path) -> int:
    """Print the report and return the exit code (0 or 1); raise CheckCannotRun otherwise."""
    new_sdl = _read(schema)
    changelog_text = _read(changelog)
    top = _toplevel(schema)
    path_in_repo = _path_in_repo(schema, top)
    base = _base(top, ref)
    old_sdl = _show(top, base.commit, path_in_repo)
    try:
        comparison = compare_sdl(old_sdl, new_sdl)
    except InvalidSchemaError as exc:
        where = f"{path_in_repo} at {base.commit}" if exc.side == "old" else str(schema)
        raise CheckCannotRun(f"{where} is not a valid GraphQL schema: {exc.reason}") from exc
    except UnplacedChangeError as exc:
        raise CheckCannotRun(str(exc)) from exc

    recorded = recorded_coordinates(changelog_text)
    click.echo(f"Comparing {schema} with {path_in_repo} at {base.commit} ({base.reason}).")
    unrecorded = 0
    for change in comparison.breaking:
        status = "recorded" if change.coordinate in recorded else "NOT RECORDED"
        unrecorded += change.coordinate not in recorded
        click.echo(f"BREAKING `{change.coordinate}` {status}: {change.description}")
    for description in comparison.dangerous:
        click.echo(f"warning: {description}")
    total = len(comparison.breaking)
    if not total:
        click.echo("No breaking changes.")
        return 0
    if not unrecorded:
        click.echo(f"{total} breaking change(s), all recorded in {changelog}.")
        return 0
    click.echo(
        f"{unrecorded} of {total} breaking change(s) not recorded: name each coordinate in "
        f"backticks on a bullet under `### Breaking` in the `## Unreleased` section of "
        f"{changelog}."
    )
    return 1


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CheckCannotRun(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckCannotRun(f"{path}: cannot read it: {exc}") from exc


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, encoding="utf-8", check=False
        )
    except FileNotFoundError as exc:
        raise CheckCannotRun("git is not installed (or not on PATH)") from exc


def _commit(top: Path, rev: str) -> str | None:
    """The full id of the commit `rev` names, or None when it names none."""
    found = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    return found.stdout.strip() if found.returncode == 0 else None


def _toplevel(schema: Path) -> Path:
    found = _git(schema.resolve().parent, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise CheckCannotRun(f"{schema} is not inside a git work tree: {found.stderr.strip()}")
    return Path(found.stdout.strip())


def _path_in_repo(schema: Path, top: Path) -> str:
    try:
        return schema.resolve().relative_to(top.resolve()).as_posix()
    except ValueError as exc:  # only reachable through a symlink leading out of the repository
        raise CheckCannotRun(f"{schema} is outside the repository at {top}") from exc


def _base(top: Path, ref: str | None) -> Base:
    if ref is None:
        ref = next((r for r in DEFAULT_REFS if _commit(top, r)), None)
        if ref is None:
            raise CheckCannotRun("neither origin/main nor main exists; pass --base REF")
    ref_commit = _commit(top, ref)
    if ref_commit is None:
        raise CheckCannotRun(f"--base {ref}: no such commit")
    head = _commit(top, "HEAD")
    if head is None:
        raise CheckCannotRun("HEAD names no commit yet")
    merged = _git(top, "merge-base", ref_commit, head)
    if merged.returncode != 0:
        raise CheckCannotRun(f"{ref} and HEAD have no common ancestor (a shallow clone?)")
    merge_base = merged.stdout.strip()
    if merge_base != head:
        return Base(_short(top, merge_base), f"the merge base of {ref} and HEAD")
    parent = _commit(top, "HEAD^")
    if parent is None:
        shallow = _git(top, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"
        raise CheckCannotRun(
            f"HEAD is in {ref} and its parent is not in this shallow clone; fetch it"
            if shallow
            else f"HEAD is in {ref} and is the first commit: there is no earlier schema"
        )
    return Base(_short(top, parent), f"HEAD's parent; HEAD is in {ref}")


def _short(top: Path, commit: str) -> str:
    return _git(top, "rev-parse", f"--short={SHORT_SHA}", commit).stdout.strip()


def _show(top: Path, commit: str, path_in_repo: str) -> str:
    shown = _git(top, "show", f"{commit}:{path_in_repo}")
    if shown.returncode != 0:
        raise CheckCannotRun(f"{path_in_repo} does not exist at {commit}")
    return shown.stdout
