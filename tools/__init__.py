"""Development tools run from the repository folder (``python -m tools.evaluate``)."""
