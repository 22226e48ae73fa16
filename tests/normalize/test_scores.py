import pytest

from aggregator.normalize import Score, parse_score


@pytest.mark.parametrize(
    ("value", "best", "expected", "scale"),
    [
        ("3.5/5", None, 70.0, 5),
        ("7/10", None, 70.0, 10),
        ("8.5 / 10", None, 85.0, 10),
        ("85/100", None, 85.0, 100),
        ("4 out of 5", None, 80.0, 5),
        ("4 out of 5 stars", None, 80.0, 5),
        ("2 stars out of 4", None, 50.0, 4),
        ("Rating: 4/5", None, 80.0, 5),
        ("Score: 9/10", None, 90.0, 10),
        ("★★★½☆", None, 70.0, 5),
        ("★★★½", None, 70.0, 5),
        ("★★☆☆", None, 50.0, 4),
        ("★★★", 4, 75.0, 4),
        ("3½ stars", None, 70.0, 5),
        ("3 1/2 stars", None, 70.0, 5),
        ("3½ stars", 4, 87.5, 4),
        ("4 stars", None, 80.0, 5),
        ("85%", None, 85.0, 100),
        ("4", 5, 80.0, 5),
        (4, 5, 80.0, 5),
        (8.5, 10, 85.0, 10),
        ("3,5/5", None, 70.0, 5),
        ("10/10", None, 100.0, 10),
        ("0/10", None, 0.0, 10),
        ("7 on a scale of 1 to 10", None, 66.7, 10),
        ("4 on a 1-5 scale", None, 75.0, 5),
        ("A+", None, 100.0, None),
        ("A", None, 100.0, None),
        ("A-", None, 91.7, None),
        ("B+", None, 83.3, None),
        ("b+", None, 83.3, None),
        ("Grade: B+", None, 83.3, None),
        ("B", None, 75.0, None),
        ("B-", None, 66.7, None),
        ("C+", None, 58.3, None),
        ("C", None, 50.0, None),
        ("C-", None, 41.7, None),
        ("D+", None, 33.3, None),
        ("D", None, 25.0, None),
        ("D-", None, 16.7, None),
        ("F", None, 0.0, None),
        ({"ratingValue": "4", "bestRating": "5"}, None, 80.0, 5),
        ({"ratingValue": "4", "bestRating": "5", "worstRating": "1"}, None, 75.0, 5),
        ({"ratingValue": "4", "bestRating": "5", "worstRating": "0"}, None, 80.0, 5),
        ({"ratingValue": 8}, None, 80.0, 10),
        ({"ratingValue": "3.5"}, None, 70.0, 5),
        ({"ratingValue": "85"}, None, 85.0, 100),
        ({"ratingValue": "4,5", "bestRating": 5}, None, 90.0, 5),
        # "out of" in other languages
        ("7 von 8", None, 87.5, 8),
        ("5 von 5 Punkten", None, 100.0, 5),
        ("4 sur 5", None, 80.0, 5),
        # a decimal no five-point scale holds is out of 10
        ("8.2", None, 82.0, 10),
        ("4.3", None, 43.0, 10),
        ("8,5", None, 85.0, 10),
    ],
)
def test_parse_score(value: object, best: float | None, expected: float, scale: float) -> None:
    score = parse_score(value, best)  # type: ignore[arg-type]
    assert score is not None
    assert (score.value, score.best) == (expected, scale)


@pytest.mark.parametrize(
    ("value", "best"),
    [
        ("6/5", None),
        ("11/10", None),
        ("-1/5", None),
        ("4/0", None),
        ("4", None),
        ("4.5", None),  # 4.5 of 5 or of 10: the scale is unknown
        ("87", None),
        (4, None),
        ("120%", None),
        ("6", 5),
        ("great", None),
        ("E", None),
        ("03/14/2022", None),
        ("", None),
        (None, None),
        (True, 5),
        (float("nan"), 5),
        ({"ratingValue": "six"}, None),
        ({"ratingValue": "6", "bestRating": "5"}, None),
        ({}, None),
    ],
)
def test_parse_score_none(value: object, best: float | None) -> None:
    assert parse_score(value, best) is None  # type: ignore[arg-type]


def test_score_to_dict_and_raw() -> None:
    score = parse_score({"ratingValue": "4", "bestRating": "5", "worstRating": "1"})
    assert score == Score("4 on a 1-5 scale", 75.0, 5.0)
    assert score.to_dict() == {"raw": "4 on a 1-5 scale", "value": 75.0, "best": 5.0}
    assert parse_score(score.raw) == score
