import pytest

from aggregator.normalize import parse_year, split_title_year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Run Sweetheart Run (2022)", ("Run Sweetheart Run", 2022)),
        ("Dune [2021]", ("Dune", 2021)),
        ("Dune ( 2021 )", ("Dune", 2021)),
        ("Blade Runner 2049", ("Blade Runner 2049", None)),
        ("Blade Runner 2049 (2017)", ("Blade Runner 2049", 2017)),
        ("2001: A Space Odyssey (1968)", ("2001: A Space Odyssey", 1968)),
        ("2001: A Space Odyssey", ("2001: A Space Odyssey", None)),
        ("1917 (2019)", ("1917", 2019)),
        ("1917", ("1917", None)),
        ("Nosferatu (1922)", ("Nosferatu", 1922)),
        ("The Great Train Robbery (1903)", ("The Great Train Robbery", 1903)),
        ("Roundhay Garden Scene (1888)", ("Roundhay Garden Scene", 1888)),
        ("Some Film (1869)", ("Some Film (1869)", None)),
        ("Future Film (2101)", ("Future Film (2101)", None)),
        ("Future Film (2100)", ("Future Film", 2100)),
        ("Film (20222)", ("Film (20222)", None)),
        ("Film (TV Series)", ("Film (TV Series)", None)),
        ("Run Sweetheart Run (2022) ", ("Run Sweetheart Run", 2022)),
        ("Pilou AsbÃ¦k Story (2020)", ("Pilou Asbæk Story", 2020)),
        ("Dune: Part Two (2024)", ("Dune: Part Two", 2024)),
        ("Dune - (2021)", ("Dune", 2021)),
        ("Se7en (1995)", ("Se7en", 1995)),
        ("(2022)", (None, 2022)),
        ("Fargo (1996) (1996)", ("Fargo (1996)", 1996)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_split_title_year(text: str | None, expected: tuple[str | None, int | None]) -> None:
    assert split_title_year(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021", 2021),
        ("2021-10-22", 2021),
        ("(1984)", 1984),
        ("First Release Date Mar 20, 2020", 2020),
        (2020, 2020),
        (1869, None),
        ("12345", None),
        ("no year", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_year(value: object, expected: int | None) -> None:
    assert parse_year(value) == expected  # type: ignore[arg-type]
