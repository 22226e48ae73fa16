"""Review aggregation pipeline built on Scrapy."""
