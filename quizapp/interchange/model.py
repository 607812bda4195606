"""One question as Moodle's formats carry it, and how it maps to and from our bank's questions."""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass, field
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
SOURCE_LEAD = "\n\nSource: "
"""Starts the paragraph that ends an exported explanation (general feedback) with its source:
`Source: DOC: “QUOTE”`."""
ROLE_SOURCE_LEADS = {
    "engineer": "\n\nEngineer's source: ",
    "developer": "\n\nDeveloper's source: ",
}
"""Start the paragraphs before the source that cite a role question's passage per role
(`role_sources`): the engineer's, then the developer's."""
BEYOND_LEAD = "\n\nBeyond the documents: "
"""Starts the paragraph of an exported explanation that says what the question takes from beyond
the documents (the bank's `beyond`), as the app's feedback shows it; it comes before the passages."""
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
        feedback += BEYOND_LEAD + beyond
        tags.append(WRITTEN_PARTS["beyond"])
    role_sources = getattr(question, "role_sources", None)
    if role_sources is not None:
        for role, lead in ROLE_SOURCE_LEADS.items():
            feedback += _cited(lead, getattr(role_sources, role))
        tags.append(WRITTEN_PARTS["role_sources"])
    if question.source.doc:
        feedback += _cited(SOURCE_LEAD, question.source)
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


def _cited(lead: str, source: Any) -> str:
    return f"{lead}{source.doc}: \u201c{source.quote}\u201d"


def percent(fraction: float) -> str:
    """A fraction as Moodle writes a weight: `100`, `33.33333`, `-100`."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
"""Something that looks like a tag (linear to search: a tag never spans another `<`)."""
_TAG_NAME = re.compile(r"(/?)([A-Za-z][^\s/>]*)")
_TAG_STOP = re.compile(r"[>\"']")
_BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
"""Tags whose end (or, for `br`, whose start) breaks a line."""


def html_text(markup: str) -> str:
    """The text of an HTML fragment, with line breaks where blocks end and entities decoded.

    One pass from left to right, each character looked at a bounded number of times, so hostile
    input (200 kB of `<a` or `<!--`) costs as much as any other: Python's `html.parser` before
    3.13.4 takes quadratic time on such input. As in HTML5, a comment, tag or declaration the
    fragment never closes swallows the rest of it.
    """
    parts: list[str] = []
    position, size = 0, len(markup)
    while position < size:
        opening = markup.find("<", position)
        if opening < 0:
            parts.append(html.unescape(markup[position:]))
            break
        parts.append(html.unescape(markup[position:opening]))
        if markup.startswith("<!--", opening):
            closing = markup.find("-->", opening + 4)
            if closing < 0:
                break
            position = closing + 3
            continue
        name = _TAG_NAME.match(markup, opening + 1)
        if name is None:
            if markup.startswith(("<!", "<?", "</"), opening):  # declarations, bogus comments
                closing = markup.find(">", opening + 2)
                if closing < 0:
                    break
                position = closing + 1
            else:
                parts.append("<")  # a plain "<", as in "a < b"
                position = opening + 1
            continue
        closing = _tag_end(markup, name.end())
        if closing < 0:
            break
        is_end, tag = name.group(1) == "/", name.group(2).casefold()
        self_closing = markup[closing - 1] == "/"
        if tag == "br" and not is_end:
            parts.append("\n")
        if tag in _BREAKS and (is_end or self_closing):
            parts.append("\n")
        position = closing + 1
    return "".join(parts)


def _tag_end(markup: str, position: int) -> int:
    """The index of the `>` that ends a tag whose attributes start at `position` (-1: none).

    A quote opens a value only right after `=` (as HTML5 reads attributes); inside it a `>` is text.
    """
    while True:
        stop = _TAG_STOP.search(markup, position)
        if stop is None:
            return -1
        char = stop.group()
        if char == ">":
            return stop.start()
        if markup[position : stop.start()].rstrip().endswith("="):
            closing = markup.find(char, stop.start() + 1)
            if closing < 0:
                return -1
            position = closing + 1
        else:
            position = stop.start() + 1


def plain_text(text: str, text_format: str) -> str:
    """Text in one of Moodle's formats as the plain text quizapp shows.

    HTML (and Moodle auto-format holding tags) loses its tags and entities; plain text and Markdown
    stay as written.
    """
    if text_format in ("html", "moodle", "moodle_auto_format") and (
        _TAG.search(text) or (text_format == "html" and "&" in text)
    ):
        lines = [" ".join(line.split()) for line in html_text(text).split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    elif text_format == "html":
        text = html.unescape(text)
    return text.strip()


@dataclass
class Feedback:
    """An exported explanation taken apart again."""

    explanation: str
    """What the question's `explanation` was."""
    beyond: str | None = None
    """Its `beyond`, if it had one."""
    source: dict[str, str] | None = None
    """Its `source` as `{doc, quote}`, if it had one."""
    role_sources: dict[str, dict[str, str]] | None = None
    """A role question's `role_sources`, if it had them."""


