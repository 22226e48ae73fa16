"""Screen Magazine: letter grades, a details box and day-first dates."""

from __future__ import annotations

from typing import Any

from .common import (
    GRADE_SCORES,
    SiteOutput,
    Truth,
    Work,
    body_snippets,
    day_month_year,
    document,
    esc,
    join_names,
    load_toml,
    paragraphs,
    parse_date,
)

SITE = "screenmag"
ROOT = f"/{SITE}/"
CSS = f"{ROOT}css/screen.css"
FOOTER = "© 1998–2022 Screen Magazine Publishing Ltd. All rights reserved."
SUBSCRIBE = "Subscribe to the print edition and save 40% on the cover price."
KICKERS = {"movie": "Film review", "tv": "TV review", "game": "Game review"}
SECTIONS = {"reviews": "Reviews", "news": "News", "features": "Features"}


def page_path(item: dict[str, Any]) -> str:
    return f"{ROOT}{item.get('section', 'reviews')}/{item['slug']}.html"


def runtime_text(minutes: int) -> str:
    """
    >>> runtime_text(103)
    '1 hr. 43 min.'
    """
    hours, mins = divmod(minutes, 60)
    return f"{hours} hr. {mins} min." if hours else f"{mins} min."


def rating_text(work: Work) -> str:
    if not work["reasons"]:
        return str(work["certificate"])
    return f"{work['certificate']} for {join_names(work['reasons'])}"


def printed_date(item: dict[str, Any]) -> str:
    day = parse_date(item["date"])
    if item.get("date_style") == "numeric":
        return f"{day:%d/%m/%Y}"
    return day_month_year(day)


def details(r: dict[str, Any], work: Work) -> list[tuple[str, str]]:
    """The rows of the details box, as the magazine prints them for each kind of work."""
    rows: list[tuple[str, str]] = []
    if work.get("runtime"):
        rows.append(("Runtime", runtime_text(work["runtime"])))
    rows.append(("Rated", rating_text(work)))
    if work["type"] == "game":
        rows += [
            ("Developer", work["developer"]),
            ("Platforms", ", ".join(work["platforms"])),
            ("Reviewed on", r["reviewed_on"]),
        ]
    else:
        rows.append(("Starring", join_names(work["cast"][: r.get("cast_n", 3)])))
        rows.append(("Directed by", join_names(work["directors"])))
    if work["type"] == "tv":
        rows.append(("Episodes", str(work["episodes"])))
    rows.append(("Year", work["released"][:4]))
    if work["type"] != "game" and work["platforms"]:
        rows.append(("Where to watch", join_names(work["platforms"])))
    return rows


def frame(title: str, path: str, main: str, side: str) -> str:
    nav = "".join(
        f'<li><a href="{ROOT}{k}/">{v}</a></li>' for k, v in SECTIONS.items() if k != "reviews"
    )
    body = f"""<div class="masthead">
<div class="brand"><a href="{ROOT}">SCREEN <em>Magazine</em></a>
<span class="tagline">Film, television and games since 1998</span></div>
<ul class="menu"><li><a href="{ROOT}">Latest</a></li>{nav}
<li><a href="{ROOT}about.html">About</a></li>
<li class="subscribe"><a href="{ROOT}about.html#subscribe">Subscribe</a></li></ul>
</div>
<div class="ad-slot leaderboard">Advertisement</div>
<div class="container">
<div class="content">
{main}</div>
<div class="sidebar">
{side}<div class="promo"><p>{SUBSCRIBE}</p></div>
</div>
</div>
<div class="footer"><p>{FOOTER}</p>
<p><a href="{ROOT}about.html">About</a> | Advertise | Privacy policy | Cookie settings</p></div>
"""
    head = f'<link rel="stylesheet" href="{CSS}">\n<link rel="canonical" href="{path}">\n'
    return document(title=f"{title} - Screen Magazine", head=head, body=body, lang="en-GB")


def review_page(r: dict[str, Any], work: Work, related: list[dict[str, Any]], side: str) -> str:
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in details(r, work))
    body = "".join(f"<p>{esc(p)}</p>\n" for p in paragraphs(r["body"]))
    rel = "".join(
        f'<li><a href="{page_path(x)}">{esc(x["headline"])}</a> '
        f'<span class="mini-grade">{x["grade"]}</span></li>'
        for x in related
    )
    main = f"""<div class="review-article">
<p class="kicker">{KICKERS[work["type"]]}</p>
<h1 class="headline">{esc(r["headline"])}</h1>
<p class="standfirst">{esc(r["standfirst"])}</p>
<p class="byline">By <span class="author">{esc(join_names(r["authors"]))}</span> |
<span class="date">{printed_date(r)}</span></p>
<div class="grade">Grade: {r["grade"]}</div>
<aside class="details"><h2>Details</h2><dl>{rows}</dl></aside>
<div class="article-body">
{body}</div>
<div class="share">Share this review: Facebook | Twitter | Email</div>
</div>
<div class="related"><h2>Related reviews</h2><ul>{rel}</ul></div>
"""
    return frame(r["headline"], page_path(r), main, side)


def article_page(p: dict[str, Any], side: str) -> str:
    body = "".join(f"<p>{esc(x)}</p>\n" for x in paragraphs(p["body"]))
    main = f"""<div class="article">
<p class="kicker">{SECTIONS[p["section"]]}</p>
<h1 class="headline">{esc(p["headline"])}</h1>
<p class="standfirst">{esc(p["standfirst"])}</p>
<p class="byline">By <span class="author">{esc(join_names(p["authors"]))}</span> |
<span class="date">{printed_date(p)}</span></p>
<div class="article-body">
{body}</div>
</div>
"""
    return frame(p["headline"], page_path(p), main, side)


