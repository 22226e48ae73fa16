from __future__ import annotations

import json

from aggregator.extraction.structured import parse_json_lenient, structured_data

from .builders import page, sources, values


def ld(*blocks: str) -> str:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return f"<html><head>{scripts}</head><body><p>text</p></body></html>"


REVIEW = {
    "@context": "https://schema.org",
    "@type": "Review",
    "name": "Dune review",
    "author": [{"@type": "Person", "name": "Ann Critic"}, "Bo Writer"],
    "publisher": {"@type": "Organization", "name": "The Paper"},
    "datePublished": "2021-10-21",
    "description": "A desert epic.",
    "reviewBody": "Dune is long.",
    "inLanguage": "en",
    "url": "https://reviews.example/film/dune-review/",
    "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": "5", "worstRating": 1},
    "itemReviewed": {
        "@type": "Movie",
        "name": "Dune",
        "dateCreated": "2021-09-03",
        "duration": "PT155M",
        "contentRating": "PG-13",
        "actor": [{"@type": "Person", "name": "Zendaya"}],
        "director": {"@type": "Person", "name": "Denis Villeneuve"},
        "genre": ["Science fiction", "Drama"],
    },
}


def test_review_with_nested_work() -> None:
    found = structured_data(page(ld(json.dumps(REVIEW)))).candidates
    assert values(found, "headline") == ["Dune review"]
    assert values(found, "authors") == [["Ann Critic", "Bo Writer"]]
    assert values(found, "publication") == ["The Paper"]
    assert values(found, "published_at") == ["2021-10-21"]
    assert values(found, "score") == [{"ratingValue": "4", "bestRating": "5", "worstRating": "1"}]
    assert values(found, "work_type") == ["Movie"]
    assert values(found, "work_title") == ["Dune"]
    assert values(found, "work_year") == ["2021-09-03"]
    assert values(found, "runtime_minutes") == ["PT155M"]
    assert values(found, "content_rating") == ["PG-13"]
    assert values(found, "cast") == [["Zendaya"]]
    assert values(found, "directors") == [["Denis Villeneuve"]]
    assert values(found, "genres") == [["Science fiction", "Drama"]]
    assert values(found, "summary") == ["A desert epic."]
    assert values(found, "body_text") == ["Dune is long."]
    assert values(found, "canonical_url") == ["https://reviews.example/film/dune-review/"]
    assert set(sources(found, "headline")) == {"jsonld"}


def test_graph_and_top_level_list() -> None:
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}, REVIEW]}
    listed = [{"@type": "BreadcrumbList"}, REVIEW]
    for data in (graph, listed):
        data_found = structured_data(page(ld(json.dumps(data))))
        assert values(data_found.candidates, "work_title") == ["Dune"]
        assert data_found.review_count == 1


def test_work_at_the_top_with_the_review_inside() -> None:
    game = {
        "@type": "VideoGame",
        "name": "Doom Eternal",
        "gamePlatform": ["PC", "PS4"],
        "review": {"@type": "Review", "author": "Ann", "reviewRating": {"ratingValue": "8"}},
    }
    found = structured_data(page(ld(json.dumps(game)))).candidates
    assert values(found, "work_type") == ["VideoGame"]
    assert values(found, "platforms") == [["PC", "PS4"]]
    assert values(found, "authors") == [["Ann"]]
    assert values(found, "score") == [{"ratingValue": "8"}]


def test_author_forms() -> None:
    for author, expected in (
        ("Ann Critic", ["Ann Critic"]),
        ({"@type": "Person", "name": "Ann Critic"}, ["Ann Critic"]),
        ([{"name": "Ann"}, {"name": "Bo"}], ["Ann", "Bo"]),
        ("https://reviews.example/ann", None),
    ):
        article = {"@type": "NewsArticle", "headline": "Dune review", "author": author}
        found = structured_data(page(ld(json.dumps(article)))).candidates
        assert values(found, "authors") == ([expected] if expected else [])


