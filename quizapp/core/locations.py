"""Where the bank, the seed documents and the profiles live by default."""

from __future__ import annotations

import os
from pathlib import Path

PROFILES_ENV = "QUIZAPP_PROFILES"
"""Environment variable naming the profiles folder (a class's shared folder, a test's temp dir)."""

CACHE_ENV = "QUIZAPP_CACHE"
"""Environment variable naming the cache folder (the checked bank); tests point it at a temp dir."""

_PACKAGE = Path(__file__).resolve().parent.parent


def _data_root() -> Path:
    """The folder holding `questions/` and `seeds/`: inside the wheel, or the source checkout."""
    bundled = _PACKAGE / "_data"
    if (bundled / "questions").is_dir():
        return bundled
    return _PACKAGE.parent


def default_questions_dir() -> Path:
    """The shipped question bank."""
    return _data_root() / "questions"


def default_seeds_dir() -> Path:
    """The shipped seed documents."""
    return _data_root() / "seeds"


def default_profiles_dir() -> Path:
    """`$QUIZAPP_PROFILES`, else `profiles/` under the per-user data folder."""
    override = os.environ.get(PROFILES_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("quizapp", appauthor=False)) / "profiles"


def default_cache_dir() -> Path:
    """`$QUIZAPP_CACHE`, else the per-user cache folder: only things quizapp can rebuild live there."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("quizapp", appauthor=False))
