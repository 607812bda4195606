"""Class codes that are easy to dictate and hard to guess: four short words, 32 bits."""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Hashable
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)

WORDS: tuple[str, ...] = (
    "acorn",
    "adult",
    "agent",
    "alarm",
    "album",
    "alley",
    "amber",
    "anchor",
    "angle",
    "ankle",
    "apple",
    "apron",
    "arena",
    "arrow",
    "atlas",
    "attic",
    "audio",
    "autumn",
    "award",
    "bacon",
    "badge",
    "bagel",
    "baker",
    "bamboo",
    "banjo",
    "barn",
    "basin",
    "beach",
    "beacon",
    "beard",
    "bench",
    "berry",
    "bison",
    "blade",
    "blanket",
    "blimp",
    "bloom",
    "board",
    "bonus",
    "boots",
    "bottle",
    "bread",
    "brick",
    "bridge",
    "broom",
    "bubble",
    "bucket",
    "bugle",
    "cabin",
    "cable",
    "cactus",
    "camel",
    "candle",
    "canoe",
    "canvas",
    "cargo",
    "carpet",
    "carrot",
    "castle",
    "cedar",
    "cello",
    "chalk",
    "cheese",
    "cherry",
    "chess",
    "chimney",
    "circle",
    "citrus",
    "clock",
    "cloud",
    "clover",
    "coast",
    "cobra",
    "cocoa",
    "comet",
    "cookie",
    "copper",
    "coral",
    "cotton",
    "cousin",
    "crane",
    "crayon",
    "cricket",
    "crown",
    "cube",
    "daisy",
    "dancer",
    "delta",
    "desert",
    "diary",
    "dinner",
    "dolphin",
    "donkey",
    "dragon",
    "drum",
    "eagle",
    "easel",
    "elbow",
    "ember",
    "engine",
    "falcon",
    "feather",
    "fence",
    "fiddle",
    "field",
    "finch",
    "flute",
    "forest",
    "fossil",
    "fountain",
    "fox",
    "galaxy",
    "garden",
    "garlic",
    "gecko",
    "ginger",
    "glacier",
    "globe",
    "goose",
    "grape",
    "gravel",
    "guitar",
    "hammer",
    "harbor",
    "harp",
    "hazel",
    "helmet",
    "heron",
    "hiker",
    "honey",
    "hornet",
    "hotel",
    "igloo",
    "island",
    "ivory",
    "jacket",
    "jaguar",
    "jelly",
    "jigsaw",
    "jungle",
    "kayak",
    "kettle",
    "kitten",
    "koala",
    "ladder",
    "lagoon",
    "lantern",
    "lemon",
    "lentil",
    "lilac",
    "lime",
    "lizard",
    "lobster",
    "locket",
    "lotus",
    "magnet",
    "mango",
    "maple",
    "marble",
    "meadow",
    "melon",
    "meteor",
    "mint",
    "mitten",
    "monkey",
    "moose",
    "mosaic",
    "muffin",
    "nectar",
    "needle",
    "noodle",
    "nutmeg",
    "oasis",
    "ocean",
    "olive",
    "onion",
    "orange",
    "orbit",
    "otter",
    "owl",
    "oyster",
    "paddle",
    "panda",
    "parrot",
    "peach",
    "peanut",
    "pebble",
    "pencil",
    "pepper",
    "piano",
    "pickle",
    "pigeon",
    "pillow",
    "pirate",
    "planet",
    "plum",
    "pocket",
    "poppy",
    "potato",
    "prism",
    "puffin",
    "pumpkin",
    "quartz",
    "quilt",
    "rabbit",
    "radio",
    "raven",
    "reef",
    "ribbon",
    "river",
    "robin",
    "rocket",
    "saddle",
    "salmon",
    "sandal",
    "saturn",
    "scarf",
    "shadow",
    "shell",
    "silver",
    "sketch",
    "sloth",
    "spider",
    "spoon",
    "squash",
    "stamp",
    "statue",
    "summer",
    "sunset",
    "swan",
    "table",
    "tiger",
    "timber",
    "toast",
    "tomato",
    "torch",
    "tower",
    "tulip",
    "tunnel",
    "turtle",
    "umbrella",
    "valley",
    "velvet",
    "violin",
    "walnut",
    "walrus",
    "water",
    "whale",
    "willow",
    "window",
    "winter",
    "wizard",
    "yacht",
    "yogurt",
    "zebra",
    "zipper",
)
"""256 short, distinct, easy-to-spell words: each word of a code carries 8 bits."""

CODE_WORDS = 4
"""Words in a generated code (32 bits; with the per-address limit on wrong tries, out of reach)."""
MIN_CODE_BITS = 24.0
"""A teacher's own code weaker than this is refused: it could be guessed during one lesson."""
WARN_CODE_BITS = 32.0
"""A teacher's own code weaker than this is accepted with a warning."""


def new_code() -> str:
    """A random class code such as `amber-fox-river-otter`."""
    return "-".join(secrets.choice(WORDS) for _ in range(CODE_WORDS))


def code_bits(code: str) -> float:
    """A rough strength of a code in bits: from our word list, or by its length and kinds of character."""
    parts = code.split("-")
    if len(parts) > 1 and all(part in WORDS for part in parts):
        return 8.0 * len(parts)
    alphabet = 0
    if any(char.islower() for char in code):
        alphabet += 26
    if any(char.isupper() for char in code):
        alphabet += 26
    if any(char.isdigit() for char in code):
        alphabet += 10
    if any(not char.isalnum() for char in code):
        alphabet += 20
    distinct = len(set(code))
    if alphabet == 0 or distinct <= 1:
        return 0.0
    # People choose codes, not dice: count half the bits of a random string of the same characters,
    # and repeated characters at an eighth.
    per_char = math.log2(alphabet)
    return distinct * per_char / 2 + (len(code) - distinct) * per_char / 8


