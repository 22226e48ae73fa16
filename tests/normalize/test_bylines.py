import pytest

from aggregator.normalize import split_authors


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("By Ann Lee", ["Ann Lee"]),
        ("BY ANN LEE", ["ANN LEE"]),
        ("Reviewed by Ann Lee", ["Ann Lee"]),
        ("Words by Ann Lee", ["Ann Lee"]),
        ("By Ann Lee and Bo Berg", ["Ann Lee", "Bo Berg"]),
        ("By Ann Lee, Bo Berg, and Cy Chan", ["Ann Lee", "Bo Berg", "Cy Chan"]),
        ("Ann Lee | March 3, 2021", ["Ann Lee"]),
        ("Ann Lee · 3 min read", ["Ann Lee"]),
        ("Ann Lee, Film Critic", ["Ann Lee"]),
        ("By Ann Lee on March 3, 2021", ["Ann Lee"]),
        ("By Ann Lee Updated March 3, 2021 9:00 am", ["Ann Lee"]),
        ("Von Anna Schmidt am 3. Mai 2021", ["Anna Schmidt"]),
        ("Ann Lee, Senior Editor", ["Ann Lee"]),
        ("Ann Critic", ["Ann Critic"]),
        ("© Ann Lee", ["Ann Lee"]),
        ("© 2019 Ann Lee", ["Ann Lee"]),
        ("Von Anna Schmidt", ["Anna Schmidt"]),
        ("Par Jean Dupont", ["Jean Dupont"]),
        ("Por María López", ["María López"]),
        ("di Mario Rossi", ["Mario Rossi"]),
        ("Door Jan de Vries", ["Jan de Vries"]),
        ("Autor: Hans Müller", ["Hans Müller"]),
        ("Autorin: Eva Roth", ["Eva Roth"]),
        ("Écrit par Jean Dupont", ["Jean Dupont"]),
        ("Escrito por Ana Ruiz", ["Ana Ruiz"]),
        ("Scritto da Mario Rossi", ["Mario Rossi"]),
        ("Texte : Jean Dupont", ["Jean Dupont"]),
        (["By Ann Lee", "Bo Berg"], ["Ann Lee", "Bo Berg"]),
        # Names that begin like byline words stay whole.
        ("Di Caprio", ["Di Caprio"]),
        ("Von Miller", ["Von Miller"]),
        ("Byron Smith", ["Byron Smith"]),
        ("Paris Hilton", ["Paris Hilton"]),
        ("Dr. Sebastian Brüggemann", ["Dr. Sebastian Brüggemann"]),
    ],
)
def test_bylines(value: object, expected: list[str]) -> None:
    assert split_authors(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [
        "example.de Redaktion",
        "Staff",
        "Editorial Team",
        "The Editors",
        "Redazione",
        "La Rédaction",
        "example.com",
        "Ann Lee says:",  # a commenter
        "Anna sagt:",
        "Guest Contributor",
        "@annlee",
        "user1234",
        None,
        "",
    ],
)
def test_not_people(value: str | None) -> None:
    assert split_authors(value) == []
