"""Where the app gets its bank and path catalogue: folders now, loaded (and cached) when first asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.core.bank import Bank
    from quizapp.core.compare import Comparison
    from quizapp.core.paths import Catalogue


_PRELOADED: dict[tuple[Path, Path, str], Bank] = {}
"""Banks checked before a fork, by folders and digest: the pre-loaded helper of `quizapp serve`
fills it, so each forked student shares the helper's bank instead of building their own copy
(less memory per student, and a quicker first question). Empty in every other process."""


def preload(library: Library) -> None:
    """Check the library's bank now and keep it for processes forked from this one."""
    digest = library._digest()
    if digest is not None:
        _PRELOADED[(library.questions_dir, library.seeds_dir, digest)] = library.bank()


@dataclass
class Library:
    """The question bank and path catalogue of one questions folder, checked against one seeds folder.

    Loading is deferred so the first screen can paint before the bank is needed, and a bank that
    passed every check before is read back from the cache without parsing or pydantic.
    """

    questions_dir: Path
    """The folder of bank files and `paths.toml`."""
    seeds_dir: Path
    """The folder of seed documents."""
    cache_dir: Path | None = None
    """Where the last checked bank is kept (see `quizapp.core.bank_cache`); None for no cache."""
    _bank: Bank | None = field(default=None, init=False, repr=False)
    _catalogue: Catalogue | None = field(default=None, init=False, repr=False)
    _comparison: Comparison | None = field(default=None, init=False, repr=False)
    _document_names: list[str] | None = field(default=None, init=False, repr=False)

    def bank(self) -> Bank:
        """The checked bank.

        Raises:
            ProblemsError: listing every problem with the bank.
        """
        if self._bank is None:
            digest = self._digest()
            cached = None
            if digest is not None:
                cached = _PRELOADED.get((self.questions_dir, self.seeds_dir, digest))
            if cached is None and self.cache_dir is not None and digest is not None:
                from quizapp.core.bank_cache import read_cached_bank

                cached = read_cached_bank(self.cache_dir, digest)
            self._bank = self._checked_bank(digest) if cached is None else cached
        return self._bank

    def _digest(self) -> str | None:
        """What the cache is keyed by, taken before any load; None without a cache folder."""
        if self.cache_dir is None:
            return None
        from quizapp.core.bank_cache import bank_digest

        try:
            return bank_digest(self.questions_dir, self.seeds_dir)
        except OSError:
            return None  # an unreadable file: the full load says which and what to do

    def _checked_bank(self, digest: str | None) -> Bank:
        from quizapp.core.loader import load_checked_bank

        bank = load_checked_bank(self.questions_dir, self.seeds_dir)
        if self.cache_dir is not None and digest is not None:
            from quizapp.core.bank_cache import save_checked_bank

            # Saved under the digest taken before loading, so a file edited meanwhile is a miss.
            save_checked_bank(self.cache_dir, digest, bank)
        return bank

    def document_names(self) -> list[str]:
        """The seed documents' file names in order (prompts call them first, second, third)."""
        if self._document_names is None:
            from quizapp.core.bank import seed_files

            # Listed once: feedback after every answer names the document.
            self._document_names = [path.name for path in seed_files(self.seeds_dir)]
        return self._document_names

    def catalogue(self) -> Catalogue | None:
        """The learning-path catalogue, or None when it is missing or broken."""
        if self._catalogue is None:
            from quizapp.core.paths import load_checked_catalogue

            self._catalogue = load_checked_catalogue(self.questions_dir, self.seeds_dir)
        return self._catalogue

    def comparison(self) -> Comparison | None:
        """The two roles side by side (`roles.toml`), or None when it is missing or broken."""
        if self._comparison is None:
            from quizapp.core.compare import load_comparison
            from quizapp.core.loader import Documents

            comparison, _ = load_comparison(self.questions_dir, Documents.load(self.seeds_dir))
            self._comparison = comparison
        return self._comparison
