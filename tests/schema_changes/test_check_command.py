"""`ciris-telemetry check-schema` run as a real process in real git repositories."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLI = str(Path(sys.executable).parent / "ciris-telemetry")

SCHEMA_V1 = """type Agent {
  id: ID!
  version: String!
}

enum Severity {
  LOW
  HIGH
}

type Query {
  agent(id: ID!): Agent
  severities: [Severity!]!
}
"""
CHANGELOG_V1 = "# Changelog\n\n## Unreleased\n\n### Breaking\n"
ENTRY = "- `Agent.version` became nullable.\n"


def _git_env() -> dict[str, str]:
    # No user or system git configuration: the repositories are the same on every machine.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "CIRIS_"))}
    return env | {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, env=_git_env(), capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def commit(repo: Path, message: str, **files: str) -> str:
    """Write `files` (name with `_` for `.`: schema_graphql) and commit them; the short id."""
    for name, text in files.items():
        (repo / name.replace("_", ".")).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "--short=12", "HEAD")


def new_repo(tmp_path: Path, branch: str = "main") -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", branch)
    commit(repo, "first", schema_graphql=SCHEMA_V1, CHANGELOG_md=CHANGELOG_V1)
    return repo


def check(cwd: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = _git_env() if path is None else _git_env() | {"PATH": path}
    return subprocess.run(
        [CLI, "check-schema", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def nullable_version(schema: str = SCHEMA_V1) -> str:
    return schema.replace("version: String!", "version: String")


def test_an_unrecorded_breaking_change_on_main_fails(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    parent = git(repo, "rev-parse", "--short=12", "HEAD")
    commit(repo, "nullable version", schema_graphql=nullable_version())
    out = check(repo)
    assert (out.returncode, out.stderr) == (1, "")
    assert out.stdout == (
        f"Comparing schema.graphql with schema.graphql at {parent} (HEAD's parent; HEAD is in "
        "main).\n"
        "BREAKING `Agent.version` NOT RECORDED: Field Agent.version changed type from String! "
        "to String.\n"
        "1 of 1 breaking change(s) not recorded: name each coordinate in backticks on a bullet "
        "under `### Breaking` in the `## Unreleased` section of CHANGELOG.md.\n"
    )


def test_a_recorded_breaking_change_on_main_passes(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    parent = git(repo, "rev-parse", "--short=12", "HEAD")
    commit(
        repo,
        "nullable version, recorded",
        schema_graphql=nullable_version(),
        CHANGELOG_md=CHANGELOG_V1 + ENTRY,
    )
    out = check(repo)
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout == (
        f"Comparing schema.graphql with schema.graphql at {parent} (HEAD's parent; HEAD is in "
        "main).\n"
        "BREAKING `Agent.version` recorded: Field Agent.version changed type from String! "
        "to String.\n"
        "1 breaking change(s), all recorded in CHANGELOG.md.\n"
    )


def test_a_recorded_change_under_a_release_does_not_count(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    released = CHANGELOG_V1 + "\n## 0.1.0\n\n### Breaking\n\n" + ENTRY
    commit(repo, "recorded as released", schema_graphql=nullable_version(), CHANGELOG_md=released)
    out = check(repo)
    assert out.returncode == 1
    assert "BREAKING `Agent.version` NOT RECORDED:" in out.stdout


def test_a_branch_is_judged_by_its_own_changes_from_the_merge_base(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    fork = git(repo, "rev-parse", "--short=12", "HEAD")
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, "drop a value", schema_graphql=SCHEMA_V1.replace("  LOW\n", ""))
    git(repo, "checkout", "-q", "main")
    # main gains a field after the fork: the branch lacking it is no removal of the branch's.
    grown = SCHEMA_V1.replace("  version: String!\n", "  version: String!\n  name: String\n")
    commit(repo, "add a field", schema_graphql=grown)
    git(repo, "checkout", "-q", "feature")
    out = check(repo)
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        f"Comparing schema.graphql with schema.graphql at {fork} (the merge base of main and "
        "HEAD).",
        "BREAKING `Severity.LOW` NOT RECORDED: Enum value Severity.LOW was removed.",
        "1 of 1 breaking change(s) not recorded: name each coordinate in backticks on a bullet "
        "under `### Breaking` in the `## Unreleased` section of CHANGELOG.md.",
    ]


def test_a_fresh_clone_compares_with_origin_main_and_warns_of_dangerous_changes(
    tmp_path: Path,
) -> None:
    repo = new_repo(tmp_path)
    parent = git(repo, "rev-parse", "--short=12", "HEAD")
    widened = SCHEMA_V1.replace("  HIGH\n", "  MEDIUM\n  HIGH\n").replace(
        "agent(id: ID!)", "agent(id: ID!, live: Boolean)"
    )
    commit(repo, "widen", schema_graphql=widened)
    git(tmp_path, "clone", "-q", str(repo), "clone")
    out = check(tmp_path / "clone")
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout == (
        f"Comparing schema.graphql with schema.graphql at {parent} (HEAD's parent; HEAD is in "
        "origin/main).\n"
        "warning: Enum value Severity.MEDIUM was added.\n"
        "warning: An optional argument Query.agent(live:) was added.\n"
        "No breaking changes.\n"
    )


def test_uncommitted_edits_are_checked_against_an_explicit_base(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    head = git(repo, "rev-parse", "--short=12", "HEAD")
    git(repo, "checkout", "-q", "-b", "work")
    commit(repo, "note", notes_txt="work in progress\n")
    (repo / "schema.graphql").write_text(SCHEMA_V1.replace("  severities: [Severity!]!\n", ""))
    out = check(repo, "--base", "main")
    assert out.returncode == 1
    assert out.stdout.splitlines()[:2] == [
        f"Comparing schema.graphql with schema.graphql at {head} (the merge base of main and "
        "HEAD).",
        "BREAKING `Query.severities` NOT RECORDED: Field Query.severities was removed.",
    ]


def test_paths_are_taken_relative_to_the_repository(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    (repo / "sub").mkdir()
    commit(repo, "nullable version", schema_graphql=nullable_version())
    out = check(repo / "sub", "--schema", "../schema.graphql", "--changelog", "../CHANGELOG.md")
    assert out.returncode == 1
    assert out.stdout.startswith("Comparing ../schema.graphql with schema.graphql at ")


def test_an_unknown_base_exits_2(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    commit(repo, "second", schema_graphql=nullable_version())
    out = check(repo, "--base", "origin/nope")
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == "Error: --base origin/nope: no such commit\n"


def test_no_main_branch_exits_2(tmp_path: Path) -> None:
    repo = new_repo(tmp_path, branch="trunk")
    out = check(repo)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == "Error: neither origin/main nor main exists; pass --base REF\n"


def test_the_first_commit_has_nothing_to_compare_with(tmp_path: Path) -> None:
    out = check(new_repo(tmp_path))
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == (
        "Error: HEAD is in main and is the first commit: there is no earlier schema\n"
    )


def test_a_schema_missing_at_the_base_exits_2(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    commit(repo, "a second schema", other_graphql=SCHEMA_V1)
    out = check(repo, "--schema", "other.graphql")
    first = git(repo, "rev-parse", "--short=12", "HEAD^")
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == f"Error: other.graphql does not exist at {first}\n"


def test_missing_files_exit_2(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    commit(repo, "second", schema_graphql=nullable_version())
    out = check(repo, "--schema", "nope.graphql")
    assert (out.returncode, out.stdout, out.stderr) == (
        2,
        "",
        "Error: nope.graphql: no such file\n",
    )
    out = check(repo, "--changelog", "CHANGES.md")
    assert (out.returncode, out.stdout, out.stderr) == (2, "", "Error: CHANGES.md: no such file\n")


def test_an_invalid_schema_exits_2_naming_the_file(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    commit(repo, "second", schema_graphql=nullable_version())
    (repo / "schema.graphql").write_text(SCHEMA_V1.replace("agent(id: ID!): Agent", "agent: Agnet"))
    out = check(repo)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == (
        "Error: schema.graphql is not a valid GraphQL schema: Unknown type 'Agnet'. "
        "Did you mean 'Agent' or 'Int'?\n"
    )


def test_an_invalid_schema_at_the_base_exits_2_naming_the_commit(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    broken = commit(repo, "broken", schema_graphql="type Query {\n")
    commit(repo, "mended", schema_graphql=SCHEMA_V1)
    out = check(repo)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == (
        f"Error: schema.graphql at {broken} is not a valid GraphQL schema: Syntax Error: "
        "Expected Name, found <EOF>.\n\nGraphQL request:2:1\n1 | type Query {\n2 |\n  | ^\n"
    )


def test_outside_a_git_work_tree_exits_2(tmp_path: Path) -> None:
    (tmp_path / "schema.graphql").write_text(SCHEMA_V1)
    (tmp_path / "CHANGELOG.md").write_text(CHANGELOG_V1)
    out = check(tmp_path)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr.startswith("Error: schema.graphql is not inside a git work tree: fatal: ")


def test_without_git_exits_2(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    out = check(repo, path=str(tmp_path / "empty-path"))
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == "Error: git is not installed (or not on PATH)\n"
