"""The item-writing check: flaws a program can see in a bank's knowledge questions, from text alone.

It follows the rubric of Haladyna, Downing & Rodriguez (2002), "A review of multiple-choice
item-writing guidelines for classroom assessment" (Applied Measurement in Education 15(3)): the
guidelines a program can test from the words of a question (equal choice lengths, no specific
determiners, no "all/none of the above", negatives emphasised, no clues to the key), plus the
test-wise cues the same literature names (convergence, a stem word repeated in the key only) and
two limits over the whole bank (where the key stands out by length, and which role answer keys the
role questions). Per-question findings are warnings; bank-level limits are errors. Every rule runs
on any bank, and each bank-level limit says from what size it applies.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from quizapp.core.bank import (
    AnyQuestion,
    MultiQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    is_graded,
)
from quizapp.core.problems import located

RUBRIC = (
    'Haladyna, Downing & Rodriguez (2002), "A review of multiple-choice item-writing guidelines '
    'for classroom assessment"'
)
"""The published rubric the rules follow, as the README and `quizapp check` name it."""

Level = Literal["warning", "error"]


@dataclass(frozen=True)
class Rule:
    """One item-writing rule: what it finds, which guideline it follows, and how to fix it."""

    id: str
    """Stable id, shown with every finding (`longest-key`)."""
    level: Level
    """`warning` (one question; `check` still passes) or `error` (a bank-level limit; `check` fails)."""
    title: str
    """What the rule finds, in a few words."""
    guideline: str
    """The guideline of the rubric it follows."""
    fix: str
    """How a teacher fixes a finding."""


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "longest-key",
            "warning",
            "the right answer is the longest choice",
            "HDR 23: keep the length of choices about equal",
            "make the wrong choices as long and detailed as the right one (or the right one "
            "shorter); test-wise readers pick the longest choice",
        ),
        Rule(
            "uneven-length",
            "warning",
            "choices of very uneven length",
            "HDR 23: keep the length of choices about equal",
            "bring every choice to about the same length: the longest is at least twice the "
            "shortest",
        ),
        Rule(
            "detailed-key",
            "warning",
            "the right answer is much more detailed than the others",
            "HDR 22: keep choices homogeneous in content and grammatical structure",
            "give the wrong choices as many specifics (lists, examples, figures, qualifiers) as "
            "the right one",
        ),
        Rule(
            "absolute-distractor",
            "warning",
            "absolute words only in wrong choices",
            "HDR 28: avoid specific determiners (always, never, only, all, none)",
            "take the absolute words out of the wrong choices, or write a right choice that is "
            "absolute and true; absolutes should not tell which choices are wrong",
        ),
        Rule(
            "hedged-key",
            "warning",
            "hedge words only in right choices",
            "HDR 28: avoid clues to the right answer (specific determiners)",
            "hedge a wrong choice too (usually, can, often), or state the right one plainly",
        ),
        Rule(
            "absolute-false",
            "warning",
            "a false statement with an absolute word",
            "HDR 28: avoid specific determiners (always, never, only, all, none)",
            "make the statement false for another reason than an absolute word, or keep "
            "absolutes in true statements as often as in false ones",
        ),
        Rule(
            "hedged-true",
            "warning",
            "a true statement with a hedge word",
            "HDR 28: avoid clues to the right answer (specific determiners)",
            "state the true statement plainly, or hedge false statements as often as true ones",
        ),
        Rule(
            "all-none-above",
            "warning",
            '"all of the above", "none of the above" or a combined choice',
            "HDR 25 and 26: avoid none of the above and all of the above",
            "replace it with a real, plausible choice; use a select-all question when several "
            "choices are right",
        ),
        Rule(
            "negative-stem",
            "warning",
            "a negative question without emphasis",
            "HDR 17: word the stem positively; if a negative is needed, make it stand out",
            "ask the question positively, or write the negative word in capitals (NOT, EXCEPT)",
        ),
        Rule(
            "stem-clue",
            "warning",
            "a word of the question repeated in the right answer only",
            "HDR 28: avoid clues such as clang associations (stem words repeated in the key)",
            "reword the right answer, or use the question's word in a wrong choice too",
        ),
        Rule(
            "convergence",
            "warning",
            "the right answer shares the most words with the other choices",
            "HDR 28: avoid clues to the right answer (convergence: wrong choices built from the key)",
            "write each wrong choice from its own misconception, not as a variation of the right "
            "answer",
        ),
        Rule(
            "grammar-clue",
            "warning",
            "only the right answer fits the question's grammar",
            "HDR 28: avoid grammatical inconsistencies between stem and choices",
            'end the question without "a" or "an", or make every choice fit it',
        ),
        Rule(
            "role-both-unsourced",
            "warning",
            'a role question keyed "both" without a passage per role',
            "HDR 8: base each item on important content (cite what the key rests on)",
            "add role_sources = { engineer = { doc, quote }, developer = { doc, quote } }, "
            "one passage giving it to each role",
        ),
        Rule(
            "near-duplicate",
            "warning",
            "the same point as another question, in other words",
            "HDR 3: keep the content of each item independent of the other items",
            'declare them variants of one fact (the same `fact = "..."`) or merge them',
        ),
        Rule(
            "key-longest-share",
            "error",
            "the right answer is the longest choice too often",
            "HDR 23: keep the length of choices about equal",
            "lengthen the wrong choices (or shorten the keys) of the single-choice questions "
            "listed as longest-key until the share is within the limit",
        ),
        Rule(
            "key-detail-share",
            "error",
            "the right answer is the most detailed choice too often",
            "HDR 22: keep choices homogeneous in content and grammatical structure",
            "give the wrong choices as many specifics (lists, steps, examples, qualifiers) as the "
            "keys of the single-choice questions listed, until the share is within the limit",
        ),
        Rule(
            "role-key-share",
            "error",
            "one role answer keys too many role questions",
            "HDR 25 analogue: balance the answers, so no answer wins by habit",
            "rewrite role questions so that no answer (engineer, developer, both) keys more than "
            "45% of them; key one role only where the documents and practice agree",
        ),
        Rule(
            "true-share",
            "error",
            "true and false keys out of balance",
            "true/false items: keep the share of true keys near half",
            "rewrite statements so that true and false keys are each 35% to 65% of them",
        ),
    )
}
"""Every rule, by id, in the order `quizapp check` summarises them."""

MIN_SINGLE_FOR_SHARE = 10
"""The key-length and key-detail limits apply to banks with at least this many single-choice
questions."""
KEY_LONGEST_MARGIN = 0.10
"""The key may be the longest (or the most detailed) choice in at most 1/k + this share of
single-choice questions."""
MIN_ROLE_FOR_SHARE = 10
"""The role-answer limit applies to banks with at least this many role questions."""
ROLE_KEY_LIMIT = 0.45
"""No role answer (engineer, developer, both) may key more than this share of role questions."""
MIN_TRUE_FALSE_FOR_SHARE = 10
"""The true-share limit applies to banks with at least this many true/false questions."""
TRUE_SHARE_RANGE = (0.35, 0.65)
"""The share of true keys among true/false questions must lie in this range."""
LONGEST_BY = 1.10
"""A key counts as clearly the longest when it is at least this many times the next choice."""
UNEVEN_RATIO = 2.0
"""Choices are very uneven when the longest is at least this many times the shortest..."""
UNEVEN_CHARACTERS = 25
"""...and at least this many characters longer."""
DETAIL_MARGIN = 2
"""The key is much more detailed when it has this many more details than every other choice."""
CONVERGENCE_MARGIN = 2
"""The key converges when it shares this many more words with the others than any other choice."""
NEAR_DUPLICATE = 0.40
"""Two questions ask the same point at this similarity of key terms and passage (0 to 1)."""
SMALL_BANK = 50
"""Word rarity in a bank of fewer questions is weighed as in a bank of this many."""

ABSOLUTE = re.compile(
    r"\b(always|never|only|all|none|every|everything|everyone|everybody|no one|nobody|nothing|"
    r"entirely|completely|totally|absolutely|solely|exclusively|alone|must|cannot|can['’]t|"
    r"impossible|guaranteed?|guarantees)\b",
    re.IGNORECASE,
)
"""Specific determiners: words that make a claim absolute (test-wise readers call them wrong)."""
HEDGE = re.compile(
    r"\b(usually|often|may|might|can|could|some|sometimes|most|mostly|typically|generally|"
    r"tends?|likely|probably|possibly|perhaps|frequently|commonly|depends?|in many cases)\b",
    re.IGNORECASE,
)
"""Hedges: words that qualify a claim (test-wise readers call them right)."""
ABOVE = re.compile(
    r"\b(all|none|both|neither) of (the )?(above|these|those|them|the choices|the options)\b"
    r"|^\s*(both|only)?\s*\(?[a-e1-5]\)? and \(?[a-e1-5]\)?\s*$",
    re.IGNORECASE,
)
"""Choices that refer to other choices."""
NEGATIVE = re.compile(r"\b(not|except|least|never|false|incorrect|wrong)\b|n['’]t\b", re.IGNORECASE)
"""Negative words in a question."""

STOP_WORDS = frozenset(
    """a an the and or of to in on for with by from at as is are was were be been being it its
    this that these those which what who whom whose when where why how do does did done can could
    may might must should would will shall not no nor so than then there their them they he she
    his her you your we our us i me my one two all any each every some such into over under about
    after before between both either neither more most less least very much many also only just
    own same other another because while if but yet up out off again further here once per via
    etc use used uses using make makes made backend back end engineer engineers developer
    developers role roles select apply statement statements following true false document
    documents describe describes way ways team teams get gets got has have having need needs
    work works keep keeps thing things it's they're don't doesn't isn't aren't""".split()
)
"""Words too common to carry a point."""

_WORD = re.compile(r"[a-z0-9+#]+(?:['’](?!s\b)[a-z]+)?")


def stem(word: str) -> str:
    """A crude stem so that `queries`, `query` and `optimising`, `optimize` compare equal."""
    if len(word) > 6:
        word = word.replace("isation", "ization").replace("ise", "ize")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] not in "lsz":
                word = word[:-1]  # running -> run, stopped -> stop
            return word
    return word


def content_words(text: str) -> frozenset[str]:
    """The stems of the words in `text` that can carry a point (no stop words, 3 letters or more)."""
    return frozenset(
        stem(word)
        for word in _WORD.findall(text.casefold())
        if word not in STOP_WORDS and len(word) > 2
    )


def detail_count(text: str) -> int:
    """How many specifics a choice packs in: list separators, brackets, figures, examples."""
    lowered = text.casefold()
    return (
        text.count(",")
        + text.count("(")
        + text.count(":")
        + text.count(";")
        + len(re.findall(r"\d+", text))
        + len(re.findall(r"\b(and|or)\b", lowered))
        + lowered.count("e.g.")
        + lowered.count("such as")
        + lowered.count("for example")
    )


def question_sentence(prompt: str) -> str:
    """The asking part of a prompt: the last sentence that ends with "?", else the whole prompt."""
    end = prompt.rfind("?")
    if end < 0:
        return prompt
    start = max(prompt.rfind(". ", 0, end), prompt.rfind("! ", 0, end), prompt.rfind(": ", 0, end))
    return prompt[start + 1 : end + 1].strip()


@dataclass(frozen=True)
class Finding:
    """One item-writing finding: the rule, where it is, and what is wrong."""

    rule: str
    """The rule's id (a key of `RULES`)."""
    file: str
    """The bank file, as a path the person can open."""
    where: str
    """`id <question id>` for a question, "" for the bank as a whole."""
    message: str
    """What is wrong, with the specifics of this question."""
    line: int | None = None
    """The line of the question's `[[questions]]` header, when known."""

    @property
    def level(self) -> Level:
        """`warning` or `error`, from the rule."""
        return RULES[self.rule].level

    def __str__(self) -> str:
        return located(self.file, self.line, self.where, f"{self.rule}: {self.message}")


