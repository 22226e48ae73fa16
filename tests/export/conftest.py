"""Export test fixtures: databases built from items, and the shipped JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from sqlalchemy import Engine

from aggregator.exports import ExportOptions, ExportSummary, export_all
from tests.conftest import ROOT

SCHEMAS = {
    path.name: json.loads(path.read_text("utf-8")) for path in (ROOT / "schemas").glob("*.json")
}
REGISTRY: Registry[Any] = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in SCHEMAS.values()
)


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(SCHEMAS[name], registry=REGISTRY)


@pytest.fixture
def export(engine: Engine, tmp_path: Path) -> Any:
    """``export(**options)`` writes to tmp_path/exports and returns its summary."""

    def run(out: Path = tmp_path / "exports", **options: Any) -> ExportSummary:
        return export_all(engine, out, ExportOptions(**options))

    return run


def read_works(folder: Path) -> dict[str, dict[str, Any]]:
    works = json.loads((folder / "works.json").read_text("utf-8"))
    return {work["title"]: work for work in works}


def read_reviews(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "reviews.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def validate_folder(folder: Path) -> None:
    """Every export file against its schema (raises on the first error)."""
    works, reviews, feeds = (
        validator("work.schema.json"),
        validator("review.schema.json"),
        validator("feed.schema.json"),
    )
    for work in json.loads((folder / "works.json").read_text("utf-8")):
        works.validate(work)
    for review in read_reviews(folder):
        reviews.validate(review)
    for path in (folder / "feeds").rglob("*.json"):
        feeds.validate(json.loads(path.read_text("utf-8")))
