"""Star Critic: a modern review site with schema.org JSON-LD and star ratings."""

from __future__ import annotations

import json
from typing import Any

from .common import (
    SiteOutput,
    Truth,
    Work,
    body_snippets,
    document,
    esc,
    join_names,
    load_toml,
    month_day_year,
    paragraphs,
    parse_date,
    slugify,
)

SITE = "starcritic"
ROOT = f"/{SITE}/"
REVIEWS = f"{ROOT}reviews/"
CSS = f"{ROOT}assets/site.css"
FOOTER = "© 2022 Star Critic Media Ltd. All rights reserved."
NEWSLETTER = "The Weekly Star: our five best reviews, every Thursday."
SCHEMA_TYPES = {"movie": "Movie", "tv": "TVSeries", "game": "VideoGame"}
SECTIONS = {"reviews": "Reviews", "news": "News", "features": "Features"}


def stars(value: float) -> str:
    """
    >>> stars(3.5)
    '★★★½☆'
    """
    full = int(value)
    half = value - full >= 0.5
    return "★" * full + ("½" if half else "") + "☆" * (5 - full - int(half))


def iso_duration(minutes: int) -> str:
    """
    >>> iso_duration(103)
    'PT1H43M'
    """
    return f"PT{minutes // 60}H{minutes % 60}M"


def hours_minutes(minutes: int) -> str:
    return f"{minutes // 60}h {minutes % 60}m"


def page_path(item: dict[str, Any]) -> str:
    return f"{ROOT}{item.get('section', 'reviews')}/{item['slug']}/"


def person(name: str) -> dict[str, str]:
    return {"@type": "Person", "name": name}


def critic(name: str) -> dict[str, str]:
    return {"@type": "Person", "name": name, "url": f"{ROOT}about/#{slugify(name)}"}


def item_reviewed(work: Work, title: str, cast_n: int) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": SCHEMA_TYPES[work["type"]], "name": title}
    if work["type"] == "movie":
        item["dateCreated"] = work["released"]
        item["duration"] = iso_duration(work["runtime"])
    else:
        item["datePublished"] = work["released"]
    item["contentRating"] = work["certificate"]
    item["genre"] = work["genre"]
    if work["type"] == "game":
        item["gamePlatform"] = work["platforms"]
        item["author"] = {"@type": "Organization", "name": work["developer"]}
        return item
    if work["type"] == "tv":
        item["numberOfEpisodes"] = work["episodes"]
    item["actor"] = [person(n) for n in work["cast"][:cast_n]]
    directors = [person(n) for n in work["directors"]]
    item["director"] = directors[0] if len(directors) == 1 else directors
    return item


def review_jsonld(r: dict[str, Any], work: Work) -> list[dict[str, Any]]:
    """The page's JSON-LD blocks, in the variant the review asks for."""
    path = page_path(r)
    authors = [critic(a) for a in r["authors"]]
    review: dict[str, Any] = {
        "@type": "Review",
        "name": r["headline"],
        "description": r["summary"],
        "itemReviewed": item_reviewed(work, r["title"], r.get("cast_n", 3)),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": r["stars"],
            "bestRating": 5,
            "worstRating": 0,
        },
        "author": authors[0] if len(authors) == 1 else authors,
        "publisher": {"@type": "Organization", "name": "Star Critic", "url": ROOT},
        "datePublished": r["date"],
        "inLanguage": "en",
    }
    if r["jsonld"] == "graph":
        review["mainEntityOfPage"] = {"@id": path}
        page = {"@type": "WebPage", "@id": path, "url": path, "name": r["headline"]}
        return [{"@context": "https://schema.org", "@graph": [page, review]}]
    blocks = [{"@context": "https://schema.org", **review}]
    if r["jsonld"] == "breadcrumb":
        crumbs = [("Home", ROOT), ("Reviews", REVIEWS), (r["title"], path)]
        blocks.append(
            {
                "@context": "https://schema.org",
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": i, "name": name, "item": href}
                    for i, (name, href) in enumerate(crumbs, 1)
                ],
            }
        )
    return blocks


