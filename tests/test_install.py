"""What an install must hold: every module the readers import, and locks that pin the whole tree."""

from __future__ import annotations

import importlib
import re
import tomllib

import pytest
from conftest import REPO

# Modules the readers import, some only when a file of their type comes (see readers/).
READER_MODULES = ["trafilatura", "justext", "htmldate", "lxml.html.clean", "charset_normalizer", "yaml"]


@pytest.mark.parametrize("module", READER_MODULES)
def test_reader_dependency_imports(module):
    importlib.import_module(module)


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(lock: str) -> dict[str, str]:
    """Name -> version of the pins that apply here (a universal lock may pin a package twice,
    for different Pythons or platforms, under environment markers)."""
    from packaging.markers import Marker

    text = (REPO / lock).read_text(encoding="utf-8")
    pins = {}
    for name, pinned, marker in re.findall(r"^([A-Za-z0-9._-]+)==([^\s;]+)(?: ; ([^\\\n]+))?", text, re.M):
        if not marker or Marker(marker.strip()).evaluate():
            pins[name.lower()] = pinned
    return pins


def _hashed(lock: str) -> bool:
    text = (REPO / lock).read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    return all("--hash=sha256:" in block for block in blocks if "==" in block)


def test_html_clean_is_a_direct_dependency():
    # jusText asks for it through lxml[html_clean], an extra that pip 23.2.1 does not install.
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "lxml-html-clean" in {_name(r) for r in project["dependencies"]}


@pytest.mark.parametrize("lock, extra", [("requirements.lock", None), ("requirements-test.lock", "test")])
def test_lock_pins_every_direct_dependency_with_hashes(lock, extra):
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    pins = _pins(lock)
    missing = {_name(r) for r in wanted} - set(pins)
    assert not missing, f"not in {lock}: {missing}; run 'make lock'"
    assert _hashed(lock)


def test_runtime_and_test_locks_agree():
    runtime, test = _pins("requirements.lock"), _pins("requirements-test.lock")
    assert {name: test.get(name) for name in runtime} == runtime


def test_lock_is_what_the_test_environment_runs():
    from importlib.metadata import version

    for name, pinned in _pins("requirements-test.lock").items():
        assert version(name) == pinned, f"{name}: {version(name)} installed, {pinned} locked; run 'make test'"


def test_every_data_file_is_installed_with_the_package():
    """`pip install .` (not editable) copies only the files package-data names: a data file it
    misses works in the repository and fails for a user (people.tsv once did)."""
    from fnmatch import fnmatch

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["searcher"]
    data = REPO / "searcher" / "data"
    files = [p.relative_to(data.parent).as_posix() for p in data.iterdir() if p.is_file()]
    assert files and [f for f in files if not any(fnmatch(f, pattern) for pattern in patterns)] == []
