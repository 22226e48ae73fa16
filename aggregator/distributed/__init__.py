"""Several crawl workers sharing one crawl through Redis (scrapy-redis).

With ``REDIS_URL`` set, :mod:`.addon` switches Scrapy's scheduler and duplicate
filter to scrapy-redis ones keyed per site, so every worker of a site pops from
one request queue and checks one seen-set; :mod:`.crawl` keeps the state of a
shared crawl (who started it, which workers are busy) and :mod:`.presence`
keeps a worker open while others may still add requests.
"""
