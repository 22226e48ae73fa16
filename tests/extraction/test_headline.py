from __future__ import annotations

from aggregator.extraction.candidates import Candidate, merge
from aggregator.extraction.headline import choose_headline, site_names, with_headline
from aggregator.extraction.maintext import visible_headline
from aggregator.extraction.meta import meta_candidates, title_candidates
from aggregator.extraction.sitename import strip_site
from aggregator.sites import SiteConfig

from .builders import page, values


def _chosen(html: str, url: str = "https://www.thepaper.example/film/dune-review/") -> str:
    shown = page(html, url)
    layers = merge(meta_candidates(shown), visible_headline(shown), title_candidates(shown))
    return str(values(with_headline(shown, layers, None), "headline")[0])


def test_site_name_is_taken_off_title_and_social_titles() -> None:
    html = """<html><head><title>Dune review | The Paper</title>
    <meta property="og:title" content="Dune review - The Paper - News you can use">
    <meta property="og:site_name" content="The Paper"></head><body></body></html>"""
    assert _chosen(html) == "Dune review"


def test_site_known_from_the_domain_only() -> None:
    html = "<html><head><title>ThePaper: Dune Review</title></head><body></body></html>"
    assert _chosen(html) == "Dune Review"
    html = "<html><head><title>ThePaper Review: Dune</title></head><body></body></html>"
    assert _chosen(html) == "Dune"


def test_section_from_the_url_and_site_from_the_host() -> None:
    html = "<html><head><title>Dune review / Film / thepaper.example</title></head></html>"
    assert _chosen(html) == "Dune review"


def test_printed_heading_confirmed_by_head_tags_wins_in_its_own_spelling() -> None:
    html = """<html><head><title>Ann Actor: "A film" | The Paper</title>
    <meta property="og:title" content='Ann Actor: "A film" | The Paper'></head>
    <body><h1>The Paper</h1><article><h1>Ann Actor: „A film“</h1></article></body></html>"""
    assert _chosen(html) == "Ann Actor: „A film“"


def test_printed_heading_among_several_h1s_and_year_of_database_pages() -> None:
    html = """<html><head><meta property="og:title" content="Dune (2021)"></head>
    <body><h1>Menu</h1><h1>Dune</h1><h1>About our scores</h1></body></html>"""
    assert _chosen(html) == "Dune"


def test_social_rewrite_loses_to_the_printed_and_structured_headline() -> None:
    printed = "<html><body><h1>The plot is the problem</h1></body></html>"
    candidates = [
        Candidate("The plot is the problem", "jsonld"),
        Candidate("Pacing is not the problem", "meta"),
    ]
    chosen = choose_headline(page(printed), candidates, ["The Paper"])
    assert chosen[0].value == "The plot is the problem"


def test_printed_part_of_a_two_line_headline_keeps_the_declared_one() -> None:
    # The artist is printed above the album's title: the h1 holds only the album.
    html = """<html><head><meta property="og:title" content="Night Drive: Night Drive">
    <title>Night Drive: Night Drive Album Review | Pitchy</title></head>
    <body><h1>Night Drive</h1></body></html>"""
    assert _chosen(html, "https://pitchy.example/reviews/albums/night-drive/") == (
        "Night Drive: Night Drive"
    )


def test_number_after_a_pipe_is_not_part_of_the_headline() -> None:
    candidates = [Candidate("Ann Band : LATE- | 8.2", "jsonld")]
    candidates += [Candidate("Ann Band: LATE-", "meta")]
    candidates += [Candidate("Ann Band: LATE-", "maintext")]
    chosen = choose_headline(page("<html><body><h1>LATE-</h1></body></html>"), candidates, [])
    assert chosen[0].value == "Ann Band: LATE-"


def test_wrong_printed_heading_loses_to_head_tags() -> None:
    html = """<html><head><meta property="og:title" content="Early reviews are in - Linkpile">
    </head><body><article><h1>A cat is rescued</h1></article></body></html>"""
    assert _chosen(html, "https://linkpile.example/2019/early-reviews") == "Early reviews are in"


def test_title_only_page_keeps_the_printed_heading() -> None:
    html = """<html><head><title>The Reel Club » Blog Archive » Old Pals</title></head>
    <body><h2 class="entry-title">Old Pals</h2></body></html>"""
    assert _chosen(html) == "Old Pals"


def test_a_headline_that_is_only_a_name_is_kept() -> None:
    assert strip_site("The Paper", ["The Paper"]) == "The Paper"
    assert strip_site("Rezension: Internetrecht", ["Rezension"]) == "Internetrecht"


def test_selector_headline_is_left_alone() -> None:
    candidates = [Candidate("Dune | The Paper", "selector"), Candidate("Dune", "meta")]
    assert choose_headline(page("<h1>Dune</h1>"), candidates, ["The Paper"]) == candidates


def test_site_names_come_from_tags_publisher_site_file_and_host() -> None:
    html = """<html><head><meta property="og:site_name" content="The Paper">
    <meta name="twitter:site" content="@paperfilm"></head></html>"""
    site = SiteConfig(name="paper", publication="The Daily Paper")
    names = site_names(page(html, "https://www.thepaper.example/x"), ["Paper Inc."], site)
    assert names[:4] == ["The Paper", "paperfilm", "Paper Inc.", "The Daily Paper"]
    assert names[4:] == ["thepaperexample", "thepaper"]


def test_site_name_longer_or_shorter_than_the_domain() -> None:
    assert strip_site("Tanz in der Halle | Nordstadt Kurier", ["kurier"]) == ("Tanz in der Halle")
    assert strip_site("Prism Review: Dune", ["prismmagazine"]) == "Dune"
    assert strip_site("Dune - Film", ["film.example"]) == "Dune - Film"  # too short to tell


def test_a_keyword_list_title_is_no_headline() -> None:
    html = """<html><head><title>Galaxy News, Trailers, Screenshots, Previews, Reviews,
    Guides -- Galaxy Vault</title></head><body><p>News item.</p></body></html>"""
    shown = page(html, "http://galaxyvault.example/?start_from=15")
    layers = merge(meta_candidates(shown), title_candidates(shown))
    assert "headline" not in with_headline(shown, layers, None)


def test_a_logo_h1_matching_a_short_part_is_not_the_headline() -> None:
    html = """<html><head><meta property="og:title" content="Dune review | The Clip">
    </head><body><h1>The Clip</h1><article><h2>Dune</h2></article></body></html>"""
    assert _chosen(html, "https://news.example/film/dune/") == "Dune review | The Clip"


def test_a_page_without_title_or_h1_is_titled_by_its_byline_heading() -> None:
    from aggregator.extraction.headline import byline_heading
    from aggregator.extraction.page import Page

    def headline(html: str) -> str | None:
        return byline_heading(Page("https://x.example/r.html", html.encode(), None))

    page = (
        "<h3>Review of <em>Gawain</em>, edited by K. Lee</h3>"
        "<h4>Whose Gawain? Review by Ann Kim *</h4>"
    )
    assert headline(page) == "Whose Gawain?"
    assert (
        headline("<h2>Le Cid, une nuit blanche par Marie Dupont</h2>") == "Le Cid, une nuit blanche"
    )
    # Credits of the work are no byline; nor is a heading without a name after "by".
    assert headline("<h3>Night, directed by Ann Kim</h3>") is None
    assert headline("<h3>Stand by me</h3>") is None
