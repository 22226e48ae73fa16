"""The JSON Schemas in ``schemas/`` agree with the field declarations, and every
JSON file the tool writes about reviews is valid against its schema.

One review shape: ``scrapy extract``, a ``-O`` feed, the spool and
``reviews.jsonl`` write the same field names and nesting; reviews.jsonl adds
only the database's facts.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import ValidationError

from aggregator.db.spool import Spool
from aggregator.items import declarations, review_to_dict
from aggregator.review import build_review
from tests.conftest import ROOT, demo_site_file, run_scrapy
from tests.export.conftest import SCHEMAS, read_reviews, validator
from tests.factories import review

ITEM = SCHEMAS["item.schema.json"]["$defs"]
#: What reviews.jsonl adds to the review shape: the database's facts.
STORED_FACTS = {"id", "first_seen_at", "last_seen_at", "updated_at", "locations"}
#: The schema each value kind is written with.
KIND_SCHEMAS: dict[str, list[dict[str, Any]]] = {
    "str": [{"type": ["string", "null"]}],
    "text": [{"$ref": "#/$defs/text"}],
    "names": [{"$ref": "#/$defs/names"}],
    "int": [{"type": ["integer", "null"]}],
    "time": [{"$ref": "#/$defs/time_or_null"}],
    "score": [{"$ref": "#/$defs/score"}],
    "rating": [{"$ref": "#/$defs/content_rating"}],
    "map": [{"type": "object"}],
    "raw": [{"type": "object"}],
}


def declared_shape() -> tuple[dict[str, str], dict[str, str]]:
    """(top-level key -> kind, work key -> kind) as the declarations give them."""
    top: dict[str, str] = {}
    work: dict[str, str] = {}
    for f in declarations():
        kind, nested = f.metadata["kind"], f.metadata["work"]
        if kind == "none":
            continue
        if nested:
            top["work"] = "work"
            work[nested] = kind
        else:
            top[f.name] = kind
    return top, work


def instant(stamp: str | None) -> datetime | None:
    return datetime.fromisoformat(stamp).astimezone(UTC) if stamp else None


def schema_matches(kind: str, schema: dict[str, Any]) -> bool:
    core = {key: value for key, value in schema.items() if key in ("type", "$ref")}
    return core in KIND_SCHEMAS[kind]


def test_item_schema_is_the_declaration() -> None:
    top, work = declared_shape()
    review_def, work_def = ITEM["review"], ITEM["work"]
    assert list(review_def["properties"]) == list(top)
    assert review_def["required"] == list(top)
    assert list(work_def["properties"]) == list(work)
    assert work_def["required"] == list(work)
    for name, kind in [*top.items(), *work.items()]:
        if kind == "work":
            continue
        schema = review_def["properties"].get(name) or work_def["properties"][name]
        assert schema_matches(kind, schema), (name, kind, schema)


def test_export_schema_is_the_item_schema_with_stored_facts() -> None:
    schema = SCHEMAS["review.schema.json"]
    assert schema["$ref"] == "item.schema.json#/$defs/review"
    assert schema["unevaluatedProperties"] is False
    # Only the database's facts are added; fields it fills are merely narrowed.
    added = set(schema["properties"]) - set(ITEM["review"]["properties"])
    assert added == STORED_FACTS
    assert set(schema["properties"]["work"]["properties"]) == {"id"}


def test_review_lists_use_the_review_field_names() -> None:
    """works.json entries and the feeds' ``_review`` name fields as the review does."""
    top, _ = declared_shape()
    entry = SCHEMAS["work.schema.json"]["properties"]["reviews"]["items"]["properties"]
    extension = SCHEMAS["review-extension.schema.json"]["properties"]
    assert set(entry) - set(top) == {"id", "excerpt"}
    assert set(extension) <= set(top)
    assert "verdict" in entry
    assert "verdict" in extension


def test_item_schema_refuses_unknown_keys() -> None:
    data = review_to_dict(review())
    validator("item.schema.json").validate(data)
    for extra in ({"extra": 1}, {"work": {**data["work"], "extra": 1}}):
        with pytest.raises(ValidationError):
            validator("item.schema.json").validate(data | extra)


def test_spool_lines_are_items(tmp_path: Path) -> None:
    page = ROOT / "demo" / "sites" / "starcritic" / "reviews" / "dune-1984" / "index.html"
    item = build_review("http://127.0.0.1:8765/starcritic/reviews/dune-1984/", page.read_bytes())
    path = Spool(tmp_path).save([item, review()])
    for line in path.read_text("utf-8").splitlines():
        validator("item.schema.json").validate(json.loads(line))


def test_extract_prints_an_item() -> None:
    page = ROOT / "demo" / "sites" / "starcritic" / "reviews" / "dune-1984" / "index.html"
    url = "http://127.0.0.1:8765/starcritic/reviews/dune-1984/"
    result = run_scrapy("extract", str(page), "--url", url)
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout)
    validator("item.schema.json").validate(data)
    assert data["work"]["title"] == "Dune"


def test_crawl_feed_and_export_share_one_shape(tmp_path: Path, demo_server: str) -> None:
    """``scrapy crawl -O`` items and the exported reviews.jsonl lines: same keys,
    same nesting, same values, the export adding only the database's facts."""
    sites = demo_site_file(tmp_path, demo_server)
    env = {"AGGREGATOR_SITES": str(sites), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    feed = tmp_path / "items.jsonl"
    crawled = run_scrapy("crawl", "reviews", "-a", "site=starcritic", "-O", str(feed), env=env)
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    exported = run_scrapy("export", "--out", str(tmp_path / "exports"), env=env)
    assert exported.returncode == 0, exported.stderr[-3000:]

    items = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    records = {r["canonical_url"]: r for r in read_reviews(tmp_path / "exports")}
    assert items
    assert len(records) == len({item["canonical_url"] for item in items})
    for item in items:
        validator("item.schema.json").validate(item)
        record = records[item["canonical_url"]]
        validator("review.schema.json").validate(record)
        stored = {k: v for k, v in record.items() if k not in STORED_FACTS}
        stored["work"] = {k: v for k, v in record["work"].items() if k != "id"}
        # The export's crawl time is the last fetch, taken by the database; its
        # times are in UTC, the item's in the page's own zone.
        assert instant(stored["published_at"]) == instant(item["published_at"])
        same = {"crawled_at": None, "published_at": None}
        assert stored | same == item | same
