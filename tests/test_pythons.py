"""The supported Pythons are named once (pyproject's classifiers) and agree everywhere they are said."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _supported() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [
        match.group(1)
        for classifier in project["classifiers"]
        if (match := re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", classifier))
    ]


def test_requires_python_admits_exactly_the_classified_versions() -> None:
    """`requires-python` starts at the oldest classified version and stops after the newest."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    versions = _supported()
    assert versions == sorted(versions, key=lambda v: int(v.split(".")[1]))
    newest_minor = int(versions[-1].split(".")[1])
    assert project["requires-python"] == f">={versions[0]},<3.{newest_minor + 1}"
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" in versions  # this run is one of them


def test_readme_names_the_supported_versions() -> None:
    """The quick start and the contributors' section name the same versions as pyproject."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    *first, last = _supported()
    named = f"{', '.join(['Python ' + first[0], *first[1:]])} or {last}"
    assert f"On a machine with {named}" in readme
    assert f"quizapp supports {named.replace(' or ', ' and ')}" in readme


def test_the_ci_script_looks_for_every_supported_version() -> None:
    """`.ci/test-pythons --list` names every supported version: the default, a path or skipped."""
    result = subprocess.run(
        [str(ROOT / ".ci" / "test-pythons"), "--list"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYENV_ROOT": "/nonexistent", "PYTHON": sys.executable},
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    default = f"{sys.version_info[0]}.{sys.version_info[1]}"
    for version in _supported():
        line = next(
            line for line in result.stdout.splitlines() if line.startswith(f"== Python {version}:")
        )
        if version == default:
            assert "the default" in line
        else:
            assert "not installed here; skipped" in line or f"python{version}" in line
