"""Word readers: people who answer "Which path fits me?" by the words they read on screen.

A second, independent family of simulated people (tests/personas.py has the first). A reader sees
exactly what the plain mode prints: a question's prompt and its numbered options, as text. It never
sees points, sides or ids: it tells "both" and "neither" apart from the two role options by their
words ("Both ...", "Neither ..."), and rates a scale by its prompt. Each reader has its own word
lists (below, written apart from `quizapp check`'s and from tests/personas.py's) and a way of
choosing:

- `appeal` (most readers): each text's appeal is `base` plus a weight per word of each kind they
  react to, plus noise; a choice takes the more appealing role option, "both" when both appeal
  (or, for some, when the two are close), "neither" when neither does; a scale is rated by how much
  its prompt appeals;
- `first`: the first option every time ("A lot" on scales);
- `longest`: the longest option text ("Quite a bit" on scales);
- `concrete`: the option naming the most concrete things (pages, tables, logins, endpoints...);
- `echo`: the option repeating the most words of the question (a test-wise cue).

Some readers have a real preference between the two emphases, expressed only through many
different words (system-wide: every, shared, whole, company, many teams, libraries, rules...; one
product: this, one, its, the product, a feature, the checkout, a release...); `side` records it for
the tests, the reader never uses it. All others have no preference between the emphases and must
not be given a role by the words around the work.

`answer(reader, prompt, options, rng)` is the one decision, used by both drivers: the core driver
here (`play`, fast, for the suite) and the real plain mode driven through pipes
(`python -m tests.word_readers`), which gives the same answers draw for draw.
"""

from __future__ import annotations

import functools
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from quizapp.core.bank import Bank, FitQuestion
from quizapp.core.fitmode import next_fit_item
from quizapp.core.profile import Answer, Profile
from quizapp.core.recommend import Recommendation, recommend
from quizapp.core.session import plan_attempt

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

# Word lists: an entry ending in "*" matches any word starting with it, others match whole words.
LEXICON: dict[str, str] = {
    "users and designers": (
        "user* customer* shopper* client* designer* design* ux visitor* people person* "
        "front-end frontend mobile human*"
    ),
    "meetings": (
        "meet* meeting* daily conversation* talk* planning plan plans agree* explain* discuss* "
        "lead sync* together workshop* call*"
    ),
    "building": (
        "build* add adding added new create* creating ship* feature* launch* release* next "
        "deliver* make making write writing"
    ),
    "upkeep": (
        "keep* kept maintain* running fix* rework* check* look* looking after tune* repair* "
        "upkeep monitor* watch*"
    ),
    "speed and scale": (
        "scal* reliab* fast* quick* speed* perform* grow* traffic load* smooth* efficien* busy "
        "large heavy capacity"
    ),
    "security": (
        "secur* login* log-in sign-up sign-in password* auth* attack* safe* procedure* permission*"
    ),
    "apis": "api apis endpoint* service* web-service* webhook* call* integration*",
    "trouble": (
        "fail* break* broke* bug* slow* misbehav* problem* error* wrong crash* limit* outage*"
    ),
    "system-wide": (
        "every everyone all whole shared share* company company's many large system system's "
        "systems across reusable librar* platform* rule* procedure* other others year"
    ),
    "one product": (
        "this one its product product's feature feature's features checkout shop shop's release "
        "page order-history launch* month their own"
    ),
    "concrete things": (
        "checkout order-history page* table* login* sign-up endpoint* rate limits cach* "
        "database* server* shop* mobile screen* library libraries tests code stack app apps "
        "site* api"
    ),
    "senior-sounding": (
        "architect* complex* procedure* strateg* standard* rule* polic* principle* long-term "
        "infrastructure* critical"
    ),
    "first person": "you your yours you're my me i i'd we our us",
    "databases": "database* data table* sql quer* storage stor* cach* index*",
    "absolutes": "every everyone everything all any always never only none whole must entire* completely",
    "hedges": "many some most often usually may might can could several",
}
"""Kinds of word a reader may react to (stems with "*"); every reader's own, not the check's."""

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")


