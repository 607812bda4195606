"""Characters that draw nothing: refused in names, where they make a name look like another or blank."""

from __future__ import annotations

import unicodedata

DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x061C, 0x061C),  # Arabic letter mark
    (0x115F, 0x1160),  # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian variation selectors and vowel separator
    (0x200B, 0x200F),  # zero width space, joiners, direction marks
    (0x202A, 0x202E),  # direction embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, deprecated format characters
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFEFF, 0xFEFF),  # zero width no-break space
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xFFF0, 0xFFF8),  # unassigned specials
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0000, 0xE0FFF),  # tags and variation selectors supplement
)
"""Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt): characters that
programs draw as nothing. Some are letters or marks by category (U+3164 HANGUL FILLER is a letter),
so a check by category alone lets them through."""

INVISIBLE_EXTRA = frozenset(
    {
        0x2800,  # braille pattern blank: a symbol that draws as a space
        0x3000,  # ideographic space
        0x1D159,  # musical symbol null notehead
    }
)
"""Characters outside that property that also draw as blank."""


def is_invisible(char: str) -> bool:
    """Whether one character draws as nothing (or as blank) where a name is shown."""
    code = ord(char)
    if code in INVISIBLE_EXTRA:
        return True
    if any(low <= code <= high for low, high in DEFAULT_IGNORABLE):
        return True
    return unicodedata.category(char) in ("Cf", "Zl", "Zp")


def first_invisible(text: str) -> str | None:
    """The first character of `text` that draws as nothing, if any."""
    return next((char for char in text if is_invisible(char)), None)
