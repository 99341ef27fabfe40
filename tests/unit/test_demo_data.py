"""The demo's data files: shipped in the package, and refused with a clear message when bad."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from opstui.demo import DemoDataError
from opstui.demo.loading import load_demo, story_files


def test_the_data_files_ship_inside_the_package() -> None:
    folder = resources.files("opstui.demo")
    assert (folder / "people.toml").is_file()
    stories = [f.name for f in story_files(folder)]
    assert stories == [
        "1-interviews.toml",
        "2-release-dates.toml",
        "3-sales-adoption.toml",
        "4-documentation.toml",
    ]
    data = load_demo()
    assert [s.source for s in data.stories] == [f"demo/stories/{name}" for name in stories]
    assert len(data.people) == 14


def test_every_data_file_in_the_package_is_read() -> None:
    # A file dropped beside the others but not where the loader looks would be ignored.
    folder = resources.files("opstui.demo")
    shipped = {f.name for f in folder.iterdir() if f.name.endswith(".toml")}
    assert shipped == {"people.toml"}
    assert all(f.name.endswith(".toml") for f in (folder / "stories").iterdir())


def test_stories_come_in_the_order_of_their_file_names(demo_data: Path) -> None:
    stories = demo_data / "stories"
    (stories / "1-interviews.toml").rename(stories / "5-interviews.toml")
    titles = [s.data.initiative.fields["title"] for s in load_demo(demo_data).stories]
    assert titles[0] == "Predictable release dates"
    assert titles[-1] == "Make customer interviews quick to schedule"


def test_a_story_file_without_its_place_is_refused(demo_data: Path) -> None:
    stories = demo_data / "stories"
    (stories / "3-sales-adoption.toml").rename(stories / "sales-adoption.toml")
    text = message(demo_data)
    assert text.startswith("demo/stories/sales-adoption.toml: ")
    assert "starts with its place in the order" in text


def test_the_tenth_story_comes_after_the_ninth(demo_data: Path) -> None:
    stories = demo_data / "stories"
    (stories / "1-interviews.toml").rename(stories / "10-interviews.toml")
    (stories / "2-release-dates.toml").rename(stories / "9-release-dates.toml")
    names = [f.name for f in story_files(demo_data)]
    assert names[-2:] == ["9-release-dates.toml", "10-interviews.toml"]


def spoil(folder: Path, name: str, old: str, new: str) -> None:
    """Replace the first ``old`` in one data file, which must hold it."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def message(folder: Path) -> str:
    with pytest.raises(DemoDataError) as caught:
        load_demo(folder)
    return str(caught.value)


def test_an_unknown_person_names_the_file_the_session_and_the_remark(demo_data: Path) -> None:
    spoil(demo_data, "stories/2-release-dates.toml", 'by = "kwame"', 'by = "kwami"')
    text = message(demo_data)
    assert text.startswith("demo/stories/2-release-dates.toml: ")
    assert 'story[1] (session "Discovery: engineering and release mana…")' in text
    assert 'captures[3] (said "Security review is a queue of one. Anyt…") > by' in text
    assert "no person 'kwami' in people.toml" in text


@pytest.mark.parametrize(
    ("name", "old", "new", "where", "words"),
    [
        (
            "people.toml",
            'group = "design"',
            'group = "art"',
            "people > aiko > group",
            "'product'",
        ),
        (
            "stories/1-interviews.toml",
            'status = "done"\n',
            'status = "done"\nproblm = "typo"\n',
            "initiative",
            "an initiative has no field problm",
        ),
        (
            "stories/1-interviews.toml",
            'sentiment = "very positive"',
            'sentiment = "delighted"',
            'captures[5] (said "Good that someone asked us before build…") > sentiment',
            "a sentiment is one of: very negative, negative, neutral",
        ),
        (
            "stories/1-interviews.toml",
            'filled = "lessons"',
            'filled = "lesons"',
            'story[11] (session "Evaluation: eight weeks after launch"): captures[6]',
            "the evaluation playbook has no template 'lesons'",
        ),
        (
            "stories/1-interviews.toml",
            "severity = 4",
            "severity = 9",
            'story[1] (session "Discovery: product managers")',
            "captures[8]: interview-notes: Severity must be between 1 and 5",
        ),
        (
            "stories/2-release-dates.toml",
            'readings = "size-of-late-changes"',
            'readings = "size"',
            "story[11]",
            "no metric 'size' in this story",
        ),
        (
            "stories/3-sales-adoption.toml",
            'said = "Release notes',
            'sed = "Release notes',
            'story[1] (session "Discovery: account executives") > captures[2]',
            "a capture holds one of said, filled, vote or action",
        ),
        (
            "stories/4-documentation.toml",
            "[[story]]\nsession",
            "[[story]]\ntitle",
            "story[2]",
            "a story entry holds one of session, pilot_cohort, readings or action",
        ),
        (
            "stories/2-release-dates.toml",
            '"Architecture review -> Build: design decisions",',
            '"Architecture review (Architects) -> Build",',
            'maps[1] (session "Process map: risk reviews in the releas…"): lines',
            "line 4: the step 'Architecture review' has the role 'Staff Engineer, Platform'",
        ),
        (
            "stories/4-documentation.toml",
            "day = 4\n",
            "day = 4\nhour = 25\n",
            "",
            "TOML syntax: Cannot overwrite a value",
        ),
    ],
)
def test_a_bad_entry_is_named_with_its_file(
    demo_data: Path, name: str, old: str, new: str, where: str, words: str
) -> None:
    spoil(demo_data, name, old, new)
    text = message(demo_data)
    assert text.startswith(f"demo/{name}: ")
    assert where in text
    assert words in text


def test_a_missing_file_is_named(demo_data: Path) -> None:
    (demo_data / "people.toml").unlink()
    assert re.match(r"demo/people\.toml: cannot read", message(demo_data))