def _matches(word: str, entries: Sequence[str]) -> bool:
    return any(
        word.startswith(entry[:-1]) if entry.endswith("*") else word == entry for entry in entries
    )


_ENTRIES = {kind: words.split() for kind, words in LEXICON.items()}


def words_of(text: str) -> list[str]:
    """The words of a text, lower case (a possessive "'s" kept, "’" read as "'")."""
    return _WORD.findall(text.casefold().replace("’", "'"))


@functools.cache
def kind_counts(text: str) -> Counter[str]:
    """How many words of each kind in LEXICON a text holds (the bank's texts come back in every
    draw, so each is counted once; callers must not change the Counter)."""
    counts: Counter[str] = Counter()
    for word in words_of(text):
        for kind, entries in _ENTRIES.items():
            if _matches(word, entries):
                counts[kind] += 1
    return counts


@dataclass(frozen=True)
class Reader:
    """A person who answers by the words on screen (see the module docstring)."""

    name: str
    words: dict[str, float] = field(default_factory=dict)
    """Appeal per word of each kind in LEXICON."""
    base: float = 0.3
    """How much any backend work appeals, before its words."""
    noise: float = 0.35
    """The spread of a text's appeal from one reading to the next."""
    strategy: str = "appeal"
    """`appeal`, `first`, `longest` or `concrete`."""
    like: float = 0.9
    """Both role options above this: "both"."""
    dislike: float = -0.6
    """Both role options below this: "neither"."""
    unsure: float = 0.0
    """The two role options closer than this: "both" (a person who says "both" when unsure)."""
    never_neither: bool = False
    """Never answers "neither" to a choice: picks one of the options."""
    never_both: bool = False
    """Never answers "both"."""
    side: str | None = None
    """The emphasis this reader really prefers (for the tests only; the reader never reads it)."""
    interest: str = "some"
    """What their interest in backend work is: "little", "some" or "keen" (for the tests)."""

    def appeal(self, text: str, rng: random.Random) -> float:
        """How much a text appeals on this reading."""
        counts = kind_counts(text)
        value = self.base + sum(weight * counts[kind] for kind, weight in self.words.items())
        return value + rng.gauss(0, self.noise)


SCALE_WORDS = ("a lot", "quite a bit", "a little", "not at all")


def is_scale(options: Sequence[str]) -> bool:
    """Whether the options are the rating answers ("A lot" ... "Not at all")."""
    return [option.casefold() for option in options] == list(SCALE_WORDS)


def _role_options(options: Sequence[str]) -> tuple[list[int], int | None, int | None]:
    both = next((i for i, o in enumerate(options) if o.casefold().startswith("both")), None)
    neither = next((i for i, o in enumerate(options) if o.casefold().startswith("neither")), None)
    roles = [i for i in range(len(options)) if i not in (both, neither)]
    return roles, both, neither


def answer(reader: Reader, prompt: str, options: Sequence[str], rng: random.Random) -> int:
    """The option (0-based) this reader picks, from the prompt and the options' text alone."""
    if is_scale(options):
        if reader.strategy == "first":
            return 0
        if reader.strategy == "longest":
            return max(range(len(options)), key=lambda i: len(options[i]))
        if reader.strategy in ("concrete", "echo"):
            value = reader.base + 0.3 * kind_counts(prompt)["concrete things"]
            value += rng.gauss(0, reader.noise)
        else:
            value = reader.appeal(prompt, rng)
        return 0 if value > 1.3 else 1 if value > 0.5 else 2 if value > -0.3 else 3
    if reader.strategy == "first":
        return 0
    if reader.strategy == "longest":
        return max(range(len(options)), key=lambda i: (len(options[i]), -i))
    roles, both, neither = _role_options(options)
    if reader.strategy in ("concrete", "echo"):
        asked = set(words_of(prompt))
        counts = [
            kind_counts(options[i])["concrete things"]
            if reader.strategy == "concrete"
            else len(asked & set(words_of(options[i])))
            for i in roles
        ]
        best = [i for i, count in zip(roles, counts, strict=True) if count == max(counts)]
        return best[0] if len(best) == 1 or both is None else both
    appeal = {i: reader.appeal(options[i], rng) for i in roles}
    ranked = sorted(roles, key=lambda i: (-appeal[i], i))
    top, low = appeal[ranked[0]], appeal[ranked[-1]]
    if both is not None and not reader.never_both:
        if low > reader.like or top - low < reader.unsure:
            return both
    if neither is not None and not reader.never_neither and top < reader.dislike:
        return neither
    return ranked[0]


