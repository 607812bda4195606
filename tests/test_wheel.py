"""The built wheel carries the bank and the seeds, so `quizapp check` works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

NETWORK_HINTS = (
    "Could not find a version",
    "No matching distribution",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ConnectTimeout",
    "ReadTimeout",
)
"""Signs that the isolated build environment could not fetch hatchling (no network, no index)."""


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing its text output."""
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the repository, the way pip builds it for a user."""
    out = tmp_path_factory.mktemp("wheel")
    result = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(REPO)], out
    )
    if result.returncode != 0:
        output = result.stdout + result.stderr
        if any(hint in output for hint in NETWORK_HINTS):
            pytest.skip(f"could not fetch the build backend: {output.strip().splitlines()[-1]}")
        pytest.fail(f"pip wheel failed:\n{output}")
    [built] = out.glob("quizapp-*.whl")
    return built


@pytest.mark.slow
def test_wheel_contains_the_bank_and_the_seeds(wheel: Path) -> None:
    """The wheel holds every bank file and every seed document under quizapp/_data."""
    names = set(zipfile.ZipFile(wheel).namelist())
    bank = {name for name in names if name.startswith("quizapp/_data/questions/")}
    seeds = {name for name in names if name.startswith("quizapp/_data/seeds/")}
    expected_bank = {
        f"quizapp/_data/questions/{path.name}" for path in (REPO / "questions").glob("*.toml")
    }
    expected_seeds = {f"quizapp/_data/seeds/{path.name}" for path in (REPO / "seeds").glob("*.txt")}
    assert expected_bank and expected_bank <= bank
    assert expected_seeds and expected_seeds == seeds
    assert "quizapp/cli.py" in names
    # Every stylesheet ships (the app's styles are a file beside its code, not a Python string).
    styles = {str(path.relative_to(REPO)) for path in (REPO / "quizapp").rglob("*.tcss")}
    assert styles and styles <= names


@pytest.mark.slow
def test_installed_wheel_checks_its_own_bank_from_another_folder(
    wheel: Path, tmp_path: Path
) -> None:
    """The installed wheel's `check` finds its bundled bank and seeds from an unrelated folder."""
    site = tmp_path / "site"
    result = run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    script = (
        "import sys; "
        f"sys.path.insert(0, {str(site)!r}); "
        "import quizapp; "
        "print('loaded-from', quizapp.__file__); "
        "from quizapp.cli import main; "
        "raise SystemExit(main(['check']))"
    )
    env = {**os.environ, "QUIZAPP_PROFILES": str(tmp_path / "profiles")}
    env.pop("PYTHONPATH", None)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The current venv's interpreter supplies the dependencies; the wheel supplies quizapp itself.
    result = run([sys.executable, "-c", script], elsewhere, env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    assert f"loaded-from {site / 'quizapp' / '__init__.py'}" in result.stdout
    assert f"questions OK in {site / 'quizapp' / '_data' / 'questions'}" in result.stdout