def test_many_reviews_mean_an_aggregator_page() -> None:
    reviews = [{"@type": "Review", "author": f"Critic {i}"} for i in range(5)]
    movie = {"@type": "Movie", "name": "Dune", "review": reviews}
    data = structured_data(page(ld(json.dumps(movie))))
    assert data.review_count == 5
    assert "authors" not in data.candidates  # no one review speaks for the page
    assert values(data.candidates, "work_title") == ["Dune"]


def test_broken_block_among_good_ones_loses_only_itself() -> None:
    good = json.dumps({"@type": "NewsArticle", "headline": "Dune review"})
    broken = '{"@type": "Review", "name": '
    other = json.dumps({"@type": "Movie", "name": "Dune"})
    found = structured_data(page(ld(good, broken, other))).candidates
    assert values(found, "headline") == ["Dune review"]
    assert values(found, "work_title") == ["Dune"]


def test_lenient_json_repairs() -> None:
    assert parse_json_lenient('{"a": 1,}') == {"a": 1}
    assert parse_json_lenient('// comment\n{"a": [1, 2,],}') == {"a": [1, 2]}
    assert parse_json_lenient('{"url": "https://x.example/a"}') == {"url": "https://x.example/a"}
    assert parse_json_lenient('<!-- {"a": 1} -->') == {"a": 1}
    assert parse_json_lenient('{"a": "tab\there"}') == {"a": "tab\there"}
    assert parse_json_lenient("not json") is None


def test_trailing_commas_and_entities_in_a_page() -> None:
    block = '{"@type": "NewsArticle", "headline": "Dune review &#8211; epic", "author": "Ann",}'
    found = structured_data(page(ld(block))).candidates
    assert values(found, "headline") == ["Dune review – epic"]


def test_other_host_url_is_not_canonical() -> None:
    article = {"@type": "NewsArticle", "headline": "x", "url": "https://elsewhere.example/x"}
    assert "canonical_url" not in structured_data(page(ld(json.dumps(article)))).candidates


MICRODATA = """<html><body>
<div itemscope itemtype="http://schema.org/Review">
  <h1 itemprop="name">Dune review</h1>
  <span itemprop="author" itemscope itemtype="http://schema.org/Person">
    <span itemprop="name">Ann Critic</span></span>
  <meta itemprop="datePublished" content="2021-10-21">
  <div itemprop="reviewRating" itemscope itemtype="http://schema.org/Rating">
    <span itemprop="ratingValue">4</span>/<span itemprop="bestRating">5</span></div>
  <div itemprop="itemReviewed" itemscope itemtype="http://schema.org/Movie">
    <span itemprop="name">Dune</span></div>
</div></body></html>"""


def test_microdata_review() -> None:
    data = structured_data(page(MICRODATA))
    found = data.candidates
    assert values(found, "headline") == ["Dune review"]
    assert values(found, "authors") == [["Ann Critic"]]
    assert values(found, "published_at") == ["2021-10-21"]
    assert values(found, "score") == [{"ratingValue": "4", "bestRating": "5"}]
    assert values(found, "work_title") == ["Dune"]
    assert set(sources(found, "headline")) == {"microdata"}
    assert ("microdata", "Review") in data.types


RDFA = """<html><body vocab="http://schema.org/">
<div typeof="Review"><h1 property="name">Dune review</h1>
<div property="itemReviewed" typeof="Movie"><span property="name">Dune</span></div>
<div property="reviewRating" typeof="Rating"><span property="ratingValue">4</span></div>
</div></body></html>"""


def test_rdfa_review() -> None:
    found = structured_data(page(RDFA)).candidates
    assert values(found, "work_title") == ["Dune"]
    assert values(found, "score") == [{"ratingValue": "4"}]
    assert set(sources(found, "work_title")) == {"rdfa"}
