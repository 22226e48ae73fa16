import pytest

from aggregator.normalize import (
    clean_body,
    clean_text,
    parse_language,
    parse_work_type,
    split_list,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pilou AsbÃ¦k", "Pilou Asbæk"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("Tom &amp;amp; Jerry", "Tom & Jerry"),
        ("It&#8217;s", "It\u2019s"),
        ("<b>Bold</b> move", "Bold move"),
        ("a < b > c", "a < b > c"),
        ("one\u00a0two\u200bthree", "one twothree"),
        ("  spaced \n\t out  ", "spaced out"),
        ("Asbe\u0301k", "Asbék"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_clean_text(text: str | None, expected: str | None) -> None:
    assert clean_text(text) == expected


def test_clean_body_keeps_paragraphs() -> None:
    body = "First  para\nstill first.\n\n\n  Second\u00a0para. \r\n \r\nThird"
    assert clean_body(body) == "First para still first.\n\nSecond para.\n\nThird"
    assert clean_body("<p>One</p><p>Two</p>") == "One\n\nTwo"
    assert clean_body(" \n\n ") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Movie", "movie"),
        ("https://schema.org/Movie", "movie"),
        ("schema:Movie", "movie"),
        ("Film", "movie"),
        ("TVSeries", "tv"),
        ("TVSeason", "tv"),
        ("TVEpisode", "tv"),
        ("TV show", "tv"),
        ("series", "tv"),
        ("VideoGame", "game"),
        ("Video game", "game"),
        ("Game", "game"),
        ("Book", "book"),
        ("MusicAlbum", "music"),
        ("MusicRecording", "music"),
        ("album", "music"),
        ("CreativeWork", "other"),
        ("Recipe", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_work_type(value: str | None, expected: str | None) -> None:
    assert parse_work_type(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en-US", "en"),
        ("en_GB", "en"),
        ("EN", "en"),
        ("English", "en"),
        ("de", "de"),
        ("Deutsch", "de"),
        ("fra", "fr"),
        ("zh-Hans-CN", "zh"),
        ("en-US,en;q=0.9", "en"),
        ("xx", None),
        ("Klingon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_language(value: str | None, expected: str | None) -> None:
    assert parse_language(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Horror, Thriller", ["Horror", "Thriller"]),
        ("Action/Adventure | Sci-Fi; Drama", ["Action", "Adventure", "Sci-Fi", "Drama"]),
        ("PlayStation 5, Xbox Series X|S and PC", ["PlayStation 5", "Xbox Series X|S", "PC"]),
        ("Xbox Series X/S", ["Xbox Series X/S"]),
        (["Netflix", "netflix", " Hulu "], ["Netflix", "Hulu"]),
        ("Horror,,  ,", ["Horror"]),
        ("", []),
        (None, []),
    ],
)
def test_split_list(value: object, expected: list[str]) -> None:
    assert split_list(value) == expected  # type: ignore[arg-type]
