"""Parsed CSS shared by every app in one process: the fork helper's students skip parsing it.

Textual keeps what it parsed in each app's own stylesheet, so every student forked from the helper
parsed the same `app.tcss` and widget CSS again (several times: once more for each theme change
while the app starts). `install` puts a process-wide cache in front of that parse, keyed by the CSS
text, where it came from and the theme's variables; the helper fills it with its warm-up quiz and
every child reads it (copy-on-write, never parsed again). Parsed rules are only read after
parsing, so one list serves every app.

Only `quizapp serve`'s helper installs it: a quizapp run by one person has one app and gains
nothing. Measured A/B with `benchmarks/profile_first_screen.py --compare` (forked students, one
at a time): about 19% less CPU to a student's first question; see benchmarks/README.md. The patch
is for the pinned Textual (see pyproject.toml): `tests/ui/test_textual_tweaks.py` checks that it
still applies and `tests/test_pins.py` that Textual is the version it was written for.
"""

from __future__ import annotations

from typing import Any

from textual.css.stylesheet import Stylesheet

MAX_ENTRIES = 512
"""Distinct (CSS, theme) parses kept; a few dozen in practice."""

_parsed: dict[tuple[Any, ...], Any] = {}
_textual_parse_rules = Stylesheet._parse_rules


def _parse_rules_shared(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> Any:
    """Textual's `Stylesheet._parse_rules`, answered from the process-wide cache when it can be."""
    key = (
        css,
        read_from,
        is_default_rules,
        tie_breaker,
        scope,
        tuple(sorted(self._variables.items())),
    )
    rules = _parsed.get(key)
    if rules is None:
        rules = _textual_parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        if len(_parsed) < MAX_ENTRIES:
            _parsed[key] = rules
    return rules


def install() -> None:
    """Share parsed CSS between the apps of this process (idempotent)."""
    Stylesheet._parse_rules = _parse_rules_shared  # type: ignore[method-assign]


def installed() -> bool:
    """Whether `install` has run."""
    return Stylesheet._parse_rules is _parse_rules_shared


def entries() -> int:
    """How many parses the cache holds (for tests)."""
    return len(_parsed)
