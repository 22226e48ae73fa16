import pytest

from aggregator.normalize import parse_runtime


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("103 minutes", 103),
        ("103 min", 103),
        ("103 mins.", 103),
        ("103min", 103),
        ("1h 43m", 103),
        ("1h43m", 103),
        ("1h43", 103),
        ("1 hr. 43 min.", 103),
        ("1 hour 43 minutes", 103),
        ("2 hrs", 120),
        ("2 hours and 5 minutes", 125),
        ("Runtime: 2h 49min", 169),
        ("1:43", 103),
        ("1:43:20", 103),
        ("PT1H43M", 103),
        ("PT103M", 103),
        ("PT1H43M20S", 103),
        ("P0DT1H43M", 103),
        ("pt1h43m", 103),
        ("PT45S", 1),
        (103, 103),
        ("103", 103),
        ("It is 103 minutes long", 103),
        ("runs 98 minutes", 98),
        ("a 103-minute running time", 103),
        ("1.5 hours", 90),
        ("1,5 h", 90),
        ("clocking in at just under two hours", None),
        ("0 minutes", None),
        (0, None),
        (1001, None),
        ("1200 minutes", None),
        ("PT", None),
        ("P", None),
        ("", None),
        (None, None),
        (True, None),
        ("doors open at 9:30 pm", None),
        ("soon", None),
        ("12345 minutes", None),
    ],
)
def test_parse_runtime(value: object, expected: int | None) -> None:
    assert parse_runtime(value) == expected  # type: ignore[arg-type]
