from __future__ import annotations

from aggregator.extraction import extract
from aggregator.extraction.pagekind import Signs, classify

LONG = " ".join(
    f"Scene {i} of the film is long and the story is slow but grand." for i in range(40)
)


def html(title: str, body: str = LONG, head: str = "") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split(". ") if p)
    return (
        f"<html><head><title>{title}</title>{head}</head>"
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


def test_review_with_json_ld() -> None:
    head = ld('{"@type": "Review", "name": "Dune", "reviewRating": {"ratingValue": "4"}}')
    kind = extract("https://x.example/2021/dune/", html("Dune", head=head)).page_kind
    assert kind.kind == "review"
    assert "jsonld:Review" in kind.reasons
    assert "score" in kind.reasons


def test_review_by_url_and_headline() -> None:
    kind = extract("https://x.example/reviews/dune-review/", html("Dune review")).page_kind
    assert kind.kind == "review"
    assert {"url:review", "headline:review"} <= set(kind.reasons)


def test_news_page() -> None:
    kind = extract(
        "https://x.example/news/dune-box-office/", html("Dune box office news")
    ).page_kind
    assert kind.kind == "other"
    assert "url:other" in kind.reasons


def test_interview() -> None:
    page = html("Denis Villeneuve interview: making Dune")
    kind = extract("https://x.example/2021/villeneuve-dune/", page).page_kind
    assert kind.kind == "other"
    assert "headline:interview" in kind.reasons


def test_list_page() -> None:
    kind = extract("https://x.example/2021/top-10-films/", html("Top 10 films of 2021")).page_kind
    assert kind.kind == "other"
    assert "headline:list" in kind.reasons


def test_many_reviews_make_an_aggregator_page() -> None:
    reviews = ",".join(f'{{"@type": "Review", "author": "C{i}"}}' for i in range(6))
    head = ld(f'{{"@type": "Movie", "name": "Dune", "review": [{reviews}]}}')
    kind = extract("https://x.example/m/dune/reviews", html("Dune reviews", head=head)).page_kind
    assert kind.kind == "other"
    assert "reviews:many" in kind.reasons


def test_short_body_and_index_page() -> None:
    short = classify(url="https://x.example/2021/dune/", headline="Dune", body_text="Too short.")
    assert short.kind == "other"
    assert short.reasons == ("body:short",)
    index = classify(url="https://x.example/reviews/", headline="Reviews", body_text=LONG)
    assert index.kind == "other"
    assert "url:index" in index.reasons


def test_listing_of_articles_is_not_a_review() -> None:
    teasers = "".join(
        f"<article><h2><a href='/r/{i}/'>Film {i} review</a></h2><p>{LONG}</p></article>"
        for i in range(5)
    )
    body = f"<html><body><main>{teasers}</main></body></html>".encode()
    kind = extract("https://x.example/", body).page_kind
    assert kind.kind == "other"
    assert "page:listing" in kind.reasons


def test_category_label_and_round_ups() -> None:
    page = html("Dune is a desert cathedral").replace(
        b"<article>", b'<article class="post category-reviews">'
    )
    kind = extract("https://x.example/2021/10/22/dune/", page).page_kind
    assert kind.kind == "review"
    assert "category:review" in kind.reasons
    year = classify(
        url="https://x.example/reviews/the-year-in-review-2021.html",
        headline="The year in review: 2021",
        body_text="Short.",
    )
    assert year.kind == "other"
    assert "headline:review" not in year.reasons
    index = classify(
        url="https://x.example/reviews/page-2.html", headline="Reviews", body_text=LONG
    )
    assert index.kind == "other"
    assert {"url:index", "headline:index"} <= set(index.reasons)


def test_reviews_in_other_languages() -> None:
    for language, headline in (
        ("de", "Buch der Woche: Der Zauberberg"),
        ("de", "Filmkritik: Dune"),
        ("fr", "Dune : la critique"),
        ("es", "Reseña: Dune"),
        ("pl", "Diuna – recenzja"),
        ("it", "Dune, la recensione"),
    ):
        kind = classify(
            url="https://x.example/2021/dune/",
            headline=headline,
            body_text=LONG,
            signs=Signs(language=language),
        )
        assert kind.kind == "review", headline
        assert "headline:review" in kind.reasons


def test_language_picks_the_words() -> None:
    # "Kritik" is German for review; on an English site it is just a word.
    german = classify(url="https://x.example/a/", headline="Kritik", body_text=LONG)
    english = classify(
        url="https://x.example/a/", headline="Kritik", body_text=LONG, signs=Signs(language="en")
    )
    assert german.kind == "review"
    assert english.reasons == ("evidence:none",)


def test_a_film_called_the_interview_is_not_an_interview() -> None:
    kind = classify(
        url="https://x.example/2014/the-interview/",
        headline="The Interview review: a comedy that misfires",
        body_text=LONG,
    )
    assert kind.kind == "review"
    assert "headline:interview" not in kind.reasons
    interview = classify(url="https://x.example/a/", headline="Interview: Ann", body_text=LONG)
    assert "headline:interview" in interview.reasons


def test_index_in_the_url_is_not_evidence() -> None:
    kind = classify(
        url="https://x.example/reviews/dune/index.html", headline="Dune", body_text=LONG
    )
    assert kind.kind == "review"
    assert "url:index" not in kind.reasons


def test_score_alone_makes_a_review_even_when_short() -> None:
    kind = classify(
        url="https://x.example/a/",
        headline="Brave",
        body_text="Short.",
        signs=Signs(has_score=True),
    )
    assert kind.kind == "review"
    assert kind.reasons == ("score", "body:short")


def test_site_review_urls_tags_and_site_name() -> None:
    by_site = classify(
        url="https://x.example/a/", headline="Dune", body_text=LONG, signs=Signs(review_url=True)
    )
    assert by_site.reasons == ("site:review_url",)
    assert by_site.kind == "review"
    page = html("Old Pals", head="").replace(
        b"</article>", b'</article><a rel="tag" href="/t/">radio film review</a>'
    )
    kind = extract("http://blog.example/2013/02/08/old-pals/", page).page_kind
    assert kind.kind == "review"
    assert "category:review" in kind.reasons
    named = classify(
        url="https://x.example/a/",
        headline="Ein Abend",
        body_text=LONG,
        signs=Signs(site_names=["@Buchrezensionen"]),
    )
    assert named.reasons == ("site:reviews",)


def test_site_file_review_urls_reach_the_classifier() -> None:
    import re

    from aggregator.sites import SiteConfig

    site = SiteConfig(name="p", review_urls=(re.compile(r"/p/\d+$"),), language="de")
    kind = extract("https://x.example/p/12", html("Ein Abend im Theater"), site).page_kind
    assert "site:review_url" in kind.reasons
    assert kind.kind == "review"


def test_year_in_review_is_a_round_up() -> None:
    kind = classify(
        url="https://x.example/2021/the-year-in-review/", headline="2021 in review", body_text=LONG
    )
    assert kind.kind == "other"
    assert "headline:roundup" in kind.reasons


def test_an_episode_recap_is_a_review() -> None:
    kind = classify(
        url="https://x.example/tv/succession-s4e3/",
        headline="Succession recap: season 4, episode 3",
        body_text=LONG,
    )
    assert kind.kind == "review"


def test_only_a_readable_score_is_a_verdict() -> None:
    def reasons(score: str) -> tuple[str, ...]:
        box = f'<div class="score">{score}</div>'
        page = html("Dune", head="").replace(b"<article>", f"<article>{box}".encode())
        return extract("https://x.example/2021/dune/", page).page_kind.reasons

    assert "score" in reasons("4/5")
    # A bare number has no scale: no site file gives one, so it proves nothing.
    assert "score" not in reasons("4")
