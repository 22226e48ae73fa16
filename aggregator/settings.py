"""Scrapy settings for the review aggregator: every default, and what each must hold.

Everything here can be overridden per run (``-s NAME=VALUE``), and the
settings named in ``aggregator.sites.SITE_SETTINGS`` per site in the site file
(``[sites.settings]``). The ``rules`` table at the end says what each of the
project's own settings must hold; commands check it once before they start.
"""

import os

from aggregator.redact import install as _hide_passwords_in_logs
from aggregator.setting_rules import Rule

_hide_passwords_in_logs()

BOT_NAME = "aggregator"
SPIDER_MODULES = ["aggregator.spiders"]
NEWSPIDER_MODULE = "aggregator.spiders"
COMMANDS_MODULE = "aggregator.commands"

# --- where things are -------------------------------------------------------
#: The site file; else $AGGREGATOR_SITES, else sites.toml.
SITES_FILE = None
#: SQLAlchemy URL; else $DATABASE_URL, else sqlite:///data/aggregator.db.
DATABASE_URL = None
#: Where `scrapy export` writes, and where a crawl's undeliverable batches wait.
EXPORT_DIR = "exports"
SPOOL_DIR = "data/spool"

#: Exports: a work needs this many scored reviews for an aggregate score.
EXPORT_MIN_SCORED_REVIEWS = 3
#: Public URL where the export folder is served (gives JSON Feeds their feed_url).
EXPORT_FEED_BASE_URL = None
#: Most items in one JSON Feed (newest first).
EXPORT_FEED_ITEMS = 100
#: `scrapy crawlall` writes the exports when the crawl ends (same as --export).
EXPORT_AFTER_CRAWL = False

# --- storage ----------------------------------------------------------------
#: Reviews per database transaction, and the longest a review waits in memory.
DB_BATCH_SIZE = 100
DB_FLUSH_SECONDS = 5.0
#: A batch the database refuses (down, locked, full) is tried DB_RETRY_ATTEMPTS
#: times, waiting DB_RETRY_BACKOFF times the attempt number in between, then
#: spooled to disk for the next run. (A race lost to another writer is retried
#: at once by the store instead, aggregator.db.store.RACE_ATTEMPTS.)
DB_RETRY_ATTEMPTS = 3
DB_RETRY_BACKOFF = 1.0

# --- politeness -------------------------------------------------------------
USER_AGENT = "review-aggregator/0.1 (+https://github.com/review-aggregator/review-aggregator)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
#: Review pages are small; refuse runaway downloads.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

# --- unattended runs (scrapy crawlall) ---------------------------------------
#: One crawl per database at a time (file lock next to SQLite, advisory lock on
#: PostgreSQL); a second run exits with status 3.
CRAWL_LOCK = True
#: A stored review page is not fetched again for this many days (per site:
#: [sites.settings] RECRAWL_AFTER_DAYS); after that, with a conditional request.
RECRAWL_AFTER_DAYS = 7.0
#: Fetch every review page again, ignoring what is stored (crawlall --full).
RECRAWL_FULL = False
#: List what would be fetched; fetch only listings, store nothing (crawlall --dry-run).
DRY_RUN = False
#: A field's coverage this many points under the median of the site's last
#: COVERAGE_ALARM_RUNS runs raises a broken-selector alarm (per site too);
#: runs storing fewer than COVERAGE_ALARM_MIN_REVIEWS reviews are not judged.
COVERAGE_ALARM_POINTS = 20.0
COVERAGE_ALARM_RUNS = 5
COVERAGE_ALARM_MIN_REVIEWS = 5
#: Shell command run with the run summary on stdin when a run fails or alarms.
NOTIFY_COMMAND = None
#: Live progress display: "auto" (on a terminal), "on", "off".
PROGRESS = "auto"
#: LOG_FILE is rotated at the start of a run once it is this big, keeping this many old files.
LOG_FILE_MAX_BYTES = 10 * 1024 * 1024
LOG_FILE_BACKUPS = 5

DOWNLOADER_MIDDLEWARES = {
    # Before Scrapy's retry (550): it decides which stored pages to request at all.
    "aggregator.recrawl.RecrawlMiddleware": 580,
    # Around Scrapy's redirects (600) and retry (550): one warning line and a
    # download_failed/<reason> counter per page that failed for good.
    "aggregator.faults.RedirectLoopMiddleware": 610,
    "aggregator.faults.RetryAfterMiddleware": 560,
    "aggregator.faults.FailedDownloadMiddleware": 540,
}
#: aggregator.faults writes the one warning line for a page retry gave up on.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
#: Longest Retry-After (seconds) waited for; a server asking for more is not retried.
RETRY_AFTER_MAX = 60.0
EXTENSIONS = {
    "aggregator.progress.ProgressExtension": 500,
}

#: One download per canonical URL (tracking parameters, AMP variants folded).
REQUEST_FINGERPRINTER_CLASS = "aggregator.request_fingerprint.CanonicalUrlFingerprinter"

