"""User text is shown literally, but escape sequences and control characters never reach a tty."""

from __future__ import annotations

import pytest

from pledgetrack.domain.text import clean_line, clean_text

CLEAN_TEXT_DATA: list[tuple[str, str]] = [
    # plain text, markup-like brackets and non-ASCII stay as typed
    ("Mexico pledges $1.5 billion", "Mexico pledges $1.5 billion"),
    ("[red]not red[/] [sic]", "[red]not red[/] [sic]"),
    ("México — São Paulo 🇲🇽", "México — São Paulo 🇲🇽"),
    ("", ""),
    ("line one\nline two", "line one\nline two"),
    ("a\tb", "a b"),
    # ANSI CSI sequences
    ("\x1b[31mred\x1b[0m", "red"),
    ("\x1b[1;38;5;196mbold\x1b[m", "bold"),
    ("\x1b[2J\x1b[Hcleared", "cleared"),
    ("\x1b[?25lhidden cursor", "hidden cursor"),
    ("\x9b31mC1 CSI", "C1 CSI"),
    # OSC sequences ended by BEL or ST, e.g. window titles and hyperlinks
    ("\x1b]0;evil title\x07after", "after"),
    ("\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "link"),
    ("\x9d0;title\x9cafter", "after"),
    # other ESC sequences
    ("\x1bcreset", "reset"),
    ("\x1b(Bcharset", "charset"),
    ("\x1b7saved\x1b8", "saved"),
    ("\x1bPdevice control\x1b\\shown", "shown"),
    ("trailing escape\x1b", "trailing escape"),
    # C0 controls, DEL, C1 controls, NUL
    ("a\x00b", "ab"),
    ("bell\x07", "bell"),
    ("back\x08space", "backspace"),
    ("carriage\rreturn", "carriagereturn"),
    ("windows\r\nline", "windows\nline"),
    ("vertical\x0btab\x0cform", "verticaltabform"),
    ("del\x7f", "del"),
    ("c1\x85\x8d\x9f", "c1"),
    # bidi controls (trojan-source style reordering)
    ("abc\u202edcba\u202c", "abcdcba"),
    ("\u2066x\u2067y\u2068z\u2069", "xyz"),
    ("\u200eltr\u200frtl\u061c", "ltrrtl"),
    ("\u202a\u202b\u202d", ""),
]

CLEAN_LINE_DATA: list[tuple[str, str]] = [
    ("one\ntwo", "one two"),
    ("one\r\ntwo", "one two"),
    ("one\u2028two\u2029three", "one two three"),
    ("\x1b[31mred\x1b[0m\nnext", "red next"),
    ("[red]x[/]", "[red]x[/]"),
]


@pytest.mark.parametrize(("text", "expected"), CLEAN_TEXT_DATA)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected
    assert clean_text(expected) == expected


@pytest.mark.parametrize(("text", "expected"), CLEAN_LINE_DATA)
def test_clean_line(text: str, expected: str) -> None:
    assert clean_line(text) == expected
    assert "\n" not in clean_line(text)


def test_unterminated_osc_keeps_the_text_after_it() -> None:
    cleaned = clean_text("\x1b]0;no terminator")
    assert "\x1b" not in cleaned
    assert cleaned == "0;no terminator"
