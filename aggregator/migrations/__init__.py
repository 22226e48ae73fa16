"""Alembic migrations of the review database, shipped inside the package.

They live in the package (not beside it) so that an installed copy or a
Scrapyd egg can bring a database to the newest schema on start.
"""
