"""The review fields that extraction can fill and site selectors can override.

Derived from the field declarations in :mod:`aggregator.items`.
"""

from aggregator.items import names

#: Fields that extraction layers may offer candidates for.
FIELDS = names(offered=True)