WRITTEN_PARTS = {"beyond": f"{TAG_PREFIX}beyond", "role_sources": f"{TAG_PREFIX}role-sources"}
"""Tags an exported question carries when its feedback holds these parts, so an explanation that
happens to hold a paragraph starting like one is never taken apart."""


def split_feedback(feedback: str, tags: Collection[str] | None = None) -> Feedback:
    """An exported explanation split back into its parts (those absent are None).

    The parts are taken off the end in the reverse of the order they are written, each the last
    paragraph that starts like it. With the question's `tags` from a quizapp export (any tag
    starting `quizapp-`), `beyond` and `role_sources` are looked for only when a tag says they
    were written (`WRITTEN_PARTS`). Linear in the feedback however many lines look like a source:
    each search runs once over what is left.
    """
    ours = tags is not None and any(tag.startswith(TAG_PREFIX) for tag in tags)

    def written(part: str) -> bool:
        return not ours or WRITTEN_PARTS[part] in (tags or ())

    feedback, source = _take_cited(feedback, SOURCE_LEAD)
    role_sources: dict[str, dict[str, str]] | None = None
    rest, developer = (
        _take_cited(feedback, ROLE_SOURCE_LEADS["developer"])
        if written("role_sources")
        else (feedback, None)
    )
    if developer is not None:
        rest, engineer = _take_cited(rest, ROLE_SOURCE_LEADS["engineer"])
        if engineer is not None:  # written both or neither
            feedback, role_sources = rest, {"engineer": engineer, "developer": developer}
    beyond: str | None = None
    at = feedback.rfind(BEYOND_LEAD) if written("beyond") else -1
    if (
        at >= 0
    ):  # the last such paragraph: the explanation may hold anything, `beyond` one paragraph
        feedback, beyond = feedback[:at], feedback[at + len(BEYOND_LEAD) :]
    return Feedback(feedback, beyond, source, role_sources)


def _take_cited(feedback: str, lead: str) -> tuple[str, dict[str, str] | None]:
    """`feedback` without the paragraph `LEAD DOC: “QUOTE”` that ends it, and that passage.

    The last such paragraph is the one: an explanation may hold anything, a quote (a passage of a
    document) no paragraph of its own that starts like this.
    """
    if not feedback.endswith("\u201d"):
        return feedback, None
    head = re.compile(re.escape(lead) + r"([^\s:]+): \u201c")
    last = None
    for found in head.finditer(feedback):
        if found.end() < len(feedback) - 1:  # a quote is never empty
            last = found
    if last is None:
        return feedback, None
    return feedback[: last.start()], {"doc": last.group(1), "quote": feedback[last.end() : -1]}


_SLUG = re.compile(r"[^a-z0-9]+")


class IdMaker:
    """Stable, unique ids for imported questions, in time linear in their number.

    A file may name thousands of questions alike: each gets the next free number at once
    (`q`, `q-2`, `q-3`...), not after trying every number before it.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()
        """Every id given so far."""
        self._next: dict[str, int] = {}

    def make(self, name: str, fallback: str) -> str:
        """An id from a question's name if that is a valid id, else a slug of it, else `fallback`."""
        candidate = name.strip()
        if not re.match(ID_PATTERN, candidate) or len(candidate) > 80:
            candidate = _SLUG.sub("-", candidate.casefold()).strip("-")[:60].strip("-")
        if not candidate or not re.match(ID_PATTERN, candidate):
            candidate = fallback
        unique, number = candidate, self._next.get(candidate, 2)
        while unique in self.taken:
            unique, number = f"{candidate}-{number}", number + 1
        self._next[candidate] = number
        self.taken.add(unique)
        return unique


def question_id(name: str, fallback: str) -> str:
    """The id `IdMaker` gives one question on its own."""
    return IdMaker().make(name, fallback)


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
    parts = split_feedback(item.general_feedback, item.tags)
    explanation, source = parts.explanation, parts.source
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
        if item.single and len(right) == 1 and _true_false(texts) is not None:
            # Two choices saying True and False (as Aiken files write true/false questions).
            table["kind"] = "true_false"
            table["answer"] = _true_false(texts) == right[0]
            if any(answer.feedback for answer in item.answers):
                notes.append(
                    "feedback on the true and false responses left out (quizapp shows only the explanation)"
                )
        elif (
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
        if table["kind"] == "true_false":
            pass
        elif table["kind"] != "role":
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
    if parts.beyond is not None:
        table["beyond"] = parts.beyond
    if source is not None:
        table["source"] = source
    if parts.role_sources is not None and table["kind"] == "role":
        table["role_sources"] = parts.role_sources
    return {key: table[key] for key in KEY_ORDER if key in table}, notes


def _true_false(texts: list[str]) -> int | None:
    """Which of two choices says True, when they are True and False (in any case); else None."""
    words = [text.strip().casefold() for text in texts]
    if sorted(words) != ["false", "true"]:
        return None
    return words.index("true")


KEY_ORDER = (
    "id", "kind", "draft", "topic", "area", "difficulty", "prompt", "choices", "answer",
    "answers", "why_wrong", "about", "fact", "explanation", "beyond", "source", "role_sources",
)  # fmt: skip
"""The order keys are written in, as in the hand-written bank files."""
