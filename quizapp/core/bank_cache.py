"""The checked-bank cache: a bank that passed every check, kept as JSON so a quiz starts fast.

A quiz needs the whole bank before it can ask anything. Parsing the TOML files and validating them
with pydantic takes longer than painting a Textual screen, so the app keeps the last bank that
passed every check, keyed by a digest of everything the checks depend on: the bank files, the seed
documents and the code that defines and checks the format. Any change to those is a miss, and the
bank is loaded and checked again. `quizapp check` never reads the cache.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from quizapp.core.bank import (
    RETIRED_FILE,
    Bank,
    RetiredItem,
    bank_files,
    question_from_checked,
    seed_files,
)
from quizapp.core.durable import write_cache_file

CACHE_FILE = "checked-bank.json"
"""The cache file's name inside the cache folder."""
CACHE_FORMAT = "2"
"""Bumped when the cache file's own layout changes."""
_CHECKING_CODE = (
    "bank.py",
    "loader.py",
    "reading.py",
    "validation.py",
    "bank_cache.py",
    "fit_check.py",
)
"""The modules whose rules decide what passes; editing one invalidates the cache."""


def bank_digest(questions_dir: Path, seeds_dir: Path) -> str:
    """A hash of everything a checked bank depends on (file names and bytes, and the checking code)."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    code_dir = Path(__file__).resolve().parent
    named = [(f"code/{name}", code_dir / name) for name in _CHECKING_CODE]
    named += [(f"bank/{path.name}", path) for path in bank_files(questions_dir)]
    retired = questions_dir / RETIRED_FILE
    if retired.exists() or retired.is_symlink():
        named.append((f"bank/{RETIRED_FILE}", retired))
    named += [(f"seeds/{path.name}", path) for path in seed_files(seeds_dir)]
    from quizapp.core.reading import BANK_FILE_CAP, UnreadableFile, read_capped

    for name, path in named:
        try:
            # Bounded like the loader: a pipe or a huge file named like a bank file never hangs.
            data = read_capped(path, BANK_FILE_CAP)
        except UnreadableFile as error:
            raise OSError(f"{path}: {error.message}") from None
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def read_cached_bank(cache_dir: Path, digest: str) -> Bank | None:
    """The cached bank if it was saved for `digest`; None on a miss or an unreadable cache file."""
    from quizapp.core.reading import BANK_FILE_CAP, UnreadableFile, read_capped

    try:
        data = json.loads(read_capped(cache_dir / CACHE_FILE, 4 * BANK_FILE_CAP))
        if data.get("digest") != digest:
            return None
        questions = [question_from_checked(item) for item in data["questions"]]
        retired = tuple(RetiredItem(**item) for item in data["retired"])
        return Bank(questions, dict(data["files"]), retired=retired)
    except (
        OSError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        UnreadableFile,
        RecursionError,
    ):
        # Missing, damaged or from another version: it is only a cache, so load the bank afresh.
        return None


def save_checked_bank(cache_dir: Path, digest: str, bank: Bank) -> None:
    """Keep `bank` (which passed every check) for `digest`; a cache that cannot be written is skipped."""
    payload = {
        "digest": digest,
        "files": bank.files,
        "questions": [asdict(question) for question in bank.questions],
        "retired": [asdict(item) for item in bank.retired.values()],
    }
    write_cache_file(cache_dir / CACHE_FILE, json.dumps(payload, ensure_ascii=False))
