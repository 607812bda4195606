"""One question as Moodle's formats carry it, and how it maps to and from our bank's questions."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from quizapp.core.bank import (
    AREAS,
    ID_PATTERN,
    ROLES,
    TOPICS,
    AnyQuestion,
    MultiQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    is_graded,
)

MULTICHOICE = "multichoice"
"""Moodle's type for single and multiple-answer choice questions."""
TRUEFALSE = "truefalse"
"""Moodle's type for true/false questions."""

UNSUPPORTED_NAMES = {
    "match": "matching",
    "matching": "matching",
    "numerical": "numeric",
    "shortanswer": "short answer",
    "essay": "essay",
    "description": "description",
    "cloze": "cloze",
    "multianswer": "cloze",
    "calculated": "calculated",
    "calculatedmulti": "calculated",
    "calculatedsimple": "calculated",
    "ddwtos": "drag and drop",
    "gapselect": "select missing words",
    "randomsamatch": "random matching",
}
"""Moodle types quizapp has no kind for, and how messages name them."""

ROLE_LEAD = "Which role do the documents give this to? "
"""What a role question's text starts with once exported as a single choice question."""
ROLE_CHOICES = ("Backend engineer", "Backend developer", "Both")
"""A role question's choices once exported, in the order of `quizapp.core.bank.ROLES`."""
CATEGORY_ROOT = "$course$/top/quizapp"
"""Exported categories are `$course$/top/quizapp/<topic>`."""
TAG_PREFIX = "quizapp-"
"""Tags carrying what Moodle has no field for: `quizapp-area-databases`, `quizapp-difficulty-2`,
`quizapp-about-engineer`, `quizapp-fact-<id>` (the last only once the bank has a `fact` field)."""
SOURCE_LINE = re.compile(r"\n\nSource: (?P<doc>[^\s:]+): \u201c(?P<quote>.+)\u201d\Z", re.DOTALL)
"""The source passage, as it ends an exported explanation (general feedback)."""
ROLE_SOURCE_LINES = {
    role: re.compile(
        rf"\n\n{role.capitalize()}'s source: (?P<doc>[^\s:]+): \u201c(?P<quote>.+)\u201d\Z",
        re.DOTALL,
    )
    for role in ("engineer", "developer")
}
"""A role question's passage per role, just before the source line (engineer's, then developer's)."""
BEYOND_LINE = re.compile(r"\n\nBeyond the documents: (?P<text>.+)\Z", re.DOTALL)
"""What the point takes from practice beyond the documents, before the passages."""
NO_FEEDBACK = "(Imported without feedback: write why the right answer is right.)"
"""The explanation a draft gets when the imported question had no general feedback."""