def jsonld_scripts(blocks: list[dict[str, Any]]) -> str:
    return "".join(
        '<script type="application/ld+json">\n'
        + json.dumps(b, ensure_ascii=False, indent=2).replace("</", "<\\/")
        + "\n</script>\n"
        for b in blocks
    )


def frame(title: str, head: str, main: str, side: str) -> str:
    nav = "".join(f'<a href="{ROOT}{k}/">{v}</a>' for k, v in SECTIONS.items())
    body = f"""<header class="topbar"><a class="logo" href="{ROOT}">Star<span>Critic</span></a>
<nav class="primary">{nav}<a href="{ROOT}about/">About</a></nav>
<form class="search" action="{REVIEWS}">
<input name="q" type="search" placeholder="Search reviews"></form>
</header>
<div class="layout">
<main id="main">
{main}</main>
<aside class="rail">
{side}<section class="newsletter"><h2>Newsletter</h2><p>{NEWSLETTER}</p>
<form><input type="email" placeholder="Email address"><button>Sign up</button></form></section>
</aside>
</div>
<footer class="site-footer"><nav><a href="{ROOT}about/">About us</a> ·
<a href="{ROOT}about/#contact">Contact</a> · Privacy · Terms</nav>
<p>{FOOTER}</p></footer>
"""
    return document(
        title=f"{title} | Star Critic",
        head=f'<link rel="stylesheet" href="{CSS}">\n{head}',
        body=body,
    )


def review_page(r: dict[str, Any], work: Work, related: list[dict[str, Any]]) -> str:
    path = page_path(r)
    day = parse_date(r["date"])
    head = (
        f'<link rel="canonical" href="{path}">\n'
        f'<meta name="description" content="{esc(r["summary"])}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="og:title" content="{esc(r["headline"])}">\n'
        f'<meta property="og:url" content="{path}">\n' + jsonld_scripts(review_jsonld(r, work))
    )
    facts = [work["certificate"]]
    if work.get("runtime"):
        facts.append(hours_minutes(work["runtime"]))
    facts += [work["genre"], work["released"][:4]]
    kind = {"movie": "Film", "tv": "TV", "game": "Game"}[work["type"]]
    if work["type"] == "game":
        watch = f"Reviewed on {r['reviewed_on']}. Also on " + join_names(
            [p for p in work["platforms"] if p != r["reviewed_on"]]
        )
    elif work["platforms"]:
        watch = "Streaming on " + join_names(work["platforms"])
    else:
        watch = "Not currently streaming"
    by = ", ".join(
        f'<a class="author" href="{ROOT}about/#{slugify(a)}">{esc(a)}</a>' for a in r["authors"]
    )
    body = "".join(f"<p>{esc(p)}</p>\n" for p in paragraphs(r["body"]))
    main = f"""<nav class="breadcrumbs"><a href="{ROOT}">Home</a> ›
<a href="{REVIEWS}">Reviews</a> ›
<span>{esc(r["title"])}</span></nav>
<article class="review">
<p class="kicker">{kind} review</p>
<h1>{esc(r["headline"])}</h1>
<p class="dek">{esc(r["summary"])}</p>
<div class="byline">By {by} · <time datetime="{r["date"]}">{month_day_year(day)}</time></div>
<div class="verdict"><span class="stars" aria-label="{r["stars"]:g} out of 5 stars">
{stars(r["stars"])}</span> <span class="score">{r["stars"]:g}/5</span></div>
<ul class="facts">{"".join(f"<li>{esc(f)}</li>" for f in facts)}</ul>
<div class="review-body">
{body}</div>
<p class="where-to-watch">{esc(watch)}</p>
</article>
{related_box(related)}"""
    return frame(r["headline"], head, main, most_read(related))


def related_box(related: list[dict[str, Any]]) -> str:
    items = "".join(
        f'<li><a href="{page_path(x)}">{esc(x["title"])}</a> '
        f'<span class="stars">{stars(x["stars"])}</span></li>'
        for x in related
    )
    return f'<section class="related"><h2>Related reviews</h2><ul>{items}</ul></section>\n'