def _emphasis(side: str, strength: float = 0.6) -> dict[str, float]:
    sign = 1 if side == "engineer" else -1
    return {"system-wide": sign * strength, "one product": -sign * strength}


READERS: tuple[Reader, ...] = (
    Reader("loves anything about users and designers", {"users and designers": 1.0}),
    Reader("hates meetings", {"meetings": -1.5}, base=0.8),
    Reader("likes building and shipping words", {"building": 1.0}),
    Reader("likes upkeep words (keep, fix, maintain)", {"upkeep": 1.0}),
    Reader("likes scale, reliable, fast", {"speed and scale": 1.0}),
    Reader("security-minded", {"security": 1.2}),
    Reader("API-minded", {"apis": 1.2}),
    Reader("dislikes trouble words (fail, bug, slow)", {"trouble": -1.0}, base=0.8),
    Reader("likes senior-sounding words", {"senior-sounding": 1.0}),
    Reader("likes being spoken to (you, your)", {"first person": 1.0}),
    Reader("database-minded", {"databases": 1.2}),
    Reader("avoids absolute words (every, all, only, must)", {"absolutes": -1.0}, base=0.8),
    Reader("likes hedged words (many, some, can)", {"hedges": 1.0}),
    Reader("picks the option that repeats the question's words", strategy="echo", base=0.6),
    Reader("picks the longest option", strategy="longest", interest="keen"),
    Reader("picks the most concrete option", strategy="concrete", base=0.6, noise=0.3),
    Reader("picks the first option", strategy="first", interest="keen"),
    Reader(
        "says both whenever unsure",
        {"speed and scale": 0.3, "users and designers": 0.3},
        base=0.5,
        unsure=0.6,
        like=1.2,
        interest="keen",
    ),
    Reader(
        "little interest, never neither",
        {"building": 0.3, "upkeep": 0.3},
        base=-1.0,
        noise=0.5,
        never_neither=True,
        never_both=True,
        interest="little",
    ),
    Reader(
        "little interest, both when unsure",
        {"users and designers": 0.3},
        base=-1.0,
        noise=0.5,
        never_neither=True,
        unsure=0.5,
        like=9.0,
        interest="little",
    ),
    Reader("system-wide emphasis, in many words", _emphasis("engineer"), side="engineer"),
    Reader("one-product emphasis, in many words", _emphasis("developer"), side="developer"),
    Reader(
        "system-wide emphasis, loves users and designers",
        {**_emphasis("engineer"), "users and designers": 1.0},
        side="engineer",
    ),
    Reader(
        "one-product emphasis, hates meetings",
        {**_emphasis("developer"), "meetings": -1.5},
        base=0.8,
        side="developer",
    ),
    Reader(
        "system-wide emphasis, likes building words",
        {**_emphasis("engineer"), "building": 1.0},
        side="engineer",
    ),
    Reader(
        "one-product emphasis, likes scale and speed",
        {**_emphasis("developer"), "speed and scale": 1.0},
        side="developer",
    ),
)
"""Every word reader, in table order."""

OUTCOMES = ("engineer", "developer", "both", "neither", "unclear", "not enough answers")


def rng_for(reader: Reader, seed: int) -> random.Random:
    """The reader's own noise for one seeded run (the same in both drivers)."""
    return random.Random(f"{reader.name}:{seed}")


