from __future__ import annotations

from aggregator.extraction.dates import published_candidates
from aggregator.extraction.maintext import (
    captions,
    main_text,
    maintext_candidates,
    visible_headline,
)

from .builders import page, values

PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of the review says the film is long, slow and beautiful to watch.</p>"
    for i in range(8)
)
HTML = f"""<html><head><title>Dune review</title>
<meta name="author" content="Ann Critic"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1 class="entry-title">Dune review</h1>
<time pubdate datetime="2021-10-21">21 October</time>
<figure><img src="a.jpg"><figcaption>Timothée Chalamet in Dune.</figcaption></figure>
{PARAGRAPHS}</article>
<footer>© 2021 The Paper. All rights reserved.</footer></body></html>"""


def test_body_is_paragraphs_without_boilerplate() -> None:
    text = main_text(page(HTML))
    assert text.body_text is not None
    assert text.body_text.count("\n\n") >= 7
    assert "Paragraph 0 of the review" in text.body_text
    assert "All rights reserved" not in text.body_text


def test_metadata_candidates_are_maintext() -> None:
    found = maintext_candidates(main_text(page(HTML)))
    assert values(found, "headline") == ["Dune review"]
    assert values(found, "authors") == [["Ann Critic"]]
    assert {c.source for cs in found.values() for c in cs} == {"maintext"}


def test_shared_tree_is_left_intact() -> None:
    shared = page(HTML)
    before = len(list(shared.tree.iter()))
    main_text(shared)
    assert len(list(shared.tree.iter())) == before


def test_captions_headline_and_date() -> None:
    shared = page(HTML + '<p class="wp-caption-text">Zendaya as Chani.</p>')
    assert captions(shared) == ("Timothée Chalamet in Dune.", "Zendaya as Chani.")
    assert values(visible_headline(shared), "headline") == ["Dune review"]
    assert values(published_candidates(shared), "published_at") == ["2021-10-21"]


def test_empty_page() -> None:
    assert main_text(page("<html><body></body></html>")).body_text is None