def most_read(items: list[dict[str, Any]]) -> str:
    links = "".join(f'<li><a href="{page_path(x)}">{esc(x["headline"])}</a></li>' for x in items)
    return f'<section class="most-read"><h2>Most read</h2><ol>{links}</ol></section>\n'


def truth(r: dict[str, Any], work: Work) -> Truth:
    paras = paragraphs(r["body"])
    is_game = work["type"] == "game"
    return Truth(
        site=SITE,
        path=page_path(r),
        headline=r["headline"],
        work=work,
        work_title=r["title"],
        authors=r["authors"],
        published=r["date"][:10],
        work_year=int(work["released"][:4]),
        score_0_100=round(r["stars"] / 5 * 100, 1),
        runtime_minutes=work.get("runtime"),
        certificate=work["certificate"],
        cast=[] if is_game else work["cast"][: r.get("cast_n", 3)],
        directors=work["directors"],
        platforms=work["platforms"],
        body_snippets=body_snippets(paras),
        not_body_snippets=[FOOTER, NEWSLETTER],
    )


def article_page(p: dict[str, Any], side: str) -> str:
    path = page_path(p)
    day = parse_date(p["date"])
    kind = "NewsArticle" if p["section"] == "news" else "Article"
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": p["headline"],
        "description": p["summary"],
        "author": [critic(a) for a in p["authors"]],
        "publisher": {"@type": "Organization", "name": "Star Critic"},
        "datePublished": p["date"],
    }
    head = f'<link rel="canonical" href="{path}">\n' + jsonld_scripts([data])
    body = "".join(f"<p>{esc(x)}</p>\n" for x in paragraphs(p["body"]))
    by = ", ".join(esc(a) for a in p["authors"])
    main = f"""<article class="story">
<p class="kicker">{SECTIONS[p["section"]]}</p>
<h1>{esc(p["headline"])}</h1>
<p class="dek">{esc(p["summary"])}</p>
<div class="byline">By {by} · <time datetime="{p["date"]}">{month_day_year(day)}</time></div>
<div class="story-body">
{body}</div>
</article>
"""
    return frame(p["headline"], head, main, side)


def card(x: dict[str, Any], href: str | None = None) -> str:
    rating = f' <span class="stars">{stars(x["stars"])}</span>' if "stars" in x else ""
    day = parse_date(x["date"])
    return (
        f'<li class="card"><a href="{href or page_path(x)}">{esc(x["headline"])}</a>{rating}'
        f"<p>{esc(x['summary'])}</p>"
        f'<time datetime="{x["date"][:10]}">{month_day_year(day)}</time></li>\n'
    )


def build(works: dict[str, Work]) -> SiteOutput:
    cfg = load_toml("starcritic.toml")
    out = SiteOutput(start_path=REVIEWS)
    reviews = sorted(cfg["reviews"], key=lambda r: r["date"], reverse=True)
    pages = cfg["pages"]
    side = most_read(reviews[:5])
    for i, r in enumerate(reviews):
        related = [reviews[(i + k) % len(reviews)] for k in (1, 2, 3)]
        out.add(page_path(r), review_page(r, works[r["work"]], related))
        out.reviews.append(truth(r, works[r["work"]]))
    for p in pages:
        out.add(page_path(p), article_page(p, side))
        out.non_review.append(page_path(p))
    in_reviews = sorted(
        reviews + [p for p in pages if p["section"] == "reviews"],
        key=lambda x: x["date"],
        reverse=True,
    )
    _review_listing(out, cfg, in_reviews, pages)
    _sections(out, cfg, reviews, pages, side)
    out.add(CSS, STYLE)
    return out


