"""Names with characters that draw nothing are refused: they made look-alike and blank names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.core.store import InvalidNameError, ProfileStore, check_name

HIDDEN = [
    pytest.param("Ann\u034f", "U+034F", id="combining-grapheme-joiner"),
    pytest.param("Ann\ufe0f", "U+FE0F", id="variation-selector-16"),
    pytest.param("\u3164", "U+3164", id="hangul-filler-alone"),
    pytest.param("A\u3164nn", "U+3164", id="hangul-filler-inside"),
    pytest.param("\u115fAnn", "U+115F", id="hangul-choseong-filler"),
    pytest.param("Ann\u1160", "U+1160", id="hangul-jungseong-filler"),
    pytest.param("Ann\uffa0", "U+FFA0", id="halfwidth-hangul-filler"),
    pytest.param("An\u17b4n", "U+17B4", id="khmer-inherent-vowel"),
    pytest.param("Ann\U000e0041", "U+E0041", id="tag-letter"),
    pytest.param("Ann\U000e0100", "U+E0100", id="variation-selector-supplement"),
    pytest.param("Ann\u180b", "U+180B", id="mongolian-variation-selector"),
]


@pytest.mark.parametrize(("name", "code"), HIDDEN)
def test_invisible_characters_are_refused(tmp_path: Path, name: str, code: str) -> None:
    """The message names the character by code point; nothing is created."""
    store = ProfileStore(tmp_path / "class")
    with pytest.raises(InvalidNameError, match=re.escape(f"invisible character ({code})")):
        store.open(name)
    assert not (tmp_path / "class").exists()


@pytest.mark.parametrize(
    "name", ["राम", "Zoë", "José", "김민준", "Ngô Bảo Châu", "محمد", "Ann-Marie_2"]
)
def test_visible_names_in_any_script_still_pass(name: str) -> None:
    """Marks that belong to a letter (vowel signs, accents) and every script's letters are fine."""
    assert check_name(name) == name


def test_a_profile_saved_before_with_such_a_name_is_still_read(tmp_path: Path) -> None:
    """Refused when typed, but a profile already saved under it opens rather than being 'damaged'."""
    from quizapp.core.names import is_stored_name

    assert is_stored_name("Ann\u034f")
    assert not is_stored_name("Ann\x1b")
