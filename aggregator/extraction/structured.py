"""Schema.org items out of a page: JSON-LD blocks, microdata and RDFa.

Every syntax is turned into the same plain shape, JSON-LD's (``{"@type": "Review",
"author": {...}}``), so that :mod:`aggregator.extraction.schemaorg` reads them
all alike. Each source is parsed from the page's shared lxml tree.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from extruct.w3cmicrodata import MicrodataExtractor

from aggregator.extraction.candidates import Candidates, merge
from aggregator.extraction.page import Page
from aggregator.extraction.schemaorg import ARTICLE_TYPES, REVIEW_TYPES, WORK_TYPES, summarize

logger = logging.getLogger(__name__)

Item = dict[str, Any]
Reader = Callable[[Page], Iterator[Item]]


@dataclass(frozen=True)
class StructuredData:
    """What the structured data says, and the (syntax, type) pairs it declares."""

    candidates: Candidates
    types: tuple[tuple[str, str], ...]
    review_count: int


def structured_data(page: Page) -> StructuredData:
    readers: list[tuple[str, Reader]] = [("jsonld", jsonld_items), ("microdata", microdata_items)]
    if _has_rdfa_items(page):
        readers.append(("rdfa", rdfa_items))
    summaries = [
        (source, summarize(_safely(source, reader, page), source, page.url))
        for source, reader in readers
    ]
    types = tuple(dict.fromkeys((source, t) for source, s in summaries for t in s.types))
    return StructuredData(
        candidates=merge(*(s.candidates for _, s in summaries)),
        types=types,
        review_count=max((s.review_count for _, s in summaries), default=0),
    )


def _has_rdfa_items(page: Page) -> bool:
    """RDFa costs a second parse and rdflib (tens of ms on a large page): run it only
    when some ``typeof`` names a type this layer reads."""
    wanted = REVIEW_TYPES | WORK_TYPES | ARTICLE_TYPES
    for declared in page.tree.xpath("//@typeof"):
        if any(re.split(r"[/#:]", token)[-1] in wanted for token in str(declared).split()):
            return True
    return False


def _safely(source: str, reader: Reader, page: Page) -> list[Item]:
    # One syntax failing (extruct or rdflib raising on odd markup) costs only its items.
    try:
        return list(reader(page))
    except Exception as exc:
        logger.warning("%s extraction failed for %s: %s", source, page.url, exc)
        logger.debug("%s extraction failed for %s", source, page.url, exc_info=True)
        return []


# --- JSON-LD -----------------------------------------------------------------

_TRAILING_COMMA = re.compile(r",\s*([\]}])")
# "//" after a delimiter starts a comment; after ":" it is a URL ("https://").
_LINE_COMMENT = re.compile(r"(?:^|(?<=[\s,\[{]))//[^\n]*", re.MULTILINE)
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/|<!--|-->|<!\[CDATA\[|\]\]>", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def jsonld_items(page: Page) -> Iterator[Item]:
    """Items of every ``application/ld+json`` block; a broken block loses only itself."""
    for script in page.tree.iter("script"):
        if (script.get("type") or "").split(";")[0].strip().lower() != "application/ld+json":
            continue
        data = parse_json_lenient(script.text or "")
        if data is None:
            logger.debug("unreadable JSON-LD block on %s", page.url)
            continue
        yield from flatten(data)


def parse_json_lenient(text: str) -> Any:
    """JSON as sites write it: trailing commas, comments, entities, raw control characters.

    >>> parse_json_lenient('{"a": [1, 2,], // note\\n "b": "x &amp; y",}')
    {'a': [1, 2], 'b': 'x & y'}
    >>> parse_json_lenient('{"a": ') is None
    True
    """
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    repaired = _BLOCK_COMMENT.sub("", _LINE_COMMENT.sub("", text))
    repaired = _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", html.unescape(repaired)))
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        return None


def flatten(data: Any) -> Iterator[Item]:
    """Top-level items: lists and ``@graph`` containers opened up."""
    if isinstance(data, list):
        for element in data:
            yield from flatten(element)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, (list, dict)):
            yield from flatten(graph)
        if "@type" in data:
            yield data


# --- microdata ---------------------------------------------------------------


def microdata_items(page: Page) -> Iterator[Item]:
    for item in MicrodataExtractor().extract_items(page.tree, page.url):
        if isinstance(item, dict):
            yield _from_microdata(item)


def _from_microdata(item: Item) -> Item:
    converted: Item = {"@type": item.get("type", "")}
    for name, value in (item.get("properties") or {}).items():
        converted[name] = _microdata_value(value)
    return converted


def _microdata_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_microdata_value(v) for v in value]
    if isinstance(value, dict) and ("properties" in value or "type" in value):
        return _from_microdata(value)
    return value


# --- RDFa --------------------------------------------------------------------


def rdfa_items(page: Page) -> Iterator[Item]:
    """RDFa through extruct; it needs its own DOM parse, so only run on RDFa pages."""
    # Imported here: rdflib is slow to import and most pages have no RDFa.
    from extruct.rdfa import RDFaExtractor
    from extruct.utils import parse_xmldom_html

    document = parse_xmldom_html(page.text.encode("utf-8"), encoding="utf-8")
    nodes = RDFaExtractor().extract_items(document, base_url=page.url)
    by_id = {node.get("@id"): node for node in nodes if isinstance(node, dict)}
    for node in by_id.values():
        if node.get("@type"):
            yield _from_expanded(node, by_id, depth=0)


def _from_expanded(node: Item, by_id: dict[Any, Item], depth: int) -> Item:
    item: Item = {"@type": [_local(t) for t in node.get("@type", [])]}
    for key, values in node.items():
        if key.startswith("@") or not isinstance(values, list):
            continue
        item[_local(key)] = [_expanded_value(v, by_id, depth) for v in values]
    return item


def _expanded_value(value: Any, by_id: dict[Any, Item], depth: int) -> Any:
    if not isinstance(value, dict):
        return value
    if "@value" in value:
        return value["@value"]
    target = by_id.get(value.get("@id"))
    if target is not None and depth < 4:  # references may form cycles
        return _from_expanded(target, by_id, depth + 1)
    return value.get("@id")


def _local(uri: str) -> str:
    return re.split(r"[/#]", uri)[-1] if "://" in uri else uri
