"""Reel Notes: a WordPress-style film blog whose credits live only in prose."""

from __future__ import annotations

from pathlib import Path
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
    placeholder_svg,
    slugify,
)

SITE = "reelnotes"
ROOT = f"/{SITE}/"
PER_PAGE = 6
CSS = f"{ROOT}wp-content/themes/notes/style.css"
CATEGORIES = ("Reviews", "News", "Interviews", "Lists")
FOOTER = "© 2022 Reel Notes. All rights reserved. Proudly powered by WordPress."
NEWSLETTER = "Get our new reviews in your inbox every Friday. No spam, ever."


def post_path(post: dict[str, Any]) -> str:
    day = parse_date(post["date"])
    return f"{ROOT}{day:%Y/%m/%d}/{post['slug']}/"


def image_path(post: dict[str, Any], n: int) -> str:
    day = parse_date(post["date"])
    return f"{ROOT}wp-content/uploads/{day:%Y/%m}/{post['slug']}-{n}.svg"


def credits_paragraph(title: str, work: Work, show: list[str], cast: list[str]) -> str:
    """The closing credits line, in prose, the way the blog writes it."""
    parts = []
    if "directors" in show and cast:
        comma = "," if len(work["directors"]) > 1 else ""
        directors = join_names(work["directors"]) + comma
        parts.append(f"{title} is directed by {directors} and stars {join_names(cast)}.")
    length = f"{work['runtime']} minutes long" if "runtime" in show else ""
    rating = f"rated {work['certificate']} for {join_names(work['reasons'])}"
    if length and "rating" in show:
        parts.append(f"It is {length} and {rating}.")
    elif length:
        parts.append(f"It is {length}.")
    elif "rating" in show:
        parts.append(f"It is {rating}.")
    if "platforms" in show and work["platforms"]:
        parts.append(f"{title} is now streaming on {join_names(work['platforms'])}.")
    else:
        parts.append(f"{title} is in cinemas now.")
    return " ".join(parts)


def figure(src: str, alt: str, caption: str) -> str:
    return (
        f'<figure class="wp-block-image size-large"><img src="{src}" alt="{esc(alt)}" '
        f'width="1200" height="675" loading="lazy">'
        f'<figcaption class="wp-element-caption">{esc(caption)}</figcaption></figure>\n'
    )


def seed_post(cfg: dict[str, Any], seed_file: Path) -> dict[str, Any]:
    """The seed review, laid out as scraped: alt text, captions, paragraphs, embed title."""
    lines = [ln.strip() for ln in seed_file.read_text("utf-8").splitlines() if ln.strip()]
    alt, blocks, captions = lines[0], [], list(cfg["captions"])
    post = dict(cfg, category="Reviews", alt=alt)
    n = 0
    for line in lines[1:-1]:
        if line in captions:
            n += 1
            blocks.append(figure(image_path(post, n), alt, line))
        else:
            blocks.append(f"<p>{esc(line)}</p>\n")
    blocks.append(
        f'<h3 class="wp-block-heading">{esc(lines[-1])}</h3>\n'
        '<div class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">'
        '<div class="video-placeholder">Video unavailable</div></div></div>\n'
    )
    post["content"] = "".join(blocks)
    post["paras"] = [ln for ln in lines[1:-1] if ln not in captions]
    post["images"] = n
    return post


def review_post(cfg: dict[str, Any], work: Work) -> dict[str, Any]:
    cast = work["cast"][: cfg.get("cast_n", 2)] if "cast" in cfg["show"] else []
    post = dict(cfg, category="Reviews", cast=cast, directors=[], platforms=[])
    paras = paragraphs(cfg["body"])
    paras.append(credits_paragraph(cfg["title"], work, cfg["show"], cast))
    if "directors" in cfg["show"]:
        post["directors"] = work["directors"]
    if "platforms" in cfg["show"]:
        post["platforms"] = work["platforms"]
    caption = f"{join_names(cast[:2])} in {cfg['title']}"
    alt = f"{cfg['title']} still"
    blocks = [f"<p>{esc(p)}</p>\n" for p in paras]
    blocks.insert(1, figure(image_path(post, 1), alt, caption))
    post.update(content="".join(blocks), paras=paras, images=1, alt=alt)
    return post


