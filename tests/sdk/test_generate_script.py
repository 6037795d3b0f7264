"""sdk/generate.py's own parts: which operation files it stages, and how it reports a stale
generated tree (the check CI runs)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def load_generate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sdk_generate", ROOT / "sdk" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_staging_follows_the_link_to_every_rest_alias_operation(tmp_path: Path) -> None:
    generate = load_generate()
    generate.stage_operations(tmp_path)
    staged = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.graphql")}
    aliases = {f"rest/{p.name}" for p in (ROOT / "gateway" / "rest" / "operations").iterdir()}
    assert len(aliases) == 20
    assert aliases <= staged
    assert {"subscriptions/agent_events.graphql", "mutations/create_export.graphql"} <= staged


def test_a_stale_tree_names_each_missing_extra_and_changed_file(tmp_path: Path) -> None:
    generate = load_generate()
    fresh, committed = tmp_path / "fresh", tmp_path / "committed"
    for tree in (fresh, committed):
        (tree / "sub").mkdir(parents=True)
        (tree / "same.py").write_text("x = 1\n")
    (fresh / "new.py").write_text("")
    (committed / "old.py").write_text("")
    (fresh / "sub" / "client.py").write_text("def a() -> int:\n    return 2\n")
    (committed / "sub" / "client.py").write_text("def a() -> int:\n    return 1\n")
    (committed / "__pycache__").mkdir()
    (committed / "__pycache__" / "same.cpython-311.pyc").write_bytes(b"\0")

    differences = generate.tree_differences(fresh, committed)

    assert differences == [
        "new.py (missing)",
        "old.py (not generated)",
        "sub/client.py (changed)\n"
        "      --- committed\n"
        "      +++ generated\n"
        "      @@ -1,2 +1,2 @@\n"
        "       def a() -> int:\n"
        "      -    return 1\n"
        "      +    return 2",
    ]
    assert generate.tree_differences(fresh, fresh) == []
