import pytest

from aggregator.normalize import ContentRating, parse_content_rating

SEED_REASONS = ("horror violence", "bloody images", "language", "sexual references", "brief nudity")


@pytest.mark.parametrize(
    ("text", "system", "certificate", "reasons"),
    [
        (
            "Rated R for horror violence, bloody images, language, sexual references and brief"
            " nudity",
            "MPA",
            "R",
            SEED_REASONS,
        ),
        (
            "It is 103 minutes long and rated R for horror violence, bloody images, language, "
            "sexual references and brief nudity.",
            "MPA",
            "R",
            SEED_REASONS,
        ),
        (
            "Rated R for strong violence and language throughout, and some sexual content",
            "MPA",
            "R",
            ("strong violence and language throughout", "some sexual content"),
        ),
        ("rated R for language and some drug use", "MPA", "R", ("language", "some drug use")),
        (
            "Rated PG-13 for sequences of strong violence, and some language",
            "MPA",
            "PG-13",
            ("sequences of strong violence", "some language"),
        ),
        (
            "MPAA rating: PG-13 (for intense sequences of violence and action, some suggestive "
            "material and brief strong language)",
            "MPA",
            "PG-13",
            (
                "intense sequences of violence and action",
                "some suggestive material",
                "brief strong language",
            ),
        ),
        ("Rated PG-13 for some violence.", "MPA", "PG-13", ("some violence",)),
        ("Rated R for A, B, C, and D.", "MPA", "R", ("A", "B", "C", "D")),
        ("R", "MPA", "R", ()),
        ("PG-13", "MPA", "PG-13", ()),
        ("NC-17", "MPA", "NC-17", ()),
        ("G", "MPA", "G", ()),
        ("PG", "MPA", "PG", ()),
        ("Rated R.", "MPA", "R", ()),
        ("Rated R (for language)", "MPA", "R", ("language",)),
        ("Not Rated", "MPA", "NR", ()),
        ("Unrated", "MPA", "NR", ()),
        ("NR", "MPA", "NR", ()),
        ("TV-MA", "TV", "TV-MA", ()),
        ("TV-14 LV", "TV", "TV-14", ("language", "violence")),
        ("Rated TV-MA for language", "TV", "TV-MA", ("language",)),
        ("The series is rated TV-MA.", "TV", "TV-MA", ()),
        ("TV-Y7-FV", "TV", "TV-Y7", ("fantasy violence",)),
        ("15", "BBFC", "15", ()),
        ("12A", "BBFC", "12A", ()),
        ("18", "BBFC", "18", ()),
        ("U", "BBFC", "U", ()),
        ("BBFC PG", "BBFC", "PG", ()),
        ("PG (BBFC)", "BBFC", "PG", ()),
        ("15 strong language, violence", "BBFC", "15", ("strong language", "violence")),
        ("BBFC 15: strong violence", "BBFC", "15", ("strong violence",)),
        ("Certificate: 12A - moderate threat", "BBFC", "12A", ("moderate threat",)),
        ("M", "ESRB", "M", ()),
        ("T", "ESRB", "T", ()),
        ("E10+", "ESRB", "E10+", ()),
        (
            "Rated M for Mature: Blood and Gore, Intense Violence",
            "ESRB",
            "M",
            ("Blood and Gore", "Intense Violence"),
        ),
        ("Rated E for Everyone", "ESRB", "E", ()),
        ("ESRB: T", "ESRB", "T", ()),
        ("PEGI 18", "PEGI", "18", ()),
        ("FSK 16", "FSK", "16", ()),
    ],
)
def test_parse_content_rating(
    text: str, system: str | None, certificate: str, reasons: tuple[str, ...]
) -> None:
    rating = parse_content_rating(text)
    assert rating is not None
    assert (rating.system, rating.certificate, rating.reasons) == (system, certificate, reasons)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "A thrilling ride for the whole family",
        "R. Kelly documentary",
        "Randomly Rated Reviews",
        "highly rated film",
        "Rating: 4/5",
        "rated 7.5",
        "rated 15 out of 20",
        "PEGI 15",
        "rated 16",
    ],
)
def test_parse_content_rating_none(text: str | None) -> None:
    assert parse_content_rating(text) is None


def test_to_dict() -> None:
    rating = parse_content_rating("Rated R for language and some drug use")
    assert rating is not None
    assert rating.to_dict() == {
        "system": "MPA",
        "certificate": "R",
        "reasons": ["language", "some drug use"],
        "raw": "Rated R for language and some drug use",
    }
    assert isinstance(rating, ContentRating)