def play(bank: Bank, reader: Reader, seed: int) -> tuple[list[Answer], int]:
    """One seeded "Which path fits me?" attempt answered by `reader` through the core: the answers
    and how many items were asked. The same questions, in the same order, as the plain mode with
    `--seed seed` shows."""
    profile = Profile(name="reader", created=NOW, last_activity=NOW)
    attempt = plan_attempt(bank, profile, "fit", seed=seed, now=NOW)
    rng = rng_for(reader, seed)
    ids = list(attempt.question_ids)
    answers: list[Answer] = []
    position = 0
    while position < len(ids):
        question = bank[ids[position]]
        assert isinstance(question, FitQuestion)
        choice = answer(reader, question.prompt, [o.text for o in question.options], rng)
        answers.append(
            Answer(question_id=question.id, response=choice, answered_at=NOW, version="sim")
        )
        position += 1
        following = next_fit_item(bank, answers, ids, seed)
        if following is not None and following.id not in ids:
            ids.append(following.id)
    return answers, len(answers)


def run(bank: Bank, reader: Reader, seed: int) -> tuple[Recommendation, int]:
    """The recommendation after one seeded attempt, and how many items it asked."""
    answers, asked = play(bank, reader, seed)
    return recommend(answers, bank), asked


# The real plain mode, driven through pipes ------------------------------------------------------

_QUESTION = re.compile(r"^Question \d+ ·")
_OPTION = re.compile(r"^  (\d+)\. (.*)$")
HEADLINES = (
    ("Backend engineer fits you better", "engineer"),
    ("Backend developer fits you better", "developer"),
    ("Both paths fit you", "both"),
    ("Neither path draws you much", "neither"),
    ("No clear lean yet", "unclear"),
    ("No verdict yet", "not enough answers"),
)


@dataclass
class PlainRun:
    """What one plain-mode run showed: the outcome from its words, and the verdict's lines."""

    outcome: str
    asked: int
    verdict: list[str]
    answers: list[int]


def play_plain(
    reader: Reader, seed: int, questions: str | None = None, command: Sequence[str] = ()
) -> PlainRun:
    """Run `quizapp --plain --mode fit --seed seed` in a fresh profiles and cache folder, answer
    each question as `reader` from the text printed, and read the verdict's words at the end."""
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as profiles, tempfile.TemporaryDirectory() as cache:
        program = list(command) or [str(Path(sys.executable).with_name("quizapp"))]
        args = [*program, "--plain", "--mode", "fit", "--profile", "reader"]
        args += ["--profiles", profiles, "--seed", str(seed)]
        if questions:
            args += ["--questions", questions]
        env = {**os.environ, "QUIZAPP_CACHE": cache, "NO_COLOR": "1"}
        process = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            env=env,
        )
        assert process.stdin is not None and process.stdout is not None
        rng = rng_for(reader, seed)
        block: list[str] = []
        seen: list[str] = []
        chosen: list[int] = []
        for raw in process.stdout:
            line = raw.rstrip("\n")
            seen.append(line)
            if _QUESTION.match(line):
                block = []
            block.append(line)
            if line.startswith("Your answer:"):
                prompt = block[1] if len(block) > 1 else ""
                options = [m.group(2) for m in map(_OPTION.match, block) if m]
                choice = answer(reader, prompt, options, rng)
                chosen.append(choice)
                process.stdin.write(f"{choice + 1}\n")
                process.stdin.flush()
        process.wait(timeout=60)
    start = next(i for i, line in enumerate(seen) if line.startswith("Which path fits you"))
    verdict = [line.strip() for line in seen[start + 1 :]]
    outcome = next(name for words, name in HEADLINES if verdict[0].startswith(words))
    return PlainRun(outcome, len(chosen), verdict, chosen)


_NUMBER = r"([+-]?\d+\.\d+)"


