"""The clipboard tool: which one each desktop gets, that it is handed the text on stdin,
and that a tool that fails or hangs is reported, never raised.

The tools are fake executables in a folder of their own, given as the only PATH: each
records its arguments and what it read, so the test sees what the real one would get.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from opstui.services.clipboard import CopyOutcome, copy_text, find_tool, run_tool

ALL_TOOLS = ("wl-copy", "xclip", "xsel", "pbcopy")


def fake_tool(folder: Path, name: str, body: str = "") -> Path:
    """An executable that records its arguments and stdin next to itself, then runs ``body``."""
    path = folder / name
    path.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{folder}/{name}.args"\n'
        f'cat > "{folder}/{name}.stdin"\n'
        f"{body}\n",
        encoding="utf-8",
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def tools(tmp_path: Path) -> Path:
    """A PATH folder holding every tool."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in ALL_TOOLS:
        fake_tool(folder, name)
    return folder


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", "wl-copy"),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux", "wl-copy"),
        ({"DISPLAY": ":0"}, "linux", "xclip"),
        ({}, "darwin", "pbcopy"),
        ({"DISPLAY": ":0"}, "darwin", "pbcopy"),
        ({}, "linux", None),  # a console or a server over SSH: no desktop to copy to
        ({"WAYLAND_DISPLAY": ""}, "linux", None),
        ({}, "win32", None),
    ],
)
def test_each_desktop_gets_its_own_tool(
    tools: Path, env: dict[str, str], platform: str, expected: str | None
) -> None:
    tool = find_tool({**env, "PATH": str(tools)}, platform)
    assert (tool.name if tool else None) == expected
    if tool is not None and expected is not None:
        assert tool.argv[0] == str(tools / expected)  # the one found, run by its path


def test_xsel_when_xclip_is_not_installed(tmp_path: Path) -> None:
    fake_tool(tmp_path, "xsel")
    tool = find_tool({"DISPLAY": ":0", "PATH": str(tmp_path)}, "linux")
    assert tool is not None and tool.name == "xsel"
    assert tool.argv[1:] == ("--clipboard", "--input")


def test_a_desktop_without_its_tool_has_none(tmp_path: Path) -> None:
    fake_tool(tmp_path, "pbcopy")  # installed, but not a tool of this desktop
    assert (
        find_tool({"WAYLAND_DISPLAY": "w", "DISPLAY": ":0", "PATH": str(tmp_path)}, "linux") is None
    )
    assert find_tool({"DISPLAY": ":0", "PATH": ""}, "linux") is None
    assert find_tool({"DISPLAY": ":0"}, "linux") is None


@pytest.mark.parametrize(
    ("env", "name", "arguments"),
    [
        ({"WAYLAND_DISPLAY": "wayland-0"}, "wl-copy", []),
        ({"DISPLAY": ":0"}, "xclip", ["-selection", "clipboard"]),
    ],
)
def test_the_text_reaches_the_tool_on_stdin_whole(
    tools: Path, env: dict[str, str], name: str, arguments: list[str]
) -> None:
    # Quotes, a dollar and a semicolon would do something in a shell; here they are text.
    text = "# Notes\n- Ana: it's $HOME; `rm -rf /` | *fine* — ✓\n"
    outcome = copy_text(text, {**env, "PATH": str(tools)}, "linux")
    assert outcome == CopyOutcome(name)
    assert outcome.copied and outcome.message == f"Copied with {name}."
    assert (tools / f"{name}.stdin").read_text(encoding="utf-8") == text
    assert (tools / f"{name}.args").read_text(encoding="utf-8").split() == arguments


def test_no_tool_says_only_the_terminal_was_asked(tmp_path: Path) -> None:
    outcome = copy_text("x", {"PATH": str(tmp_path)}, "linux")
    assert outcome == CopyOutcome()
    assert not outcome.copied
    assert outcome.message == (
        "Sent to the terminal's clipboard (OSC 52); "
        "if your terminal doesn't allow that, nothing was copied."
    )


def test_a_failing_tool_is_reported_with_its_first_line(tmp_path: Path) -> None:
    fake_tool(tmp_path, "xclip", 'echo "Error: Can\'t open display: :0" >&2\necho more >&2\nexit 1')
    outcome = copy_text("notes", {"DISPLAY": ":0", "PATH": str(tmp_path)}, "linux")
    assert not outcome.copied
    assert outcome.problem == "exit status 1: Error: Can't open display: :0"
    assert outcome.message.startswith("xclip could not copy it (exit status 1: Error:")
    assert "OSC 52" in outcome.message and "nothing was copied" in outcome.message


def test_a_hanging_tool_is_given_up_on(tmp_path: Path) -> None:
    tool = fake_tool(tmp_path, "wl-copy", "exec sleep 30")
    found = find_tool({"WAYLAND_DISPLAY": "w", "PATH": str(tmp_path)}, "linux")
    assert found is not None and found.argv == (str(tool),)
    outcome = run_tool(found, "notes", timeout=0.3)
    assert outcome == CopyOutcome("wl-copy", "no answer within 0.3 seconds")
    assert "wl-copy could not copy it (no answer" in outcome.message


def test_a_tool_that_cannot_be_run_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "xsel"
    broken.write_text("#!/nonexistent/interpreter\n", encoding="utf-8")
    broken.chmod(0o755)
    outcome = copy_text("notes", {"DISPLAY": ":0", "PATH": str(tmp_path)}, "linux")
    assert outcome.tool == "xsel" and outcome.problem
    assert not outcome.copied


@pytest.mark.parametrize(
    ("env", "platform", "name", "arguments", "as_html"),
    [
        ({"WAYLAND_DISPLAY": "w"}, "linux", "wl-copy", ["--type", "text/html"], True),
        ({"DISPLAY": ":0"}, "linux", "xclip", ["-selection", "clipboard", "-t", "text/html"], True),
        ({}, "darwin", "pbcopy", [], False),
    ],
)
def test_html_is_marked_as_html_where_the_tool_can_say_so(
    tools: Path,
    env: dict[str, str],
    platform: str,
    name: str,
    arguments: list[str],
    as_html: bool,
) -> None:
    page = "<!DOCTYPE html>\n<h1>Notes</h1>\n"
    outcome = copy_text(page, {**env, "PATH": str(tools)}, platform, html=True)
    assert outcome.copied and outcome.as_html is as_html
    assert (tools / f"{name}.args").read_text(encoding="utf-8").split() == arguments
    assert (tools / f"{name}.stdin").read_text(encoding="utf-8") == page
    if as_html:
        assert outcome.message == f"Copied as HTML with {name}."
    else:
        assert "as plain text (the HTML source)" in outcome.message


def test_xsel_copies_html_as_plain_text_and_says_so(tmp_path: Path) -> None:
    fake_tool(tmp_path, "xsel")
    outcome = copy_text("<p>x</p>", {"DISPLAY": ":0", "PATH": str(tmp_path)}, "linux", html=True)
    assert outcome.copied and not outcome.as_html
    assert (tmp_path / "xsel.args").read_text(encoding="utf-8").split() == [
        "--clipboard",
        "--input",
    ]
    assert "xsel cannot mark it as HTML" in outcome.message


def test_without_a_tool_html_goes_to_the_terminal_as_text() -> None:
    outcome = copy_text("<p>x</p>", {"PATH": ""}, "linux", html=True)
    assert not outcome.copied and "OSC 52 carries no HTML" in outcome.message
