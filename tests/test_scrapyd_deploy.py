"""The Scrapyd deployment path: the egg ``scrapyd-deploy`` builds runs a crawl on its own.

scrapyd-deploy runs ``python setup.py bdist_egg``; Scrapyd puts the zipped egg
on ``sys.path``, sets ``SCRAPY_SETTINGS_MODULE`` from the egg's ``scrapy``
entry point and runs ``scrapy crawl`` in a folder of its own. Both steps are
done here the same way, away from the checkout, so that nothing the egg lacks
(the migrations, above all) can come from the source tree.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.mockserver.demo import ROOT, demo_site_file

pytestmark = pytest.mark.crawl

#: What setup.py needs to build the egg (pyproject.toml names the readme).
PROJECT_FILES = ("setup.py", "pyproject.toml", "README.md", "scrapy.cfg")
PACKAGES = ("aggregator", "pipelines")


def build_egg(source: Path, out: Path) -> Path:
    """The egg, built as scrapyd-deploy builds it (``setup.py clean -a``, ``bdist_egg``)."""
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    for command in (["clean", "-a"], ["bdist_egg", "-d", str(out)]):
        subprocess.run(
            [sys.executable, "setup.py", *command],
            cwd=source,
            check=True,
            capture_output=True,
            timeout=120,
        )
    (egg,) = out.glob("*.egg")
    return egg


def settings_module(egg: Path) -> str:
    """The settings module Scrapyd reads off the egg's ``scrapy`` entry point."""
    with zipfile.ZipFile(egg) as archive:
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    lines = entry_points.split("[scrapy]", 1)[1].strip().splitlines()
    return lines[0].split("=", 1)[1].strip()


def test_the_egg_carries_the_migrations_and_the_settings_entry_point(tmp_path: Path) -> None:
    source, out = tmp_path / "source", tmp_path / "dist"
    source.mkdir()
    egg = build_egg(source, out)
    names = set(zipfile.ZipFile(egg).namelist())
    assert "aggregator/migrations/env.py" in names
    assert any(name.startswith("aggregator/migrations/versions/0001") for name in names)
    assert "pipelines/storage.py" in names
    assert not any(name.startswith(("tests/", "demo/", "benchmarks/")) for name in names)
    assert settings_module(egg) == "aggregator.settings"


def test_a_job_run_from_the_egg_creates_the_schema_and_stores_reviews(
    tmp_path: Path, demo_server: str
) -> None:
    source, out, jobdir = tmp_path / "source", tmp_path / "dist", tmp_path / "job"
    for folder in (source, jobdir):
        folder.mkdir()
    egg = build_egg(source, out)
    sites = demo_site_file(tmp_path, demo_server)
    database = tmp_path / "reviews.db"
    env = {
        **os.environ,
        "PYTHONPATH": str(egg),
        "SCRAPY_SETTINGS_MODULE": settings_module(egg),
    }
    env.pop("DATABASE_URL", None)
    job = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "reviews",
            "-a",
            "site=starcritic",
            "-s",
            f"SITES_FILE={sites}",
            "-s",
            f"DATABASE_URL=sqlite:///{database}",
            "-s",
            f"SPOOL_DIR={tmp_path / 'spool'}",
        ],
        cwd=jobdir,  # Scrapyd's own folder: no checkout, no scrapy.cfg
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert job.returncode == 0, job.stderr[-3000:]
    assert "Traceback" not in job.stderr
    with sqlite3.connect(database) as connection:
        (head,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        (reviews,) = connection.execute("SELECT count(*) FROM reviews").fetchone()
    newest = sorted((ROOT / "aggregator" / "migrations" / "versions").glob("0*.py"))[-1]
    assert newest.name.startswith(head[:4]) or head in newest.read_text(encoding="utf-8")
    assert reviews == 12
