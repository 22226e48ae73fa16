"""Item pipelines: page-kind filter, deduplication and storage."""
