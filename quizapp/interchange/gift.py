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

_ESCAPED = ":#={}~"
"""The characters `\\` escapes (besides itself; `\\n` is a line break)."""
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = {"html": "html", "moodle": "moodle", "plain": "plain_text", "markdown": "markdown"}
_MARKER = re.compile(r"\[(html|moodle|plain|markdown)\]")
# As Moodle reads tags: a tag holds no `[`, `]` (unless escaped), `<`, `>` or backtick, so a search
# never runs past the next `[` (200 kB of `[tag:` costs what 200 kB of text does).
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\[])+)\]")


class _Escapes:
    """Escaped characters stand in for themselves while a block is parsed, as in Moodle's reader.

    The stand-ins are private-use characters the file does not hold (Moodle uses fixed ones, so a
    text holding them came back changed).
    """

    def __init__(self, text: str) -> None:
        used = set(text)
        free = (chr(code) for code in range(0xF0000, 0xFFFFE) if chr(code) not in used)
        stand_ins = [next(free) for _ in range(len(_ESCAPED) + 2)]
        self._backslash, self._newline = stand_ins[0], stand_ins[1]
        self._codes = dict(zip(_ESCAPED, stand_ins[2:], strict=True))
        restore = {stand_in: char for char, stand_in in self._codes.items()}
        self._restore = str.maketrans(restore | {self._newline: "\n"})

    def hide(self, text: str) -> str:
        """`text` with every escape replaced by its stand-in (a literal backslash is kept as one)."""
        text = text.replace("\\\\", self._backslash)
        for char, stand_in in self._codes.items():
            text = text.replace("\\" + char, stand_in)
        return text.replace("\\n", self._newline).replace(self._backslash, "\\")

    def restore(self, text: str) -> str:
        """`text` with the escaped characters back."""
        return text.translate(self._restore)


def escape(text: str) -> str:
    """Text with GIFT's control characters escaped, as Moodle's `repchar` writes it."""
    for char in "\\#=~{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _escape_text(text: str) -> str:
    """An answer, feedback or question text escaped, with `[plain]` before a leading `[format]`.

    Moodle reads a text's format from a leading `[html]`, `[plain]`...; a text that starts with one
    itself gets `[plain]` first, so only that is taken as its format.
    """
    escaped = escape(text)
    return "[plain]" + escaped if _MARKER.match(text.lstrip()) else escaped


def _with_format(text: str, default: str, escapes: _Escapes) -> tuple[str, str]:
    """(text, format) of a question text, answer or feedback: a leading `[format]` sets it."""
    text_format = default
    if text.startswith("[") and "]" in text:
        name = text[1 : text.index("]")]
        if name in _FORMATS:
            text_format = _FORMATS[name]
            text = text[text.index("]") + 1 :]
    return escapes.restore(text.strip()).strip(), text_format


def _text(raw: str, default: str, escapes: _Escapes) -> str:
    text, text_format = _with_format(raw.strip(), default, escapes)
    return plain_text(text, text_format)


def read(text: str) -> tuple[list[Item], list[ReadError]]:
    """Every question in a GIFT file, and every question Moodle would refuse (by line)."""
    items: list[Item] = []
    errors: list[ReadError] = []
    category = ""
    block: list[str] = []
    start = 0
    escapes = _Escapes(text)
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
            item = _read_block(block, start, escapes)
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


def _read_block(lines: list[str], start: int, escapes: _Escapes) -> Item | None:
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
    text = escapes.hide(text)
    if text.startswith("$CATEGORY:"):
        return Item(
            "category", category=escapes.restore(text[len("$CATEGORY:") :].strip()), line=where
        )
    name = ""
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            name = escapes.restore(text[:end]).strip()
            text = text[end + 2 :].strip()
    opening, closing = text.find("{"), text.find("}")
    if opening < 0 and closing < 0:
        question_text, text_format = _with_format(text, "moodle", escapes)
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
    question_text, text_format = _with_format(question_raw.strip(), "moodle", escapes)
    item = Item(
        "",
        name=name,
        text=plain_text(question_text, text_format),
        line=where,
        general_feedback=_text(general, text_format, escapes),
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
                Answer(
                    _text(answer, text_format, escapes),
                    fraction,
                    _text(feedback, text_format, escapes),
                )
            )
    elif "=" in answers and "->" in answers:
        item.qtype = "matching"
    else:
        check = answers[: answers.index("#")].strip() if answers.find("#") > 0 else answers
        if check in ("T", "TRUE", "F", "FALSE"):
            item.qtype = TRUEFALSE
            bits = answers.split("#", 2) + ["", ""]
            item.truth = bits[0].strip() in ("T", "TRUE")
            item.wrong_feedback = _text(bits[1], text_format, escapes)
            item.right_feedback = _text(bits[2], text_format, escapes)
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
        general = f"####{_escape_text(item.general_feedback)}" if item.general_feedback else ""
        if item.qtype == TRUEFALSE:
            lines.append(f"{head}{{{'TRUE' if item.truth else 'FALSE'}{general}}}")
        else:
            lines.append(head + "{")
            for answer in item.answers:
                text = _escape_text(answer.text)
                if answer.fraction == 1 and item.single:
                    mark = "="
                elif answer.fraction == 0 and not _WEIGHT.match(text):
                    mark = "~"
                else:
                    # Also a weight of 0% before a text that starts like one ("%50% of..."), so
                    # the reader takes the weight written here, not the text's.
                    mark = f"~%{percent(answer.fraction)}%"
                feedback = f"#{_escape_text(answer.feedback)}" if answer.feedback else ""
                lines.append(f"\t{mark}{text}{feedback}")
            if general:
                lines.append(f"\t{general}")
            lines.append("}")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)
