from __future__ import annotations

from aggregator.extraction.meta import meta_candidates, title_candidates

from .builders import page, values

HEAD = """<html lang="en-GB"><head>
<title>Dune review | The Paper</title>
<meta property="og:title" content="Dune review: a desert epic">
<meta name="twitter:title" content="Dune review">
<meta property="og:description" content="Villeneuve's adaptation.">
<meta property="og:url" content="/film/dune-review/">
<link rel="canonical" href="https://reviews.example/film/dune-review/">
<meta property="article:published_time" content="2021-10-21T09:00:00Z">
<meta name="author" content="Ann Critic">
<meta property="article:author" content="https://facebook.com/ann">
<meta property="og:site_name" content="The Paper">
<meta property="og:locale" content="en_GB">
<meta property="og:type" content="video.movie">
</head><body></body></html>"""


def test_open_graph_twitter_and_head_tags() -> None:
    found = meta_candidates(page(HEAD))
    assert values(found, "headline") == ["Dune review: a desert epic", "Dune review"]
    assert values(found, "summary") == ["Villeneuve's adaptation."]
    assert values(found, "published_at") == ["2021-10-21T09:00:00Z"]
    assert values(found, "authors") == ["Ann Critic"]  # the profile URL is not a name
    assert values(found, "publication") == ["The Paper"]
    assert values(found, "language") == ["en_GB", "en-GB"]
    assert values(found, "work_type") == ["movie"]


def test_canonical_link_first_and_relative_og_url_resolved() -> None:
    found = meta_candidates(page(HEAD))
    assert values(found, "canonical_url") == ["https://reviews.example/film/dune-review/"]


def test_value_attribute_is_read_where_content_is_missing() -> None:
    html = '<html><head><meta name="og:title" value="Doom Eternal Review"></head></html>'
    assert values(meta_candidates(page(html)), "headline") == ["Doom Eternal Review"]


def test_escaped_entities_are_decoded() -> None:
    html = '<html><head><meta name="description" content="&amp;bdquo;Hi&amp;ldquo;"></head></html>'
    assert values(meta_candidates(page(html)), "summary") == ["„Hi“"]


def test_title_element() -> None:
    assert values(title_candidates(page(HEAD)), "headline") == ["Dune review | The Paper"]
    assert title_candidates(page("<p>no title</p>")) == {}
