from __future__ import annotations

from datetime import datetime
from typing import Any

import lxml.etree
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.extraction import dates as dates_module
from aggregator.extraction.candidates import Candidate
from aggregator.extraction.dates import (
    UNDECLARED,
    date_languages,
    published_candidates,
    settle_published,
    url_day,
)
from aggregator.normalize import parse_date
from aggregator.normalize.dates import SHORTCUT_LANGUAGES
from aggregator.sites import SiteConfig

from .builders import page, values

BODY = "<p>" + "The film is long, slow and beautiful to watch. " * 20 + "</p>"


def dates(html: str, url: str = "https://example.com/film/dune/", **site: object) -> list[object]:
    config = SiteConfig(name="s", **site) if site else None  # type: ignore[arg-type]
    shared = page(f"<html{' lang=de' if 'lang' in site else ''}><body>{html}</body></html>", url)
    return values(published_candidates(shared, config), "published_at")


def day(value: object) -> str | None:
    parsed = parse_date(value) if isinstance(value, str) else None
    return parsed.date().isoformat() if parsed else None


def test_marked_up_post_date() -> None:
    assert dates('<article><time pubdate datetime="2021-10-21">21 Oct</time></article>') == [
        "2021-10-21"
    ]


def test_labelled_publication_dates() -> None:
    assert day(dates(f"<h1>Dune</h1><p>Posted on March 3, 2021</p>{BODY}")[0]) == "2021-03-03"
    assert day(dates(f"<h1>Dune</h1><p>Veröffentlicht am 4. Februar 2022</p>{BODY}")[0]) == (
        "2022-02-04"
    )
    label = "<p>Reviewed:</p><p>June 7, 2019</p>"
    assert day(dates(f"<h1>Album</h1><div>{label}</div>{BODY}")[0]) == "2019-06-07"


def test_a_release_date_in_a_details_box_is_not_the_review_date() -> None:
    html = f"<h1>Album</h1><dl><dt>Veröffentlichung:</dt><dd>04.02.2022</dd></dl>{BODY}"
    assert dates(html) == []
    assert dates(f"<h1>Film</h1><p>Release date: March 3, 2021</p>{BODY}") == []


def test_date_next_to_the_byline() -> None:
    html = (
        '<h1>Dune</h1><div class="meta"><a href="#">Mai 03, 2017</a> / '
        f'<span class="author vcard">Sina</span></div>{BODY}'
    )
    assert day(dates(html)[0]) == "2017-05-03"


def test_date_in_an_element_named_for_it() -> None:
    html = '<h1>Dune</h1><div class="entry-meta"><span class="post-date">3 May 2021</span></div>'
    assert day(dates(html + BODY)[0]) == "2021-05-03"
    release = f'<h1>Dune</h1><p class="release-date">3 May 2021</p><p class="date">2021</p>{BODY}'
    assert dates(release) == []
    items = (f'<li><span class="date">{n} May 2021</span> News {n}</li>' for n in (3, 4, 5))
    listing = "".join(items)
    assert dates(f"<h1>News</h1><ul>{listing}</ul>") == []


def test_comment_and_teaser_dates_are_not_read() -> None:
    comment = (
        '<div class="comment-metadata"><time datetime="2020-02-25T13:02:01+01:00">'
        "25. Februar 2020</time></div>"
    )
    teaser = '<aside class="related-posts"><p>Posted on March 3, 2019</p></aside>'
    assert dates(f"<article><h1>Dune</h1>{BODY}{comment}</article>{teaser}") == []


def test_year_or_month_only_is_no_date() -> None:
    # Offered as printed, so that the date stays empty and the text is kept.
    found = dates(f"<h1>Dune</h1><p>Posted on November 2002</p>{BODY}")
    assert found == ["November 2002"]
    assert parse_date(str(found[0])) is None
    assert dates(f"<h1>Dune</h1>{BODY}<p>© 2002 Ann Lee</p>") == []


def test_short_numeric_dates_follow_the_site() -> None:
    html = f"<h1>Dune</h1><p>Posted on 03/04/2021</p>{BODY}"
    assert day(dates(html, date_order="DMY")[0]) == "2021-04-03"
    assert day(dates(html, date_order="MDY")[0]) == "2021-03-04"
    assert day(dates(html, language="de")[0]) == "2021-04-03"


def test_languages_site_then_page() -> None:
    shared = page('<html lang="fr-FR"><body></body></html>')
    assert date_languages(shared, SiteConfig(name="s", language="de")) == ("de", "fr", "en")
    assert date_languages(shared, None) == ("fr", "en")
    assert "de" in date_languages(page("<html><body></body></html>"), None)


