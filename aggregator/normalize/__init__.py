"""Normalisation of extracted review values: pure, typed processors.

Every function returns ``None`` (or an empty list) for input it cannot read
and never raises on text, so each can be used on its own or in an item
loader's ``MapCompose``.
"""

from aggregator.normalize.bylines import split_authors
from aggregator.normalize.cleaning import clean_body, clean_text
from aggregator.normalize.dates import parse_date
from aggregator.normalize.languages import parse_language
from aggregator.normalize.lists import split_list
from aggregator.normalize.people import split_people
from aggregator.normalize.ratings import ContentRating, parse_content_rating
from aggregator.normalize.runtime import parse_runtime
from aggregator.normalize.scores import Score, parse_score
from aggregator.normalize.titles import parse_year, split_title_year
from aggregator.normalize.works import parse_work_type

__all__ = [
    "ContentRating",
    "Score",
    "clean_body",
    "clean_text",
    "parse_content_rating",
    "parse_date",
    "parse_language",
    "parse_runtime",
    "parse_score",
    "parse_work_type",
    "parse_year",
    "split_authors",
    "split_list",
    "split_people",
    "split_title_year",
]
