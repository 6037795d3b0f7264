"""What a test needs but the machine lacks: a skip locally, a failure under CI (CI=true), where
a skip would hide lost coverage."""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


def missing(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def program(name: str, package: str) -> str:
    """The path of program `name`, installed by Debian package `package`."""
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not installed (Debian package: {package})")
    return found
