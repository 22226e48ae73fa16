"""Local HTTP servers the crawl tests talk to (127.0.0.1, a free port each).

* :mod:`tests.mockserver.demo`: the bundled demo sites, served by
  ``demo/server.py`` in a subprocess, once per test session.
* :mod:`tests.mockserver.site`: a review site in a thread whose pages a test
  changes between crawls (conditional requests, failures, slow answers).
* :mod:`tests.mockserver.faults`: a site whose pages fail in every way a server can.
* :mod:`tests.mockserver.ports`: an address that refuses connections.
"""
