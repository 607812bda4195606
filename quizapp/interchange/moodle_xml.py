"""Moodle XML: every question type Moodle has, written and read as Moodle's `qformat_xml` does.

Texts carry a `format` (`html`, `moodle_auto_format`, `plain_text`, `markdown`); HTML is read back
as plain text. Fractions are percentages. Categories are `<question type="category">` entries.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat

from quizapp.interchange.model import (
    MULTICHOICE,
    TRUEFALSE,
    Answer,
    Item,
    ReadError,
    percent,
    plain_text,
)

_FORMAT = "plain_text"


def _text_element(
    parent: ET.Element, tag: str, text: str, text_format: str | None = _FORMAT
) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text_format is not None:
        element.set("format", text_format)
    ET.SubElement(element, "text").text = text
    return element


def _simple(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def write(items: list[Item]) -> str:
    """A Moodle XML `<quiz>` of the items, with a category entry whenever the category changes."""
    quiz = ET.Element("quiz")
    category = None
    for item in items:
        if item.category != category:
            category = item.category
            entry = ET.SubElement(quiz, "question", type="category")
            _text_element(entry, "category", category, None)
        question = ET.SubElement(quiz, "question", type=item.qtype)
        _text_element(question, "name", item.name, None)
        _text_element(question, "questiontext", item.text)
        _text_element(question, "generalfeedback", item.general_feedback)
        _simple(question, "defaultgrade", "1")
        _simple(question, "hidden", "0")
        if item.qtype == TRUEFALSE:
            _simple(question, "penalty", "1")
            for value in (True, False):
                answer = ET.SubElement(
                    question, "answer", fraction="100" if value == item.truth else "0"
                )
                answer.set("format", "moodle_auto_format")
                _simple(answer, "text", "true" if value else "false")
                _text_element(answer, "feedback", "", "html")
        else:
            _simple(question, "penalty", "0.3333333")
            _simple(question, "single", "true" if item.single else "false")
            _simple(question, "shuffleanswers", "true")
            _simple(question, "answernumbering", "abc")
            for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
                _text_element(question, tag, "", "html")
            for choice in item.answers:
                answer = ET.SubElement(
                    question, "answer", fraction=percent(choice.fraction), format=_FORMAT
                )
                _simple(answer, "text", choice.text)
                _text_element(answer, "feedback", choice.feedback)
        if item.tags:
            tags = ET.SubElement(question, "tags")
            for tag in item.tags:
                _text_element(tags, "tag", tag, None)
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


class _Refused(Exception):
    """A construct quizapp does not read from an untrusted XML file (a DTD or an entity)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def parse(text: str) -> tuple[ET.Element, list[int]]:
    """The root element of an untrusted XML file and the line of each `<question>`, in order.

    Parsed with expat directly (no ElementTree parser): a document type declaration (`<!DOCTYPE`),
    and so every entity declaration, is refused the moment it starts, before any of it is read,
    so nothing can expand an entity (the "billion laughs") or fetch an external one, whatever the
    system's expat does by default. Moodle XML has no DTD; the five predefined entities and
    character references (`&amp;`, `&#233;`) are read as usual.

    Raises:
        ReadError: not well-formed, or declares a DTD or an entity.
    """
    parser = expat.ParserCreate()
    builder = ET.TreeBuilder()
    lines: list[int] = []

    def refuse_doctype(*_: object) -> None:
        raise _Refused(
            parser.CurrentLineNumber,
            "the file declares a document type (<!DOCTYPE ...>); Moodle XML has none and quizapp "
            "does not read one (its entities could expand without end or read other files): "
            "remove it",
        )

    def refuse_entity(*_: object) -> int:  # expat's external-entity handler returns an int
        raise _Refused(
            parser.CurrentLineNumber,
            "the file declares an entity (<!ENTITY ...>); quizapp does not read them: remove it",
        )

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == "question":
            lines.append(parser.CurrentLineNumber)
        builder.start(name, attributes)

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(text, True)  # str: read as the UTF-8 it is, whatever the declaration says
    except _Refused as refused:
        raise ReadError(refused.line, str(refused)) from None
    except expat.ExpatError as error:
        raise ReadError(error.lineno, f"not well-formed XML: {error}") from None
    return builder.close(), lines


def _read_text(element: ET.Element | None, default_format: str = "html") -> str:
    if element is None:
        return ""
    inner = element.find("text")
    raw = (inner.text if inner is not None else element.text) or ""
    return plain_text(raw, element.get("format", default_format))


def _fraction(value: str | None, line: int) -> float:
    try:
        return float(value or 0) / 100
    except ValueError as error:
        raise ReadError(line, f"answer fraction {value!r} is not a number") from error


def read(text: str) -> tuple[list[Item], list[ReadError]]:
    """Every question in a Moodle XML file, and every mistake by line."""
    try:
        root, lines = parse(text)
    except ReadError as error:
        return [], [error]
    if root.tag != "quiz":
        return [], [
            ReadError(1, f"the root element is <{root.tag}>, not <quiz>: not a Moodle XML file")
        ]
    items: list[Item] = []
    errors: list[ReadError] = []
    category = ""
    for index, element in enumerate(root.iter("question")):
        line = lines[index] if index < len(lines) else 0
        qtype = element.get("type", "")
        if qtype == "category":
            category = _read_text(element.find("category"), "plain_text")
            continue
        name = _read_text(element.find("name"), "plain_text")
        question_text = element.find("questiontext")
        question_format = "html" if question_text is None else question_text.get("format", "html")
        item = Item(
            qtype,
            name=name,
            text=_read_text(element.find("questiontext")),
            line=line,
            category=category,
            general_feedback=_read_text(element.find("generalfeedback"), question_format),
            tags=[_read_text(tag, "plain_text") for tag in element.iter("tag")],
        )
        try:
            if qtype == MULTICHOICE:
                single = (element.findtext("single") or "true").strip().lower()
                item.single = single in ("true", "1")
                for answer in element.findall("answer"):
                    answer_format = answer.get("format", question_format)
                    item.answers.append(
                        Answer(
                            plain_text(answer.findtext("text") or "", answer_format),
                            _fraction(answer.get("fraction"), line),
                            _read_text(answer.find("feedback"), answer_format),
                        )
                    )
                if len(item.answers) < 2:
                    raise ReadError(line, "a choice question needs at least 2 answers")
            elif qtype == TRUEFALSE:
                found = {}
                for answer in element.findall("answer"):
                    value = (answer.findtext("text") or "").strip().lower()
                    found[value] = (
                        _fraction(answer.get("fraction"), line),
                        _read_text(answer.find("feedback")),
                    )
                if set(found) != {"true", "false"}:
                    raise ReadError(
                        line, "a true/false question needs one 'true' and one 'false' answer"
                    )
                item.truth = found["true"][0] > found["false"][0]
                right, wrong = ("true", "false") if item.truth else ("false", "true")
                item.right_feedback, item.wrong_feedback = found[right][1], found[wrong][1]
        except ReadError as error:
            errors.append(error)
            continue
        items.append(item)
    return items, errors
