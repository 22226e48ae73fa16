from __future__ import annotations

from aggregator.extraction.selectors import selector_candidates
from aggregator.sites import SiteConfig

from .builders import page, sources, values

HTML = """<html><body>
<h1 class="title">  Dune   <small>review</small></h1>
<span class="by"><a>Ann Critic</a></span><span class="by"><a>Bo Writer</a></span>
<time datetime="2021-10-21">Oct 21</time>
<div class="body"><p>First  paragraph.</p><p>Second <b>one</b>.</p><script>x()</script></div>
<ul class="cast"><li>Timothée Chalamet</li><li>Zendaya</li></ul>
</body></html>"""


def site(**selectors: str) -> SiteConfig:
    return SiteConfig(name="s", start_urls=("https://reviews.example/",), selectors=selectors)


def test_css_text_of_first_match_is_normalised() -> None:
    found = selector_candidates(page(HTML), site(headline="h1.title"))
    assert values(found, "headline") == ["Dune review"]
    assert sources(found, "headline") == ["selector"]


def test_list_fields_take_every_match() -> None:
    found = selector_candidates(page(HTML), site(authors=".by a::text", cast="ul.cast li"))
    assert values(found, "authors") == [["Ann Critic", "Bo Writer"]]
    assert values(found, "cast") == [["Timothée Chalamet", "Zendaya"]]


def test_attribute_and_xpath_selectors() -> None:
    found = selector_candidates(
        page(HTML), site(published_at="time::attr(datetime)", headline="//h1/text()")
    )
    assert values(found, "published_at") == ["2021-10-21"]
    assert values(found, "headline") == ["Dune"]


def test_body_text_keeps_paragraphs() -> None:
    found = selector_candidates(page(HTML), site(body_text="div.body"))
    assert values(found, "body_text") == ["First paragraph.\n\nSecond one."]
    each = selector_candidates(page(HTML), site(body_text="div.body p"))
    assert values(each, "body_text") == ["First paragraph.\n\nSecond one."]


def test_no_match_and_no_site_give_nothing() -> None:
    assert selector_candidates(page(HTML), site(summary=".missing")) == {}
    assert selector_candidates(page(HTML), None) == {}