def _review_listing(
    out: SiteOutput, cfg: dict[str, Any], items: list[dict[str, Any]], pages: list[dict[str, Any]]
) -> None:
    per = cfg["per_page"]
    count = (len(items) + per - 1) // per
    pick = next(r for r in items if r["slug"] == cfg["editors_pick"]["slug"])
    pick_href = f"{page_path(pick)}?{cfg['editors_pick']['query']}"
    features = "".join(card(p) for p in pages if p["section"] != "reviews")
    side = (
        '<section class="editors-pick"><h2>Editor’s pick</h2>'
        f"<ul>{card(pick, esc(pick_href))}</ul></section>\n"
        f'<section class="latest-news"><h2>News &amp; features</h2><ul>{features}</ul></section>\n'
    )
    for n in range(1, count + 1):
        chunk = items[(n - 1) * per : n * per]
        links = []
        if n > 1:
            prev = REVIEWS if n == 2 else f"{REVIEWS}?page={n - 1}"
            links.append(f'<a rel="prev" href="{prev}">← Newer</a>')
        if n < count:
            links.append(f'<a rel="next" href="{REVIEWS}?page={n + 1}">Older →</a>')
        main = (
            f'<h1>Reviews</h1>\n<ul class="cards">\n{"".join(card(x) for x in chunk)}</ul>\n'
            f'<nav class="pagination">{" ".join(links)} <span>Page {n} of {count}</span></nav>\n'
        )
        canonical = REVIEWS if n == 1 else f"{REVIEWS}?page={n}"
        html = frame(
            "Reviews" if n == 1 else f"Reviews, page {n}",
            f'<link rel="canonical" href="{canonical}">\n',
            main,
            side,
        )
        out.add(REVIEWS if n == 1 else f"{REVIEWS}page-{n}.html", html)
        out.listings.append(canonical)


def _sections(
    out: SiteOutput,
    cfg: dict[str, Any],
    reviews: list[dict[str, Any]],
    pages: list[dict[str, Any]],
    side: str,
) -> None:
    for key in ("news", "features"):
        items = [p for p in pages if p["section"] == key]
        cards = "".join(card(p) for p in items)
        main = f'<h1>{SECTIONS[key]}</h1>\n<ul class="cards">\n{cards}</ul>\n'
        path = f"{ROOT}{key}/"
        out.add(path, frame(SECTIONS[key], f'<link rel="canonical" href="{path}">\n', main, side))
        out.listings.append(path)
    latest = "".join(card(r) for r in reviews[:4])
    stories = "".join(card(p) for p in pages)
    main = (
        f'<h1>Star Critic</h1>\n<p class="tagline">{esc(cfg["tagline"])}</p>\n'
        f'<h2>Latest reviews</h2>\n<ul class="cards">{latest}</ul>\n'
        f'<p><a href="{REVIEWS}">All reviews →</a></p>\n'
        f'<h2>News &amp; features</h2>\n<ul class="cards">{stories}</ul>\n'
    )
    out.add(ROOT, frame("Home", f'<link rel="canonical" href="{ROOT}">\n', main, side))
    out.listings.append(ROOT)
    critics = sorted({a for r in reviews + pages for a in r["authors"]})
    people = "".join(f'<li id="{slugify(c)}">{esc(c)}</li>' for c in critics)
    about = cfg["about"]
    body = "".join(f"<p>{esc(x)}</p>\n" for x in paragraphs(about["body"]))
    main = (
        f'<article class="page"><h1>{esc(about["headline"])}</h1>\n{body}'
        f'<h2>Our critics</h2><ul class="critics">{people}</ul>\n'
        '<h2 id="contact">Contact</h2>\n'
        "<p>Write to the editors at letters@starcritic.example.</p></article>\n"
    )
    path = f"{ROOT}about/"
    out.add(path, frame(about["headline"], f'<link rel="canonical" href="{path}">\n', main, side))
    out.non_review.append(path)


STYLE = """body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1f}
.topbar{display:flex;gap:2rem;align-items:center;padding:.75rem 2rem;background:#101018;color:#fff}
.topbar a{color:#fff;text-decoration:none}.logo span{color:#f5c518}
.layout{display:grid;grid-template-columns:3fr 1fr;gap:2rem;max-width:1200px;margin:0 auto;
padding:1rem 2rem}
.stars{color:#f5a700;letter-spacing:.1em}.facts{display:flex;gap:1rem;list-style:none;padding:0}
.cards{list-style:none;padding:0}.card{border-bottom:1px solid #eee;padding:.75rem 0}
.site-footer{background:#101018;color:#aaa;padding:1.5rem 2rem;font-size:.85rem}
"""
