"""A batch decides exactly as its reviews would one by one.

The store reads a batch's stored rows at once and decides in memory; these
tests write the same reviews once as one batch and once one review per batch,
into two databases, and compare everything identity depends on.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import aliased

from aggregator.db.engine import make_engine, upgrade_to_head
from aggregator.db.models import (
    Critic,
    Person,
    Review,
    ReviewBand,
    ReviewCritic,
    ReviewLocation,
    ReviewVersion,
    Work,
    WorkCredit,
)
from aggregator.db.store import BatchResult, ReviewStore
from aggregator.items import ReviewItem
from aggregator.normalize import Score
from tests.factories import review

WIRE = " ".join(f"word{n} and the film's {n % 7} scenes" for n in range(40))
ESSAY = " ".join(f"another critic writes {n} different things" for n in range(40))


def first_round() -> list[ReviewItem]:
    """New reviews that meet each other inside the batch."""
    return [
        review("wire-a", site="a", work_title="Dune", body_text=WIRE),
        review("wire-b", site="b", work_title="DUNE", body_text=WIRE),  # exact copy
        review("wire-c", site="c", work_title="Dune", body_text=WIRE + " Extra words."),  # near
        review("tar", work_title="Tár", work_year=None, cast=["Cate Blanchett"], directors=[]),
        review("tar-2", work_title="Tar", work_year=2022, cast=["Cate Blanchett"], directors=[]),
        review("dune-p1", work_title="Dune: Part One", body_text=ESSAY),
        review("dune-84", work_title="Dune", work_year=1984, directors=["David Lynch"], cast=[]),
        review("short", work_title="Dune", body_text="Listen to the review above."),
        review(
            "short-2", work_title="Dune", body_text="Listen to the review above."
        ),  # too short to match
        review("credits", work_title="Dune", authors=["Ann Critic", "ann critic", "Bo Critic"]),
    ]


def second_round() -> list[ReviewItem]:
    """Re-crawls: unchanged, changed, a known copy's URL, and new reviews copying them."""
    changed = ESSAY + " A corrected last line."
    return [
        review("wire-b", site="b", work_title="DUNE", body_text=WIRE),  # a copy's URL
        review("dune-p1", work_title="Dune: Part One", body_text=changed),  # updated text
        review("dune-p1-copy", site="d", work_title="Dune", body_text=changed),  # copies it
        review("tar", work_title="Tár", work_year=None, cast=["Cate Blanchett"], directors=[]),
        review("dune-84", work_title="Dune", work_year=1984, score=Score("1/5", 20.0, 5.0)),
        review("new", work_title="Dune", work_year=2021, body_text=ESSAY),  # the old text
    ]


def fresh(folder: Path) -> Engine:
    engine = make_engine(f"sqlite:///{folder / 'reviews.db'}")
    upgrade_to_head(engine)
    return engine


def snapshot(engine: Engine) -> dict[str, Any]:
    """Identity as public ids and keys, which do not depend on row ids."""
    target = aliased(Review)
    queries = {
        "reviews": select(
            Review.canonical_url, Review.public_id, Review.text_key, Review.score_value,
            Work.public_id, Work.key,
        ).outerjoin(Work, Work.id == Review.work_id),
        "locations": select(
            ReviewLocation.canonical_url, target.canonical_url, ReviewLocation.reason,
            ReviewLocation.similarity,
        ).join(target, target.id == ReviewLocation.review_id),
        "works": select(Work.public_id, Work.key, Work.title, Work.year),
        "credits": select(Work.key, Person.key, Person.name, WorkCredit.role)
        .join(Work, Work.id == WorkCredit.work_id)
        .join(Person, Person.id == WorkCredit.person_id),
        "critics": select(Review.canonical_url, Critic.key, Critic.name)
        .join(ReviewCritic, ReviewCritic.review_id == Review.id)
        .join(Critic, Critic.id == ReviewCritic.critic_id),
        "bands": select(Review.canonical_url, func.count(ReviewBand.band))
        .join(ReviewBand, ReviewBand.review_id == Review.id)
        .group_by(Review.canonical_url),
        "versions": select(Review.canonical_url, ReviewVersion.content_digest).join(
            ReviewVersion, ReviewVersion.review_id == Review.id
        ),
    }  # fmt: skip
    with engine.connect() as connection:
        return {name: sorted(map(tuple, connection.execute(q))) for name, q in queries.items()}


def test_one_batch_decides_as_one_review_at_a_time(tmp_path: Path) -> None:
    batched, single = fresh(tmp_path / "batched"), fresh(tmp_path / "single")
    totals = []
    for items in (first_round(), second_round()):
        whole = ReviewStore(batched).write(items)
        one_by_one = BatchResult()
        for item in items:
            one_by_one.add(ReviewStore(single).write([item]))
        assert whole == one_by_one
        assert snapshot(batched) == snapshot(single)
        totals.append(whole)
    assert totals[0] == BatchResult(new=8, duplicate=Counter(exact_text=1, near_text=1))
    # "new" carries dune-p1's old text: a near copy of its corrected text, stored just before.
    assert totals[1] == BatchResult(
        updated=2, unchanged=2, duplicate=Counter(exact_text=1, near_text=1)
    )
    batched.dispose()
    single.dispose()


def test_reviews_of_one_batch_dedupe_among_themselves(engine: Engine) -> None:
    result = ReviewStore(engine).write(first_round())
    assert result.duplicate == {"exact_text": 1, "near_text": 1}
    state = snapshot(engine)
    located = {(url, reason) for url, _, reason, _ in state["locations"]}
    assert located == {
        ("https://critic.example/reviews/wire-b", "exact_text"),
        ("https://critic.example/reviews/wire-c", "near_text"),
    }
    works = {key for *_, key in state["reviews"]}
    # Tár learnt its year from the second review; Dune 1984 stays apart from Dune 2021.
    assert works == {"movie|tar|2022", "movie|dune|2021", "movie|dune|1984"}
    critics = [(url.rsplit("/", 1)[1], key) for url, key, _ in state["critics"]]
    assert ("credits", "ann critic") in critics
    assert ("credits", "bo critic") in critics