def truth(post: dict[str, Any], work: Work) -> Truth:
    show = post.get("show", ["runtime", "rating"])
    return Truth(
        site=SITE,
        path=post_path(post),
        headline=post["headline"],
        work=work,
        work_title=post["title"],
        authors=post["authors"],
        published=post["date"],
        runtime_minutes=work["runtime"] if "runtime" in show else None,
        certificate=work["certificate"] if "rating" in show else None,
        reasons=list(work["reasons"]) if "rating" in show else [],
        cast=post["cast"],
        directors=post["directors"],
        platforms=post["platforms"],
        body_snippets=body_snippets(post["paras"]),
        not_body_snippets=[FOOTER, NEWSLETTER, post["comments"][0]["text"]],
    )


def author_link(name: str) -> str:
    return (
        f'<span class="author vcard"><a class="url fn n" rel="author" '
        f'href="{ROOT}author/{slugify(name)}/">{esc(name)}</a></span>'
    )


def frame(title: str, head: str, main: str, recent: list[dict[str, Any]], cls: str) -> str:
    nav = "".join(f'<li><a href="{ROOT}category/{c.lower()}/">{c}</a></li>' for c in CATEGORIES)
    recent_items = "".join(
        f'<li><a href="{post_path(p)}">{esc(p["headline"])}</a></li>' for p in recent[:5]
    )
    body = f"""<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{ROOT}" rel="home">Reel Notes</a></p>
<p class="site-description">Films, slowly considered</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="{ROOT}">Home</a></li>{nav}<li><a href="{ROOT}about/">About</a></li></ul></nav>
</header>
<div id="content" class="site-content">
<main id="main" class="site-main">
{main}</main>
<aside id="secondary" class="widget-area">
<section class="widget widget_search"><form role="search" class="search-form" action="{ROOT}">
<label>Search for: <input type="search" class="search-field" name="s"></label>
<input type="submit" class="search-submit" value="Search"></form></section>
<section class="widget widget_recent_entries"><h2 class="widget-title">Recent posts</h2>
<ul>{recent_items}</ul></section>
<section class="widget widget_newsletter"><h2 class="widget-title">Newsletter</h2>
<p>{NEWSLETTER}</p>
<form class="newsletter-form"><input type="email" placeholder="you@example.com">
<button type="submit">Subscribe</button></form></section>
<section class="widget widget_categories"><h2 class="widget-title">Categories</h2>
<ul>{nav}</ul></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">{FOOTER}</div></footer>
</div>
"""
    head_all = f'<link rel="stylesheet" href="{CSS}">\n{head}'
    return document(
        title=f"{title} – Reel Notes", head=head_all, body=body, lang="en-GB", body_class=cls
    )


def post_page(
    post: dict[str, Any], recent: list[dict[str, Any]], related: list[dict[str, Any]]
) -> str:
    path = post_path(post)
    day = parse_date(post["date"])
    iso = f"{day.isoformat()}T09:00:00+00:00"
    excerpt = " ".join(post["paras"])[:150].rsplit(" ", 1)[0] + "…"
    head = (
        f'<link rel="canonical" href="{path}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="og:title" content="{esc(post["headline"])}">\n'
        f'<meta property="og:description" content="{esc(excerpt)}">\n'
        f'<meta property="og:url" content="{path}">\n'
        '<meta property="og:site_name" content="Reel Notes">\n'
        f'<meta property="og:image" content="{image_path(post, 1)}">\n'
        f'<meta property="article:published_time" content="{iso}">\n'
    )
    cat = post["category"]
    bylines = " and ".join(author_link(a) for a in post["authors"])
    tags = ", ".join(f'<span class="tag">{esc(t)}</span>' for t in post.get("tags", []))
    rel_items = "".join(
        f'<li><a href="{post_path(r)}">{esc(r["headline"])}</a></li>' for r in related
    )
    related_box = (
        f'<div class="jp-relatedposts"><h3 class="jp-relatedposts-headline">Related reviews</h3>'
        f"<ul>{rel_items}</ul></div>\n"
        if related
        else ""
    )
    main = f"""<article id="post-{hash_slug(post["slug"])}"
class="post type-post status-publish format-standard has-post-thumbnail category-{cat.lower()}">
<header class="entry-header">
<span class="cat-links"><a href="{ROOT}category/{cat.lower()}/" rel="category tag">{cat}</a></span>
<h1 class="entry-title">{esc(post["headline"])}</h1>
<div class="entry-meta"><span class="posted-on"><a href="{path}" rel="bookmark">
<time class="entry-date published" datetime="{iso}">{month_day_year(day)}</time></a></span>
<span class="byline">by {bylines}</span></div>
</header>
<div class="entry-content">
{post["content"]}</div>
<footer class="entry-footer"><span class="tags-links">Tagged {tags}</span>
<div class="sharedaddy"><h3 class="sd-title">Share this:</h3>
<ul><li>Twitter</li><li>Facebook</li><li>Email</li></ul></div>
</footer>
</article>
{related_box}{comments_block(post)}"""
    return frame(post["headline"], head, main, recent, "single single-post")


