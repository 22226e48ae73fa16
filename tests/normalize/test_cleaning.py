"""ftfy runs only on text it could change: the shortcut never skips a repair."""

import ftfy
import pytest
from ftfy.badness import BADNESS_RE
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.normalize import clean_body, clean_text
from aggregator.normalize.cleaning import _FTFY_CONFIG, _ftfy_would_change

# Text as it was written, in scripts whose mojibake ftfy knows.
WRITTEN = [
    "Pilou Asbæk’s “Dune” – a review",
    "Ça déçoit: l’été à Zürich",
    "Смотрите «Дюну» — рецензия",
    "Η ταινία του έτους",
    "Łódź, żółć i gęśl",
    "naïve café — 5★",
]
# How a page's bytes get read with the wrong codec.
WRONG_CODECS = ["latin-1", "cp1252", "cp1251", "mac_roman", "cp1253", "iso-8859-2"]


def _misread(text: str, codec: str) -> str | None:
    try:
        return text.encode("utf-8").decode(codec)
    except UnicodeDecodeError:
        return None


MOJIBAKE = [
    (bad, text)
    for text in WRITTEN
    for codec in WRONG_CODECS
    if (bad := _misread(text, codec)) is not None and ftfy.fix_text(bad, _FTFY_CONFIG) == text
]


def test_the_samples_cover_several_codecs() -> None:
    assert len(MOJIBAKE) >= 10


@pytest.mark.parametrize(("bad", "written"), MOJIBAKE)
def test_real_mojibake_is_still_repaired(bad: str, written: str) -> None:
    assert _ftfy_would_change(bad)
    assert clean_text(bad) == written
    assert clean_body(f"First paragraph.\n\n{bad}") == f"First paragraph.\n\n{written}"


@pytest.mark.parametrize(
    "text",
    [
        "ﬁlm ﬂop",  # ligatures
        "ＬＯＵＤ",  # full width
        "tab\x1b[31mred",  # terminal escape
        "line\rbreak",
        "e\u0301t\u0065\u0301",  # decomposed accents
        "Ã  la carte",  # "Ã " at a line start: ftfy's pattern anchors it per line
        "ok\nÃ  la",
    ],
)
def test_text_ftfy_changes_is_never_skipped(text: str) -> None:
    assert ftfy.fix_text(text, _FTFY_CONFIG) != text
    assert _ftfy_would_change(text)


def test_clean_text_is_skipped() -> None:
    assert not _ftfy_would_change("Plain ASCII, with <b>tags</b> & entities")
    assert not _ftfy_would_change("It’s “fine” — Asbæk, Zürich, Дюна\n" * 50)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_skipped_text_is_text_ftfy_leaves_alone(text: str) -> None:
    if not _ftfy_would_change(text):
        assert ftfy.fix_text(text, _FTFY_CONFIG) == text


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=12), st.sampled_from(WRONG_CODECS), st.text(max_size=12))
def test_misread_text_that_ftfy_fixes_is_never_skipped(before: str, codec: str, after: str) -> None:
    bad = _misread(before, codec)
    if bad is None:
        return
    text = f"{after} {bad} {after}"
    if ftfy.fix_text(text, _FTFY_CONFIG) != text:
        assert _ftfy_would_change(text)


def test_mojibake_seeds_cover_every_lone_character_ftfy_flags() -> None:
    # ftfy's pattern is searched only near two adjacent non-ASCII characters or
    # near a character listed in the cleaner; here every other character, alone
    # between ASCII ones, is shown not to match it.
    lone = {"Œ", "œ", "Â", "Ã", *map(chr, range(0x80, 0xA0))}
    chars = [chr(c) for c in range(0x80, 0x3000) if chr(c) not in lone]
    for before, after in [("a", " "), (" ", "."), (".", "a"), ("Z", "\n"), ("1", "(")]:
        sample = "".join(f"{before}{char}{after}\x00" for char in chars)
        assert BADNESS_RE.search(sample) is None