ITEM_PIPELINES = {
    "pipelines.validate.ReviewPagePipeline": 100,
    "pipelines.dedupe.DuplicateUrlPipeline": 200,
    "pipelines.storage.DatabasePipeline": 800,
}

FEED_EXPORTERS = {
    "jsonlines": "aggregator.exporters.ReviewJsonLinesExporter",
    "jsonl": "aggregator.exporters.ReviewJsonLinesExporter",
    "json": "aggregator.exporters.ReviewJsonExporter",
}
FEED_EXPORT_ENCODING = "utf-8"

# --- extraction -------------------------------------------------------------
#: Worker processes extracting review pages, one per core; 0 extracts in the
#: crawl's own process (for debugging: breakpoints, profiles).
EXTRACT_WORKERS = os.cpu_count() or 1
#: The workers start with the crawl's review page after this many: starting them
#: costs about a second of CPU each, more than a small crawl's pages in-process.
EXTRACT_WORKERS_AFTER = 20

#: A page yields one item at most (and a listing's requests), so items are
#: taken one at a time: Scrapy starts this many asyncio tasks for every
#: response, and the default of 100 cost 3-4 ms of the crawl process per page.
CONCURRENT_ITEMS = 1

# --- several workers, one crawl (scrapy-redis) -------------------------------
#: Redis URL (else $REDIS_URL): workers of a site share one request queue and
#: one seen-set there. Unset: one process, Scrapy's own scheduler.
REDIS_URL = None
#: Prefix of every Redis key (P:SITE:requests, P:SITE:seen, ...).
REDIS_KEY_PREFIX = "aggregator"
#: A worker that stops refreshing its busy/idle mark for this long counts as gone.
REDIS_WORKER_TTL = 30
#: How often a worker with nothing to do looks at the shared queue, in seconds
#: (Scrapy's own engine looks only every five).
REDIS_IDLE_POLL = 0.5
ADDONS = {"aggregator.distributed.addon.Distributed": 0}

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False

# --- what each of our settings must hold ---------------------------------------
#: Checked once, before a command starts (aggregator.setting_rules): a value
#: outside its rule ends the command with one line and status 2. Lower case, so
#: Scrapy does not take the table for a setting.
rules: dict[str, Rule] = {
    "SITES_FILE": Rule.text(optional=True),
    "DATABASE_URL": Rule.text(optional=True),
    "EXPORT_DIR": Rule.text(),
    "SPOOL_DIR": Rule.text(),
    "EXPORT_MIN_SCORED_REVIEWS": Rule.whole(0),
    "EXPORT_FEED_BASE_URL": Rule.text(optional=True),
    "EXPORT_FEED_ITEMS": Rule.whole(1),
    "EXPORT_AFTER_CRAWL": Rule.flag(),
    "DB_BATCH_SIZE": Rule.whole(1),
    "DB_FLUSH_SECONDS": Rule.number(0, above=True),
    "DB_RETRY_ATTEMPTS": Rule.whole(1),
    "DB_RETRY_BACKOFF": Rule.number(0),
    "CRAWL_LOCK": Rule.flag(),
    "RECRAWL_AFTER_DAYS": Rule.number(0),
    "RECRAWL_FULL": Rule.flag(),
    "DRY_RUN": Rule.flag(),
    "COVERAGE_ALARM_POINTS": Rule.number(0),
    "COVERAGE_ALARM_RUNS": Rule.whole(1),
    "COVERAGE_ALARM_MIN_REVIEWS": Rule.whole(0),
    "NOTIFY_COMMAND": Rule.text(optional=True),
    "PROGRESS": Rule.one_of("auto", "on", "off"),
    "LOG_FILE_MAX_BYTES": Rule.whole(0),
    "LOG_FILE_BACKUPS": Rule.whole(0),
    "RETRY_AFTER_MAX": Rule.number(0),
    "EXTRACT_WORKERS": Rule.whole(0),
    "EXTRACT_WORKERS_AFTER": Rule.whole(0),
    "REDIS_URL": Rule.text(optional=True),
    "REDIS_KEY_PREFIX": Rule.text(),
    "REDIS_WORKER_TTL": Rule.whole(1),
    "REDIS_IDLE_POLL": Rule.number(0, above=True),
    # Scrapy's own settings a site may set for itself (aggregator.sites.SITE_SETTINGS):
    # the site file is checked against these too, before anything runs.
    "DOWNLOAD_DELAY": Rule.number(0),
    "CONCURRENT_REQUESTS": Rule.whole(1),
    "CONCURRENT_REQUESTS_PER_DOMAIN": Rule.whole(1),
    "AUTOTHROTTLE_ENABLED": Rule.flag(),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": Rule.number(0, above=True),
    "ROBOTSTXT_OBEY": Rule.flag(),
    "DEPTH_LIMIT": Rule.whole(0),
    "CLOSESPIDER_PAGECOUNT": Rule.whole(0),
    "CLOSESPIDER_ITEMCOUNT": Rule.whole(0),
    "USER_AGENT": Rule.text(),
    "DOWNLOAD_TIMEOUT": Rule.number(0, above=True),
}
