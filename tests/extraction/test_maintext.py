from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st
from trafilatura import xpaths
from trafilatura.metadata import extract_author, extract_metadata

from aggregator.extraction import authorsearch, maintext
from aggregator.extraction.dates import published_candidates
from aggregator.extraction.maintext import (
    captions,
    main_text,
    maintext_candidates,
    read_metadata,
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


JSON_LD_PAGE = """<html><head><title>Dune review - The Paper</title>
<script type="application/ld+json">{"@context": "https://schema.org",
"@type": "NewsArticle", "headline": "Dune, reviewed",
"author": {"@type": "Person", "name": "Ann Critic"}, "publisher": {"name": "The Paper"}}
</script></head><body><p>Text.</p></body></html>"""
PRINTED_ONLY_PAGE = """<html><head><title>Dune review</title>
<meta name="twitter:site" content="@thepaper"></head><body>
<div class="byline"><span class="author">Ann Critic</span></div><p>Text.</p></body></html>"""


@pytest.mark.parametrize("html", [HTML, JSON_LD_PAGE, PRINTED_ONLY_PAGE])
def test_metadata_is_what_trafilaturas_whole_pass_reads(html: str) -> None:
    shared = page(html)
    whole = extract_metadata(shared.tree, shared.url)
    expected = {
        key: value
        for key in ("title", "author", "sitename", "description")
        if (value := getattr(whole, key))
    }
    assert expected["title"]
    assert read_metadata(shared.tree, shared.url) == expected


def test_empty_page() -> None:
    assert main_text(page("<html><body></body></html>")).body_text is None


TABLE_PAGE = """<html><head><title>Old review</title></head><body><table>
<tr><td><a href="/">Home</a><br><a href="/reviews/">Reviews</a></td><td>
<b>Dune</b><br>The desert planet looks vast and the film takes its time to show it.<br>
Every frame of the long middle hour is composed like a painting in sand and shadow.<br>
The score rumbles under everything and the actors mostly whisper their lines.<br>
It is a slow, beautiful and strange film that rewards the patient viewer well.
</td></tr></table></body></html>"""


def test_table_layout_body_found_by_the_wider_passes() -> None:
    body = main_text(page(TABLE_PAGE)).body_text or ""
    assert "rewards the patient viewer" in body


def test_short_precise_body_widened_before_but_not_after() -> None:
    intro = "<p>Short intro.</p>"
    paragraphs = "".join(
        f"<p>Paragraph {i} says the film is long, slow and beautiful to watch in cinemas.</p>"
        for i in range(4)
    )
    related = '<div class="related"><p>Another story you may like to read today.</p></div>'
    html = f"<html><body><article>{intro}{paragraphs}</article>{related}</body></html>"
    body = main_text(page(html)).body_text or ""
    assert "Paragraph 3" in body
    assert "Another story" not in body


def test_text_after_a_comment_is_kept() -> None:
    html = f"<html><body><article><!-- ad slot --><p>{'First words of the review. ' * 8}</p>"
    html += f"{PARAGRAPHS}</article></body></html>"
    assert (main_text(page(html)).body_text or "").startswith("First words of the review.")


def test_footer_lines_and_appeals_at_the_end_are_dropped() -> None:
    html = f"""<html><body><article>{PARAGRAPHS}
    <h3>Support us!</h3><p>Give us five euros a month and keep independent criticism alive.</p>
    </article></body></html>"""
    body = main_text(page(html)).body_text or ""
    assert body.endswith("beautiful to watch.")


def test_headline_split_in_two_paragraphs_is_not_body() -> None:
    html = f"""<html><head><title>Dune: A desert epic</title></head><body><article>
    <h1>Dune:<br>A desert epic</h1>{PARAGRAPHS}</article></body></html>"""
    body = main_text(page(html)).body_text or ""
    assert body.startswith("Paragraph 0")


def _trafilatura_calls(monkeypatch: pytest.MonkeyPatch, html: str) -> list[dict[str, object]]:
    calls: list[dict[str, object]] = []
    real = maintext.run_trafilatura

    def counted(tree: object, url: str | None, **settings: object) -> object:
        calls.append(settings)
        return real(tree, url, **settings)  # type: ignore[arg-type]

    monkeypatch.setattr(maintext, "run_trafilatura", counted)
    main_text(page(html))
    return calls


def test_a_whole_review_is_read_once_without_the_fallback_comparison(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    long_review = HTML.replace(PARAGRAPHS, PARAGRAPHS * 5)
    calls = _trafilatura_calls(monkeypatch, long_review)
    assert [call.get("fast") for call in calls] == [True]


def test_a_short_body_is_read_again_with_the_fallback_comparison(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _trafilatura_calls(monkeypatch, HTML)
    assert [call.get("fast") for call in calls[:2]] == [True, None]
    # The precise passes skip the menu and the footer; the wider ones read everything.
    pruned = "/html/body/footer | /html/body/nav"
    assert [call.get("prune_xpath") for call in calls] == [pruned, pruned, None, None][: len(calls)]


ATTRIBUTE_VALUES = (
    "author", "x-Author-y", "author-name", "authorname", "AuthorName", "authorName", "byline",
    "Byline", "writer", "screenname", "username", "byl", "BBL", "zuozhe", "bianji", "xiaobian",
    "submitted-by", "posted-by", "journalist-name", "channel-name", "comments", "Comments-area",
    "x-comments", "commentlist", "comment-list", "comments-list", "ProductReviews", "sidebar",
    "is-hidden", "quote", "embedly-instagram", "article-share", "article-support", "print",
    "category", "meta-date", "meta-reviewer", "title", "date", "plain",
)  # fmt: skip
TAGS = ("a", "address", "div", "link", "p", "span", "strong", "h3", "h4", "section", "li")


def _attribute_maze() -> lxml.html.HtmlElement:
    elements = [
        f'<{tag} {name}="{value}">Ann Lee <span class="{value}">x</span></{tag}>'
        for tag in TAGS
        for name in ("class", "id", "itemprop", "data-component", "data-testid", "rel")
        for value in (*ATTRIBUTE_VALUES, "Figure", "AuthorCard", "author name")
    ]
    rare = "<author>A</author><p><rel>me</rel></p><time>1</time><figure>f</figure>"
    html = f"<html><body>{''.join(elements)}{rare}</body></html>"
    return page(html).tree


def test_author_xpaths_select_what_trafilaturas_select() -> None:
    tree = _attribute_maze()
    ours = (*authorsearch.AUTHOR_XPATHS, *authorsearch.AUTHOR_DISCARD_XPATHS)
    theirs = (*xpaths.AUTHOR_XPATHS, *xpaths.AUTHOR_DISCARD_XPATHS)
    for expression, original in zip(ours, theirs, strict=True):
        assert expression(tree) == original(tree)
        assert original(tree)


def test_discarded_is_what_the_discard_xpaths_select() -> None:
    tree = _attribute_maze()
    selected = {e for xpath in xpaths.AUTHOR_DISCARD_XPATHS for e in xpath(tree)}
    assert selected
    assert {e for e in tree.iter() if authorsearch.discarded(e)} == selected


BYLINES = (
    '<div class="comments"><span class="author">Bob Commenter</span></div>'
    '<p class="byline">By <a rel="author">Ann Critic</a> <time>3 May</time></p>',
    '<div class="post-meta"><span class="author-name">Ann <i>Critic</i></span></div>',
    '<div class="sidebar"><p class="writer">Bob Other</p></div><p class="Byline">Ann Critic</p>',
)


# Author elements with discarded ones inside, whose tails trafilatura joins to
# the text before them: "Ann Cri" + "tic" reads "Ann Critic", not "Ann Cri tic".
NESTED_BYLINES = (
    '<p class="byline">By Ann Cri<time>3 May</time>tic</p>',
    '<div class="author">Ann <figure>x</figure><time>y</time>Critic, <i>film</i></div>',
    '<span class="writer"><time>3 May</time>Ann Critic<time>4 May</time></span>',
    '<div class="comments"><p class="byline">Bob</p></div><p class="byline">Ann</p>',
)


@pytest.mark.parametrize("byline", [*BYLINES, *NESTED_BYLINES])
def test_author_is_trafilaturas(byline: str) -> None:
    tree = page(f"<html><body><h1>Dune</h1>{byline}<p>Text.</p></body></html>").tree
    assert authorsearch.find_author(tree) == extract_author(tree)
    if byline in BYLINES:  # past the commenter, the sidebar and the date
        assert extract_author(tree) == "Ann Critic"


_TAGS = st.sampled_from(["div", "p", "span", "a", "time", "figure", "section", "i"])
_CLASSES = st.sampled_from(["", "author", "byline", "comments", "date", "writer", "meta-date"])
_WORDS = st.sampled_from(["", "Ann", "Critic", "By", "3 May", " ", "Bob Other"])


@st.composite
def _fragments(draw: st.DrawFn, depth: int = 0) -> str:
    tag, cls, text, tail = draw(_TAGS), draw(_CLASSES), draw(_WORDS), draw(_WORDS)
    inner = "".join(draw(st.lists(_fragments(depth + 1), max_size=3))) if depth < 3 else ""
    attribute = f' class="{cls}"' if cls else ""
    return f"<{tag}{attribute}>{text}{inner}</{tag}>{tail}"


@given(st.lists(_fragments(), min_size=1, max_size=4))
def test_author_is_trafilaturas_on_any_nesting(fragments: list[str]) -> None:
    tree = page(f"<html><body>{''.join(fragments)}</body></html>").tree
    assert authorsearch.find_author(tree) == extract_author(tree)
