"""Extraction: a page's candidate values for each review field, layer by layer."""

from aggregator.extraction.extract import Extraction, extract
from aggregator.extraction.pagekind import PageKind

__all__ = ["Extraction", "PageKind", "extract"]
