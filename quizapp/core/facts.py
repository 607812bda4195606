"""One fact, one question: finds graded questions that test the same point without saying so."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from quizapp.core.bank import AnyQuestion, is_graded
from quizapp.core.problems import Problem

NEAR_IDENTICAL = 0.8
"""Prompts whose word sets overlap this much (Jaccard) ask the same thing."""
COMMON_WORD_SHARE = 0.2
"""Words in more than this share of prompts are too common to suggest a pair (keeps the check linear)."""
_WORD = re.compile(r"[a-z0-9]+")
_FOLD_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.casefold()))


def _quote_key(quote: str) -> str:
    return " ".join(quote.translate(_FOLD_QUOTES).casefold().split()).strip(" .\"'")


def duplicate_fact_problems(questions: Iterable[tuple[Path, AnyQuestion]]) -> list[Problem]:
    """Graded questions that cite the same quote or have near-identical prompts but no shared `fact`.

    Candidate pairs come from an index of the less common prompt words, so the work grows with the
    bank's size, not with its square.
    """
    # Drafts have no passage yet; they are checked once they are finished.
    graded = [
        (path, question)
        for path, question in questions
        if is_graded(question) and not question.draft
    ]
    problems: list[Problem] = []
    by_quote: dict[tuple[str, str], list[tuple[Path, AnyQuestion]]] = defaultdict(list)
    for path, question in graded:
        by_quote[(question.source.doc, _quote_key(question.source.quote))].append((path, question))
    for group in by_quote.values():
        for (path, question), (_, other) in zip(group[1:], group, strict=False):
            if question.fact_key != other.fact_key:
                problems.append(
                    Problem(
                        str(path),
                        f"source.quote: the same passage as question '{other.id}'. One fact, one "
                        "question: cite the part of the passage this question is about, or declare "
                        f'both variants of one fact with the same `fact = "..."`',
                        f"id {question.id}",
                    )
                )
    words = [_words(question.prompt) for _, question in graded]
    frequency: dict[str, int] = defaultdict(int)
    for word_set in words:
        for word in word_set:
            frequency[word] += 1
    too_common = max(3, int(COMMON_WORD_SHARE * len(graded)))
    index: dict[str, list[int]] = defaultdict(list)
    reported: set[tuple[int, int]] = set()
    for number, word_set in enumerate(words):
        candidates: set[int] = set()
        for word in word_set:
            if frequency[word] <= too_common:
                candidates.update(index[word])
                index[word].append(number)
        for earlier in sorted(candidates):
            first, second = words[earlier], word_set
            overlap = len(first & second) / max(1, len(first | second))
            path, question = graded[number]
            other = graded[earlier][1]
            if overlap >= NEAR_IDENTICAL and question.fact_key != other.fact_key:
                if (earlier, number) in reported:
                    continue
                reported.add((earlier, number))
                problems.append(
                    Problem(
                        str(path),
                        f"prompt: nearly the same as question '{other.id}' ({overlap:.0%} of the "
                        "words). Ask a different point, or declare both variants of one fact with "
                        'the same `fact = "..."`',
                        f"id {question.id}",
                    )
                )
    return problems