WRONG_PER_NAME = 5
"""Wrong codes one name may send from one address per window; then that name waits (not others)."""
WRONG_FREE_PER_ADDRESS = 30
"""Wrong codes one address may send per window before each further one is answered slowly (at
least; a bigger class gets more, see `free_tries_for`)."""
FREE_PER_SEAT = 2
"""Free wrong codes per window for each seat of the class, behind one address: a class that
types a four-word code on phones makes a typo or two each in the first minute."""
MOST_FREE_PER_ADDRESS = 100
"""The most free wrong codes per window, whatever the class size (so guessing stays decades)."""
WRONG_WINDOW = 60.0
"""The window, in seconds, over which wrong codes are counted."""
MAX_DELAY = 30.0
"""The longest an answer to a wrong code is held back, in seconds."""
MAX_WAITING = 4
"""Wrong codes from one address that may be held back at once; past this, that address is refused
(429) without its code being checked, until one of them is answered."""
MAX_TRACKED = 10_000
"""The most addresses and names remembered at once (the oldest are forgotten first)."""


def free_tries_for(max_sessions: int) -> int:
    """Free wrong codes per window for one address, for a class of `max_sessions` seats."""
    return min(MOST_FREE_PER_ADDRESS, max(WRONG_FREE_PER_ADDRESS, FREE_PER_SEAT * max_sessions))


class WrongCodeGuard:
    """Keeps guessing the class code impractical without locking a class out for one student's typos.

    A school's students often share one address (NAT), so counting wrong codes per address alone
    let ten typos lock out everyone. Instead:

    - **per name and address**: after `WRONG_PER_NAME` wrong codes in a window, that name from that
      address is refused until the window passes; classmates behind the same address are not;
    - **per address**: the first free tries in a window (`free_tries_for` the class size: two
      per seat, 30 to 100) are answered at once; each further one is answered only after a delay that doubles (1 s, 2 s, 4 s ... up to
      `MAX_DELAY`), and at most `MAX_WAITING` of them wait at once; while that many wait, the
      address is refused without its code being checked, so the delay cannot be beaten by sending
      guesses in parallel. A right code is never delayed.

    Guessing a 32-bit code this way takes decades from one address (108 tries a minute at most),
    while a class with a typo or two each never notices. The server also lets a browser that
    already holds its seat (it proved the code before) past the address's refusal. Pure: the
    server sleeps and answers.
    """

    def __init__(
        self, clock: Callable[[], float], free_per_address: int = WRONG_FREE_PER_ADDRESS
    ) -> None:
        """Args:
        clock: a monotonic time source in seconds (tests pass their own).
        free_per_address: wrong codes per window one address gets answered at once.
        """
        self.clock = clock
        self.free_per_address = free_per_address
        """Wrong codes per window one address gets answered at once."""
        self.by_name: dict[tuple[str, str], list[float]] = {}
        """(address, name) -> times of its recent wrong codes."""
        self.by_address: dict[str, list[float]] = {}
        """Address -> times of its recent wrong codes."""
        self.waiting: dict[str, int] = {}
        """Address -> wrong codes being held back now."""

    def _recent(self, times: list[float]) -> list[float]:
        now = self.clock()
        return [moment for moment in times if now - moment < WRONG_WINDOW]

    def _forget_old(self) -> None:
        _prune(self.by_name, self.clock())
        _prune(self.by_address, self.clock())

    def refusal(self, address: str, name: str) -> str | None:
        """Why this request must be refused before its code is even checked, or None.

        Args:
            address: the client's address.
            name: the name it asks for (case-folded by the caller; any text).
        """
        if self.waiting.get(address, 0) >= MAX_WAITING:
            return "address"
        times = self._recent(self.by_name.get((address, name), []))
        if len(times) >= WRONG_PER_NAME:
            return "name"
        return None

    def note_wrong(self, address: str, name: str) -> float:
        """Count one wrong code; return how long to hold back its answer, in seconds (0: at once)."""
        self._forget_old()
        now = self.clock()
        self.by_name.setdefault((address, name), []).append(now)
        times = self._recent(self.by_address.get(address, []))
        times.append(now)
        self.by_address[address] = times
        over = len(times) - self.free_per_address
        if over <= 0:
            return 0.0
        return min(MAX_DELAY, 2.0 ** (over - 1))

    def hold(self, address: str) -> None:
        """A wrong code's answer starts waiting."""
        self.waiting[address] = self.waiting.get(address, 0) + 1

    def release(self, address: str) -> None:
        """A held-back answer has been sent."""
        left = self.waiting.get(address, 0) - 1
        if left > 0:
            self.waiting[address] = left
        else:
            self.waiting.pop(address, None)

    def retry_after(self, address: str, name: str) -> int:
        """Seconds until a refused name (or address) may try again, for the Retry-After header."""
        times = self._recent(self.by_name.get((address, name), []))
        if len(times) >= WRONG_PER_NAME:
            return max(1, int(WRONG_WINDOW - (self.clock() - times[0])) + 1)
        return int(MAX_DELAY)


def _prune(table: dict[Key, list[float]], now: float) -> None:
    """Forget keys whose wrong codes are all older than the window, and the oldest past the cap."""
    for key in [
        key for key, times in table.items() if not times or now - times[-1] >= WRONG_WINDOW
    ]:
        del table[key]
    while len(table) > MAX_TRACKED:
        del table[next(iter(table))]