def hash_slug(slug: str) -> int:
    """A stable post id (Python's hash() is salted per process)."""
    return sum((i + 1) * ord(c) for i, c in enumerate(slug))


def comments_block(post: dict[str, Any]) -> str:
    comments = post.get("comments", [])
    if not comments:
        return ""
    items = []
    for i, c in enumerate(comments):
        day = parse_date(c["date"])
        items.append(
            f'<li id="comment-{hash_slug(post["slug"]) + i}" class="comment">'
            '<article class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><b class="fn">{esc(c["name"])}</b> '
            '<span class="says">says:</span></div><div class="comment-metadata">'
            f'<time datetime="{day.isoformat()}T20:{10 + i}:00+00:00">'
            f"{month_day_year(day)} at 8:{10 + i} pm</time></div></footer>"
            f'<div class="comment-content"><p>{esc(c["text"])}</p></div>'
            '<div class="reply"><a class="comment-reply-link" href="#respond">Reply</a></div>'
            "</article></li>\n"
        )
    n = len(comments)
    word = "thought" if n == 1 else "thoughts"
    return f"""<div id="comments" class="comments-area">
<h2 class="comments-title">{n} {word} on “{esc(post["headline"])}”</h2>
<ol class="comment-list">
{"".join(items)}</ol>
<div id="respond" class="comment-respond"><h3 class="comment-reply-title">Leave a Reply</h3>
<form class="comment-form"><p class="comment-notes">Your email address will not be published.</p>
<textarea name="comment" rows="6"></textarea><input type="submit" value="Post Comment"></form></div>
</div>
"""


def listing_page(
    title: str, path: str, posts: list[dict[str, Any]], recent: list[dict[str, Any]], nav: str
) -> str:
    items = []
    for p in posts:
        day = parse_date(p["date"])
        excerpt = " ".join(p["paras"])[:220].rsplit(" ", 1)[0] + " […]"
        items.append(
            f'<article class="post type-post category-{p["category"].lower()}">'
            f'<header class="entry-header"><h2 class="entry-title"><a href="{post_path(p)}" '
            f'rel="bookmark">{esc(p["headline"])}</a></h2>'
            f'<div class="entry-meta"><time class="entry-date" datetime="{day.isoformat()}">'
            f"{month_day_year(day)}</time> by {esc(join_names(p['authors']))}</div></header>"
            f'<div class="entry-summary"><p>{esc(excerpt)}</p></div>'
            f'<a class="more-link" href="{post_path(p)}">Continue reading</a></article>\n'
        )
    main = f'<header class="page-header"><h1 class="page-title">{esc(title)}</h1></header>\n'
    main += "".join(items) + nav
    head = f'<link rel="canonical" href="{path}">\n'
    return frame(title, head, main, recent, "blog archive")


def pager(n: int, pages: int) -> str:
    def href(k: int) -> str:
        return ROOT if k == 1 else f"{ROOT}page/{k}/"

    links = []
    if n < pages:
        links.append(f'<a class="next page-numbers" href="{href(n + 1)}">Older posts</a>')
    if n > 1:
        links.append(f'<a class="prev page-numbers" href="{href(n - 1)}">Newer posts</a>')
    return (
        f'<nav class="navigation pagination"><div class="nav-links">{" ".join(links)}</div></nav>\n'
    )