def test_url_day() -> None:
    assert url_day("https://example.com/2020/12/12/post/").isoformat() == "2020-12-12"  # type: ignore[union-attr]
    assert url_day("https://example.com/2020/13/40/post/") is None
    assert url_day("https://example.com/2020/post/") is None


def settled(url: str, *found: tuple[str, str], html: str = "") -> list[object]:
    shared = page(f"<html><body>{html}</body></html>", url)
    candidates = {"published_at": [Candidate(value, source) for value, source in found]}
    return values(settle_published(candidates if found else {}, shared), "published_at")


def test_the_publishers_printed_day_beats_a_utc_timestamp_a_day_off() -> None:
    url = "https://example.com/film/dune/"
    utc = ("2021-10-22T00:44:09+00:00", "jsonld")
    printed = ("2021-10-21T00:00:00+00:00", "printed")
    assert settled(url, utc, printed)[0] == printed[0]
    # A declared offset is the publisher's own time: its day stands.
    assert settled(url, ("2021-10-22T00:44:09+02:00", "jsonld"), printed)[0] == (
        "2021-10-22T00:44:09+02:00"
    )
    # Further apart is another date (an update), not a time zone.
    assert settled(url, ("2021-10-25T00:44:09+00:00", "jsonld"), printed)[0] == (
        "2021-10-25T00:44:09+00:00"
    )


def test_the_urls_day_beats_a_rewritten_date() -> None:
    url = "https://example.com/2019/03/02/dune-review/"
    found = settled(url, ("2021-06-01T10:00:00Z", "jsonld"), ("2019-03-02", "url"))
    assert found[0] == "2019-03-02"
    # One day off is a time zone, not a rewrite.
    found = settled(url, ("2019-03-03T01:00:00Z", "jsonld"), ("2019-03-02", "url"))
    assert found[0] == "2019-03-03T01:00:00Z"


def test_htmldate_only_when_nothing_else_and_the_url_year_agrees() -> None:
    html = f'<h1>Dune</h1><p class="date">March 3, 2021</p>{BODY}'
    assert settled("https://example.com/2021/dune/", html=html) == ["2021-03-03"]
    assert settled("https://example.com/2019/dune/", html=html) == []
    assert settled("https://example.com/dune/", html=html) == []


def test_each_printed_text_is_read_once_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []

    def counted(text: str, **options: Any) -> datetime | None:
        read.append(text)
        return parse_date(text, **options)

    monkeypatch.setattr(dates_module, "parse_date", counted)
    html = (
        '<h1>Dune</h1><p class="byline"><span class="author">Ann Lee</span>'
        ' <span class="post-date">Mar 3, 2021</span></p>'
        f'<article><time datetime="2021-03-03">Mar 3, 2021</time></article>{BODY}'
    )
    assert day(dates(html)[0]) == "2021-03-03"
    assert read == ["Mar 3, 2021"]


def test_dates_of_pages_without_a_language_are_read_without_dateparser() -> None:
    # The month names read on such pages are those the shortcuts know.
    assert set(UNDECLARED) <= SHORTCUT_LANGUAGES


ATTRIBUTES = st.sampled_from(
    ['pubdate=""', 'datetime="2021-03-03"', 'title="2021-03-03"', 'class="published"',
     'class="x\tpublished\n"', 'class="x\u00a0published"', 'class="unpublished"', 'class=""']
)  # fmt: skip
TAGS = st.sampled_from(["time", "abbr", "article", "div", "span"])


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        tag = draw(TAGS)
        attributes = " ".join(draw(st.sets(ATTRIBUTES, max_size=3)))
        inner = draw(fragments(depth + 1)) if depth < 3 else "May 3, 2021"
        parts.append(f"<{tag} {attributes}>{inner}</{tag}>")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(fragments())
def test_dates_in_markup_are_the_elements_the_xpaths_find(fragment: str) -> None:
    shared = page(f"<html><body>{fragment}</body></html>")
    published = "contains(concat(' ', normalize-space(@class), ' '), ' published ')"
    for test, xpath in [
        (dates_module._pubdate_time, "//time[@pubdate][@datetime]"),
        (dates_module._published_abbr, f"//abbr[{published}][@title]"),
        (dates_module._article_time, "//article//time[@datetime]"),
    ]:
        found = lxml.etree.XPath(xpath)(shared.tree)
        assert dates_module._outside(shared, test) == found, xpath
