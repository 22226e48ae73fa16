from __future__ import annotations

from aggregator.extraction import extract
from aggregator.extraction.pagekind import classify

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