def plain_post(cfg: dict[str, Any], category: str) -> dict[str, Any]:
    paras = paragraphs(cfg["body"])
    content = "".join(f"<p>{esc(p)}</p>\n" for p in paras)
    return dict(cfg, category=category, content=content, paras=paras, images=0)


def build(works: dict[str, Work], seed_file: Path) -> SiteOutput:
    cfg = load_toml("reelnotes.toml")
    out = SiteOutput(start_path=ROOT)
    reviews = [seed_post(cfg["seed"], seed_file)]
    reviews += [review_post(r, works[r["work"]]) for r in cfg["reviews"]]
    others = [plain_post(p, p["category"]) for p in cfg["posts"]]
    posts = sorted(reviews + others, key=lambda p: p["date"], reverse=True)
    by_date = sorted(reviews, key=lambda p: p["date"])
    for post in posts:
        related = [] if post in others else _related(by_date, post)
        out.add(post_path(post), post_page(post, posts, related))
        for n in range(1, post["images"] + 1):
            out.add(image_path(post, n), placeholder_svg(post.get("alt", post["title"])))
    for post in reviews:
        out.reviews.append(truth(post, works[post["work"]]))
    out.non_review += [post_path(p) for p in others]
    _listings(out, posts)
    _about(out, cfg, posts)
    out.add(CSS, STYLE)
    return out


def _related(by_date: list[dict[str, Any]], post: dict[str, Any]) -> list[dict[str, Any]]:
    i = by_date.index(post)
    return [by_date[(i + k) % len(by_date)] for k in (1, 2, 3)]


def _listings(out: SiteOutput, posts: list[dict[str, Any]]) -> None:
    pages = (len(posts) + PER_PAGE - 1) // PER_PAGE
    for n in range(1, pages + 1):
        path = ROOT if n == 1 else f"{ROOT}page/{n}/"
        chunk = posts[(n - 1) * PER_PAGE : n * PER_PAGE]
        title = "Reel Notes" if n == 1 else f"Reel Notes – Page {n}"
        out.add(path, listing_page(title, path, chunk, posts, pager(n, pages)))
        out.listings.append(path)
    for cat in CATEGORIES:
        path = f"{ROOT}category/{cat.lower()}/"
        chunk = [p for p in posts if p["category"] == cat]
        out.add(path, listing_page(f"Category: {cat}", path, chunk, posts, ""))
        out.listings.append(path)
    authors = sorted({a for p in posts for a in p["authors"]})
    for name in authors:
        path = f"{ROOT}author/{slugify(name)}/"
        chunk = [p for p in posts if name in p["authors"]]
        out.add(path, listing_page(f"Author: {name}", path, chunk, posts, ""))
        out.listings.append(path)


def _about(out: SiteOutput, cfg: dict[str, Any], posts: list[dict[str, Any]]) -> None:
    path = f"{ROOT}about/"
    paras = paragraphs(cfg["about"]["body"])
    content = "".join(f"<p>{esc(p)}</p>\n" for p in paras)
    main = (
        '<article class="page type-page"><header class="entry-header">'
        f'<h1 class="entry-title">{esc(cfg["about"]["headline"])}</h1></header>'
        f'<div class="entry-content">\n{content}</div></article>\n'
    )
    head = f'<link rel="canonical" href="{path}">\n'
    out.add(path, frame(cfg["about"]["headline"], head, main, posts, "page"))
    out.non_review.append(path)


STYLE = """body{font-family:Georgia,serif;margin:0;color:#222;background:#fafaf7}
.site{max-width:1100px;margin:0 auto;padding:0 1rem}
.site-header{border-bottom:1px solid #ddd;padding:1rem 0}
.site-title a{font-size:2rem;color:#111;text-decoration:none}
.main-navigation ul{list-style:none;padding:0;display:flex;gap:1rem}
.site-content{display:flex;gap:2rem}.site-main{flex:3}.widget-area{flex:1;font-size:.9rem}
figure{margin:1.5rem 0}figure img{max-width:100%;height:auto}
figcaption{font-size:.85rem;color:#666}
.comments-area{border-top:1px solid #ddd;margin-top:2rem}
.site-footer{border-top:1px solid #ddd;padding:1rem 0;font-size:.8rem;color:#666}
"""
