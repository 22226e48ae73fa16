"""Properties: no text makes a normaliser raise, and normalising twice changes nothing."""

from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.extraction.prose import prose_candidates
from aggregator.normalize import (
    clean_body,
    clean_text,
    parse_content_rating,
    parse_date,
    parse_language,
    parse_runtime,
    parse_score,
    parse_work_type,
    parse_year,
    split_list,
    split_people,
    split_title_year,
)

RUNTIMES = st.from_regex(
    r"\A(?:\d{1,4} ?(?:min|mins\.|minutes)|\dh ?\d{1,2}m|PT\dH\d{1,2}M|\d:[0-5]\d|"
    r"(?:It is|runs) \d{1,3} minutes(?: long)?)\Z"
)
RATINGS = st.from_regex(
    r"\A(?:(?:Rated|rated|MPAA rating:|BBFC|PEGI|ESRB) )?"
    r"(?:G|PG|PG-13|R|NC-17|NR|TV-MA|TV-14|12A|15|18|M|T|E10\+|[a-zA-Z]{1,3})"
    r"(?: (?:for|\(for|-|:) [a-z]{1,8}(?:(?:, | and |, and )[a-z]{1,8}){0,4}\.?)?\Z"
)
PEOPLE = st.from_regex(
    r"\A(?:Starring:? |Cast: |Directed by )?[A-Z][a-zæ]{1,8} [A-Z][a-z]{1,8}(?: Jr\.)?"
    r"(?:(?:, | and | & |; |/)[A-Z][a-z]{1,8}(?: [A-Z]\.)? [A-Z][a-z]{1,8}"
    r"(?: as [A-Z][a-z]+)?){0,4}\Z"
)
SCORES = st.from_regex(
    r"\A(?:Rating: )?(?:\d{1,2}(?:[.,]\d)?(?: ?/ ?| out of )\d{1,3}|\d{1,3}%|[A-DFa-df][+-]?"
    r"|[★]{0,5}½?[☆]{0,5}|\d(?:½)? stars)\Z"
)
DATES = st.from_regex(
    r"\A(?:Published |Posted on )?(?:\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:\d\d)?)?"
    r"|(?:January|March|Dec) \d{1,2}, \d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2} days ago)\Z"
)
ANY_TEXT = st.text(max_size=200)


@given(st.one_of(ANY_TEXT, RUNTIMES, RATINGS, PEOPLE, SCORES))
def test_no_normaliser_raises(text: str) -> None:
    clean_text(text)
    clean_body(text)
    parse_runtime(text)
    parse_content_rating(text)
    split_people(text)
    parse_score(text)
    parse_score(text, best=10)
    split_title_year(text)
    parse_year(text)
    parse_work_type(text)
    parse_language(text)
    split_list(text)
    prose_candidates(text, headline=text, captions=[text])


@settings(deadline=None, max_examples=50)
@given(st.one_of(st.text(max_size=60), DATES))
def test_parse_date_never_raises(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is None or parsed.tzinfo is not None


@given(st.one_of(ANY_TEXT, st.from_regex(r"\A[\w &;#<>/\u00a0\u200b\n-]{0,40}\Z")))
def test_clean_text_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    body = clean_body(text)
    assert clean_body(body) == body


@given(st.one_of(ANY_TEXT, PEOPLE))
def test_split_people_idempotent(text: str) -> None:
    once = split_people(text)
    assert split_people(once) == once


@given(st.one_of(ANY_TEXT, RUNTIMES))
def test_parse_runtime_idempotent(text: str) -> None:
    minutes = parse_runtime(text)
    if minutes is not None:
        assert parse_runtime(f"{minutes} minutes") == minutes
        assert 0 < minutes <= 1000


@given(st.one_of(ANY_TEXT, SCORES), st.sampled_from([None, 4.0, 5.0, 10.0, 100.0]))
def test_parse_score_raw_roundtrip(text: str, best: float | None) -> None:
    score = parse_score(text, best)
    if score is not None:
        assert parse_score(score.raw, best) == score
        assert 0 <= score.value <= 100


@given(
    st.fixed_dictionaries(
        {"ratingValue": st.decimals(0, 100, places=1).map(str)},
        optional={
            "bestRating": st.sampled_from(["4", "5", "10", "100"]),
            "worstRating": st.sampled_from(["0", "1"]),
        },
    )
)
def test_schema_org_score_raw_roundtrip(data: dict[str, str]) -> None:
    score = parse_score(data)
    if score is not None:
        assert parse_score(score.raw) == score


@given(st.one_of(ANY_TEXT, RATINGS))
def test_parse_content_rating_raw_roundtrip(text: str) -> None:
    rating = parse_content_rating(text)
    if rating is not None:
        assert parse_content_rating(rating.raw) == rating
