"""Exports: the database as files a web page, feed reader or notebook can take as they are.

``reviews.jsonl`` (one review a line), ``works.json`` (one entry per work with
aggregates) and JSON Feeds per site and per work; ``schemas/`` documents and
validates each shape.
"""

from aggregator.exports.feeds import FeedOptions
from aggregator.exports.queries import ExportError, Scope
from aggregator.exports.run import ExportOptions, ExportSummary, export_all

__all__ = ["ExportError", "ExportOptions", "ExportSummary", "FeedOptions", "Scope", "export_all"]
