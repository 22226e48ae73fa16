"""Builds the demo review sites in ``demo/sites/`` from ``demo/content/``."""
