"""The welcome screen with damaged or hostile profiles beside healthy ones: every one listed, none escaping."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import OptionList

from quizapp.ui.screens.welcome import WelcomeScreen

from .conftest import AppFactory, wait_for_screen

READERS = Path(__file__).resolve().parents[1] / "data" / "readers"


async def test_welcome_lists_the_healthy_profile_beside_damaged_ones(
    build_app: AppFactory, profiles_dir: Path
) -> None:
    """Deeply nested, escape-coded and empty profiles are marked; the healthy one is listed as usual."""
    for folder, fixture in (
        ("ada", "valid_profile.toml"),
        ("deep", "profile/deep_arrays.toml"),
        ("eve", "profile/name_escape_code.toml"),
        ("empty", "profile/empty.toml"),
    ):
        (profiles_dir / folder).mkdir(parents=True)
        shutil.copy(READERS / fixture, profiles_dir / folder / "profile.toml")
    before = {path: path.read_bytes() for path in profiles_dir.rglob("profile.toml")}
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, WelcomeScreen)
        options = app.screen.query_one("#profiles", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    assert len(labels) == 4
    healthy = [label for label in labels if "cannot be read" not in label]
    assert len(healthy) == 1 and healthy[0].startswith("Ada")
    assert all("\x1b" not in label for label in labels)
    assert {path: path.read_bytes() for path in profiles_dir.rglob("profile.toml")} == before
