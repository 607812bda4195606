"""GIFT, Moodle's text format: written as Moodle's exporter does, read as Moodle's reader does.

The reader follows `qformat_gift::readquestion` (question/format/gift/format.php): questions are
separated by blank lines; whole-line `//` comments are dropped; `\\` escapes `~ = # { } :` and
`\\n` is a line break; `$CATEGORY:` switches category; `::title::` names a question; the first `{`
and the first `}` hold the answers; `####` starts the general feedback; `[html]`, `[moodle]`,
`[plain]`, `[markdown]` set a text's format; the type comes from the answers, in Moodle's order.
"""

from __future__ import annotations

import re

from quizapp.interchange.model import (
    MULTICHOICE,
    TRUEFALSE,
    Answer,
    Item,
    ReadError,
    percent,
    plain_text,
)

_ESCAPES = {
    ":": "\ue001",
    "#": "\ue002",
    "=": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    "~": "\ue006",
}
_BACKSLASH, _NEWLINE = "\ue000", "\ue007"
_RESTORE = str.maketrans({v: k for k, v in _ESCAPES.items()} | {_NEWLINE: "\n"})
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = {"html": "html", "moodle": "moodle", "plain": "plain_text", "markdown": "markdown"}
_TAG = re.compile(r"\[tag:((?:\\.|[^\]\\])*)\]")


def escape(text: str) -> str:
    """Text with GIFT's control characters escaped, as Moodle's `repchar` writes it."""
    for char in "\\#=~{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _escapes_pre(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace("\\n", _NEWLINE).replace(_BACKSLASH, "\\")


def _with_format(text: str, default: str) -> tuple[str, str]:
    """(text, format) of a question text, answer or feedback: a leading `[format]` sets it."""
    text_format = default
    if text.startswith("[") and "]" in text:
        name = text[1 : text.index("]")]
        if name in _FORMATS:
            text_format = _FORMATS[name]
            text = text[text.index("]") + 1 :]
    return text.strip().translate(_RESTORE).strip(), text_format


def _text(raw: str, default: str) -> str:
    text, text_format = _with_format(raw.strip(), default)
    return plain_text(text, text_format)


def read(text: str) -> tuple[list[Item], list[ReadError]]:
    """Every question in a GIFT file, and every question Moodle would refuse (by line)."""
    items: list[Item] = []
    errors: list[ReadError] = []
    category = ""
    block: list[str] = []
    start = 0
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
            continue
        if not block:
            continue
        try:
            item = _read_block(block, start)
        except ReadError as error:
            errors.append(error)
        else:
            if item is not None and item.qtype == "category":
                category = item.category
            elif item is not None:
                item.category = category
                items.append(item)
        block = []
    return items, errors


def _read_block(lines: list[str], start: int) -> Item | None:
    tags: list[str] = []
    kept: list[str] = []
    for raw in lines:
        if raw.strip().startswith("//"):
            tags += [tag.replace("\\]", "]").strip() for tag in _TAG.findall(raw)]
            kept.append(" ")
        else:
            kept.append(raw)
    text = "\n".join(kept).strip()
    if not text:
        return None
    # Where the question really starts, for messages: comment lines before it do not count.
    where = start + next(
        index for index, raw in enumerate(lines) if raw.strip() and not raw.strip().startswith("//")
    )
    text = _escapes_pre(text)
    if text.startswith("$CATEGORY:"):
        return Item(
            "category", category=text[len("$CATEGORY:") :].strip().translate(_RESTORE), line=where
        )
    name = ""
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            name = text[:end].translate(_RESTORE).strip()
            text = text[end + 2 :].strip()
    opening, closing = text.find("{"), text.find("}")
    if opening < 0 and closing < 0:
        question_text, text_format = _with_format(text, "moodle")
        return Item(
            "description", name=name, text=plain_text(question_text, text_format), line=where
        )
    if opening < 0 or closing < 0:
        raise ReadError(
            where, "a '{' or '}' is missing around the answers (escape a literal one as \\{ or \\})"
        )
    if closing < opening:
        raise ReadError(
            where, "a '}' comes before the '{' of the answers (escape a literal one as \\})"
        )
    answers = text[opening + 1 : closing].strip()
    if text.endswith("}"):
        question_raw = text[:opening] + text[closing + 1 :]
    else:
        question_raw = text[:opening] + "_____" + text[closing + 1 :]
    general = ""
    split = answers.rfind("####")
    if split >= 0:
        general, answers = answers[split + 4 :], answers[:split].strip()
    question_text, text_format = _with_format(question_raw.strip(), "moodle")
    item = Item(
        "",
        name=name,
        text=plain_text(question_text, text_format),
        line=where,
        general_feedback=_text(general, text_format),
        tags=tags,
    )
    if not answers:
        item.qtype = "essay"
    elif answers.startswith("#"):
        item.qtype = "numerical"
    elif "~" in answers:
        item.qtype = MULTICHOICE
        item.single = "=" in answers
        parts = answers.replace("=", "~=").split("~")
        if not parts[0].strip():
            parts = parts[1:]
        if len(parts) < 2:
            raise ReadError(where, "a choice question needs at least 2 answers")
        for part in parts:
            part = part.strip()
            fraction = 0.0
            if part.startswith("="):
                fraction, part = 1.0, part[1:]
            elif _WEIGHT.match(part):
                end = part.index("%", 1)
                fraction = _weight(part[1:end])
                part = part[end + 1 :]
            answer, _, feedback = part.partition("#")
            item.answers.append(
                Answer(_text(answer, text_format), fraction, _text(feedback, text_format))
            )
    elif "=" in answers and "->" in answers:
        item.qtype = "matching"
    else:
        check = answers[: answers.index("#")].strip() if answers.find("#") > 0 else answers
        if check in ("T", "TRUE", "F", "FALSE"):
            item.qtype = TRUEFALSE
            bits = answers.split("#", 2) + ["", ""]
            item.truth = bits[0].strip() in ("T", "TRUE")
            item.wrong_feedback = _text(bits[1], text_format)
            item.right_feedback = _text(bits[2], text_format)
        else:
            item.qtype = "shortanswer"
    return item


def _weight(number: str) -> float:
    """A `%…%` weight as Moodle reads it: the number between the percent signs, over 100."""
    negative = number.startswith("-")
    value = float(number.lstrip("-") or 0) / 100
    return -value if negative else value


def write(items: list[Item]) -> str:
    """A GIFT file with a `$CATEGORY:` line whenever the category changes."""
    out: list[str] = []
    category = None
    for item in items:
        if item.category != category:
            category = item.category
            out.append(f"$CATEGORY: {category}\n")
        lines = [f"// question: {item.name}"]
        if item.tags:
            lines.append("// " + " ".join(f"[tag:{tag}]" for tag in item.tags))
        head = f"::{escape(item.name)}::[plain]{escape(item.text)}"
        general = f"####{escape(item.general_feedback)}" if item.general_feedback else ""
        if item.qtype == TRUEFALSE:
            lines.append(f"{head}{{{'TRUE' if item.truth else 'FALSE'}{general}}}")
        else:
            lines.append(head + "{")
            for answer in item.answers:
                if answer.fraction == 1 and item.single:
                    mark = "="
                elif answer.fraction == 0:
                    mark = "~"
                else:
                    mark = f"~%{percent(answer.fraction)}%"
                feedback = f"#{escape(answer.feedback)}" if answer.feedback else ""
                lines.append(f"\t{mark}{escape(answer.text)}{feedback}")
            if general:
                lines.append(f"\t{general}")
            lines.append("}")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)
