"""The one table of words every face uses for modes, roles, statuses and questions' own questions.

A leaf module (it imports nothing of quizapp), so the lowest layers (scoring, export) and the flow
(`quizapp.core.flow`, which re-exports it) share one spelling of each word.
"""

from __future__ import annotations

ROLE_WORDS: dict[str, str] = {
    "engineer": "Backend engineer",
    "developer": "Backend developer",
    "both": "Both",
}
"""How a role answer reads, in key order (1 engineer, 2 developer, 3 both)."""

MODE_WORDS: dict[str, str] = {
    "full": "Full assessment",
    "quick": "Quick quiz",
    "fit": "Which path fits me?",
    "topic": "By topic",
    "review": "Review of missed questions",
    "pack": "Class quiz",
}
"""Each attempt mode in words (a topic quiz adds its topic, a class quiz its pack)."""

ATTEMPT_STATUS_WORDS: dict[str, str] = {
    "active": "unfinished",
    "finished": "finished",
    "abandoned": "left unfinished",
    "timed_out": "time ran out",
}
"""An attempt's status in words."""

STEP_STATUS_WORDS: dict[str, str] = {
    "todo": "to do",
    "learning": "learning",
    "skipped": "skipped",
    "done": "done",
    "review": "review only",
}
"""A learning-path step's status in words."""

STEP_STATUS_MARKS: dict[str, str] = {
    status: f"[{box}] {STEP_STATUS_WORDS[status]}"
    for status, box in (
        ("todo", " "),
        ("learning", "~"),
        ("skipped", "-"),
        ("done", "x"),
        ("review", "r"),
    )
}
"""A step's status as a box and words ("[x] done"): plain characters, never colour alone."""

ROLE_QUESTION = "Which role do the documents give this to?"
"""What a role question asks about its statement (its prompt names a duty, skill or tool)."""

TRUE_FALSE_QUESTION = "True or false?"
"""What a true/false question asks about its statement."""

FIT_WORDS = "No right answer: pick what you would enjoy; it decides which path fits you."
"""What a "Which path fits me?" question is for."""

READINESS_WORDS = "No right answer: how ready are you? It orders your learning path."
"""What a readiness question is for."""


def mode_words(mode: str, topic: str | None = None, pack: str | None = None) -> str:
    """A mode in words: `Quick quiz`, `Which path fits me?`, `By topic: tools`, `Class quiz: week-3`.

    `pack` is the class quiz's title or id, when known.
    """
    if pack or mode == "pack":
        return f"{MODE_WORDS['pack']}: {pack}" if pack else MODE_WORDS["pack"]
    if mode == "topic":
        return f"{MODE_WORDS['topic']}: {topic}" if topic else MODE_WORDS["topic"]
    return MODE_WORDS.get(mode, mode)
