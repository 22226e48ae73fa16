"""Packaging for Scrapyd: ``scrapyd-deploy`` builds an egg with this file.

The project is run from a checkout (``make demo``, cron); this file exists so
that the egg carries exactly the code a Scrapyd job needs: the ``aggregator``
package (its Alembic migrations included) and the item pipelines.
"""

from setuptools import find_packages, setup

# Name, version and the Scrapy entry point come from pyproject.toml.
setup(
    packages=find_packages(include=["aggregator", "aggregator.*", "pipelines", "pipelines.*"]),
    package_data={"aggregator.migrations": ["script.py.mako"], "aggregator": ["py.typed"]},
    zip_safe=True,
)
