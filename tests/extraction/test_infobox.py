from __future__ import annotations

from aggregator.extraction.infobox import infobox_candidates, kicker

from .builders import page, values

DETAILS = """<html><body><p class="kicker">Film review</p><h1>Dune (2021)</h1>
<aside><dl><dt>Runtime</dt><dd>2 hr. 35 min.</dd><dt>Rated</dt><dd>PG-13 for violence</dd>
<dt>Starring</dt><dd>Timothée Chalamet and Zendaya</dd>
<dt>Directed by:</dt><dd>Denis Villeneuve</dd>
<dt>Year</dt><dd>2021</dd><dt>Where to watch</dt><dd>HBO Max</dd><dt>Rating</dt><dd>4/5</dd></dl>
</aside><table><tr><th>Genre</th><td>Science fiction</td></tr></table></body></html>"""


def test_details_box_pairs() -> None:
    found = infobox_candidates(page(DETAILS))
    assert values(found, "runtime_minutes") == ["2 hr. 35 min."]
    assert values(found, "content_rating") == ["PG-13 for violence"]
    assert values(found, "cast") == ["Timothée Chalamet and Zendaya"]
    assert values(found, "directors") == ["Denis Villeneuve"]
    assert values(found, "work_year") == ["2021"]
    assert values(found, "platforms") == ["HBO Max"]
    assert values(found, "genres") == ["Science fiction"]
    assert values(found, "score") == ["4/5"]


def test_rating_label_is_a_score_only_when_it_reads_as_one() -> None:
    # "Rating" names a certificate as often as a score: the value decides.
    html = "<dl><dt>Rating</dt><dd>PG-13</dd><dt>Genre</dt><dd>Drama</dd></dl>"
    assert "score" not in infobox_candidates(page(html))


def test_kicker() -> None:
    assert kicker(page(DETAILS)) == "Film review"
    assert kicker(page("<div><span>TV review</span><h1>Severance</h1></div>")) == "TV review"
    assert kicker(page("<h1>Dune</h1>")) is None
