import pytest

from aggregator.normalize import split_people


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Pilou Asbæk, Ella Balinska", ["Pilou Asbæk", "Ella Balinska"]),
        ("Pilou AsbÃ¦k and Ella Balinska", ["Pilou Asbæk", "Ella Balinska"]),
        ("Starring: Tom Hanks, Meg Ryan", ["Tom Hanks", "Meg Ryan"]),
        ("Starring Tom Hanks & Meg Ryan", ["Tom Hanks", "Meg Ryan"]),
        ("Cast: A. Person; B. Person", ["A. Person", "B. Person"]),
        ("With Frances McDormand", ["Frances McDormand"]),
        ("Directed by Shana Feste", ["Shana Feste"]),
        ("Director: Denis Villeneuve", ["Denis Villeneuve"]),
        ("Written by Shana Feste and Keith Josef Adkins", ["Shana Feste", "Keith Josef Adkins"]),
        ("Tom Hanks as Woody, Tim Allen as Buzz Lightyear", ["Tom Hanks", "Tim Allen"]),
        ("Tom Hanks (voice)", ["Tom Hanks"]),
        ("Bill Murray as Himself (uncredited)", ["Bill Murray"]),
        ("Robert Downey, Jr., Gwyneth Paltrow", ["Robert Downey Jr.", "Gwyneth Paltrow"]),
        ("Robert Downey Jr. and Samuel L. Jackson", ["Robert Downey Jr.", "Samuel L. Jackson"]),
        ("Martin Luther King Jr.", ["Martin Luther King Jr."]),
        ("Ella Balinska, Pilou Asbæk and more", ["Ella Balinska", "Pilou Asbæk"]),
        ("Ella Balinska, Pilou Asbæk et al.", ["Ella Balinska", "Pilou Asbæk"]),
        ("A Person / B Person | C Person", ["A Person", "B Person", "C Person"]),
        ("A Person • B Person", ["A Person", "B Person"]),
        ("A Person\nB Person\r\nC Person", ["A Person", "B Person", "C Person"]),
        (["A Person, B Person", "C Person"], ["A Person", "B Person", "C Person"]),
        ("Ella  Balinska, ella balinska, ELLA BALINSKA", ["Ella Balinska"]),
        ("Unknown, N/A, 2022, Ella Balinska", ["Ella Balinska"]),
        ("one two three four five six seven words", []),
        ("Jeff Bridges as The Dude, a slacker", ["Jeff Bridges"]),
        ("Ella\u00a0Balinska\u200b", ["Ella Balinska"]),
        ("Pilou Asbæk", ["Pilou Asbæk"]),
        ("", []),
        (None, []),
        ([], []),
        ("Jr.", []),
    ],
)
def test_split_people(value: object, expected: list[str]) -> None:
    assert split_people(value) == expected  # type: ignore[arg-type]


def test_nfc() -> None:
    assert split_people("Pilou Asbe\u0301k") == ["Pilou Asbék"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ann Lee, Bo Berg, and Cy Chan", ["Ann Lee", "Bo Berg", "Cy Chan"]),
        ("Ann Lee, Bo Berg and Cy Chan", ["Ann Lee", "Bo Berg", "Cy Chan"]),
        ("Anna Lee, Bo Berg und Cy Chan", ["Anna Lee", "Bo Berg", "Cy Chan"]),
        ("Anne Roy, Bo Berg, et Cy Chan", ["Anne Roy", "Bo Berg", "Cy Chan"]),
        ("Ana Ruiz, Bo Berg y Cy Chan", ["Ana Ruiz", "Bo Berg", "Cy Chan"]),
        ("Anna Rossi, Bo Berg e Cy Chan", ["Anna Rossi", "Bo Berg", "Cy Chan"]),
        ("Anna Puig i Bo Berg", ["Anna Puig", "Bo Berg"]),
        ("Anna de Vries, Bo Berg en Cy Chan", ["Anna de Vries", "Bo Berg", "Cy Chan"]),
        # One-letter conjunctions are also parts of names.
        ("José Ortega y Gasset", ["José Ortega y Gasset"]),
    ],
)
def test_lists_in_other_languages(value: str, expected: list[str]) -> None:
    assert split_people(value) == expected
