"""`quizapp export` and `quizapp import`: the bank to Moodle files, and Moodle files to draft banks."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quizapp.interchange import aiken, gift, moodle_xml
from quizapp.interchange.model import (
    IdMaker,
    Item,
    ReadError,
    item_from_question,
    question_id,
    table_from_item,
)

FORMATS = ("gift", "aiken", "moodle-xml")
"""The formats `--format` accepts."""
_EXIT_OK, _EXIT_PROBLEMS = 0, 1
_READERS: dict[str, Callable[[str], tuple[list[Item], list[ReadError]]]] = {
    "gift": gift.read,
    "aiken": aiken.read,
    "moodle-xml": moodle_xml.read,
}


def _say(message: str) -> None:
    from quizapp.core.reading import printable

    # Names, file names and texts come from the file read: never let them drive the terminal.
    print(printable(message), file=sys.stderr)


_LINE_BREAKS = str.maketrans(
    {"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}
)
"""Characters that break lines other than `\\n` (which `quizapp check` refuses), as line breaks."""


def _clean_breaks(value: Any) -> tuple[Any, bool]:
    """`value` (a table's text, list or table) with other line breaks made `\\n`; and whether any was."""
    if isinstance(value, str):
        cleaned = value.replace("\r\n", "\n").translate(_LINE_BREAKS)
        return cleaned, cleaned != value
    if isinstance(value, list):
        items = [_clean_breaks(item) for item in value]
        return [item for item, _ in items], any(changed for _, changed in items)
    if isinstance(value, dict):
        entries = {key: _clean_breaks(item) for key, item in value.items()}
        return {key: item for key, (item, _) in entries.items()}, any(
            changed for _, changed in entries.values()
        )
    return value, False


def _output_problem(path: Path, force: bool) -> str | None:
    """Why `path` cannot be written (missing folder, or a file there without --force), or None."""
    if not path.parent.resolve().is_dir():
        return f"cannot write {path}: its folder {path.parent} does not exist; create it first"
    if path.is_dir():
        return f"cannot write {path}: it is a folder; give a file name"
    if path.exists() and not force:
        return f"{path} already exists; choose another name, or pass --force to replace it"
    return None


def _write(path: Path, text: str, force: bool) -> str | None:
    """Write `text` to `path` whole (a temp file renamed into place: a kill or a full disk never leaves
    a torn file, and a retry works); never replaces an existing file unless `force`."""
    from quizapp.core.durable import NotDurableError, atomic_write, describe_write_error

    try:
        atomic_write(path, text.encode("utf-8"), replace=force)
    except FileExistsError:
        return f"{path} already exists; choose another name, or pass --force to replace it"
    except NotDurableError:
        return None  # written; only the folder's fsync failed, as a power cut might forget it
    except OSError as error:
        return f"cannot write {path}: {describe_write_error(error)}"
    return None


def run_export(args: argparse.Namespace, questions_dir: Path, seeds_dir: Path) -> int:
    """`quizapp export`: the bank (or one pack's questions) as a GIFT, Aiken or Moodle XML file."""
    from quizapp.core.bank import TOPICS
    from quizapp.core.loader import load_bank

    output: Path | None = args.output
    if output is not None and (problem := _output_problem(output, args.force)):
        _say(f"quizapp export: {problem}")
        return _EXIT_PROBLEMS
    bank, _, problems = load_bank(questions_dir, seeds_dir)
    questions: list[Any]
    pack_path: Path | None = getattr(args, "pack", None)
    if not problems and pack_path is not None:
        from quizapp.core.packs import load_pack, resolve_questions

        pack, problems = load_pack(pack_path, bank)
        if pack is not None:
            questions = [bank[question_id] for question_id in resolve_questions(pack, bank)]
    elif not problems:
        questions = sorted(bank.questions, key=lambda question: TOPICS.index(question.topic))
    if problems:
        _say(
            f"quizapp export: {len(problems)} problem{'' if len(problems) == 1 else 's'} found; fix them (see `quizapp check`) first"
        )
        for found in problems:
            _say(f"  {found}")
        return _EXIT_PROBLEMS
    items: list[Item] = []
    left_out: dict[str, list[str]] = {}
    for question in questions:
        item = item_from_question(question)
        reason = f"{question.kind} (Moodle has no such kind)" if item is None else None
        if item is not None and args.format == "aiken":
            why = aiken.writable(item)
            reason = f"{question.kind} ({why})" if why else None
        if item is None or reason is not None:
            left_out.setdefault(reason or question.kind, []).append(question.id)
        else:
            items.append(item)
    writer = {"gift": gift.write, "aiken": aiken.write, "moodle-xml": moodle_xml.write}[args.format]
    text = writer(items)
    for reason, ids in left_out.items():
        _say(f"quizapp export: left out {len(ids)} {reason}: {', '.join(ids)}")
    if args.format == "aiken" and items:
        _say("quizapp export: Aiken has no feedback: explanations and why-wrong notes are left out")
    if output is None:
        sys.stdout.write(text)
        return _EXIT_OK
    if problem := _write(output, text, args.force):
        _say(f"quizapp export: {problem}")
        return _EXIT_PROBLEMS
    _say(f"quizapp export: wrote {len(items)} questions to {output} ({args.format})")
    return _EXIT_OK


def _ids_beside(output: Path) -> dict[str, str]:
    """Question ids already in the other bank files of `output`'s folder -> their file names."""
    from quizapp.core.bank import bank_files
    from quizapp.core.reading import BANK_FILE_CAP, UnreadableFile, load_toml_file

    found: dict[str, str] = {}
    for path in bank_files(output.parent):
        if path.resolve() == output.resolve():
            continue
        try:
            # Bounded like every reader: a pipe, a huge or a deeply nested file here never hangs or crashes.
            data = load_toml_file(path, BANK_FILE_CAP)
        except UnreadableFile:
            continue  # `quizapp check` reports unreadable bank files; here they only hide clashes
        for question in (
            data.get("questions", []) if isinstance(data.get("questions"), list) else []
        ):
            if isinstance(question, dict) and isinstance(question.get("id"), str):
                found.setdefault(question["id"], path.name)
    return found


def detect_format(path: Path, text: str) -> str:
    """The format of a file to import: from its extension, else from its content."""
    suffix = path.suffix.casefold()
    if suffix == ".xml":
        return "moodle-xml"
    if suffix == ".gift":
        return "gift"
    if suffix == ".aiken":
        return "aiken"
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith("<?xml") or start.startswith("<quiz"):
        return "moodle-xml"
    lines = [line.strip() for line in text.splitlines()]
    if "{" not in text and any(
        line.startswith("ANSWER:") or re.match(r"^[A-Z][).]", line) for line in lines
    ):
        return "aiken"
    return "gift"


def run_import(args: argparse.Namespace) -> int:
    """`quizapp import FILE -o questions/NAME.toml`: a Moodle file as a draft bank file."""
    import tomli_w

    from quizapp.core.loader import QUESTION_ADAPTER, describe_validation_error

    source: Path = args.file
    output: Path = args.output
    if output.suffix != ".toml":
        _say(
            f"quizapp import: {output}: a bank file must end in .toml (e.g. questions/imported.toml)"
        )
        return _EXIT_PROBLEMS
    if problem := _output_problem(output, args.force):
        _say(f"quizapp import: {problem}")
        return _EXIT_PROBLEMS
    from quizapp.core.reading import BANK_FILE_CAP, UnreadableFile, read_capped

    try:
        # Bounded: a pipe or folder given as FILE is refused, not waited on; a huge file is refused.
        text = read_capped(source, BANK_FILE_CAP).decode("utf-8")
    except UnicodeDecodeError:
        _say(f"quizapp import: {source}: not UTF-8 text; save it as UTF-8 and try again")
        return _EXIT_PROBLEMS
    except UnreadableFile as error:
        _say(f"quizapp import: cannot read {source}: {error.message}")
        return _EXIT_PROBLEMS
    file_format = args.format or detect_format(source, text)
    items, errors = _READERS[file_format](text)
    if errors:
        _say(f"quizapp import: {source} ({file_format}): {len(errors)} error(s); nothing written")
        for mistake in errors:
            _say(f"  {source}:{mistake.line}: {mistake}")
        return _EXIT_PROBLEMS
    from pydantic import ValidationError

    from quizapp.core.reading import UnreadableFile, check_data, printable

    ids = IdMaker()
    stem = question_id(source.name.split(".")[0], "imported")
    tables: list[dict[str, Any]] = []
    skipped = 0
    drafts = 0
    for number, item in enumerate(items, start=1):
        place = f"{source}:{item.line}"
        table, notes = table_from_item(item, "")
        label = f"[{item.name}]" if item.name else f"[question {number}]"
        if table is None:
            skipped += 1
            for note in notes:
                _say(f"  {place} {label}: {note}")
            continue
        table["id"] = ids.make(item.name, f"{stem}-{number}")
        label = f"[id {table['id']}]"
        table, cleaned = _clean_breaks(table)
        if cleaned:
            notes.append("carriage returns and line or paragraph separators made line breaks")
        try:
            # What `quizapp check` refuses in any file (escape codes, direction overrides...) is
            # never written: the question is left out, saying where.
            check_data(table)
        except UnreadableFile as error:
            skipped += 1
            _say(
                f"  {place} {label}: not imported: {error.where}: {error.message} Fix it in "
                f"{source.name} and import again."
            )
            continue
        try:
            QUESTION_ADAPTER.validate_python(table)
        except ValidationError as error:
            skipped += 1
            for field, message in describe_validation_error(error):
                _say(
                    f"  {place} {label}: not imported: {field}: {message}"
                    if field
                    else f"  {place} {label}: not imported: {message}"
                )
            continue
        for note in notes:
            _say(f"  {place} {label}: {note}")
        drafts += bool(table.get("draft"))
        tables.append(table)
    if not tables:
        _say(f"quizapp import: {source}: no question quizapp can hold; nothing written")
        return _EXIT_PROBLEMS
    used = _ids_beside(output)
    for table in tables:
        if table["id"] in used:
            _say(
                f"  {output} [id {table['id']}]: already used in {used[table['id']]}; rename one "
                "before `quizapp check`"
            )
    header = (
        # The name as printable text: a line break or escape code in it never ends the comment.
        f"# Imported from {printable(source.name)} ({file_format}) by `quizapp import`.\n"
        "# Questions marked `draft = true` have no source passage yet: add `source = { doc, quote }`\n"
        "# and remove `draft`, or `quizapp check` keeps listing them and quizzes leave them out.\n"
        '# Where the file said nothing, topic is "skills", area "career", difficulty 1.\n\n'
    )
    # Each table passed `check_data` and the loader's own validation, and the header is printable
    # text: the file reads back in `quizapp check` as these very questions.
    text = header + tomli_w.dumps({"questions": tables})
    if problem := _write(output, text, args.force):
        _say(f"quizapp import: {problem}")
        return _EXIT_PROBLEMS
    _say(
        f"quizapp import: wrote {len(tables)} questions ({drafts} drafts) to {output}"
        + (f"; {skipped} left out (listed above)" if skipped else "")
    )
    return _EXIT_OK
