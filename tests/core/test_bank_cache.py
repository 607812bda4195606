"""The checked-bank cache: a bank that passed every check comes back equal, and any change is a miss."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.core import bank_cache, loader
from quizapp.core.bank import Bank, bank_files
from quizapp.core.bank_cache import CACHE_FILE, bank_digest, read_cached_bank, save_checked_bank
from quizapp.core.library import Library
from quizapp.core.problems import ProblemsError

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def folders(tiny_bank_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the tiny bank and of the seeds, free to edit."""
    questions, seeds = tmp_path / "questions", tmp_path / "seeds"
    shutil.copytree(tiny_bank_dir / "questions", questions)
    shutil.copytree(SEEDS, seeds)
    return questions, seeds


def test_a_saved_bank_reads_back_equal(tiny_bank: Bank, tmp_path: Path) -> None:
    """Every question (all kinds, nested sources and rating options) and its file come back equal."""
    save_checked_bank(tmp_path, "digest-1", tiny_bank)
    cached = read_cached_bank(tmp_path, "digest-1")
    assert cached is not None
    assert cached.questions == tiny_bank.questions
    assert cached.files == tiny_bank.files
    assert cached.retired == tiny_bank.retired and cached.retired
    assert [q.fingerprint for q in cached.questions] == [q.fingerprint for q in tiny_bank.questions]


def _edit_bank_file(questions: Path, seeds: Path) -> None:
    path = bank_files(questions)[0]
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")


def _edit_seed(questions: Path, seeds: Path) -> None:
    path = sorted(seeds.glob("*.txt"))[0]
    path.write_text(path.read_text(encoding="utf-8") + " More.", encoding="utf-8")


def _add_bank_file(questions: Path, seeds: Path) -> None:
    (questions / "zz_more.toml").write_text("", encoding="utf-8")


def _rename_bank_file(questions: Path, seeds: Path) -> None:
    path = bank_files(questions)[0]
    path.rename(path.with_name("renamed.toml"))


def _edit_retired(questions: Path, seeds: Path) -> None:
    path = questions / "retired.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")


def _touch_paths_toml(questions: Path, seeds: Path) -> None:
    (questions / "paths.toml").write_text("# not a bank file\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "misses"),
    [
        pytest.param(_edit_bank_file, True, id="bank-file-edited"),
        pytest.param(_edit_seed, True, id="seed-edited"),
        pytest.param(_add_bank_file, True, id="bank-file-added"),
        pytest.param(_rename_bank_file, True, id="bank-file-renamed"),
        pytest.param(_edit_retired, True, id="retired-questions-edited"),
        pytest.param(_touch_paths_toml, False, id="learning-path-file-is-not-part-of-the-bank"),
    ],
)
def test_the_digest_changes_with_everything_the_checks_depend_on(
    folders: tuple[Path, Path], change: Callable[[Path, Path], None], misses: bool
) -> None:
    """A change to a bank file or a seed gives another digest; other files in the folder do not."""
    questions, seeds = folders
    before = bank_digest(questions, seeds)
    assert bank_digest(questions, seeds) == before
    change(questions, seeds)
    assert (bank_digest(questions, seeds) != before) is misses


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(None, id="no-cache-file"),
        pytest.param(b"{not json", id="damaged-json"),
        pytest.param(b'{"digest": "other", "files": {}, "questions": []}', id="another-digest"),
        pytest.param(b'["a list"]', id="not-an-object"),
        pytest.param(
            b'{"digest": "digest-1", "files": {}, "questions": [{"kind": "essay"}]}',
            id="unknown-kind",
        ),
        pytest.param(
            b'{"digest": "digest-1", "files": {}, "questions": [{"kind": "single"}]}',
            id="question-missing-fields",
        ),
    ],
)
def test_an_unusable_cache_file_is_a_miss(tmp_path: Path, content: bytes | None) -> None:
    """Missing, damaged or foreign cache files are never trusted: the bank is loaded afresh."""
    if content is not None:
        (tmp_path / CACHE_FILE).write_bytes(content)
    assert read_cached_bank(tmp_path, "digest-1") is None


def test_library_checks_once_then_reads_the_cache(
    folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first start loads and checks the bank and caches it; the next reads it without loading."""
    questions, seeds = folders
    cache = tmp_path / "cache"
    first = Library(questions, seeds, cache).bank()
    assert (cache / CACHE_FILE).is_file()

    def must_not_load(*args: object) -> Bank:
        raise AssertionError("the bank was loaded although the cache holds it")

    monkeypatch.setattr(loader, "load_checked_bank", must_not_load)
    second = Library(questions, seeds, cache).bank()
    assert second.questions == first.questions


def test_an_edited_bank_is_checked_again(folders: tuple[Path, Path], tmp_path: Path) -> None:
    """After the cache holds a good bank, breaking a file is still reported: the cache is missed."""
    questions, seeds = folders
    cache = tmp_path / "cache"
    Library(questions, seeds, cache).bank()
    path = sorted(questions.glob("*.toml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("kind =", "kinds =", 1), "utf-8")
    with pytest.raises(ProblemsError):
        Library(questions, seeds, cache).bank()


def test_a_broken_bank_is_never_cached(folders: tuple[Path, Path], tmp_path: Path) -> None:
    """Only a bank without problems is kept."""
    questions, seeds = folders
    (questions / "broken.toml").write_text("[[questions]]\nid = 'x'\n", encoding="utf-8")
    cache = tmp_path / "cache"
    with pytest.raises(ProblemsError):
        Library(questions, seeds, cache).bank()
    assert not (cache / CACHE_FILE).exists()


def test_a_cache_folder_that_cannot_be_written_is_skipped(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    """A cache folder that is a file (or read-only) costs a slower start, never an error."""
    questions, seeds = folders
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    bank = Library(questions, seeds, blocked).bank()
    assert len(bank) > 0
    assert blocked.read_text(encoding="utf-8") == ""


def test_the_checking_code_is_part_of_the_digest() -> None:
    """Every module the cache names as checking code exists, so editing one invalidates the cache."""
    folder = Path(bank_cache.__file__).parent
    assert all((folder / name).is_file() for name in bank_cache._CHECKING_CODE)


def test_role_sources_and_beyond_read_back_equal(tmp_path: Path) -> None:
    """A role question's per-role passages and a graded question's `beyond` note survive the cache."""
    text = (
        "[[questions]]\n"
        'id = "both-with-passages"\nkind = "role"\ntopic = "duties"\narea = "security"\n'
        'prompt = "Who keeps the servers safe?"\nanswer = "both"\n'
        'explanation = "Each document gives it to its role."\n'
        'beyond = "In practice the split depends on the team, not the title."\n'
        'source = { doc = "a.txt", quote = "engineers keep servers safe" }\n'
        'role_sources = { engineer = { doc = "a.txt", quote = "engineers keep servers safe" }, '
        'developer = { doc = "b.txt", quote = "developers keep servers safe" } }\n'
    )
    path = tmp_path / "q.toml"
    questions, problems = loader.parse_bank_file(path, text, tomllib.loads(text))
    assert problems == []
    [question] = questions
    assert question.role_sources is not None  # type: ignore[union-attr]
    assert question.role_sources.developer.doc == "b.txt"  # type: ignore[union-attr]
    bank = Bank(questions, {question.id: "q.toml"})
    save_checked_bank(tmp_path, "digest-2", bank)
    cached = read_cached_bank(tmp_path, "digest-2")
    assert cached is not None
    assert cached.questions == bank.questions
    assert cached.questions[0].fingerprint == question.fingerprint