class ReadError(ValueError):
    """A mistake in a file being imported, which Moodle's reader would refuse too."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        """The 1-based line of the file it is on (where its question starts)."""


@dataclass
class Answer:
    """One answer of a choice question."""

    text: str
    """The answer as shown."""
    fraction: float
    """Its grade, -1 to 1 (Moodle's fraction: 1 is full marks)."""
    feedback: str = ""
    """Shown to whoever picks it."""


@dataclass
class Item:
    """One question (or category switch) read from or written to a Moodle file."""

    qtype: str
    """Moodle's type: `multichoice`, `truefalse`, `category` or one we do not have (`matching`...)."""
    name: str = ""
    """The question name (our id when exported)."""
    text: str = ""
    """The question text, plain."""
    line: int = 0
    """The 1-based line it starts on in the file read (0 when written)."""
    category: str = ""
    """The category path it sits in (Moodle's `$course$/top/...`)."""
    single: bool = True
    """For `multichoice`: one right answer (True) or several (False)."""
    answers: list[Answer] = field(default_factory=list)
    """For `multichoice`: the answers, in order."""
    truth: bool = True
    """For `truefalse`: whether the statement is true."""
    right_feedback: str = ""
    """For `truefalse`: feedback on the right response."""
    wrong_feedback: str = ""
    """For `truefalse`: feedback on the wrong response."""
    general_feedback: str = ""
    """Shown after answering, whatever the answer."""
    tags: list[str] = field(default_factory=list)
    """Moodle tags."""


def category_of(topic: str) -> str:
    """The category path a topic's questions are exported in."""
    return f"{CATEGORY_ROOT}/{topic}"


def item_from_question(question: AnyQuestion) -> Item | None:
    """The Moodle question for one of ours; None for kinds Moodle cannot grade (fit, readiness)."""
    if not is_graded(question):
        return None
    difficulty = getattr(question, "difficulty", 1)
    tags = [f"{TAG_PREFIX}area-{question.area}", f"{TAG_PREFIX}difficulty-{difficulty}"]
    for key in ("about", "fact"):
        value = getattr(question, key, None)
        if value is not None:
            tags.append(f"{TAG_PREFIX}{key}-{value}")
    feedback = question.explanation
    beyond = getattr(question, "beyond", None)
    if beyond:
        feedback += f"\n\nBeyond the documents: {beyond}"
    role_sources = getattr(question, "role_sources", None)
    if role_sources is not None:
        for role in ("engineer", "developer"):
            passage = getattr(role_sources, role)
            feedback += (
                f"\n\n{role.capitalize()}'s source: {passage.doc}: \u201c{passage.quote}\u201d"
            )
    if question.source.doc:
        feedback += f"\n\nSource: {question.source.doc}: \u201c{question.source.quote}\u201d"
    item = Item(
        MULTICHOICE,
        name=question.id,
        text=question.prompt,
        category=category_of(question.topic),
        general_feedback=feedback,
        tags=tags,
    )
    if isinstance(question, SingleQuestion):
        item.answers = [
            Answer(
                choice,
                1.0 if index == question.answer else 0.0,
                question.why_wrong.get(str(index), ""),
            )
            for index, choice in enumerate(question.choices)
        ]
    elif isinstance(question, MultiQuestion):
        # Right answers share 100%; a wrong pick costs everything, as our all-or-nothing grading does.
        share = 1.0 / len(question.answers)
        item.single = False
        item.answers = [
            Answer(
                choice,
                share if index in question.answers else -1.0,
                question.why_wrong.get(str(index), ""),
            )
            for index, choice in enumerate(question.choices)
        ]
    elif isinstance(question, RoleQuestion):
        item.text = ROLE_LEAD + question.prompt
        item.answers = [
            Answer(label, 1.0 if role == question.answer else 0.0)
            for role, label in zip(ROLES, ROLE_CHOICES, strict=True)
        ]
    elif isinstance(question, TrueFalseQuestion):
        item.qtype = TRUEFALSE
        item.truth = question.answer
    else:
        return None
    return item


def percent(fraction: float) -> str:
    """A fraction as Moodle writes a weight: `100`, `33.33333`, `-100`."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment, with line breaks where blocks end."""

    BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def plain_text(text: str, text_format: str) -> str:
    """Text in one of Moodle's formats as the plain text quizapp shows.

    HTML (and Moodle auto-format holding tags) loses its tags and entities; plain text and Markdown
    stay as written.
    """
    if text_format in ("html", "moodle", "moodle_auto_format") and (
        _TAG.search(text) or (text_format == "html" and "&" in text)
    ):
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    elif text_format == "html":
        text = html.unescape(text)
    return text.strip()


_SLUG = re.compile(r"[^a-z0-9]+")


def question_id(name: str, fallback: str, taken: set[str]) -> str:
    """A stable id for an imported question: its name if that is a valid id, else a slug of it."""
    candidate = name.strip()
    if not re.match(ID_PATTERN, candidate) or len(candidate) > 80:
        candidate = _SLUG.sub("-", candidate.casefold()).strip("-")[:60].strip("-")
    if not candidate or not re.match(ID_PATTERN, candidate):
        candidate = fallback
    unique, number = candidate, 2
    while unique in taken:
        unique, number = f"{candidate}-{number}", number + 1
    taken.add(unique)
    return unique


def _meta(item: Item) -> dict[str, Any]:
    """Topic, area, difficulty and role-tie from the item's tags and category, where it has them."""
    meta: dict[str, Any] = {}
    parts = [part.strip() for part in item.category.split("/")]
    for part in parts:
        if part in AREAS:
            meta["area"] = part
    if parts and parts[-1] in TOPICS:
        meta["topic"] = parts[-1]
    for tag in item.tags:
        if not tag.startswith(TAG_PREFIX):
            continue
        key, _, value = tag.removeprefix(TAG_PREFIX).partition("-")
        if key == "area" and value in AREAS:
            meta["area"] = value
        elif key == "difficulty" and value in ("1", "2", "3"):
            meta["difficulty"] = int(value)
        elif key == "about" and value in ROLES:
            meta["about"] = value
        elif key == "fact" and re.match(ID_PATTERN, value):
            meta["fact"] = value
    return meta


def table_from_item(item: Item, question_id_: str) -> tuple[dict[str, Any] | None, list[str]]:
    """The bank table (`[[questions]]` entry) for an imported item.

    Returns:
        The table (None when quizapp has no such kind) and notes on what could not be carried.
    """
    notes: list[str] = []
    if item.qtype not in (MULTICHOICE, TRUEFALSE):
        kind = UNSUPPORTED_NAMES.get(item.qtype, item.qtype)
        return None, [f"not imported: quizapp has no {kind} questions"]
    meta = _meta(item)
    explanation = item.general_feedback
    source: dict[str, str] | None = None
    found = SOURCE_LINE.search(explanation)
    if found:
        source = {"doc": found["doc"], "quote": found["quote"]}
        explanation = explanation[: found.start()]
    role_sources: dict[str, dict[str, str]] = {}
    for role in ("developer", "engineer"):
        passage = ROLE_SOURCE_LINES[role].search(explanation)
        if passage:
            role_sources[role] = {"doc": passage["doc"], "quote": passage["quote"]}
            explanation = explanation[: passage.start()]
    beyond = BEYOND_LINE.search(explanation)
    if beyond:
        explanation = explanation[: beyond.start()]
    table: dict[str, Any] = {"id": question_id_}
    prompt = item.text
    if item.qtype == TRUEFALSE:
        table["kind"] = "true_false"
        table["answer"] = item.truth
        if not explanation and item.right_feedback:
            explanation, item.right_feedback = item.right_feedback, ""
        if item.right_feedback or item.wrong_feedback:
            notes.append(
                "feedback on the true and false responses left out (quizapp shows only the explanation)"
            )
    else:
        texts = [answer.text for answer in item.answers]
        right = [index for index, answer in enumerate(item.answers) if answer.fraction > 0]
        if (
            item.single
            and prompt.startswith(ROLE_LEAD)
            and tuple(texts) == ROLE_CHOICES
            and len(right) == 1
        ):
            table["kind"] = "role"
            prompt = prompt.removeprefix(ROLE_LEAD)
            table["answer"] = ROLES[right[0]]
        elif item.single:
            table["kind"] = "single"
            best = max(range(len(item.answers)), key=lambda index: item.answers[index].fraction)
            table["choices"] = texts
            table["answer"] = best
            partial = [
                answer.text
                for index, answer in enumerate(item.answers)
                if index != best and answer.fraction > 0
            ]
            if partial:
                notes.append(
                    f"partial credit left out (quizapp gives it to one choice only): {', '.join(partial)}"
                )
        else:
            table["kind"] = "multi"
            table["choices"] = texts
            table["answers"] = right
        if table["kind"] != "role":
            right_set = set(right) if table["kind"] == "multi" else {table["answer"]}
            why_wrong = {
                str(index): answer.feedback
                for index, answer in enumerate(item.answers)
                if answer.feedback and index not in right_set
            }
            if why_wrong:
                table["why_wrong"] = why_wrong
            if any(item.answers[index].feedback for index in right_set):
                notes.append(
                    "feedback on the right answer left out (the explanation says why it is right)"
                )
        elif any(answer.feedback for answer in item.answers):
            notes.append("per-answer feedback on a role question left out")
    if "about" in meta and table["kind"] != "role":
        table["about"] = meta["about"]
    if "fact" in meta:
        table["fact"] = meta["fact"]
    if source is None:
        table["draft"] = True
    table["topic"] = meta.get("topic", "skills")
    table["area"] = meta.get("area", "career")
    table["difficulty"] = meta.get("difficulty", 1)
    table["prompt"] = prompt
    if len(explanation) < 8:
        explanation = NO_FEEDBACK
        notes.append("no general feedback: the explanation is a placeholder to rewrite")
    table["explanation"] = explanation
    if beyond:
        table["beyond"] = beyond["text"]
    if table["kind"] == "role" and len(role_sources) == 2:
        table["role_sources"] = {role: role_sources[role] for role in ("engineer", "developer")}
    if source is not None:
        table["source"] = source
    return {key: table[key] for key in KEY_ORDER if key in table}, notes


KEY_ORDER = (
    "id", "kind", "draft", "topic", "area", "difficulty", "prompt", "choices", "answer",
    "answers", "why_wrong", "about", "fact", "explanation", "beyond", "role_sources", "source",
)  # fmt: skip
"""The order keys are written in, as in the hand-written bank files."""