def verdict_problems(run: PlainRun) -> list[str]:
    """Where the verdict's words disagree with its own numbers (strength with the lean, "sure"
    with the interval, the interest words with their percentages)."""
    from quizapp.core.recommend import EQUAL_Z, EQUIVALENCE, INTERVAL_Z

    problems = []
    text = "\n".join(run.verdict)
    interval = re.search(rf"between {_NUMBER} and {_NUMBER}", text)
    lean = re.search(rf"a lean of {_NUMBER}", text)
    if run.outcome in ("engineer", "developer"):
        assert interval and lean, text
        low, high, value = float(interval[1]), float(interval[2]), float(lean[1])
        word = re.search(r"fits you better: a (\w+) lean", text)
        size = abs(value)
        expected = "strong" if size >= 0.6 else "clear" if size >= 0.3 else "slight"
        if not word or word[1] != expected:
            problems.append(f"strength {word and word[1]} for a lean of {value}")
        if not (low > 0 or high < 0) or (value > 0) != (run.outcome == "engineer"):
            problems.append(f"{run.outcome} with an interval {low}..{high}")
        sure = low > EQUIVALENCE or high < -EQUIVALENCE
        said_sure = "How sure: sure." in text
        if sure != said_sure:
            problems.append(f"'sure' is {said_sure} for an interval {low}..{high}")
        if not low <= value <= high:
            problems.append(f"lean {value} outside its interval {low}..{high}")
    if run.outcome == "both":
        assert interval, text
        low, high = float(interval[1]), float(interval[2])
        half = (high - low) / 2 * EQUAL_Z / INTERVAL_Z
        middle = (high + low) / 2
        if middle - half < -EQUIVALENCE - 0.01 or middle + half > EQUIVALENCE + 0.01:
            problems.append(f"both with an interval {low}..{high}")
    for words, percent in re.findall(r"(little|some|quite a bit|a lot) \((\d+)%\)", text):
        level = int(percent) / 100
        expected = (
            "little"
            if level < 0.4
            else "some"
            if level < 0.6
            else "quite a bit"
            if level < 0.8
            else "a lot"
        )
        if words != expected and abs(level - 0.4) > 0.006 and abs(level - 0.6) > 0.006:
            problems.append(f"interest '{words}' for {percent}%")
    if run.outcome == "neither" and re.search(r"\b(both|either) paths? fits? you\b", text):
        problems.append("neither but says a path fits")
    return problems


def main() -> None:
    """Print the word readers' outcome table through the real plain mode (or the core, --core)."""
    import argparse
    from concurrent.futures import ThreadPoolExecutor
    from functools import partial
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100, help="seeded runs per reader")
    parser.add_argument("--questions", help="another questions folder (a teacher's bank)")
    parser.add_argument("--core", action="store_true", help="drive the core, not the plain mode")
    parser.add_argument("--jobs", type=int, default=2, help="plain-mode runs at once")
    parser.add_argument("--only", help="only readers whose name contains this")
    args = parser.parse_args()
    from quizapp.core.loader import load_checked_bank

    root = Path(__file__).resolve().parent.parent
    bank = load_checked_bank(Path(args.questions or root / "questions"), root / "seeds")
    print(
        "| Reader | Engineer | Developer | Both | Neither | No clear lean | Median items | Words wrong |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    mismatches = 0
    for reader in READERS:
        if args.only and args.only not in reader.name:
            continue
        core = [run(bank, reader, seed) for seed in range(args.seeds)]
        if args.core:
            outcomes = [(rec.outcome, asked) for rec, asked in core]
            wrong = 0
        else:
            with ThreadPoolExecutor(args.jobs) as pool:
                runs = list(
                    pool.map(
                        partial(play_plain, reader, questions=args.questions), range(args.seeds)
                    )
                )
            outcomes = [(r.outcome, r.asked) for r in runs]
            wrong = sum(1 for r in runs if verdict_problems(r))
            for r in runs:
                for problem in verdict_problems(r):
                    print(f"  {reader.name}: {problem}")
            mismatches += sum(
                1
                for r, (rec, asked) in zip(runs, core, strict=True)
                if (r.outcome, r.asked) != (rec.outcome, asked)
            )
        counts = Counter(
            outcome if outcome in OUTCOMES[:4] else "unclear" for outcome, _ in outcomes
        )
        sizes = sorted(asked for _, asked in outcomes)
        shares = " | ".join(f"{100 * counts[name] / len(outcomes):.0f}%" for name in OUTCOMES[:5])
        print(f"| {reader.name} | {shares} | {sizes[len(sizes) // 2]} | {wrong} |", flush=True)
    if not args.core:
        print(f"\nPlain mode and core disagreed in {mismatches} runs.")


if __name__ == "__main__":
    main()
