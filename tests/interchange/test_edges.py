"""The edges of `import` and `export`: hostile text and names, torn writes, untrusted XML, Moodle's own Aiken file."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core import durable
from quizapp.interchange import moodle_xml
from quizapp.interchange.model import (
    Feedback,
    IdMaker,
    ReadError,
    html_text,
    split_feedback,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "interchange"
SEEDS = REPO / "seeds"


def imported(path: Path) -> list[dict[str, object]]:
    """The question tables of a bank file written by `quizapp import`."""
    tables = tomllib.loads(path.read_text(encoding="utf-8"))["questions"]
    assert isinstance(tables, list)
    return tables


@pytest.fixture
def questions(tmp_path: Path, tiny_bank_dir: Path) -> Path:
    """A questions folder holding the tiny bank, to import into and check."""
    folder = tmp_path / "questions"
    shutil.copytree(tiny_bank_dir / "questions", folder)
    return folder


# ---------------------------------------------------------------- text a terminal acts on


def test_text_check_refuses_is_left_out_with_where_and_why(
    questions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ESC, a direction override and U+FFFF leave their question out (line, id, field, character);
    a paragraph separator becomes a line break; the file written passes `quizapp check`."""
    output = questions / "hostile.toml"
    assert main(["import", str(DATA / "hostile_text.gift"), "-o", str(output)]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err  # shown escaped, never acted on
    source = DATA / "hostile_text.gift"
    for line, question_id, field, shown in [
        (4, "escape-code", "prompt", "\\x1b"),
        (6, "direction-override", "choices.1", "\\u202e"),
        (8, "non-character", "choices.1", "\\uffff"),
    ]:
        assert (
            f"{source}:{line} [id {question_id}]: not imported: {field}: the text contains {shown}"
            in err
        )
    assert "3 left out" in err
    tables = {table["id"]: table for table in imported(output)}
    assert sorted(tables) == ["paragraph-separator", "plain"]
    assert tables["paragraph-separator"]["explanation"] == "The first line,\nthen the second."
    assert "line or paragraph separators made line breaks" in err
    assert main(["check", "--questions", str(questions), "--seeds", str(SEEDS)]) == 0


def test_a_source_name_with_a_line_break_keeps_the_header_a_comment(
    questions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name with a line break or an escape code is written escaped in the header comment."""
    odd = tmp_path / "week 3\n[[questions]]\x1b[2J.gift"
    shutil.copy(DATA / "documented.gift", odd)
    output = questions / "week3.toml"
    assert main(["import", str(odd), "-o", str(output)]) == 0
    capsys.readouterr()
    first = output.read_text(encoding="utf-8").splitlines()[0]
    assert (
        first == "# Imported from week 3\\x0a[[questions]]\\x1b[2J.gift (gift) by `quizapp import`."
    )
    assert len(imported(output)) > 0
    assert main(["check", "--questions", str(questions), "--seeds", str(SEEDS)]) == 0


# ---------------------------------------------------------------- whole files, or none


@pytest.mark.parametrize("command", ["import", "export"])
def test_a_full_disk_leaves_no_file_and_the_retry_works(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    """The disk fills while writing: exit 1 saying so, no target and no temp file; then a retry writes it."""
    output = tmp_path / ("out.toml" if command == "import" else "out.gift")
    argv = (
        ["import", str(DATA / "documented.gift"), "-o", str(output)]
        if command == "import"
        else ["export", "--format", "gift", "-o", str(output)]
    )

    class FullDisk:
        """The durable writer's `os`, on a disk that is full (the real `os` is left alone)."""

        def write(self, fd: int, data: bytes) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> object:
            return getattr(os, name)

    monkeypatch.setattr(durable, "os", FullDisk())
    assert main(argv) == 1
    assert "the disk is full" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    assert main(argv) == 0
    assert [path.name for path in tmp_path.iterdir()] == [output.name]


def test_force_replaces_whole_and_without_force_the_old_file_stays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --force an existing file is never touched; with it, it is replaced in one rename."""
    output = tmp_path / "out.toml"
    output.write_text("# mine\n", encoding="utf-8")
    assert main(["import", str(DATA / "documented.gift"), "-o", str(output)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert output.read_text(encoding="utf-8") == "# mine\n"
    assert main(["import", str(DATA / "documented.gift"), "-o", str(output), "--force"]) == 0
    assert imported(output)
    assert [path.name for path in tmp_path.iterdir()] == ["out.toml"]


KILLED_MID_WRITE = """
import os, signal, sys
from quizapp.core import durable

fraction = float(sys.argv.pop(1))


class KilledMidWrite:
    # The durable writer's os: the first write of the target's bytes stops part-way, by SIGKILL.
    def write(self, fd, data):
        written = os.write(fd, bytes(data[: max(1, int(len(data) * fraction))]))
        os.kill(os.getpid(), signal.SIGKILL)
        return written

    def __getattr__(self, name):
        return getattr(os, name)


durable.os = KilledMidWrite()
from quizapp.cli import main

sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_import_killed_while_writing_never_leaves_a_torn_file(tmp_path: Path) -> None:
    """SIGKILL part-way through writing the bank file (8 runs), and at random moments of the whole
    import (8 runs): the target is absent or whole, and the retry without --force writes it whole."""
    big = tmp_path / "big.gift"
    block = "::q{n}::Which of these is question {n} about?{{=This one ~That one ~Another ####Because.}}\n\n"
    big.write_text("".join(block.format(n=n) for n in range(800)), encoding="utf-8")
    command = [sys.executable, "-m", "quizapp", "import", str(big), "-o"]
    reference = tmp_path / "reference.toml"
    started = time.monotonic()
    subprocess.run([*command, str(reference)], check=True, capture_output=True, timeout=120)
    duration = time.monotonic() - started
    expected = reference.read_bytes()
    rng = random.Random(22)
    for run in range(16):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        target = folder / "imported.toml"
        if run < 8:
            fraction = str(rng.uniform(0.0, 1.0))
            killed = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    KILLED_MID_WRITE,
                    fraction,
                    "import",
                    str(big),
                    "-o",
                    str(target),
                ],
                capture_output=True,
                timeout=120,
            )
            assert killed.returncode == -signal.SIGKILL, killed.stderr
            assert not target.exists(), f"run {run}: a file was left after a kill mid-write"
        else:
            child = subprocess.Popen(
                [*command, str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(rng.uniform(0.5, 1.0) * duration)
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
        if target.exists():
            assert target.read_bytes() == expected, f"run {run}: a torn file"
            continue
        retry = subprocess.run([*command, str(target)], capture_output=True, timeout=120)
        assert retry.returncode == 0, retry.stderr
        assert target.read_bytes() == expected


# ---------------------------------------------------------------- untrusted XML


@pytest.mark.parametrize(
    ("name", "words"),
    [
        pytest.param(
            "billion_laughs.xml", "the file declares a document type", id="entity-expansion"
        ),
        pytest.param(
            "external_entity.xml", "the file declares a document type", id="external-entity"
        ),
        pytest.param("doctype_only.xml", "the file declares a document type", id="external-dtd"),
    ],
)
def test_xml_with_a_dtd_is_refused_before_anything_expands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, words: str
) -> None:
    """A DOCTYPE (and so every entity declaration) is refused at its line, nothing written."""
    output = tmp_path / "out.toml"
    assert main(["import", str(DATA / "broken" / name), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert f"{DATA / 'broken' / name}:2: {words}" in err
    assert not output.exists()


def test_the_xml_reader_refuses_entities_even_without_a_doctype_handler_of_expat() -> None:
    """The reader itself (not only the command) refuses a DTD, and still reads what Moodle writes:
    the predefined entities and character references."""
    with pytest.raises(ReadError, match="document type"):
        moodle_xml.parse('<!DOCTYPE quiz [<!ENTITY a "b">]><quiz>&a;</quiz>')
    root, lines = moodle_xml.parse(
        '<quiz>\n<question type="x"><text>&lt;b&gt; &amp; &#233;&#x263A;</text></question></quiz>'
    )
    assert root.findtext("question/text") == "<b> & é☺"
    assert lines == [2]


# ---------------------------------------------------------------- Moodle's own Aiken file


def test_moodles_aiken_fixture_imports_both_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Moodle's questions.aiken.txt: four choices as single choice; A) True B) False as true/false."""
    output = tmp_path / "aiken.toml"
    source = DATA / "moodle_questions.aiken.txt"
    assert main(["import", str(source), "--format", "aiken", "-o", str(output)]) == 0
    assert "wrote 2 questions" in capsys.readouterr().err
    first, second = imported(output)
    assert (first["kind"], first["answer"]) == ("single", 1)
    assert first["choices"] == ["Petr Skoda", "Martin Dougiamas", "Eloy Lafuente", "Tim Hunt"]
    assert (second["kind"], second["answer"]) == ("true_false", True)
    assert second["prompt"] == (
        'Moodle\'s abilities include handling user input that includes <html class="cool"> & images:'
    )


@pytest.mark.parametrize(
    ("choices", "answer", "kind", "expected"),
    [
        pytest.param(("True", "False"), "B", "true_false", False, id="true-false"),
        pytest.param(("false", "TRUE"), "B", "true_false", True, id="false-true-any-case"),
        pytest.param(("Yes", "No"), "A", "single", 0, id="two-choices"),
    ],
)
def test_aiken_questions_with_two_choices(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    choices: tuple[str, str],
    answer: str,
    kind: str,
    expected: object,
) -> None:
    """Two choices saying True and False are a true/false question; any other two, a single choice."""
    source = tmp_path / "two.aiken"
    source.write_text(
        f"Is this question worth asking?\nA) {choices[0]}\nB) {choices[1]}\nANSWER: {answer}\n",
        encoding="utf-8",
    )
    output = tmp_path / "two.toml"
    assert main(["import", str(source), "-o", str(output)]) == 0
    capsys.readouterr()
    (table,) = imported(output)
    assert (table["kind"], table["answer"]) == (kind, expected)
    assert ("choices" in table) == (kind == "single")


# ---------------------------------------------------------------- the pieces, table-driven


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        pytest.param("<p>One</p><p>Two</p>", "One\nTwo\n", id="paragraphs"),
        pytest.param("a<br>b<br/>c", "a\nb\n\nc", id="line-breaks"),
        pytest.param("x &lt;y&gt; &amp; &eacute;", "x <y> & é", id="entities"),
        pytest.param("a < b and c > d", "a < b and c > d", id="bare-angles"),
        pytest.param('<a title="x > y">link</a>', "link", id="quoted-angle"),
        pytest.param("keep<!-- hidden -->this", "keepthis", id="comment"),
        pytest.param("keep<!-- never closed", "keep", id="open-comment"),
        pytest.param("keep<a never closed", "keep", id="open-tag"),
        pytest.param("keep<a x='never closed>", "keep", id="open-quote"),
        pytest.param("<!DOCTYPE html><?php x ?>text", "text", id="declarations"),
        pytest.param("</ bogus>text", "text", id="bogus-comment"),
        pytest.param("<a" * 1000, "", id="many-open-tags"),
    ],
)
def test_html_text(markup: str, text: str) -> None:
    """Tags go, block ends break lines, entities are decoded; what never closes swallows the rest."""
    assert html_text(markup) == text


@pytest.mark.parametrize(
    ("feedback", "expected"),
    [
        pytest.param("Because.", Feedback("Because."), id="plain"),
        pytest.param(
            "Because.\n\nSource: a.txt: \u201cthe quote\u201d",
            Feedback("Because.", source={"doc": "a.txt", "quote": "the quote"}),
            id="source",
        ),
        pytest.param(
            "Because.\n\nBeyond the documents: common practice.\n\nSource: a.txt: \u201cq\u201d",
            Feedback("Because.", "common practice.", {"doc": "a.txt", "quote": "q"}),
            id="beyond-and-source",
        ),
        pytest.param(
            "Because.\n\nEngineer's source: b.txt: \u201ce\u201d\n\nDeveloper's source: c.txt: "
            "\u201cd\u201d\n\nSource: a.txt: \u201cq\u201d",
            Feedback(
                "Because.",
                source={"doc": "a.txt", "quote": "q"},
                role_sources={
                    "engineer": {"doc": "b.txt", "quote": "e"},
                    "developer": {"doc": "c.txt", "quote": "d"},
                },
            ),
            id="role-sources",
        ),
        pytest.param(
            "Because.\n\nSource: a.txt: \u201ca quote \u201cwith\u201d quotes\u201d",
            Feedback(
                "Because.", source={"doc": "a.txt", "quote": "a quote \u201cwith\u201d quotes"}
            ),
            id="quote-with-quotes",
        ),
        pytest.param(
            "Because." + "\n\nSource: a.txt: \u201cq" * 3000,
            Feedback("Because." + "\n\nSource: a.txt: \u201cq" * 3000),
            id="unclosed-source-lines",
        ),
    ],
)
def test_split_feedback(feedback: str, expected: Feedback) -> None:
    """An exported explanation comes apart into explanation, beyond and sources."""
    assert split_feedback(feedback) == expected


def test_ids_for_many_questions_of_one_name_are_numbered_in_order() -> None:
    """q, q-2, q-3...: each the next free number, also past ids already taken."""
    ids = IdMaker()
    assert [ids.make("q", "x") for _ in range(3)] == ["q", "q-2", "q-3"]
    assert ids.make("q-4", "x") == "q-4"
    assert ids.make("q", "x") == "q-5"
    assert ids.make("Not an id!", "fallback") == "not-an-id"
    assert ids.make("!!!", "fallback") == "fallback"
