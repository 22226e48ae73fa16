"""Crawl runs: what each run of a site did (record), how it is shown (report, console)."""