def truth(r: dict[str, Any], work: Work) -> Truth:
    is_game = work["type"] == "game"
    return Truth(
        site=SITE,
        path=page_path(r),
        headline=r["headline"],
        work=work,
        work_title=r["title"],
        authors=r["authors"],
        published=r["date"],
        work_year=int(work["released"][:4]),
        score_0_100=GRADE_SCORES[r["grade"]],
        runtime_minutes=work.get("runtime"),
        certificate=work["certificate"],
        reasons=list(work["reasons"]),
        cast=[] if is_game else work["cast"][: r.get("cast_n", 3)],
        directors=[] if is_game else work["directors"],
        platforms=work["platforms"],
        body_snippets=body_snippets(paragraphs(r["body"])),
        not_body_snippets=[FOOTER, SUBSCRIBE],
    )


def teaser(x: dict[str, Any]) -> str:
    kind = KICKERS.get(x.get("kind", ""), SECTIONS.get(x.get("section", ""), "Reviews"))
    grade = f' <span class="mini-grade">{x["grade"]}</span>' if "grade" in x else ""
    day = day_month_year(parse_date(x["date"]))
    return (
        f'<div class="teaser"><span class="kicker">{kind}</span>'
        f'<h2><a href="{page_path(x)}">{esc(x["headline"])}</a>{grade}</h2>'
        f'<p>{esc(x["standfirst"])}</p><span class="date">{day}</span></div>\n'
    )


def build(works: dict[str, Work]) -> SiteOutput:
    cfg = load_toml("screenmag.toml")
    out = SiteOutput(start_path=ROOT)
    reviews = [dict(r, kind=works[r["work"]]["type"]) for r in cfg["reviews"]]
    pages = cfg["pages"]
    items = sorted(reviews + pages, key=lambda x: x["date"], reverse=True)
    latest = sorted(reviews, key=lambda x: x["date"], reverse=True)
    side = (
        '<div class="most-read"><h3>Most read</h3><ol>'
        + "".join(f'<li><a href="{page_path(x)}">{esc(x["headline"])}</a></li>' for x in latest[:5])
        + "</ol></div>\n"
    )
    for i, r in enumerate(latest):
        related = [latest[(i + k) % len(latest)] for k in (1, 2, 3)]
        out.add(page_path(r), review_page(r, works[r["work"]], related, side))
        out.reviews.append(truth(r, works[r["work"]]))
    for p in pages:
        out.add(page_path(p), article_page(p, side))
        out.non_review.append(page_path(p))
    _listings(out, cfg, items, pages, side)
    out.add(CSS, STYLE)
    return out


def _listings(
    out: SiteOutput,
    cfg: dict[str, Any],
    items: list[dict[str, Any]],
    pages: list[dict[str, Any]],
    side: str,
) -> None:
    per = cfg["per_page"]
    count = (len(items) + per - 1) // per

    def href(n: int) -> str:
        return ROOT if n == 1 else f"{ROOT}archive/{n}.html"

    for n in range(1, count + 1):
        chunk = items[(n - 1) * per : n * per]
        links = []
        if n > 1:
            links.append(f'<a class="prev" href="{href(n - 1)}">« Newer</a>')
        links += [
            f'<a href="{href(k)}">{k}</a>' if k != n else f"<strong>{k}</strong>"
            for k in range(1, count + 1)
        ]
        if n < count:
            links.append(f'<a class="next" href="{href(n + 1)}">Older »</a>')
        title = "Latest" if n == 1 else f"Archive: page {n}"
        main = (
            f'<h1 class="section-title">{title}</h1>\n{"".join(teaser(x) for x in chunk)}'
            f'<div class="pager">{" ".join(links)}</div>\n'
        )
        out.add(href(n), frame(title, href(n), main, side))
        out.listings.append(href(n))
    for key in ("news", "features"):
        chosen = [p for p in pages if p["section"] == key]
        path = f"{ROOT}{key}/"
        main = f'<h1 class="section-title">{SECTIONS[key]}</h1>\n' + "".join(
            teaser(p) for p in chosen
        )
        out.add(path, frame(SECTIONS[key], path, main, side))
        out.listings.append(path)
    about = cfg["about"]
    body = "".join(f"<p>{esc(x)}</p>\n" for x in paragraphs(about["body"]))
    main = (
        f'<div class="article"><h1 class="headline">{esc(about["headline"])}</h1>\n'
        f'<div class="article-body">\n{body}</div>\n'
        '<h2 id="subscribe">Subscribe</h2>\n'
        "<p>Twelve issues a year, delivered to your door.</p></div>\n"
    )
    path = f"{ROOT}about.html"
    out.add(path, frame(about["headline"], path, main, side))
    out.non_review.append(path)


STYLE = """body{font-family:Helvetica,Arial,sans-serif;margin:0;background:#fff;color:#111}
.masthead{background:#c8102e;color:#fff;padding:1rem 2rem}.masthead a{color:#fff}
.menu{list-style:none;display:flex;gap:1.5rem;padding:0}
.ad-slot{background:#eee;text-align:center;padding:2rem;color:#999}
.container{display:flex;gap:2rem;max-width:1140px;margin:0 auto;padding:1rem}
.content{flex:3}.sidebar{flex:1}
.grade{font-size:1.5rem;font-weight:bold;color:#c8102e}
.details{float:right;width:280px;background:#f6f6f6;padding:1rem;margin:0 0 1rem 1rem}
.details dt{font-weight:bold}.details dd{margin:0 0 .5rem 0}
.footer{background:#222;color:#bbb;padding:2rem;font-size:.8rem}
"""
