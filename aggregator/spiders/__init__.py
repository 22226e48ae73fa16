"""Spiders: which URLs to follow and which pages are reviews; nothing else."""
