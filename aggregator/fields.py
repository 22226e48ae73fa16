"""The review fields that extraction can fill and site selectors can override."""

#: Fields that extraction layers may offer candidates for.
FIELDS = (
    "canonical_url",
    "headline",
    "authors",
    "publication",
    "published_at",
    "language",
    "score",
    "work_type",
    "work_title",
    "work_year",
    "runtime_minutes",
    "content_rating",
    "cast",
    "directors",
    "platforms",
    "genres",
    "body_text",
    "summary",
)
