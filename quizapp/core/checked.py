"""Which profile files were validated as they are now, by content hash, so reopening them skips pydantic.

The store notes the hash of every profile and attempt file it validates or writes, and keeps the
notes in the cache folder when a profile is closed. A file whose bytes still hash the same was
valid when noted, so it is read back without validating again; any edit, damage or crash in
between changes or loses the hash, and the file is validated in full.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.core.durable import write_cache_file

CHECKED_FILE = "checked-profiles.json"
"""The notes' file name inside the cache folder."""


RULES = b"rules-3\0"
"""Hashed with every file: bumped when the format's rules tighten, so a file noted valid under looser
rules (a counter without bounds, an id without a pattern) is validated in full again."""


def content_hash(raw: bytes) -> str:
    """The hash a file's bytes are noted by (under the current rules)."""
    import hashlib  # here, not at the top: listing profiles on the welcome screen never needs it

    return hashlib.sha256(RULES + raw).hexdigest()


@dataclass
class CheckedFiles:
    """Notes of which files (by path) had which valid content (by hash), kept in one JSON file."""

    file: Path
    """Where the notes are kept (`checked-profiles.json` in the cache folder)."""
    _known: dict[str, str] | None = field(default=None, init=False, repr=False)

    def _entries(self) -> dict[str, str]:
        if self._known is None:
            self._known = self._read()
        return self._known

    def _read(self) -> dict[str, str]:
        import json

        from quizapp.core.reading import BANK_FILE_CAP, UnreadableFile, read_capped

        try:
            data = json.loads(read_capped(self.file, BANK_FILE_CAP))
        except (OSError, ValueError, UnreadableFile, RecursionError):
            return {}  # no notes yet, or damaged: every file is validated in full
        if not isinstance(data, dict):
            return {}
        return {key: value for key, value in data.items() if isinstance(value, str)}

    def holds(self, path: Path, raw: bytes) -> bool:
        """Whether `raw`, the bytes of `path` now, were noted as valid."""
        return self._entries().get(str(path)) == content_hash(raw)

    def note(self, path: Path, raw: bytes) -> None:
        """Note that `raw` is valid content for `path` (kept in memory until `save`)."""
        self._entries()[str(path)] = content_hash(raw)

    def save(self) -> None:
        """Keep the notes, merged with other processes' and without files that are gone.

        Best effort: notes that cannot be written only cost a full validation next time.
        """
        import json

        merged = {**self._read(), **self._entries()}
        kept = {key: value for key, value in merged.items() if os.path.exists(key)}
        write_cache_file(self.file, json.dumps(kept, indent=0, sort_keys=True))