def _short(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _choice_words(indexes: Iterable[int], choices: Sequence[str], pattern: re.Pattern[str]) -> str:
    """`choices[1] (only), choices[3] (always)`: which choices use the pattern's words."""
    parts = []
    for index in indexes:
        words = sorted({match.group(0).casefold() for match in pattern.finditer(choices[index])})
        parts.append(f"choices[{index}] ({', '.join(words)})")
    return ", ".join(parts)


def _right(question: SingleQuestion | MultiQuestion) -> set[int]:
    return {question.answer} if isinstance(question, SingleQuestion) else set(question.answers)


def _choice_findings(question: SingleQuestion | MultiQuestion) -> list[tuple[str, str]]:
    """(rule, message) for the flaws one choice question shows in its own text."""
    found: list[tuple[str, str]] = []
    choices = question.choices
    right = _right(question)
    wrong = [index for index in range(len(choices)) if index not in right]
    lengths = [len(" ".join(choice.split())) for choice in choices]

    if isinstance(question, SingleQuestion):
        key = question.answer
        others = sorted((lengths[index] for index in wrong), reverse=True)
        if others and lengths[key] > others[0] and lengths[key] >= LONGEST_BY * others[0]:
            found.append(
                (
                    "longest-key",
                    f"the right answer (choices[{key}], {lengths[key]} characters) is the longest; "
                    f"the next is {others[0]}",
                )
            )
    elif wrong and min(lengths[index] for index in right) > max(lengths[index] for index in wrong):
        found.append(
            (
                "longest-key",
                "every right choice is longer than every wrong one "
                f"(right {min(lengths[i] for i in right)}+ characters, wrong at most "
                f"{max(lengths[i] for i in wrong)})",
            )
        )
    shortest, longest = min(lengths), max(lengths)
    if longest >= UNEVEN_RATIO * shortest and longest - shortest >= UNEVEN_CHARACTERS:
        found.append(
            (
                "uneven-length",
                f"choices run from {shortest} to {longest} characters "
                f"(choices[{lengths.index(shortest)}] to choices[{lengths.index(longest)}])",
            )
        )
    if isinstance(question, SingleQuestion) and wrong:
        details = [detail_count(choice) for choice in choices]
        key = question.answer
        if all(details[key] >= details[index] + DETAIL_MARGIN for index in wrong):
            found.append(
                (
                    "detailed-key",
                    f"the right answer has {details[key]} details (lists, brackets, figures), "
                    f"the others at most {max(details[index] for index in wrong)}",
                )
            )

    # "None of the above" is its own flaw (all-none-above), not an absolute word.
    absolute_wrong = [
        index
        for index in wrong
        if ABSOLUTE.search(choices[index]) and not ABOVE.search(choices[index])
    ]
    if absolute_wrong and not any(ABSOLUTE.search(choices[index]) for index in right):
        found.append(
            (
                "absolute-distractor",
                f"only wrong choices use absolute words: {_choice_words(absolute_wrong, choices, ABSOLUTE)}",
            )
        )
    hedged_right = sorted(index for index in right if HEDGE.search(choices[index]))
    if hedged_right and wrong and not any(HEDGE.search(choices[index]) for index in wrong):
        found.append(
            (
                "hedged-key",
                f"only right choices use hedge words: {_choice_words(hedged_right, choices, HEDGE)}",
            )
        )
    above = [index for index, choice in enumerate(choices) if ABOVE.search(choice)]
    if above:
        found.append(
            (
                "all-none-above",
                ", ".join(f'choices[{index}] "{_short(choices[index])}"' for index in above),
            )
        )
    asking = question_sentence(question.prompt)
    negatives = [match.group(0) for match in NEGATIVE.finditer(asking)]
    unmarked = [word for word in negatives if not word.isupper()]
    if unmarked:
        found.append(
            (
                "negative-stem",
                f'the question asks with "{unmarked[0]}" in lower case: "{_short(asking, 60)}"',
            )
        )
    if isinstance(question, SingleQuestion) and wrong:
        found.extend(_clue_findings(question))
    return found


def _clue_findings(question: SingleQuestion) -> list[tuple[str, str]]:
    """Stem words repeated in the key only, convergence, and an article only the key fits."""
    found: list[tuple[str, str]] = []
    choices = question.choices
    key = question.answer
    words = [content_words(choice) for choice in choices]
    stem_words = content_words(question.prompt)
    repeats = [len(stem_words & choice) for choice in words]
    key_only = sorted(
        (stem_words & words[key])
        - set().union(*(words[index] for index in range(len(choices)) if index != key))
    )
    if key_only and repeats[key] > max(r for i, r in enumerate(repeats) if i != key):
        found.append(
            (
                "stem-clue",
                f"the right answer repeats the question's {', '.join(repr(w) for w in key_only)}; "
                "no other choice does",
            )
        )
    shared = [
        sum(len(words[index] & words[other]) for other in range(len(choices)) if other != index)
        for index in range(len(choices))
    ]
    runner_up = max(count for index, count in enumerate(shared) if index != key)
    if shared[key] >= runner_up + CONVERGENCE_MARGIN:
        found.append(
            (
                "convergence",
                f"the right answer shares {shared[key]} words with the other choices, the next "
                f"choice {runner_up}: the wrong choices look like variations of it",
            )
        )
    article = re.search(r"\b(a|an)\s*[?:.]?\s*$", question.prompt.strip(), re.IGNORECASE)
    if article:
        wants_vowel = article.group(1).casefold() == "an"
        fits = [
            index
            for index, choice in enumerate(choices)
            if (choice.strip()[:1].casefold() in "aeiou") == wants_vowel
        ]
        if fits == [key]:
            found.append(
                (
                    "grammar-clue",
                    f'the question ends with "{article.group(1)}", which only the right answer fits',
                )
            )
    return found


def _statement_findings(question: TrueFalseQuestion) -> list[tuple[str, str]]:
    """(rule, message) for a true/false statement whose wording gives its key away."""
    absolute = sorted({match.group(0).casefold() for match in ABSOLUTE.finditer(question.prompt)})
    hedge = sorted({match.group(0).casefold() for match in HEDGE.finditer(question.prompt)})
    if not question.answer and absolute:
        return [("absolute-false", f"the false statement says {', '.join(absolute)}")]
    if question.answer and hedge and not absolute:
        return [("hedged-true", f"the true statement says {', '.join(hedge)}")]
    return []


def question_findings(question: AnyQuestion) -> list[tuple[str, str]]:
    """(rule id, message) for every per-question flaw of one knowledge question (none for others)."""
    if not is_graded(question) or question.draft:
        return []
    if isinstance(question, SingleQuestion | MultiQuestion):
        return _choice_findings(question)
    if isinstance(question, TrueFalseQuestion):
        return _statement_findings(question)
    if isinstance(question, RoleQuestion) and question.answer == "both":
        if question.role_sources is None:
            return [
                (
                    "role-both-unsourced",
                    'keyed "both" but cites one passage; show each role\'s share',
                )
            ]
    return []


def key_longest_value(question: SingleQuestion) -> float:
    """What picking the longest choice scores on one question: 1/t when the key ties t longest."""
    lengths = [len(" ".join(choice.split())) for choice in question.choices]
    longest = [index for index, length in enumerate(lengths) if length == max(lengths)]
    return 1 / len(longest) if question.answer in longest else 0.0


def key_detail_value(question: SingleQuestion) -> float:
    """What picking the most detailed choice scores on one question: 1/t when the key ties t."""
    details = [detail_count(choice) for choice in question.choices]
    most = [index for index, count in enumerate(details) if count == max(details)]
    return 1 / len(most) if question.answer in most else 0.0


def bank_findings(questions: Sequence[tuple[Path, AnyQuestion]], folder: str) -> list[Finding]:
    """The bank-level limits: where the key is longest, role answers, true/false balance.

    Each applies from a minimum number of questions of its kind (`MIN_*_FOR_SHARE`): below that, a
    share says little, and the per-question warnings still name every flawed question.
    """
    graded = [(path, q) for path, q in questions if is_graded(q) and not q.draft]
    found: list[Finding] = []
    singles = [(path, q) for path, q in graded if isinstance(q, SingleQuestion)]
    if len(singles) >= MIN_SINGLE_FOR_SHARE:
        share = sum(key_longest_value(q) for _, q in singles) / len(singles)
        blind = sum(1 / len(q.choices) for _, q in singles) / len(singles)
        limit = blind + KEY_LONGEST_MARGIN
        if share > limit + 1e-9:
            count = sum(key_longest_value(q) == 1 for _, q in singles)
            longest = [q.id for _, q in singles if key_longest_value(q) > 0]
            found.append(
                Finding(
                    "key-longest-share",
                    _files(singles, folder),
                    "",
                    f"the right answer is the longest choice in {share:.0%} of the "
                    f"{len(singles)} single-choice questions ({count} alone, ties shared); the "
                    f"limit is {limit:.0%} (1/k = {blind:.0%}, plus {KEY_LONGEST_MARGIN:.0%}). "
                    f"Fix about {math.ceil((share - limit) * len(singles))} of these: "
                    f"{', '.join(longest)}",
                )
            )
        detail = sum(key_detail_value(q) for _, q in singles) / len(singles)
        if detail > limit + 1e-9:
            detailed = [q.id for _, q in singles if key_detail_value(q) > 0]
            found.append(
                Finding(
                    "key-detail-share",
                    _files(singles, folder),
                    "",
                    f"the right answer is the most detailed choice (lists, steps, brackets, "
                    f"figures) in {detail:.0%} of the {len(singles)} single-choice questions (ties "
                    f"shared); the limit is {limit:.0%}. Fix about "
                    f"{math.ceil((detail - limit) * len(singles))} of these: {', '.join(detailed)}",
                )
            )
    roles = [(path, q) for path, q in graded if isinstance(q, RoleQuestion)]
    if len(roles) >= MIN_ROLE_FOR_SHARE:
        counts = Counter(q.answer for _, q in roles)
        answer, count = counts.most_common(1)[0]
        if count > ROLE_KEY_LIMIT * len(roles):
            allowed = math.floor(ROLE_KEY_LIMIT * len(roles))
            found.append(
                Finding(
                    "role-key-share",
                    _files(roles, folder),
                    "",
                    f'"{answer}" keys {count} of the {len(roles)} role questions ({count / len(roles):.0%}); '
                    f"at most {ROLE_KEY_LIMIT:.0%} ({allowed}) may share one answer "
                    f"(now: {', '.join(f'{key} {value}' for key, value in sorted(counts.items()))})",
                )
            )
    statements = [(path, q) for path, q in graded if isinstance(q, TrueFalseQuestion)]
    if len(statements) >= MIN_TRUE_FALSE_FOR_SHARE:
        true = sum(q.answer for _, q in statements)
        share = true / len(statements)
        low, high = TRUE_SHARE_RANGE
        if not low <= share <= high:
            found.append(
                Finding(
                    "true-share",
                    _files(statements, folder),
                    "",
                    f"{true} of the {len(statements)} true/false statements are true "
                    f"({share:.0%}); keep it between {low:.0%} and {high:.0%}",
                )
            )
    return found


def limits_not_applied(questions: Iterable[AnyQuestion]) -> list[str]:
    """The bank-level limits a bank is too small for, each with its minimum size and the bank's count."""
    items = [q for q in questions if is_graded(q) and not q.draft]
    sizes = (
        ("key length and detail", SingleQuestion, "single-choice", MIN_SINGLE_FOR_SHARE),
        ("role answers", RoleQuestion, "role", MIN_ROLE_FOR_SHARE),
        ("true/false balance", TrueFalseQuestion, "true/false", MIN_TRUE_FALSE_FOR_SHARE),
    )
    notes = []
    for name, kind, label, minimum in sizes:
        count = sum(isinstance(q, kind) for q in items)
        if 0 < count < minimum:
            notes.append(f"{name} (from {minimum} {label} questions; {count} here)")
    return notes


def _files(located: Sequence[tuple[Path, AnyQuestion]], folder: str) -> str:
    """The one file these questions come from, else the bank folder."""
    files = {str(path) for path, _ in located}
    return files.pop() if len(files) == 1 else folder


def duplicate_findings(questions: Sequence[tuple[Path, AnyQuestion]]) -> list[Finding]:
    """Pairs of knowledge questions that test the same point in other words, without a shared `fact`.

    A question's point is its key terms: the right choice (each right choice of a select-all),
    or the statement of a true/false or role question, together with the question's own words.
    Two points are compared by the rare words they share (weighted by how rare each is in the
    bank), and a pair citing overlapping passages of one document counts a little more. Candidate
    pairs come from an index of the less common words, and every weight is worked out once.
    """
    graded = [(path, q) for path, q in questions if is_graded(q) and not q.draft]
    if len(graded) < 2:
        return []
    keys = [_key_terms(q) for _, q in graded]
    prompts = [
        content_words(q.prompt) if isinstance(q, SingleQuestion | MultiQuestion) else frozenset()
        for _, q in graded
    ]
    bags = [frozenset().union(*keys[n], prompts[n]) for n in range(len(graded))]
    frequency: Counter[str] = Counter()
    for bag in bags:
        frequency.update(bag)
    # Rare words weigh most. A small bank counts as SMALL_BANK questions, so that a word two of
    # its few questions share still reads as rare (else two questions of a two-question bank
    # could never look alike).
    scale = max(len(graded), SMALL_BANK)
    word_weight = {word: math.log(1 + scale / count) for word, count in frequency.items()}
    unseen = math.log(1 + scale)

    def weight(words: frozenset[str]) -> float:
        return sum(word_weight.get(word, unseen) for word in words)

    points = [
        _Point(
            [(key, weight(key), key | prompts[n], weight(key | prompts[n])) for key in keys[n]],
            content_words(question.source.quote),
        )
        for n, (_, question) in enumerate(graded)
    ]
    quote_weights = [weight(point.quote) for point in points]
    too_common = max(3, len(graded) // 5)
    index: dict[str, list[int]] = defaultdict(list)
    found: list[Finding] = []
    for number, (path, question) in enumerate(graded):
        candidates: set[int] = set()
        for word in bags[number]:
            if frequency[word] <= too_common:
                candidates.update(index[word])
                index[word].append(number)
        for other in sorted(candidates):
            other_question = graded[other][1]
            if other_question.fact_key == question.fact_key:
                continue
            score, shared = _similarity(points[number], points[other], weight)
            if question.source.doc == other_question.source.doc:
                smaller = min(quote_weights[number], quote_weights[other])
                if smaller:
                    overlap = weight(points[number].quote & points[other].quote)
                    score += 0.15 * overlap / smaller
            if score >= NEAR_DUPLICATE:
                found.append(
                    Finding(
                        "near-duplicate",
                        str(path),
                        f"id {question.id}",
                        f"asks the point of '{other_question.id}' ({graded[other][0].name}) in "
                        f"other words (shared key terms: {', '.join(shared[:6])}; similarity "
                        f"{min(score, 1.0):.2f})",
                    )
                )
    return found


@dataclass(frozen=True)
class _Point:
    """What one question tests, ready to compare: each right answer's words, alone and with the
    question's words, each with its weight; and the words of the cited passage."""

    units: list[tuple[frozenset[str], float, frozenset[str], float]]
    """(key words, their weight, key and question words, their weight) per right answer."""
    quote: frozenset[str]
    """The cited passage's words."""


def _key_terms(question: AnyQuestion) -> list[frozenset[str]]:
    """The words of each right answer (the statement itself for true/false and role questions)."""
    if isinstance(question, SingleQuestion):
        return [content_words(question.choices[question.answer])]
    if isinstance(question, MultiQuestion):
        return [content_words(question.choices[index]) for index in question.answers]
    return [content_words(question.prompt)]


SIMILARITY_FLOOR = 3.0
"""Overlaps are divided by at least this weight, so a key of one or two rare words does not match
every question that names them."""


def _similarity(
    first: _Point, second: _Point, weight: Callable[[frozenset[str]], float]
) -> tuple[float, list[str]]:
    """How much two points overlap (0 to 1), and the shared key words, over each pair of right answers.

    The mean of two overlaps, each the weight of the shared words over the smaller side's: of the
    right answers alone, and of the right answers with the question's words.
    """
    best, best_pair = 0.0, (frozenset[str](), frozenset[str]())
    for key, key_weight, whole, whole_weight in first.units:
        for other, other_weight, other_whole, other_whole_weight in second.units:
            alone = weight(key & other) / max(SIMILARITY_FLOOR, min(key_weight, other_weight))
            together = weight(whole & other_whole) / max(
                SIMILARITY_FLOOR, min(whole_weight, other_whole_weight)
            )
            score = (alone + together) / 2
            if score > best:
                best, best_pair = score, (key & other, whole & other_whole)
    keys, wholes = best_pair
    return best, sorted(keys) + sorted(wholes - keys)


def check_items(
    questions: Iterable[tuple[Path, AnyQuestion]],
    folder: str,
    line_of: Callable[[Path, str], int | None] | None = None,
) -> list[Finding]:
    """Every item-writing finding for a bank: per question (warnings), pairs, and the bank's limits.

    Args:
        questions: (file, question) pairs; only finished knowledge questions are checked.
        folder: the bank folder, named by bank-level findings that span several files.
        line_of: finds the line of a question (file, id), when known.
    """
    located = list(questions)
    found: list[Finding] = []
    for path, question in located:
        line = line_of(path, question.id) if line_of else None
        for rule, message in question_findings(question):
            found.append(Finding(rule, str(path), f"id {question.id}", message, line))
    for finding in duplicate_findings(located):
        question_id = finding.where.removeprefix("id ")
        line = line_of(Path(finding.file), question_id) if line_of else None
        found.append(Finding(finding.rule, finding.file, finding.where, finding.message, line))
    found.extend(bank_findings(located, folder))
    order = list(RULES)
    return sorted(found, key=lambda item: (order.index(item.rule), item.file, item.line or 0))


_HEADER = re.compile(r"^\s*\[\[\s*questions\s*\]\]")
_ID_LINE = re.compile(r"""^\s*id\s*=\s*["']([^"']+)["']""")


def question_lines(text: str) -> dict[str, int]:
    """Question id -> the line of its `[[questions]]` header, from a bank file's text."""
    lines: dict[str, int] = {}
    header: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if _HEADER.match(line):
            header = number
        elif header is not None:
            match = _ID_LINE.match(line)
            if match:
                lines.setdefault(match.group(1), header)
                header = None
    return lines


def summary(findings: Sequence[Finding]) -> list[tuple[Rule, int]]:
    """Each rule with findings and how many, in rule order."""
    counts = Counter(finding.rule for finding in findings)
    return [(rule, counts[rule.id]) for rule in RULES.values() if counts[rule.id]]


def bank_items(
    questions_dir: Path, questions: Iterable[AnyQuestion], files: dict[str, str]
) -> list[Finding]:
    """`check_items` over a loaded bank: each question's file from `files` (id -> file name), with lines.

    Args:
        questions_dir: the bank folder.
        questions: the bank's questions (drafts are left out by the check).
        files: question id -> the name of the bank file it came from.
    """
    from quizapp.core.reading import BANK_FILE_CAP, UnreadableFile, read_capped

    located = [(questions_dir / files[q.id], q) for q in questions if q.id in files]
    lines: dict[Path, dict[str, int]] = {}

    def line_of(path: Path, question_id: str) -> int | None:
        if path not in lines:
            try:
                text = read_capped(path, BANK_FILE_CAP).decode("utf-8", errors="replace")
            except (OSError, UnreadableFile):
                text = ""
            lines[path] = question_lines(text)
        return lines[path].get(question_id)

    return check_items(located, str(questions_dir), line_of)
